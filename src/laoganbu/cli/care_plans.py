"""The ``care-plans`` command: who needs a 一人一策 plan and has none."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from laoganbu.cli import main
from laoganbu.cli._common import LOCALITY_OPTION, ROSTER_OPTION, console, json_text, locality

if TYPE_CHECKING:
    from laoganbu.models.roster import Roster
    from laoganbu.rules.care_plans import CarePlanGaps


@main.command("care-plans")
@ROSTER_OPTION
@click.option(
    "--as-of", "as_of", metavar="DATE", help="核查日期 / The day of the check (default: today)."
)
@LOCALITY_OPTION
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the result as JSON.")
def care_plans_command(
    roster_path: Path, as_of: str | None, locality_code: str, as_json: bool
) -> None:
    """一人一策 / Care plans: who needs a plan of their own and has none.

    A living cadre in the area's care needs a plan in force when of a kind in the locality's
    care_plans.kinds (离休 by default) or in 双高期 and of a kind in
    care_plans.double_high_kinds (离休 and 退休 by default): local settings, not national
    rules. Lists those without one, and the plans in force with no responsible staff member
    or no measure. Exit 0 when there is no gap, 1 when there is, 2 for unusable input.
    """
    from laoganbu.io.reader import read_roster
    from laoganbu.rules.care_plans import care_plan_gaps

    place = locality(locality_code)
    # Deaths may be recorded as life events, and moves away end the area's care.
    result = read_roster(roster_path, locality=place, ledgers=("life_events", "transfers"))
    if result.rejected:
        click.echo(
            f"warning / 提示: {len(result.rejected)} roster rows rejected; run `laoganbu"
            f" validate --roster {roster_path}` to see them",
            err=True,
        )
    gaps = care_plan_gaps(result.roster, on=as_of, locality=place)
    if as_json:
        click.echo(json_text(gaps.to_dict()))
    else:
        _print(gaps, result.roster)
    raise SystemExit(0 if gaps.ok else 1)


def _print(gaps: CarePlanGaps, roster: Roster) -> None:
    from rich.table import Table

    from laoganbu.models.enums import CadreKind
    from laoganbu.models.records import as_records

    out = console()
    c = gaps.counts()
    coverage = "—" if gaps.coverage is None else f"{gaps.coverage:.1%}"
    out.print(
        f"一人一策 / Care plans，{gaps.on.isoformat()}：须制定 {c['required']} 人（按人员类别"
        f" {c['by_kind']}、双高期 {c['double_high']}），已有在执行方案 {c['covered']} 人，"
        f"应制定未制定 {c['missing']} 人，制定率 {coverage}；在执行方案 {c['plans_in_force']} 份，"
        f"未明确责任人 {c['unstaffed']} 份，无服务措施 {c['empty']} 份"
    )
    if c["unknown_health"]:
        out.print(f"年龄已达双高期而健康状况未填写 {c['unknown_health']} 人，未判断")
    missing = gaps.missing
    if missing:
        names = {
            cid: cadre.name
            for cid, cadre in as_records(roster.cadres).pick({n.cadre_id for n in missing}).items()
        }
        table = Table(
            "干部编号", "姓名", "人员类别", "须制定原因", "最近方案", title="应制定未制定"
        )
        for need in missing:
            table.add_row(
                need.cadre_id,
                names.get(need.cadre_id, ""),
                CadreKind.parse(need.kind).label,
                need.reason,
                need.last_plan_id or "无",
            )
        out.print(table)
    for title, ids in (
        ("未明确责任人的方案", gaps.unstaffed),
        ("无服务措施的方案", gaps.empty),
        ("干部已去世或迁出而未终止的方案", gaps.stale),
        ("一人有多份在执行方案的干部", gaps.several),
    ):
        if ids:
            out.print(f"{title}：{'、'.join(ids)}")
