"""Reports a bureau can hand in: built from the data (:func:`build_report`), then rendered by
a format — Markdown, HTML with charts, XLSX, DOCX laid out per GB/T 9704-2012, CSV or JSON —
chosen by its short name from :attr:`laoganbu.Locality.report_formats`. Its sections come from
:attr:`laoganbu.Locality.report_sections`, which plugins add to (:class:`ReportSection`)."""

from laoganbu.reports.build import build_report
from laoganbu.reports.formats import BUILTIN_FORMATS, ReportFormat
from laoganbu.reports.model import Chart, Rate, Report, Section, Table
from laoganbu.reports.sections import ReportContext, ReportSection

__all__ = [
    "BUILTIN_FORMATS",
    "Chart",
    "Rate",
    "Report",
    "ReportContext",
    "ReportFormat",
    "ReportSection",
    "Section",
    "Table",
    "build_report",
]
