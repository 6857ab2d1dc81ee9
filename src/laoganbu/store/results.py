"""What the store gives back: a record's versions, a record with its version, an import's
outcome and the entries of the reveal log. Personal values are masked unless asked for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import attrs

from laoganbu.problems import Problem
from laoganbu.store.documents import Document

__all__ = ["RevealEntry", "StoreImport", "StoredRecord", "Version"]


def _day(day: dt.date | None) -> str:
    return "起始" if day is None else day.isoformat()


def _when(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


@attrs.frozen
class Version:
    """One version of a record, as written: never changed afterwards.

    Attributes:
        table: the record's table (``cadres``).
        record_id: the record's id.
        version: 1 for the first, then one more for each change.
        valid_from: for who and what exists, the day this version holds from in the world
            (``None``: from the start of the records); for a ledger row, the day it happened.
        recorded_at: when it was written (UTC).
        actor: who wrote it.
        reason: why (``None`` when not given).
        values: for who and what exists, the first version's values and then each version's
            changes (column → new value); for a ledger row, its whole values (a correction
            supersedes the row). Personal values masked: a record's values unmasked are
            given only by :meth:`laoganbu.store.Store.reveal`, which logs who saw them.
        cadre_id: the cadre the record concerns, if any.
    """

    table: str
    record_id: str
    version: int
    valid_from: dt.date | None
    recorded_at: dt.datetime
    actor: str
    reason: str | None
    values: Document = attrs.field(repr=False)
    cadre_id: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The version as JSON values (personal values masked)."""
        return {
            "table": self.table,
            "record_id": self.record_id,
            "version": self.version,
            "valid_from": None if self.valid_from is None else self.valid_from.isoformat(),
            "recorded_at": _when(self.recorded_at),
            "actor": self.actor,
            "reason": self.reason,
            "cadre_id": self.cadre_id,
            "values": self.values,
        }

    def explain(self) -> str:
        """One line: which version, from when, recorded when and by whom, why, what it set
        (personal values masked)."""
        changes = "；".join(
            f"{k}={v}" for k, v in self.values.items() if k != "id" and v not in (None, [])
        )
        why = f"（{self.reason}）" if self.reason else ""
        return (
            f"{self.table} {self.record_id} 第{self.version}版 自{_day(self.valid_from)}"
            f" — {_when(self.recorded_at)} {self.actor}{why}：{changes or '无变化'}"
        )


@attrs.frozen
class StoredRecord:
    """A record as the store holds it, with the version to give back when changing it
    (:meth:`laoganbu.store.Store.update`'s ``expected_version``).

    Attributes:
        table: the record's table.
        record: the record (personal values masked types, as any roster holds them).
        version: the record's current version in the store (its latest, whatever day the
            record was read as of).
    """

    table: str
    record: Any
    version: int


@attrs.frozen
class StoreImport:
    """What an import into the store did.

    Attributes:
        problems: the rejected rows and warnings of reading the roster, exactly as
            :func:`~laoganbu.read_roster` (and ``laoganbu validate``) reports them.
        accepted: the records read per table.
        written: the versions written per table (new records, changes, corrections); none
            when the store held the same content already.
        unchanged: the records read whose content the store held already.
    """

    problems: tuple[Problem, ...]
    accepted: Mapping[str, int]
    written: Mapping[str, int]
    unchanged: int

    @property
    def rejected(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        """True when no row was rejected."""
        return not self.rejected

    def to_dict(self) -> dict[str, Any]:
        return {
            "accepted": dict(self.accepted),
            "written": dict(self.written),
            "unchanged": self.unchanged,
            "rejected": [p.to_json() for p in self.rejected],
            "warnings": [p.to_json() for p in self.problems if p.severity == "warning"],
        }

    def explain(self) -> str:
        written = sum(self.written.values())
        tables = "、".join(f"{k} {v}" for k, v in self.written.items() if v)
        return (
            f"导入：写入 {written} 个版本（{tables or '无'}），{self.unchanged} 条记录未变，"
            f"拒绝 {len(self.rejected)} 个问题 / imported: {written} versions written,"
            f" {self.unchanged} records unchanged, {len(self.rejected)} problems rejected"
        )


@attrs.frozen
class RevealEntry:
    """One entry of the reveal log: who saw which personal values, when and why.

    Attributes:
        seq: its place in the log (1 for the first).
        revealed_at: when (UTC).
        actor: who.
        purpose: why.
        table: the table (``None`` for a whole roster written out).
        record_id: the record (``None`` for a whole roster).
        as_of: the day of the roster written out, if one was.
        fields: the personal columns revealed (``*`` for a whole roster).
    """

    seq: int
    revealed_at: dt.datetime
    actor: str
    purpose: str
    table: str | None
    record_id: str | None
    as_of: dt.date | None
    fields: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "revealed_at": _when(self.revealed_at),
            "actor": self.actor,
            "purpose": self.purpose,
            "table": self.table,
            "record_id": self.record_id,
            "as_of": None if self.as_of is None else self.as_of.isoformat(),
            "fields": list(self.fields),
        }

    def explain(self) -> str:
        what = (
            f"{self.table} {self.record_id}"
            if self.record_id
            else f"整个花名册（截至{self.as_of}）"
        )
        return (
            f"{_when(self.revealed_at)} {self.actor} 查看 {what} 的"
            f" {'、'.join(self.fields) or '（无个人信息）'}，用途：{self.purpose}"
        )
