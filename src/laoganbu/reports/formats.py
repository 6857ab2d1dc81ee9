"""Report formats: each renders a :class:`~laoganbu.reports.Report` to a file.

The built-in formats — ``md``, ``html``, ``xlsx``, ``docx``, ``csv``, ``json`` — arrive through
the built-in ``reports`` plugin; a locality's plugin may add its own (hook
``laoganbu_report_formats``). Personal information in a report (the phone numbers of cadres
to follow up) is masked unless ``reveal_pii`` is given.
"""

from __future__ import annotations

import base64
import csv
import html
import io
import json
import os
import re
from collections.abc import Callable, Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from laoganbu.errors import ReportError
from laoganbu.io.files import (
    atomic_write,
    check_target,
    make_folder,
    write_bytes_atomic,
    write_text_atomic,
)
from laoganbu.io.formulas import neutralise
from laoganbu.reports.model import Rate, Report, Table, cell_text

__all__ = ["BUILTIN_FORMATS", "ReportFormat"]

Render = Callable[[Report, Path, bool], None]


@attrs.frozen
class ReportFormat:
    """A way to write a report: a short ``name`` (``docx``), a Chinese ``label``, the file
    ``suffix``, and ``render(report, path, reveal_pii)``."""

    name: str
    label: str
    suffix: str
    render: Render
    #: Folders the format writes beside its file (Markdown's charts), given the file's path:
    #: held to the same rules as the file.
    beside: Callable[[Path], Iterable[Path]] = attrs.field(default=lambda _path: ())

    def write(
        self,
        report: Report,
        path: str | os.PathLike[str],
        *,
        reveal_pii: bool = False,
        overwrite: bool = False,
        inputs: Iterable[str | os.PathLike[str] | None] = (),
    ) -> Path:
        """Render ``report`` to ``path``, refusing to replace a file by accident; return the
        path written.

        Args:
            reveal_pii: show personal information unmasked.
            overwrite: replace ``path`` if it exists.
            inputs: files and folders the report was made from; ``path`` may not be one of
                them or lie inside one, even with ``overwrite``.

        Raises:
            OutputExistsError: ``path`` exists and ``overwrite`` is false.
            OutputIsInputError: ``path`` is one of ``inputs``.
        """
        inputs = list(inputs)
        target = check_target(path, overwrite=overwrite, inputs=inputs)
        for folder in self.beside(target):
            check_target(folder, overwrite=overwrite, inputs=inputs, folder=True)
        make_folder(target.parent)
        self.render(report, target, reveal_pii)
        return target


def _rows(table: Table, reveal: bool) -> list[list[str]]:
    return [[cell_text(c, reveal) for c in row] for row in table.rows]


# -- JSON, CSV, Markdown ---------------------------------------------------------------------------


def render_json(report: Report, path: Path, reveal: bool) -> None:
    write_text_atomic(
        path, json.dumps(report.to_dict(reveal), ensure_ascii=False, indent=2, default=str)
    )


def render_csv(report: Report, path: Path, reveal: bool) -> None:
    """Every table, one after another, each under a row with its title (UTF-8 with BOM, so
    Excel and WPS read the Chinese). A cell a spreadsheet would take for a formula is quoted
    (see :mod:`laoganbu.io.formulas`)."""
    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)

        def row(cells: Iterable[str]) -> None:
            w.writerow([neutralise(c) for c in cells])

        row([report.title])
        row([report.statistics])
        for section in report.sections:  # the figures the text states, not only the tables'
            row([f"# {section.title}"])
            for paragraph in section.paragraphs:
                row([paragraph])
        for table in report.tables():
            row([])
            row([f"# {table.title}"])
            row(table.headers)
            for cells in _rows(table, reveal):
                row(cells)


#: Text from the data is shown as text: HTML as entities (a viewer would run ``<script>``), and
#: the punctuation that makes links, images, emphasis and table cells escaped with a backslash.
_MD_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": " ", "\r": " "}
    | {c: "\\" + c for c in "\\`*_[]()!|#"}
)


def _md(text: str) -> str:
    return text.translate(_MD_ESCAPES)


def _md_table(table: Table, reveal: bool) -> list[str]:
    lines = [f"**{_md(table.title)}**", "", "| " + " | ".join(map(_md, table.headers)) + " |"]
    lines.append("|" + "---|" * len(table.headers))
    lines += ["| " + " | ".join(map(_md, row)) + " |" for row in _rows(table, reveal)]
    if table.note:
        lines += ["", f"*{_md(table.note)}*"]
    return [*lines, ""]


def _charts_folder(path: Path) -> Path:
    return path.with_name(f"{path.stem}-charts")


def _markdown_beside(path: Path) -> list[Path]:
    return [_charts_folder(path)]


def render_markdown(report: Report, path: Path, reveal: bool) -> None:
    """Markdown; charts are written as PNG files beside it (``<name>-charts/``) and linked."""
    write_text_atomic(path, markdown_text(report, reveal, _charts_folder(path)))


def markdown_text(report: Report, reveal: bool, charts_dir: Path | None = None) -> str:
    """The report as Markdown; with ``charts_dir``, its charts written there as PNG files and
    linked, without it left out (standard output has nowhere to put them)."""
    lines = [f"# {_md(report.title)}", "", _md(report.statistics), ""]
    for section in report.sections:
        lines += [f"## {_md(section.title)}", ""]
        for paragraph in section.paragraphs:
            lines += [_md(paragraph), ""]
        for table in section.tables:
            lines += _md_table(table, reveal)
        if charts_dir is None or not section.charts:
            continue
        from laoganbu.reports.charts import CHARTS_MISSING, charts_available, render_png

        if not charts_available():
            lines += [f"*{_md(CHARTS_MISSING)}*", ""]
            continue
        for chart in section.charts:
            make_folder(charts_dir)
            write_bytes_atomic(charts_dir / f"{chart.key}.png", render_png(chart))
            lines += [f"![{chart.title}]({charts_dir.name}/{chart.key}.png)", ""]
    return "\n".join(lines)


# -- HTML ------------------------------------------------------------------------------------------

_CSS = """
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC",
       sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.7; color: #222; }
h1 { text-align: center; font-size: 1.6em; }
table { border-collapse: collapse; margin: 1em 0; }
th, td { border: 1px solid #999; padding: 0.25em 0.6em; }
th { background: #eef2f7; }
td.n { text-align: right; }
caption { font-weight: bold; margin-bottom: 0.3em; }
figure { margin: 1em 0; } img { max-width: 100%; }
"""


def render_html(report: Report, path: Path, reveal: bool) -> None:
    """One self-contained HTML file; charts embedded as PNG images (left out, saying so, where
    matplotlib is not installed)."""
    from laoganbu.reports.charts import CHARTS_MISSING, charts_available, render_png

    drawn = charts_available()
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{e(report.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(report.title)}</h1>",
        f'<p class="statistics">{e(report.statistics)}</p>',
    ]
    for section in report.sections:
        out.append(f"<h2>{e(section.title)}</h2>")
        out += [f"<p>{e(p)}</p>" for p in section.paragraphs]
        for table in section.tables:
            out.append(f'<table data-key="{e(table.key)}"><caption>{e(table.title)}</caption>')
            out.append("<tr>" + "".join(f"<th>{e(h)}</th>" for h in table.headers) + "</tr>")
            for raw, row in zip(table.rows, _rows(table, reveal), strict=True):
                cells = "".join(
                    f'<td class="n">{e(c)}</td>'
                    if isinstance(v, int | float | Decimal)
                    else f"<td>{e(c)}</td>"
                    for v, c in zip(raw, row, strict=True)
                )
                out.append(f"<tr>{cells}</tr>")
            out.append("</table>")
            if table.note:
                out.append(f"<p><em>{e(table.note)}</em></p>")
        if section.charts and not drawn:
            out.append(f'<p class="missing"><em>{e(CHARTS_MISSING)}</em></p>')
            continue
        for chart in section.charts:
            data = base64.b64encode(render_png(chart)).decode("ascii")
            out.append(
                f'<figure><img alt="{e(chart.title)}" src="data:image/png;base64,{data}">'
                f"<figcaption>{e(chart.title)}</figcaption></figure>"
            )
    out.append("</body></html>")
    write_text_atomic(path, "\n".join(out))


# -- XLSX ------------------------------------------------------------------------------------------


def render_xlsx(report: Report, path: Path, reveal: bool) -> None:
    """A workbook: a 概况 sheet with the title, the statistics and every section's text, then
    one sheet per table with bold Chinese headers, frozen header row and fitted column widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "概况"
    ws["A1"] = report.title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A3"] = report.statistics
    ws["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 100
    ws.row_dimensions[3].height = 60
    row = 5
    for section in report.sections:  # the figures the text states, not only the tables'
        ws.cell(row=row, column=1, value=section.title).font = Font(bold=True)
        row += 1
        for paragraph in section.paragraphs:
            cell = ws.cell(row=row, column=1, value=paragraph)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            row += 1
        row += 1
    header_fill = PatternFill("solid", fgColor="DCE6F1")
    used: set[str] = {"概况"}
    for table in report.tables():
        # A sheet's name may not hold \ / ? * [ ] : nor start or end with a quote.
        name = re.sub(r"[\\/?*\[\]:]", "_", table.title).strip("'") or "表"
        title = name[:31]
        n = 2
        while title in used:
            title = f"{name[:28]}({n})"
            n += 1
        used.add(title)
        sheet = wb.create_sheet(title)
        sheet.append(list(table.headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
            cell.fill = header_fill
        for raw in table.rows:
            sheet.append(
                [
                    float(v)
                    if isinstance(v, Rate)
                    else v
                    if isinstance(v, int | float | Decimal) and not isinstance(v, bool)
                    else cell_text(v, reveal)
                    for v in raw
                ]
            )
            for col, value in enumerate(raw, start=1):
                if isinstance(value, Rate):  # a number the sheet shows as a percentage
                    sheet.cell(row=sheet.max_row, column=col).number_format = "0.0%"
                elif isinstance(value, Decimal):  # money, to the fen
                    sheet.cell(row=sheet.max_row, column=col).number_format = "#,##0.00"
        for col, header in enumerate(table.headers, start=1):
            values = [str(header)] + [str(r[col - 1] or "") for r in table.rows[:200]]
            width = max(len(v.encode("gbk", "replace")) for v in values) + 2
            sheet.column_dimensions[get_column_letter(col)].width = min(60, width)
        sheet.freeze_panes = "A2"
        if table.note:
            sheet.cell(row=sheet.max_row + 2, column=1, value=table.note)
    _no_formulas(wb)
    with atomic_write(path) as f:
        wb.save(f)


def _no_formulas(workbook: Any) -> None:
    """Keep every text cell text: openpyxl takes a string that starts with ``=`` for a formula,
    and a report never holds one (a name such as ``=cmd|' /C calc'!A0`` must not run)."""
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"


# -- DOCX (GB/T 9704-2012) ----------------------------------------------------------------------

#: Fonts of GB/T 9704-2012 and what Word should use where a font is not installed.
DOCX_FONTS = {
    "title": ("方正小标宋简体", "小标宋", "SimSun"),
    "body": ("仿宋_GB2312", "仿宋", "FangSong"),
    "heading1": ("黑体", "SimHei"),
    "heading2": ("楷体_GB2312", "楷体", "KaiTi"),
}


def _font(run: object, names: tuple[str, ...], size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    r = run  # a python-docx Run
    r.font.size = Pt(size_pt)  # type: ignore[attr-defined]
    r.font.bold = bold  # type: ignore[attr-defined]
    r.font.name = "Times New Roman"  # type: ignore[attr-defined]
    rpr = r._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), names[0])


def render_docx(report: Report, path: Path, reveal: bool) -> None:
    """A Word document laid out per GB/T 9704-2012: A4; margins top 37 mm, bottom 35 mm,
    left 28 mm, right 26 mm (a 156 × 225 mm text block); title in 小标宋 二号 (22 pt); body in
    仿宋_GB2312 三号 (16 pt) at a fixed 28.9 pt line pitch (22 lines a page); first-level
    headings in 黑体, second-level in 楷体; page numbers "— N —" in 宋体 四号 at the foot.
    Fonts are named; where one is missing Word substitutes (``DOCX_FONTS`` lists each font
    with its usual substitutes)."""
    try:
        import docx
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt
    except ImportError:
        raise ReportError(
            "DOCX needs python-docx: pip install 'laoganbu[reports]' / 需要安装报告组件"
        ) from None
    from laoganbu.reports.charts import render_png

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(16)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), DOCX_FONTS["body"][0])

    def paragraph(
        text: str,
        fonts: tuple[str, ...],
        size: float,
        *,
        center: bool = False,
        bold: bool = False,
        indent: bool = True,
    ) -> None:
        p = document.add_paragraph()
        fmt = p.paragraph_format
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(28.9)
        fmt.space_before = fmt.space_after = Pt(0)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif indent:
            fmt.first_line_indent = Pt(size * 2)
        _font(p.add_run(text), fonts, size, bold)

    paragraph(report.title, DOCX_FONTS["title"], 22, center=True)
    paragraph("", DOCX_FONTS["body"], 16)
    paragraph(report.statistics, DOCX_FONTS["body"], 16)
    for part in report.sections:
        paragraph(part.title, DOCX_FONTS["heading1"], 16)
        for text in part.paragraphs:
            paragraph(text, DOCX_FONTS["body"], 16)
        for table in part.tables:
            paragraph(table.title, DOCX_FONTS["heading2"], 16, indent=False)
            grid = document.add_table(rows=1, cols=len(table.headers))
            grid.style = "Table Grid"
            grid.alignment = WD_TABLE_ALIGNMENT.CENTER
            for cell, header in zip(grid.rows[0].cells, table.headers, strict=True):
                cell.text = ""
                _font(cell.paragraphs[0].add_run(header), DOCX_FONTS["heading1"], 12)
            for row in _rows(table, reveal):
                cells = grid.add_row().cells
                for cell, text in zip(cells, row, strict=True):
                    cell.text = ""
                    _font(cell.paragraphs[0].add_run(text), DOCX_FONTS["body"], 12)
            if table.note:
                paragraph(table.note, DOCX_FONTS["body"], 12, indent=False)
        for chart in part.charts:
            document.add_picture(io.BytesIO(render_png(chart)), width=Mm(150))
            document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph(chart.title, DOCX_FONTS["body"], 14, center=True)
    # Page number "— N —", centred, 宋体 四号 (14 pt).
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(footer.add_run("— "), ("宋体", "SimSun"), 14)
    run = footer.add_run()
    _font(run, ("宋体", "SimSun"), 14)
    for part_kind in ("begin", "instr", "end"):
        if part_kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = "PAGE"
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), part_kind)
        run._element.append(element)
    _font(footer.add_run(" —"), ("宋体", "SimSun"), 14)
    document.core_properties.title = report.title
    with atomic_write(path) as f:
        document.save(f)


BUILTIN_FORMATS: tuple[ReportFormat, ...] = (
    ReportFormat("md", "Markdown", ".md", render_markdown, beside=_markdown_beside),
    ReportFormat("html", "网页 HTML", ".html", render_html),
    ReportFormat("xlsx", "Excel 工作簿", ".xlsx", render_xlsx),
    ReportFormat("docx", "Word 公文（GB/T 9704）", ".docx", render_docx),
    ReportFormat("csv", "CSV 表格", ".csv", render_csv),
    ReportFormat("json", "JSON 数据", ".json", render_json),
)
