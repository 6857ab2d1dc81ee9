"""Clearance plans (清兑计划, #15): progress proved by the payments ledger, never typed in; the
arrears no plan covers; the sample's plans counted from its own files."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from pydantic import ValidationError

from laoganbu import Cadre, ClearancePlan, Payment, Roster, build_report, read_frame, read_table
from laoganbu.cli import main
from laoganbu.money import arrears, budget_review, clearance
from laoganbu.testing import sample_folder, sample_roster

CADRE = Cadre.model_validate(
    {"id": "C1", "name": "某", "sex": "男", "birth_date": "1928.01", "kind": "离休",
     "work_start": "1945.03"}
)  # fmt: skip


def _plan(pid: str, **fields: object) -> ClearancePlan:
    values: dict[str, object] = {
        "id": pid, "cadre_id": "C1", "kind": "护理费", "months_from": "2026-03",
        "amount": "400", "drawn_up_on": "2026-04-01", "deadline": "2026-06-30",
    }  # fmt: skip
    return ClearancePlan.model_validate(values | fields)


def _paid(pid: str, first: str, amount: str, on: str, last: str | None = None) -> Payment:
    return Payment(id=pid, cadre_id="C1", kind="护理费", period_from=first, period_to=last,
                   amount=amount, paid_on=on)  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "complaint"),
    [
        ({"months_to": "2026-02"}, "before they start"),
        ({"deadline": "2026-03-31"}, "before the plan was drawn up"),
        ({"amount": "-5"}, "greater than 0"),
    ],
)
def test_inconsistent_plans_are_refused(fields: dict[str, object], complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint):
        _plan("K1", **fields)


def _states(payments: list[Payment], as_of: str, *plans: ClearancePlan) -> dict[str, str]:
    roster = Roster(cadres=(CADRE,), clearance_plans=plans)
    found = clearance(roster, payments=payments, as_of=as_of)
    return {row["id"]: row["state"] for row in found.rows()}


def test_progress_is_what_the_ledger_paid_for_the_months_from_the_plan_on() -> None:
    payments = [
        _paid("P1", "2026-03", "200", "2026-03-05"),  # before the plan: not counted
        _paid("P2", "2026-03", "250", "2026-05-10"),
        _paid("P3", "2026-04", "200", "2026-05-10"),  # another month
        _paid("P4", "2026-01", "300", "2026-05-12", last="2026-03"),  # 100 for March
    ]
    plans = (
        _plan("A", amount="350"),  # 250 + 100: cleared
        _plan("B", amount="400"),  # 350 of 400: in progress by June, overdue after
        _plan("C", kind="离休费"),  # nothing of that kind: not started
        _plan("D", amount=None, months_to="2026-04"),  # no amount: every month paid
        _plan("E", amount=None, months_to="2026-05"),  # May not paid
    )
    assert _states(payments, "2026-06-01", *plans) == {
        "A": "cleared", "B": "in_progress", "C": "not_started", "D": "cleared",
        "E": "in_progress",
    }  # fmt: skip
    assert _states(payments, "2026-07-01", *plans)["B"] == "overdue"
    # On a day before the payments, and before a later plan exists.
    later = _plan("F", drawn_up_on="2026-05-20", deadline="2026-08-31")
    assert _states(payments, "2026-05-11", plans[0], later) == {"A": "in_progress"}


def test_arrears_no_plan_covers_are_found() -> None:
    roster = Roster(
        cadres=(CADRE,), clearance_plans=(_plan("A", months_from="2026-02", amount=None),)
    )
    found = arrears(roster, "2026-01..2026-03", payments=[], as_of="2026-04-01")
    plans = clearance(roster, payments=[], as_of="2026-04-01")
    left = plans.uncovered(found)
    nursing = left.filter(left["kind"] == "nursing_fee")
    assert sorted(nursing["month"].to_list()) == [2026 * 12, 2026 * 12 + 2]
    assert left.filter(left["kind"] == "lixiu_pay").height == 3  # no plan for it at all


def test_amounts_a_person_is_owed_are_masked() -> None:
    roster = Roster(cadres=(CADRE,), clearance_plans=(_plan("A"),))
    found = clearance(roster, payments=[_paid("P", "2026-03", "400", "2026-05-01")],
                      as_of="2026-06-01")  # fmt: skip
    (row,) = found.rows()
    assert row["amount"] == row["paid"] == "***"
    assert found.rows(reveal_pii=True)[0]["paid"] == "400.00"
    assert found.paid_total() is None and found.paid_total(reveal_pii=True) == Decimal("400")


def test_bad_rows_are_reported_the_same_both_ways(tmp_path: Path) -> None:
    path = tmp_path / "clearance_plans.csv"
    path.write_text(
        "编号,干部编号,发放类型,欠发期间起,欠发期间止,应清兑金额（元）,制定日期,清兑期限\n"
        "K1,C1,护理费,2026-03,,400,2026-04-01,2026-06-30\n"
        "K2,C1,护理费,2026-03,2026-01,400,2026-04-01,2026-06-30\n"
        "K3,C1,护理费,2026-03,,400,2026-04-01,2026-03-01\n"
        "K4,C9,护理费,2026-03,,400,2026-04-01,2026-06-30\n",
        encoding="utf-8",
    )
    roster = Roster(cadres=(CADRE,))
    slow = read_table(path, "clearance_plans", against=roster)
    fast = read_frame(path, "clearance_plans", against=roster)
    assert [str(p) for p in slow.problems] == [str(p) for p in fast.problems]
    assert {p.row for p in slow.problems} == {3, 4, 5}
    assert fast.accepted == 1


# -- the sample county, counted from its own files --------------------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    with (sample_folder() / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _expected(as_of: str) -> dict[str, str]:
    """Each sample plan's state, from the files: single-month payments of its kind for its
    months, paid from the plan's day to ``as_of``."""
    states = {}
    for plan in _rows("clearance_plans"):
        first, last = plan["欠发期间起"], plan["欠发期间止"] or plan["欠发期间起"]
        paid = sum(
            Decimal(p["金额（元）"]) for p in _rows("payments")
            if p["干部编号"] == plan["干部编号"] and p["发放类型"] == plan["发放类型"]
            and first <= p["所属期间起"] <= last and not p["所属期间止"]
            and plan["制定日期"] <= p["发放日期"] <= as_of
        )  # fmt: skip
        if paid >= Decimal(plan["应清兑金额（元）"]):
            states[plan["编号"]] = "cleared"
        elif plan["清兑期限"] < as_of:
            states[plan["编号"]] = "overdue"
        else:
            states[plan["编号"]] = "in_progress" if paid else "not_started"
    return states


def test_the_sample_plans_agree_with_the_files() -> None:
    roster = sample_roster()
    for day in ("2026-11-01", "2027-01-05"):
        found = clearance(roster, payments=roster.payments, as_of=day)
        assert {r["id"]: r["state"] for r in found.rows()} == _expected(day)
    assert set(_expected("2026-11-01").values()) == {"cleared", "not_started"}


def test_the_report_and_the_command_state_the_plans() -> None:
    expected = _expected("2026-11-01")
    report = build_report(sample_roster(), 2026, as_of="2026-11-01")
    money = next(s for s in report.sections if s.title.endswith("待遇保障"))
    cleared = sum(1 for s in expected.values() if s == "cleared")
    assert f"已制定清兑计划{len(expected)}项，已清兑{cleared}项" in money.paragraphs[1]
    # The 护理费 arrears of C00003 and the unpaid claim of C00008 have no plan.
    assert "尚无清兑计划的拖欠涉及2人" in money.paragraphs[1]
    result = CliRunner().invoke(
        main, ["arrears", "--roster", str(sample_folder()), "--as-of", "2026-11-01", "--json"]
    )
    data = json.loads(result.output)
    assert data["clearance"]["counts"]["cleared"] == cleared
    assert all(row["paid"] == "***" for row in data["clearance"]["rows"])
    assert data["uncovered"] == 6


# -- budgets ------------------------------------------------------------------------------------


def test_budgets_are_set_against_the_payments_of_their_scope() -> None:
    from laoganbu import Budget, Grid, Unit

    def cadre(cid: str, unit: str, grid: str) -> Cadre:
        return Cadre.model_validate(CADRE.model_dump() | {"id": cid, "former_unit_id": unit,
                                                          "grid_id": grid})  # fmt: skip

    people = [cadre(f"C{i}", "U1" if i < 6 else "U2", "G1" if i % 2 else "G2") for i in range(8)]
    gifts = [
        Payment(id=f"P{i}", cadre_id=f"C{i}", kind="慰问金", period_from="2026-02", amount="500",
                paid_on="2026-02-10", item="春节慰问", program_id="festival" if i < 3 else None)
        for i in range(8)
    ] + [Payment(id="P9", cadre_id="C0", kind="慰问金", period_from="2025-02", amount="500",
                 paid_on="2025-02-10")]  # fmt: skip
    budgets = (
        Budget(id="A", year=2026, kind="慰问金", amount="3000"),
        Budget(id="U", year=2026, kind="慰问金", unit_id="U1", amount="3000"),
        Budget(id="G", year=2026, kind="慰问金", grid_id="G1", amount="1500"),
        Budget(id="P", year=2026, kind="慰问金", program_id="festival", amount="2000"),
        Budget(id="I", year=2026, kind="慰问金", item="重阳慰问", amount="800"),
        Budget(id="Z", year=2025, kind="慰问金", amount="800"),
    )
    roster = Roster(
        units=tuple(Unit(id=u, name=f"{u}局", kind="党政机关") for u in ("U1", "U2")),
        grids=(Grid(id="G1", name="一网格", level=1), Grid(id="G2", name="二网格", level=1)),
        cadres=tuple(people), payments=tuple(gifts), budgets=budgets,
    )  # fmt: skip
    review = budget_review(roster, 2026, as_of="2026-12-31")
    spent = {r["id"]: (r["spent"], r["people"]) for r in review.rows(reveal_pii=True)}
    assert spent == {
        "A": ("4000.00", 8), "U": ("3000.00", 6), "G": ("2000.00", 4), "P": ("1500.00", 3),
        "I": ("0.00", 0),
    }  # fmt: skip
    assert set(review.overspent()["id"].to_list()) == {"A", "G"}
    masked = {r["id"]: r["spent"] for r in review.rows()}
    assert masked["G"] == masked["P"] == "***" and masked["A"] == "4000.00"
    with pytest.raises(ValidationError, match="not several"):
        Budget(id="X", year=2026, kind="慰问金", unit_id="U1", grid_id="G1", amount="1")


def test_the_report_states_the_sample_budgets_against_the_files() -> None:
    budgets = _rows("budgets")
    payments = [p for p in _rows("payments") if "2026-01-01" <= p["发放日期"] <= "2026-11-01"]
    report = build_report(sample_roster(), 2026, as_of="2026-11-01")
    money = next(s for s in report.sections if s.title.endswith("待遇保障"))
    for budget in budgets:
        spent = sum(
            Decimal(p["金额（元）"]) for p in payments if p["发放类型"] == budget["发放类型"]
        )
        planned = Decimal(budget["预算金额（元）"])
        assert (
            f"{budget['预算年度']}年{budget['发放类型']}预算{planned:,.0f}元，"
            f"已支出{spent:,.0f}元（{spent / planned:.1%}）"
        ) in money.paragraphs[2]
    table = next(t for t in money.tables if t.key == "budgets")
    assert len(table.rows) == len(budgets)


def test_a_townships_budget_counts_its_communities() -> None:
    from laoganbu import Budget, Grid

    grids = (
        Grid(id="T", name="镇", level=1),
        Grid(id="S1", name="甲村", level=2, parent_id="T"),
        Grid(id="S2", name="乙村", level=2, parent_id="T"),
    )
    people = tuple(
        Cadre.model_validate(CADRE.model_dump() | {"id": f"C{i}", "grid_id": g})
        for i, g in enumerate(("S1", "S2", "S2"))
    )
    gifts = tuple(
        Payment(id=f"P{i}", cadre_id=f"C{i}", kind="慰问金", period_from="2026-02",
                amount="500", paid_on="2026-02-10")
        for i in range(3)
    )  # fmt: skip
    budgets = (
        Budget(id="T", year=2026, kind="慰问金", grid_id="T", amount="2000"),
        Budget(id="S2", year=2026, kind="慰问金", grid_id="S2", amount="2000"),
    )
    roster = Roster(grids=grids, cadres=people, payments=gifts, budgets=budgets)
    spent = {r["id"]: r["people"] for r in budget_review(roster, 2026, as_of="2026-12-31").rows()}
    assert spent == {"T": 3, "S2": 2}


def test_the_report_states_no_amount_fewer_than_five_people_received() -> None:
    people = tuple(Cadre.model_validate(CADRE.model_dump() | {"id": f"C{i}"}) for i in range(6))
    paid = [
        Payment(id=f"G{i}", cadre_id=f"C{i}", kind="慰问金", period_from="2026-02",
                amount="500", paid_on="2026-02-10")
        for i in range(6)
    ] + [
        Payment(id="M1", cadre_id="C0", kind="医药费", period_from="2026-03",
                amount="84432.69", paid_on="2026-03-25")
    ]  # fmt: skip
    report = build_report(Roster(cadres=people, payments=tuple(paid)), 2026, as_of="2026-11-01")
    money = next(s for s in report.sections if s.title.endswith("待遇保障"))
    text = "".join(money.paragraphs)
    assert "84,432.69" not in text and "医药费（1人）" in text
    assert "发放慰问金3,000元" in text and "合计" not in money.paragraphs[0]
    table = money.tables[0]
    assert {r[0]: r[3] for r in table.rows} == {"医药费": "***", "慰问金": Decimal("3000"),
                                                  "合计": "***"}  # fmt: skip


def test_a_plan_for_a_years_allowance_without_an_amount_clears_when_the_year_is_paid() -> None:
    plan = _plan("L", kind="生活补贴", months_from="2025-01", months_to="2025-12", amount=None,
                 drawn_up_on="2026-01-10", deadline="2026-03-31")  # fmt: skip
    paid = Payment(id="P", cadre_id="C1", kind="生活补贴", period_from="2025-01",
                   period_to="2025-12", amount="18000", paid_on="2026-02-01")  # fmt: skip
    assert _states([], "2026-02-15", plan) == {"L": "not_started"}
    assert _states([paid], "2026-02-15", plan) == {"L": "cleared"}


def test_a_request_given_out_on_a_day_not_recorded_is_not_called_late() -> None:
    from laoganbu import ServiceRequest, review_requests

    request = ServiceRequest(
        id="Q", cadre_id="C1", channel="电话", category="住房", received_on="2026-03-01",
        status="办理中", assigned_unit_id="U1",
    )  # fmt: skip
    review = review_requests(Roster(cadres=(CADRE,)), 2026, requests=[request], as_of="2026-06-01")
    assert review.rows()[0]["late_response"] is None
    assert review.counts()["late_response"] == 0
