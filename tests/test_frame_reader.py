"""``read_frame`` reads a ledger as columns and gives exactly what ``read_table`` gives.

The row-by-row import is the reference: these tests read the same (often damaged) files both
ways and compare every problem and every record, so that the columns' shortcuts can only ever
change the speed.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laoganbu import (
    InvalidValueError,
    PartialDate,
    UnusableInputError,
    read_frame,
    read_roster,
    read_table,
)
from laoganbu.io import frame_reader
from laoganbu.io.frames import frame_records
from laoganbu.models.roster import Roster
from laoganbu.models.service import LifeEvent
from laoganbu.sample import generate_sample

TABLE = {
    "records.csv": "service_records",
    "life_events.csv": "life_events",
    "supports.csv": "supports",
    "meetings.csv": "meetings",
    "volunteer_activities.csv": "volunteer_activities",
}
LEDGERS = tuple(TABLE)

_SMALL: dict[str, Any] = {}


def _county() -> dict[str, Any]:
    """The cells of a 60-cadre county's ledgers and its roster, made once (hypothesis runs the
    test many times)."""
    if not _SMALL:
        with tempfile.TemporaryDirectory() as tmp:
            generate_sample(Path(tmp), cadres=60, seed=5)
            for name in LEDGERS:
                with (Path(tmp) / name).open(encoding="utf-8-sig", newline="") as f:
                    _SMALL[name] = list(csv.reader(f))
            _SMALL["roster"] = read_roster(tmp, ledgers=()).roster
    return _SMALL


DAMAGE = [
    "",
    " ",
    "电话问候",
    "phone_call",
    "PHONE_CALL",
    "Phone Call",
    "电话 问候",
    "住院",
    "hospitalisation",
    "bad",
    "2026-01-15",
    "2026.01.15",
    "2026.01-15",
    "2026-02-29",
    "2024-02-29",
    "2026-02-30",
    "2026-13",
    "2026-1",
    "2026.1",
    "2026年1月",
    "１９４９．０９",
    "1799-12",
    "2201-01",
    "20260115",
    "12.5",
    "12.345",
    "0",
    "00",
    "-1",
    "1e3",
    "NaN",
    "99999999999",
    "C000001",
    "C999999",
    "R0000001",
    "E000001",
    " R1",
    "R1 ",
    "'=R1",
    "=R1",
    "R\u3000",
    "\u00adR",
    "a、b",
    "a\tb",
    "a\x01b",
    "a\x85b",
    "'=1+1",
    "=1+1",
    "*** ",
    "***",
    "张三",
    "x" * 600,
    "x" * 33_000,
    "a,b",
    'say "hi"',
    "two\nlines",
    "C000001、C000002",
    "C000001、",
    "C000001、、C000002",
    "C000001、 C000002",
    "C000001；C000002",
    "C000001、C999999",
    "1.5",
    "744",
    "745",
    "1.1234567",
    "是",
    "否",
]


@st.composite
def damage(draw: st.DrawFn) -> tuple[str, list[tuple[str, int, int, str]]]:
    """A ledger of the small county and what to do to it: cells replaced, rows duplicated,
    cut short, lengthened, blanked or emptied (small, so that a failure prints readably)."""
    name = draw(st.sampled_from(LEDGERS))
    size = len(_county()[name])
    steps = []
    for _ in range(draw(st.integers(0, 10))):
        what = draw(
            st.sampled_from(["cell", "cell", "cell", "copy", "short", "long", "blank", "empty"])
        )
        steps.append(
            (
                what,
                draw(st.integers(1, size - 1)),
                draw(st.integers(0, 20)),
                draw(st.sampled_from(DAMAGE)),
            )
        )
    return name, steps


def damaged(name: str, steps: list[tuple[str, int, int, str]]) -> list[list[str]]:
    rows = [list(r) for r in _county()[name]]
    for what, i, j, value in steps:
        i = min(i, len(rows) - 1)
        if what == "cell" and rows[i]:
            rows[i][j % len(rows[i])] = value
        elif what == "copy":
            rows.insert(min(j + 1, len(rows)), list(rows[i]))
        elif what == "short" and rows[i]:
            rows[i] = rows[i][: 1 + j % len(rows[i])]
        elif what == "long":
            rows[i] = [*rows[i], value]
        elif what == "blank":
            rows[i] = [""] * len(rows[i])
        elif what == "empty":
            rows[i] = []
    return rows


def _write(path: Path, rows: list[list[str]], *, quoted: bool, ending: str, encoding: str) -> None:
    if quoted:
        text = io.StringIO()
        csv.writer(text, lineterminator=ending).writerows(rows)
        content = text.getvalue()
    else:
        content = "".join(",".join(r) + ending for r in rows)
    path.write_bytes(content.encode(encoding))


def assert_same(fast: Any, slow: Any, table: str) -> None:
    assert fast.problems == slow.problems
    records = fast.records()
    expected = slow.roster.table(table)
    assert len(records) == len(expected)
    for x, y in zip(records, expected, strict=True):
        assert x == y
        assert x.model_fields_set == y.model_fields_set, (x.id, x.model_fields_set)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    ledger=damage(),
    quoted=st.booleans(),
    ending=st.sampled_from(["\n", "\r\n"]),
    encoding=st.sampled_from(["utf-8-sig", "utf-8", "gb18030"]),
    against=st.booleans(),
)
def test_damaged_ledgers_read_the_same_as_row_by_row(
    ledger: tuple[str, list[tuple[str, int, int, str]]],
    quoted: bool,
    ending: str,
    encoding: str,
    against: bool,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    name, steps = ledger
    rows = damaged(name, steps)
    path = tmp_path_factory.mktemp("ledger") / name
    _write(path, rows, quoted=quoted, ending=ending, encoding=encoding)
    roster: Roster | None = _county()["roster"] if against else None
    table = TABLE[name]
    fast = read_frame(path, table, against=roster)
    slow = read_table(path, table, against=roster)
    assert_same(fast, slow, table)
    assert fast.files == slow.files


def test_the_sample_ledger_is_read_as_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate_sample(tmp_path, cadres=200, seed=1)
    judged: list[int] = []
    original = frame_reader._FrameReader.judge

    def spy(self: Any, found: Any, others: pl.DataFrame, *args: Any) -> Any:
        judged.append(others.height)
        return original(self, found, others, *args)

    monkeypatch.setattr(frame_reader._FrameReader, "judge", spy)
    roster = read_roster(tmp_path, ledgers=()).roster
    fast = read_frame(tmp_path / "records.csv", "service_records", against=roster)
    slow = read_table(tmp_path / "records.csv", "service_records", against=roster)
    assert_same(fast, slow, "service_records")
    assert judged == []  # every row recognised by the expressions: none judged row by row
    assert fast.accepted == len(slow.roster.service_records) > 1000


def test_rows_keep_their_place_and_problems_their_row(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text(
        "编号,干部编号,服务类型,服务日期\n"
        "R1,C1,电话问候,2026-01-15\n"
        "\n"
        "R2,C1,电话问候,2026-02-30\n"
        "R3,C1,Phone Call,2026.03\n"
        "R1,C1,上门走访,2026-04\n",
        encoding="utf-8",
    )
    result = read_frame(path, "service_records")
    frame = result.frame()
    assert frame["row"].to_list() == [2, 5]
    assert frame["id"].to_list() == ["R1", "R3"]
    assert frame["kind"].to_list() == ["phone_call", "phone_call"]
    assert frame["date"].to_list() == ["2026-01-15", "2026-03"]
    assert [(p.row, p.column, p.code) for p in result.rejected] == [
        (4, "服务日期", None),
        (6, "编号", "duplicate-id"),
    ]


def test_an_id_quoted_against_formulas_is_the_same_id(tmp_path: Path) -> None:
    # laoganbu's export writes =R1 as '=R1; read back, the two are one id (found in review).
    path = tmp_path / "records.csv"
    path.write_text(
        "编号,干部编号,服务类型,服务日期\n'=R1,C1,电话问候,2026-01-17\n=R1,C1,电话问候,2026-01-18\n",
        encoding="utf-8",
    )
    fast, slow = read_frame(path, "service_records"), read_table(path, "service_records")
    assert_same(fast, slow, "service_records")
    assert [(p.row, p.code) for p in fast.rejected] == [(3, "duplicate-id")]


def test_personal_values_are_masked_unless_revealed(tmp_path: Path) -> None:
    path = tmp_path / "life_events.csv"
    path.write_text(
        "编号,干部编号,事件类型,发生日期,情况说明\nE1,C1,住院,2026-01-15,肺癌晚期\n",
        encoding="utf-8",
    )
    result = read_frame(path, "life_events")
    assert result.frame()["notes"].to_list() == ["***"]
    assert result.frame(reveal_pii=True)["notes"].to_list() == ["肺癌晚期"]
    assert "肺癌" not in repr(result)
    assert result.records()[0].notes.reveal() == "肺癌晚期"
    with pytest.raises(InvalidValueError, match="reveal_pii"):
        frame_records(LifeEvent, result.frame())  # masked: no way back to the real values


def test_a_workbook_is_read_row_by_row_with_the_same_outcome(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["编号", "干部编号", "服务类型", "服务日期", "金额（元）"])
    sheet.append(["R1", "C1", "电话问候", "2026-01-15", 12.5])
    sheet.append(["R2", "C1", "什么", "2026-01-15", None])
    book.save(tmp_path / "records.xlsx")
    fast = read_frame(tmp_path / "records.xlsx", "service_records")
    slow = read_table(tmp_path / "records.xlsx", "service_records")
    assert_same(fast, slow, "service_records")
    assert fast.frame()["row"].to_list() == [2]


def test_tables_with_nested_fields_are_refused() -> None:
    with pytest.raises(UnusableInputError, match="read_roster"):
        read_frame("cadres.csv", "cadres")


def test_a_missing_required_column_is_reported_as_read_table_does(tmp_path: Path) -> None:
    path = tmp_path / "records.csv"
    path.write_text("编号,服务类型\nR1,电话问候\n", encoding="utf-8")
    with pytest.raises(UnusableInputError) as fast:
        read_frame(path, "service_records")
    with pytest.raises(UnusableInputError) as slow:
        read_table(path, "service_records")
    assert str(fast.value) == str(slow.value)


def test_the_deaths_check_is_given_against_a_roster_as_read_table_gives_it(
    tmp_path: Path,
) -> None:
    # Hypothesis found it: a 去世 event whose date disagrees with its cadre's 去世时间 drew
    # death-dates-differ row by row but nothing from the columns, which judged only the rows
    # whose references do not resolve. The deaths' check judges the others too.
    roster = _county()["roster"]
    deceased = {c.id: c.death_date for c in roster.cadres if c.death_date is not None}
    assert deceased == {"C00001": PartialDate(2018, 8), "C00012": PartialDate(2026, 9)}
    events = tmp_path / "life_events.csv"
    events.write_text(
        "编号,干部编号,事件类型,发生日期,情况说明\n"
        "E1,C00012,住院,2026-01-15,\n"
        "E2,C00012,去世,2026-01-15,\n"  # 去世时间 2026-09: the dates differ
        "E3,C00012,去世,2026-09-03,\n"  # the same month: one death, recorded twice
        "E4,C00002,去世,2026.03,\n"  # no 去世时间: recorded only by the event
        "E5,C00001,去世,2018-08-20,\n",  # agrees with 去世时间 2018-08
        encoding="utf-8",
    )
    records = tmp_path / "records.csv"
    records.write_text(
        "编号,干部编号,服务类型,服务日期,金额（元）\n"
        "R1,C00001,慰问金,2026-01-15,500\n"  # paid eight years after the death
        "R2,C00002,慰问金,2026-01-15,500\n"
        "R3,C00001,电话问候,2026-01-15,\n"
        "R4,C00012,Payment,2026-10-05,12.5\n",  # judged row by row (Payment), after the death
        encoding="utf-8",
    )
    for path, table, expected in [
        (
            events,
            "life_events",
            [
                ("E2", "death-dates-differ"),
                ("E3", "death-recorded-twice"),
                ("E4", "death-date-missing"),
            ],
        ),
        (records, "service_records", [("R1", "paid-after-death"), ("R4", "paid-after-death")]),
    ]:
        fast = read_frame(path, table, against=roster)
        slow = read_table(path, table, against=roster)
        assert_same(fast, slow, table)
        assert [(p.record_id, p.code) for p in fast.problems] == expected
        assert fast.accepted == len(slow.roster.table(table))
    # The amounts as written (the frame holds 500.00 and 12.50), in the words and the values.
    assert [p.value for p in fast.problems] == ["500", "12.5"]
    assert fast.problems[0].message.startswith("500 yuan paid for cadre 'C00001'")
