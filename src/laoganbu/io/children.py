"""Rows of child tables (contacts, committee members, group tasks …): each is judged on its own.

A child row belongs to the record of its parent's id. When it alone makes the record fail (a
cadre on a committee twice) or names a record that does not exist, the row is rejected at its
own file, row and column and the record keeps its other rows; when the record itself is
rejected, each of its child rows is reported with it.
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from typing import Any

import attrs
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from laoganbu.io.cells import SourceRow
from laoganbu.io.messages import message_for
from laoganbu.io.rows import RowReader
from laoganbu.io.tables import SCHEMAS, TableSchema
from laoganbu.models.base import LIST_SEPARATOR, FieldConflict
from laoganbu.privacy import Masked
from laoganbu.problems import Problem, RecordRef

__all__ = ["Attached", "ChildRows", "as_text"]

#: Codes of a reference to a record that is not there.
_BROKEN = frozenset({"unknown-reference", "rejected-reference"})

#: The rows of child tables attached to one record: per child table, its (row, record) pairs.
Attached = list[tuple[TableSchema, list[Any]]]


@attrs.define
class ChildRows:
    """What an import keeps of child rows, to judge and report them after their parents."""

    rows: RowReader
    #: (table, id) → the rows of child tables (committee members, tasks …) of that accepted
    #: record, so that a child row whose reference fails is rejected alone.
    kept: dict[tuple[str, str], Attached] = attrs.field(factory=dict)
    #: (child table, file) → the parent id each of its rows was attached to, kept compactly
    #: (ids shared with the parent rows, row numbers in an array) to report the rows if their
    #: parent is rejected by the reference check.
    index: dict[tuple[str, str], tuple[list[str], array[int]]] = attrs.field(factory=dict)
    #: (file, row) of child rows rejected on their own.
    rejected_rows: set[tuple[str, int]] = attrs.field(factory=set)
    #: (parent key, field, target) of the reference problems whose child rows were rejected
    #: in this pass of the reference check.
    dropped: set[tuple[tuple[str, str], str | None, RecordRef]] = attrs.field(factory=set)

    def attach(self, child: TableSchema, parent_id: str, items: list[Any]) -> None:
        """Note the rows ``items`` of ``child`` as attached to the record ``parent_id``."""
        for row, _record in items:
            parents, numbers = self.index.setdefault((child.name, row.file), ([], array("I")))
            parents.append(parent_id)  # the parent row's own id string: no copy per child row
            numbers.append(row.row)

    def attach_rows(
        self, child: TableSchema, file: str, parents: list[str], numbers: list[int]
    ) -> None:
        """Note rows of ``child`` in ``file`` (``numbers``) as attached to ``parents``, as
        :meth:`attach` does one record at a time."""
        index_parents, index_numbers = self.index.setdefault((child.name, file), ([], array("I")))
        index_parents.extend(parents)
        index_numbers.extend(numbers)

    def keep(self, table: str, rid: str, attached: Attached) -> None:
        """Keep the rows the reference check judges (``ParentLink.checked``) of an accepted
        record."""
        kept = [(c, items) for c, items in attached if c.parent and c.parent.checked]
        if kept:
            self.kept[(table, rid)] = kept

    def validate_with(
        self, schema: TableSchema, row: SourceRow, data: dict[str, Any], attached: Attached
    ) -> Any | None:
        """Validate a record with the rows of its child tables.

        When the record is sound without them but fails with them (a task claimed by a unit
        outside the group, a cadre on the committee twice), only the child rows that make it
        fail are rejected, each on its own row; the record keeps the others.
        """
        nested: dict[str, list[Any]] = {}
        for child, _items in attached:
            assert child.parent is not None
            # Nested children (JSON) and rows of the child table both count.
            value = data.get(child.parent.field) or []
            nested[child.parent.field] = list(value) if isinstance(value, list | tuple) else [value]

        def joined() -> dict[str, Any]:
            merged = dict(data)
            for child, items in attached:
                field = child.parent.field  # type: ignore[union-attr]
                merged[field] = [*nested[field], *(record for _, record in items)]
            return merged

        if attached and _first_error(schema.model, joined()) is not None:
            candidates = [list(items) for _, items in attached]
            for _, items in attached:
                items.clear()
            sound_alone = _first_error(schema.model, joined()) is None
            for (child, items), offered in zip(attached, candidates, strict=True):
                for item in offered:
                    items.append(item)
                    error = _first_error(schema.model, joined()) if sound_alone else None
                    if error is not None:
                        items.pop()
                        conflict = (error.get("ctx") or {}).get("error")
                        field = conflict.item_field if isinstance(conflict, FieldConflict) else None
                        self.rows.problems.append(
                            self.problem(child, item, field, message_for(error, ""))
                        )
                        self.rejected_rows.add((item[0].file, item[0].row))
        return self.rows.validate(schema, row, joined())

    def problem(
        self, child: TableSchema, item: tuple[SourceRow, Any], field: str | None, message: str
    ) -> Problem:
        """A problem of the child row ``item``, at the column of ``field``."""
        row, record = item
        column = next((c for c in child.columns if c.name == field), None)
        value = None
        if column is not None and field is not None:
            text = as_text(getattr(record, field))
            value = self.rows.shown(column, text) if text is not None else None
        return Problem(
            file=row.file,
            row=row.row,
            table=child.name,
            column=row.cells.get(column.name, column.header) if column is not None else None,
            value=value,
            field=field,
            message=message,
        )

    def located(self, problem: Problem) -> Problem | None:
        """``problem`` located at the child row it concerns (a committee member who is not a
        member), when the record it refers to is in one of its record's child rows."""
        target = problem.refers_to
        if target is None:
            return None
        for child, items in self.kept.get((problem.table or "", problem.record_id or ""), []):
            if child.parent is None or child.parent.field != problem.field:
                continue
            for item in items:
                field = _field_holding(item[1], target.id)
                if field is not None:
                    located = self.problem(child, item, field, problem.message)
                    return attrs.evolve(
                        located, severity=problem.severity, code=problem.code, refers_to=target
                    )
        return None

    def report_stranded(self, parents: set[tuple[str, str]]) -> None:
        """Report the child rows of records the reference check rejected: they go with them."""
        if not parents:
            return
        for (child_name, file), (parent_ids, numbers) in self.index.items():
            link = SCHEMAS[child_name].parent
            assert link is not None
            for parent_id, number in zip(parent_ids, numbers, strict=True):
                key = (link.table, parent_id)
                if key not in parents or (file, number) in self.rejected_rows:
                    continue
                origin = self.rows.rejected[key]
                self.rows.problems.append(
                    Problem(
                        file=file,
                        row=number,
                        table=child_name,
                        message=f"its {link.table} record {parent_id!r} was rejected"
                        f" ({origin.file} row {origin.row}) / 所属记录被拒绝",
                        code="parent-rejected",
                        refers_to=RecordRef(link.table, parent_id),
                    )
                )

    def drop(self, problem: Problem, records: Mapping[str, Any]) -> bool:
        """Reject the child rows behind a broken reference of their record, keeping the record
        (updated in ``records``); each row is reported with the problem's message.

        Returns whether the problem was about child rows (and so is dealt with)."""
        key = (problem.table or "", problem.record_id or "")
        target = problem.refers_to
        attached = self.kept.get(key)
        if problem.code not in _BROKEN or target is None or not attached:
            return False
        if (key, problem.field, target) in self.dropped:
            return True  # the same reference twice in one check: its rows are gone already
        for child, items in attached:
            assert child.parent is not None
            if child.parent.field != problem.field:
                continue
            kept, dropped = [], []
            for item in items:
                field = _field_holding(item[1], target.id)
                if field is None:
                    kept.append(item)
                else:
                    dropped.append(item[1])
                    located = self.problem(child, item, field, problem.message)
                    self.rows.problems.append(
                        attrs.evolve(located, code=problem.code, refers_to=target)
                    )
                    self.rejected_rows.add((item[0].file, item[0].row))
            if not dropped:
                return False  # a nested (JSON) item: its record is rejected, as before
            items[:] = kept
            self.dropped.add((key, problem.field, target))
            parent = records[key[0]][key[1]]
            remaining = tuple(
                r for r in getattr(parent, child.parent.field) if all(r is not d for d in dropped)
            )
            records[key[0]][key[1]] = parent.model_copy(update={child.parent.field: remaining})
            return True
        return False

    def reject_all(self, attached: Attached, parent: RecordRef | None, why: str) -> None:
        """Report every row of ``attached``: their record (``parent``) was rejected."""
        for child, items in attached:
            for row, _record in items:
                self.rows.problems.append(
                    Problem(
                        file=row.file,
                        row=row.row,
                        table=child.name,
                        message=f"{why} / 所属记录被拒绝",
                        code="parent-rejected",
                        refers_to=parent,
                    )
                )


def as_text(value: Any) -> str | None:
    """A record's value as it was written in its cell (lists joined, personal text revealed)."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(map(str, value))
    return value.reveal() if isinstance(value, Masked) else str(value)


def _first_error(model: type[BaseModel], data: dict[str, Any]) -> ErrorDetails | None:
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return exc.errors()[0]
    return None


def _field_holding(record: BaseModel, rid: str) -> str | None:
    """The field of ``record`` that holds the id ``rid``, alone or in a list."""
    for name in type(record).model_fields:
        value = getattr(record, name)
        if value == rid or (isinstance(value, tuple) and rid in value):
            return name
    return None
