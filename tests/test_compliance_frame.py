"""``compliance`` from a polars frame of the ledger (#13): the same results as from the record
objects the frame was made of, for generated ledgers and for the sample county under the
national baseline and the Wenxi layer; clear errors for frames it cannot read."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laoganbu import (
    Cadre,
    InvalidDateError,
    InvalidValueError,
    LaoganbuError,
    Locality,
    Roster,
    ServiceRecord,
    read_roster,
)
from laoganbu.io.frames import frame_records, records_frame
from laoganbu.programs import ServiceProgramDefinition
from laoganbu.schedule import compliance, plan
from laoganbu.schedule.records import frame_ledger, ledger_frame
from tests.schedule_strategies import PERIODS, ledgers, programme_lists, rosters

pl = pytest.importorskip("polars")


def _prices(name: str, day: _dt.date) -> object:
    return {1: "0.00", 2: 120, 3: "12.5"}.get(day.month % 4, 100)


def assert_same_result(got: Any, expected: Any, *, payments_text: bool = True) -> None:
    """Everything a ``Compliance`` exposes is the same. ``payments_text=False``: the payments
    are equal as numbers but may be written with other places (see
    :func:`assert_same_from_frame`)."""
    assert got.frame.equals(expected.frame)
    assert got.statuses == expected.statuses
    assert got.matched == expected.matched
    assert [(attrs.astuple(i), s, r) for i, s, r in got.items()] == [
        (attrs.astuple(i), s, r) for i, s, r in expected.items()
    ]
    assert got.problems == expected.problems
    assert got.counts() == expected.counts()
    assert (got.rate, got.on_time_rate) == (expected.rate, expected.on_time_rate)
    for table in ("by_grid", "by_organization", "by_unit", "by_grid_worker"):
        assert getattr(got, table)() == getattr(expected, table)()
    assert got.workload() == expected.workload()
    assert got.rows() == expected.rows()
    assert got.to_polars().equals(expected.to_polars())
    assert (got.budget, str(got.budget)) == (expected.budget, str(expected.budget))
    assert got.payments == expected.payments
    got_dict, expected_dict = got.to_dict(), expected.to_dict()
    if payments_text:
        assert str(got.payments) == str(expected.payments)
    else:
        assert Decimal(got_dict.pop("payments")) == Decimal(expected_dict.pop("payments"))
    assert got_dict == expected_dict
    assert got == expected  # the result's own equality: plan, day, frame, problems, money


def assert_same_from_frame(the_plan: Any, objects: list[ServiceRecord], **options: Any) -> Any:
    """``compliance`` from the objects and from their frame agree in every exposed result.

    A frame holds amounts to the field's two places (``500`` becomes ``500.00``), so the
    payments from it are the same number written with those places: exactly what the record
    objects made back from the frame give, which is checked too."""
    frame = records_frame(ServiceRecord, objects)
    framed = compliance(the_plan, records=frame, **options)
    assert_same_result(
        framed, compliance(the_plan, records=objects, **options), payments_text=False
    )
    back = compliance(the_plan, records=frame_records(ServiceRecord, frame), **options)
    assert_same_result(framed, back)
    return framed


# -- generated rosters, programmes and ledgers ---------------------------------------------


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.data(),
    roster=rosters(),
    programs=programme_lists(),
    period=st.sampled_from(PERIODS),
    as_of=st.dates(_dt.date(2025, 3, 1), _dt.date(2027, 3, 1)),
    grace_days=st.integers(0, 60),
    priced=st.booleans(),
)
def test_compliance_from_a_frame_is_compliance_from_its_records(
    data: st.DataObject,
    roster: Roster,
    programs: list[ServiceProgramDefinition],
    period: str,
    as_of: _dt.date,
    grace_days: int,
    priced: bool,
) -> None:
    objects = data.draw(ledgers(roster, programs))
    assert_same_from_frame(
        plan(roster, period, programs=programs),
        objects,
        as_of=as_of,
        grace_days=grace_days,
        amount_of=_prices if priced else None,
    )


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), roster=rosters(), programs=programme_lists())
def test_a_frame_gives_the_columns_its_records_give(
    data: st.DataObject, roster: Roster, programs: list[ServiceProgramDefinition]
) -> None:
    objects = data.draw(ledgers(roster, programs))
    columns = frame_ledger(records_frame(ServiceRecord, objects)).columns
    expected = ledger_frame(objects)
    assert columns.schema == expected.schema
    assert columns.equals(expected)


# -- the sample county ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def county_with_ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Roster, Any]:
    from laoganbu import read_table
    from laoganbu.sample import generate_sample

    out = tmp_path_factory.mktemp("ledger")
    generate_sample(out, cadres=1500, seed=11)
    roster = read_roster(out).roster
    ledger = read_table(out / "records.csv", "service_records", against=roster)
    return roster, list(ledger.roster.service_records)


@pytest.mark.parametrize("code", ["000000", "140823"])
@pytest.mark.parametrize("as_of", ["2026-07-15", "2027-03-01"])
def test_the_sample_county_complies_the_same_from_a_frame(
    county_with_ledger: tuple[Roster, Any], code: str, as_of: str
) -> None:
    roster, objects = county_with_ledger
    place = Locality(code)
    if code == "140823":
        assert "wenxi" in place.layers, "the Wenxi plugin is installed for the tests"
    result = assert_same_from_frame(
        plan(roster, "2026", locality=place), objects, as_of=as_of, amount_of=place.parameters.value
    )
    assert len(objects) > 10_000 and result.counts()["met"] > 0 and result.problems


# -- what is made from the frame ----------------------------------------------------------


MONTHLY = ServiceProgramDefinition(
    id="call", name="每月电话", kind="phone_call", cadence="month", source="test"
)


def _roster(*ids: str) -> Roster:
    return Roster(
        cadres=tuple(
            Cadre(id=cid, name="某", sex="男", birth_date="1950.03", kind="退休") for cid in ids
        )
    )


def _record(rid: str, cadre_id: str, date: str, **more: Any) -> ServiceRecord:
    return ServiceRecord(id=rid, cadre_id=cadre_id, kind="phone_call", date=date, **more)


def test_records_are_made_only_for_cadres_matched_by_the_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A record dated to the month sends its cadre to the per-item rules, which take objects:
    only that cadre's usable records are made from the frame, nobody else's."""
    import laoganbu.io.frames

    made: list[list[str]] = []
    real = laoganbu.io.frames.frame_records

    def spy(model: Any, frame: Any) -> list[Any]:
        found = real(model, frame)
        made.append([r.id for r in found])
        return found

    monkeypatch.setattr(laoganbu.io.frames, "frame_records", spy)
    the_plan = plan(_roster("A", "B"), 2026, programs=[MONTHLY])
    objects = [
        _record("R1", "B", "2026-01-05"),
        _record("R2", "A", "2026-02"),  # to the month: A is matched by the rules
        _record("R3", "A", "2026-03-09"),
        _record("R4", "A", "2026-03-10"),
        _record("R4", "A", "2026-04-10"),  # a repeated id: not usable, not made
        _record("R5", "Z", "2026-05-01"),  # an unknown cadre: not made
    ]
    framed = assert_same_from_frame(the_plan, objects, as_of="2026-12-01")
    assert framed.counts()["met"] == 3  # Jan (B), Feb and Mar (A)
    assert made == [["R2", "R3", "R4"]]  # by assert_same_from_frame's one frame call
    made.clear()
    compliance(the_plan, records=records_frame(ServiceRecord, objects[:1]), as_of="2026-12-01")
    assert made == []  # nobody needs the rules: no object made


def test_the_frame_s_order_is_the_ledger_s() -> None:
    """The first of two records with one id is the one used: the frame's first row."""
    the_plan = plan(_roster("A"), 2026, programs=[MONTHLY])
    objects = [_record("R1", "A", "2026-01-05"), _record("R1", "A", "2026-02-05")]
    for order in (objects, objects[::-1]):
        framed = assert_same_from_frame(the_plan, order, as_of="2026-12-01")
        month = 0 if order is objects else 1
        assert framed.statuses[month] == "met" and framed.statuses[1 - month] == "missed"


# -- the frames it takes, and those it refuses ---------------------------------------------


def _objects() -> tuple[Any, list[ServiceRecord]]:
    the_plan = plan(_roster("A", "B"), 2026, programs=[MONTHLY])
    objects = [
        _record("R1", "A", "2026-01-05", amount=Decimal("12.50"), provider="甲", notes="好"),
        _record("R2", "B", "2026-02", program_id="call"),
        _record("R3", "A", "2026-03-31", program_id="nope"),
        _record("R4", "B", "2027-01-02", amount=Decimal("3.00")),
    ]
    return the_plan, objects


def test_extra_columns_in_any_order_are_ignored() -> None:
    the_plan, objects = _objects()
    frame = records_frame(ServiceRecord, objects, extra={"row": [2, 3, 4, 5]})
    # Columns named as the engine's own, and the fields in another order.
    frame = frame.with_columns(
        pl.lit(7).alias("pos"), pl.lit("x").alias("code"), pl.lit(None).alias("first")
    ).select(list(reversed([*frame.columns, "pos", "code", "first"])))
    expected = compliance(the_plan, records=objects, as_of="2026-12-01")
    assert_same_result(compliance(the_plan, records=frame, as_of="2026-12-01"), expected)


def test_missing_optional_columns_are_null() -> None:
    the_plan, objects = _objects()
    frame = records_frame(ServiceRecord, objects).drop("program_id", "amount", "provider")
    bare = [r.model_copy(update={"program_id": None, "amount": None}) for r in objects]
    got = compliance(the_plan, records=frame, as_of="2026-12-01")
    assert_same_result(got, compliance(the_plan, records=bare, as_of="2026-12-01"))
    assert got.payments == 0 and not any(p.code == "unknown-reference" for p in got.problems)
    # A column of nothing but nulls may come untyped: the same.
    untyped = frame.with_columns(pl.lit(None).alias("program_id"), pl.lit(None).alias("amount"))
    assert untyped.schema["amount"] == pl.Null
    assert_same_result(compliance(the_plan, records=untyped, as_of="2026-12-01"), got)


def test_text_columns_may_be_categorical() -> None:
    the_plan, objects = _objects()
    frame = records_frame(ServiceRecord, objects).with_columns(
        pl.col("cadre_id", "kind", "program_id").cast(pl.Categorical)
    )
    expected = compliance(the_plan, records=objects, as_of="2026-12-01")
    assert_same_result(compliance(the_plan, records=frame, as_of="2026-12-01"), expected)


def test_an_empty_frame_is_an_empty_ledger() -> None:
    the_plan, _ = _objects()
    frame = records_frame(ServiceRecord, [])
    assert_same_result(
        compliance(the_plan, records=frame, as_of="2026-12-01"),
        compliance(the_plan, records=[], as_of="2026-12-01"),
    )


@pytest.mark.parametrize("column", ["id", "cadre_id", "kind", "date"])
def test_a_frame_without_a_required_column_is_refused(column: str) -> None:
    the_plan, objects = _objects()
    frame = records_frame(ServiceRecord, objects).drop(column)
    words = rf"no column '{column}' .* / 服务记录表缺少列"
    with pytest.raises(InvalidValueError, match=words) as e:
        compliance(the_plan, records=frame, as_of="2026-12-01")
    assert isinstance(e.value, LaoganbuError) and isinstance(e.value, ValueError)


@pytest.mark.parametrize(
    ("column", "values"),
    [
        ("date", [_dt.date(2026, 1, 5)] * 4),  # dates as dates: the convention is text
        ("cadre_id", [1, 2, 1, 2]),
        ("amount", [12.5, None, None, 3.0]),  # money as floats
        ("program_id", [None, 1, 2, None]),
    ],
)
def test_a_column_of_the_wrong_type_is_refused(column: str, values: list[Any]) -> None:
    the_plan, objects = _objects()
    frame = records_frame(ServiceRecord, objects).with_columns(pl.Series(column, values))
    with pytest.raises(InvalidValueError, match=rf"column '{column}' holds .* / 服务记录表的列"):
        compliance(the_plan, records=frame, as_of="2026-12-01")


@pytest.mark.parametrize(
    ("column", "value", "error", "words"),
    [
        ("cadre_id", None, InvalidValueError, r"'cadre_id' is empty in 1 rows .*frame row 2"),
        ("date", "2026-02-30", InvalidDateError, r"frame row 2: '2026-02-30'"),
        ("date", "2026-1-5", InvalidDateError, r"frame row 2: '2026-1-5'"),
        ("date", "2026.01", InvalidDateError, r"no date written YYYY-MM"),
        ("date", "0999-01", InvalidDateError, r"frame row 2"),  # no PartialDate's year
        ("kind", "电话", InvalidValueError, r"no service kind's code .*frame row 2: '电话'"),
    ],
)
def test_a_value_no_record_could_hold_is_refused(
    column: str, value: Any, error: type[Exception], words: str
) -> None:
    the_plan, objects = _objects()
    frame = records_frame(ServiceRecord, objects).with_columns(
        pl.when(pl.int_range(pl.len()) == 2)
        .then(pl.lit(value, dtype=pl.String))
        .otherwise(pl.col(column))
        .alias(column)
    )
    with pytest.raises(error, match=words) as e:
        compliance(the_plan, records=frame, as_of="2026-12-01")
    assert " / " in str(e.value)
