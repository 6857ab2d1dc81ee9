"""Import a roster: every accepted record, and a :class:`~laoganbu.Problem` for every rejected
row, with file, row, column as written, the value (masked if personal) and the reason.

The work is shared out: ``io.sources`` reads raw rows, ``io.rows`` turns them into records,
``io.children`` judges the rows of child tables and ``io.references`` the references between
records; this module runs them in order.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import operator
import os
import typing
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Literal

import attrs

from laoganbu.errors import InvalidValueError, UnusableInputError
from laoganbu.io import rows as rows_module
from laoganbu.io.cells import SourceRow
from laoganbu.io.child_columns import WaitingChildren
from laoganbu.io.children import Attached, ChildRows
from laoganbu.io.columnar import MISSING, builder_for
from laoganbu.io.frames import sound_rows
from laoganbu.io.references import ReferenceCheck
from laoganbu.io.result import ImportResult
from laoganbu.io.rows import Progress, RowReader
from laoganbu.io.sources import RawTable, csv_table, read_source, read_source_as
from laoganbu.io.tables import SCHEMAS, TableSchema, schema_for
from laoganbu.models.base import IdentifiedRecord
from laoganbu.models.records import Children, Records
from laoganbu.models.roster import LEDGERS, TABLES, Roster
from laoganbu.problems import Problem, RecordRef

if typing.TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = ["read_roster", "read_table"]

#: The tables of a folder of CSV files read as columns (:mod:`laoganbu.io.frame_reader`):
#: the ledgers, which grow without bound, and the large tables of the roster whose checks
#: across fields do not involve their child rows (a cadre's contacts are not checked against
#: the cadre; a committee is checked against its organisation, which stays row by row).
_AS_COLUMNS = (
    "units",
    "cadres",
    "contacts",
    "volunteer_teams",
    "service_records",
    "life_events",
    "meetings",
    "volunteer_activities",
    "supports",
    "payments",
    "requests",
    "pay_bases",
    "clearance_plans",
    "medical_claims",
    "care_plans",
    "care_plan_measures",
)

#: Read those tables as columns; tests turn it off to hold the two paths to the same result.
COLUMNAR_LEDGERS = True


@attrs.define
class _Reader:
    rows: RowReader
    #: Whose plugins' roster checks run on the accepted records.
    locality: Locality | None = None
    files: dict[str, str | None] = attrs.field(factory=dict)
    #: file → ledger table, of the ledgers present but not asked for.
    skipped: dict[str, str] = attrs.field(factory=dict)
    #: table → id → where the record came from and how its columns were headed.
    origin: dict[str, dict[str, SourceRow]] = attrs.field(factory=dict)
    children: ChildRows = attrs.field(init=False)
    references: ReferenceCheck = attrs.field(init=False)
    #: Rows of child tables read as columns, waiting for their parents.
    waiting: WaitingChildren = attrs.field(factory=WaitingChildren)

    def __attrs_post_init__(self) -> None:
        self.children = ChildRows(self.rows)
        self.references = ReferenceCheck(self.rows, self.children, self.origin)

    @property
    def problems(self) -> list[Problem]:
        return self.rows.problems

    def read_one(self, path: Path, name: str, against: Roster | None) -> ImportResult:
        schema = SCHEMAS[name]
        table = read_source_as(path, schema, self.problems)
        self.files[table.file] = table.encoding
        records: dict[str, list[IdentifiedRecord]] = {name: self._read_table(table, {})}
        roster = self.references.run(records, against)
        self.problems.sort(key=_problem_order)
        return ImportResult(
            roster=roster,
            problems=tuple(self.problems),
            files=self.files,
            columns=self.rows.read_columns(),
        )

    def read(self, path: Path, skip: Collection[str] = ()) -> ImportResult:
        defer = _AS_COLUMNS if COLUMNAR_LEDGERS and rows_module.COLUMNAR else ()
        tables = read_source(path, self.problems, skip=skip, skipped=self.skipped, defer=defer)
        by_schema: dict[str, list[RawTable]] = defaultdict(list)
        for table in tables:
            self.files[table.file] = table.encoding
            by_schema[table.schema.name].append(table)
        children: dict[str, dict[str, list[Any]]] = {}
        parts: dict[str, list[Sequence[IdentifiedRecord]]] = {name: [] for name in TABLES}
        # Child tables first, so that parents can be built with their children attached.
        for schema in SCHEMAS.values():
            if schema.parent is not None:
                tables_of = by_schema.get(schema.name, ())
                into = children.setdefault(schema.name, {})
                for table in tables_of:
                    if table.deferred is None:
                        self._read_children(table, into)
                    elif len(tables_of) == 1:
                        self._read_children_columns(table.deferred, table.schema, into)
                    else:
                        raw = csv_table(table.deferred, table.schema, table.file, self.problems)
                        self.files[raw.file] = raw.encoding
                        self._read_children(raw, into)
        for name in TABLES:
            tables_of = by_schema.get(name, ())
            for table in tables_of:
                if table.deferred is not None and len(tables_of) == 1:
                    parts[name].append(self._read_columns(table.deferred, table.schema, children))
                    continue
                # Read row by row: its child rows too.
                self.waiting.release(children, table.schema)
                if table.deferred is None:
                    parts[name].append(self._read_table(table, children))
                else:  # ids are checked across files row by row
                    raw = csv_table(table.deferred, table.schema, table.file, self.problems)
                    self.files[raw.file] = raw.encoding
                    parts[name].append(self._read_table(raw, children))
        self.waiting.release(children)  # those whose parent never came: reported below
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
                            code="no-parent",
                            refers_to=RecordRef(schema.parent.table, parent_id),
                        )
                    )
        records = {name: _joined(of) for name, of in parts.items()}
        roster = self.references.run(records)
        if self.locality is not None:
            # Located like the roster's own problems, so they show file, row and column.
            for problem in self.locality.run_validators(roster):
                self.problems.append(self.references.locate(problem))
        self.problems.sort(key=_problem_order)
        return ImportResult(
            roster=roster,
            problems=tuple(self.problems),
            files=self.files,
            skipped=self.skipped,
            columns=self.rows.read_columns(),
        )

    def _read_columns(
        self, path: Path, schema: TableSchema, children: dict[str, dict[str, list[Any]]]
    ) -> Sequence[IdentifiedRecord]:
        """The records of one CSV file read as columns (:mod:`laoganbu.io.frame_reader`),
        or row by row when the file is not one the columns can read whole.

        The rows the expressions recognise and whose checks across fields certainly pass are
        kept as columns, made into records on first use (:class:`~laoganbu.models.records.
        Records`); the others are made now, with the model's checks run on each; every row the
        expressions are unsure of, and each row whose checks fail, is judged row by row, so
        that its problems read exactly as they always do.
        """

        from laoganbu.io.frame_reader import _FrameReader

        columns = _FrameReader(self, schema)
        found = columns.recognise(path)
        if found is None:
            self.waiting.release(children, schema)
            raw = csv_table(path, schema, path.name, self.problems)
            self.files[raw.file] = raw.encoding
            return self._read_table(raw, children)
        self.files[found.label] = found.encoding
        kept: list[tuple[int, IdentifiedRecord]] = []
        pending: list[tuple[Any, dict[str, list[Any]], dict[str, Children]]] = []
        set_aside: list[Any] = []
        count = 0
        for accepted, unsure in found.chunks:
            set_aside.append(unsure)
            built = _Built(kept, pending, set_aside)
            self._build(schema, found, accepted, children, built, columns.headed)
            self.rows.report(schema.name, count, accepted.height + unsure.height)
            count += accepted.height + unsure.height
        others = _rows_in_order(set_aside)
        if others is None:
            self.problems.extend(found.header_problems)
        else:
            self.waiting.release(children, schema)  # the rows of the parents judged next
            judged = columns.judge(found, others, children)
            kept.extend(zip(judged.rows, judged.records, strict=True))
        return Records.from_columns(schema.model, pending, kept)

    def _build(
        self,
        schema: TableSchema,
        found: Any,
        accepted: Any,
        children: dict[str, dict[str, list[Any]]],
        built: _Built,
        headed: dict[str, str],
    ) -> None:
        """Take one chunk's recognised rows: those certainly sound stay columns, pending in
        ``built``; the others are made into records now, and a row whose checks across fields
        fail is set aside (its children back in ``children``), to be judged row by row."""
        import polars as pl

        from laoganbu.io.frames import build_records

        ids: list[str] = accepted.get_column("id").to_list()
        sound = sound_rows(schema.model, accepted)
        waiting = self.waiting.of(schema)
        if waiting:
            # A parent with child rows judged row by row is made at once, with all its rows.
            judged = set().union(*(children.get(w.schema.name, {}) for w in waiting))
            if judged:
                sound = [ok and rid not in judged for ok, rid in zip(sound, ids, strict=True)]
        unsure = [i for i, ok in enumerate(sound) if not ok]
        if waiting and unsure:
            self.waiting.release(children, schema, [ids[i] for i in unsure])
        attached, extra = _take_children(_child_schemas(schema), ids, children)
        made: dict[int, IdentifiedRecord | None] = {}
        if unsure:
            part = accepted[unsure]
            records = build_records(
                schema.model, part, {k: [v[i] for i in unsure] for k, v in extra.items()}
            )
            made = dict(zip(unsure, records, strict=True))
        failed = [i for i, record in made.items() if record is None]
        for i in failed:  # judged again row by row, their child rows with them
            for child, items in attached[i]:
                children.setdefault(child.name, {})[ids[i]] = items
        if failed:
            built.set_aside.append(accepted.select("row", "line")[failed])
        origin = self.origin.setdefault(schema.name, {})
        rows: list[int] = accepted.get_column("row").to_list()
        for i, (rid, number, children_of) in enumerate(zip(ids, rows, attached, strict=True)):
            if i in made:
                record = made[i]
                if record is None:
                    continue
                built.kept.append((number, record))
            origin[rid] = SourceRow(found.label, number, headed)
            if children_of:
                for child, items in children_of:
                    self.children.attach(child, rid, items)
                self.children.keep(schema.name, rid, children_of)
        if len(unsure) < len(sound):
            frame = accepted.drop("line").filter(pl.Series(sound, dtype=pl.Boolean))
            waiting_rows: dict[str, Children] = {}
            if waiting:
                taken = self.waiting.take(schema, frame.get_column("id").to_list())
                for child_schema in _child_schemas(schema):
                    link = child_schema.parent
                    assert link is not None
                    if link.field in taken:
                        rows_of, parents, numbers, file = taken[link.field]
                        self.children.attach_rows(child_schema, file, parents, numbers)
                        waiting_rows[link.field] = rows_of
            built.pending.append(
                (
                    frame,
                    {k: list(itertools.compress(v, sound)) for k, v in extra.items()},
                    waiting_rows,
                )
            )

    def _read_children_columns(
        self, path: Path, schema: TableSchema, into: dict[str, list[Any]]
    ) -> None:
        """The rows of one child table's CSV file (contacts) read as columns, each put with
        its parent's id in file order; rows the expressions are unsure of are judged row by
        row, as :meth:`_read_children` judges them."""
        import polars as pl

        from laoganbu.io.frame_reader import _FrameReader
        from laoganbu.io.frames import build_records

        assert schema.parent is not None
        columns = _FrameReader(self, schema)
        found = columns.recognise(path)
        if found is None:
            raw = csv_table(path, schema, path.name, self.problems)
            self.files[raw.file] = raw.encoding
            self._read_children(raw, into)
            return
        self.files[found.label] = found.encoding
        key = schema.parent.key.name
        rows: list[tuple[int, str, Any]] = []
        set_aside: list[Any] = []
        # Sound rows wait as columns for their parents, unless the whole roster checks them.
        wait: list[Any] = []
        count = 0
        for part, unsure in found.chunks:
            set_aside.append(unsure)
            self.rows.report(schema.name, count, part.height + unsure.height)
            count += part.height + unsure.height
            accepted = part
            if not schema.parent.checked:
                sound = pl.Series(sound_rows(schema.model, part), dtype=pl.Boolean)
                wait.append(part.drop("line").filter(sound))
                accepted = part.filter(~sound)
            built = build_records(schema.model, accepted)
            failed = [i for i, record in enumerate(built) if record is None]
            if failed:
                set_aside.append(accepted.select("row", "line")[failed])
            parents = accepted.get_column(key).to_list()
            numbers = accepted.get_column("row").to_list()
            rows.extend(
                (number, parent, (SourceRow(found.label, number, columns.headed), record))
                for number, parent, record in zip(numbers, parents, built, strict=True)
                if record is not None
            )
        others = _rows_in_order(set_aside)
        if others is not None:
            judged: dict[str, list[Any]] = {}
            with self.rows.quiet():  # their rows were counted as the chunks were read
                self._read_children(columns.raw_rows(found, others), judged)
            rows.extend(
                (row.row, parent, (row, record))
                for parent, items in judged.items()
                for row, record in items
            )
            rows.sort(key=operator.itemgetter(0))
        else:
            self.problems.extend(found.header_problems)
        for _number, parent, item in rows:
            into.setdefault(parent, []).append(item)
        if wait:
            self.waiting.add(schema, pl.concat(wait), found.label, columns.headed)

    def _read_children(self, table: RawTable, into: dict[str, list[Any]]) -> None:
        schema = table.schema
        assert schema.parent is not None
        key = schema.parent.key.name
        builder = builder_for(schema.model)
        for chunk in self.rows.chunks(table):
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
                    record = self.rows.validate(schema, row, data)
                if record is not None:
                    into.setdefault(parent_id, []).append((row, record))

    def _read_table(self, table: RawTable, children: dict[str, dict[str, list[Any]]]) -> list[Any]:
        schema = table.schema
        child_schemas = _child_schemas(schema)
        builder = builder_for(schema.model)
        accepted = []
        seen = self.origin.setdefault(schema.name, {})
        for chunk in self.rows.chunks(table):
            ids = chunk.ids("id")
            # Children (rows of child tables) go to the first row of their parent's id.
            attached, child_columns = _take_children(child_schemas, ids, children)
            for rid, children_of in zip(ids, attached, strict=True):
                for child, items in children_of:
                    self.children.attach(child, rid, items)  # type: ignore[arg-type]
            records = chunk.build(builder, child_columns)
            if chunk.clean() and len(set(ids)) == len(ids) and seen.keys().isdisjoint(ids):
                # Every row built and every id new: nothing to report, so no row-by-row walk.
                seen.update(zip(ids, chunk.rows, strict=True))  # type: ignore[arg-type]
                accepted.extend(records)
                for rid, children_of in zip(ids, attached, strict=True):
                    self.children.keep(schema.name, rid, children_of)  # type: ignore[arg-type]
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
                            code="duplicate-id",
                        )
                    )
                    self.children.reject_all(
                        attached[i], None, f"its {schema.name} row {row.row} was rejected"
                    )
                    continue
                record = records[i]
                if record is None:
                    record = self.children.validate_with(
                        schema, row, dict(chunk.data(i)), attached[i]
                    )
                if record is None:
                    self.children.reject_all(
                        attached[i],
                        RecordRef(schema.name, rid) if rid is not None else None,
                        f"its {schema.name} row {row.row} was rejected",
                    )
                    continue
                row.data = None
                seen[record.id] = row
                accepted.append(record)
                self.children.keep(schema.name, record.id, attached[i])
        return accepted


@attrs.define
class _Built:
    """What the recognised rows of a file became: records made now (with their row numbers),
    rows pending as columns (a frame and its rows' child records), rows set aside."""

    kept: list[tuple[int, IdentifiedRecord]]
    pending: list[tuple[Any, dict[str, list[Any]], dict[str, Children]]]
    set_aside: list[Any]


def _joined(parts: list[Sequence[IdentifiedRecord]]) -> Sequence[IdentifiedRecord]:
    """One table's records from its files: kept as columns when one file was read so."""
    if len(parts) == 1:
        return parts[0]
    return tuple(itertools.chain.from_iterable(parts))


def _child_schemas(schema: TableSchema) -> list[TableSchema]:
    """The child tables of ``schema`` (a cadre's contacts …)."""
    return [s for s in SCHEMAS.values() if s.parent and s.parent.table == schema.name]


def _take_children(
    child_schemas: list[TableSchema],
    ids: Sequence[str | None],
    children: dict[str, dict[str, list[Any]]],
) -> tuple[list[Attached], dict[str, list[Any]]]:
    """The rows of child tables of each of ``ids`` (taken out of ``children``), and the
    columns of child records they give their parents' fields (``MISSING`` where none)."""
    attached: list[Attached] = [[] for _ in ids]
    columns: dict[str, list[Any]] = {}
    for child in child_schemas:
        assert child.parent is not None
        by_parent = children.get(child.name, {})
        column = columns[child.parent.field] = [MISSING] * len(ids)
        if not by_parent:
            continue
        for i, rid in enumerate(ids):
            items = by_parent.pop(rid, None) if rid is not None else None
            if items:
                column[i] = tuple(r for _, r in items)
                attached[i].append((child, items))
    return attached, columns


def _rows_in_order(frames: list[Any]) -> Any | None:
    """Frames of ``row`` and ``line`` as one, in row order; ``None`` when they hold no row."""
    import polars as pl

    rows = [f for f in frames if f.height]
    return pl.concat(rows).sort("row") if rows else None


def _problem_order(problem: Problem) -> tuple[str, int, str]:
    return (problem.file or "", problem.row or 0, problem.column or "")


def read_roster(
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    aliases: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    locality: Locality | None = None,
    reveal_pii: bool = False,
    ledgers: Iterable[str] | Literal["all"] = "all",
    not_duplicates: Iterable[tuple[str, str]] = (),
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
        ledgers: which of the :data:`~laoganbu.models.roster.LEDGERS` (service records, life
            events, transfers, meetings, volunteer activities, supports) to read with the roster, by
            table name or Chinese label; ``"all"`` (the default) reads every table there is,
            ``()`` only who and what exists. A ledger left out is not even opened (a year's
            service records can be many times the roster); its files are listed in
            :attr:`ImportResult.skipped`.
        not_duplicates: pairs of cadre ids a bureau found to be two people (see
            :func:`laoganbu.registry.read_not_duplicates`): they are not warned about as likely
            duplicates; a shared ID number is warned about all the same.

    Raises:
        UnusableInputError: the input cannot be read as a roster at all (no tables, an
            unreadable file, a required column missing).
        InvalidValueError: ``ledgers`` names a table that is not a ledger.
    """
    skip = _unasked_ledgers(ledgers)
    with _long_lived_allocations():
        merged = _merge_aliases(aliases, locality.column_aliases if locality else None)
        rows = RowReader(progress, merged, reveal_pii=reveal_pii)
        reader = _Reader(rows, locality)
        reader.references.not_duplicates = frozenset(frozenset(p) for p in not_duplicates)
        return reader.read(Path(path), skip)


def _unasked_ledgers(ledgers: Iterable[str] | Literal["all"]) -> frozenset[str]:
    if ledgers == "all":
        return frozenset()
    if isinstance(ledgers, str):
        ledgers = [ledgers]  # one name: not its letters
    asked = set()
    for name in ledgers:
        schema = schema_for(name)
        if schema is None or schema.name not in LEDGERS:
            known = "、".join(LEDGERS)
            raise InvalidValueError(f"{name!r} is not a ledger ({known}) / 不是台账表名")
        asked.add(schema.name)
    return frozenset(LEDGERS) - asked


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
        reader = _Reader(RowReader(None, _merge_aliases(aliases), reveal_pii=reveal_pii))
        return reader.read_one(Path(path), schema.name, against)
