"""What a report holds, before it is rendered: sections of text, tables and charts."""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

import attrs

from laoganbu.periods import Period
from laoganbu.privacy import Masked

if TYPE_CHECKING:
    from laoganbu.assessment import AssessmentResult

__all__ = ["Chart", "Rate", "Report", "Section", "Table", "cell_text"]


class Rate(float):
    """A share from 0 to 1 that every format shows as a percentage (``100.0%``, ``0.0%``,
    ``93.3%``): a table cell holding one is a rate, not a count. JSON keeps the number."""

    __slots__ = ()

    def __str__(self) -> str:
        return f"{self:.1%}"


def cell_text(value: Any, reveal_pii: bool = False) -> str:
    """A cell as text: personal information masked unless ``reveal_pii``; a :class:`Rate` as
    a percentage; other numbers tidy."""
    if value is None:
        return ""
    if isinstance(value, Masked):
        return value.reveal() if reveal_pii else value.masked
    if isinstance(value, Rate):
        return str(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


@attrs.frozen
class Table:
    """A table: a title, headers (Chinese), rows of cells (may hold masked values)."""

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str | None = None


@attrs.frozen
class Chart:
    """A chart as data: categories along one axis, one or more series of numbers.

    ``kind``: ``bar`` (vertical), ``barh`` (horizontal), ``pyramid`` (two series mirrored:
    an age pyramid) or ``line``.
    """

    key: str
    title: str
    kind: Literal["bar", "barh", "pyramid", "line"]
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    unit: str = ""


@attrs.frozen
class Section:
    """A numbered part of the report (一、二、…)."""

    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()


@attrs.frozen
class Report:
    """A work report built from data (see :func:`laoganbu.reports.build_report`)."""

    title: str
    area: str
    jurisdiction: str
    period: Period
    as_of: _dt.date
    statistics: str
    sections: tuple[Section, ...]
    assessments: tuple[AssessmentResult, ...] = ()

    def tables(self) -> list[Table]:
        return [t for s in self.sections for t in s.tables]

    def charts(self) -> list[Chart]:
        return [c for s in self.sections for c in s.charts]

    def to_dict(self, reveal_pii: bool = False) -> dict[str, Any]:
        return {
            "title": self.title,
            "area": self.area,
            "jurisdiction": self.jurisdiction,
            "period": self.period.isoformat(),
            "as_of": self.as_of.isoformat(),
            "statistics": self.statistics,
            "sections": [
                {
                    "title": s.title,
                    "paragraphs": list(s.paragraphs),
                    "tables": [
                        {
                            "key": t.key,
                            "title": t.title,
                            "headers": list(t.headers),
                            "rows": [[_json(c, reveal_pii) for c in row] for row in t.rows],
                            "note": t.note,
                        }
                        for t in s.tables
                    ],
                    "charts": [
                        {
                            "key": c.key,
                            "title": c.title,
                            "kind": c.kind,
                            "categories": list(c.categories),
                            "series": [{"name": n, "values": list(v)} for n, v in c.series],
                            "unit": c.unit,
                        }
                        for c in s.charts
                    ],
                }
                for s in self.sections
            ],
            "assessments": [a.to_dict() for a in self.assessments],
        }


def _json(value: Any, reveal_pii: bool) -> Any:
    if isinstance(value, Masked | _dt.date):
        return cell_text(value, reveal_pii)
    if isinstance(value, Decimal):  # money as exact text, as the files write it
        return str(value)
    return value
