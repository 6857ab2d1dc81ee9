"""The columnar planning engine (#13) against the per-item one it replaced
(``tests/reference_schedule``): the same items, in the same order, for generated rosters and
programmes and for the sample county under the national baseline and the Wenxi layer."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laoganbu import Cadre, Locality, PartialDate, Roster, read_roster
from laoganbu.programs import ServiceProgramDefinition
from laoganbu.schedule import plan
from laoganbu.schedule.columns import alive, cadre_frame, eligible
from tests import reference_schedule as reference
from tests.schedule_strategies import (
    PERIODS,
    cadres,
    eligibility,
    ledgers,
    programme_lists,
    rosters,
)

pl = pytest.importorskip("polars")


def item_tuples(items: Any) -> list[tuple[Any, ...]]:
    """Items as plain tuples: the reference's ``DueItem`` is another class."""
    return [attrs.astuple(i) for i in items]


def assert_same_plan(roster: Roster, programs: Any, period: str) -> Any:
    if isinstance(programs, Locality):
        new = plan(roster, period, locality=programs)
    else:
        new = plan(roster, period, programs=programs)
    old = reference.plan(roster, programs, period)
    assert item_tuples(new.items) == item_tuples(old.items)
    assert new.by_program() == old.by_program()
    assert len(new) == len(old)
    assert new.rows() == old.rows()
    assert new.to_polars().equals(old.to_polars())
    return new, old


# -- eligibility and living, as expressions --------------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    who=eligibility(),
    people=st.integers(1, 6).flatmap(
        lambda n: st.tuples(*(cadres(i, [f"C{i}" for i in range(n)]) for i in range(n)))
    ),
    day=st.dates(_dt.date(1990, 1, 1), _dt.date(2030, 12, 31)),
)
def test_eligibility_and_living_as_columns_agree_with_the_records(
    who: dict[str, Any], people: tuple[Cadre, ...], day: _dt.date
) -> None:
    rule = ServiceProgramDefinition(
        id="x", name="x", kind="走访", cadence="month", source="t", who=who
    ).who
    frame = cadre_frame(people).with_columns(pl.lit(day).alias("on"))
    got = frame.select(
        eligible(rule, pl.col("on")).alias("eligible"), alive(pl.col("on")).alias("alive")
    )
    on = PartialDate(day.year, day.month, day.day)
    assert got["eligible"].to_list() == [rule.matches(c, on) for c in people]
    assert got["alive"].to_list() == [c.alive_on(day) for c in people]


# -- plans -----------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roster=rosters(), programs=programme_lists(), period=st.sampled_from(PERIODS))
def test_the_columnar_plan_makes_the_reference_items(
    roster: Roster, programs: list[ServiceProgramDefinition], period: str
) -> None:
    assert_same_plan(roster, programs, period)


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Roster:
    from laoganbu.sample import generate_sample

    out = tmp_path_factory.mktemp("county")
    generate_sample(out, cadres=1500, seed=7, records=False)
    return read_roster(out).roster


@pytest.mark.parametrize("code", ["000000", "140823"])
@pytest.mark.parametrize("period", ["2026", "2025-07..2026-06"])
def test_the_sample_county_plans_as_before(county: Roster, code: str, period: str) -> None:
    place = Locality(code)
    if code == "140823":
        assert "wenxi" in place.layers, "the Wenxi plugin is installed for the tests"
    new, _ = assert_same_plan(county, place, period)
    assert len(new) > (1000 if code == "140823" else 10)


def test_a_plan_is_a_frame_first(county: Roster) -> None:
    result = plan(county, 2026, locality=Locality("140823"))
    frame = result.to_polars()
    assert frame is result.frame
    assert frame.columns == [
        "cadre_id", "program_id", "start", "end", "reason", "reason_kind", "event_id",
    ]  # fmt: skip
    first = result.frame.row(0)
    cadre_id = first[0]
    assert [attrs.astuple(i) for i in result.for_cadre(cadre_id)] == [
        row for row in frame.iter_rows() if row[0] == cadre_id
    ]
    assert attrs.astuple(result.items[0]) == first
    assert result.items is result.items  # made once


def test_an_empty_plan() -> None:
    empty = plan(Roster(), 2026, programs=[])
    assert len(empty) == 0 and list(empty) == [] and empty.by_program() == {}
    assert empty.to_polars().columns[0] == "cadre_id"
    assert len(empty.to_pandas()) == 0


# -- compliance ------------------------------------------------------------------------------


def _prices(name: str, day: _dt.date) -> object:
    return {1: "0.00", 2: 120, 3: "12.5"}.get(day.month % 4, 100)


def test_a_plan_of_no_programmes_is_checked_as_nothing_due() -> None:
    from laoganbu import ServiceRecord

    cadre = Cadre.model_validate(
        {"id": "A", "name": "某", "sex": "男", "birth_date": "1950.03", "kind": "退休"}
    )
    roster = Roster(cadres=(cadre,))
    record = ServiceRecord(id="R1", cadre_id="A", kind="phone_call", date="2026-01-15")
    for records in ([], [record]):
        assert_same_compliance(
            plan(roster, 2026, programs=[]),
            reference.plan(roster, [], 2026),
            records,
            as_of="2026-07-01",
        )


def assert_same_compliance(the_plan: Any, old_plan: Any, records: Any, **options: Any) -> Any:
    from laoganbu.schedule import compliance

    new = compliance(the_plan, records=records, **options)
    old = reference.compliance(old_plan, records, **options)
    assert new.statuses == old.statuses
    assert new.matched == old.matched
    assert new.problems == old.problems
    assert (new.payments, str(new.payments)) == (old.payments, str(old.payments))
    assert (new.budget, str(new.budget)) == (old.budget, str(old.budget))
    for table in ("by_grid", "by_organization", "by_unit", "by_grid_worker"):
        assert item_tuples(getattr(new, table)()) == item_tuples(getattr(old, table)())
    assert new.workload() == old.workload()
    assert new.to_dict() == old.to_dict()  # the reference, given no requests, judges none
    assert new.rows() == old.rows()
    assert new.to_polars().equals(old.to_polars())
    return new


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    roster=rosters(),
    programs=programme_lists(),
    period=st.sampled_from(PERIODS),
    as_of=st.dates(_dt.date(2025, 3, 1), _dt.date(2027, 3, 1)),
    grace_days=st.integers(0, 60),
    priced=st.booleans(),
)
def test_the_columnar_compliance_matches_the_reference(
    data: st.DataObject,
    roster: Roster,
    programs: list[ServiceProgramDefinition],
    period: str,
    as_of: _dt.date,
    grace_days: int,
    priced: bool,
) -> None:
    records = data.draw(ledgers(roster, programs))
    new_plan, old_plan = assert_same_plan(roster, programs, period)
    assert_same_compliance(
        new_plan,
        old_plan,
        records,
        as_of=as_of,
        grace_days=grace_days,
        amount_of=_prices if priced else None,
    )


@pytest.fixture(scope="module")
def county_with_ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Roster, Any]:
    from laoganbu import read_table
    from laoganbu.sample import generate_sample

    out = tmp_path_factory.mktemp("ledger")
    generate_sample(out, cadres=1500, seed=11)
    roster = read_roster(out).roster
    ledger = read_table(out / "records.csv", "service_records", against=roster)
    return roster, ledger.roster.service_records


@pytest.mark.parametrize("code", ["000000", "140823"])
@pytest.mark.parametrize("as_of", ["2026-07-15", "2026-11-01", "2027-03-01"])
def test_the_sample_county_complies_as_before(
    county_with_ledger: tuple[Roster, Any], code: str, as_of: str
) -> None:
    roster, records = county_with_ledger
    place = Locality(code)
    new_plan, old_plan = assert_same_plan(roster, place, "2026")
    result = assert_same_compliance(
        new_plan, old_plan, records, as_of=as_of, amount_of=place.parameters.value
    )
    assert len(records) > 10_000 and result.counts()["met"] > 0


def test_a_pool_whose_records_all_come_before_a_window() -> None:
    """A place wanted past the last record of one cadre's pool is no record of the next
    cadre's (found by test_adding_a_record_never_lowers_compliance)."""
    from laoganbu import ServiceRecord

    monthly = ServiceProgramDefinition(
        id="call", name="每月电话", kind="phone_call", cadence="month", source="test"
    )
    roster = Roster(
        cadres=tuple(
            Cadre(id=f"C{i}", name="某", sex="男", birth_date="1950.03", kind="退休")
            for i in range(3)
        )
    )
    records = [
        ServiceRecord(id=f"R{i}", cadre_id=cid, kind="phone_call", date=f"2026-01-0{i + 1}")
        for i, cid in enumerate(["C0", "C1", "C1", "C2"])
    ]
    new_plan, old_plan = assert_same_plan(roster, [monthly], "2026")
    result = assert_same_compliance(new_plan, old_plan, records, as_of="2026-12-01")
    assert result.counts()["met"] == 3
