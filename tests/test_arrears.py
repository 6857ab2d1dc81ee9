"""Entitlements and arrears (#15): what a 离休 cadre is owed month by month under the
parameters in force, set against the payments ledger."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from laoganbu import Cadre, LifeEvent, Locality, PartialDate, Payment, Roster, Transfer
from laoganbu.cli import main
from laoganbu.models.enums import PaymentKind
from laoganbu.money import arrears, entitlement_frame, entitlements_of
from laoganbu.testing import sample_folder, sample_roster


def lixiu(cid: str, joined: str, care: str | None = None, **extra: object) -> Cadre:
    return Cadre.model_validate(
        {"id": cid, "name": "某", "sex": "男", "birth_date": "1928.01", "kind": "离休",
         "work_start": joined, "health": {"care_level": care}, **extra}
    )  # fmt: skip


def by_kind(found: list) -> dict[PaymentKind, Decimal | None]:  # type: ignore[type-arg]
    return {e.kind: e.amount for e in found}


@pytest.mark.parametrize(
    ("joined", "fee"),
    [("1936.05", "800"), ("1940.03", "400"), ("1944.05", "400"), ("1948.03", "200")],
)
def test_the_nursing_fee_follows_the_period(joined: str, fee: str) -> None:
    owed = by_kind(entitlements_of(lixiu("C1", joined), "2026-03"))
    assert owed[PaymentKind.NURSING_FEE] == Decimal(fee)
    assert owed[PaymentKind.LIXIU_PAY] is None  # no 基本离休费 given: due, amount unknown
    assert PaymentKind.LIVING_ALLOWANCE not in owed  # only in December


def test_fully_dependent_instead_of_the_period_fee_and_the_yearly_allowance() -> None:
    owed = by_kind(entitlements_of(lixiu("C1", "1948.03", "完全不能自理"), "2026-12", base="6000"))
    assert owed[PaymentKind.NURSING_FEE] == Decimal("2500")
    assert owed[PaymentKind.LIXIU_PAY] == Decimal("6000")
    assert owed[PaymentKind.LIVING_ALLOWANCE] == Decimal("6000.00")  # 1 month (解放战争)
    red = by_kind(entitlements_of(lixiu("C2", "1936.05"), "2026-12", base="7000.50"))
    assert red[PaymentKind.LIVING_ALLOWANCE] == Decimal("21001.50")  # 3 months


def test_a_joining_month_on_a_boundary_leaves_the_fee_unknown() -> None:
    (_pay, fee) = entitlements_of(lixiu("C1", "1945.09"), "2026-03")
    assert fee.kind is PaymentKind.NURSING_FEE and fee.amount is None
    assert "需具体日期" in str(fee.explain())
    assert entitlements_of(Cadre.model_validate(
        {"id": "C9", "name": "某", "sex": "男", "birth_date": "1950.01", "kind": "退休"}
    ), "2026-03") == []  # fmt: skip


def test_the_frame_agrees_with_the_rule_for_every_cadre_and_month() -> None:
    from laoganbu.dates import PartialDate

    roster = sample_roster()
    place = Locality("140823")
    lixiu_ids = [c.id for c in roster.cadres if c.kind.value == "lixiu"]
    # Some with a 基本离休费 (odd fen: 生活补贴 of 2.5 months rounds half up), some without.
    bases = {cid: f"{7000 + n}.{n % 100:02d}" for n, cid in enumerate(lixiu_ids[::2])}
    frame = entitlement_frame(
        roster, "2025-01..2026-12", as_of="2026-12-31", locality=place, bases=bases
    )
    assert frame.height > 500 and frame["due_fen"].null_count() > 0
    cadres = {c.id: c for c in roster.cadres}
    for cid, kind, month, due in frame.rows():
        found = by_kind(entitlements_of(
            cadres[cid], PartialDate.from_month_index(month), base=bases.get(cid), params=place
        ))  # fmt: skip
        amount = found[PaymentKind(kind)]
        assert (None if amount is None else int(amount * 100)) == due, (cid, kind, month)
    expected = sum(len(entitlements_of(c, PartialDate.from_month_index(mi), params=place))
                   for c in roster.cadres if c.kind.value != "tuixiu"
                   for mi in range(2025 * 12, 2027 * 12)
                   if roster.in_care_on(c, PartialDate.from_month_index(mi).first_day))  # fmt: skip
    assert frame.height == expected


def pay(pid: str, cid: str, kind: str, start: str, amount: str, end: str | None = None) -> Payment:
    return Payment(id=pid, cadre_id=cid, kind=kind, period_from=start, period_to=end,
                   amount=amount, source="财政", paid_on=start + "-05")  # fmt: skip


def test_short_unpaid_spread_and_what_ends_the_entitlement() -> None:
    roster = Roster(
        cadres=(lixiu("A", "1948.03"), lixiu("B", "1948.03"), lixiu("C", "1948.03")),
        life_events=(LifeEvent(id="E1", cadre_id="B", kind="去世", date="2026-03-10"),),
        transfers=(Transfer(id="T1", cadre_id="C", direction="转出", kind="管理服务关系转移",
                            date="2026-02-15", counterpart="某市委老干部局"),),
    )  # fmt: skip
    payments = [
        pay("P1", "A", "离休费", "2026-01", "18000", end="2026-03"),  # a quarter in one
        pay("P2", "A", "护理费", "2026-01", "200"),
        pay("P3", "A", "护理费", "2026-02", "150"),  # short
        # nothing for A's 2026-03 护理费; nothing at all for B and C
    ]
    found = arrears(roster, "2026-01..2026-03", payments=payments, as_of="2026-04-01")
    rows = {(r["cadre_id"], r["kind"], r["month"]): r for r in found.rows(reveal_pii=True)}
    assert ("A", "lixiu_pay", "2026-01") not in rows  # covered by the quarter's payment
    assert rows[("A", "nursing_fee", "2026-02")]["owed"] == "50.00"
    assert rows[("A", "nursing_fee", "2026-02")]["status"] == "short"
    assert rows[("A", "nursing_fee", "2026-03")]["status"] == "unpaid"
    # B died on 2026-03-10: owed for January to March (living on the 1st); C moved away
    # on 2026-02-15: owed for January and February only.
    assert {m for c, k, m in rows if c == "B" and k == "nursing_fee"} == {
        "2026-01", "2026-02", "2026-03"
    }  # fmt: skip
    assert {m for c, k, m in rows if c == "C" and k == "nursing_fee"} == {"2026-01", "2026-02"}
    assert rows[("B", "lixiu_pay", "2026-01")]["owed"] is None  # no base: amount unknown
    masked = found.rows()
    assert {r["owed"] for r in masked} <= {"***", None}  # a named person's money is masked
    # A month is judged once it is over: on 2026-03-20, March is not yet owed.
    early = arrears(roster, "2026-01..2026-03", payments=payments, as_of="2026-03-20")
    assert all(r["month"] != "2026-03" for r in early.rows())


def test_a_payment_after_the_check_day_is_not_counted() -> None:
    roster = Roster(cadres=(lixiu("A", "1948.03"),))
    late = Payment(id="P1", cadre_id="A", kind="护理费", period_from="2026-02", amount="200",
                   source="社保", paid_on="2026-12-20")  # fmt: skip
    on_time = pay("P0", "A", "护理费", "2026-01", "200")
    found = arrears(roster, "2026-01..2026-02", payments=[on_time, late], as_of="2026-04-01")
    rows = {(r["kind"], r["month"]): r for r in found.rows()}
    assert rows[("nursing_fee", "2026-02")]["status"] == "unpaid"
    assert rows[("nursing_fee", "2026-02")]["mechanism"] == "财政保障"  # not the later 社保
    assert ("nursing_fee", "2026-01") not in rows
    later = arrears(roster, "2026-01..2026-02", payments=[on_time, late], as_of="2026-12-31")
    assert ("nursing_fee", "2026-02") not in {(r["kind"], r["month"]) for r in later.rows()}


def test_records_and_columns_agree_on_month_precision_dates() -> None:
    from laoganbu.io.frames import records_frame

    roster = Roster(cadres=(lixiu("A", "1948.03"),))
    paid = [
        Payment(id="P1", cadre_id="A", kind="护理费", period_from="2026-01", amount="100",
                source="社保", paid_on="2026-05"),
        Payment(id="P2", cadre_id="A", kind="护理费", period_from="2026-01", amount="50",
                source="财政", paid_on="2026-03-05"),
    ]  # fmt: skip
    as_records = arrears(roster, "2026-01", payments=paid, as_of="2026-06-01")
    as_columns = arrears(
        roster, "2026-01", payments=records_frame(Payment, paid), as_of="2026-06-01"
    )
    assert as_records.frame.equals(as_columns.frame)
    (fee,) = [r for r in as_records.rows() if r["kind"] == "nursing_fee"]
    assert fee["mechanism"] == "社会统筹"  # the latest payment: 2026-05


def test_unknown_joining_dates_still_owe_what_they_can() -> None:
    boundary = by_kind(entitlements_of(lixiu("C1", "1945.09", "完全不能自理"), "2026-12"))
    assert boundary[PaymentKind.NURSING_FEE] == Decimal("2500")  # not the period's fee
    assert PaymentKind.LIVING_ALLOWANCE in boundary  # owed, its months unknown
    assert boundary[PaymentKind.LIVING_ALLOWANCE] is None
    unknown = Cadre.model_validate(
        {"id": "C2", "name": "某", "sex": "男", "birth_date": "1928.01", "kind": "离休"}
    )
    owed = by_kind(entitlements_of(unknown, "2026-12"))
    assert set(owed) == {PaymentKind.LIXIU_PAY, PaymentKind.NURSING_FEE,
                         PaymentKind.LIVING_ALLOWANCE}  # fmt: skip
    assert owed[PaymentKind.NURSING_FEE] is None


def test_a_survivor_is_owed_from_the_month_after_the_death(tmp_path: Path) -> None:
    from laoganbu.params import Parameters, load_layer

    layer = tmp_path / "county.toml"
    layer.write_text(
        'jurisdiction = "140823"\nname = "闻喜县"\n\n'
        '[sources.X]\ntitle = "某县遗属生活困难补助标准"\nissuer = "某县"\ndate = "2020"\n\n'
        '[[parameter]]\nname = "survivor_aid.monthly"\nlabel = "遗属生活困难补助"\n'
        'unit = "yuan/month"\ndescription = "每月"\n'
        "  [[parameter.values]]\n  value = 600\n  from = 2020-01-01\n"
        '  source = "X"\n  status = "unverified"\n',
        encoding="utf-8",
    )
    params = Parameters([*Locality().parameters.layers, load_layer(layer)])
    widow = Cadre.model_validate(
        {"id": "W", "name": "某", "sex": "女", "birth_date": "1932.01", "kind": "遗属",
         "survivor_of": "H"}
    )  # fmt: skip
    roster = Roster(cadres=(lixiu("H", "1948.03", death_date="2025-09-15"), widow))
    frame = entitlement_frame(roster, "2025-01..2025-12", params=params)
    months = frame.filter(frame["cadre_id"] == "W")["month"].to_list()
    assert months == list(range(2025 * 12 + 9, 2025 * 12 + 12))  # October to December


def test_the_sample_has_exactly_its_planted_arrears() -> None:
    roster = sample_roster()
    found = arrears(roster, "2025-01..2026-10", payments=roster.payments,
                    as_of="2026-11-01", locality=Locality("140823"))  # fmt: skip
    keys = {(r["kind"], r["month"]) for r in found.rows()}
    assert keys == {("lixiu_pay", "2026-09"), ("lixiu_pay", "2026-10")} | {
        ("nursing_fee", f"2026-{m:02d}") for m in range(6, 11)
    } | {("medical", "2026-08")}  # the claim of 2026-08-12, never reimbursed
    mechanisms = {r["kind"]: r["mechanism"] for r in found.rows()}
    assert mechanisms == {"lixiu_pay": "财政保障", "nursing_fee": "财政保障", "medical": "社会统筹"}
    assert len(found.older_than(3)) == 2  # 护理费 of 2026-06 and 2026-07


def test_the_command() -> None:
    runner = CliRunner()
    args = ["arrears", "--roster", str(sample_folder()), "--as-of", "2026-11-01",
            "--locality", "140823"]  # fmt: skip
    result = runner.invoke(main, [*args, "--json"])
    assert result.exit_code == 1, result.output  # arrears found
    data = json.loads(result.stdout)
    assert data["arrears"] == 8 and {r["owed"] for r in data["rows"]} <= {"***", None}
    revealed = json.loads(runner.invoke(main, [*args, "--json", "--reveal-pii"]).stdout)
    assert {r["owed"] for r in revealed["rows"] if r["kind"] == "nursing_fee"} == {"200.00"}
    # One cadre's total is that cadre's money: masked in the summary too.
    assert {s["owed"] for s in data["summary"]} == {None}
    assert any(s["owed"] == "1000.00" for s in revealed["summary"])
    none = runner.invoke(main, [*args, "--older-than", "12"])
    assert none.exit_code == 0 and "拖欠 0 项" in none.stdout
    assert "1,000.00" not in runner.invoke(main, args).stdout  # masked in the text summary


def test_the_command_refuses_a_roster_without_a_payments_ledger(tmp_path: Path) -> None:
    import shutil

    county = tmp_path / "county"
    shutil.copytree(sample_folder(), county)
    (county / "payments.csv").unlink()
    result = CliRunner().invoke(
        main, ["arrears", "--roster", str(county), "--as-of", "2026-11-01", "--json"]
    )
    assert result.exit_code == 2 and json.loads(result.stdout)["error"]
    # Given apart, the ledger is read as columns.
    ledger = tmp_path / "paid.csv"
    shutil.copy(sample_folder() / "payments.csv", ledger)
    apart = CliRunner().invoke(
        main,
        ["arrears", "--roster", str(county), "--payments", str(ledger), "--as-of", "2026-11-01",
         "--locality", "140823", "--json"],
    )  # fmt: skip
    assert apart.exit_code == 1 and json.loads(apart.stdout)["arrears"] == 8


def test_by_default_the_twelve_months_before_the_check() -> None:
    # In January, the December just over (with its 生活补贴) is checked.
    roster = Roster(cadres=(lixiu("A", "1948.03"),))
    paid = [pay(f"P{m}", "A", k, f"2025-{m:02d}", "200") for m in range(1, 13)
            for k in ("离休费", "护理费")]  # fmt: skip
    found = arrears(roster, "2025-01..2025-12", payments=paid, as_of="2026-01-20")
    assert [(r["kind"], r["month"]) for r in found.rows()] == [("living_allowance", "2025-12")]


def test_the_ledger_as_columns_gives_the_same_arrears() -> None:
    from laoganbu import read_frame

    roster = sample_roster()
    ledger = read_frame(sample_folder() / "payments.csv", "payments")
    kwargs = {"as_of": "2026-11-01", "locality": Locality("140823")}
    as_columns = arrears(roster, "2025-01..2026-10", payments=ledger.data, **kwargs)  # type: ignore[arg-type]
    as_records = arrears(roster, "2025-01..2026-10", payments=roster.payments, **kwargs)  # type: ignore[arg-type]
    assert as_columns.frame.equals(as_records.frame) and len(as_columns) == 8


def test_joining_days_are_asked_for_only_in_a_month_a_period_changes() -> None:
    from laoganbu.dates import PartialDate

    cadres = (
        lixiu("A", "1937-07-06"), lixiu("B", "1937-07-07"),  # either side of 七七事变
        lixiu("C", "1944-05-03"), lixiu("D", "1944-05-20"), lixiu("E", "1944.05"),
    )  # fmt: skip
    roster = Roster(cadres=cadres)
    frame = entitlement_frame(roster, "2026-03")
    fees = dict(frame.filter(frame["kind"] == "nursing_fee").select("cadre_id", "due_fen").rows())
    assert fees == {"A": 80000, "B": 40000, "C": 40000, "D": 40000, "E": 40000}
    for c in cadres:
        (owed,) = [
            e for e in entitlements_of(c, PartialDate(2026, 3)) if e.kind.value == "nursing_fee"
        ]
        assert owed.amount is not None and int(owed.amount * 100) == fees[c.id]


def test_a_history_of_bases_prices_each_month_by_the_base_in_force() -> None:
    """基本离休费 as rows from a month on (PayBase): each month priced by the base in force,
    as the per-cadre rule prices it with that base; a correction for a month holds."""
    from laoganbu import PayBase

    cadre = Cadre.model_validate(
        {"id": "C1", "name": "某", "sex": "男", "birth_date": "1928.01", "kind": "离休",
         "work_start": "1945.03"}
    )  # fmt: skip
    bases = [
        PayBase(id="B1", cadre_id="C1", valid_from="2026-01", amount="6000"),
        PayBase(id="B2", cadre_id="C1", valid_from="2026-07", amount="6600"),
        PayBase(id="B3", cadre_id="C1", valid_from="2026-07", amount="6500.50"),  # correction
    ]
    roster = Roster(cadres=(cadre,), pay_bases=tuple(bases))
    frame = entitlement_frame(roster, "2025-12..2026-12", as_of="2027-01-01")
    lixiu = dict(frame.filter(pl.col("kind") == "lixiu_pay").select("month", "due_fen").iter_rows())
    assert lixiu[2025 * 12 + 11] is None  # no base in force yet
    assert lixiu[2026 * 12 + 5] == 600_000 and lixiu[2026 * 12 + 6] == 650_050
    for month, base in (("2026-06", "6000"), ("2026-12", "6500.50")):
        (pay,) = [
            e for e in entitlements_of(cadre, month, base=base) if e.kind.value == "lixiu_pay"
        ]
        mi = PartialDate.parse(month).month_index
        assert pay.amount is not None and lixiu[mi] == int(pay.amount * 100)
    # The December 生活补贴 by the base of December, as the rule prices it.
    allowances = frame.filter(pl.col("kind") == "living_allowance")
    (allowance,) = allowances.filter(pl.col("month") == 2026 * 12 + 11)["due_fen"].to_list()
    (rule,) = [
        e for e in entitlements_of(cadre, "2026-12", base="6500.50")
        if e.kind.value == "living_allowance"
    ]  # fmt: skip
    assert rule.amount is not None and allowance == int(rule.amount * 100)
    # Given as a mapping, one amount holds for every month.
    flat = entitlement_frame(roster, 2026, bases={"C1": "6000"})
    assert set(flat.filter(pl.col("kind") == "lixiu_pay")["due_fen"].to_list()) == {600_000}


def test_the_entitlements_command_totals_by_kind_and_masks_a_person() -> None:
    """Totals agree with entitlement_frame; one cadre's months are masked unless revealed;
    an unknown cadre is unusable input."""
    runner = CliRunner()
    folder = str(sample_folder())
    base = ["entitlements", "--roster", folder, "--as-of", "2026-11-01"]
    data = json.loads(runner.invoke(main, [*base, "--json"]).output)
    roster = sample_roster()
    frame = entitlement_frame(roster, 2026, as_of="2026-11-01")
    lixiu = frame.filter(pl.col("kind") == "lixiu_pay")
    (row,) = [r for r in data["by_kind"] if r["kind"] == "lixiu_pay"]
    assert row["months"] == lixiu.height and row["cadres"] == lixiu["cadre_id"].n_unique()
    assert Decimal(row["due"]) == Decimal(int(lixiu["due_fen"].sum())) / 100
    one = json.loads(runner.invoke(main, [*base, "--cadre", "C00001", "--json"]).output)
    assert one["months"] and all(m["due"] == "***" for m in one["months"])
    shown = json.loads(
        runner.invoke(main, [*base, "--cadre", "C00001", "--json", "--reveal-pii"]).output
    )
    (base_row,) = [b for b in roster.pay_bases if b.cadre_id == "C00001"]
    november = [
        m["due"] for m in shown["months"] if (m["month"], m["kind"]) == ("2026-11", "lixiu_pay")
    ]
    assert november == [str(base_row.amount.quantize(Decimal("0.01")))]
    assert {e["kind"] for e in shown["explain"]} == {"lixiu_pay", "nursing_fee"}
    unknown = runner.invoke(main, [*base, "--cadre", "C99999"])
    assert unknown.exit_code == 2 and "C99999" in unknown.output


def test_a_claim_unpaid_past_its_limit_is_medical_arrears() -> None:
    """医药费 against claims: judged once lixiu.medical.reimburse_days have passed; what was
    paid against the claim (payments of kind 医药费 naming it) by the day counts."""
    from laoganbu import MedicalClaim

    def claim(cid: str, submitted: str, amount: str, approved: str | None = None) -> MedicalClaim:
        return MedicalClaim(id=cid, cadre_id="C1", submitted_on=submitted, amount=amount,
                            approved=approved, source="医保")  # fmt: skip

    claims = (
        claim("M1", "2026-03-01", "1000"),  # paid in full: nothing owed
        claim("M2", "2026-03-01", "1000", approved="800"),  # 500 of 800 paid: short
        claim("M3", "2026-03-01", "600"),  # nothing paid
        claim("M4", "2026-05-10", "600"),  # 30 days not over on 2026-06-01
        claim("M5", "2025-12-20", "600"),  # before the period
    )
    payments = [
        Payment(id="P1", cadre_id="C1", kind="医药费", period_from="2026-03", amount="1000",
                paid_on="2026-03-20", claim_id="M1"),
        Payment(id="P2", cadre_id="C1", kind="医药费", period_from="2026-03", amount="500",
                paid_on="2026-03-20", claim_id="M2"),
        Payment(id="P3", cadre_id="C1", kind="医药费", period_from="2026-03", amount="600",
                paid_on="2026-06-05", claim_id="M3"),  # after the day of the check
    ]  # fmt: skip
    roster = Roster(cadres=(lixiu("C1", "1948-03"),), medical_claims=claims)
    found = arrears(roster, "2026-01..2026-05", payments=payments, as_of="2026-06-01")
    medical = [r for r in found.rows(reveal_pii=True) if r["kind"] == "medical"]
    assert [(r["owed"], r["status"], r["mechanism"]) for r in medical] == [
        ("300.00", "short", "社会统筹"), ("600.00", "unpaid", "社会统筹"),
    ]  # fmt: skip
    assert {r["months_late"] for r in medical} == {3}  # 62 days past the 2026-03-31 limit
    later = arrears(roster, "2026-01..2026-05", payments=payments, as_of="2026-06-10")
    assert len([r for r in later.rows() if r["kind"] == "medical"]) == 2  # M3 paid, M4 due


def test_one_survivors_months_start_after_the_death_survived(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``laoganbu entitlements --cadre`` for a survivor counts from the month after the death
    of the cadre survived, as the whole roster's frame does; how it was reckoned (care level,
    amounts) only when revealed."""
    from laoganbu.cli.money import _one_cadre
    from laoganbu.params import Parameters, load_layer, resolve_parameters

    layer = tmp_path / "aid.toml"
    layer.write_text(
        'jurisdiction = "140823"\nname = "闻喜县"\n[sources.W]\ntitle = "某县遗属补助标准"\n'
        'issuer = "某县"\ndate = "2020-01-01"\n[[parameter]]\nname = "survivor_aid.monthly"\n'
        'label = "遗属生活困难补助"\nunit = "yuan"\ndescription = "monthly"\n'
        '  [[parameter.values]]\n  value = "600"\n  from = 2020-01-01\n  source = "W"\n'
        '  status = "official"\n',
        encoding="utf-8",
    )
    params = Parameters([*resolve_parameters(None).layers, load_layer(layer)])
    husband = lixiu("H", "1945-03", death_date="2025-09-15")
    widow = Cadre.model_validate(
        {"id": "W", "name": "某", "sex": "女", "birth_date": "1932.01", "kind": "遗属",
         "survivor_of": "H"}
    )  # fmt: skip
    roster = Roster(cadres=(husband, widow))
    whole = entitlement_frame(roster, 2025, as_of="2025-12-31", params=params)
    months = sorted(whole.filter(pl.col("cadre_id") == "W")["month"].to_list())
    assert months == [2025 * 12 + m for m in (9, 10, 11)]
    _one_cadre(roster, "W", "2025", PartialDate(2025, 12, 31).first_day, params, False, True)
    data = json.loads(capsys.readouterr().out)
    assert [m["month"] for m in data["months"]] == ["2025-10", "2025-11", "2025-12"]
    _one_cadre(roster, "H", "2025", PartialDate(2025, 12, 31).first_day, params, False, True)
    assert json.loads(capsys.readouterr().out)["explain"] == []  # not revealed
    _one_cadre(roster, "H", "2025", PartialDate(2025, 12, 31).first_day, params, True, True)
    assert json.loads(capsys.readouterr().out)["explain"]


def test_a_reimbursement_clears_only_its_own_cadres_claim() -> None:
    from laoganbu import MedicalClaim

    claim = MedicalClaim(id="M1", cadre_id="C1", submitted_on="2026-03-01", amount="600")
    other = Payment(id="P1", cadre_id="C2", kind="医药费", period_from="2026-03", amount="600",
                    paid_on="2026-03-10", claim_id="M1")  # fmt: skip
    roster = Roster(cadres=(lixiu("C1", "1948-03"), lixiu("C2", "1948-03")),
                    medical_claims=(claim,))  # fmt: skip
    found = arrears(roster, "2026-03", payments=[other], as_of="2026-06-01")
    assert [(r["cadre_id"], r["kind"]) for r in found.rows() if r["kind"] == "medical"] == [
        ("C1", "medical")
    ]
