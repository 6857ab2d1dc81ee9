"""Dates, personal information, bilingual enumerations and the public API."""

from __future__ import annotations

import ast
import datetime as dt
import json
import logging
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

import laoganbu
from laoganbu import (
    Address,
    Cadre,
    HealthNote,
    InvalidDateError,
    InvalidValueError,
    PartialDate,
    Period,
    PhoneNumber,
    Unit,
    UnknownEnumValueError,
    age_on,
)
from laoganbu.labels import LabeledEnum
from laoganbu.models import enums
from laoganbu.models.base import split_list

# -- dates ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("1949.09", "1949-09"), ("1949.9", "1949-09"), ("1949-09", "1949-09"),
        ("1949/9", "1949-09"), ("1949年9月", "1949-09"), ("194909", "1949-09"),
        ("1949.09.01", "1949-09-01"), ("1949年9月1日", "1949-09-01"), ("19490901", "1949-09-01"),
        ("1949-09-01T08:30:00", "1949-09-01"), ("１９４９年９月", "1949-09"),
        ("1949.10", "1949-10"), ("1949.1.5", "1949-01-05"), ("1949-1", "1949-01"),
    ],
)  # fmt: skip
def test_accepted_date_forms(text: str, iso: str) -> None:
    assert PartialDate.parse(text).isoformat() == iso


def test_excel_serials_and_native_dates() -> None:
    assert PartialDate.parse(18142).isoformat() == "1949-09-01"
    assert PartialDate.parse(18142.0).isoformat() == "1949-09-01"
    assert PartialDate.parse(dt.date(1949, 9, 1)).precision == "day"
    with pytest.raises(InvalidDateError):
        PartialDate.parse(18141.5)
    # Excel's day count includes a 29 February 1900 that never was: before it, one day behind.
    assert PartialDate.parse(1).isoformat() == "1900-01-01"
    assert PartialDate.parse(59).isoformat() == "1900-02-28"
    assert PartialDate.parse(61).isoformat() == "1900-03-01"
    with pytest.raises(InvalidDateError, match="1900-02-29"):
        PartialDate.parse(60)


@pytest.mark.parametrize("text", ["18142", "17777", "59", "18142.0", "1234567", "-5", "9" * 5000])
def test_a_day_number_in_text_is_refused(text: str) -> None:
    # Day numbers only exist in workbook cells; in text (a CSV file's) a number is no date.
    with pytest.raises(InvalidDateError, match="a number in text is not a date"):
        PartialDate.parse(text)


@pytest.mark.parametrize("text", ["1949.1", "1949．1", " 1949.1 "])
def test_a_month_written_dot_1_is_refused_as_ambiguous(text: str) -> None:
    # A CSV file writes a number cell holding 1949.10 as 1949.1: October, or January typed?
    with pytest.raises(InvalidDateError, match=r"1949\.01 or 1949\.10"):
        PartialDate.parse(text)


@pytest.mark.parametrize("number", [float("inf"), float("-inf"), float("nan"), 1e300, 10**300])
def test_numbers_no_day_can_be_are_refused(number: float) -> None:
    with pytest.raises(InvalidDateError):
        PartialDate.parse(number)


@pytest.mark.parametrize("number", [1949.09, 1949.1, 1949.12])
def test_a_year_and_month_in_a_number_cell_is_refused(number: float) -> None:
    with pytest.raises(InvalidDateError, match="as text"):
        PartialDate.parse(number)


@pytest.mark.parametrize("year", ["1949", "１９３５", 1935, 1935.0, "2026", "1800", 2200])
def test_a_year_alone_is_refused_not_read_as_a_day_number(year: object) -> None:
    with pytest.raises(InvalidDateError, match="year alone"):
        PartialDate.parse(year)


@pytest.mark.parametrize("bad", ["1949.13", "1949.02.30", "九月", "", "1949.00", True, None])
def test_rejected_dates(bad: object) -> None:
    with pytest.raises(InvalidDateError):
        PartialDate.parse(bad)


@settings(max_examples=300, deadline=None)
@given(
    year=st.integers(min_value=1850, max_value=2100),
    month=st.integers(min_value=1, max_value=12),
    day=st.one_of(st.none(), st.integers(min_value=1, max_value=28)),
)
def test_round_trips_and_month_arithmetic(year: int, month: int, day: int | None) -> None:
    value = PartialDate(year, month, day)
    assert PartialDate.parse(value.isoformat()) == value
    assert PartialDate.parse(value.label) == value
    assert PartialDate.from_month_index(value.month_index) == value.to_month()
    assert value.add_months(13).month_index == value.month_index + 13
    assert value.first_day <= value.last_day


def test_month_precision_orders_before_its_days_and_ages() -> None:
    assert PartialDate(1949, 9) < PartialDate(1949, 9, 1) < PartialDate(1949, 10)
    # The birthday counts as reached on the first day of the birth month.
    assert age_on(PartialDate(1950, 3), PartialDate(2026, 3, 1)) == 76
    assert age_on(PartialDate(1950, 3), PartialDate(2026, 2, 28)) == 75
    assert age_on(PartialDate(1950, 3, 15), PartialDate(2026, 3, 14)) == 75


# -- periods -------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(year=st.integers(min_value=1900, max_value=2100))
def test_months_and_quarters_partition_a_year(year: int) -> None:
    period = Period.year(year)
    months = list(period.months())
    assert len(months) == 12 and sum(m.days for m in months) == period.days
    assert [q.isoformat() for q in period.quarters()] == [f"{year}-Q{q}" for q in range(1, 5)]
    for p in (period, months[4], next(period.quarters())):
        assert Period.parse(p.isoformat()) == p


def test_period_forms_and_month_precision() -> None:
    assert Period.parse("2026年第三季度") == Period.quarter(2026, 3)
    assert Period.parse("2026-01..2026-06").days == 181
    july = Period.parse("2026-07")
    assert july.contains(PartialDate(2026, 7)) and not Period.parse("2026-07-01").contains(
        PartialDate(2026, 7)
    )
    assert Period.parse("2026-07-01").overlaps_month(PartialDate(2026, 7))
    with pytest.raises(InvalidValueError):
        Period.parse("2026-Q5")


# -- personal information --------------------------------------------------------------------


PHONE, ADDRESS, NOTE, ID = (
    "13812345678",
    "山西省运城市闻喜县桐城镇中心村12号",
    "高血压",
    "11010519491231002X",
)


def _person() -> Cadre:
    return Cadre.model_validate(
        {"id": "C1", "name": "张三", "sex": "女", "birth_date": "1949.12", "kind": "退休",
         "id_number": ID, "phone": PHONE, "address": ADDRESS,
         "health": {"status": "患慢性病", "notes": NOTE}}
    )  # fmt: skip


def test_masked_everywhere_by_default(caplog: pytest.LogCaptureFixture) -> None:
    cadre = _person()
    shown = [
        repr(cadre),
        str(cadre),
        f"{cadre}",
        cadre.model_dump_json(),
        json.dumps(cadre.model_dump(mode="json"), ensure_ascii=False),
    ]
    logging.getLogger("test").warning("%s %r", cadre, cadre)
    shown.append(caplog.text)
    for text in shown:
        for secret in (PHONE, ADDRESS, NOTE, ID):
            assert secret not in text
    revealed = cadre.model_dump_json(context={"reveal_pii": True})
    for secret in (PHONE, ADDRESS, NOTE, ID):
        assert secret in revealed


def test_masked_values() -> None:
    phone = PhoneNumber(PHONE)
    assert repr(phone) == "PhoneNumber('138****5678')" and f"{phone}" == "138****5678"
    assert phone.reveal() == PHONE and phone == PhoneNumber(PHONE) and hash(phone)
    assert pickle.loads(pickle.dumps(phone)) == phone
    assert ADDRESS not in str(Address(ADDRESS)) and NOTE not in repr(HealthNote(NOTE))
    with pytest.raises(InvalidValueError):
        PhoneNumber("138****5678")  # an already masked value cannot come back as real


def test_validation_errors_do_not_leak() -> None:
    with pytest.raises(ValidationError) as info:
        Cadre.model_validate(
            {"id": "C1", "name": "张", "sex": "男", "birth_date": "1950.01", "kind": "退休",
             "phone": "1381234567X"}
        )  # fmt: skip
    assert "1381234567X" not in str(info.value)
    with pytest.raises(ValidationError) as info:
        Cadre.model_validate(
            {"id": "C1", "name": "张", "sex": "男", "birth_date": "1950.01", "kind": "退休",
             "health": {"status": "肺癌晚期", "care_level": "卧床不起"}}
        )  # fmt: skip
    assert "肺癌" not in str(info.value) and "卧床" not in str(info.value)
    assert "HealthStatus" in str(info.value) and "CareLevel" in str(info.value)


def test_personal_text_refuses_control_characters() -> None:
    with pytest.raises(InvalidValueError, match="control character"):
        Address("北京市\x07东城区")
    assert Address("北京市\n东城区").reveal() == "北京市\n东城区"


@pytest.mark.parametrize(
    ("code", "ok"),
    [("140823", True), ("140823100", True), ("810000", True), ("990823", False),
     ("000000", False), ("14082", False), ("1408231", False)],
)  # fmt: skip
def test_division_codes_must_name_a_province(code: str, ok: bool) -> None:
    data = {"id": "U1", "name": "闻喜县委组织部", "kind": "党政机关", "division_code": code}
    if ok:
        assert Unit.model_validate(data).division_code == code
    else:
        with pytest.raises(ValidationError, match="division_code"):
            Unit.model_validate(data)


# -- bilingual enumerations ------------------------------------------------------------------


ENUMS = [getattr(enums, name) for name in enums.__all__ if isinstance(getattr(enums, name), type)]


@pytest.mark.parametrize("enum", ENUMS, ids=lambda e: e.__name__)
def test_every_member_parses_from_code_label_and_aliases(enum: type[LabeledEnum]) -> None:
    for member in enum:
        for text in (member.value, member.label, *member.aliases):
            assert enum.parse(text) is member
            assert enum(text) is member


def test_unknown_values_list_what_is_accepted() -> None:
    with pytest.raises(UnknownEnumValueError, match="离休"):
        enums.CadreKind.parse("离职")
    with pytest.raises(UnknownEnumValueError, match="离休"):  # calling the enum says the same
        enums.CadreKind("离职")
    with pytest.raises(UnknownEnumValueError, match="CadreKind"):
        enums.CadreKind(3)


# -- public API ----------------------------------------------------------------------------------


def test_all_is_complete_and_resolves() -> None:
    exports = laoganbu._EXPORTS  # type: ignore[attr-defined]
    assert set(laoganbu.__all__) == {*exports, "__version__"}
    for name in laoganbu.__all__:
        assert getattr(laoganbu, name) is not None
    source = Path(laoganbu.__file__).read_text(encoding="utf-8")
    typed: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.col_offset > 0:
            for alias in node.names:
                typed[alias.name] = node.module
    assert typed == exports  # the TYPE_CHECKING imports say the same as the lazy table


def test_every_table_record_is_known_by_its_id() -> None:
    from laoganbu.models import TABLES, GridWorker, IdentifiedRecord, Record

    for model in (*TABLES.values(), GridWorker):
        assert issubclass(model, IdentifiedRecord), model
        assert next(iter(model.model_fields)) == "id"  # the first column, as before
    assert "id" not in Record.model_fields  # a cadre's health has no id of its own


def test_import_is_light() -> None:
    heavy = "('pydantic', 'openpyxl', 'rich', 'pluggy', 'polars', 'pandas', 'narwhals')"
    code = f"import sys, laoganbu; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_no_public_name_is_shadowed_by_a_submodule() -> None:
    # Importing laoganbu.x sets the attribute x on the package, hiding a public name x.
    package = Path(laoganbu.__file__).parent
    submodules = {p.stem for p in package.glob("*.py")} | {
        p.name for p in package.iterdir() if (p / "__init__.py").exists()
    }
    assert not submodules & set(laoganbu.__all__)


@given(st.text(alphabet="ab 、;；,，|｜\t\u3000x", max_size=30))
def test_split_list_splits_at_every_separator_and_drops_blanks(text: str) -> None:
    expected = [part.strip() for part in re.split(r"[、;；,，|｜]", text) if part.strip()]
    assert split_list(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=694_224_000, max_value=4_102_444_800))  # 1992 to 2100
def test_china_now_without_a_time_zone_database_agrees_with_pendulum(stamp: int) -> None:
    """Today's date comes from UTC+8 (no daylight saving in China since 1991), not the zone
    database; it must be the day pendulum gives for Asia/Shanghai."""
    import pendulum

    from laoganbu.dates import _CHINA_NOW

    ours = dt.datetime.fromtimestamp(stamp, _CHINA_NOW).date()
    theirs = pendulum.from_timestamp(stamp, tz="Asia/Shanghai").date()
    assert ours == dt.date(theirs.year, theirs.month, theirs.day)


@pytest.mark.parametrize("package", ["laoganbu", "laoganbu.models", "laoganbu.rules"])
def test_no_lazy_export_shares_its_name_with_a_submodule(package: str) -> None:
    """Importing a submodule sets the package's attribute of its name: a function exported
    lazily under the same name would turn into the module (it did: rules.party_dues)."""
    import importlib
    import pkgutil

    module = importlib.import_module(package)
    submodules = {info.name for info in pkgutil.iter_modules(module.__path__)}
    assert set(module.__all__) & submodules == set()


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.booleans())
def test_date_columns_read_as_partial_date_reads(day: dt.date, to_day: bool) -> None:
    """The columns forms of month_index and first_day agree with PartialDate's."""
    import polars as pl

    from laoganbu.dates import first_day_column, month_index_column

    date = PartialDate(day.year, day.month, day.day if to_day else None)
    frame = pl.DataFrame({"d": [date.isoformat(), None]}).select(
        month_index_column(pl.col("d")).alias("m"), first_day_column(pl.col("d")).alias("f")
    )
    assert frame.row(0) == (date.month_index, date.first_day)
    assert frame.row(1) == (None, None)
