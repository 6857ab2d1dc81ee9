"""Scheduling commands: ``festivals``, ``plan`` and ``compliance``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import click

from laoganbu.cli import main
from laoganbu.cli._common import (
    LOCALITY_OPTION,
    ROSTER_OPTION,
    console,
    json_text,
    locality,
    pct,
)


@main.command()
@click.option("--year", type=int, required=True, help="年份 / A year from 1900 to 2100.")
@LOCALITY_OPTION
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the list as JSON.")
def festivals(year: int, locality_code: str, as_json: bool) -> None:
    """节日 / Festival and observance dates of a year, lunar and solar."""
    from laoganbu.observances import festivals as festival_dates

    observances = locality(locality_code).observances or None
    found = festival_dates(year, observances=observances)
    if as_json:
        click.echo(json_text([f.to_dict() for f in found]))
        return
    for f in found:
        click.echo(f"{f.date.isoformat()}  {f.name}  ({f.key})")


def _roster(path: Path, code: str) -> tuple[Any, Any]:
    from laoganbu.io.reader import read_roster

    place = locality(code)
    # Life events trigger visits and transfers move cadres in and out of care; the service
    # ledger is read apart (--records).
    result = read_roster(path, locality=place, ledgers=("life_events", "transfers"))
    if result.rejected:
        click.echo(
            f"warning / 提示: {len(result.rejected)} roster rows rejected; run"
            f" `laoganbu validate --roster {path}` to see them",
            err=True,
        )
    return result.roster, place


@main.command("plan")
@ROSTER_OPTION
@click.option(
    "--period", required=True, help="期间 / The period: 2026, 2026-Q3, 2026-07 or 2026-01..2026-06."
)
@LOCALITY_OPTION
@click.option(
    "--json", "as_json", is_flag=True, help="以 JSON 输出每一项 / Print every due item as JSON."
)
def plan_command(roster_path: Path, period: str, locality_code: str, as_json: bool) -> None:
    """服务计划 / Who is due which service, when, and why."""
    from laoganbu.schedule import plan

    roster, place = _roster(roster_path, locality_code)
    result = plan(roster, period, locality=place)
    if as_json:
        rows = [
            {**row, "start": row["start"].isoformat(), "end": row["end"].isoformat()}
            for row in result.rows()
        ]
        click.echo(json_text(rows, indent=None))
        return
    from rich.table import Table

    from laoganbu.reports.build import area_name

    table = Table(title=f"服务计划 Plan — {result.period.label}（{area_name(roster, place)}）")
    for column in ("项目 Programme", "服务 Service", "应办 Due"):
        table.add_column(column)
    counts = result.by_program()
    for program in sorted(result.programs, key=lambda p: p.id):
        table.add_row(f"{program.name}\n{program.id}", program.describe(), str(counts[program.id]))
    console().print(table)
    click.echo(f"{len(result)} items for {len({i.cadre_id for i in result})} cadres")


@main.command("compliance")
@ROSTER_OPTION
@click.option(
    "--records",
    "records_path",
    type=click.Path(path_type=Path),
    required=True,
    metavar="FILE",
    help="服务台账 / The ledger: a CSV, XLSX or JSON file of service records.",
)
@click.option(
    "--requests",
    "requests_path",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="诉求台账 / The requests ledger, to judge the period's requests on the same day.",
)
@click.option(
    "--as-of", "as_of", required=True, metavar="DATE", help="核查日期 / The day of the check."
)
@click.option("--period", help="期间 / The period planned (default: the year of --as-of).")
@click.option(
    "--grace-days",
    type=click.IntRange(min=0),
    default=30,
    show_default=True,
    help="逾期宽限天数 / Days after its window an item is overdue before it is missed.",
)
@LOCALITY_OPTION
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the result as JSON.")
def compliance_command(
    roster_path: Path,
    records_path: Path,
    requests_path: Path | None,
    as_of: str,
    period: str | None,
    grace_days: int,
    locality_code: str,
    as_json: bool,
) -> None:
    """台账核查 / What of the plan was done, from the ledger: met, late, overdue, missed."""
    from laoganbu.io.frame_reader import read_frame
    from laoganbu.params import as_day
    from laoganbu.schedule import compliance

    roster, place = _roster(roster_path, locality_code)
    day = as_day(as_of)
    # As columns: a year's ledger runs to millions of rows.
    ledger = read_frame(records_path, "service_records", against=roster)
    asked = None
    if requests_path is not None:
        asked = read_frame(requests_path, "requests", against=roster)
    result = compliance(
        roster,
        period or str(day.year),
        locality=place,
        records=ledger.data,
        requests=None if asked is None else asked.data,
        as_of=day,
        grace_days=grace_days,
        amount_of=place.parameters.value,
    )
    rejected = [p.to_json() for p in ledger.rejected]
    rejected += [p.to_json() for p in (asked.rejected if asked is not None else ())]
    if as_json:
        data = result.to_dict()
        data["rejected"] = rejected
        click.echo(json_text(data))
        return
    from laoganbu.reports.build import area_name

    _print(result, rejected, area_name(roster, place))


def _print(result: Any, rejected: list[dict[str, Any]], place: str) -> None:
    from rich.table import Table

    from laoganbu.schedule.ledger import STATUS_LABELS

    out = console()
    out.print(
        f"[bold]台账核查 Compliance[/] — {result.plan.period.label}，截至 {result.as_of}（{place}）"
    )
    counts = result.counts()
    table = Table()
    table.add_column("状态 Status")
    table.add_column("项数 Items", justify="right")
    for status, label in STATUS_LABELS.items():
        table.add_row(f"{label} {status}", str(counts[status]))
    out.print(table)
    out.print(f"完成率 done {pct(result.rate)}；按时 on time {pct(result.on_time_rate)}")
    if result.requests is not None:
        asked = result.requests.counts()
        rates = result.requests.rates()
        out.print(
            f"诉求 requests：受理 {asked['received']}、办结 {asked['closed']}、"
            f"超时未办结 overdue {asked['overdue']}；按时办结率 {pct(rates['on_time_rate'])}，"
            f"满意率 {pct(rates['satisfaction_rate'])}"
        )
    worst = sorted((r for r in result.by_grid() if r.due), key=lambda r: r.rate or 0)[:5]
    if worst:
        grids = Table(title="完成率最低的网格 Grids with the lowest rate")
        for column in ("网格 Grid", "应办 Due", "已办 Done", "完成率 Rate"):
            grids.add_column(column)
        for row in worst:
            grids.add_row(f"{row.name} ({row.key})", str(row.due), str(row.done), pct(row.rate))
        out.print(grids)
    problems = Counter(p.message for p in result.problems)
    for message, n in problems.most_common():
        out.print(f"[yellow]提示 warning[/] {n} × {message}", markup=True)
    for row in rejected:
        out.print(
            f"[red]拒绝 rejected[/] {row['file']}:{row['row']} [{row['column']}] {row['message']}"
        )
