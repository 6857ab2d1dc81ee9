"""Fuzzing each reader against the outcome contract of #12.

Whatever a file holds, reading it ends in one of three documented outcomes: accepted,
rows rejected with problems, or :class:`UnusableInputError`. No other exception escapes;
``laoganbu validate --json`` exits 0, 1 or 2 and prints JSON that parses; and every row that
holds anything is either accepted or named by a problem.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import tempfile
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from laoganbu import UnusableInputError, read_roster
from laoganbu.cli import main
from laoganbu.io.result import ImportResult
from laoganbu.text import SPACE

GRIDS = "编号,网格名称,网格层级,上级网格\nG1,县局,1,\nG2,桐城镇,2,G1\nG3,中心村,3,G2\n"
HEADERS = ["编号", "姓名", "性别", "出生年月", "人员类别", "所在网格", "健康状况", "联系电话"]
GOOD = ["C1", "张三", "男", "1949.12", "退休", "G3", "一般", "13812345678"]

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Cells as damage makes them: good values, near misses, every kind of character CSV and the
# readers care about (quotes, separators, line breaks, control characters, NUL), day numbers,
# numbers of many digits, and now and then a cell longer than a workbook cell.
NASTY = st.sampled_from(
    ['"', '""', ",", "\n", "\r", "\r\n", "\x00", "\x01", "\x1f", "\x7f", "\ufeff", " ", "、"]
)
CELL_TEXT = st.lists(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
        NASTY,
        st.sampled_from("0123456789.-年月G"),
    ),
    max_size=12,
).map("".join)
CELL = st.one_of(
    st.sampled_from(GOOD),
    st.sampled_from(["17777", "1949.1", "1949.13", "NaN", "Infinity", "=1+1", "9" * 5000, ""]),
    CELL_TEXT,
    st.just("x" * 40_000),
)


def outcome(path: Path) -> ImportResult | None:
    """The import's result, or ``None`` for unusable input; anything else fails the test."""
    try:
        return read_roster(path)
    except UnusableInputError as exc:
        assert str(exc)  # a reason
        return None


def assert_validate_json(path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", "--roster", str(path), "--json"])
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.exception, result.output)
    parsed = json.loads(result.stdout)  # a strict parser: no NaN, no lone surrogates
    json.loads(result.stdout, parse_constant=_refuse)
    result.stdout.encode("utf-8")
    assert ("error" in parsed) == (result.exit_code == 2)


def _refuse(name: str) -> Any:
    raise AssertionError(f"{name} in --json output")


def assert_every_row_accounted_for(
    result: ImportResult, file: str, written: list[list[Any]], table: str = "cadres"
) -> None:
    """Each written row that holds anything is accepted or named by a rejecting problem."""
    holding = sum(
        1
        for row in written
        if any(c is not None and (not isinstance(c, str) or c.strip(SPACE)) for c in row)
    )
    rejected = {p.row for p in result.rejected if p.file == file}
    assert result.accepted[table] + len(rejected) == holding, (
        result.accepted[table],
        sorted(rejected),
        holding,
    )


# -- CSV -------------------------------------------------------------------------------------------


def write_folder(folder: Path, cadres: bytes) -> Path:
    (folder / "grids.csv").write_text(GRIDS, encoding="utf-8")
    (folder / "cadres.csv").write_bytes(cadres)
    return folder


@FUZZ
@given(rows=st.lists(st.lists(CELL, min_size=0, max_size=10), max_size=8))
def test_csv_rows_of_damaged_cells(rows: list[list[str]]) -> None:
    text = io.StringIO()
    # (with lines ending \r\n, the csv module quotes a cell holding \r as well as \n)
    csv.writer(text).writerows([HEADERS, *rows])
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_folder(Path(tmp), text.getvalue().encode("utf-8"))
        result = outcome(folder)
        if result is not None:
            # Written by the csv module, every row is well-formed: none may go unnamed.
            assert_every_row_accounted_for(result, "cadres.csv", rows)
        assert_validate_json(folder)


@FUZZ
@given(
    body=st.lists(
        st.one_of(
            st.binary(max_size=40),
            st.sampled_from([b'"', b"\x00", b"\r", b"\n", b",", b"\xef\xbb\xbf", b"\xff"]),
            st.just(",".join(GOOD).encode() + b"\n"),
        ),
        max_size=12,
    ).map(b"".join),
    bom=st.booleans(),
)
def test_csv_bytes(body: bytes, bom: bool) -> None:
    data = (b"\xef\xbb\xbf" if bom else b"") + ",".join(HEADERS).encode() + b"\n" + body
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_folder(Path(tmp), data)
        outcome(folder)
        assert_validate_json(folder)


# -- JSON ------------------------------------------------------------------------------------------

SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.just(10**4000),  # as many digits as Python reads
    st.floats(),  # NaN and infinities included: json.dumps writes them, JSON has none
    st.text(max_size=8),  # lone surrogates included
    CELL,
)
VALUE = st.recursive(
    SCALAR,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=8,
)
RECORD = st.dictionaries(
    st.one_of(st.sampled_from([*HEADERS, "id", "name", "committee"]), st.text(max_size=4)),
    VALUE,
    max_size=8,
).map(lambda record: {**dict(zip(HEADERS, GOOD, strict=True)), **record})


@FUZZ
@given(
    records=st.lists(st.one_of(RECORD, VALUE), max_size=6),
    top=st.dictionaries(st.text(max_size=6), VALUE, max_size=2),
)
def test_json_values(records: list[Any], top: dict[str, Any]) -> None:
    data = {**top, "grids": [{"编号": "G3", "网格名称": "村", "网格层级": 1}], "cadres": records}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.json"
        try:
            text = json.dumps(data, ensure_ascii=False)
        except ValueError:  # an integer of too many digits for Python to write
            return
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = outcome(path)
        if result is not None:
            # every record of the list is a row: accepted or named
            rejected = {p.row for p in result.rejected if p.file == "roster.json:cadres"}
            assert result.accepted["cadres"] + len(rejected) == len(records)
        assert_validate_json(path)


@FUZZ
@given(
    text=st.lists(
        st.one_of(
            st.sampled_from(['{"cadres": [', "]", "}", "[", "{", ",", ":", '"编号"', "NaN"]),
            st.sampled_from(['"\\ud800"', "1e999", "-Infinity", '"cadres"', "9" * 5000]),
            st.text(max_size=5),
        ),
        max_size=20,
    ).map("".join)
)
def test_json_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        outcome(path)
        assert_validate_json(path)


# -- workbooks -------------------------------------------------------------------------------------

WORKBOOK_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.sampled_from([*GOOD, "=1+1", '="G"&3', "17777", "#N/A", " "]),
    # openpyxl cannot write control characters other than tab and line breaks
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8),
    st.integers(1, 80_000),  # day numbers
)


@settings(FUZZ, max_examples=25)
@given(rows=st.lists(st.lists(WORKBOOK_CELL, max_size=9), max_size=6))
def test_workbook_cells(rows: list[list[Any]]) -> None:
    book = Workbook()
    grids = book.active
    assert grids is not None
    grids.title = "grids"
    for line in GRIDS.splitlines():
        grids.append([c or None for c in line.split(",")])
    cadres = book.create_sheet("cadres")
    cadres.append(HEADERS)
    for row in rows:
        # a row of blanks would be left out of the sheet by openpyxl's append: keep it in place
        cadres.append(row if row else [None])
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "roster.xlsx"
        book.save(path)
        result = outcome(path)
        assert result is not None  # a workbook openpyxl wrote is always usable
        written = [
            [c for c in row[: len(HEADERS)] if not (isinstance(c, float) and math.isnan(c))]
            for row in rows
        ]
        assert_every_row_accounted_for(result, "roster.xlsx:cadres", written)
        assert_validate_json(path)
