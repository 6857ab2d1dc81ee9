"""Cells and chunks of rows, on their way from a file to the validators."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from typing import Any

import attrs

from laoganbu.dates import PartialDate
from laoganbu.io.columnar import ModelBuilder, Validated, all_text
from laoganbu.io.sources import Cell
from laoganbu.io.tables import Column
from laoganbu.text import SPACE

__all__ = ["Chunk", "SourceRow", "cell_value", "normalised", "str_or_none"]


def cell_value(value: Cell, column: Column) -> Any:
    """A raw cell as the model should see it; ``None`` for a blank cell."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip(SPACE)
        return text or None
    if isinstance(value, bool):
        return value
    if isinstance(value, _dt.datetime | _dt.date):
        return PartialDate.parse(value) if column.date else value.isoformat()
    if isinstance(value, int | float):
        if column.date:
            return value
        if isinstance(value, float):
            if value.is_integer() and abs(value) < 2**53:
                return str(int(value))
            return repr(value)
        return str(value)
    return value


@attrs.define(slots=True)
class SourceRow:
    """Where a record came from: one row on its way to becoming a record, kept for every record
    (to locate its problems), so kept small."""

    file: str
    row: int
    #: column name → header as written in this file (shared by all rows of a table)
    cells: dict[str, str]
    #: The row's values as ``model_validate`` takes them, while it is being validated.
    data: dict[str, Any] | None = None


@attrs.define(slots=True)
class Chunk:
    """Consecutive rows of one table.

    ``raw`` holds the cells column by column (``"health.status"`` for a nested field) when the
    chunk was validated a column at a time; then ``validated`` holds that result. Otherwise
    each row's :attr:`SourceRow.data` holds its values.
    """

    rows: list[SourceRow]
    raw: dict[str, Sequence[Any]] | None = None
    validated: Validated | None = None

    def ids(self, name: str) -> list[str | None]:
        """The column ``name`` as text (``None`` when blank), e.g. the rows' ids."""
        if self.raw is None:
            return [str_or_none((row.data or {}).get(name)) for row in self.rows]
        column = self.raw.get(name)
        if column is None:
            return [None] * len(self.rows)
        return [(v or None) if type(v) is str else str_or_none(v) for v in column]

    def data(self, i: int) -> dict[str, Any]:
        """Row ``i`` as the dict ``model_validate`` takes."""
        if self.raw is None:
            row_data = self.rows[i].data
            assert row_data is not None
            return row_data
        data: dict[str, Any] = {}
        for key, column in self.raw.items():
            value = column[i]
            if value is None or value == "":
                continue
            first, _, second = key.partition(".")
            if second:
                data.setdefault(first, {})[second] = value
            else:
                data[first] = value
        self.rows[i].data = data  # kept for the row's problems
        return data

    def clean(self) -> bool:
        """Whether every row was built column by column (call after :meth:`build`)."""
        return self.validated is not None and not self.validated.bad

    def build(self, builder: ModelBuilder, extra: dict[str, list[Any]]) -> list[Any]:
        """The records built column by column (``None`` for rows still to be validated);
        ``extra`` adds columns of values validated already, ``MISSING`` where blank."""
        validated = self.validated
        if validated is None:
            return [None] * len(self.rows)
        for name, column in extra.items():
            validated = builder.with_column(validated, name, column)
        return builder.build(validated)


def normalised(cells: Sequence[Cell], column: Column, text_only: bool) -> Sequence[Any]:
    """A column's cells as :func:`_cell` sees them, each distinct cell converted once.

    ``text_only``: every cell is a ``str`` (CSV).
    """
    if len(set(cells[:200])) > min(len(cells), 200) // 2:
        # Values that rarely repeat (names, ID numbers): converting each is cheaper.
        if text_only:
            return [c.strip(SPACE) or None for c in cells]  # type: ignore[union-attr]
        return [
            (c.strip(SPACE) or None) if type(c) is str else cell_value(c, column) for c in cells
        ]
    distinct = dict.fromkeys(cells)
    if text_only and all(c == c.strip(SPACE) for c in distinct):  # type: ignore[union-attr]
        return cells  # as read: "" is blank (see laoganbu.io.columnar)
    if text_only or all_text(distinct):
        # True == 1 == 1.0 as dict keys: only text cells may share one conversion.
        lookup: dict[Any, Any] = {c: c.strip(SPACE) or None for c in distinct if isinstance(c, str)}
        lookup[None] = None
        return list(map(lookup.__getitem__, cells))
    return [cell_value(c, column) for c in cells]


def str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip(SPACE)
    return text or None
