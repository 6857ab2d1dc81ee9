"""Report and assessment commands: ``report`` and ``assess``."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from laoganbu.cli import main
from laoganbu.cli._common import (
    FORCE_OPTION,
    LOCALITY_OPTION,
    ROSTER_OPTION,
    checked_output,
    console,
    fail,
    json_text,
    locality,
)
from laoganbu.errors import LaoganbuError
from laoganbu.models.roster import LEDGERS

if TYPE_CHECKING:
    from laoganbu.assessment.scoring import SubjectKind

_RECORDS = click.option(
    "--records",
    "records_path",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="服务台账 / The ledger of services (CSV, XLSX or JSON); without it, service figures"
    " are left out.",
)
_PERIOD = click.option("--period", required=True, help="期间 / The period, usually a year: 2026.")


#: Every ledger but the service records, which --records gives.
_LEDGERS = tuple(name for name in LEDGERS if name != "service_records")


def _load(
    roster_path: Path, records_path: Path | None, code: str, *, as_records: bool = False
) -> tuple[Any, Any, Any]:
    """The roster, the service ledger (a frame, or records when ``as_records``) and the
    locality."""
    from laoganbu.io.frame_reader import read_frame
    from laoganbu.io.reader import read_roster

    place = locality(code)
    # Every ledger the figures use but the service records, which --records gives.
    result = read_roster(roster_path, locality=place, ledgers=_LEDGERS)
    records = None
    if records_path is not None:
        ledger = read_frame(records_path, "service_records", against=result.roster)
        if ledger.rejected:
            click.echo(f"warning / 提示: {len(ledger.rejected)} ledger rows rejected", err=True)
        records = tuple(ledger.records()) if as_records else ledger.data
    if result.rejected:
        click.echo(f"warning / 提示: {len(result.rejected)} roster rows rejected", err=True)
    return result.roster, records, place


def _evidence(path: Path | None) -> dict[str, Any]:
    """Entered evidence from a CSV file: indicator, value, document, date, who."""
    from laoganbu.io.sources import read_text

    if path is None:
        return {}
    text, _encoding = read_text(path)
    try:
        return _read_evidence(path, text)
    except csv.Error as exc:
        fail(f"{path}: not readable as CSV ({exc}) / 无法按CSV读取")


_EVIDENCE_COLUMNS = ("indicator", "value", "document", "date", "who")


def _read_evidence(path: Path, text: str) -> dict[str, Any]:
    import math

    from laoganbu.assessment import Evidence

    entries: dict[str, Any] = {}
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    missing = [c for c in _EVIDENCE_COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        fail(
            f"{path.name}: columns missing: {', '.join(missing)}"
            f" (columns: {', '.join(_EVIDENCE_COLUMNS)}) / 缺少必需的列"
        )
    for n, row in enumerate(reader, start=2):
        try:
            cells = {c: (row.get(c) or "").strip() for c in _EVIDENCE_COLUMNS}
            raw = cells["value"]
            value: Any = {"是": True, "true": True, "否": False, "false": False}.get(raw)
            if value is None:
                value = float(raw)
                if not math.isfinite(value):
                    raise ValueError(f"{raw!r} is not a finite number / 不是有限数值")
            entries[cells["indicator"]] = Evidence(
                cells["indicator"], value, cells["document"], cells["date"], cells["who"]
            )
        except ValueError as exc:
            fail(f"{path.name} row {n}: {exc} / 证据第{n}行无效")
    return entries


@main.command()
@ROSTER_OPTION
@_RECORDS
@_PERIOD
@click.option(
    "--format",
    "fmt",
    required=True,
    metavar="FORMAT",
    help="报告格式 / md (markdown), html, xlsx (excel), docx (word), csv or json, or a format a"
    " plugin adds.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    required=True,
    metavar="FILE",
    help="报告写到哪里（- 为标准输出） / Where to write the report; - writes md, html, csv or"
    " json to standard output.",
)
@click.option(
    "--area",
    metavar="NAME",
    help="地区名称 / The area's name (闻喜县) or how the text names it (全县); by default from"
    " --locality or the roster's top unit.",
)
@FORCE_OPTION
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="统计截止日期 / Figures as of this day (default: period end).",
)
@click.option(
    "--rubric",
    metavar="NAME",
    help="同时按此细则考核 / Also assess with this rubric and include the result.",
)
@click.option(
    "--reveal-pii",
    is_flag=True,
    help="显示未脱敏的个人信息 / Show personal information unmasked (explicit opt-in).",
)
@LOCALITY_OPTION
def report(
    roster_path: Path,
    records_path: Path | None,
    period: str,
    fmt: str,
    out: Path,
    force: bool,
    as_of: str | None,
    rubric: str | None,
    reveal_pii: bool,
    locality_code: str,
    area: str | None = None,
) -> None:
    """工作报告 / Write the annual work report in the office's format."""
    from laoganbu.errors import PluginError
    from laoganbu.reports import build_report

    inputs = (roster_path, records_path)
    to_stdout = str(out) == "-"
    if to_stdout and _format_key(fmt, {}) in _BINARY_FORMATS:  # found before the roster is read
        fail(f"--out - writes text formats only, not {fmt!r} / 标准输出仅限文本格式")
        return
    if not to_stdout:
        checked_output(out, force=force, inputs=inputs)
    roster, records, place = _load(roster_path, records_path, locality_code)
    formats = place.report_formats
    key = _format_key(fmt, formats)
    chosen = formats.get(key)
    if chosen is None:
        fail(f"no report format {fmt!r}; installed: {', '.join(formats)} / 不支持的格式")
        return
    if to_stdout and key not in _TEXT_FORMATS:
        text_formats = ", ".join(sorted(_TEXT_FORMATS))
        fail(f"--out - writes {text_formats} only, not {fmt!r} / 标准输出仅限文本格式")
        return
    assessments = []
    if rubric is not None:
        assessments = [_assess(place, rubric, roster, records, period, None)]
    built = build_report(
        roster,
        period,
        locality=place,
        records=records,
        as_of=as_of,
        assessments=assessments,
        area=area,
    )
    for error in built.errors:  # a plugin's section left out: the report says so too
        click.echo(f"warning / 提示: {error}", err=True)
    plugin = place.plugins.provider("laoganbu_report_formats", key)
    try:
        if to_stdout:
            _echo_to_pipe(_rendered_text(chosen, built, reveal_pii))
            return
        chosen.write(built, out, reveal_pii=reveal_pii, overwrite=force, inputs=inputs)
    except LaoganbuError as exc:
        fail(exc)
        return
    except Exception as exc:
        if plugin is None or place.plugins.is_builtin(plugin):
            raise  # laoganbu's own format: a bug to see, not a plugin's error
        # A format a plugin adds: named, never a traceback.
        fail(
            PluginError(
                plugin,
                f"report format {key!r} failed: {type(exc).__name__}: {exc}",
                hook="laoganbu_report_formats",
            )
        )
        return
    click.echo(f"wrote {out} ({chosen.label})")


def _format_key(given: str, formats: Any) -> str:
    """A format's name as given, else its lower-case form, else what an alias stands for."""
    if given in formats:
        return given
    key = given.strip().lower().lstrip(".")
    return key if key in formats else _FORMAT_ALIASES.get(key, key)


def _echo_to_pipe(text: str) -> None:
    """Write to standard output; a reader that closed the pipe early (``| head``) ends the
    command quietly, as the Python docs advise."""
    import os
    import sys

    try:
        click.echo(text, nl=False)
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)


#: Other names users give the built-in formats.
_FORMAT_ALIASES = {
    "markdown": "md",
    "htm": "html",
    "excel": "xlsx",
    "xls": "xlsx",
    "word": "docx",
    "doc": "docx",
}
#: Formats that are text, which --out - writes to standard output; and the built-in others.
_TEXT_FORMATS = frozenset({"md", "html", "csv", "json"})
_BINARY_FORMATS = frozenset({"xlsx", "docx"})


def _rendered_text(chosen: Any, report: Any, reveal_pii: bool) -> str:
    """The report in a text format: Markdown without its charts (files beside a report, with
    nowhere to go on standard output); the others rendered into a temporary folder and read
    back."""
    import tempfile

    from laoganbu.reports.formats import markdown_text

    if chosen.name == "md":
        return markdown_text(report, reveal_pii)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"report{chosen.suffix}"
        chosen.render(report, path, reveal_pii)
        return path.read_text(encoding="utf-8-sig")


def _assess(place: Any, name: str, roster: Any, records: Any, period: str, evidence: Any) -> Any:
    from laoganbu.assessment import AssessmentData, assess
    from laoganbu.errors import RubricError
    from laoganbu.periods import Period

    rubrics = place.rubrics
    rubric = rubrics.get(name)
    if rubric is None:
        raise RubricError(f"no rubric {name!r}; installed: {', '.join(rubrics)} / 未知的考核细则")
    data = AssessmentData(
        roster=roster,
        period=Period.parse(period),
        records=records,
        evidence=evidence or {},
        locality=place,
    )
    return assess(data, rubric=rubric)


def _all_subjects(roster: Any, kind: str) -> list[str]:
    from laoganbu.models.enums import OrganizationLevel

    if kind == "organization":
        return [o.id for o in roster.organizations if o.level is OrganizationLevel.BRANCH]
    if kind == "unit":
        return [u.id for u in roster.units]
    if kind == "grid":
        return [g.id for g in roster.grids if g.level == 3]
    fail("locality:all makes no sense: one locality at a time")
    return []


@main.command("assess")
@click.option(
    "--rubric",
    "rubric_name",
    required=True,
    metavar="NAME",
    help="考核细则简称 / A rubric's short name, e.g. xuzhou.",
)
@ROSTER_OPTION
@_RECORDS
@_PERIOD
@click.option(
    "--evidence",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="佐证材料 / CSV of entered evidence: indicator, value, document, date, who.",
)
@click.option(
    "--subject",
    default="locality",
    metavar="KIND[:ID]",
    help="考核对象 / locality (default), unit:ID, organization:ID or grid:ID; KIND:all ranks"
    " every one.",
)
@LOCALITY_OPTION
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the result as JSON.")
def assess_command(
    rubric_name: str,
    roster_path: Path,
    records_path: Path | None,
    period: str,
    evidence: Path | None,
    subject: str,
    locality_code: str,
    as_json: bool,
) -> None:
    """考核 / Score a rubric from the data and entered evidence."""
    from laoganbu.assessment import AssessmentData, assess, rank
    from laoganbu.periods import Period

    roster, records, place = _load(roster_path, records_path, locality_code, as_records=True)
    entries = _evidence(evidence)
    written, _, ident = subject.partition(":")
    kinds: dict[str, SubjectKind] = {
        "locality": "locality",
        "unit": "unit",
        "organization": "organization",
        "grid": "grid",
    }
    kind = kinds.get(written)
    if kind is None:
        fail(f"unknown subject {subject!r}; one of {', '.join(kinds)} / 未知的考核对象")
        return
    rubric = place.rubrics.get(rubric_name)
    if rubric is None:
        fail(f"no rubric {rubric_name!r}; installed: {', '.join(place.rubrics)} / 未知的考核细则")
    data = AssessmentData(
        roster=roster,
        period=Period.parse(period),
        records=records,
        evidence=entries,
        locality=place,
    )
    if ident == "all":
        results = rank(
            assess(data, rubric=rubric, subject=(kind, i)) for i in _all_subjects(roster, kind)
        )
    else:
        results = [assess(data, rubric=rubric, subject=(kind, ident or None))]
    if as_json:
        payload: Any = [r.to_dict() for r in results] if ident == "all" else results[0].to_dict()
        click.echo(json_text(payload))
        return
    out = console()
    for result in results[:1] if ident != "all" else []:
        out.print(str(result.explain()), markup=False)
    if ident == "all":
        from rich.table import Table

        table = Table(title=f"{rubric.title} — 排名 Ranking")
        for column in ("名次", "对象", "得分率", "等次", "缺数据"):
            table.add_column(column)
        for i, r in enumerate(results, 1):
            table.add_row(str(i), r.subject_name, f"{r.percent:.1f}%", r.grade, str(len(r.missing)))
        out.print(table)
