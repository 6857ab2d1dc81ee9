"""What an import gives back: the accepted roster and the problems found."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.io.tables import SCHEMAS
from laoganbu.models.roster import Roster
from laoganbu.problems import Problem

if TYPE_CHECKING:
    import polars as pl

__all__ = ["ImportResult"]


class ProblemSummary:
    """What an import's ``problems`` say, for the results of :func:`~laoganbu.read_roster`
    and :func:`~laoganbu.read_frame` alike."""

    __slots__ = ()

    problems: tuple[Problem, ...]

    @property
    def rejected(self) -> list[Problem]:
        """The problems that rejected a row or a value (``severity == "error"``)."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that kept their row (``severity == "warning"``)."""
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when no row was rejected."""
        return not self.rejected


@attrs.frozen
class ImportResult(ProblemSummary):
    """What an import accepted and what it found wrong.

    Attributes:
        roster: the accepted records.
        problems: rejected rows (``severity == "error"``) and warnings, in file order.
        files: each file or sheet read, with the encoding detected for CSV files.
        skipped: each file or sheet of a ledger that was there but not asked for (see
            ``ledgers`` of :func:`~laoganbu.read_roster`), with its table.
        columns: each table read (child tables included) → the columns its files held (every
            file's, when a table comes in several): what the source says about, where a
            column not there says nothing (the ledger store changes only these).
    """

    roster: Roster
    problems: tuple[Problem, ...]
    files: Mapping[str, str | None] = attrs.field(factory=dict)
    skipped: Mapping[str, str] = attrs.field(factory=dict)
    columns: Mapping[str, frozenset[str]] = attrs.field(factory=dict)

    @property
    def accepted(self) -> dict[str, int]:
        """Accepted records per table (child tables counted by their rows)."""
        counts = self.roster.counts()
        for schema in SCHEMAS.values():
            if schema.parent is not None:
                parents = self.roster.table(schema.parent.table)
                counts[schema.name] = sum(len(getattr(p, schema.parent.field)) for p in parents)
        return counts

    def frame(self, name: str, *, reveal_pii: bool = False) -> pl.DataFrame:
        """The accepted records of a table as a polars frame: :meth:`Roster.frame
        <laoganbu.models.roster.Roster.frame>` of :attr:`roster`.

        Example:
            >>> from laoganbu import read_roster
            >>> from laoganbu.testing import sample_folder
            >>> cadres = read_roster(sample_folder()).frame("cadres")
            >>> cadres.height
            3000
        """
        return self.roster.frame(name, reveal_pii=reveal_pii)

    def to_dict(self) -> dict[str, Any]:
        """The shape ``laoganbu validate --json`` prints."""
        return {
            "accepted": self.accepted,
            "skipped": dict(self.skipped),
            "rejected": [p.to_json() for p in self.rejected],
            "warnings": [p.to_json() for p in self.warnings],
        }
