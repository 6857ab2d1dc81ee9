"""The roster's own checks (:meth:`~laoganbu.Roster.check`) of records written through the
store's API, run on the records in their context — the records they name, and the trees
(units, grids, Party organisations) whole — rather than on the whole store.

The records each one names are found by the check itself (its ``unknown-reference``
problems), so that what is checked is what :meth:`~laoganbu.Roster.check` checks, with no
second list of references to fall out of step. A write is refused when the records written
bring an error the roster did not have before: a reference to a record not in the store, a
grid under its own child, a cadre in a grid that is not a bottom grid …
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Final

import sqlalchemy as sa

from laoganbu.errors import InvalidValueError
from laoganbu.models.roster import LEDGERS, TABLES, Roster
from laoganbu.problems import Problem
from laoganbu.store import documents
from laoganbu.store.documents import Document
from laoganbu.store.versions import Row, by_record, event_day, load, state_as_of

__all__ = ["check_in_context"]

#: The tables read whole for a check: their trees and levels are judged across records.
_TREES: Final = ("units", "grids", "organizations")


class _Context:
    def __init__(self, connection: sa.Connection, table: str) -> None:
        self.connection = connection
        self.table = table
        self.docs: dict[str, dict[str, Document]] = {}
        #: cadre id → the first day the cadre holds from (``None``: from the start).
        self.cadre_from: dict[str, dt.date | None] = {}
        self.add(load(connection, tables=_TREES))

    def add(self, rows: Sequence[Row]) -> None:
        for (table, record_id), versions in by_record(rows).items():
            if table == "cadres":
                self.cadre_from[record_id] = min(versions, key=lambda r: r.version).valid_from
        for name, docs in state_as_of(rows, None).items():
            self.docs.setdefault(name, {}).update((d["id"], d) for d in docs)

    def fetch(self, wanted: Mapping[str, set[str]]) -> None:
        for name, ids in wanted.items():
            self.add(load(self.connection, tables=[name], record_ids=sorted(ids)))
        if wanted.get("cadres"):
            # A cadre's death (from its life events) is part of what is checked of it.
            cadres = sorted(wanted["cadres"])
            self.add(load(self.connection, tables=["life_events"], cadre_ids=cadres))

    def roster(self, written: Mapping[str, Document]) -> Roster:
        tables = {name: dict(docs) for name, docs in self.docs.items()}
        tables.setdefault(self.table, {}).update(written)
        return documents.build_roster({n: list(d.values()) for n, d in tables.items()})


def _errors(roster: Roster) -> list[Problem]:
    return [p for p in roster.check() if p.severity == "error"]


def _key(problem: Problem) -> tuple[object, ...]:
    return (problem.table, problem.record_id, problem.field, problem.message)


def check_in_context(
    connection: sa.Connection,
    table: str,
    new: Sequence[Document],
    old: Mapping[str, Document],
) -> None:
    """Refuse records about to be written (``new``; ``old``: the same records as they stand,
    by id) when they fail the roster's checks, or are ledger rows dated before the cadre they
    name exists in the store.

    Raises:
        InvalidValueError: which record, and why; nothing is written.
    """
    context = _Context(connection, table)
    written = {d["id"]: d for d in new}
    wanted: dict[str, set[str]] = {}
    for problem in _errors(context.roster(written)):
        ref = problem.refers_to
        if problem.code == "unknown-reference" and ref is not None and ref.table in TABLES:
            wanted.setdefault(ref.table, set()).add(ref.id)
    context.fetch(wanted)
    before = {_key(p) for p in _errors(context.roster(old))}
    for problem in _errors(context.roster(written)):
        if _key(problem) not in before:
            missing = " (not in the store)" if problem.code == "unknown-reference" else ""
            raise InvalidValueError(
                f"{problem.table} {problem.record_id!r} fails the roster's checks{missing}:"
                f" {problem.field}: {problem.message}; nothing written / 未通过花名册校验，未写入"
            )
    if table in LEDGERS and "cadre_id" in TABLES[table].model_fields:
        _not_before_the_cadre(table, new, context.cadre_from)


def _not_before_the_cadre(
    table: str, new: Sequence[Document], cadre_from: Mapping[str, dt.date | None]
) -> None:
    """A ledger row happens while its cadre is on the roster: not before the day the cadre
    holds from (a roster as of a day before would hold the row and not the cadre)."""
    for doc in new:
        first = cadre_from.get(doc.get("cadre_id") or "")
        day = event_day(table, doc)
        if first is not None and day is not None and day < first:
            raise InvalidValueError(
                f"{table} {doc['id']!r} is dated {day}, before cadre {doc['cadre_id']!r} is on"
                f" the roster (from {first}); nothing written / 台账日期早于该干部入册日期"
            )
