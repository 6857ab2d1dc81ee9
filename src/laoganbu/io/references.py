"""The reference check of an import: records whose references do not resolve are set aside,
again and again, since a record set aside may strand others that refer to it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from laoganbu.io.cells import SourceRow
from laoganbu.io.children import ChildRows, as_text
from laoganbu.io.rows import RowReader
from laoganbu.io.tables import SCHEMAS
from laoganbu.models.base import IdentifiedRecord
from laoganbu.models.records import Records, as_records
from laoganbu.models.roster import TABLES, Roster
from laoganbu.problems import Problem

__all__ = ["ReferenceCheck"]


@attrs.define
class ReferenceCheck:
    """Checks the references of the records an import accepted, and locates its problems."""

    rows: RowReader
    children: ChildRows
    #: table → id → the row the record came from.
    origin: dict[str, dict[str, SourceRow]]
    #: table → id → accepted record, for the values of reference problems.
    records: dict[str, _Lookup] = attrs.field(factory=dict)
    #: Pairs of cadres recorded as two people: their likely-duplicate warning is not given.
    not_duplicates: frozenset[frozenset[str]] = frozenset()

    def run(
        self, read: Mapping[str, Sequence[IdentifiedRecord]], against: Roster | None = None
    ) -> Roster:
        """The roster of the records ``read`` less those whose references fail.

        With ``against``, the records read are checked as if they were that roster's, and only
        their own problems are reported. Tables read as columns stay columns: the checks ask
        them for ids and reference values, and make the records a problem concerns (the whole
        table once more than a few dozen are asked for); the other tables are tuples.
        """
        records = {name: as_records(recs) for name, recs in read.items()}
        self.records = {name: _Lookup(recs) for name, recs in records.items()}
        rejected = self.rows.rejected
        for taken in [k for k in rejected if k[1] in self.records.get(k[0], ())]:
            # A row with this id failed, but a later row with the same id was accepted: the
            # id stands, and the accepted record is checked like any other.
            del rejected[taken]
        checked_out: set[tuple[str, str]] = set()  # rejected here, after being read
        warned: set[tuple[str | None, str | None, str | None, str]] = set()
        while True:
            self.children.dropped.clear()  # a reference seen again in a later pass is a record's
            # The records are validated already; only the references remain to be checked.
            tables: dict[str, Any] = {name: recs.stored() for name, recs in records.items()}
            if against is None and len(records) < len(TABLES):
                # One table read on its own: references to other tables cannot be judged.
                return Roster.model_construct(None, **tables)
            base = {} if against is None else {n: against.table(n) for n in TABLES}
            roster = Roster.model_construct(None, **{**base, **tables})
            new_errors = 0
            for problem in roster.check():
                if problem.table not in records:
                    continue
                problem = self._reworded(problem)
                if problem.severity == "error" and self.children.drop(problem, self.records):
                    new_errors += 1
                    continue
                located = self.locate(problem)
                if problem.severity == "warning":
                    if self._known_pair(problem):
                        continue
                    key = (problem.table, problem.record_id, problem.field, problem.message)
                    if key not in warned:
                        warned.add(key)
                        self.rows.problems.append(self.children.located(problem) or located)
                    continue
                key2 = (problem.table or "", problem.record_id or "")
                if key2 not in rejected:
                    rejected[key2] = located
                    checked_out.add(key2)
                    self.rows.problems.append(located)
                    new_errors += 1
            if not new_errors:
                self.children.report_stranded(checked_out)
                # Tables made during the check (a problem asked for many) are held as tuples.
                mine: dict[str, Any] = {n: recs.stored() for n, recs in records.items()}
                if against is None:
                    return roster.model_copy(update=mine)
                return Roster.model_construct(None, **mine)
            for name in records:
                lookup = self.records[name]
                gone = [rid for table, rid in rejected if table == name]
                records[name] = records[name].revised(gone, lookup.replaced)
                self.records[name] = _Lookup(records[name])

    def _known_pair(self, problem: Problem) -> bool:
        other = problem.refers_to
        return (
            problem.code == "likely-duplicate"
            and other is not None
            and frozenset((problem.record_id or "", other.id)) in self.not_duplicates
        )

    def locate(self, problem: Problem) -> Problem:
        """``problem`` (of a record) with the file, row, column and value it came from."""
        row = self.origin.get(problem.table or "", {}).get(problem.record_id or "")
        if row is None:
            return problem
        schema = SCHEMAS[problem.table or ""]
        column = next((c for c in schema.columns if c.name == problem.field), None)
        if column is None:
            child = next(
                (s for s in SCHEMAS.values() if s.parent and s.parent.field == problem.field),
                None,
            )
            column_label = child.label if child is not None else problem.field
            return attrs.evolve(problem, file=row.file, row=row.row, column=column_label)
        lookup = self.records.get(problem.table or "")
        record = lookup.get(problem.record_id or "") if lookup is not None else None
        raw = as_text(getattr(record, problem.field or "", None))
        return attrs.evolve(
            problem,
            file=row.file,
            row=row.row,
            column=row.cells.get(column.name, column.header),
            value=self.rows.shown(column, raw) if raw is not None else None,
        )

    def _reworded(self, problem: Problem) -> Problem:
        """``problem`` of an unknown reference, reworded when the record it names was
        rejected rather than never there."""
        target = problem.refers_to
        if problem.code != "unknown-reference" or target is None:
            return problem
        origin = self.rows.rejected.get((target.table, target.id))
        if origin is None:
            return problem
        return attrs.evolve(
            problem,
            code="rejected-reference",
            message=f"refers to {target}, which was rejected ({origin.file} row {origin.row})"
            " / 所引用的记录已被拒绝",
        )


#: Records a problem asks for that are made one by one before the whole table is made.
_PICKED = 64


class _Lookup:
    """A table's records by id, for the few a problem concerns; records given in place of
    others (a record less a child row) are kept apart until the table is revised."""

    def __init__(self, records: Records[Any]) -> None:
        self.records = records
        self.replaced: dict[str, Any] = {}
        self._ids: set[str] | None = None
        self._index: dict[str, Any] | None = None

    def __contains__(self, rid: object) -> bool:
        if self._ids is None:
            self._ids = set(self.records.ids())
        return rid in self.replaced or rid in self._ids

    def __getitem__(self, rid: str) -> Any:
        if rid in self.replaced:
            return self.replaced[rid]
        if self._index is None:
            self._index = {}
        if rid not in self._index:
            if self.records.made or len(self._index) >= _PICKED:
                # Many problems ask for records: the table is made, once.
                for record in self.records:
                    self._index[record.id] = record
            else:  # a few problems: only their records are made
                self._index.update(self.records.pick([rid]))
        return self._index[rid]

    def __setitem__(self, rid: str, record: Any) -> None:
        self.replaced[rid] = record

    def get(self, rid: str, default: Any = None) -> Any:
        if rid not in self:
            return default
        return self[rid]
