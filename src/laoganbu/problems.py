"""Problems found in input: data, not exceptions, so that nothing is lost.

An import returns every accepted record *and* a :class:`Problem` for every rejected row or
questionable value, saying where it came from (file, row, column as written) and why.
"""

from __future__ import annotations

from typing import Literal

import attrs

__all__ = ["Problem", "Severity"]

#: ``error``: the row is rejected. ``warning``: the row is accepted but needs a look.
Severity = Literal["error", "warning"]


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with the input.

    Attributes:
        message: why, in English and Chinese.
        table: the table (``cadres``, ``grids`` …) of the record concerned.
        record_id: the record's id, when it has one.
        field: the model field concerned, when one is.
        file: the file it was read from, as given.
        row: the row number as a spreadsheet shows it (the header is row 1).
        column: the column header as written in the file.
        value: the offending value, masked when it is personal information.
        severity: ``"error"`` (row rejected) or ``"warning"`` (row kept).
    """

    message: str
    table: str | None = None
    record_id: str | None = None
    field: str | None = None
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: Severity = "error"

    @property
    def location(self) -> str:
        """``file:row [column]`` as far as it is known."""
        parts = [self.file or self.table or "?"]
        if self.row is not None:
            parts.append(f":{self.row}")
        if self.column:
            parts.append(f" [{self.column}]")
        return "".join(parts)

    def __str__(self) -> str:
        value = f" = {self.value!r}" if self.value is not None else ""
        return f"{self.location}{value}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        return attrs.asdict(self)
