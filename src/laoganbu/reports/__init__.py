"""Reports a bureau can hand in: built from the data (:func:`build_report`), then rendered by
a format — Markdown, HTML with charts, XLSX, DOCX laid out per GB/T 9704-2012, CSV or JSON —
chosen by its short name from :attr:`laoganbu.Locality.report_formats`."""

from laoganbu.reports.build import build_report
from laoganbu.reports.formats import BUILTIN_FORMATS, ReportFormat
from laoganbu.reports.model import Chart, Rate, Report, Section, Table

__all__ = [
    "BUILTIN_FORMATS",
    "Chart",
    "Rate",
    "Report",
    "ReportFormat",
    "Section",
    "Table",
    "build_report",
]
