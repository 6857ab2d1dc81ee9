"""What :func:`~laoganbu.read_frame` gives back: a table's accepted rows as columns, and the
problems found."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs
from pydantic import BaseModel

from laoganbu.io.frames import field_kinds, frame_records
from laoganbu.io.result import ProblemSummary
from laoganbu.problems import Problem

if TYPE_CHECKING:
    import polars as pl

__all__ = ["FrameResult"]


@attrs.frozen(repr=False)
class FrameResult(ProblemSummary):
    """One table read as columns: its accepted rows and the problems of the others.

    Attributes:
        table: the table read (``service_records`` …).
        model: the record model of its rows.
        data: the accepted rows, personal values unmasked: what laoganbu computes with (give
            it to :func:`~laoganbu.compliance`); show :meth:`frame` instead.
        problems: rejected rows (``severity == "error"``) and warnings, in file order, as
            :func:`~laoganbu.read_table` reports them.
        files: each file read, with the encoding detected for CSV files.
    """

    table: str
    model: type[BaseModel]
    data: pl.DataFrame
    problems: tuple[Problem, ...]
    files: Mapping[str, str | None] = attrs.field(factory=dict)

    def frame(self, *, reveal_pii: bool = False) -> pl.DataFrame:
        """The accepted rows, one each, in file order: ``row`` (the row of the file it came
        from) then a column per field (see :mod:`laoganbu.io.frames`). Personal values
        (health notes …) are masked unless ``reveal_pii`` — an explicit opt-in."""
        import polars as pl

        if reveal_pii:
            return self.data
        kinds = field_kinds(self.model) or {}
        masked = [
            pl.col(name).map_elements(kind.type.mask, return_dtype=pl.String)
            for name, kind in kinds.items()
            if kind.personal
        ]
        return self.data.with_columns(masked) if masked else self.data

    def records(self) -> list[Any]:
        """The accepted rows as records (made now, one by one: for a few rows, not millions)."""
        return frame_records(self.model, self.data)

    def __len__(self) -> int:
        return self.data.height

    @property
    def accepted(self) -> int:
        """How many rows were accepted."""
        return self.data.height

    def to_dict(self) -> dict[str, Any]:
        """The shape ``laoganbu validate --json`` prints, for this one table."""
        return {
            "accepted": {self.table: self.accepted},
            "skipped": {},
            "rejected": [p.to_json() for p in self.rejected],
            "warnings": [p.to_json() for p in self.warnings],
        }

    def __repr__(self) -> str:
        return (
            f"FrameResult(table={self.table!r}, accepted={self.accepted},"
            f" rejected={len(self.rejected)}, warnings={len(self.warnings)})"
        )
