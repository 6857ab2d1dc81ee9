"""``Roster.frame``: every table as a polars frame with the files' columns, personal values
masked unless revealed, read back to the same records, and read by the batch rules as
``batch.cadres_frame`` is."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Any

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laoganbu import (
    InvalidValueError,
    LaoganbuError,
    Roster,
    batch,
    read_roster,
    statutory_retirement,
)
from laoganbu.io.frames import frame_records, records_frame
from laoganbu.io.roster_frames import CATEGORY_COLUMN, frame_columns
from laoganbu.io.tables import SCHEMAS
from laoganbu.models.enums import Sex
from laoganbu.models.roster import TABLES
from laoganbu.testing import sample_folder, sample_roster
from tests.strategies import rosters

CHILD_TABLES = [name for name, schema in SCHEMAS.items() if schema.parent is not None]


@pytest.fixture(scope="module")
def roster() -> Roster:
    return sample_roster()


def record_count(roster: Roster, name: str) -> int:
    schema = SCHEMAS[name]
    if schema.parent is None:
        return len(roster.table(name))
    parents = roster.table(schema.parent.table)
    return sum(len(getattr(parent, schema.parent.field)) for parent in parents)


def file_columns(name: str) -> list[str]:
    """The English headers of the table's CSV file."""
    return [column.name for column in SCHEMAS[name].all_columns()]


# -- every table -------------------------------------------------------------------------------


def test_every_table_and_child_table_is_covered() -> None:
    assert set(TABLES) < set(SCHEMAS)
    assert set(CHILD_TABLES) == {
        "contacts", "grid_workers", "committee_members", "group_tasks", "care_plan_measures",
    }  # fmt: skip


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_one_row_a_record_with_the_files_columns(roster: Roster, name: str) -> None:
    frame = roster.frame(name)
    assert frame.height == record_count(roster, name) > 0
    extra = [CATEGORY_COLUMN] if name == "cadres" else []
    assert frame.columns == [*file_columns(name), *extra]
    assert dict(frame.schema) == frame_columns(name)


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_an_empty_roster_gives_empty_frames_of_the_same_columns(name: str) -> None:
    frame = Roster().frame(name)
    assert frame.height == 0
    assert dict(frame.schema) == frame_columns(name)


@pytest.mark.parametrize(
    ("name", "column", "dtype"),
    [
        ("service_records", "amount", pl.Decimal(38, 2)),
        ("supports", "amount", pl.Decimal(38, 2)),
        ("service_records", "date", pl.String()),
        ("service_records", "kind", pl.String()),
        ("meetings", "attendee_ids", pl.List(pl.String)),
        ("cadres", "expertise", pl.List(pl.String)),
        ("cadres", "party_member", pl.Boolean()),
        ("cadres", "health_status", pl.String()),
        ("grids", "level", pl.Int64()),
        ("group_tasks", "year", pl.Int64()),
        ("group_tasks", "group_id", pl.String()),
        ("volunteer_activities", "hours", pl.Float64()),
    ],
)
def test_documented_types(roster: Roster, name: str, column: str, dtype: pl.DataType) -> None:
    assert roster.frame(name).schema[column] == dtype


def test_values_are_codes_and_iso_dates(roster: Roster) -> None:
    frame = roster.frame("cadres")
    first = roster.cadres[0]
    row = frame.row(0, named=True)
    assert row["sex"] == first.sex.value
    assert row["kind"] == first.kind.value
    assert row["birth_date"] == first.birth_date.isoformat()
    assert set(frame["sex"]) == {s.value for s in Sex}
    supports = roster.frame("supports")
    with_amount = next(r for r in roster.supports if r.amount is not None)
    found = supports.filter(pl.col("id") == with_amount.id)
    assert found["amount"].item() == with_amount.amount
    assert isinstance(found["amount"].item(), Decimal)


def test_child_rows_carry_their_parents_id(roster: Roster) -> None:
    expected = [(c.id, contact.name) for c in roster.cadres for contact in c.contacts]
    assert roster.frame("contacts").select("cadre_id", "name").rows() == expected
    members = [(o.id, m.cadre_id, m.role.value) for o in roster.organizations for m in o.committee]
    assert roster.frame("committee_members").rows() == members


def test_chinese_label_and_english_name_give_the_same_frame(roster: Roster) -> None:
    assert roster.frame("离退休干部").equals(roster.frame("cadres"))
    assert roster.frame("亲属联系人").equals(roster.frame("contacts"))


def test_unknown_table_is_refused_in_both_languages(roster: Roster) -> None:
    with pytest.raises(InvalidValueError, match=r"no table 'cadre'; did you mean cadres") as info:
        roster.frame("cadre")
    assert "没有这个表" in str(info.value)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, LaoganbuError)


def test_an_import_result_gives_its_rosters_frames() -> None:
    result = read_roster(sample_folder(), ledgers=())
    assert result.frame("cadres").equals(result.roster.frame("cadres"))
    assert result.frame("grids", reveal_pii=True).equals(
        result.roster.frame("grids", reveal_pii=True)
    )
    revealed = result.frame("cadres", reveal_pii=True)["id_number"].drop_nulls()
    assert revealed.equals(result.roster.frame("cadres", reveal_pii=True)["id_number"].drop_nulls())
    assert not revealed.str.contains(r"\*").any()


# -- personal information ------------------------------------------------------------------------


def cadre_with_everything(roster: Roster) -> Any:
    return next(
        c
        for c in roster.cadres
        if c.id_number and c.phone and c.address and c.health.notes and c.health.status
    )


def test_personal_values_are_masked_by_default(roster: Roster) -> None:
    cadre = cadre_with_everything(roster)
    row = roster.frame("cadres").filter(pl.col("id") == cadre.id).row(0, named=True)
    assert row["id_number"] == cadre.id_number.masked != cadre.id_number.reveal()
    assert row["phone"] == cadre.phone.masked != cadre.phone.reveal()
    assert row["address"] == cadre.address.masked != cadre.address.reveal()
    assert row["health_notes"] == "***"
    assert row["health_status"] == "***"
    # Who the cadre is stays readable: masking is for personal values only.
    assert row["name"] == cadre.name


def test_personal_values_are_revealed_on_request(roster: Roster) -> None:
    cadre = cadre_with_everything(roster)
    frame = roster.frame("cadres", reveal_pii=True)
    row = frame.filter(pl.col("id") == cadre.id).row(0, named=True)
    assert row["id_number"] == cadre.id_number.reveal()
    assert row["phone"] == cadre.phone.reveal()
    assert row["address"] == cadre.address.reveal()
    assert row["health_notes"] == cadre.health.notes.reveal()
    assert row["health_status"] == cadre.health.status.value


def test_no_revealed_value_is_left_anywhere_in_a_masked_frame(roster: Roster) -> None:
    secrets = set()
    for cadre in roster.cadres:
        for value in (cadre.id_number, cadre.phone, cadre.address, cadre.health.notes):
            if value is not None:
                secrets.add(value.reveal())
        secrets.update(c.phone.reveal() for c in cadre.contacts if c.phone is not None)
    secrets.update(w.phone.reveal() for g in roster.grids for w in g.workers)
    for name in ("cadres", "contacts", "grid_workers"):
        frame = roster.frame(name)
        cells = {v for column in frame.select(pl.col(pl.String)).iter_columns() for v in column}
        assert not (cells & secrets), name
        revealed = roster.frame(name, reveal_pii=True)
        cells = {v for column in revealed.select(pl.col(pl.String)).iter_columns() for v in column}
        assert cells & secrets, name


def test_a_child_tables_phones_are_masked(roster: Roster) -> None:
    contact = next(c for cadre in roster.cadres for c in cadre.contacts if c.phone is not None)
    masked = roster.frame("contacts")["phone"].drop_nulls()
    revealed = roster.frame("contacts", reveal_pii=True)["phone"].drop_nulls()
    assert contact.phone.masked in masked.to_list()
    assert contact.phone.reveal() in revealed.to_list()
    assert contact.phone.reveal() not in masked.to_list()


# -- back to records ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["service_records", "life_events", "supports", "meetings"])
def test_a_revealed_flat_frame_reads_back_to_equal_records(roster: Roster, name: str) -> None:
    records = roster.table(name)
    frame = roster.frame(name, reveal_pii=True)
    assert frame_records(TABLES[name], frame) == list(records)
    # The same frame the conventions module makes of the records.
    assert frame.equals(records_frame(TABLES[name], records, reveal_pii=True))


def test_a_revealed_child_frame_reads_back_to_equal_records(roster: Roster) -> None:
    contacts = [contact for cadre in roster.cadres for contact in cadre.contacts]
    assert frame_records(SCHEMAS["contacts"].model, roster.frame("contacts", reveal_pii=True)) == (
        contacts
    )


def test_a_masked_frame_does_not_read_back_to_the_real_values(roster: Roster) -> None:
    assert any(e.notes for e in roster.life_events)
    with pytest.raises(InvalidValueError, match="reveal_pii"):
        frame_records(TABLES["life_events"], roster.frame("life_events"))


# -- the batch rules read the cadres' frame -------------------------------------------------------

DAY = "2026-11-01"


def test_cadres_frame_derives_the_same_category(roster: Roster) -> None:
    assert (
        roster.frame("cadres")[CATEGORY_COLUMN].to_list()
        == batch.cadres_frame(roster)["retirement_category"].to_list()
    )
    assert set(roster.frame("cadres")[CATEGORY_COLUMN]) == {"male", "female-cadre"}


def test_retirement_of_the_frame_equals_retirement_of_cadres_frame(roster: Roster) -> None:
    columns = list(batch.RETIREMENT_COLUMNS)
    ours = batch.retirement(roster.frame("cadres"), on=DAY).select(columns)
    theirs = batch.retirement(batch.cadres_frame(roster), on=DAY).select(columns)
    assert ours.equals(theirs)
    assert ours.null_count().sum_horizontal().item() == 0


def expected_retirement(birth: Any, sex: Sex, on: Any) -> dict[str, Any]:
    category = "male" if sex is Sex.MALE else "female-cadre"
    r = statutory_retirement(birth, category, on=on)
    return {
        "retirement_original_age_months": r.original_age_months,
        "retirement_delay_months": r.delay_months,
        "retirement_age_months": r.age_months,
        "retirement_month": r.retirement_month.isoformat(),
        "retirement_earliest_age_months": r.earliest_age_months,
        "retirement_earliest_month": r.earliest_month.isoformat(),
        "retirement_latest_age_months": r.latest_age_months,
        "retirement_latest_month": r.latest_month.isoformat(),
    }


def test_retirement_of_the_sample_equals_the_per_record_rule(roster: Roster) -> None:
    out = batch.retirement(roster.frame("cadres"), on=DAY)
    assert out.height == len(roster.cadres)
    for cadre, row in zip(roster.cadres, out.iter_rows(named=True), strict=True):
        got = {key: row[key] for key in batch.RETIREMENT_COLUMNS}
        assert got == expected_retirement(cadre.birth_date, cadre.sex, DAY), cadre.id


@settings(max_examples=30, deadline=None)
@given(
    roster=rosters(max_cadres=8),
    day=st.dates(_dt.date(2000, 1, 1), _dt.date(2045, 12, 31)),
)
def test_retirement_of_any_roster_equals_the_per_record_rule(roster: Roster, day: _dt.date) -> None:
    out = batch.retirement(roster.frame("cadres"), on=day)
    assert out["id"].to_list() == [c.id for c in roster.cadres]
    for cadre, row in zip(roster.cadres, out.iter_rows(named=True), strict=True):
        got = {key: row[key] for key in batch.RETIREMENT_COLUMNS}
        assert got == expected_retirement(cadre.birth_date, cadre.sex, day)


@settings(max_examples=30, deadline=None)
@given(roster=rosters(max_cadres=8))
def test_masking_of_any_roster(roster: Roster) -> None:
    masked = roster.frame("cadres")
    revealed = roster.frame("cadres", reveal_pii=True)
    for cadre, hidden, shown in zip(
        roster.cadres, masked.iter_rows(named=True), revealed.iter_rows(named=True), strict=True
    ):
        for field in ("id_number", "phone", "address"):
            value = getattr(cadre, field)
            assert hidden[field] == (None if value is None else value.masked)
            assert shown[field] == (None if value is None else value.reveal())
        for part in ("status", "care_level", "notes"):
            value = getattr(cadre.health, part)
            assert hidden[f"health_{part}"] == (None if value is None else "***")
            expected = None
            if value is not None:
                expected = value.reveal() if part == "notes" else value.value
            assert shown[f"health_{part}"] == expected


def test_age_profile_needs_the_health_status_revealed(roster: Roster) -> None:
    columns = list(batch.AGE_COLUMNS)
    theirs = batch.age_profile(batch.cadres_frame(roster), on=DAY).select(columns)
    revealed = batch.age_profile(roster.frame("cadres", reveal_pii=True), on=DAY)
    assert revealed.select(columns).equals(theirs)
    # Masked, a known health status reads as unknown: 双高期 is null where the age qualifies.
    masked = batch.age_profile(roster.frame("cadres"), on=DAY)
    assert masked["double_high"].null_count() > theirs["double_high"].null_count()
    assert masked.select("age", "age_band").equals(theirs.select("age", "age_band"))


# -- other engines ----------------------------------------------------------------------------


def test_pandas_through_polars(roster: Roster) -> None:
    pytest.importorskip("pandas")
    frame = roster.frame("service_records")
    pandas = frame.to_pandas()
    assert list(pandas.columns) == frame.columns
    assert len(pandas) == frame.height
    assert pandas["id"].tolist() == frame["id"].to_list()
    cadres = roster.frame("cadres").to_pandas()
    out = batch.retirement(cadres, on=DAY)
    expected = batch.retirement(roster.frame("cadres"), on=DAY)["retirement_month"].to_list()
    assert out["retirement_month"].tolist() == expected


def test_arrow_through_polars(roster: Roster) -> None:
    pa = pytest.importorskip("pyarrow")
    table = roster.frame("service_records").to_arrow()
    assert table.num_rows == len(roster.service_records)
    assert table.schema.field("amount").type == pa.decimal128(38, 2)
    meetings = roster.frame("meetings").to_arrow()
    assert pa.types.is_list(meetings.schema.field("attendee_ids").type) or pa.types.is_large_list(
        meetings.schema.field("attendee_ids").type
    )
    assert pl.from_arrow(table).equals(roster.frame("service_records"))
