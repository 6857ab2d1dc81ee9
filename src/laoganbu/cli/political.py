"""Political treatment: ``political``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from laoganbu.cli import main
from laoganbu.cli._common import (
    LOCALITY_OPTION,
    ROSTER_OPTION,
    console,
    json_text,
    locality,
    pct,
    roster_and_ledger,
)

if TYPE_CHECKING:
    from laoganbu.models.roster import Roster
    from laoganbu.political import CoverageGroup, PoliticalCoverage

#: How many of the cadres who took part in nothing the text lists (--json lists them all).
_LISTED = 20


@main.command("political")
@ROSTER_OPTION
@click.option(
    "--records",
    "records_path",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="服务台账 / The ledger of services (CSV, XLSX or JSON); by default the roster"
    " folder's service_records.csv or records.csv.",
)
@click.option(
    "--period", required=True, help="期间 / The period: 2026, 2026-Q3, 2026-07 or 2026-01..2026-06."
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="核查日期 / The day of the check (default: the earlier of today and the period's end).",
)
@LOCALITY_OPTION
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the result as JSON.")
def political_command(
    roster_path: Path,
    records_path: Path | None,
    period: str,
    as_of: str | None,
    locality_code: str,
    as_json: bool,
) -> None:
    """政治待遇 / Political treatment: 阅文, 情况通报会, 参观考察 and important meetings.

    For the cadres living and in care on the day of the check: how many events of each kind
    each attended, the share of those eligible (by the locality's programmes) who attended, by
    rank and by kind of cadre, and who took part in nothing. Exit 0 when every eligible cadre
    took part in something, 1 when some took part in nothing, 2 for unusable input.
    """
    from laoganbu.political import political_coverage

    place = locality(locality_code)
    # Transfers move cadres out of care.
    roster, records = roster_and_ledger(
        roster_path,
        records_path,
        "service_records",
        place,
        ledgers=("life_events", "transfers"),
        # No ledger is not a year in which nobody took part in anything.
        missing="no ledger of services; give --records FILE / 未找到服务台账",
    )
    found = political_coverage(roster, period, records=records, locality=place, as_of=as_of)
    if as_json:
        click.echo(json_text(found.to_dict()))
    else:
        _print(found, roster)
    raise SystemExit(1 if found.overall().untouched else 0)


def _groups(title: str, groups: list[CoverageGroup]) -> Any:
    from rich.table import Table

    table = Table(title=title)
    table.add_column("分组 Group")
    table.add_column("应享受 Eligible", justify="right")
    table.add_column("参加 Took part", justify="right")
    table.add_column("覆盖率 Share", justify="right")
    for group in groups:
        table.add_row(group.label, str(group.cadres), str(group.reached), pct(group.share))
    return table


def _print(found: PoliticalCoverage, roster: Roster) -> None:
    from rich.table import Table

    from laoganbu.models.records import as_records

    out = console()
    everyone = found.overall()
    out.print(
        f"[bold]政治待遇 Political treatment[/] — {found.period.label}，截至"
        f" {found.as_of.isoformat()}：{found.frame.height} 人 / cadres"
    )
    kinds = Table()
    for column in ("类型 Kind", "场次 Events", "人次 Attendances"):
        kinds.add_column(column)
    for column in ("应参加 Eligible", "参加 Took part", "覆盖率 Share"):
        kinds.add_column(column)
    for kind in found.kinds:
        coverage = everyone.kind(kind)
        kinds.add_row(
            kind.label,
            str(found.events[kind]),
            str(found.attendances[kind]),
            str(coverage.eligible),
            str(coverage.reached),
            pct(coverage.share),
        )
    out.print(kinds)
    out.print(_groups("按人员类别 By kind of cadre", found.by_cadre_kind()))
    out.print(_groups("按级别 By rank", found.by_rank()))
    left = found.untouched()
    out.print(f"未参加任何活动 Took part in nothing：{len(left)} 人")
    if not left:
        return
    wanted = {str(row["cadre_id"]) for row in left[:_LISTED]}
    names = {cid: c.name for cid, c in as_records(roster.cadres).pick(wanted).items()}
    listing = Table("干部编号", "姓名", "人员类别", "级别")
    for row in left[:_LISTED]:
        cadre_id = str(row["cadre_id"])
        listing.add_row(
            cadre_id, names.get(cadre_id, ""), row["cadre_kind_label"], row["rank_label"]
        )
    out.print(listing)
    if len(left) > _LISTED:
        out.print(f"……另有 {len(left) - _LISTED} 人，--json 列出全部 / and more: --json lists all")
