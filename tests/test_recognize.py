"""Where a recogniser says a cell is fine, the row-by-row import reads the same value from it."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from laoganbu.dates import PartialDate
from laoganbu.idnumber import IdNumber
from laoganbu.io.frames import field_kind
from laoganbu.io.recognize import _WEIGHTS, recogniser
from laoganbu.models.cadre import Cadre


def expressions(field: str, **options: bool) -> tuple[pl.Expr, pl.Expr]:
    """The ``(value, ok)`` expressions of the recogniser of a cadre's ``field``, over column
    ``c``."""
    kind = field_kind(Cadre, field)
    assert kind is not None
    recognise = recogniser(kind, **options)
    assert recognise is not None
    return recognise(pl.col("c"))


_digits = st.text("0123456789", min_size=1, max_size=4)


def _mostly(plausible: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Nine times in ten a plausible part, else any digits."""
    return st.integers(0, 9).flatmap(lambda k: plausible if k else _digits)


_parts = st.tuples(
    _mostly(st.integers(1790, 2210).map(str)),
    _mostly(st.integers(0, 13).map(lambda m: f"{m:02d}")),
    _mostly(st.integers(0, 32).map(lambda d: f"{d:02d}")) | st.just(""),
)


@st.composite
def date_cells(draw: st.DrawFn) -> str:
    year, month, day = draw(_parts)
    form = draw(st.sampled_from(["-", "-", ".", "年", "mixed", "any"]))
    if form == "年":
        return f"{year}年{month.lstrip('0') if draw(st.booleans()) else month}月" + (
            f"{day}日" if day else ""
        )
    if form == "mixed":
        return f"{year}-{month}.{day}" if day else f"{year}.{month}-"
    if form == "any":
        return draw(st.text(max_size=12))
    return f"{year}{form}{month}" + (f"{form}{day}" if day else "")


@settings(max_examples=300, deadline=None)
@given(st.lists(date_cells(), min_size=1, max_size=40), st.booleans())
def test_a_recognised_date_is_the_date_the_row_path_reads(cells: list[str], chinese: bool) -> None:
    value, ok = expressions("death_date", chinese_dates=chinese)
    frame = pl.DataFrame({"c": cells}).select(value.alias("value"), ok.alias("ok"))
    for cell, (read, fine) in zip(cells, frame.iter_rows(), strict=True):
        if not fine:
            continue  # the row-by-row import judges it
        if cell == "":
            assert read is None
            continue
        assert PartialDate.parse(cell).isoformat() == read, cell


def test_the_forms_laoganbu_writes_are_recognised() -> None:
    value, ok = expressions("death_date")
    cells = ["1949-09", "1949.09", "2024-02-29", "1949年9月", "1949年10月1日", "", "2023-02-29"]
    frame = pl.DataFrame({"c": cells}).select(value.alias("value"), ok.alias("ok"))
    assert frame["ok"].to_list() == [True, True, True, True, True, True, False]
    assert frame["value"].to_list()[:6] == [
        "1949-09",
        "1949-09",
        "2024-02-29",
        "1949-09",
        "1949-10-01",
        None,
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["110101", "140823", "999999", "11010"]),
            st.integers(1840, 2030).map(str),
            st.integers(0, 13).map(lambda m: f"{m:02d}"),
            st.integers(0, 32).map(lambda d: f"{d:02d}"),
            st.text("0123456789", min_size=3, max_size=3),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_a_recognised_id_number_is_one_the_row_path_accepts(
    parts: list[tuple[str, str, str, str, str]],
) -> None:
    cells = []
    for area, year, month, day, serial in parts:
        body = f"{area}{year}{month}{day}{serial}"
        total = (
            sum(int(c) * w for c, w in zip(body, _WEIGHTS, strict=False)) if len(body) == 17 else 0
        )
        cells.append(body + "10X98765432"[total % 11])
    _value, ok = expressions("id_number")
    frame = pl.DataFrame({"c": cells}).select(ok.alias("ok"))
    for cell, fine in zip(cells, frame["ok"].to_list(), strict=True):
        if fine:
            assert IdNumber(cell).reveal() == cell


def test_id_numbers_at_the_edges_are_left_to_the_row_path() -> None:
    import datetime

    from laoganbu.dates import today_date
    from laoganbu.idnumber import id_check_character

    _value, ok = expressions("id_number")

    def number(born: datetime.date, check: str | None = None) -> str:
        first = f"110105{born:%Y%m%d}123"
        return first + (check or id_check_character(first))

    today = today_date()
    tomorrow = datetime.date(today.year, today.month, today.day) + datetime.timedelta(days=1)
    right = number(datetime.date(1950, 1, 1))
    wrong = right[:-1] + ("0" if right[-1] != "0" else "1")
    cells = [
        right,
        wrong,
        number(datetime.date(1850, 1, 1)),
        number(datetime.date(1849, 12, 31)),
        number(datetime.date(today.year, today.month, today.day)),
        number(tomorrow),
    ]
    flags = pl.DataFrame({"c": cells}).select(ok.alias("ok"))["ok"].to_list()
    assert flags == [True, False, True, False, True, False]


def test_dates_at_the_edges() -> None:
    _value, ok = expressions("death_date")
    cells = [
        "1949年2月30日",
        "2024年2月29日",
        "2023.02.29",
        "1800-01",
        "1799-12",
        "2200-12-31",
        "2201-01",
    ]
    flags = pl.DataFrame({"c": cells}).select(ok.alias("ok"))["ok"].to_list()
    assert flags == [False, True, False, True, False, True, False]
