"""Hypothesis strategies for the differential tests of the scheduling engine (#13): rosters with
deaths, survivors and life events, programmes of every timing and condition, ledgers."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from laoganbu import (
    Cadre,
    CadreKind,
    CareLevel,
    Grid,
    GridWorker,
    HealthStatus,
    LifeEvent,
    LifeEventKind,
    PartialDate,
    PartyOrganization,
    Rank,
    Roster,
    ServiceKind,
    ServiceRecord,
    Transfer,
    TransferDirection,
    TransferKind,
    Unit,
)
from laoganbu.models.enums import OrganizationLevel, UnitKind
from laoganbu.programs import ServiceProgramDefinition
from tests.strategies import partial_dates

PERIODS = ("2026", "2025", "2026-Q3", "2025-07..2026-06", "2026-02")
#: Few kinds, so that records matched by kind are contested between programmes.
KINDS = (ServiceKind.PHONE_CALL, ServiceKind.HOME_VISIT)
OBSERVANCES = ("chunjie", "yuanxiao", "qingming", "zhongqiu", "chongyang", "guoqing", "qiyi")


def _maybe(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), values)


@st.composite
def eligibility(draw: Any) -> dict[str, Any]:
    who: dict[str, Any] = {}
    if draw(st.booleans()):
        who["kinds"] = draw(st.lists(st.sampled_from(CadreKind), min_size=1, max_size=3))
    rarely = st.integers(0, 2).map(lambda n: n == 0)
    low = draw(st.integers(60, 100)) if draw(rarely) else None
    high = draw(st.integers(60, 105)) if draw(rarely) else None
    if low is not None and high is not None and high < low:
        low, high = high, low
    who["min_age"], who["max_age"] = low, high
    if draw(st.integers(0, 3)) == 0:
        who["health"] = draw(st.lists(st.sampled_from(HealthStatus), min_size=1, max_size=3))
    if draw(st.integers(0, 3)) == 0:
        who["care_levels"] = draw(st.lists(st.sampled_from(CareLevel), min_size=1, max_size=3))
    for flag in ("relocated", "party_member", "hardship", "lives_alone", "empty_nest"):
        if draw(st.integers(0, 4)) == 0:
            who[flag] = draw(st.booleans())
    if draw(st.integers(0, 3)) == 0:
        who["min_rank"] = draw(st.sampled_from(Rank))
    return who


@st.composite
def programmes(draw: Any, index: int) -> ServiceProgramDefinition:
    data: dict[str, Any] = {
        "id": f"p{index}",
        "name": f"项目{index}",
        "kind": draw(st.sampled_from(KINDS)),
        "source": "test",
        "who": draw(st.one_of(st.just({}), eligibility())),
    }
    timing = draw(st.sampled_from(["cadence", "observance", "trigger", "milestone"]))
    if timing == "cadence":
        data["cadence"] = draw(st.sampled_from(["month", "quarter", "year"]))
        data["count"] = draw(st.sampled_from([1, 1, 2, 3]))
    elif timing == "observance":
        data["observances"] = draw(
            st.lists(st.sampled_from(OBSERVANCES), min_size=1, max_size=4, unique=True)
        )
        data["days_before"] = draw(st.sampled_from([0, 7, 14, 40]))
        data["days_after"] = draw(st.integers(0, 20))
    elif timing == "trigger":
        data["triggers"] = draw(st.lists(st.sampled_from(LifeEventKind), min_size=1, max_size=5))
        data["response_days"] = draw(st.integers(0, 40))
    else:
        data["milestone_ages"] = draw(st.lists(st.integers(60, 106), min_size=1, max_size=10))
    price = draw(st.integers(0, 3))
    if price == 1:
        data["amount"] = draw(st.sampled_from(["500", "20.50", "0.00", "1E+2", "3.3"]))
    elif price == 2:
        data["amount_parameter"] = "gift"
    return ServiceProgramDefinition.model_validate(data)


@st.composite
def programme_lists(draw: Any) -> list[ServiceProgramDefinition]:
    n = draw(st.integers(1, 5))
    found = [draw(programmes(i)) for i in range(n)]
    return draw(st.permutations(found))


def _day(draw: Any, low: int, high: int) -> PartialDate:
    date: PartialDate = draw(partial_dates(low, high))
    return date


@st.composite
def cadres(draw: Any, index: int, ids: list[str]) -> Cadre:
    kind = draw(st.sampled_from(CadreKind))
    data: dict[str, Any] = {
        "id": ids[index],
        "name": "某",
        "sex": draw(st.sampled_from(["男", "女"])),
        "kind": kind,
        "birth_date": _day(draw, 1920, 1966),
        "grid_id": draw(_maybe(st.sampled_from(["G3", "G4", "G9"]))),
        "former_unit_id": draw(_maybe(st.sampled_from(["U1", "U2"]))),
        "relocated": draw(st.booleans()),
        "hardships": draw(st.sampled_from([(), ("病",)])),
        "lives_alone": draw(st.booleans()),
        "empty_nest": draw(st.booleans()),
        "rank": draw(_maybe(st.sampled_from(Rank))),
        "treatment_level": draw(_maybe(st.sampled_from(Rank))),
        "health": {
            "status": draw(_maybe(st.sampled_from(HealthStatus))),
            "care_level": draw(_maybe(st.sampled_from(CareLevel))),
        },
    }
    if draw(st.booleans()):
        data["party_member"] = True
        data["organization_id"] = draw(_maybe(st.just("O2")))
    if kind is CadreKind.LIXIU:
        data["birth_date"] = _day(draw, 1920, 1930)
        data["work_start"] = "1946.01"
    if kind is CadreKind.SURVIVOR:
        data["survivor_of"] = "X"
    if draw(st.integers(0, 2)) == 0:
        death = draw(st.one_of(partial_dates(2024, 2025), partial_dates(2026, 2026)))
        if (death.month, death.day or 1) <= (11, 30):
            data["death_date"] = death
    return Cadre.model_validate(data)


@st.composite
def rosters(draw: Any, max_cadres: int = 8) -> Roster:
    """Cadres of every kind, some dead, some with the same id (a roster built by hand may hold
    duplicates; the engine must not care), and life events, some for unknown cadres."""
    n = draw(st.integers(0, max_cadres))
    ids = [f"C{i}" for i in range(n)]
    if n > 1 and draw(st.integers(0, 5)) == 0:
        ids[-1] = ids[0]
    people = [draw(cadres(i, ids)) for i in range(n)]
    known = [*ids, "Z"] if ids else ["Z"]
    events = [
        LifeEvent(
            id=draw(st.sampled_from([f"E{i}", f"E{i % 3}"])),
            cadre_id=draw(st.sampled_from(known)),
            kind=draw(st.sampled_from(LifeEventKind)),
            date=_day(draw, 2025, 2026),
        )
        for i in range(draw(st.integers(0, 16)))
    ]
    grids = (
        Grid(id="G1", name="县老干部局", level=1),
        Grid(
            id="G3",
            name="中心村",
            level=3,
            parent_id="G1",
            workers=(GridWorker(id="W1", name="甲"), GridWorker(id="W2", name="乙")),
        ),
        Grid(
            id="G4",
            name="东街社区",
            level=3,
            parent_id="G1",
            # Three workers: a third does not add up exactly; W1 serves both grids.
            workers=tuple(GridWorker(id=w, name=w) for w in ("W1", "W3", "W4")),
        ),
    )
    # Moves away and back, of either kind, to the day or the month, some on one day (#18).
    transfers = [
        Transfer(
            id=f"T{i}",
            cadre_id=draw(st.sampled_from(known)),
            direction=draw(st.sampled_from(TransferDirection)),
            kind=draw(st.sampled_from(TransferKind)),
            date=_day(draw, 2025, 2026),
            counterpart="某局",
        )
        for i in range(draw(st.integers(0, 4)))
    ]
    return Roster(
        units=(Unit(id="U1", name="局", kind=UnitKind.BUREAU),),
        grids=grids,
        organizations=(PartyOrganization(id="O2", name="支部", level=OrganizationLevel.BRANCH),),
        cadres=tuple(people),
        life_events=tuple(events),
        transfers=tuple(transfers),
    )


@st.composite
def ledgers(draw: Any, roster: Roster, programs: list[ServiceProgramDefinition]) -> list[Any]:
    """Service records: for known and unknown cadres and programmes, by kind or by programme,
    to the day or the month, repeated ids and exact repeats, some after any check day."""
    ids = sorted({c.id for c in roster.cadres}) or ["Z"]
    # Sometimes every record is for a few cadres: their pools run out before their windows do.
    ids = draw(st.one_of(st.just(ids), st.lists(st.sampled_from(ids), min_size=1, max_size=2)))
    cadre_ids = st.sampled_from([*ids, *ids, "Z"])
    program_ids = st.sampled_from([None, None, *(p.id for p in programs), "nope"])
    n = draw(st.integers(0, 60))
    # Mostly to the day, as ledgers are; a record to the month now and then.
    days = st.dates(_dt.date(2025, 1, 1), _dt.date(2026, 12, 31)).map(
        lambda d: PartialDate(d.year, d.month, d.day)
    )
    month_dated = draw(st.integers(0, 3)) == 0
    record_dates = st.one_of(days, partial_dates(2025, 2026)) if month_dated else days
    records = []
    for i in range(n):
        if records and draw(st.integers(0, 9)) == 0:
            again = draw(st.sampled_from(records))
            if draw(st.booleans()):
                records.append(again)  # the same id again
            else:
                records.append(again.model_copy(update={"id": f"R{i}"}))  # an exact repeat
            continue
        records.append(
            ServiceRecord(
                id=f"R{i}",
                cadre_id=draw(cadre_ids),
                kind=draw(st.sampled_from(KINDS)),
                date=draw(record_dates),
                program_id=draw(program_ids),
                amount=draw(_maybe(st.sampled_from([Decimal("500"), Decimal("20.50")]))),
            )
        )
    return records
