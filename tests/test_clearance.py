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
from laoganbu.money import arrears, clearance
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
    assert "尚无清兑计划的拖欠涉及1人" in money.paragraphs[1]
    result = CliRunner().invoke(
        main, ["arrears", "--roster", str(sample_folder()), "--as-of", "2026-11-01", "--json"]
    )
    data = json.loads(result.output)
    assert data["clearance"]["counts"]["cleared"] == cleared
    assert all(row["paid"] == "***" for row in data["clearance"]["rows"])
    assert data["uncovered"] == 5
