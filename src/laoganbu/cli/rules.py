"""Rule commands: ``retirement``, ``lixiu``, ``age``, ``double-high`` and ``params``; each
calculator can print how it reached its answer (``--explain``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import click

from laoganbu.cli import main
from laoganbu.cli._common import (
    LOCALITY_OPTION,
    ROSTER_OPTION,
    console,
    json_text,
    locality,
    named_input,
)

if TYPE_CHECKING:
    from laoganbu.rules.double_high_roster import By, DoubleHigh


def _emit(result: Any, as_json: bool, explain: bool, summary: str) -> None:
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    click.echo(summary)
    if explain:
        click.echo("")
        click.echo(str(result.explain()))


_ON = click.option(
    "--on",
    "on",
    metavar="DATE",
    help="适用规则的日期 / The day whose rules apply (default: today in China).",
)
_JSON = click.option(
    "--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the result as JSON."
)
_EXPLAIN = click.option(
    "--explain",
    is_flag=True,
    help="列出计算步骤及依据 / Also print each step with the parameters and sources used.",
)


@main.command()
@click.option(
    "--birth", required=True, metavar="YYYY-MM", help="出生年月 / Year and month of birth."
)
@click.option(
    "--category",
    required=True,
    metavar="CATEGORY",
    help="人员类别：男、女干部、女工人 / male, female-cadre (original age 55) or female-worker"
    " (original age 50).",
)
@_ON
@LOCALITY_OPTION
@_JSON
@_EXPLAIN
def retirement(
    birth: str,
    category: str,
    on: str | None,
    locality_code: str,
    as_json: bool,
    explain: bool,
) -> None:
    """法定退休年龄 / Statutory retirement age and month under the 2024 progressive decision."""
    from laoganbu.rules.retirement import statutory_retirement

    result = statutory_retirement(birth, category, on=on, params=locality(locality_code).parameters)
    summary = (
        f"法定退休年龄 {result.age_label}，退休时间 {result.retirement_month.label}；"
        f"弹性退休 {result.earliest_month.label} 至 {result.latest_month.label}\n"
        f"statutory age {result.age_years}y {result.age_extra_months}m, retirement month"
        f" {result.retirement_month.isoformat()}; flexible window"
        f" {result.earliest_month.isoformat()} – {result.latest_month.isoformat()}"
    )
    _emit(result, as_json, explain, summary)


@main.command()
@click.option(
    "--joined",
    required=True,
    metavar="DATE",
    help="参加革命工作时间 / When the cadre joined revolutionary work, e.g. 1945.03 or 1945-03-15.",
)
@_ON
@LOCALITY_OPTION
@_JSON
@_EXPLAIN
def lixiu(joined: str, on: str | None, locality_code: str, as_json: bool, explain: bool) -> None:
    """离休待遇 / 离休 status: eligibility, revolutionary period, living allowance, nursing fee."""
    from laoganbu.rules.lixiu import lixiu_status

    result = lixiu_status(joined, on=on, params=locality(locality_code).parameters)
    if result.eligible is False:
        summary = "不属于离休干部（参加工作晚于截止日） / not eligible for 离休"
    elif result.ambiguous:
        names = "、".join(p.label for p in result.candidates)
        summary = f"该月跨两个时期（{names}），需要具体日期 / ambiguous: give the day"
    else:
        assert result.period is not None
        summary = (
            f"{result.period.label}；生活补贴每年增发 {result.allowance_months} 个月；"
            f"护理费每月 {result.nursing_fee} 元\n"
            f"period {result.period.key}; {result.allowance_months} extra months a year;"
            f" nursing fee {result.nursing_fee} yuan a month"
        )
    _emit(result, as_json, explain, summary)


@main.command()
@click.option(
    "--birth",
    required=True,
    metavar="DATE",
    help="出生年月 / Year and month of birth, e.g. 1940.03.",
)
@click.option(
    "--health",
    metavar="STATUS",
    help="健康状况：健康、基本健康、患慢性病、重病 / health: the same, or their codes.",
)
@_ON
@LOCALITY_OPTION
@_JSON
@_EXPLAIN
def age(
    birth: str,
    health: str | None,
    on: str | None,
    locality_code: str,
    as_json: bool,
    explain: bool,
) -> None:
    """年龄、年龄段、高龄及双高期 / Age, age band, 高龄 and 双高期 on a day.

    For one person; `laoganbu double-high --roster PATH` finds everyone in the 双高期.
    """
    from laoganbu.rules.age import age_profile

    result = age_profile(birth, on=on, health=health, params=locality(locality_code).parameters)
    double = {None: "未知", True: "是", False: "否"}[result.double_high]
    advanced = "是" if result.advanced else "否"
    summary = f"{result.age} 周岁，{result.band}；高龄：{advanced}；双高期：{double}"
    _emit(result, as_json, explain, summary)


@main.command("double-high")
@ROSTER_OPTION
@_ON
@click.option(
    "--by",
    type=click.Choice(["grid", "unit", "kind"]),
    default="grid",
    show_default=True,
    help="按网格、原单位或人员类别统计 / Count by bottom grid, former unit or kind (离休, 退休).",
)
@click.option(
    "--people",
    is_flag=True,
    help="列出人员名单 / Also list the people: id, name, grid, unit and age.",
)
@click.option(
    "--reveal-pii",
    is_flag=True,
    help="名单中显示健康状况 / Show each person's health status (explicit opt-in).",
)
@LOCALITY_OPTION
@_JSON
@_EXPLAIN
def double_high_command(
    roster_path: Path,
    on: str | None,
    by: str,
    people: bool,
    reveal_pii: bool,
    locality_code: str,
    as_json: bool,
    explain: bool,
) -> None:
    """双高期名单 / Who of a roster is in the 双高期 (高龄和高发病), by grid or unit.

    Judges every living 离休 and 退休 cadre in the area's care on the day (survivors are not
    judged) by the locality's 双高期 age and health statuses — parameters a locality sets, as no
    national text defines the 双高期. Cadres of the age whose health status is not recorded are
    counted apart, as undecided. With --json, the counts by grid, unit and kind, and with
    --people the people (who is in the 双高期 is health information: asked for explicitly),
    their health status masked unless --reveal-pii.
    """
    from laoganbu.io.reader import read_roster
    from laoganbu.rules.double_high_roster import double_high

    place = locality(locality_code)
    # Deaths recorded as life events end a life; transfers move cadres out of care.
    result = read_roster(roster_path, locality=place, ledgers=("life_events", "transfers"))
    if result.rejected:
        click.echo(
            f"warning / 提示: {len(result.rejected)} roster rows rejected; run"
            f" `laoganbu validate --roster {roster_path}` to see them",
            err=True,
        )
    found = double_high(result.roster, on, locality=place)
    if as_json:
        click.echo(json_text(found.to_dict(reveal_pii=reveal_pii, people=people)))
        return
    _print_double_high(found, by, people, reveal_pii)
    if explain:
        click.echo("")
        click.echo(str(found.explain()))


_BY_LABELS = {"grid": "网格", "unit": "原单位", "kind": "人员类别"}


def _print_double_high(found: DoubleHigh, by: str, people: bool, reveal_pii: bool) -> None:
    from rich.table import Table

    out = console()
    day = found.on.isoformat()
    out.print(
        f"截至 {day}，离退休干部 {found.living} 人中处于双高期 {found.count} 人，"
        f"健康状况未登记无法判断 {found.undecided} 人（{found.criterion()}；遗属"
        f" {found.survivors} 人不计）/ on {day}, {found.count} of {found.living} cadres in the"
        f" 双高期, {found.undecided} undecided (no health status recorded)"
    )
    if not found.local:
        out.print(
            "提示：双高期标准国家未作统一规定，此为默认口径（未核实），可用 --locality 采用本地设定"
            " / note: no national definition; a default (unverified) — a locality sets its own"
        )
    counts = Table(_BY_LABELS[by], "双高期（人）", "待定（人）")
    for count in found.counts(cast("By", by)):
        counts.add_row(count.name, str(count.double_high), str(count.undecided))
    out.print(counts)
    if not people:
        return
    listing = Table("编号", "姓名", "类别", "网格", "原单位", "年龄", "状态", "健康状况")
    for row in found.rows(reveal_pii=reveal_pii):
        listing.add_row(
            row["id"],
            row["name"],
            row["kind_label"],
            row["grid_name"] or "—",
            row["unit_name"] or "—",
            str(row["age"]),
            row["status_label"],
            row["health_label"] or "未登记",
        )
    out.print(listing)


@main.command("party-dues")
@click.option(
    "--base",
    required=True,
    metavar="YUAN",
    help="月计算基数（元） / The monthly base in yuan: since 2017 the basic retirement pay or"
    " pension without allowances, e.g. 5200 or 5200.50.",
)
@click.option(
    "--hardship",
    is_flag=True,
    help="生活确有困难 / The member is in real hardship (the branch may agree to less).",
)
@_ON
@LOCALITY_OPTION
@_JSON
@_EXPLAIN
def party_dues_command(
    base: str, hardship: bool, on: str | None, locality_code: str, as_json: bool, explain: bool
) -> None:
    """离退休党员党费 / Monthly Party dues of a retired member."""
    from laoganbu.rules.dues import party_dues

    result = party_dues(base, on=on, hardship=hardship, params=locality(locality_code).parameters)
    summary = (
        f"月交党费 {result.monthly} 元（计算基数 {result.base} 元 × {result.rate}）"
        f"\nmonthly dues {result.monthly} yuan ({result.base} × {result.rate})"
    )
    if hardship:
        summary += (
            "\n生活确有困难的，经党支部研究同意，可以少交或免交 / the branch may agree to less"
        )
    _emit(result, as_json, explain, summary)


@main.command("params")
@named_input(
    "--name",
    "name",
    metavar="NAME",
    required=False,
    type=click.STRING,
    help="单个参数及其历次取值 / One parameter, with every value it has had.",
)
@_ON
@LOCALITY_OPTION
@_JSON
def params_command(name: str | None, on: str | None, locality_code: str, as_json: bool) -> None:
    """参数及依据 / Parameters in force on a day, with their sources.

    With --name, that parameter's every value over time.
    """
    from laoganbu.dates import today_date
    from laoganbu.params import as_day

    params = locality(locality_code).parameters
    day = today_date() if on is None else as_day(on)
    if name is None:
        rows = [(p, v) for p, v in params.in_force(day)]
    else:
        definition = params.definition(name)
        rows = [(definition, v) for v in params.history(name)]
    if as_json:
        click.echo(
            json.dumps(
                [
                    {
                        "name": p.name,
                        "label": p.label,
                        "unit": p.unit,
                        "value": v.value,
                        "from": v.valid_from.isoformat(),
                        "to": None if v.valid_to is None else v.valid_to.isoformat(),
                        "status": v.status,
                        "layer": v.layer,
                        "source": str(v.citation),
                        "url": v.citation.url,
                        "note": v.note,
                    }
                    for p, v in rows
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    from rich.table import Table

    title = f"参数 Parameters in force on {day.isoformat()}" if name is None else name
    table = Table(title=title, show_lines=False)
    for column in ("名称 Name", "值 Value", "有效期 In force", "状态 Status", "依据 Source"):
        table.add_column(column, overflow="fold")
    for p, v in rows:
        value = (
            v.value
            if isinstance(v.value, int | float | str)
            else json.dumps(v.value, ensure_ascii=False)
        )
        table.add_row(
            f"{p.name}\n{p.label}",
            f"{value} {p.unit or ''}",
            v.period_label,
            v.status,
            str(v.citation),
        )
    console().print(table)
