"""Follow-up commands: ``requests``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from laoganbu.cli import main
from laoganbu.cli._common import (
    LOCALITY_OPTION,
    ROSTER_OPTION,
    console,
    json_text,
    locality,
    roster_and_ledger,
)

if TYPE_CHECKING:
    from laoganbu.followup import RequestReview
    from laoganbu.models.roster import Roster

#: What ``--by`` groups by, with the Chinese heading of the column.
_GROUPS = {"grid": ("grid_id", "网格"), "unit": ("unit_id", "承办单位")}
_GROUPS |= {"channel": ("channel", "诉求渠道"), "category": ("category", "诉求类别")}


@main.command("requests")
@ROSTER_OPTION
@click.option(
    "--requests",
    "requests_path",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="诉求台账 / The requests ledger (CSV, XLSX or JSON) when it is not in the roster.",
)
@click.option("--period", help="期间 / The period reviewed (default: this year).")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="核查日期 / The day of the review (default: the earlier of today and the period's end).",
)
@click.option(
    "--by",
    "group",
    type=click.Choice(sorted(_GROUPS)),
    default="unit",
    show_default=True,
    help="分组 / Counts and rates by grid, unit, channel or category.",
)
@LOCALITY_OPTION
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the result as JSON.")
def requests_command(
    roster_path: Path,
    requests_path: Path | None,
    period: str | None,
    as_of: str | None,
    group: str,
    locality_code: str,
    as_json: bool,
) -> None:
    """诉求办理 / Requests: late, overdue, repeated and unsatisfied.

    Judges every request received in the period against the locality's time limits (交办 within
    requests.respond_days, 办结 by the promised day or within requests.resolve_days), finds
    repeats on the same matter and counts satisfaction by unit, grid, channel or category.
    Exit 0 when no request is overdue, 1 when some are, 2 for unusable input. What a cadre
    asked for is not printed: it is personal and stays in the ledger.
    """
    from laoganbu.dates import today_date
    from laoganbu.followup import review_requests

    place = locality(locality_code)
    roster, requests = roster_and_ledger(
        roster_path,
        requests_path,
        "requests",
        place,
        missing="no requests ledger (诉求记录); give --requests FILE / 未找到诉求台账",
    )
    review = review_requests(
        roster,
        period or str(today_date().year),
        requests=requests,
        as_of=as_of,
        locality=place,
    )
    if as_json:
        click.echo(json_text(review.to_dict()))
    else:
        _print(review, roster, group)
    raise SystemExit(1 if review.counts()["overdue"] else 0)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _print(review: RequestReview, roster: Roster, group: str) -> None:
    from rich.table import Table

    from laoganbu.models.enums import RequestCategory, RequestChannel
    from laoganbu.models.records import as_records

    out = console()
    counts = review.counts()
    rates = review.rates()
    out.print(
        f"诉求办理 / Requests {review.period.label}，截至 {review.as_of.isoformat()}："
        f"受理 {counts['received']} 件，办结 {counts['closed']} 件（按时 {counts['on_time']}、"
        f"超时 {counts['late']}），超时未办结 {counts['overdue']} 件，办理中 {counts['open']} 件；"
        f"交办超时 {counts['late_response']} 件，重复诉求 {counts['repeats']} 件；"
        f"按时办结率 {_percent(rates['on_time_rate'])}，"
        f"满意率 {_percent(rates['satisfaction_rate'])}"
    )
    column, heading = _GROUPS[group]
    names: dict[str | None, str] = {None: "未指定"}
    if column == "grid_id":
        names.update({g.id: g.name for g in roster.grids})
    elif column == "unit_id":
        names.update({u.id: u.name for u in roster.units})
    elif column == "channel":
        names.update({c.value: c.label for c in RequestChannel})
    else:
        names.update({c.value: c.label for c in RequestCategory})
    table = Table(heading, "受理", "办结", "按时", "超时未办结", "按时办结率", "满意率")
    for row in review.by(column).iter_rows(named=True):
        key = row[column]
        table.add_row(
            names.get(key, key or "未指定"),
            str(row["received"]),
            str(row["closed"]),
            str(row["on_time"]),
            str(row["overdue"]),
            _percent(row["on_time_rate"]),
            _percent(row["satisfaction_rate"]),
        )
    out.print(table)
    overdue = review.overdue()
    if not overdue.height:
        return
    wanted = set(overdue["cadre_id"].to_list())
    people = {cid: c.name for cid, c in as_records(roster.cadres).pick(wanted).items()}
    units = {u.id: u.name for u in roster.units}
    listing = Table(
        "编号", "干部编号", "姓名", "诉求类别", "受理日期", "办结时限", "逾期天数", "承办单位"
    )
    for row in overdue.iter_rows(named=True):
        listing.add_row(
            row["id"],
            row["cadre_id"],
            people.get(row["cadre_id"], ""),
            RequestCategory.parse(row["category"]).label,
            row["received_on"].isoformat(),
            row["deadline"].isoformat(),
            str((review.as_of - row["deadline"]).days),
            units.get(row["unit_id"], row["unit_id"] or "未交办"),
        )
    out.print(listing)
