"""The scheduling engine: plan and compliance, with the issue's properties."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from laoganbu import Cadre, LifeEvent, PartialDate, RecordRef, Roster, ServiceRecord
from laoganbu.cli import main
from laoganbu.programs import ServiceProgramDefinition, load_programs, national_programs
from laoganbu.schedule import compliance, plan

MONTHLY = ServiceProgramDefinition(
    id="call", name="每月电话", kind="phone_call", cadence="month", source="test",
    who={"kinds": ["退休", "离休"]},
)  # fmt: skip
OLD_VISIT = ServiceProgramDefinition(
    id="old", name="高龄走访", kind="home_visit", cadence="quarter", source="test",
    who={"min_age": 80},
)  # fmt: skip
FESTIVAL = ServiceProgramDefinition(
    id="fest", name="节日走访", kind="home_visit", observances=["chunjie", "chongyang"],
    days_before=7, source="test", who={"kinds": ["离休", "遗属"]},
)  # fmt: skip
HOSPITAL = ServiceProgramDefinition(
    id="hosp", name="住院必访", kind="home_visit", triggers=["住院"], response_days=3,
    source="test",
)  # fmt: skip
BIRTHDAY = ServiceProgramDefinition(
    id="bday", name="整寿", kind="home_visit", milestone_ages=[80, 90], source="test"
)
PROGRAMS = [MONTHLY, OLD_VISIT, FESTIVAL, HOSPITAL, BIRTHDAY]


def cadre(cid: str, kind: str = "退休", birth: str = "1950.03", **extra: object) -> Cadre:
    if kind == "遗属":
        extra.setdefault("survivor_of", "X")  # the deceased 离休 cadre (not in these rosters)
    return Cadre.model_validate(
        {"id": cid, "name": "某", "sex": "男", "birth_date": birth, "kind": kind, **extra}
    )


def test_each_timing() -> None:
    roster = Roster(
        cadres=(
            cadre("A"),
            cadre("B", "离休", "1936.05", work_start="1947.01"),
            cadre("C", "遗属", "1946.09"),
        ),
        life_events=(LifeEvent(id="E1", cadre_id="A", kind="住院", date="2026-03-10"),),
    )
    result = plan(roster, 2026, programs=PROGRAMS)
    by = result.by_program()
    # old: B (89 → 90) every quarter, C (80 from 2026-09) from Q4; bday: B 90 and C 80.
    assert by == {"call": 24, "old": 5, "fest": 4, "hosp": 1, "bday": 2}
    hosp = next(i for i in result if i.program_id == "hosp")
    assert (hosp.start.isoformat(), hosp.end.isoformat(), hosp.event_id) == (
        "2026-03-10",
        "2026-03-13",
        "E1",
    )
    fest = [i for i in result if i.program_id == "fest" and i.cadre_id == "C"]
    assert [(i.start.isoformat(), i.end.isoformat(), i.reason) for i in fest] == [
        ("2026-02-10", "2026-02-17", "春节"),
        ("2026-10-11", "2026-10-18", "重阳节"),
    ]
    bdays = [(i.cadre_id, i.start.isoformat(), i.reason) for i in result if i.program_id == "bday"]
    assert bdays == [("B", "2026-05-01", "90岁生日"), ("C", "2026-09-01", "80岁生日")]


def test_age_condition_starts_with_the_window_and_death_ends_items() -> None:
    roster = Roster(
        cadres=(
            cadre("A", birth="1946.05"),  # 80 from 2026-05: quarters Q3, Q4 (judged at start)
            cadre("D", "离休", "1930.01", work_start="1946.01", death_date="2026.06"),
        )
    )
    result = plan(roster, 2026, programs=[OLD_VISIT, MONTHLY])
    old = {(i.cadre_id, i.start.month) for i in result if i.program_id == "old"}
    assert old == {("A", 7), ("A", 10), ("D", 1), ("D", 4)}
    calls = [i.start.month for i in result if i.cadre_id == "D" and i.program_id == "call"]
    assert calls == [1, 2, 3, 4, 5]  # nothing after the death month begins


# -- properties ------------------------------------------------------------------------------

kinds = st.sampled_from(["离休", "退休", "遗属"])
births = st.sampled_from(["1925.01", "1938.06", "1946.05", "1950.11", "1962.02"])
deaths = st.sampled_from([None, "2025.12", "2026.04", "2026.11"])


@st.composite
def rosters(draw: st.DrawFn) -> Roster:
    n = draw(st.integers(min_value=1, max_value=12))
    cadres = []
    for i in range(n):
        kind = draw(kinds)
        birth = draw(births)
        extra: dict[str, object] = {}
        if kind == "离休":
            birth = "1925.01"  # old enough to have joined work before 1949-10
            extra["work_start"] = "1946.01"
        death = draw(deaths)
        if death:
            extra["death_date"] = death
        cadres.append(cadre(f"C{i}", kind, birth, **extra))
    return Roster(cadres=tuple(cadres))


@settings(max_examples=60, deadline=None)
@given(roster=rosters())
def test_one_item_per_window_for_the_eligible_living_none_for_others(roster: Roster) -> None:
    result = plan(roster, 2026, programs=[MONTHLY])
    for c in roster.cadres:
        months = [i.start.month for i in result if i.cadre_id == c.id]
        if c.kind.value == "survivor":
            assert months == []
            continue
        died = c.death_date
        expected = [m for m in range(1, 13) if died is None or (died.year, died.month) > (2026, m)]
        assert months == expected


@settings(max_examples=40, deadline=None)
@given(roster=rosters(), seed=st.integers(min_value=0, max_value=10_000))
def test_plan_is_independent_of_roster_order(roster: Roster, seed: int) -> None:
    shuffled = list(roster.cadres)
    random.Random(seed).shuffle(shuffled)
    other = Roster(cadres=tuple(shuffled))
    assert (
        plan(roster, 2026, programs=PROGRAMS).items
        == plan(other, 2026, programs=list(reversed(PROGRAMS))).items
    )


@settings(max_examples=60, deadline=None)
@given(
    roster=rosters(),
    days=st.lists(st.integers(min_value=0, max_value=330), max_size=25),
    extra=st.integers(min_value=0, max_value=330),
)
def test_adding_a_record_never_lowers_compliance(
    roster: Roster, days: list[int], extra: int
) -> None:
    import datetime as dt

    start = dt.date(2026, 1, 1)
    cids = [c.id for c in roster.cadres]

    def record(i: int, day: int) -> ServiceRecord:
        return ServiceRecord(
            id=f"R{i}",
            cadre_id=cids[(i * 7 + day) % len(cids)],
            kind="phone_call",
            date=(start + dt.timedelta(days=day)).isoformat(),
        )

    records = [record(i, d) for i, d in enumerate(days)]
    the_plan = plan(roster, 2026, programs=[MONTHLY])
    before = compliance(the_plan, records=records, as_of="2026-12-01")
    after = compliance(the_plan, records=[*records, record(999, extra)], as_of="2026-12-01")
    done = lambda c: c.counts()["met"] + c.counts()["late"]  # noqa: E731
    assert done(after) >= done(before)


# -- compliance ------------------------------------------------------------------------------


def test_states_and_record_problems() -> None:
    roster = Roster(cadres=(cadre("A"),))
    the_plan = plan(roster, "2026-01..2026-06", programs=[MONTHLY])
    records = [
        ServiceRecord(id="R1", cadre_id="A", kind="phone_call", date="2026-01-15"),  # Jan met
        ServiceRecord(id="R2", cadre_id="A", kind="phone_call", date="2026-03-02"),  # Mar met
        ServiceRecord(id="R3", cadre_id="A", kind="phone_call", date="2026-03-20"),  # Feb late
        ServiceRecord(id="R1", cadre_id="A", kind="phone_call", date="2026-04-01"),  # dup id
        ServiceRecord(id="R4", cadre_id="Z", kind="phone_call", date="2026-04-01"),  # no cadre
        ServiceRecord(id="R5", cadre_id="A", kind="phone_call", date="2026-09-01"),  # future
        ServiceRecord(
            id="R6", cadre_id="A", kind="phone_call", date="2026-04-01", program_id="nope"
        ),  # unknown programme
        ServiceRecord(id="R7", cadre_id="A", kind="phone_call", date="2026-01-15"),  # repeat
    ]
    result = compliance(the_plan, records=records, as_of="2026-05-20", grace_days=30)
    statuses = [s for _, s, _ in result.items()]
    assert statuses == ["met", "late", "met", "overdue", "upcoming", "upcoming"]
    assert [r for _, _, r in result.items()][:3] == ["R1", "R3", "R2"]
    messages = {p.record_id: p.message for p in result.problems}
    assert set(messages) == {"R1", "R4", "R5", "R6", "R7"}
    assert "duplicate" in messages["R1"] and "unknown cadre" in messages["R4"]
    assert "after the check day" in messages["R5"] and "unknown programme" in messages["R6"]
    assert "repeats" in messages["R7"]
    codes = {p.record_id: (p.code, p.refers_to) for p in result.problems}
    assert codes == {
        "R1": ("duplicate-id", None),
        "R4": ("unknown-reference", RecordRef("cadres", "Z")),
        "R5": ("after-check-day", None),
        "R6": ("unknown-reference", RecordRef("programs", "nope")),
        "R7": ("repeated-record", None),
    }
    assert result.rate == 3 / 4 and result.on_time_rate == 2 / 4
    aged = compliance(the_plan, records=records[:3], as_of="2026-07-15", grace_days=30)
    assert [s for _, s, _ in aged.items()][3:] == ["missed", "missed", "overdue"]


def test_rates_by_group_workload_budget_and_frames() -> None:
    from laoganbu.testing import sample_roster

    roster = sample_roster()
    priced = ServiceProgramDefinition(
        id="gift", name="慰问金", kind="payment", observances=["chunjie"], amount="500",
        who={"kinds": ["离休"]}, source="test",
    )  # fmt: skip
    the_plan = plan(roster, 2026, programs=[*national_programs(), priced])
    result = compliance(the_plan, records=roster.service_records, as_of="2026-11-01")
    living_lixiu = sum(1 for c in roster.living_cadres() if c.kind.value == "lixiu")
    assert result.budget == 500 * living_lixiu
    assert sum(r.due for r in result.by_grid()) == len(the_plan) - result.counts()["upcoming"]
    assert result.workload() and all(v > 0 for v in result.workload().values())
    frame = result.to_polars()
    assert frame.shape == (len(the_plan), 7) and set(frame["status"].unique()) <= {
        "met", "late", "overdue", "missed", "upcoming",
    }  # fmt: skip
    assert len(the_plan.to_pandas()) == len(the_plan)


def test_programme_files_are_validated(tmp_path: Path) -> None:
    from laoganbu import ProgramFileError

    path = tmp_path / "p.toml"
    path.write_text(
        '[[program]]\nid = "x"\nname = "x"\nkind = "走访"\nsource = "s"\ncadence = "month"\n'
        'observances = ["chunjie"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ProgramFileError, match="exactly one of"):
        load_programs(path)
    path.write_text('[[program]]\nid = "x"\nname = "x"\nkind = "飞行"\n', encoding="utf-8")
    with pytest.raises(ProgramFileError, match=r"p\.toml: program x"):
        load_programs(path)


# -- CLI ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from laoganbu.sample import generate_sample

    out = tmp_path_factory.mktemp("county")
    generate_sample(out, cadres=300, seed=3)
    return out


def test_cli_plan_and_compliance(county: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["plan", "--roster", str(county), "--period", "2026", "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)
    assert items and set(items[0]) >= {"cadre_id", "program_id", "start", "end", "reason"}
    result = runner.invoke(
        main,
        ["compliance", "--roster", str(county), "--records", str(county / "records.csv"),
         "--as-of", "2026-11-01", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    counts = data["counts"]
    assert counts["met"] > counts["late"] > 0 and counts["met"] > counts["missed"]
    assert data["rejected"] == []
    result = runner.invoke(
        main,
        ["compliance", "--roster", str(county), "--records", str(county / "nope.csv"),
         "--as-of", "2026-11-01"],
    )  # fmt: skip
    assert result.exit_code == 2


def test_a_death_triggers_its_visit_to_the_family() -> None:
    condolence = ServiceProgramDefinition(
        id="death", name="去世必访", kind="home_visit", triggers=["去世"], response_days=3,
        source="test",
    )  # fmt: skip
    roster = Roster(
        cadres=(cadre("A", death_date="2026-03-10"), cadre("B", death_date="2026.04")),
        life_events=(
            LifeEvent(id="E1", cadre_id="A", kind="去世", date="2026-03-10"),
            LifeEvent(id="E2", cadre_id="B", kind="去世", date="2026.04"),
        ),
    )
    items = plan(roster, 2026, programs=[condolence, MONTHLY])
    assert [(i.cadre_id, i.event_id) for i in items if i.program_id == "death"] == [
        ("A", "E1"),
        ("B", "E2"),
    ]
    # Nothing else falls due on or after the death.
    assert all(
        i.start < roster.cadre(i.cadre_id).death_date.first_day  # type: ignore[union-attr]
        for i in items
        if i.program_id == "call"
    )


def test_nothing_is_due_before_the_cadre_is_born() -> None:
    roster = Roster(cadres=(cadre("A", birth="1950.03"), cadre("B", birth="1940.03")))
    items = plan(roster, 1950, programs=[MONTHLY, FESTIVAL, BIRTHDAY])
    born = PartialDate(1950, 3).first_day
    assert all(i.start >= born for i in items if i.cadre_id == "A")
    assert [i.start.month for i in items if i.cadre_id == "A" and i.program_id == "call"] == list(
        range(3, 13)
    )
