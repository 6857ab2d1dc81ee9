"""Death in the life cycle (#18): whichever way the roster records a death, the right duties
fall due and the rest stop, at the edges of months; the roster check and `laoganbu lifecycle`
say what is still open."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from laoganbu import (
    Cadre,
    LifeEvent,
    Locality,
    PartyOrganization,
    Roster,
    ServiceProgramDefinition,
    ServiceRecord,
    write_roster,
)
from laoganbu.cli import main
from laoganbu.registry import lifecycle
from laoganbu.schedule import plan
from laoganbu.schedule.items import DEATH_DATE_REASON

pl = pytest.importorskip("polars")

CALL = ServiceProgramDefinition(
    id="call", name="每月电话", kind="phone_call", cadence="month", source="test"
)
CONDOLENCE = ServiceProgramDefinition(
    id="condolence", name="吊唁慰问", kind="condolence", triggers=["death"], response_days=3,
    source="test",
)  # fmt: skip
FAMILY = ServiceProgramDefinition(
    id="family", name="家有大事必访", kind="home_visit", triggers=["major_family_event", "death"],
    response_days=7, source="test",
)  # fmt: skip


def _cadre(cid: str = "C1", **extra: object) -> Cadre:
    fields: dict[str, object] = {
        "id": cid,
        "name": f"人{cid}",
        "sex": "男",
        "birth_date": "1928.03",
        "kind": "离休",
        "work_start": "1947.05",
    }
    fields.update(extra)
    return Cadre.model_validate(fields)


def _died(death: str, recorded: str, **extra: object) -> Roster:
    """One cadre who died on ``death``, recorded in 去世时间, as a life event, or both."""
    cadre = _cadre(death_date=death if recorded in ("death_date", "both") else None, **extra)
    events = (
        (LifeEvent(id="E1", cadre_id="C1", kind="去世", date=death),)
        if recorded in ("life_event", "both")
        else ()
    )
    return Roster(cadres=(cadre,), life_events=events)


def _months(roster: Roster) -> list[int]:
    return [i.start.month for i in plan(roster, 2026, programs=[CALL]) if i.program_id == "call"]


# -- duties stop from the right day ------------------------------------------------------------

# Death → the months of 2026 whose monthly call still falls due (its window's first day is a
# day the cadre is living on).
EDGES = {
    "2026-03-31": [1, 2, 3],  # the last day of March: March was due, April not
    "2026-04-01": [1, 2, 3],  # the first day of April: April's window starts on the death
    "2026-03-01": [1, 2],  # the first day of March
    "2026.03": [1, 2],  # to the month: deceased on every day of March
    "2026-02-28": [1, 2],
    "2026.01": [],
    "2025-12-31": [],
}


@pytest.mark.parametrize("recorded", ["death_date", "life_event", "both"])
@pytest.mark.parametrize("death", sorted(EDGES))
def test_the_duties_of_a_living_cadre_stop_from_the_day_of_death(death: str, recorded: str) -> None:
    assert _months(_died(death, recorded)) == EDGES[death]


@pytest.mark.parametrize("recorded", ["death_date", "life_event", "both"])
def test_a_death_triggers_its_programmes_once_whichever_way_it_is_recorded(recorded: str) -> None:
    roster = _died("2026-03-31", recorded)
    items = [
        i for i in plan(roster, 2026, programs=[CALL, CONDOLENCE]) if i.program_id == "condolence"
    ]
    assert len(items) == 1
    (item,) = items
    assert (str(item.start), str(item.end)) == ("2026-03-31", "2026-04-03")
    if recorded == "death_date":
        assert (item.event_id, item.reason) == (None, DEATH_DATE_REASON)
    else:
        assert item.event_id == "E1"


def test_a_death_to_the_month_gives_the_whole_month_and_the_response_days() -> None:
    (item,) = plan(_died("2026.03", "death_date"), 2026, programs=[CONDOLENCE])
    assert (str(item.start), str(item.end)) == ("2026-03-01", "2026-04-03")


def test_a_death_outside_the_period_triggers_nothing_in_it() -> None:
    assert len(plan(_died("2025-12-31", "death_date"), 2026, programs=[CONDOLENCE])) == 0
    assert len(plan(_died("2026-01-01", "death_date"), 2026, programs=[CONDOLENCE])) == 1


def test_the_wenxi_layer_answers_a_death_with_a_condolence_visit_and_help_with_the_funeral() -> (
    None
):
    roster = _died("2026-06-10", "death_date")
    due = {
        i.program_id
        for i in plan(roster, 2026, locality=Locality("140823"))
        if i.reason_kind == "trigger"
    }
    assert due == {"wenxi.condolence_visit", "wenxi.funeral_help"}


# -- the roster check ---------------------------------------------------------------------------


def _codes(roster: Roster) -> list[tuple[str, str | None, str]]:
    return [(p.table, p.code, p.severity) for p in roster.check() if p.code]


def test_a_death_only_as_a_life_event_is_counted_and_warned_about() -> None:
    roster = _died("2026-03-14", "life_event")
    assert roster.death_of("C1") is not None and str(roster.death_of("C1")) == "2026-03-14"
    assert not roster.alive_on("C1", roster.death_of("C1").first_day)  # type: ignore[union-attr]
    assert ("life_events", "death-date-missing", "warning") in _codes(roster)
    assert _codes(_died("2026-03-14", "both")) == []


def test_two_records_of_one_death_that_disagree_are_warned_about() -> None:
    roster = Roster(
        cadres=(_cadre(death_date="2026-03-14"),),
        life_events=(
            LifeEvent(id="E1", cadre_id="C1", kind="去世", date="2026-03-15"),
            LifeEvent(id="E2", cadre_id="C1", kind="去世", date="2026-03-16"),
        ),
    )
    found = [(p.record_id, p.code) for p in roster.check() if p.code]
    assert found == [("E1", "death-dates-differ"), ("E2", "death-recorded-twice")]
    # The same month, one of them to the month only: no disagreement.
    month = Roster(
        cadres=(_cadre(death_date="2026.03"),),
        life_events=(LifeEvent(id="E1", cadre_id="C1", kind="去世", date="2026-03-15"),),
    )
    assert _codes(month) == []
    # 去世时间 counts.
    assert str(roster.death_of("C1")) == "2026-03-14"


def test_money_paid_after_the_month_of_death_is_a_problem_unless_it_answers_the_death() -> None:
    def paid(rid: str, kind: str, day: str) -> ServiceRecord:
        return ServiceRecord(id=rid, cadre_id="C1", kind=kind, date=day, amount="500")

    roster = Roster(
        cadres=(_cadre(death_date="2026-03-14"),),
        service_records=(
            paid("R1", "慰问金", "2026-03-31"),  # the month of death: not after it
            paid("R2", "慰问金", "2026-04-01"),
            paid("R3", "丧葬费", "2026-04-20"),
            paid("R4", "吊唁慰问", "2026-04-02"),
            ServiceRecord(id="R5", cadre_id="C1", kind="走访", date="2026-05-01"),  # no money
        ),
    )
    found = [(p.record_id, p.code, p.severity) for p in roster.check() if p.code]
    assert found == [("R2", "paid-after-death", "warning")]


def test_a_deceased_committee_member_leaves_a_vacant_seat() -> None:
    roster = Roster(
        organizations=(
            PartyOrganization(
                id="O1",
                name="一支部",
                level="党支部",
                committee=({"cadre_id": "C1", "role": "书记"},),
            ),
        ),
        cadres=(_cadre(death_date="2026-03-14", party_member=True, organization_id="O1"),),
    )
    problems = [p for p in roster.check() if p.code == "deceased-committee-member"]
    assert [(p.record_id, p.refers_to.id if p.refers_to else None) for p in problems] == [
        ("O1", "C1")
    ]


def test_a_survivor_may_name_a_cadre_whose_death_is_only_a_life_event() -> None:
    roster = Roster(
        cadres=(
            _cadre(),
            _cadre("S1", kind="遗属", sex="女", birth_date="1932.05", work_start=None,
                   survivor_of="C1"),
        ),
        life_events=(LifeEvent(id="E1", cadre_id="C1", kind="去世", date="2025-03-14"),),
    )  # fmt: skip
    assert [p for p in roster.check() if p.severity == "error"] == []


# -- lifecycle: what a death set in motion -------------------------------------------------------


def _county() -> Roster:
    spouse = {"name": "李氏", "relation": "老伴", "phone": "13912345678"}
    seat = {"cadre_id": "C1", "role": "书记"}
    branch = PartyOrganization(id="O1", name="一支部", level="党支部", committee=(seat,))
    return Roster(
        organizations=(branch,),
        cadres=(
            _cadre(death_date="2026-03-14", contacts=(spouse,), party_member=True,
                   organization_id="O1"),
            _cadre("C2", kind="退休", birth_date="1950.02", work_start=None, sex="女"),
            _cadre("C3", contacts=({"name": "赵某", "relation": "妻子"},),
                   death_date="2026-11-20"),
            _cadre("C4", death_date="2026.05"),
            _cadre("S4", kind="遗属", sex="女", birth_date="1932.05", work_start=None,
                   survivor_of="C4"),
            _cadre("C5", death_date="2025-12-30"),
        ),
        life_events=(LifeEvent(id="E2", cadre_id="C2", kind="去世", date="2026-06-30"),),
        service_records=(
            ServiceRecord(id="R1", cadre_id="C1", kind="吊唁慰问", date="2026-03-15"),
            ServiceRecord(id="R2", cadre_id="C1", kind="慰问金", date="2026-05-01", amount="500"),
            ServiceRecord(id="R3", cadre_id="C2", kind="电话", date="2026-07-02"),
            ServiceRecord(id="R4", cadre_id="C2", kind="电话", date="2026-06-02"),
        ),
    )  # fmt: skip


def test_lifecycle_lists_the_deaths_of_the_period_up_to_the_day_of_the_check() -> None:
    found = lifecycle(_county(), [CALL, CONDOLENCE], 2026, as_of="2026-11-01")
    assert [(c.cadre_id, str(c.died), c.recorded_as) for c in found.cases] == [
        ("C1", "2026-03-14", "death_date"),
        ("C4", "2026-05", "death_date"),
        ("C2", "2026-06-30", "life_event"),
    ]  # C3 dies after the check, C5 before the period
    assert str(found.as_of) == "2026-11-01"


def test_lifecycle_says_what_each_death_set_in_motion_and_what_is_open() -> None:
    found = lifecycle(_county(), [CALL, CONDOLENCE], 2026, as_of="2026-12-01")
    cases = {c.cadre_id: c for c in found.cases}
    c1, c2, c4 = cases["C1"], cases["C2"], cases["C4"]
    # Duties of the death, matched against the ledger.
    assert [(d.program_id, d.status, d.record_id) for d in c1.duties] == [
        ("condolence", "met", "R1")
    ]
    assert [(d.program_id, d.status) for d in c2.duties] == [("condolence", "missed")]
    # Duties stopped: the calls of April–December, July–December, May–December.
    assert (dict(c1.stopped), dict(c2.stopped), dict(c4.stopped)) == (
        {"call": 9},
        {"call": 6},
        {"call": 8},
    )
    # Ties ended, money and services after the death.
    assert (c1.organization_id, c1.committee_roles) == ("O1", ("一支部书记",))
    assert (c1.paid_after, c1.served_after) == (("R2",), ())
    assert (c2.paid_after, c2.served_after) == ((), ("R3",))  # R4 is before the death
    # Survivors: C4 has one; C1's spouse is a candidate; C2 is 退休 (no survivor record).
    assert (c4.survivors, c4.candidates) == (("S4",), ())
    (candidate,) = c1.candidates
    assert (candidate.name, candidate.relation, candidate.sex.value, candidate.sex_inferred) == (
        "李氏",
        "老伴",
        "female",
        True,
    )
    assert c2.candidates == ()
    assert [c.cadre_id for c in found.open_cases] == ["C1", "C4", "C2", "C3"]
    assert "一支部书记职务空缺，待补选" in c1.open
    assert "吊唁慰问（2026-06-30—2026-07-03）未完成" in c2.open
    assert c4.open == ["吊唁慰问（2026-05-01—2026-06-03）未完成"]
    # Masked unless revealed.
    assert candidate.to_row()["phone"] == "139****5678"
    assert candidate.to_row(reveal_pii=True)["phone"] == "13912345678"
    assert "13912345678" not in json.dumps(found.to_dict(), ensure_ascii=False)
    assert "13912345678" not in repr(found)
    assert "于 2026-03-14 去世（据去世时间）" in c1.explain()


def test_lifecycle_reads_the_ledger_as_columns_too() -> None:
    from laoganbu.io.frames import records_frame

    roster = _county()
    as_objects = lifecycle(roster, [CALL, CONDOLENCE], 2026, as_of="2026-12-01")
    frame = records_frame(ServiceRecord, roster.service_records)
    as_columns = lifecycle(
        roster.model_copy(update={"service_records": ()}),
        [CALL, CONDOLENCE],
        2026,
        as_of="2026-12-01",
        records=frame,
    )
    assert as_columns.to_dict() == as_objects.to_dict()


def test_a_spouse_is_proposed_only_when_the_contacts_name_one_and_the_wife_is_said() -> None:
    roster = _county()
    found = lifecycle(roster, [CONDOLENCE], 2026, as_of="2026-12-31")
    c3 = next(c for c in found.cases if c.cadre_id == "C3")
    (candidate,) = c3.candidates
    assert (candidate.sex.value, candidate.sex_inferred) == ("female", False)


# -- the command ------------------------------------------------------------------------------


def test_the_lifecycle_command_prints_what_is_open_and_proposes_survivors(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    write_roster(_county(), folder, reveal_pii=True)
    out = tmp_path / "survivors.csv"
    runner = CliRunner()
    args = ["lifecycle", "--roster", str(folder), "--as-of", "2026-12-01", "--locality", "140823"]
    result = runner.invoke(main, [*args, "--propose-survivors", str(out)])
    assert result.exit_code == 1, result.output
    assert "去世 4 人，待办 4 人" in result.output
    assert "13912345678" not in result.output
    with out.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["姓名"], r["人员类别"], r["遗属所属干部"], r["联系电话"]) for r in rows] == [
        ("李氏", "遗属", "C1", "139****5678"),
        ("赵某", "遗属", "C3", ""),
    ]
    again = runner.invoke(
        main, ["lifecycle", "--roster", str(folder), "--propose-survivors", str(out)]
    )
    assert again.exit_code == 2 and "exists" in again.output
    data = runner.invoke(main, [*args, "--json"])
    parsed = json.loads(data.output)
    assert (parsed["deaths"], parsed["open"]) == (4, 4)


def test_the_lifecycle_command_reports_unusable_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["lifecycle", "--roster", str(tmp_path / "none"), "--as-of", "2026-12-01"]
    )
    assert result.exit_code == 2


def test_a_death_after_moving_away_is_the_other_bureaus() -> None:
    from laoganbu import Transfer

    moved = Transfer(
        id="T1", cadre_id="C1", direction="转出", kind="管理服务关系转移", date="2026-02-01",
        counterpart="某市委老干部局",
    )  # fmt: skip
    roster = _died("2026-03-14", "death_date").model_copy(update={"transfers": (moved,)})
    assert lifecycle(roster, [CONDOLENCE], 2026, as_of="2026-12-01").cases == ()
    assert len(plan(roster, 2026, programs=[CONDOLENCE, CALL])) == 1  # January's call only


@pytest.mark.parametrize("death_date", ["2026.03", "2026-03-10", "2026-03-14"])
def test_a_death_recorded_both_ways_makes_its_duties_due_once(death_date: str) -> None:
    # 去世时间 to the month (or a few days earlier than the event): the cadre is judged on the
    # day before the recorded death, not the day before the event.
    roster = Roster(
        cadres=(_cadre(death_date=death_date),),
        life_events=(
            LifeEvent(id="E1", cadre_id="C1", kind="去世", date="2026-03-14"),
            LifeEvent(id="E2", cadre_id="C1", kind="去世", date="2026-03-20"),
        ),
    )
    items = list(plan(roster, 2026, programs=[CONDOLENCE]))
    assert [(i.event_id, str(i.start)) for i in items] == [("E1", "2026-03-14")]
    (case,) = lifecycle(roster, [CONDOLENCE], 2026, as_of="2026-12-01").cases
    assert [d.program_id for d in case.duties] == ["condolence"]


def test_lifecycle_takes_a_ledger_that_can_be_read_once_and_money_in_the_month_of_death() -> None:
    roster = _county()
    records = (
        *roster.service_records,
        ServiceRecord(id="R5", cadre_id="C1", kind="慰问金", date="2026-03-20", amount="300"),
    )
    once = lifecycle(
        roster.model_copy(update={"service_records": ()}),
        [CALL, CONDOLENCE],
        2026,
        as_of="2026-12-01",
        records=iter(records),
    )
    c1 = next(c for c in once.cases if c.cadre_id == "C1")
    assert (c1.paid_after, c1.served_after) == (("R2",), ())
