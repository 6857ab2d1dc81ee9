"""What a report holds, before it is rendered: sections of text, tables and charts.

Every class here is an immutable ``attrs`` value. Derive a changed copy with
``attrs.evolve`` — ``attrs.evolve(report, title="…")``, or a section added with
``attrs.evolve(report, sections=(*report.sections, Section("五、其他", ("…",))))`` — and
render it with any format (:attr:`laoganbu.Locality.report_formats`)."""

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
    if isinstance(value, Decimal):  # money: to the fen, grouped (56,000.50; 129,000)
        return f"{value:,.2f}".removesuffix(".00")
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


@attrs.frozen
class Table:
    """A table of a report.

    Attributes:
        key: a stable English name (``lowest_grids``), for tests and programs.
        title: its Chinese title (``服务完成率较低的网格``).
        headers: the column headers, in Chinese.
        rows: the rows, each a tuple of cells: text, numbers, :class:`Rate` (shown as a
            percentage), ``Decimal`` amounts, dates, or masked personal values (shown masked
            unless the report is rendered with ``reveal_pii``).
        note: a line shown under the table (``共312项，列出前200项``).
    """

    key: str
    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    note: str | None = None


@attrs.frozen
class Chart:
    """A chart as data: categories along one axis, one or more series of numbers.

    Attributes:
        key: a stable English name (``age_pyramid``); the file name of its picture.
        title: its Chinese title.
        kind: ``bar`` (vertical), ``barh`` (horizontal), ``pyramid`` (two series mirrored:
            an age pyramid) or ``line``.
        categories: the labels along one axis.
        series: ``(name, values)`` pairs, one value per category.
        unit: the values' unit (``人``, ``%``).
    """

    key: str
    title: str
    kind: Literal["bar", "barh", "pyramid", "line"]
    categories: tuple[str, ...]
    series: tuple[tuple[str, tuple[float, ...]], ...]
    unit: str = ""


@attrs.frozen
class Section:
    """A numbered part of the report (一、二、…).

    Attributes:
        title: with its number (``三、网格与服务``).
        paragraphs: the text, paragraph by paragraph.
        tables: its tables, in order.
        charts: its charts, in order.
    """

    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    charts: tuple[Chart, ...] = ()


@attrs.frozen
class Report:
    """A work report built from data (see :func:`laoganbu.reports.build_report`).

    Attributes:
        title: ``闻喜县2026年离退休干部工作报告``.
        area: how the text names the area (``全县``).
        jurisdiction: the code of the locality whose rules applied (``000000``: national).
        period: the period reported on.
        as_of: the day the figures are taken.
        statistics: the opening statistics paragraph.
        sections: the numbered sections.
        assessments: assessment results included, if any.
        errors: what went wrong in a plugin's section (left out, a note in its place), bilingual.
    """

    title: str
    area: str
    jurisdiction: str
    period: Period
    as_of: _dt.date
    statistics: str
    sections: tuple[Section, ...]
    assessments: tuple[AssessmentResult, ...] = ()
    errors: tuple[str, ...] = ()

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
            "errors": list(self.errors),
        }


def _json(value: Any, reveal_pii: bool) -> Any:
    if isinstance(value, Masked | _dt.date):
        return cell_text(value, reveal_pii)
    if isinstance(value, Decimal):  # money as exact text, as the files write it
        return str(value)
    return value
