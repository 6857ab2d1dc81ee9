"""Writing to the store: the version a record gets, the rows written, the checks made before
(a record valid for its model, the records it names present) — what the import, ``append``
and ``update`` of :class:`~laoganbu.store.store.Store` share."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any, Final

import sqlalchemy as sa

from laoganbu.errors import InvalidValueError, StoreError
from laoganbu.models.base import IdentifiedRecord
from laoganbu.models.roster import LEDGERS, TABLES
from laoganbu.store import documents
from laoganbu.store.documents import Document
from laoganbu.store.schema import REVEALS, VERSIONS
from laoganbu.store.versions import Row, event_day, fold, latest_ledger

__all__ = [
    "cadre_of",
    "insert_versions",
    "log_reveal",
    "next_version",
    "typed_records",
    "validated",
    "version_row",
]

#: Versions inserted per statement.
BATCH: Final = 5_000


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def cadre_of(table: str, doc: Mapping[str, Any]) -> str | None:
    if table == "cadres":
        return str(doc["id"])
    value = doc.get("cadre_id")
    return None if value is None else str(value)


def next_version(
    table: str,
    doc: Document,
    before: Sequence[Row] | None,
    start: dt.date | None,
    changed_from: dt.date,
    keys: Collection[str] | None = None,
) -> tuple[int, dt.date | None, Document] | None:
    """The version to write for ``doc`` given the record's versions so far: its number,
    day and values; ``None`` when the store holds the same content.

    Only the values under ``keys`` (``None``: every value) are compared and written: the
    columns and child tables the source held. A record of who and what exists is compared
    with itself as of the day the change would hold from, so that a change dated later
    than the import is not undone by it (and importing the same content again writes
    nothing)."""
    given = doc if keys is None else {k: v for k, v in doc.items() if k in keys}
    if table in LEDGERS:
        if not before:
            return 1, event_day(table, doc), doc
        last = latest_ledger(before)
        assert last is not None
        new = {**last, **given}
        if new == last:
            return None
        return max(r.version for r in before) + 1, event_day(table, new), new
    if not before:
        return 1, start, doc
    first = min(before, key=lambda r: r.version).valid_from
    day = changed_from if first is None or changed_from >= first else first
    then = fold(before, day)
    assert then is not None
    changes = {k: v for k, v in given.items() if then.get(k) != v}
    if not changes:
        return None
    return max(r.version for r in before) + 1, day, changes


def version_row(
    table: str,
    doc: Document,
    version: int,
    day: dt.date | None,
    values: Document,
    now: dt.datetime,
    actor: str,
    reason: str | None,
) -> dict[str, Any]:
    text = documents.canonical(values)
    return {
        "table_name": table,
        "record_id": str(doc["id"]),
        "version": version,
        "cadre_id": cadre_of(table, doc),
        "valid_from": day,
        "recorded_at": now,
        "actor": actor,
        "reason": reason,
        "digest": documents.digest(text),
        "doc": text,
    }


def insert_versions(connection: sa.Connection, rows: list[dict[str, Any]]) -> None:
    try:
        for start in range(0, len(rows), BATCH):
            connection.execute(sa.insert(VERSIONS), rows[start : start + BATCH])
    except sa.exc.IntegrityError:
        raise StoreError(
            "another writer changed the same records meanwhile; nothing was written: run"
            " it again / 其他人同时修改了相同记录，本次未写入，请重试"
        ) from None


def log_reveal(
    connection: sa.Connection,
    actor: str,
    purpose: str,
    table: str | None,
    record_id: str | None,
    as_of: dt.date | None,
    fields: Sequence[str],
) -> None:
    connection.execute(
        sa.insert(REVEALS),
        [
            {
                "revealed_at": now(),
                "actor": actor,
                "purpose": purpose,
                "table_name": table,
                "record_id": record_id,
                "as_of": as_of,
                "fields": json.dumps(list(fields), ensure_ascii=False),
            }
        ],
    )


def typed_records(table: str, records: Iterable[IdentifiedRecord]) -> list[IdentifiedRecord]:
    model = TABLES[table]
    items = list(records)
    for item in items:
        if not isinstance(item, model):
            raise InvalidValueError(
                f"a {type(item).__name__} is not a record of {table} ({model.__name__})"
            )
    return [validated(table, item) for item in items]


def _fields(value: Any) -> Any:
    """A record's fields as given, nested records as mappings and personal values unmasked:
    what its model validates."""
    from pydantic import BaseModel

    from laoganbu.privacy import Masked

    if isinstance(value, BaseModel):
        return {name: _fields(getattr(value, name)) for name in type(value).model_fields}
    if isinstance(value, tuple | list):
        return [_fields(item) for item in value]
    if isinstance(value, Masked):
        return value.reveal()
    return value


def validated(table: str, record: IdentifiedRecord) -> IdentifiedRecord:
    """``record`` validated again: a copy made with ``model_copy(update=…)`` holds the new
    values unchecked, as given; the store keeps only values its model accepts."""
    from pydantic import ValidationError

    try:
        return type(record).model_validate(_fields(record))
    except ValidationError as exc:
        # Where and why, never the value: it may be personal.
        what = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()[:5])
        raise InvalidValueError(
            f"{table} record {record.id!r} is not valid: {what} / 记录未通过校验"
        ) from None
