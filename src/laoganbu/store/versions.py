"""Reading versions back: the state of who and what exists as of a day, the ledgers up to it,
and what a record is now.

Who and what exists (a cadre, a grid …) is versioned by change: a record's first version holds
all its values, each later one only the values it changes, from its ``valid_from`` on. The
record as of a day is its versions that hold by then (``valid_from`` blank or not after the
day), applied in the order of ``valid_from`` (blank first), then of writing. So a change
back-dated to February, written after a move recorded from March, holds from February and
stays under the move: each version changes only what it names.

A ledger row (a service, a payment) is versioned by correction: each version is the whole row,
the latest supersedes the others, and the row counts from the day it happened (the first day
of its date, a month-only date counting from the first of the month).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final

import attrs
import sqlalchemy as sa

from laoganbu.dates import PartialDate
from laoganbu.io.frames import REFERENCES, field_kind
from laoganbu.models.roster import LEDGERS, TABLES
from laoganbu.store.documents import Document
from laoganbu.store.schema import VERSIONS

__all__ = ["Row", "event_day", "fold", "latest_ledger", "load", "order", "state_as_of"]

#: The field whose date is a ledger row's day, where it is not ``date``: a payment counts from
#: the day it was paid, a claim from the day it was submitted, a request from its receipt.
_DAY_FIELDS: Final[Mapping[str, str]] = {
    "payments": "paid_on",
    "medical_claims": "submitted_on",
    "requests": "received_on",
}


def _day_field(table: str) -> str | None:
    """The field that dates a ledger row: :data:`_DAY_FIELDS`, else ``date``, else the first
    required date of the model (so that a ledger added later is dated without code here)."""
    if table in _DAY_FIELDS:
        return _DAY_FIELDS[table]
    model = TABLES[table]
    if "date" in model.model_fields:
        return "date"
    for name, info in model.model_fields.items():
        kind = field_kind(model, name)
        if kind is not None and kind.kind == "date" and info.is_required():
            return name
    return None


def event_day(table: str, doc: Mapping[str, Any]) -> dt.date | None:
    """The day a ledger row happened (the first day of its date)."""
    field = _day_field(table)
    value = doc.get(field) if field else None
    if not value:
        return None
    first = PartialDate.parse(value).first_day
    return dt.date(first.year, first.month, first.day)


@attrs.frozen
class Row:
    """One stored version, as read."""

    seq: int
    table: str
    record_id: str
    version: int
    valid_from: dt.date | None
    recorded_at: dt.datetime
    actor: str
    reason: str | None
    cadre_id: str | None
    doc: str

    @property
    def values(self) -> Document:
        values: Document = json.loads(self.doc)
        return values


def load(
    connection: sa.Connection,
    *,
    tables: Iterable[str] | None = None,
    record_ids: Sequence[str] | None = None,
    cadre_id: str | None = None,
    cadre_ids: Sequence[str] | None = None,
) -> list[Row]:
    """The stored versions asked for, in the order written."""
    v = VERSIONS.c
    query = sa.select(
        v.seq,
        v.table_name,
        v.record_id,
        v.version,
        v.valid_from,
        v.recorded_at,
        v.actor,
        v.reason,
        v.cadre_id,
        v.doc,
    ).order_by(v.seq)
    if tables is not None:
        query = query.where(v.table_name.in_(list(tables)))
    if record_ids is not None:
        query = query.where(v.record_id.in_(list(record_ids)))
    if cadre_id is not None:
        query = query.where(v.cadre_id == cadre_id)
    if cadre_ids is not None:
        query = query.where(v.cadre_id.in_(list(cadre_ids)))
    return [
        Row(
            seq=r.seq,
            table=r.table_name,
            record_id=r.record_id,
            version=r.version,
            valid_from=r.valid_from,
            recorded_at=r.recorded_at,
            actor=r.actor,
            reason=r.reason,
            cadre_id=r.cadre_id,
            doc=r.doc,
        )
        for r in connection.execute(query)
    ]


def by_record(rows: Iterable[Row]) -> dict[tuple[str, str], list[Row]]:
    """Versions grouped by record, records in the order first written."""
    found: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        found.setdefault((row.table, row.record_id), []).append(row)
    return found


def order(row: Row) -> tuple[bool, dt.date, int]:
    """The order in which a record's versions apply: by the day they hold from (blank
    first), then as written."""
    return (row.valid_from is not None, row.valid_from or dt.date.min, row.version)


def fold(versions: Iterable[Row], day: dt.date | None = None) -> Document | None:
    """A state record's values as of ``day`` (``None``: with every version), ``None`` when it
    did not exist yet."""
    held = [r for r in versions if day is None or r.valid_from is None or r.valid_from <= day]
    if not held:
        return None
    doc: Document = {}
    for row in sorted(held, key=order):
        doc.update(row.values)
    return doc


def latest_ledger(versions: Sequence[Row], day: dt.date | None = None) -> Document | None:
    """A ledger row's values — its latest version — if it happened by ``day``."""
    last = max(versions, key=lambda r: r.version)
    if day is not None and last.valid_from is not None and last.valid_from > day:
        return None
    return last.values


def state_as_of(rows: Iterable[Row], day: dt.date | None) -> dict[str, list[Document]]:
    """Every table's documents as of ``day``: state records as they stood, ledger rows that
    happened by then (``None``: every version and every row).

    On a day, a ledger row of a cadre not on the roster yet is left out (an import can hold
    services dated before the day its cadres hold from): the roster as of a day passes its
    own checks, and exported, reads back whole."""
    tables: dict[str, list[Document]] = {}
    for (table, _rid), versions in by_record(rows).items():
        doc = latest_ledger(versions, day) if table in LEDGERS else fold(versions, day)
        if doc is not None:
            tables.setdefault(table, []).append(doc)
    if day is not None:
        known = {name: {doc["id"] for doc in docs} for name, docs in tables.items()}
        for name in LEDGERS:
            if name in tables:
                tables[name] = [d for d in tables[name] if _named_exist(name, d, known)]
    return tables


def _named_exist(table: str, doc: Document, known: Mapping[str, set[str]]) -> bool:
    """Whether every record a ledger row names is on the roster (its cadre, and the records
    :data:`~laoganbu.io.frames.REFERENCES` names)."""
    fields = dict(REFERENCES.get(table, {}))
    if "cadre_id" in TABLES[table].model_fields:
        fields["cadre_id"] = "cadres"
    for field, target in fields.items():
        value = doc.get(field)
        values = value if isinstance(value, list) else [value]
        ids = known.get(target, set())
        if any(v is not None and v not in ids for v in values):
            return False
    return True
