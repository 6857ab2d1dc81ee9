"""Rows to records: a table's raw rows become validated records, and each row that cannot be
accepted becomes a :class:`~laoganbu.Problem` located at its file, row and column as written."""

from __future__ import annotations

import contextlib
import typing
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from typing import Any

import attrs
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from laoganbu.errors import UnusableInputError
from laoganbu.io.cells import Chunk, SourceRow, cell_value, normalised, str_or_none
from laoganbu.io.columnar import builder_for
from laoganbu.io.messages import message_for
from laoganbu.io.sources import Cell, RawTable, Row
from laoganbu.io.tables import SCHEMAS, Column, TableSchema, header_key, unwrap_annotation
from laoganbu.models.base import FieldConflict
from laoganbu.problems import Problem
from laoganbu.text import SPACE

__all__ = ["CHUNK", "COLUMNAR", "Progress", "RowReader"]

Progress = Callable[[str, int], None]


#: Rows validated together: enough for each column's values to repeat, few enough that the raw
#: cells of a chunk stay small next to the records they become.
CHUNK = 10_000

#: Validate flat tables column by column (:mod:`laoganbu.io.columnar`); tests turn it off to
#: hold the two paths to the same result.
COLUMNAR = True


@attrs.define
class RowReader:
    """Reads the rows of tables into records, appending a problem for each row rejected.

    Shared by every table of one import: :attr:`rejected` gathers the first problem of each
    record id rejected, which the reference check then reports against.
    """

    progress: Progress | None
    #: table → column name → more accepted headers (from plugins).
    aliases: Mapping[str, Mapping[str, Sequence[str]]] = attrs.field(factory=dict)
    #: Show personal values in problems as written (an explicit opt-in), not masked.
    reveal_pii: bool = False
    problems: list[Problem] = attrs.field(factory=list)
    #: (table, id) → the first problem that rejected it.
    rejected: dict[tuple[str, str], Problem] = attrs.field(factory=dict)
    #: One shared ``__pydantic_fields_set__`` per distinct set (see ``share_fields_set``).
    fields_sets: dict[frozenset[str], set[str]] = attrs.field(factory=dict)
    #: (table, file) → the columns the file held (see :meth:`read_columns`).
    headed: dict[tuple[str, str], frozenset[str]] = attrs.field(factory=dict)

    def read_columns(self) -> dict[str, frozenset[str]]:
        """Each table read → the columns every file or sheet of it held (a JSON object's
        nested field counts as its columns, and as its child table when it holds one)."""
        found: dict[str, frozenset[str]] = {}
        for (table, _file), names in self.headed.items():
            found[table] = found[table] & names if table in found else names
        return found

    def _note_columns(self, table: RawTable, result: Mapping[str, Column]) -> None:
        schema = table.schema
        names = {column.name for column in result.values()}
        if table.nested:
            for header in set(table.headers) & set(schema.model.model_fields):
                names.update(c.name for c in schema.all_columns() if c.path[0] == header)
                for child in SCHEMAS.values():
                    link = child.parent
                    if link is not None and (link.table, link.field) == (schema.name, header):
                        every = frozenset(c.name for c in child.all_columns())
                        self.headed[(child.name, table.file)] = every
        self.headed[(schema.name, table.file)] = frozenset(names)

    def map_headers(self, table: RawTable) -> dict[str, Column]:
        mapping = table.schema.header_map(self.aliases.get(table.schema.name))
        result: dict[str, Column] = {}
        claimed: dict[str, str] = {}
        nested_fields = set(table.schema.model.model_fields) if table.nested else set()
        for header in table.headers:
            column = mapping.get(header_key(header))
            if column is None:
                if header in nested_fields:
                    continue  # a nested object or list in JSON, passed to the model as is
                self.problems.append(
                    Problem(
                        file=table.file,
                        column=header,
                        table=table.schema.name,
                        message="unknown column; its values were not imported / 未知的列，未导入",
                        severity="warning",
                    )
                )
                continue
            if column.name in claimed:
                raise UnusableInputError(
                    f"{table.file}: columns {claimed[column.name]!r} and {header!r} both mean"
                    f" {column.header} / 两列表示同一字段"
                )
            claimed[column.name] = header
            result[header] = column
        missing = [
            c.header for c in table.schema.all_columns() if c.required and c.name not in claimed
        ]
        if missing and not table.nested:
            raise UnusableInputError(
                f"{table.file}: required columns missing: {'、'.join(missing)} / 缺少必需的列"
            )
        self._note_columns(table, result)
        return result

    def chunks(self, table: RawTable) -> Iterator[Chunk]:
        """The table's rows, some thousands at a time.

        Flat rows (CSV, XLSX) of a model :mod:`laoganbu.io.columnar` can build are validated a
        column at a time; other rows (JSON objects) are turned into dicts for
        ``model_validate``.
        """
        columns = self.map_headers(table)
        headed = {column.name: header for header, column in columns.items()}
        # (index, column, first path part, second path part or None), in header order.
        plan = [
            (i, columns[h], columns[h].path[0], _second(columns[h]))
            for i, h in enumerate(table.headers)
            if h in columns
        ]
        columnar = COLUMNAR and builder_for(table.schema.model).supported and not table.nested
        count = 0
        for numbers, rows in table.chunks(CHUNK):
            if columnar:
                yield self._columnar_chunk(table, plan, headed, numbers, rows)
            else:
                yield Chunk(
                    [
                        self._plain_row(table, columns, headed, n, raw)
                        for n, raw in zip(numbers, rows, strict=True)
                    ]
                )
            self.report(table.schema.name, count, len(rows))
            count += len(rows)

    @contextlib.contextmanager
    def quiet(self) -> Iterator[None]:
        """No progress reported meanwhile (for rows counted already)."""
        progress, self.progress = self.progress, None
        try:
            yield
        finally:
            self.progress = progress

    def report(self, table: str, before: int, more: int) -> None:
        """Tell :attr:`progress` of each 10,000th row of ``table`` among the ``more`` rows read
        after the first ``before``."""
        if self.progress is not None:
            for done in range(before // 10_000 * 10_000 + 10_000, before + more + 1, 10_000):
                self.progress(table, done)

    def _to_width(
        self, table: RawTable, number: int, raw: Row, imported: Collection[int]
    ) -> Sequence[Cell]:
        assert not isinstance(raw, dict)
        width = len(table.headers)
        if len(raw) > width:
            self._extra_cells(table, number, raw[width:], width)
            return raw[:width]
        if len(raw) < width and table.text_only:
            self._short_row(table, number, len(raw), imported)
        return [*raw, *([""] * (width - len(raw)))]  # blank, as an empty CSV cell is

    def _plain_row(
        self,
        table: RawTable,
        columns: dict[str, Column],
        headed: dict[str, str],
        number: int,
        raw: Row,
    ) -> SourceRow:
        """One row as a dict of field values, for ``model_validate``."""
        data: dict[str, Any] = {}
        if isinstance(raw, dict):
            nested_fields = table.schema.model.model_fields
            for header, value in raw.items():
                column = columns.get(header)
                if column is None:
                    if header in nested_fields and value is not None:
                        data[header] = value
                    continue
                if column.date and type(value) in (int, float):
                    # Day numbers exist only in workbook cells: a JSON number is text to a date.
                    value = repr(value)
                self._put(data, column, column.path[0], _second(column), value)
        else:
            width = len(table.headers)
            for i, header in enumerate(table.headers[: len(raw)]):
                column = columns.get(header)
                if column is not None:
                    self._put(data, column, column.path[0], _second(column), raw[i])
            if len(raw) > width:
                self._extra_cells(table, number, raw[width:], width)
            elif len(raw) < width and table.text_only:
                imported = [i for i, h in enumerate(table.headers) if h in columns]
                self._short_row(table, number, len(raw), imported)
        return SourceRow(table.file, number, headed, data)

    def _columnar_chunk(
        self,
        table: RawTable,
        plan: list[tuple[int, Column, str, str | None]],
        headed: dict[str, str],
        numbers: list[int],
        cells: list[Row],
    ) -> Chunk:
        width = len(table.headers)
        if set(map(len, cells)) != {width}:
            imported = [i for i, *_ in plan]
            cells = [
                self._to_width(table, number, raw, imported)
                for number, raw in zip(numbers, cells, strict=True)
            ]
        by_index = list(zip(*cells, strict=True))
        del cells
        raw_columns: dict[str, Sequence[Any]] = {}
        for i, column, first, second in plan:
            raw_columns[first if second is None else f"{first}.{second}"] = normalised(
                by_index[i], column, table.text_only
            )
        del by_index
        schema = table.schema
        key = schema.parent.key.name if schema.parent is not None else None
        validated = builder_for(schema.model).validate(
            {k: v for k, v in raw_columns.items() if k != key}, len(numbers)
        )
        rows = [SourceRow(table.file, number, headed) for number in numbers]
        return Chunk(rows, raw_columns, validated)

    @staticmethod
    def _put(
        data: dict[str, Any], column: Column, first: str, second: str | None, value: Cell
    ) -> None:
        cell = cell_value(value, column)
        if cell is None:
            return
        if second is None:
            data[first] = cell
        else:
            data.setdefault(first, {})[second] = cell

    def _short_row(
        self, table: RawTable, row_number: int, length: int, imported: Collection[int]
    ) -> None:
        # Some tools leave trailing empty cells out of a CSV row, so the row is still read; but
        # a row cut short by a lost separator must not pass unseen. (A workbook row without its
        # trailing cells is only blank there: workbooks are not asked.)
        lacking = [i for i in imported if i >= length]
        if not lacking:
            return  # only cells of columns that are not imported are missing
        width = len(table.headers)
        self.problems.append(
            Problem(
                file=table.file,
                row=row_number,
                table=table.schema.name,
                column=table.headers[lacking[0]],
                message=(
                    f"the row has {length} cells and the header {width}: this column and the"
                    f" {len(lacking) - 1} imported after it are read as blank"
                    f" / 该行只有{length}个单元格（表头{width}列），此列及其后导入的各列按空白处理"
                ),
                severity="warning",
            )
        )

    def _extra_cells(
        self, table: RawTable, row_number: int, extra: Sequence[Cell], width: int
    ) -> None:
        for offset, value in enumerate(extra, start=width + 1):
            if value is None or (isinstance(value, str) and not value.strip(SPACE)):
                continue
            self.problems.append(
                Problem(
                    file=table.file,
                    row=row_number,
                    table=table.schema.name,
                    column=f"#{offset}",
                    message="cell beyond the last header; not imported / 该单元格没有列名，未导入",
                    severity="warning",
                )
            )

    def validate(self, schema: TableSchema, row: SourceRow, data: dict[str, Any]) -> Any | None:
        try:
            record = schema.model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                problem = self.row_problem(schema, row, error)
                self.problems.append(problem)
                if problem.record_id is not None:
                    self.rejected.setdefault((schema.name, problem.record_id), problem)
            return None
        self.share_fields_set(record)
        return record

    def share_fields_set(self, model: BaseModel) -> None:
        """Let records with the same fields set share one ``__pydantic_fields_set__``.

        Each pydantic instance keeps the set of fields it was given: some 2 KB for a cadre,
        a third of a large roster's memory, and nearly always one of a few dozen sets. The
        models are frozen and pydantic copies the set before changing it (``model_copy``), so
        sharing is safe.
        """
        fields = model.__pydantic_fields_set__
        key = frozenset(fields)
        shared = self.fields_sets.setdefault(key, fields)
        if shared is not fields:
            object.__setattr__(model, "__pydantic_fields_set__", shared)
        nested = _NESTED.get(type(model))
        if nested is None:
            nested = _NESTED[type(model)] = _nested_fields(type(model))
        values = model.__dict__
        for name in nested:
            value = values[name]
            if isinstance(value, BaseModel):
                self.share_fields_set(value)
            elif value:
                for item in value:
                    self.share_fields_set(item)

    def row_problem(self, schema: TableSchema, row: SourceRow, error: ErrorDetails) -> Problem:
        loc = [str(part) for part in error["loc"] if isinstance(part, str)]
        conflict = (error.get("ctx") or {}).get("error")
        if not loc and isinstance(conflict, FieldConflict):
            # A conflict within a cadre's health names the health field at fault.
            loc = [conflict.field, *([conflict.item_field] if conflict.item_field else [])]
        name = "_".join(loc[:2]) if loc[:1] == ["health"] else (loc[0] if loc else "")
        column = next((c for c in schema.all_columns() if c.name == name), None)
        value: str | None = None
        header = row.cells.get(name)
        data = row.data or {}
        if column is not None and header is not None:
            raw = data.get(column.path[0])
            if len(column.path) == 2 and isinstance(raw, dict):
                raw = raw.get(column.path[1])
            if raw is not None:
                value = self.shown(column, str(raw))
        elif column is not None and error["type"] == "missing":
            header = column.header
        return Problem(
            file=row.file,
            row=row.row,
            column=header if header is not None else (name or None),
            value=value,
            table=schema.name,
            record_id=str_or_none(data.get("id")),
            field=name or None,
            message=message_for(error, name),
        )

    def shown(self, column: Column, raw: str) -> str:
        return raw if self.reveal_pii else column.mask(raw)


_NESTED: dict[type[BaseModel], tuple[str, ...]] = {}


def _nested_fields(model: type[BaseModel]) -> tuple[str, ...]:
    names = []
    for name, info in model.model_fields.items():
        inner = unwrap_annotation(info.annotation)
        if typing.get_origin(inner) is tuple:
            inner = typing.get_args(inner)[0]
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            names.append(name)
    return tuple(names)


def _second(column: Column) -> str | None:
    return column.path[1] if len(column.path) > 1 else None
