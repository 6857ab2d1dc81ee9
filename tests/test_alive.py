"""One meaning of "alive on a day" (#12): every count of living cadres and the schedule agree.

A cadre is living on a day when no death is recorded or the death falls after that day; a death
recorded to the month only counts from the first day of its month.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from laoganbu import (
    Cadre,
    Grid,
    GridWorker,
    LifeEvent,
    PartialDate,
    PartyOrganization,
    Roster,
    ServiceRecord,
    build_report,
    coverage,
    summarize,
    work_report_statistics,
)
from laoganbu.assessment import metrics
from laoganbu.assessment.metrics import AssessmentData
from laoganbu.periods import Period
from laoganbu.programs import ServiceProgramDefinition
from laoganbu.rules import party
from laoganbu.schedule import plan

from .strategies import partial_dates

# Deaths at the turn of 2024/2025, within 2025, and at the turn of 2025/2026: to the day, the
# day before a period, its first day, a day inside, its last day, the day after; to the month,
# the same months.
DEATHS = {
    "D1": "2024-12-31",
    "D2": "2025-01-01",
    "D3": "2025-06-15",
    "D4": "2025-12-31",
    "D5": "2026-01-01",
    "M1": "2024.12",
    "M2": "2025.01",
    "M3": "2025.06",
    "M4": "2025.12",
    "M5": "2026.01",
}

# Period → (living on its last day, of whom 离休, of whom Party members), counted by hand.
# Besides the ten 离休 cadres above the roster holds a living 离休 (L0) and 退休 (T0) cadre,
# both Party members, and a survivor (S0) who is not.
EXPECTED = {
    # 2025-12-31: only D5 and M5 of the ten are alive; M4 ("2025.12") is not.
    "2025": (5, 3, 4),
    # 2025-06-30: D4, D5, M4 and M5; D3 and M3 died within June.
    "2025-06": (7, 5, 6),
    # 2024-12-31: all but D1 (died that day) and M1 ("2024.12").
    "2024-Q4": (11, 9, 10),
}

# Months of 2025 whose first day each cadre is alive on: the monthly items due to them.
MONTHS_DUE_2025 = {
    "D1": 0,
    "D2": 0,  # died on 1 January: not alive on the first day of the first window
    "D3": 6,  # January to June: alive on 1 June, dead by 1 July
    "D4": 12,
    "D5": 12,
    "M1": 0,
    "M2": 0,  # "2025.01": dead from 1 January
    "M3": 5,  # "2025.06": nothing in June
    "M4": 11,  # "2025.12": nothing in December
    "M5": 12,
    "L0": 12,
    "T0": 12,
    "S0": 12,
}

MONTHLY = ServiceProgramDefinition(
    id="call", name="每月电话", kind="phone_call", cadence="month", source="test",
    who={"kinds": ["离休", "退休", "遗属"]},
)  # fmt: skip


def _cadre(cid: str, kind: str = "离休", **extra: object) -> Cadre:
    fields: dict[str, object] = {
        "id": cid,
        "name": f"人{cid}",
        "sex": "男",
        "birth_date": "1925.01",
        "kind": kind,
        "grid_id": "G3",
        "relocated": kind == "离休",
    }
    if kind == "离休":
        fields["work_start"] = "1946.01"
    if kind != "遗属":
        fields.update(party_member=True, organization_id="O1")
    fields.update(extra)
    return Cadre.model_validate(fields)


def _roster(recorded: str = "death_date") -> Roster:
    """The roster, its deaths recorded in 去世时间 or only as 去世 life events (#18)."""
    if recorded == "death_date":
        cadres = [_cadre(cid, death_date=death) for cid, death in DEATHS.items()]
        events: tuple[LifeEvent, ...] = ()
    else:
        cadres = [_cadre(cid) for cid in DEATHS]
        events = tuple(
            LifeEvent(id=f"E{cid}", cadre_id=cid, kind="去世", date=death)
            for cid, death in DEATHS.items()
        )
    cadres += [
        _cadre("L0"),
        _cadre("T0", "退休", birth_date="1950.01"),
        _cadre("S0", "遗属", birth_date="1930.01", survivor_of="D1"),
    ]
    return Roster(
        grids=(
            Grid(id="G1", name="局", level=1),
            Grid(id="G2", name="东社区", level=2, parent_id="G1"),
            Grid(
                id="G3",
                name="甲小区",
                level=3,
                parent_id="G2",
                workers=(GridWorker(id="W", name="王"),),
            ),
        ),
        organizations=(PartyOrganization(id="O1", name="一支部", level="党支部"),),
        cadres=tuple(cadres),
        life_events=events,
    )


RECORDED = pytest.mark.parametrize("recorded", ["death_date", "life_event"])


def _spy(monkeypatch: pytest.MonkeyPatch, name: str, argument: str) -> list[Any]:
    """Record one argument of every call to :mod:`laoganbu.rules.party`'s ``name``."""
    seen: list[Any] = []
    original = getattr(party, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(kwargs[argument] if argument in kwargs else args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(party, name, spy)
    return seen


@RECORDED
def test_the_roster_is_valid(recorded: str) -> None:
    assert [p for p in _roster(recorded).check() if p.severity == "error"] == []


@RECORDED
@pytest.mark.parametrize("period", sorted(EXPECTED))
def test_every_count_of_living_cadres_agrees(
    period: str, recorded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    roster = _roster(recorded)
    living, lixiu, members = EXPECTED[period]
    day = Period.parse(period).end
    when = PartialDate(day.year, day.month, day.day)
    total = len(roster.cadres)

    # The definition itself, per record and in bulk.
    assert sum(roster.alive_on(c, day) for c in roster.cadres) == living
    assert sum(roster.alive_on(c, when) for c in roster.cadres) == living
    if recorded == "death_date":
        assert sum(c.alive_on(day) for c in roster.cadres) == living
    assert len(list(roster.living_cadres(day))) == living

    # The demo's summary.
    summary = summarize(roster, when)
    assert (summary.living, summary.deceased) == (living, total - living)
    assert summary.people_by_kind["离休"] == lixiu
    assert summary.party_members == members

    # The statistics paragraph: every death of the roster lies within its three years.
    stats = work_report_statistics(roster, on=day)
    assert (stats.retired, stats.lixiu, stats.survivors) == (living - 1, lixiu, 1)
    assert stats.party_members == members
    assert stats.lixiu_yearly_decline * stats.years == total - living

    # Gaps and coverage.
    gaps = coverage(roster, on=day)
    assert (gaps.living, gaps.party_members) == (living, members)

    # The report (figures taken on the period's last day), and the branch's formal members its
    # Party section counts.
    formal = _spy(monkeypatch, "meeting_duties", "formal_members")
    report = build_report(roster, period)
    assert report.as_of == day
    people = next(t for t in report.tables() if t.key == "people")
    rows = dict(people.rows)
    assert (rows["合计"], rows["离休"]) == (living, lixiu)
    assert report.statistics.startswith(f"本地区离退休干部有{living - 1}人，其中离休干部{lixiu}人")
    services = next(s for s in report.sections if s.title.endswith("网格与服务"))
    assert f"在世离退休干部及遗属{living}人" in services.paragraphs[0]
    assert formal == [members]

    # Assessment metrics: the branch's members, and the relocated 离休 cadres to be visited
    # (one visit, to L0, so the coverage is one over their number).
    sizes = _spy(monkeypatch, "organization_form", "formal_members")
    visit = ServiceRecord(
        id="R1", cadre_id="L0", kind="home_visit", date=Period.parse(period).start.isoformat()
    )
    data = AssessmentData(roster=roster, period=Period.parse(period), records=(visit,))
    assert metrics.relocated_visit_coverage(data) == pytest.approx(1 / lixiu)
    metrics.branch_well_formed(data)
    metrics.committee_ok(data)
    with contextlib.suppress(metrics.MissingData):  # no duty falls due within a month
        metrics.meeting_duty_fulfilment(data)
    assert sizes == [members, members]
    assert formal == [members, members]
    assert metrics.grid_coverage(data) == 1.0


@RECORDED
def test_no_item_falls_due_on_or_after_a_death(recorded: str) -> None:
    roster = _roster(recorded)
    result = plan(roster, 2025, programs=[MONTHLY])
    assert {c.id: len(result.for_cadre(c.id)) for c in roster.cadres} == MONTHS_DUE_2025
    for item in result:
        assert roster.alive_on(item.cadre_id, item.start)
        death = roster.death_of(item.cadre_id)
        assert death is None or item.start < death.first_day


def test_a_month_precision_death_counts_from_the_first_day_of_its_month() -> None:
    cadre = _cadre("M", death_date="2026.03")
    assert cadre.alive_on(_dt.date(2026, 2, 28))
    assert not cadre.alive_on(_dt.date(2026, 3, 1))
    assert not cadre.alive_on(PartialDate(2026, 3, 31))
    assert not cadre.alive_on(PartialDate(2026, 3))  # a month means its first day
    day_precise = _cadre("D", death_date="2026.03.15")
    assert day_precise.alive_on(_dt.date(2026, 3, 14))
    assert not day_precise.alive_on(_dt.date(2026, 3, 15))  # the day of death
    assert _cadre("L").alive_on(_dt.date(2200, 1, 1))


days = st.one_of(
    partial_dates(1990, 2030),
    st.dates(_dt.date(1990, 1, 1), _dt.date(2030, 12, 31)),
)


@given(
    lives=st.lists(
        st.tuples(partial_dates(1985, 2030), st.one_of(st.none(), partial_dates(1990, 2030))),
        max_size=20,
    ),
    day=days,
)
def test_the_batch_form_agrees_with_the_per_record_one(
    lives: list[tuple[PartialDate, PartialDate | None]], day: _dt.date | PartialDate
) -> None:
    one_by_one = [
        Cadre.model_construct(birth_date=birth, death_date=death).alive_on(day)
        for birth, death in lives
    ]
    births = [birth for birth, _ in lives]
    assert Cadre.alive_on_each([death for _, death in lives], day, births) == one_by_one


def test_nobody_is_living_before_being_born() -> None:
    cadre = _cadre("L", "退休", birth_date="1952.02")
    assert not cadre.alive_on(_dt.date(1952, 1, 31))
    assert cadre.alive_on(_dt.date(1952, 2, 1)) and cadre.alive_on(PartialDate(1952, 2))
    day_born = _cadre("D", "退休", birth_date="1952-02-12")
    assert not day_born.alive_on(_dt.date(1952, 2, 11)) and day_born.alive_on(_dt.date(1952, 2, 12))
