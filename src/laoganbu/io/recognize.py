"""Cells an import can accept without looking at them one by one: polars expressions that
recognise a column's values in the forms laoganbu itself writes.

Each recogniser is conservative. Where it says a cell is fine, the row-by-row import would
accept the cell and read the same value from it; where it is unsure (a label in another
spelling, a date written ``1949年9月``, a space at the end, a control character anywhere …),
the row goes to the row-by-row import, which judges and words it as it always has. Only speed
depends on how much a recogniser recognises, never the outcome.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from laoganbu.dates import today_date
from laoganbu.idnumber import PROVINCE_PREFIXES, IdNumber
from laoganbu.io.frames import FieldKind
from laoganbu.privacy import Masked, PhoneNumber
from laoganbu.text import SPACE

if TYPE_CHECKING:
    import polars as pl

__all__ = ["SUSPECT", "Recogniser", "recogniser"]


#: A function of a column's cells to ``(value, ok)`` expressions.
Recogniser = Callable[["pl.Expr"], tuple["pl.Expr", "pl.Expr"]]


def _class(characters: str) -> str:
    # Rust's regex syntax (polars) spelled so that no character needs escaping.
    return "".join(f"\\x{{{ord(c):x}}}" for c in characters)


#: What sends a row to the row-by-row import, looked for in the row's whole line (cells
#: separated by commas, no quotes): a control character (C0, DEL, C1) anywhere, a space at
#: either end of a cell, or the quote laoganbu writes before a cell a spreadsheet would
#: evaluate.
SUSPECT: Final = (
    r"[\x00-\x1f\x7f-\x9f]"
    f"|(?:^|,)[{_class(SPACE)}]|[{_class(SPACE)}](?:,|$)"
    "|(?:^|,)'"
)

_DATE: Final = r"^[0-9]{4}[-.][0-9]{2}(?:[-.][0-9]{2})?$"
_CHINESE_DATE: Final = r"^([0-9]{4})年([0-9]{1,2})月(?:([0-9]{1,2})日)?$"

#: The years a date may have (see :class:`~laoganbu.dates.PartialDate`).
_YEARS: Final = (1800, 2200)


def recogniser(kind: FieldKind, *, chinese_dates: bool = True) -> Recogniser | None:
    """A function of a column's cells (text, ``""`` when blank) to ``(value, ok)``
    expressions, or ``None`` when the field's cells cannot be recognised here at all.

    ``chinese_dates=False`` leaves dates written ``1949年9月`` to the row-by-row import: say so
    for a file with no 年 in it, whose dates are recognised faster for it."""
    if kind.own_check:
        return None
    if kind.division:
        return lambda cell: _division(kind, cell)
    if kind.kind == "text":
        if kind.type is IdNumber:
            return lambda cell: _id_number(kind, cell)
        if kind.type is PhoneNumber:
            return lambda cell: _phone(kind, cell)
        if kind.personal and not _plain_masked(kind.type):
            return None
        return lambda cell: _text(kind, cell)
    if kind.kind == "label":
        return lambda cell: _label(kind, cell)
    if kind.kind == "date":
        return lambda cell: _date(kind, cell, chinese=chinese_dates)
    if kind.kind == "list" and _item_class(kind) is not None and kind.default == ():
        return lambda cell: _list(kind, cell)
    if kind.kind == "number" and kind.ge is not None and kind.le is not None:
        return lambda cell: _number(kind, cell)
    if kind.kind == "flag":
        return lambda cell: _flag(kind, cell)
    if kind.kind == "decimal" and kind.places is not None and kind.digits is not None:
        if kind.ge not in (None, 0) or kind.le is not None:
            return None
        return lambda cell: _decimal(kind, cell)
    return None


_PROVINCES: Final = sorted(PROVINCE_PREFIXES)

#: ISO 7064 MOD 11-2: the weights of an ID number's first 17 digits, and the check character
#: of each remainder (GB 11643-1999).
_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK: Final = "10X98765432"


def _division(kind: FieldKind, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    ok = cell.str.contains(kind.pattern or "^$") & cell.str.slice(0, 2).is_in(_PROVINCES)
    return _blank(kind, cell, cell, ok)


def _id_number(kind: FieldKind, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """An 18-character number as laoganbu writes it (a final X upper case): its province, its
    birth date (a real day, from 1850 to today) and its check character."""
    import polars as pl

    shaped = cell.str.contains(r"^[0-9]{17}[0-9X]$")
    total = pl.sum_horizontal(
        cell.str.slice(i, 1).cast(pl.Int32, strict=False) * weight
        for i, weight in enumerate(_WEIGHTS)
    )
    check = (total % 11).replace_strict(
        dict(enumerate(_CHECK)), default=None, return_dtype=pl.String
    )
    born = cell.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)  # a real day, or null
    today = today_date()
    ok = (
        shaped
        & cell.str.slice(0, 2).is_in(_PROVINCES)
        & (cell.str.slice(17, 1) == check)
        & born.is_between(_dt.date(1850, 1, 1), _dt.date(today.year, today.month, today.day))
    )
    return _blank(kind, cell, cell, ok.fill_null(False))


def _phone(kind: FieldKind, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    # The forms PhoneNumber accepts, written without spaces in ASCII digits.
    ok = cell.str.contains(r"^(?:\+?86)?1[3-9][0-9]{9}$") | cell.str.contains(
        r"^0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?$"
    )
    return _blank(kind, cell, cell, ok)


def _plain_masked(cls: type[Masked]) -> bool:
    """Whether the personal type only trims and refuses control characters (a health note, an
    address), as against one with its own form (an ID number, a phone number)."""
    return cls.normalize.__func__ is Masked.normalize.__func__  # type: ignore[attr-defined]


def _blank(kind: FieldKind, cell: pl.Expr, value: pl.Expr, ok: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    import polars as pl

    # A blank cell leaves the field to its default (null here), unless it is required.
    blank = cell == ""
    if kind.required:
        return value, ok & ~blank
    return pl.when(blank).then(None).otherwise(value), blank | ok


def _text(kind: FieldKind, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    length = cell.str.len_chars()
    ok = length >= max(kind.min_length or 1, 1)
    if kind.max_length is not None:
        ok &= length <= kind.max_length
    if kind.pattern is not None:
        ok &= cell.str.contains(kind.pattern)
    if kind.personal:
        ok &= ~cell.str.contains("*", literal=True)  # masked text is refused on import
    return _blank(kind, cell, cell, ok)


def _label(kind: FieldKind, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    import polars as pl

    # Every exact spelling the label's own validator looks up first.
    spellings = {text: member.value for text, member in kind.type._lookup().items()}
    value = cell.replace_strict(spellings, default=None, return_dtype=pl.String)
    return _blank(kind, cell, value, value.is_not_null())


def _date(kind: FieldKind, cell: pl.Expr, *, chinese: bool = True) -> tuple[pl.Expr, pl.Expr]:
    import polars as pl

    # YYYY-MM or YYYY-MM-DD (or with dots) at fixed places, a day checked by the calendar;
    # 1949年9月 (1949年9月1日) searched for only in the cells that hold a 年, and not at all
    # when ``chinese`` is false: every part of an expression is computed for every row.
    length = cell.str.len_bytes()
    iso = cell.str.contains(_DATE) & (
        (length == 7) | (cell.str.slice(4, 1) == cell.str.slice(7, 1))
    )
    dashed = cell.str.replace_all(".", "-", literal=True)
    ok = (
        iso
        & cell.str.slice(0, 4).cast(pl.Int32, strict=False).is_between(*_YEARS)
        & cell.str.slice(5, 2).cast(pl.Int32, strict=False).is_between(1, 12)
        & ((length == 7) | dashed.str.to_date("%Y-%m-%d", strict=False).is_not_null())
    )
    text = dashed
    if chinese:
        parts = (
            pl.when(cell.str.contains("年", literal=True))
            .then(cell)
            .str.extract_groups(_CHINESE_DATE)
        )
        year, day = parts.struct.field("1"), parts.struct.field("3")
        month_n = parts.struct.field("2").cast(pl.Int32, strict=False)
        written = pl.concat_str(
            year,
            pl.lit("-"),
            month_n.cast(pl.String).str.zfill(2),
            pl.when(day.is_not_null())
            .then(pl.lit("-") + day.cast(pl.Int32, strict=False).cast(pl.String).str.zfill(2))
            .otherwise(pl.lit("")),
        )
        ok |= (
            year.cast(pl.Int32, strict=False).is_between(*_YEARS)
            & month_n.is_between(1, 12)
            & (day.is_null() | written.str.to_date("%Y-%m-%d", strict=False).is_not_null())
        )
        text = pl.when(iso).then(dashed).otherwise(written)
    return _blank(kind, cell, text, ok.fill_null(False))


def _item_class(kind: FieldKind) -> str | None:
    """The character class an item of a list is made of (an id's), when its pattern is one
    class repeated."""
    pattern = kind.pattern
    if pattern is None or not (pattern.startswith("^[") and pattern.endswith("]+$")):
        return None
    return pattern[1:-2]


def _list(kind: FieldKind, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    import polars as pl

    # Items separated by 、 alone, none blank or spaced: what split_list would read the same.
    item = f"{_item_class(kind)}{{{kind.min_length or 1},{kind.max_length or 64}}}"
    blank = cell == ""
    spaced = f"[{_class(SPACE)}]、|、[{_class(SPACE)}]"
    ok = blank | (cell.str.contains(f"^{item}(?:、{item})*$") & ~cell.str.contains(spaced))
    value = (
        pl.when(blank).then(pl.lit([], dtype=pl.List(pl.String))).otherwise(cell.str.split("、"))
    )
    return value, ok


def _number(kind: FieldKind, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    import polars as pl

    shaped = cell.str.contains(r"^(?:0|[1-9][0-9]{0,8})(?:\.[0-9]{1,6})?$")
    value = pl.when(shaped).then(cell).cast(pl.Float64)
    ok = shaped & value.is_between(kind.ge, kind.le)
    return _blank(kind, cell, value, ok)


def _flag(kind: FieldKind, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    import polars as pl

    value = cell.replace_strict({"是": True, "否": False}, default=None, return_dtype=pl.Boolean)
    return _blank(kind, cell, value, value.is_not_null())


def _decimal(kind: FieldKind, cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:

    assert kind.places is not None and kind.digits is not None
    whole = kind.digits - kind.places
    pattern = f"^(?:0|[1-9][0-9]{{0,{whole - 1}}})(?:\\.[0-9]{{1,{kind.places}}})?$"
    ok = cell.str.contains(pattern)
    # The text as written: a frame casts it to Decimal, a record keeps its places as written.
    return _blank(kind, cell, cell, ok)
