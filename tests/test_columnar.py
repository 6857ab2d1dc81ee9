"""The column-at-a-time import path gives exactly what ``model_validate`` row by row gives.

``laoganbu.io.columnar`` builds records without calling ``model_validate``; these tests read the
same files both ways and compare every record (values, fields set) and every problem.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from polars.testing import assert_frame_equal

from laoganbu import read_roster, read_table
from laoganbu.io import rows as rows_module
from laoganbu.io.columnar import builder_for
from laoganbu.io.tables import SCHEMAS
from laoganbu.models.roster import TABLES
from laoganbu.sample import generate_sample


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("county")
    generate_sample(folder, cadres=400, seed=3)
    return folder


def read_both(
    path: Path, monkeypatch: pytest.MonkeyPatch, read: Callable[[Path], Any] = read_roster
) -> tuple[Any, Any]:
    """``read(path)`` column by column, and row by row."""
    fast = read(path)
    with monkeypatch.context() as m:
        m.setattr(rows_module, "COLUMNAR", False)
        slow = read(path)
    return fast, slow


def assert_same(fast: Any, slow: Any) -> None:
    assert fast.problems == slow.problems
    for name in TABLES:
        # A table still held as columns gives its frame from them: the same frame.
        if not getattr(fast.roster.table(name), "made", True):
            for reveal in (False, True):
                assert_frame_equal(
                    fast.roster.frame(name, reveal_pii=reveal),
                    slow.roster.frame(name, reveal_pii=reveal),
                )
            assert not fast.roster.table(name).made
    for name in TABLES:
        a, b = fast.roster.table(name), slow.roster.table(name)
        assert len(a) == len(b), name
        for x, y in zip(a, b, strict=True):
            assert_same_record(x, y)


def assert_same_record(x: Any, y: Any) -> None:
    assert type(x) is type(y)
    assert x == y
    assert x.model_fields_set == y.model_fields_set, (x.id, x.model_fields_set)
    assert x.__pydantic_extra__ == y.__pydantic_extra__
    assert x.__pydantic_private__ == y.__pydantic_private__
    assert repr(x) == repr(y)
    assert x.model_dump(context={"reveal_pii": True}) == y.model_dump(context={"reveal_pii": True})
    for name in type(x).model_fields:
        value, other = getattr(x, name), getattr(y, name)
        if isinstance(value, tuple) and value and hasattr(value[0], "model_fields_set"):
            for p, q in zip(value, other, strict=True):
                assert_same_record(p, q)
        elif hasattr(value, "model_fields_set"):
            assert value.model_fields_set == other.model_fields_set


def test_every_table_model_is_built_column_by_column() -> None:
    # A model the builder cannot build silently falls back to the slower path: say so here.
    assert all(builder_for(schema.model).supported for schema in SCHEMAS.values())


def test_sample_county_reads_the_same_both_ways(
    county: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = read_both(county, monkeypatch)
    assert fast.ok and len(fast.roster.cadres) == 400
    assert_same(fast, slow)


def test_chunks_smaller_than_a_table_read_the_same(
    county: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows_module, "CHUNK", 37)
    fast, slow = read_both(county, monkeypatch)
    assert_same(fast, slow)


# -- damaged copies ----------------------------------------------------------------------------

#: Values that break one rule or another, or are harmless variants of good values.
DAMAGE = [
    "",
    "   ",
    " 1 ",
    "bad",
    "否",
    "是",
    "yes",
    "N",
    "1949.13",
    "１９４９．０９",
    "1949年9月",
    "2099.01",
    "0",
    "-1",
    "3",
    "男",
    "female",
    "离休",
    "遗属",
    "中共党员",
    "G-unknown",
    "a、b",
    "法律、书法",
    "11010519491231002X",
    "11010519491231002Y",
    "13800000000",
    "0359-1234567",
    "***",
    "x" * 600,
]


def _cells(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


_SMALL: dict[str, list[list[str]]] = {}


def _small_tables() -> dict[str, list[list[str]]]:
    """The cells of a 60-cadre county, made once (hypothesis runs the test many times)."""
    if not _SMALL:
        with tempfile.TemporaryDirectory() as tmp:
            generate_sample(Path(tmp), cadres=60, seed=5)
            _SMALL.update({p.name: _cells(p) for p in sorted(Path(tmp).glob("*.csv"))})
    return _SMALL


@st.composite
def damage(draw: st.DrawFn) -> dict[str, list[list[str]]]:
    """Copies of a small county's tables with cells replaced, rows duplicated, cut short or
    lengthened."""
    out = {name: [list(r) for r in rows] for name, rows in _small_tables().items()}
    names = sorted(out)
    for _ in range(draw(st.integers(1, 12))):
        name = draw(st.sampled_from(names))
        rows = out[name]
        if len(rows) < 2:
            continue
        i = draw(st.integers(1, len(rows) - 1))
        what = draw(st.sampled_from(["cell", "cell", "cell", "copy", "short", "long", "blank"]))
        if what == "cell":
            j = draw(st.integers(0, len(rows[i]) - 1))
            rows[i][j] = draw(st.sampled_from(DAMAGE))
        elif what == "copy":
            rows.insert(draw(st.integers(1, len(rows))), list(rows[i]))
        elif what == "short":
            rows[i] = rows[i][: draw(st.integers(1, len(rows[i])))]
        elif what == "long":
            rows[i] = [*rows[i], draw(st.sampled_from(DAMAGE))]
        else:
            rows[i] = [""] * len(rows[i])
    return out


def _write(folder: Path, tables: dict[str, list[list[str]]]) -> None:
    for name, rows in tables.items():
        text = io.StringIO()
        csv.writer(text, lineterminator="\n").writerows(rows)
        (folder / name).write_text(text.getvalue(), encoding="utf-8-sig")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_damaged_counties_read_the_same_both_ways(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    tables = data.draw(damage())
    folder = tmp_path_factory.mktemp("damaged")
    _write(folder, tables)
    monkeypatch.setattr(rows_module, "CHUNK", data.draw(st.sampled_from([7, 20_000])))
    fast, slow = read_both(folder, monkeypatch)
    assert_same(fast, slow)
    assert_nothing_lost(tables, fast)


def assert_nothing_lost(tables: dict[str, list[list[str]]], result: Any) -> None:
    """Every row that holds anything is either accepted or rejected with a problem naming it."""
    accepted = result.accepted
    for name, rows in tables.items():
        table = "service_records" if name == "records.csv" else name.removesuffix(".csv")
        written = sum(1 for row in rows[1:] if any(cell.strip() for cell in row))
        rejected = {p.row for p in result.rejected if p.file == name}
        assert accepted[table] + len(rejected) == written, (name, accepted[table], rejected)


def test_a_damaged_county_reports_problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The property above is only worth something if damage makes problems: check one case.
    tables = {name: [list(r) for r in rows] for name, rows in _small_tables().items()}
    cadres = tables["cadres.csv"]
    header = cadres[0]
    cadres[1][header.index("出生年月")] = "1949.13"
    cadres[2][header.index("性别")] = "bad"
    cadres.append(list(cadres[3]))
    _write(tmp_path, tables)
    fast, slow = read_both(tmp_path, monkeypatch)
    assert len(fast.rejected) >= 3
    assert_same(fast, slow)


def test_workbook_cells_of_several_types_read_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # True, 1 and 1.0 are equal as dict keys; the columnar path must not let them share a value.
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "grids"
    sheet.append(["编号", "网格名称", "网格层级", "上级网格"])
    sheet.append(["G1", "县局", 1, None])
    sheet.append(["G2", True, 2, "G1"])
    sheet.append(["G3", 1, 2.0, "G1"])
    sheet.append(["G4", 1.0, True, None])
    path = tmp_path / "roster.xlsx"
    book.save(path)
    fast, slow = read_both(path, monkeypatch)
    assert_same(fast, slow)
    assert fast.rejected


def test_read_table_reads_the_same_both_ways(county: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = read_both(
        county / "meetings.csv", monkeypatch, lambda p: read_table(p, "meetings")
    )
    assert fast.ok and fast.roster.meetings
    assert_same(fast, slow)


def test_a_chunk_of_only_blank_rows(
    folder_with_blank_rows: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows_module, "CHUNK", 2)
    fast, slow = read_both(folder_with_blank_rows, monkeypatch)
    assert_same(fast, slow)
    assert [g.id for g in fast.roster.grids] == ["G1", "G2"]
    assert [p.row for p in fast.problems] == []


@pytest.fixture
def folder_with_blank_rows(tmp_path: Path) -> Path:
    text = "编号,网格名称,网格层级,上级网格\n,,,\n , ,,\nG1,县局,1,\nG2,镇,2,G1\n"
    (tmp_path / "grids.csv").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("column", "cells"),
    [("出生年月", [1, True, 1.0, "1949.10"]), ("健康状况", ["一般", 1, True, 1.0])],
)
def test_workbook_true_and_one_are_told_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, column: str, cells: list[Any]
) -> None:
    # A date column keeps spreadsheet numbers as they are: 1 is Excel's day 1, True no date.
    book = Workbook()
    grids = book.active
    assert grids is not None
    grids.title = "grids"
    grids.append(["编号", "网格名称", "网格层级", "上级网格"])
    grids.append(["G1", "县局", 1, None])
    grids.append(["G2", "镇", 2, "G1"])
    grids.append(["G3", "村", 3, "G2"])
    cadres = book.create_sheet("cadres")
    headers = ["编号", "姓名", "性别", "出生年月", "人员类别", "所在网格", "健康状况"]
    cadres.append(headers)
    for n, cell in enumerate(cells):
        row: list[Any] = [f"C{n}", "张三", "男", "1949.10", "退休", "G3", "一般"]
        row[headers.index(column)] = cell
        cadres.append(row)
    path = tmp_path / "roster.xlsx"
    book.save(path)
    fast, slow = read_both(path, monkeypatch)
    assert_same(fast, slow)
    assert "C1" not in {c.id for c in fast.roster.cadres}  # True is neither a date nor a status
