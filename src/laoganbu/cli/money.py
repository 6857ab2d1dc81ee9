"""Money commands: ``arrears``."""

from __future__ import annotations

from pathlib import Path

import click

from laoganbu.cli import main
from laoganbu.cli._common import LOCALITY_OPTION, ROSTER_OPTION, console, json_text, locality


@main.command("arrears")
@ROSTER_OPTION
@click.option(
    "--payments",
    "payments_path",
    type=click.Path(path_type=Path),
    metavar="FILE",
    help="待遇发放台账 / The payments ledger (CSV, XLSX or JSON) when it is not in the roster.",
)
@click.option(
    "--as-of", "as_of", required=True, metavar="DATE", help="核查日期 / The day of the check."
)
@click.option("--period", help="期间 / The period checked (default: the year of --as-of).")
@click.option(
    "--older-than",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="MONTHS",
    help="只列拖欠超过此月数的 / Only arrears more than this many months late.",
)
@click.option(
    "--grace-days",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="宽限天数 / Days after a month's end before its payment is owed.",
)
@LOCALITY_OPTION
@click.option(
    "--reveal-pii",
    is_flag=True,
    help="显示个人应发、欠发金额 / Show what each named person is owed (explicit opt-in).",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the result as JSON.")
def arrears_command(
    roster_path: Path,
    payments_path: Path | None,
    as_of: str,
    period: str | None,
    older_than: int,
    grace_days: int,
    locality_code: str,
    reveal_pii: bool,
    as_json: bool,
) -> None:
    """拖欠核查 / Arrears: 离休费, 护理费 and 生活补贴 owed and not paid.

    Sets what each 离休 cadre (and survivor, where the locality sets the aid) is owed under the
    parameters in force against the payments ledger, month by month, and lists what is unpaid or
    short, with the responsible mechanism (单位尽责, 社会统筹, 财政保障). Exit 0 when nothing is
    owed, 1 when arrears are found, 2 for unusable input. Amounts a named person is owed are
    masked unless --reveal-pii.
    """
    from laoganbu.io.reader import read_roster
    from laoganbu.money import arrears
    from laoganbu.params import as_day

    place = locality(locality_code)
    day = as_day(as_of)
    ledgers = ("life_events", "transfers") + (() if payments_path else ("payments",))
    result = read_roster(roster_path, locality=place, ledgers=ledgers)
    roster = result.roster
    payments = list(roster.payments)
    rejected = len(result.rejected)
    if payments_path is not None:
        from laoganbu.io.frame_reader import read_frame

        ledger = read_frame(payments_path, "payments", against=roster)
        payments = list(ledger.records())
        rejected += len(ledger.rejected)
    if rejected:
        click.echo(
            f"warning / 提示: {rejected} rows rejected; run `laoganbu validate --roster"
            f" {roster_path} --ledgers` to see them",
            err=True,
        )
    found = arrears(
        roster,
        period or str(day.year),
        payments=payments,
        as_of=day,
        locality=place,
        grace_days=grace_days,
    ).older_than(older_than)
    if as_json:
        click.echo(json_text(found.to_dict(reveal_pii=reveal_pii)))
    else:
        _print(found, roster, reveal_pii)
    raise SystemExit(1 if len(found) else 0)


def _print(found: object, roster: object, reveal_pii: bool) -> None:
    from rich.table import Table

    from laoganbu.models.records import as_records
    from laoganbu.models.roster import Roster
    from laoganbu.money import Arrears

    assert isinstance(found, Arrears) and isinstance(roster, Roster)
    out = console()
    out.print(
        f"拖欠核查 / Arrears {found.period.label}，截至 {found.as_of.isoformat()}："
        f"核查 {found.judged} 项，拖欠 {len(found)} 项 / {found.judged} judged,"
        f" {len(found)} owed"
    )
    if not len(found):
        return
    summary = Table("发放类型", "责任机制", "月数", "人数", "欠发（元）", "金额未知（月）")
    for kind, mechanism, months, cadres, owed, unknown in found.summary():
        amount = "未知" if unknown == months else f"{owed:,.2f}"
        summary.add_row(kind, mechanism, str(months), str(cadres), amount, str(unknown))
    out.print(summary)
    wanted = {r["cadre_id"] for r in found.rows()}
    names = {cid: c.name for cid, c in as_records(roster.cadres).pick(wanted).items()}
    listing = Table("干部编号", "姓名", "发放类型", "所属月份", "状态", "拖欠月数", "欠发（元）")
    for row in found.rows(reveal_pii=reveal_pii):
        listing.add_row(
            row["cadre_id"],
            names.get(row["cadre_id"], ""),
            row["kind_label"],
            row["month"],
            row["status_label"],
            str(row["months_late"]),
            row["owed"] or "未知",
        )
    out.print(listing)
