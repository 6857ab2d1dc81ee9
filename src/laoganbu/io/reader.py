"""Import a roster: every accepted record, and a :class:`~laoganbu.Problem` for every rejected
row, with file, row, column as written, the value (masked if personal) and the reason."""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import os
import re
import typing
from array import array
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from laoganbu.dates import PartialDate
from laoganbu.errors import UnusableInputError
from laoganbu.io.columnar import MISSING, ModelBuilder, Validated, all_text, builder_for
from laoganbu.io.sources import Cell, RawTable, Row, read_source, read_source_as
from laoganbu.io.tables import (
    SCHEMAS,
    Column,
    TableSchema,
    header_key,
    schema_for,
    unwrap_annotation,
)
from laoganbu.models.base import LIST_SEPARATOR, TEXT_PATTERN, FieldConflict, Record
from laoganbu.models.roster import TABLES, Roster
from laoganbu.privacy import Masked
from laoganbu.problems import Problem

if typing.TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = ["ImportResult", "read_roster", "read_table"]

Progress = Callable[[str, int], None]


@attrs.frozen
class ImportResult:
    """What an import accepted and what it found wrong.

    Attributes:
        roster: the accepted records.
        problems: rejected rows (``severity == "error"``) and warnings, in file order.
        files: each file or sheet read, with the encoding detected for CSV files.
    """

    roster: Roster
    problems: tuple[Problem, ...]
    files: Mapping[str, str | None] = attrs.field(factory=dict)

    @property
    def rejected(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when no row was rejected."""
        return not self.rejected

    def accepted(self) -> dict[str, int]:
        """Accepted records per table (child tables counted by their rows)."""
        counts = self.roster.counts()
        for schema in SCHEMAS.values():
            if schema.parent is not None:
                parents = self.roster.table(schema.parent.table)
                counts[schema.name] = sum(len(getattr(p, schema.parent.field)) for p in parents)
        return counts

    def to_dict(self) -> dict[str, Any]:
        """The shape ``laoganbu validate --json`` prints."""
        keys = ("file", "row", "column", "value", "message")
        return {
            "accepted": self.accepted(),
            "rejected": [{k: getattr(p, k) for k in keys} for p in self.rejected],
            "warnings": [{k: getattr(p, k) for k in keys} for p in self.warnings],
        }


# -- messages --------------------------------------------------------------------------------

_MESSAGES = {
    "missing": "required value is missing / 必填项为空",
    "string_too_long": "too long (at most {max_length} characters) / 超过最大长度",
    "string_too_short": "empty / 为空",
    "int_parsing": "not a whole number / 不是整数",
    "int_from_float": "not a whole number / 不是整数",
    "float_parsing": "not a number / 不是数字",
    "decimal_parsing": "not a number / 不是数字",
    "decimal_max_places": "more than 2 decimal places / 小数位超过2位",
    "bool_parsing": "not a yes/no value (是/否) / 应为“是”或“否”",
    "bool_type": "not a yes/no value (是/否) / 应为“是”或“否”",
    "literal_error": "must be one of {expected} / 取值应为 {expected}",
    "greater_than_equal": "must be at least {ge} / 不能小于 {ge}",
    "less_than_equal": "must be at most {le} / 不能大于 {le}",
    "too_short": "must not be empty / 不能为空",
    "extra_forbidden": "unknown field / 未知字段",
}


def _message(error: ErrorDetails, field: str) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "string_pattern_mismatch":
        if field.endswith("division_code"):
            return "not a 6-, 9- or 12-digit division code / 区划代码应为6、9或12位数字"
        if ctx.get("pattern") == TEXT_PATTERN:
            return "contains a control character / 含有控制字符"
        return (
            "may not contain spaces, list separators (、;,|) or control characters"
            " / 不能含空格、分隔符（、;,|）或控制字符"
        )
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    template = _MESSAGES.get(kind)
    if template is None:
        return f"{error['msg']} / 取值无效"
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template


# -- cell handling -----------------------------------------------------------------------------


def _cell(value: Cell, column: Column) -> Any:
    """A raw cell as the model should see it; ``None`` for a blank cell."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
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
class _Row:
    """One row on its way to becoming a record; kept for every record, so kept small."""

    file: str
    row: int
    #: column name → header as written in this file (shared by all rows of a table)
    cells: dict[str, str]
    #: The row's values as ``model_validate`` takes them, while it is being validated.
    data: dict[str, Any] | None = None


#: Rows validated together: enough for each column's values to repeat, few enough that the raw
#: cells of a chunk stay small next to the records they become.
_CHUNK = 10_000

#: Validate flat tables column by column (:mod:`laoganbu.io.columnar`); tests turn it off to
#: hold the two paths to the same result.
_COLUMNAR = True


@attrs.define(slots=True)
class _Chunk:
    """Consecutive rows of one table.

    ``raw`` holds the cells column by column (``"health.status"`` for a nested field) when the
    chunk was validated a column at a time; then ``validated`` holds that result. Otherwise
    each row's :attr:`_Row.data` holds its values.
    """

    rows: list[_Row]
    raw: dict[str, Sequence[Any]] | None = None
    validated: Validated | None = None

    def ids(self, name: str) -> list[str | None]:
        """The column ``name`` as text (``None`` when blank), e.g. the rows' ids."""
        if self.raw is None:
            return [_str_or_none((row.data or {}).get(name)) for row in self.rows]
        column = self.raw.get(name)
        if column is None:
            return [None] * len(self.rows)
        return [(v or None) if type(v) is str else _str_or_none(v) for v in column]

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


def _normalised(cells: Sequence[Cell], column: Column, text_only: bool) -> Sequence[Any]:
    """A column's cells as :func:`_cell` sees them, each distinct cell converted once.

    ``text_only``: every cell is a ``str`` (CSV).
    """
    if len(set(cells[:200])) > min(len(cells), 200) // 2:
        # Values that rarely repeat (names, ID numbers): converting each is cheaper.
        if text_only:
            return [c or None for c in map(str.strip, cells)]  # type: ignore[arg-type]
        return [(c.strip() or None) if type(c) is str else _cell(c, column) for c in cells]
    distinct = dict.fromkeys(cells)
    if text_only and all(c == c.strip() for c in distinct):  # type: ignore[union-attr]
        return cells  # as read: "" is blank (see laoganbu.io.columnar)
    if text_only or all_text(distinct):
        # True == 1 == 1.0 as dict keys: only text cells may share one conversion.
        lookup: dict[Any, Any] = {c: c.strip() or None for c in distinct if isinstance(c, str)}
        lookup[None] = None
        return list(map(lookup.__getitem__, cells))
    return [_cell(c, column) for c in cells]


@attrs.define
class _Reader:
    progress: Progress | None
    #: table → column name → more accepted headers (from plugins).
    aliases: Mapping[str, Mapping[str, Sequence[str]]] = attrs.field(factory=dict)
    #: Whose plugins' roster checks run on the accepted records.
    locality: Locality | None = None
    #: Show personal values in problems as written (an explicit opt-in), not masked.
    reveal_pii: bool = False
    problems: list[Problem] = attrs.field(factory=list)
    files: dict[str, str | None] = attrs.field(factory=dict)
    #: table → id → where the record came from and how its columns were headed.
    origin: dict[str, dict[str, _Row]] = attrs.field(factory=dict)
    #: table → id → accepted record, for reporting values of reference problems.
    records: dict[str, dict[str, Any]] = attrs.field(factory=dict)
    #: (table, id) → the first problem that rejected it.
    rejected: dict[tuple[str, str], Problem] = attrs.field(factory=dict)
    #: (table, id) → the rows of child tables (committee members, tasks …) of that accepted
    #: record, so that a child row whose reference fails is rejected alone.
    child_rows: dict[tuple[str, str], list[tuple[TableSchema, list[Any]]]] = attrs.field(
        factory=dict
    )
    #: (child table, file) → the parent id each of its rows was attached to, kept compactly
    #: (ids shared with the parent rows, row numbers in an array) to report the rows if their
    #: parent is rejected by the reference check.
    child_index: dict[tuple[str, str], tuple[list[str], array[int]]] = attrs.field(factory=dict)
    #: (file, row) of child rows rejected on their own.
    rejected_child_rows: set[tuple[str, int]] = attrs.field(factory=set)
    #: (parent key, field, target) of the reference problems whose child rows were rejected
    #: in this pass of the reference check.
    dropped: set[tuple[tuple[str, str], str | None, tuple[str, str]]] = attrs.field(factory=set)
    #: One shared ``__pydantic_fields_set__`` per distinct set (see ``_share_fields_set``).
    fields_sets: dict[frozenset[str], set[str]] = attrs.field(factory=dict)

    def read_one(self, path: Path, name: str, against: Roster | None) -> ImportResult:
        schema = SCHEMAS[name]
        table = read_source_as(path, schema, self.problems)
        self.files[table.file] = table.encoding
        records: dict[str, list[Record]] = {name: self._read_table(table, {})}
        roster = self._checked_roster(records, against)
        self.problems.sort(key=_problem_order)
        return ImportResult(roster=roster, problems=tuple(self.problems), files=self.files)

    def read(self, path: Path) -> ImportResult:
        tables = read_source(path, self.problems)
        by_schema: dict[str, list[RawTable]] = defaultdict(list)
        for table in tables:
            self.files[table.file] = table.encoding
            by_schema[table.schema.name].append(table)
        children: dict[str, dict[str, list[Any]]] = {}
        records: dict[str, list[Record]] = {name: [] for name in TABLES}
        # Child tables first, so that parents can be built with their children attached.
        for schema in SCHEMAS.values():
            if schema.parent is not None:
                for table in by_schema.get(schema.name, ()):
                    self._read_children(table, children.setdefault(schema.name, {}))
        for name in TABLES:
            for table in by_schema.get(name, ()):
                records[name].extend(self._read_table(table, children))
        for schema_name, by_parent in children.items():
            schema = SCHEMAS[schema_name]
            assert schema.parent is not None
            for parent_id, items in by_parent.items():
                for row, _record in items:
                    self.problems.append(
                        Problem(
                            file=row.file,
                            row=row.row,
                            column=row.cells.get(schema.parent.key.name),
                            value=parent_id,
                            table=schema.name,
                            message=f"no {schema.parent.table} record {parent_id!r} to attach to"
                            " / 找不到所属记录",
                        )
                    )
        roster = self._checked_roster(records)
        if self.locality is not None:
            # Located like the roster's own problems, so they show file, row and column.
            for problem in self.locality.run_validators(roster):
                self.problems.append(self._locate(problem, self.rejected))
        self.problems.sort(key=_problem_order)
        return ImportResult(roster=roster, problems=tuple(self.problems), files=self.files)

    # -- rows ---------------------------------------------------------------------------------

    def _map_headers(self, table: RawTable) -> dict[str, Column]:
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
        return result

    def _chunks(self, table: RawTable) -> Iterator[_Chunk]:
        """The table's rows, some thousands at a time.

        Flat rows (CSV, XLSX) of a model :mod:`laoganbu.io.columnar` can build are validated a
        column at a time; other rows (JSON objects) are turned into dicts for
        ``model_validate``.
        """
        columns = self._map_headers(table)
        headed = {column.name: header for header, column in columns.items()}
        # (index, column, first path part, second path part or None), in header order.
        plan = [
            (i, columns[h], columns[h].path[0], _second(columns[h]))
            for i, h in enumerate(table.headers)
            if h in columns
        ]
        columnar = _COLUMNAR and builder_for(table.schema.model).supported and not table.nested
        count = 0
        for numbers, rows in table.chunks(_CHUNK):
            if columnar:
                yield self._columnar_chunk(table, plan, headed, numbers, rows)
            else:
                yield _Chunk(
                    [
                        self._plain_row(table, columns, headed, n, raw)
                        for n, raw in zip(numbers, rows, strict=True)
                    ]
                )
            if self.progress is not None:
                for done in range(count // 10_000 * 10_000 + 10_000, count + len(rows) + 1, 10_000):
                    self.progress(table.schema.name, done)
            count += len(rows)

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
    ) -> _Row:
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
        return _Row(table.file, number, headed, data)

    def _columnar_chunk(
        self,
        table: RawTable,
        plan: list[tuple[int, Column, str, str | None]],
        headed: dict[str, str],
        numbers: list[int],
        cells: list[Row],
    ) -> _Chunk:
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
            raw_columns[first if second is None else f"{first}.{second}"] = _normalised(
                by_index[i], column, table.text_only
            )
        del by_index
        schema = table.schema
        key = schema.parent.key.name if schema.parent is not None else None
        validated = builder_for(schema.model).validate(
            {k: v for k, v in raw_columns.items() if k != key}, len(numbers)
        )
        rows = [_Row(table.file, number, headed) for number in numbers]
        return _Chunk(rows, raw_columns, validated)

    @staticmethod
    def _put(
        data: dict[str, Any], column: Column, first: str, second: str | None, value: Cell
    ) -> None:
        cell = _cell(value, column)
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
            if value is None or (isinstance(value, str) and not value.strip()):
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

    def _validate(self, schema: TableSchema, row: _Row, data: dict[str, Any]) -> Any | None:
        try:
            record = schema.model.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                problem = self._row_problem(schema, row, error)
                self.problems.append(problem)
                if problem.record_id is not None:
                    self.rejected.setdefault((schema.name, problem.record_id), problem)
            return None
        self._share_fields_set(record)
        return record

    def _share_fields_set(self, model: BaseModel) -> None:
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
                self._share_fields_set(value)
            elif value:
                for item in value:
                    self._share_fields_set(item)

    def _row_problem(self, schema: TableSchema, row: _Row, error: ErrorDetails) -> Problem:
        loc = [str(part) for part in error["loc"] if isinstance(part, str)]
        conflict = (error.get("ctx") or {}).get("error")
        if not loc and isinstance(conflict, FieldConflict):
            loc = [conflict.field]
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
                value = self._shown(column, str(raw))
        elif column is not None and error["type"] == "missing":
            header = column.header
        return Problem(
            file=row.file,
            row=row.row,
            column=header if header is not None else (name or None),
            value=value,
            table=schema.name,
            record_id=_str_or_none(data.get("id")),
            field=name or None,
            message=_message(error, name),
        )

    def _shown(self, column: Column, raw: str) -> str:
        return raw if self.reveal_pii else column.mask(raw)

    def _read_children(self, table: RawTable, into: dict[str, list[Any]]) -> None:
        schema = table.schema
        assert schema.parent is not None
        key = schema.parent.key.name
        builder = builder_for(schema.model)
        for chunk in self._chunks(table):
            records = chunk.build(builder, {})
            parent_ids = chunk.ids(key)
            for i, row in enumerate(chunk.rows):
                parent_id = parent_ids[i]
                if parent_id is None:
                    self.problems.append(
                        Problem(
                            file=row.file,
                            row=row.row,
                            column=schema.parent.key.header,
                            table=schema.name,
                            message="required value is missing / 必填项为空",
                        )
                    )
                    continue
                record = records[i]
                if record is None:
                    data = chunk.data(i)
                    data.pop(key, None)
                    record = self._validate(schema, row, data)
                if record is not None:
                    into.setdefault(parent_id, []).append((row, record))

    def _read_table(self, table: RawTable, children: dict[str, dict[str, list[Any]]]) -> list[Any]:
        schema = table.schema
        child_schemas = [s for s in SCHEMAS.values() if s.parent and s.parent.table == schema.name]
        builder = builder_for(schema.model)
        accepted = []
        seen = self.origin.setdefault(schema.name, {})
        for chunk in self._chunks(table):
            ids = chunk.ids("id")
            # Children (rows of child tables) go to the first row of their parent's id.
            attached: list[list[tuple[TableSchema, list[Any]]]] = [[] for _ in ids]
            child_columns: dict[str, list[Any]] = {}
            for child in child_schemas:
                assert child.parent is not None
                by_parent = children.get(child.name, {})
                column = child_columns[child.parent.field] = [MISSING] * len(ids)
                if not by_parent:
                    continue
                for i, rid in enumerate(ids):
                    items = by_parent.pop(rid, None) if rid is not None else None
                    if items:
                        column[i] = tuple(r for _, r in items)
                        attached[i].append((child, items))
                        self._index_children(child, rid, items)  # type: ignore[arg-type]
            records = chunk.build(builder, child_columns)
            if chunk.clean() and len(set(ids)) == len(ids) and seen.keys().isdisjoint(ids):
                # Every row built and every id new: nothing to report, so no row-by-row walk.
                seen.update(zip(ids, chunk.rows, strict=True))  # type: ignore[arg-type]
                accepted.extend(records)
                for rid, children_of in zip(ids, attached, strict=True):
                    self._keep_child_rows(schema.name, rid, children_of)  # type: ignore[arg-type]
                continue
            for i, row in enumerate(chunk.rows):
                rid = ids[i]
                if rid is not None and rid in seen:
                    first = seen[rid]
                    self.problems.append(
                        Problem(
                            file=row.file,
                            row=row.row,
                            column=row.cells.get("id"),
                            value=rid,
                            table=schema.name,
                            record_id=rid,
                            field="id",
                            message=f"duplicate id; first used at {first.file} row {first.row}"
                            " / 编号重复",
                        )
                    )
                    self._reject_children(
                        attached[i], f"its {schema.name} row {row.row} was rejected"
                    )
                    continue
                record = records[i]
                if record is None:
                    record = self._validate_with_children(
                        schema, row, dict(chunk.data(i)), attached[i]
                    )
                if record is None:
                    self._reject_children(
                        attached[i], f"its {schema.name} row {row.row} was rejected"
                    )
                    continue
                row.data = None
                seen[record.id] = row
                accepted.append(record)
                self._keep_child_rows(schema.name, record.id, attached[i])
        return accepted

    def _index_children(self, child: TableSchema, parent_id: str, items: list[Any]) -> None:
        for row, _record in items:
            parents, numbers = self.child_index.setdefault((child.name, row.file), ([], array("I")))
            parents.append(parent_id)  # the parent row's own id string: no copy per child row
            numbers.append(row.row)

    def _keep_child_rows(
        self, table: str, rid: str, attached: list[tuple[TableSchema, list[Any]]]
    ) -> None:
        kept = [(c, items) for c, items in attached if c.parent and c.parent.checked]
        if kept:
            self.child_rows[(table, rid)] = kept

    def _validate_with_children(
        self,
        schema: TableSchema,
        row: _Row,
        data: dict[str, Any],
        attached: list[tuple[TableSchema, list[Any]]],
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
                        self.problems.append(
                            self._child_problem(child, item, field, _message(error, ""))
                        )
                        self.rejected_child_rows.add((item[0].file, item[0].row))
        return self._validate(schema, row, joined())

    def _child_problem(
        self, child: TableSchema, item: tuple[_Row, Any], field: str | None, message: str
    ) -> Problem:
        row, record = item
        column = next((c for c in child.columns if c.name == field), None)
        value = None
        if column is not None and field is not None:
            text = _as_text(getattr(record, field))
            value = self._shown(column, text) if text is not None else None
        return Problem(
            file=row.file,
            row=row.row,
            table=child.name,
            column=row.cells.get(column.name, column.header) if column is not None else None,
            value=value,
            field=field,
            message=message,
        )

    def _child_located(self, problem: Problem) -> Problem | None:
        """``problem`` located at the child row it concerns (a committee member who is not a
        member), when it names one of its parent's child rows by id."""
        attached = self.child_rows.get((problem.table or "", problem.record_id or ""), [])
        quoted = re.findall(r"'([^']+)'", problem.message)
        for child, items in attached:
            if child.parent is None or child.parent.field != problem.field:
                continue
            for item in items:
                for rid in quoted:
                    field = _field_holding(item[1], rid)
                    if field is not None:
                        located = self._child_problem(child, item, field, problem.message)
                        return attrs.evolve(located, severity=problem.severity)
        return None

    def _report_stranded_children(self, parents: set[tuple[str, str]]) -> None:
        """Report the child rows of records the reference check rejected: they go with them."""
        if not parents:
            return
        for (child_name, file), (parent_ids, numbers) in self.child_index.items():
            link = SCHEMAS[child_name].parent
            assert link is not None
            for parent_id, number in zip(parent_ids, numbers, strict=True):
                key = (link.table, parent_id)
                if key not in parents or (file, number) in self.rejected_child_rows:
                    continue
                origin = self.rejected[key]
                self.problems.append(
                    Problem(
                        file=file,
                        row=number,
                        table=child_name,
                        message=f"its {link.table} record {parent_id!r} was rejected"
                        f" ({origin.file} row {origin.row}) / 所属记录被拒绝",
                    )
                )

    def _drop_child_rows(self, problem: Problem, rejected: dict[tuple[str, str], Problem]) -> bool:
        """Reject the child rows behind a reference problem of their parent, keeping the parent.

        Returns whether the problem was about child rows (and so is dealt with)."""
        key = (problem.table or "", problem.record_id or "")
        target = _target_of(problem.message)
        attached = self.child_rows.get(key)
        if target is None or not attached:
            return False
        if (key, problem.field, target) in self.dropped:
            return True  # the same reference twice in one check: its rows are gone already
        for child, items in attached:
            assert child.parent is not None
            if child.parent.field != problem.field:
                continue
            message = _reference_message(problem.message, rejected)
            kept, dropped = [], []
            for item in items:
                field = _field_holding(item[1], target[1])
                if field is None:
                    kept.append(item)
                else:
                    dropped.append(item[1])
                    self.problems.append(self._child_problem(child, item, field, message))
                    self.rejected_child_rows.add((item[0].file, item[0].row))
            if not dropped:
                return False  # a nested (JSON) item: its record is rejected, as before
            items[:] = kept
            self.dropped.add((key, problem.field, target))
            parent = self.records[key[0]][key[1]]
            remaining = tuple(
                r for r in getattr(parent, child.parent.field) if all(r is not d for d in dropped)
            )
            self.records[key[0]][key[1]] = parent.model_copy(update={child.parent.field: remaining})
            return True
        return False

    def _reject_children(self, attached: list[tuple[TableSchema, list[Any]]], why: str) -> None:
        for child, items in attached:
            for row, _record in items:
                self.problems.append(
                    Problem(
                        file=row.file,
                        row=row.row,
                        table=child.name,
                        message=f"{why} / 所属记录被拒绝",
                    )
                )

    # -- references ---------------------------------------------------------------------------

    def _checked_roster(
        self, records: dict[str, list[Record]], against: Roster | None = None
    ) -> Roster:
        """Drop records whose references fail, repeatedly: a dropped record may strand others.

        With ``against``, the records read are checked as if they were that roster's, and only
        their own problems are reported.
        """
        self.records = {name: {r.id: r for r in recs} for name, recs in records.items()}  # type: ignore[attr-defined]
        rejected = self.rejected
        for taken in [k for k in rejected if k[1] in self.records.get(k[0], ())]:
            # A row with this id failed, but a later row with the same id was accepted: the
            # id stands, and the accepted record is checked like any other.
            del rejected[taken]
        checked_out: set[tuple[str, str]] = set()  # rejected here, after being read
        warned: set[tuple[str | None, str | None, str | None, str]] = set()
        while True:
            self.dropped.clear()  # a reference seen again in a later pass is not a child row's
            # The records are validated already; only the references remain to be checked.
            tables: dict[str, Any] = {k: tuple(v) for k, v in records.items()}
            if against is None and len(records) < len(TABLES):
                # One table read on its own: references to other tables cannot be judged.
                return Roster.model_construct(None, **tables)
            base = {} if against is None else {n: against.table(n) for n in TABLES}
            roster = Roster.model_construct(None, **{**base, **tables})
            new_errors = 0
            for problem in roster.check():
                if problem.table not in records:
                    continue
                if problem.severity == "error" and self._drop_child_rows(problem, rejected):
                    new_errors += 1
                    continue
                located = self._locate(problem, rejected)
                if problem.severity == "warning":
                    key = (problem.table, problem.record_id, problem.field, problem.message)
                    if key not in warned:
                        warned.add(key)
                        self.problems.append(self._child_located(problem) or located)
                    continue
                key2 = (problem.table or "", problem.record_id or "")
                if key2 not in rejected:
                    rejected[key2] = located
                    checked_out.add(key2)
                    self.problems.append(located)
                    new_errors += 1
            if not new_errors:
                self._report_stranded_children(checked_out)
                return roster if against is None else Roster.model_construct(None, **tables)
            for name in records:
                current = self.records[name]
                records[name] = [
                    current[r.id]  # type: ignore[attr-defined]
                    for r in records[name]
                    if (name, r.id) not in rejected  # type: ignore[attr-defined]
                ]

    def _locate(self, problem: Problem, rejected: dict[tuple[str, str], Problem]) -> Problem:
        row = self.origin.get(problem.table or "", {}).get(problem.record_id or "")
        if row is None:
            return problem
        schema = SCHEMAS[problem.table or ""]
        column = next((c for c in schema.columns if c.name == problem.field), None)
        value = None
        message = problem.message
        if column is not None:
            raw = self._record_value(problem)
            value = self._shown(column, raw) if raw is not None else None
            message = _reference_message(problem.message, rejected)
        else:
            child = next(
                (s for s in SCHEMAS.values() if s.parent and s.parent.field == problem.field),
                None,
            )
            column_label = child.label if child is not None else problem.field
            return attrs.evolve(problem, file=row.file, row=row.row, column=column_label)
        return attrs.evolve(
            problem,
            file=row.file,
            row=row.row,
            column=row.cells.get(column.name, column.header),
            value=value,
            message=message,
        )

    def _record_value(self, problem: Problem) -> str | None:
        table = self.records.get(problem.table or "", {})
        record = table.get(problem.record_id or "")
        return _as_text(getattr(record, problem.field or "", None))


def _as_text(value: Any) -> str | None:
    """A record's value as it was written in its cell (lists joined, personal text revealed)."""
    if value is None:
        return None
    if isinstance(value, tuple):
        return LIST_SEPARATOR.join(map(str, value))
    return value.reveal() if isinstance(value, Masked) else str(value)


def _reference_message(message: str, rejected: dict[tuple[str, str], Problem]) -> str:
    """``message`` of an unknown reference, reworded when the record it names was rejected."""
    target = _target_of(message)
    if target is None or target not in rejected:
        return message
    origin = rejected[target]
    return (
        f"refers to {target[0]} {target[1]!r}, which was rejected"
        f" ({origin.file} row {origin.row}) / 所引用的记录已被拒绝"
    )


#: Model class → names of its fields that hold models or tuples of models.
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


def _target_of(message: str) -> tuple[str, str] | None:
    # Roster.check() words unknown references as "unknown <table> id '<id>'".
    if not message.startswith("unknown "):
        return None
    try:
        table, rest = message[len("unknown ") :].split(" id ", 1)
        rid = rest.split(" / ", 1)[0].strip().strip("'\"")
    except ValueError:
        return None
    return (table, rid)


def _second(column: Column) -> str | None:
    return column.path[1] if len(column.path) > 1 else None


def _str_or_none(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.file or "", problem.row or 0, problem.column or "")


def read_roster(
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    aliases: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    locality: Locality | None = None,
    reveal_pii: bool = False,
) -> ImportResult:
    """Read a roster from a folder of CSV files, an XLSX workbook or a JSON file.

    Every row that cannot be accepted is reported in :attr:`ImportResult.problems` with its
    file, row, column as written, value (masked when personal) and reason; every other row is
    in :attr:`ImportResult.roster`. Records whose references do not resolve are rejected too,
    and so, in turn, are records that refer to a rejected record.

    Args:
        path: a folder of CSV files, an ``.xlsx`` workbook or a ``.json`` file.
        progress: called as ``progress(table, rows_read)`` every 10,000 rows.
        aliases: more accepted column headers, table → column name → headers.
        locality: a :class:`~laoganbu.Locality` whose plugins add column headers
            (:attr:`~laoganbu.Locality.column_aliases`) and roster checks
            (:meth:`~laoganbu.Locality.run_validators`); their problems are reported with the
            others.
        reveal_pii: show personal values (ID numbers, phones, addresses, health) in problems
            as written instead of masked — an explicit opt-in, for the person fixing the file.

    Raises:
        UnusableInputError: the input cannot be read as a roster at all (no tables, an
            unreadable file, a required column missing).
    """
    with _long_lived_allocations():
        merged = _merge_aliases(aliases, locality.column_aliases if locality else None)
        return _Reader(progress, merged, locality, reveal_pii=reveal_pii).read(Path(path))


@contextlib.contextmanager
def _long_lived_allocations() -> Iterator[None]:
    """Keep the cyclic garbage collector out of a bulk import.

    An import allocates millions of long-lived objects and frees almost none; the collector
    would rescan them again and again (a third of the run time at 100,000 rows). Afterwards they
    go straight to the oldest generation: left young, the first collections after the import
    would walk them all, generation by generation (1.6 s after reading 100,000 cadres; 0.8 s
    this way). Not when the program keeps objects frozen itself (``gc.freeze()`` before a
    fork): unfreezing would undo that.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        if gc.get_freeze_count() == 0:
            gc.freeze()
            gc.unfreeze()  # into the oldest generation
        gc.enable()


def _merge_aliases(
    *sources: Mapping[str, Mapping[str, Sequence[str]]] | None,
) -> dict[str, dict[str, list[str]]]:
    merged: dict[str, dict[str, list[str]]] = {}
    for source in sources:
        for table, columns in (source or {}).items():
            for column, headers in columns.items():
                merged.setdefault(table, {}).setdefault(column, []).extend(headers)
    return merged


def read_table(
    path: str | os.PathLike[str],
    table: str,
    *,
    against: Roster | None = None,
    aliases: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    reveal_pii: bool = False,
) -> ImportResult:
    """Read one file as one table of a roster, whatever the file is called.

    For example a ledger of services (``table="service_records"``) kept apart from the roster.
    The file may be a CSV file, a workbook (the sheet named for the table, or its only sheet) or
    JSON (a list of records, or an object with the table under its name). Rows are checked and
    reported exactly as :func:`read_roster` does; with ``against``, references (cadre ids,
    organisation ids …) are checked against that roster and rows whose references fail are
    rejected. Without it, only the file's own values and duplicate ids are checked.

    Args:
        path: the file.
        table: a table name of :data:`laoganbu.models.roster.TABLES` or its Chinese label
            (``"service_records"``, ``"服务记录"``); child tables such as contacts are read with
            their parent through :func:`read_roster`.
        against: the roster the records belong to.
        aliases: more accepted column headers, as for :func:`read_roster`.
        reveal_pii: show personal values in problems unmasked, as for :func:`read_roster`.

    Returns:
        An :class:`ImportResult` whose roster holds only this table's accepted records.

    Raises:
        UnusableInputError: the file cannot be read, or ``table`` names no top-level table.
    """
    schema = schema_for(table)
    if schema is None or schema.name not in TABLES:
        names = "、".join(TABLES)
        raise UnusableInputError(f"{table!r} is not a roster table ({names}) / 不是花名册表名")
    with _long_lived_allocations():
        reader = _Reader(None, _merge_aliases(aliases), reveal_pii=reveal_pii)
        return reader.read_one(Path(path), schema.name, against)
