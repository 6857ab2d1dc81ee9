"""Problems found in input: data, not exceptions, so that nothing is lost.

An import returns every accepted record *and* a :class:`Problem` for every rejected row or
questionable value, saying where it came from (file, row, column as written) and why. What a
problem is about travels as data (:attr:`Problem.code`, :attr:`Problem.refers_to`): code that
acts on problems reads those fields, never the wording of the message.
"""

from __future__ import annotations

from typing import Final, Literal

import attrs

__all__ = ["PROBLEM_CODES", "Problem", "RecordRef", "Severity"]

#: ``error``: the row is rejected. ``warning``: the row is accepted but needs a look.
Severity = Literal["error", "warning"]

#: The kinds of problem that carry a :attr:`Problem.code`, with what each means. Problems of a
#: single value (a bad date, an unknown label …) carry none: their column and message say it.
PROBLEM_CODES: Final[dict[str, str]] = {
    "unknown-reference": "names a record that does not exist (refers_to is that record)",
    "rejected-reference": "names a record that was itself rejected (refers_to is that record)",
    "duplicate-id": "an id used by an earlier row or record",
    "parent-rejected": "a row of a child table whose record was rejected (refers_to is it)",
    "no-parent": "a row of a child table whose record is in no row of its table",
    "not-a-member": "a committee member who is not a member of the organisation",
    "repeated-record": "a ledger record that repeats another (same cadre, kind and date)",
    "after-check-day": "a ledger record dated after the day the ledger is checked on",
}


@attrs.frozen
class RecordRef:
    """A record named by its table and id: ``RecordRef("cadres", "C0001")``."""

    table: str
    id: str

    def __str__(self) -> str:
        return f"{self.table} {self.id!r}"


@attrs.frozen(kw_only=True)
class Problem:
    """One thing wrong with the input.

    Attributes:
        message: why, in English and Chinese.
        table: the table (``cadres``, ``grids`` …) of the record concerned.
        record_id: the record's id, when it has one.
        field: the model field concerned, when one is.
        file: the file it was read from, as given.
        row: the row number as a spreadsheet shows it (the header is row 1).
        column: the column header as written in the file.
        value: the offending value, masked when it is personal information.
        severity: ``"error"`` (row rejected) or ``"warning"`` (row kept).
        code: what kind of problem it is, one of :data:`PROBLEM_CODES`, when it is one of them.
        refers_to: the other record the problem is about: the record a broken reference names,
            the record of a child row.
    """

    message: str
    table: str | None = None
    record_id: str | None = None
    field: str | None = None
    file: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    severity: Severity = "error"
    code: str | None = None
    refers_to: RecordRef | None = None

    @property
    def location(self) -> str:
        """``file:row [column]`` as far as it is known."""
        parts = [self.file or self.table or "?"]
        if self.row is not None:
            parts.append(f":{self.row}")
        if self.column:
            parts.append(f" [{self.column}]")
        return "".join(parts)

    def __str__(self) -> str:
        value = f" = {self.value!r}" if self.value is not None else ""
        return f"{self.location}{value}: {self.message}"

    def to_dict(self) -> dict[str, object]:
        """Every attribute, ``refers_to`` as ``{"table": …, "id": …}``."""
        return attrs.asdict(self)

    def to_json(self) -> dict[str, object]:
        """What the ``--json`` output of a command shows of the problem: where (file, row,
        column), the value (masked unless revealed), the message, ``code`` and ``refers_to``."""
        shown: dict[str, object] = {k: getattr(self, k) for k in _SHOWN}
        ref = self.refers_to
        shown["refers_to"] = None if ref is None else {"table": ref.table, "id": ref.id}
        return shown


_SHOWN = ("file", "row", "column", "value", "message", "code")
