"""Rows of child tables read as columns (a county's contacts), kept as columns until their
parents' records are made.

A child row becomes a record only inside its parent's record (a cadre's ``contacts``). While
the parent waits as columns (:class:`~laoganbu.models.records.Records`), so do its child rows:
they go with it as :class:`~laoganbu.models.records.Children`. A parent made at once (a row
whose checks need its record, or one judged row by row) takes its child rows as records, as
every child row read row by row is held (:mod:`laoganbu.io.children`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.io.cells import SourceRow
from laoganbu.io.tables import TableSchema
from laoganbu.models.records import Children

if TYPE_CHECKING:
    import polars as pl

__all__ = ["WaitingChildren"]


@attrs.define
class _Waiting:
    schema: TableSchema
    frame: pl.DataFrame
    file: str
    #: field → the header it was written under.
    headed: dict[str, str]


@attrs.define
class WaitingChildren:
    """The rows of child tables held as columns, by child table, until their parents take
    them."""

    tables: dict[str, _Waiting] = attrs.field(factory=dict)

    def add(
        self, schema: TableSchema, frame: pl.DataFrame, file: str, headed: dict[str, str]
    ) -> None:
        """Hold ``frame`` (rows of the child table ``schema`` read as columns, sound, in row
        order, without their lines)."""
        if frame.height:
            self.tables[schema.name] = _Waiting(schema, frame, file, headed)

    def of(self, parent: TableSchema) -> list[_Waiting]:
        """The child tables of ``parent`` held here."""
        return [
            w
            for w in self.tables.values()
            if w.schema.parent and w.schema.parent.table == parent.name
        ]

    def take(
        self, parent: TableSchema, ids: list[str]
    ) -> dict[str, tuple[Children, list[str], list[int], str]]:
        """The rows of ``parent``'s child tables whose parent is one of ``ids``, taken out:
        per field, the rows as :class:`Children`, their parents' ids, their row numbers and
        the file."""
        taken = {}
        for waiting in self.of(parent):
            link = waiting.schema.parent
            assert link is not None
            mine = _take(waiting, ids)
            if mine.height:
                key = link.key.name
                taken[link.field] = (
                    Children(waiting.schema.model, mine, key),
                    mine.get_column(key).to_list(),
                    mine.get_column("row").to_list(),
                    waiting.file,
                )
        return taken

    def release(
        self,
        into: dict[str, dict[str, list[Any]]],
        parent: TableSchema | None = None,
        ids: list[str] | None = None,
    ) -> None:
        """Make held rows records and put them with the rows read row by row (``into``: child
        table → parent id → (row, record) items, in row order): those of ``parent``'s child
        tables (every table's when ``None``) whose parent is one of ``ids`` (all when
        ``None``)."""
        from laoganbu.io.frames import build_records

        for waiting in self.of(parent) if parent is not None else list(self.tables.values()):
            link = waiting.schema.parent
            assert link is not None
            if ids is None:
                rows = waiting.frame
                del self.tables[waiting.schema.name]
            else:
                rows = _take(waiting, ids)
            if not rows.height:
                continue
            built = build_records(waiting.schema.model, rows)
            by_parent = into.setdefault(waiting.schema.name, {})
            parents: list[str] = rows.get_column(link.key.name).to_list()
            numbers: list[int] = rows.get_column("row").to_list()
            touched = set()
            for parent_id, number, record in zip(parents, numbers, built, strict=True):
                if record is None:
                    raise RuntimeError("a child row validated as columns failed as a record")
                item = (SourceRow(waiting.file, number, waiting.headed), record)
                by_parent.setdefault(parent_id, []).append(item)
                touched.add(parent_id)
            for parent_id in touched:  # among the rows judged one by one, in row order
                by_parent[parent_id].sort(key=_row_of)


def _take(waiting: _Waiting, ids: list[str]) -> pl.DataFrame:
    """The held rows of ``waiting`` whose parent is one of ``ids``, taken out."""
    import polars as pl

    link = waiting.schema.parent
    assert link is not None
    hit = pl.col(link.key.name).is_in(pl.Series(ids, dtype=pl.String).implode())
    mine = waiting.frame.filter(hit)
    if mine.height:
        waiting.frame = waiting.frame.filter(~hit)
    return mine


def _row_of(item: tuple[SourceRow, Any]) -> int:
    return item[0].row
