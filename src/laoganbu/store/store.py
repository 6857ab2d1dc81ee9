"""The store: a bureau's 台账 kept for years in SQLite or PostgreSQL (see :mod:`laoganbu.store`)."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import sqlalchemy as sa

from laoganbu.dates import PartialDate, today_date
from laoganbu.errors import (
    InvalidValueError,
    RecordNotFoundError,
    VersionConflictError,
)
from laoganbu.models.base import IdentifiedRecord
from laoganbu.models.roster import LEDGERS, TABLES, Roster
from laoganbu.store import documents, migrate, writing
from laoganbu.store.checks import check_in_context
from laoganbu.store.documents import Document
from laoganbu.store.engine import WRITE, database_errors, make_engine, shown
from laoganbu.store.results import RevealEntry, StoredRecord, StoreImport, Version
from laoganbu.store.schema import REVEALS, VERSIONS
from laoganbu.store.versions import Row, by_record, fold, latest_ledger, load, order

if TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = ["Store"]

_TABLE_OF: Final = {model: name for name, model in TABLES.items()}


def _day(value: dt.date | PartialDate | str | None) -> dt.date | None:
    """A day given as a date, a PartialDate or text; a month stands for its last day."""
    if value is None:
        return None
    if isinstance(value, str):
        value = PartialDate.parse(value)
    if isinstance(value, PartialDate):
        last = value.last_day if value.day is None else value.first_day
        return dt.date(last.year, last.month, last.day)
    return dt.date(value.year, value.month, value.day)


def _first_day(value: dt.date | PartialDate | str | None) -> dt.date | None:
    """The day a change holds from, given as a date, a PartialDate or text; a month holds
    from its first day."""
    if value is None:
        return None
    if isinstance(value, str):
        value = PartialDate.parse(value)
    if isinstance(value, PartialDate):
        first = value.first_day
        return dt.date(first.year, first.month, first.day)
    return dt.date(value.year, value.month, value.day)


def _held_keys(columns: Mapping[str, frozenset[str]]) -> dict[str, frozenset[str]]:
    """Table → the keys of its documents the source held: its columns, and its child tables
    (``contacts``) that were read."""
    return {
        name: columns.get(name, frozenset())
        | {c.name for c in documents.child_schemas(name) if c.name in columns}
        for name in TABLES
    }


def _corrections(before: Sequence[Row], values: Document) -> list[tuple[dt.date | None, Document]]:
    """A correction's values by the day each corrects: the day of the latest version (by the
    order versions apply in) that set it, so that the correction applies after what it
    corrects and holds as long as the value corrected did. Earliest day first."""
    days: dict[dt.date | None, Document] = {}
    for key, value in values.items():
        setters = [r for r in before if key in r.values]
        day = max(setters, key=order).valid_from if setters else None
        days.setdefault(day, {})[key] = value
    return sorted(days.items(), key=lambda item: item[0] or dt.date.min)


def _correcting(
    table: str,
    record_id: str,
    current: int,
    reason: str | None,
    expected: int | Mapping[str, int] | None,
) -> None:
    """Refuse a correction of a ledger row without a reason, or made from a version that is
    not the row's latest."""
    if reason is None:
        raise InvalidValueError(
            f"{table} {record_id!r} is stored with other values: a correction needs a reason"
            " / 更正台账须说明原因"
        )
    named = expected.get(record_id) if isinstance(expected, Mapping) else expected
    if named is None:
        raise InvalidValueError(
            f"{table} {record_id!r} is stored with other values: a correction names the version"
            f" it corrects (expected_version={current}, as get() gives it)"
            " / 更正台账须注明所更正的版本"
        )
    if named != current:
        raise VersionConflictError(table, record_id, named, current)


def _named(value: str | None, what: str) -> str:
    if value is None or not value.strip():
        raise InvalidValueError(f"{what} must be given / 必须填写{what}")
    return value.strip()


def _utc(moment: dt.datetime) -> dt.datetime:
    # SQLite gives back the moment without its zone; it was written in UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def _version(row: Row) -> Version:
    return Version(
        table=row.table,
        record_id=row.record_id,
        version=row.version,
        valid_from=row.valid_from,
        recorded_at=_utc(row.recorded_at),
        actor=row.actor,
        reason=row.reason,
        values=documents.masked(row.table, row.values),
        cadre_id=row.cadre_id,
    )


class Store:
    """A ledger store at one database URL. Made by :func:`laoganbu.store.open`."""

    def __init__(self, url: str) -> None:
        self._url = url
        self._engine: sa.Engine | None = None
        #: The schema revisions the store was at when last checked in full.
        self._checked: tuple[str, ...] | None = None

    def __repr__(self) -> str:
        return f"<laoganbu store {shown(self._url)}>"

    @property
    def url(self) -> str:
        """The database URL, without its password."""
        return shown(self._url)

    # -- connections ------------------------------------------------------------------------

    def _engine_for(self, *, create: bool = False) -> sa.Engine:
        if self._engine is None:
            self._engine = make_engine(self._url, create=create)
        return self._engine

    @contextlib.contextmanager
    def _connect(self, *, write: bool = False) -> Iterator[sa.Connection]:
        """One transaction on the store, checked to be a store this laoganbu can use;
        committed when the block ends, rolled back (nothing changed) when it raises."""
        engine = self._engine_for()
        with database_errors(self._url):
            connection = engine.connect().execution_options(**{WRITE: write})
            with connection, connection.begin():
                # The whole check once; then one SELECT a transaction, so that a client kept
                # open on a shared server notices a newer laoganbu upgrading the store.
                if self._checked is None or migrate.revisions(connection) != self._checked:
                    migrate.check(connection, self._url)
                    self._checked = migrate.revisions(connection)
                yield connection

    def close(self) -> None:
        """Close the store's connections."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def init(self) -> str:
        """Make the database a store, or bring a store of an older laoganbu up to date
        (Alembic migrations, in one transaction); return the schema revision.

        Raises:
            NotAStoreError: the database holds other tables.
            StoreTooNewError: the store was written by a newer laoganbu.
            StoreUnavailableError: the database cannot be reached (an SQLite file is created).
        """
        engine = self._engine_for(create=True)
        with database_errors(self._url):
            connection = engine.connect().execution_options(**{WRITE: True})
            with connection, connection.begin():
                migrate.check(connection, self._url, for_upgrade=True)
                migrate.upgrade(connection)
        self._checked = None
        return migrate.head()

    # -- reading ----------------------------------------------------------------------------

    def roster(self, as_of: dt.date | PartialDate | str | None = None) -> Roster:
        """The roster as of a day: who and what existed then, as they stood, with the ledger
        rows that happened by then (corrections applied). ``None`` gives every record as it
        stands now and every ledger row. A month stands for its last day.

        Personal values come back as the masked types of any roster.
        """
        day = _day(as_of)
        with self._connect() as connection:
            rows = load(connection)
        from laoganbu.store.versions import state_as_of

        return documents.build_roster(state_as_of(rows, day))

    def get(
        self, table: str, record_id: str, *, as_of: dt.date | PartialDate | str | None = None
    ) -> StoredRecord:
        """One record as of a day (``None``: as it stands now), with its current version.

        Raises:
            RecordNotFoundError: no such record (or none yet on that day).
        """
        self._table(table)
        with self._connect() as connection:
            rows = load(connection, tables=[table], record_ids=[record_id])
        doc = self._values(table, rows, _day(as_of))
        if doc is None:
            raise RecordNotFoundError(f"no {table} record {record_id!r} in the store")
        record = documents.build_roster({table: [doc]}).table(table)[0]
        return StoredRecord(table, record, max(r.version for r in rows))

    @staticmethod
    def _values(table: str, rows: Sequence[Row], day: dt.date | None = None) -> Document | None:
        if not rows:
            return None
        return latest_ledger(rows, day) if table in LEDGERS else fold(rows, day)

    def history(self, table: str, record_id: str) -> tuple[Version, ...]:
        """Every version of a record, first to last (empty for a record never stored)."""
        self._table(table)
        with self._connect() as connection:
            rows = load(connection, tables=[table], record_ids=[record_id])
        return tuple(_version(r) for r in rows)

    def cadre_history(self, cadre_id: str) -> tuple[Version, ...]:
        """Every version of the cadre's record and of every record about the cadre (services,
        payments, life events, requests …), in the order written."""
        with self._connect() as connection:
            rows = load(connection, cadre_id=cadre_id)
        return tuple(_version(r) for r in rows)

    # -- writing ----------------------------------------------------------------------------

    def import_roster(
        self,
        source: str | os.PathLike[str] | Roster,
        *,
        actor: str,
        reason: str | None = None,
        valid_from: dt.date | PartialDate | str | None = None,
        locality: Locality | None = None,
    ) -> StoreImport:
        """Import a roster — a folder of CSV files, a workbook, a JSON file, or a
        :class:`~laoganbu.Roster` — in one transaction: a failure changes nothing.

        A file is read as :func:`~laoganbu.read_roster` reads it (``laoganbu validate``):
        its rejected rows are reported in the result and left out, the rest imported. A
        :class:`~laoganbu.Roster` is checked (:meth:`~laoganbu.Roster.check`) and refused
        whole if any record fails. Importing the same content again writes nothing.

        A record new to the store holds from ``valid_from`` (``None``: from the start of
        the records); a record whose values differ gets a version with the changes, holding
        from ``valid_from`` (``None``: today in China). A ledger row whose values differ is
        a correction: a new version superseding the old. Records missing from the source
        are left as they are: an import adds and changes, never removes.

        Raises:
            UnusableInputError: the source cannot be read as a roster at all.
            InvalidValueError: a Roster given whose records fail its checks; no actor.
        """
        actor = _named(actor, "actor / 操作人")
        with self._connect():  # a store that cannot be used fails before the roster is read
            pass
        keys: dict[str, frozenset[str]] | None = None
        if isinstance(source, Roster):
            roster = source
            problems = tuple(roster.check())
            errors = [p for p in problems if p.severity == "error"]
            if errors:
                raise InvalidValueError(
                    f"the roster fails its checks ({len(errors)} problems; the first: "
                    f"{errors[0]}); nothing imported / 花名册未通过校验，未导入"
                )
        else:
            from laoganbu.io.reader import read_roster

            result = read_roster(source, locality=locality)
            roster, problems = result.roster, result.problems
            keys = _held_keys(result.columns)
        accepted = {name: len(roster.table(name)) for name in TABLES}
        docs = {name: documents.table_documents(roster, name) for name in TABLES}
        start = _first_day(valid_from)
        changed_from = start if start is not None else today_date()
        written: dict[str, int] = {}
        unchanged = 0
        with self._connect(write=True) as connection:
            now = writing.now()
            for name in TABLES:
                held = by_record(load(connection, tables=[name]))
                rows: list[dict[str, Any]] = []
                for doc in docs[name]:
                    before = held.get((name, doc["id"]))
                    held_keys = None if keys is None else keys.get(name, frozenset())
                    new = writing.next_version(name, doc, before, start, changed_from, held_keys)
                    if new is None:
                        unchanged += 1
                        continue
                    version, day, values = new
                    rows.append(
                        writing.version_row(name, doc, version, day, values, now, actor, reason)
                    )
                writing.insert_versions(connection, rows)
                written[name] = len(rows)
        return StoreImport(problems, accepted, written, unchanged)

    def append(
        self,
        table: str,
        records: Iterable[IdentifiedRecord],
        *,
        actor: str,
        reason: str | None = None,
        expected_version: int | Mapping[str, int] | None = None,
    ) -> int:
        """Append rows to a ledger in one transaction; return how many versions were written.

        A row with a new id is added; one with the id of a stored row and other values is a
        correction — a new version that supersedes the row, which needs a ``reason`` and the
        version it corrects (``expected_version``: one number for every row corrected, or
        id → version; :meth:`get` gives it); one the store holds already is left alone. The
        records they name must be in the store.

        Raises:
            VersionConflictError: a row corrected is no longer at the version given: someone
                corrected it since it was read. Nothing is written.
            InvalidValueError: ``table`` is not a ledger, a record is not of it, a correction
                without a reason or a version, a reference to a record not in the store, no
                actor.
        """
        actor = _named(actor, "actor / 操作人")
        self._table(table)
        if table not in LEDGERS:
            raise InvalidValueError(
                f"{table} holds who and what exists, not a ledger: change its records with"
                " update() / 该表不是台账，请用 update 修改"
            )
        items = writing.typed_records(table, records)
        docs = documents.record_documents(table, items)
        ids = documents.ids_of(docs)
        if len(set(ids)) != len(ids):
            raise InvalidValueError(f"the same {table} id twice in one append / 编号重复")
        with self._connect(write=True) as connection:
            held = by_record(load(connection, tables=[table], record_ids=ids))
            now = writing.now()
            rows = []
            new_docs: list[Document] = []
            for doc in docs:
                before = held.get((table, doc["id"]))
                new = writing.next_version(table, doc, before, None, today_date())
                if new is None:
                    continue
                version, day, values = new
                if version > 1:
                    _correcting(table, doc["id"], version - 1, reason, expected_version)
                rows.append(
                    writing.version_row(table, doc, version, day, values, now, actor, reason)
                )
                new_docs.append(values)
            old = {rid: latest_ledger(versions) for (_t, rid), versions in held.items()}
            stood = {rid: values for rid, values in old.items() if values is not None}
            check_in_context(connection, table, new_docs, stood)
            writing.insert_versions(connection, rows)
        return len(rows)

    def update(
        self,
        record: IdentifiedRecord,
        *,
        expected_version: int,
        valid_from: dt.date | PartialDate | str | None,
        actor: str,
        reason: str,
    ) -> int:
        """Change a record of who and what exists (a cadre, a grid …), or add one
        (``expected_version=0``); return its version now.

        ``record`` is the whole record as it is from ``valid_from`` on (a month: from its
        first day); the version written holds the values in which it differs from the record
        as it stands now, each holding from ``valid_from`` until a version from a later day
        changes it again. Nothing is written when nothing differs.

        ``valid_from=None`` is a correction: each value corrected holds from the day of the
        version that set it (a value set by a move from 1 May is corrected from 1 May), and
        applies after it. Values set on different days are written as one version per day.

        Raises:
            VersionConflictError: the record's version is not ``expected_version``: someone
                changed it since it was read.
            InvalidValueError: a ledger record (append a correction instead), a day before the
                record existed, a reference to a record not in the store, no actor or reason.
        """
        actor = _named(actor, "actor / 操作人")
        reason = _named(reason, "reason / 原因")
        table = _TABLE_OF.get(type(record))
        if table is None:
            raise InvalidValueError(f"a {type(record).__name__} is not a record of a table")
        if table in LEDGERS:
            raise InvalidValueError(
                f"{table} is a ledger: rows are never changed in place; append a correction"
                " / 台账只追加，不修改，请追加更正记录"
            )
        record = writing.validated(table, record)
        day = _first_day(valid_from)
        doc = documents.record_documents(table, [record])[0]
        try:
            return self._update(table, record, doc, expected_version, day, actor, reason)
        except sa.exc.IntegrityError:
            # Another writer wrote the same version at the same moment (PostgreSQL): say
            # which version the store holds now.
            with self._connect() as connection:
                found = load(connection, tables=[table], record_ids=[record.id])
            current = max((r.version for r in found), default=0)
            raise VersionConflictError(table, record.id, expected_version, current) from None

    def _update(
        self,
        table: str,
        record: IdentifiedRecord,
        doc: Document,
        expected_version: int,
        day: dt.date | None,
        actor: str,
        reason: str,
    ) -> int:
        with self._connect(write=True) as connection:
            before = load(connection, tables=[table], record_ids=[record.id])
            current = max((r.version for r in before), default=0)
            if current != expected_version:
                raise VersionConflictError(table, record.id, expected_version, current)
            if before:
                first = min(before, key=lambda r: r.version).valid_from
                if first is not None and day is not None and day < first:
                    raise InvalidValueError(
                        f"{table} {record.id!r} exists from {first}; a change cannot hold"
                        f" from {day} / 变更日期早于记录起始日期"
                    )
                now = fold(before)
                assert now is not None
                values = {k: v for k, v in doc.items() if now.get(k) != v}
                if not values:
                    return current
                parts = _corrections(before, values) if day is None else [(day, values)]
                stood = {record.id: now}
            else:
                parts, stood = [(day, doc)], {}
            check_in_context(connection, table, [doc], stood)
            recorded = writing.now()
            rows = [
                writing.version_row(table, doc, current + i, when, part, recorded, actor, reason)
                for i, (when, part) in enumerate(parts, start=1)
            ]
            connection.execute(sa.insert(VERSIONS), rows)
        return current + len(rows)

    # -- personal information ----------------------------------------------------------------

    def reveal(self, table: str, record_id: str, *, actor: str, purpose: str) -> Document:
        """A record's values as they stand now, personal values unmasked (its child rows'
        too), and an entry in the reveal log: who, what, when, why — written before the
        values are given.

        Raises:
            InvalidValueError: no actor or purpose.
            RecordNotFoundError: no such record.
        """
        actor = _named(actor, "actor / 查看人")
        purpose = _named(purpose, "purpose / 用途")
        self._table(table)
        with self._connect(write=True) as connection:
            rows = load(connection, tables=[table], record_ids=[record_id])
            doc = self._values(table, rows)
            if doc is None:
                raise RecordNotFoundError(f"no {table} record {record_id!r} in the store")
            fields = documents.personal_fields(table, doc)
            writing.log_reveal(connection, actor, purpose, table, record_id, None, fields)
        return doc

    def reveal_log(self) -> tuple[RevealEntry, ...]:
        """Every entry of the reveal log, first to last."""
        r = REVEALS.c
        query = sa.select(
            r.seq, r.revealed_at, r.actor, r.purpose, r.table_name, r.record_id, r.as_of, r.fields
        ).order_by(r.seq)
        with self._connect() as connection:
            found = connection.execute(query).all()
        return tuple(
            RevealEntry(
                seq=row.seq,
                revealed_at=_utc(row.revealed_at),
                actor=row.actor,
                purpose=row.purpose,
                table=row.table_name,
                record_id=row.record_id,
                as_of=row.as_of,
                fields=tuple(json.loads(row.fields)),
            )
            for row in found
        )

    def export_roster(
        self,
        path: str | os.PathLike[str],
        *,
        actor: str,
        purpose: str,
        as_of: dt.date | PartialDate | str | None = None,
        overwrite: bool = False,
    ) -> Path:
        """Write the roster as of a day (:meth:`roster`) to ``path`` — a folder of CSV files,
        ``.xlsx`` or ``.json`` — unmasked, so that it can be read back; logged as a reveal of
        the whole roster first. Each file is written atomically; an existing path is replaced
        only with ``overwrite``.

        Raises:
            OutputExistsError: ``path`` exists and ``overwrite`` is false.
        """
        from laoganbu.io.files import check_target
        from laoganbu.io.writer import write_roster

        actor = _named(actor, "actor / 操作人")
        purpose = _named(purpose, "purpose / 用途")
        target = Path(path)
        check_target(target, overwrite=overwrite, folder=not target.suffix)
        day = _day(as_of)
        roster = self.roster(day)
        with self._connect(write=True) as connection:
            writing.log_reveal(connection, actor, purpose, None, None, day, ["*"])
        return write_roster(roster, target, reveal_pii=True, overwrite=overwrite)

    # -- helpers ----------------------------------------------------------------------------

    @staticmethod
    def _table(table: str) -> None:
        if table not in TABLES:
            raise InvalidValueError(
                f"no table {table!r}; tables are {', '.join(TABLES)} / 没有这个表"
            )
