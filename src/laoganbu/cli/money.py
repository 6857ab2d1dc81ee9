"""Money commands: ``arrears``, ``entitlements``."""

from __future__ import annotations

from decimal import Decimal
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
    roster_and_ledger,
)

if TYPE_CHECKING:
    from laoganbu.models.roster import Roster
    from laoganbu.money import Arrears, Clearance


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
@click.option(
    "--period",
    help="期间 / The period checked (default: the twelve months before the month of --as-of).",
)
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
    from laoganbu.dates import PartialDate
    from laoganbu.money import arrears, clearance
    from laoganbu.params import as_day

    place = locality(locality_code)
    day = as_day(as_of)
    roster, payments = roster_and_ledger(
        roster_path,
        payments_path,
        "payments",
        place,
        ledgers=("life_events", "transfers", "medical_claims"),
        # No ledger is not a ledger of nothing paid: every month would be reported owed.
        missing="no payments ledger (待遇发放记录); give --payments FILE / 未找到待遇发放台账",
    )
    # By default the twelve months up to the last one that is over (a January check still
    # sees December's 生活补贴).
    month = PartialDate.parse(day).to_month()
    default = f"{month.add_months(-12).isoformat()}..{month.add_months(-1).isoformat()}"
    found = arrears(
        roster,
        period or default,
        payments=payments,
        as_of=day,
        locality=place,
        grace_days=grace_days,
    ).older_than(older_than)
    plans = clearance(roster, payments=payments, as_of=day)
    uncovered = plans.uncovered(found)
    if as_json:
        data = found.to_dict(reveal_pii=reveal_pii)
        data["clearance"] = plans.to_dict(reveal_pii=reveal_pii)
        data["uncovered"] = uncovered.height
        click.echo(json_text(data))
    else:
        _print(found, roster, reveal_pii)
        _print_plans(plans, uncovered.height, reveal_pii)
    raise SystemExit(1 if len(found) else 0)


def _print_plans(plans: Clearance, uncovered: int, reveal_pii: bool) -> None:
    from rich.table import Table

    from laoganbu.money.clearance import CLEARANCE_STATES

    out = console()
    if len(plans):
        counts = "、".join(f"{CLEARANCE_STATES[s]} {n}" for s, n in plans.counts().items())
        out.print(f"清兑计划 / Clearance plans {len(plans)}：{counts}")
        table = Table("编号", "干部编号", "发放类型", "欠发期间", "应清兑（元）", "已清兑（元）",
                      "清兑期限", "状态")  # fmt: skip
        for row in plans.rows(reveal_pii=reveal_pii):
            table.add_row(
                row["id"],
                row["cadre_id"],
                row["kind_label"],
                f"{row['months_from']}..{row['months_to']}",
                row["amount"] or "未定",
                row["paid"] or "0",
                row["deadline"],
                row["state_label"],
            )
        out.print(table)
    if uncovered:
        out.print(f"尚无清兑计划的拖欠 {uncovered} 项 / {uncovered} arrears with no clearance plan")


def _print(found: Arrears, roster: Roster, reveal_pii: bool) -> None:
    from rich.table import Table

    from laoganbu.models.records import as_records

    out = console()
    out.print(
        f"拖欠核查 / Arrears {found.period.label}，截至 {found.as_of.isoformat()}："
        f"核查 {found.judged} 项，拖欠 {len(found)} 项 / {found.judged} judged,"
        f" {len(found)} owed"
    )
    if not len(found):
        return
    summary = Table("发放类型", "责任机制", "月数", "人数", "欠发（元）", "金额未知（月）")
    for kind, mechanism, months, cadres, owed, unknown in found.summary(reveal_pii=reveal_pii):
        amount = "未知" if unknown == months else "***" if owed is None else f"{owed:,.2f}"
        summary.add_row(kind, mechanism, str(months), str(cadres), amount, str(unknown))
    out.print(summary)
    rows = found.rows(reveal_pii=reveal_pii)
    wanted = {r["cadre_id"] for r in rows}
    names = {cid: c.name for cid, c in as_records(roster.cadres).pick(wanted).items()}
    listing = Table("干部编号", "姓名", "发放类型", "所属月份", "状态", "拖欠月数", "欠发（元）")
    for row in rows:
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


@main.command("entitlements")
@ROSTER_OPTION
@click.option("--period", help="期间 / The period (default: the year of --as-of).")
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="截至日期 / Months up to this day's (default: today).",
)
@click.option(
    "--cadre", "cadre_id", metavar="ID", help="只看一名干部，逐月列出 / One cadre, month by month."
)
@LOCALITY_OPTION
@click.option(
    "--reveal-pii",
    is_flag=True,
    help="显示个人应发金额 / Show what each named person is owed (explicit opt-in).",
)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the result as JSON.")
def entitlements_command(
    roster_path: Path,
    period: str | None,
    as_of: str | None,
    cadre_id: str | None,
    locality_code: str,
    reveal_pii: bool,
    as_json: bool,
) -> None:
    """待遇标准 / Entitlements: what the 离休 cadres and survivors are owed, month by month.

    离休费 and 生活补贴 from each cadre's 基本离休费 (the roster's pay_bases), 护理费 and a
    survivor's aid by the parameters in force, for the months each is living and in the area's
    care. Totals by kind; with --cadre, one person's months and how the last was reckoned.
    What a named person is owed, and a total of fewer than five people, is masked unless
    --reveal-pii. Exit 0, or 2 for unusable input or an unknown --cadre.
    """
    from laoganbu.dates import today_date
    from laoganbu.io.reader import read_roster
    from laoganbu.money import entitlement_frame
    from laoganbu.params import as_day

    place = locality(locality_code)
    day = today_date() if as_of is None else as_day(as_of)
    result = read_roster(roster_path, locality=place, ledgers=("life_events", "transfers"))
    roster = result.roster
    if result.rejected:
        click.echo(
            f"warning / 提示: {len(result.rejected)} roster rows rejected; run `laoganbu"
            f" validate --roster {roster_path}` to see them",
            err=True,
        )
    span = period or str(day.year)
    if cadre_id is not None:
        _one_cadre(roster, cadre_id, span, day, place, reveal_pii, as_json)
        return
    frame = entitlement_frame(roster, span, as_of=day, locality=place)
    rows = _totals(frame, reveal_pii)
    data = {"period": span, "as_of": day.isoformat(), "by_kind": rows}
    if as_json:
        click.echo(json_text(data))
        return
    from rich.table import Table

    from laoganbu.reports.money import yuan_text

    table = Table("发放类型", "月数", "人数", "应发（元）", "金额未知（月）")
    for row in rows:
        table.add_row(
            row["kind_label"],
            str(row["months"]),
            str(row["cadres"]),
            "***" if row["due"] is None else yuan_text(Decimal(row["due"])),
            str(row["months_amount_unknown"]),
        )
    console().print(f"待遇标准 / Entitlements {span}，截至 {day.isoformat()}")
    console().print(table)


def _totals(frame: Any, reveal_pii: bool) -> list[dict[str, Any]]:
    """By kind: months, cadres, the known total (exact yuan text; masked for fewer than
    SMALL_GROUP cadres unless revealed) and the months whose amount is not known."""
    import polars as pl

    from laoganbu.models.enums import PaymentKind
    from laoganbu.money.fen import SMALL_GROUP, yuan_of

    table = (
        frame.group_by("kind")
        .agg(
            pl.len().alias("months"),
            pl.col("cadre_id").n_unique().alias("cadres"),
            pl.col("due_fen").sum().alias("due"),
            pl.col("due_fen").null_count().alias("unknown"),
        )
        .sort("kind")
    )
    out = []
    for kind, months, cadres, due, unknown in table.iter_rows():
        hidden = cadres < SMALL_GROUP and not reveal_pii
        out.append(
            {
                "kind": kind,
                "kind_label": PaymentKind.parse(kind).label,
                "months": months,
                "cadres": cadres,
                "due": None if hidden or unknown == months else str(yuan_of(due)),
                "months_amount_unknown": unknown,
            }
        )
    return out


def _one_cadre(
    roster: Roster,
    cadre_id: str,
    period: str,
    day: Any,
    place: Any,
    reveal_pii: bool,
    as_json: bool,
) -> None:
    import polars as pl

    from laoganbu.dates import PartialDate
    from laoganbu.models.enums import PaymentKind
    from laoganbu.money import entitlement_frame, entitlements_of
    from laoganbu.money.fen import masked_yuan

    cadre = roster.get("cadres", cadre_id)  # an unknown id is an error: exit 2
    bases = tuple(b for b in roster.pay_bases if b.cadre_id == cadre_id)
    # Over the whole roster: a survivor's months start after the death of the cadre survived.
    frame = entitlement_frame(roster, period, as_of=day, locality=place).filter(
        pl.col("cadre_id") == cadre_id
    )
    rows = [
        {
            "month": PartialDate.from_month_index(month).isoformat(),
            "kind": kind,
            "kind_label": PaymentKind.parse(kind).label,
            "due": masked_yuan(fen, reveal_pii),
        }
        for kind, month, fen in frame.select("kind", "month", "due_fen").iter_rows()
    ]
    explained = []
    # How an amount was reckoned names the care level and the amount: personal, shown only
    # when revealed.
    if frame.height and reveal_pii:
        last = PartialDate.from_month_index(int(frame["month"].max()))  # type: ignore[arg-type]
        base = max(
            (b for b in bases if b.valid_from.month_index <= last.month_index),
            key=lambda b: b.valid_from.month_index,
            default=None,
        )
        for e in entitlements_of(
            cadre, last, base=None if base is None else base.amount, params=place
        ):
            steps = list(e.explain())
            explained.append(
                {
                    "kind": e.kind.value,
                    "month": last.isoformat(),
                    "steps": [step.to_dict() for step in steps],
                    "text": [str(step) for step in steps],
                }
            )
    data = {"cadre_id": cadre_id, "period": period, "as_of": day.isoformat(), "months": rows,
            "explain": explained}  # fmt: skip
    if as_json:
        click.echo(json_text(data))
        return
    from rich.table import Table

    out = console()
    out.print(f"待遇标准 / Entitlements {cadre_id} {cadre.name}，{period}，截至 {day.isoformat()}")
    if not rows:
        out.print("期内无应发待遇 / nothing owed in the period")
        return
    table = Table("所属月份", "发放类型", "应发（元）")
    for row in rows:
        table.add_row(row["month"], row["kind_label"], row["due"] or "金额未知")
    out.print(table)
    for item in explained:
        out.print(f"{item['month']} {PaymentKind.parse(item['kind']).label}：")
        for n, text in enumerate(item["text"], 1):
            out.print(f"  {n}. {text}")
    if not reveal_pii:
        out.print("计算过程含个人信息，加 --reveal-pii 显示 / how it was reckoned: --reveal-pii")
