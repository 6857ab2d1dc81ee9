"""The report's section on 一人一策: how many cadres need a plan of their own on the report's
day, how many have one in force, and how many do not (:func:`laoganbu.care_plan_gaps`, by the
locality's settings).

Counts only: which cadre is in 双高期 is health information, and stays out of the report.
"""

from __future__ import annotations

from laoganbu.models.enums import CadreKind
from laoganbu.reports.model import Rate, Section, Table
from laoganbu.reports.sections import ReportContext

__all__ = ["care_plans_section"]

TITLE = "一人一策"


def care_plans_section(context: ReportContext) -> Section:
    """Cadres who need a 一人一策 plan (by kind, in 双高期), those with one in force, those
    without; the plans naming no responsible staff member or no measure."""
    from laoganbu.rules.care_plans import care_plan_gaps

    gaps = care_plan_gaps(context.roster, on=context.as_of, locality=context.locality)
    c = gaps.counts()
    kinds = "、".join(CadreKind.parse(k).label for k in dict(gaps.used)["care_plans.kinds"].value)
    if not c["required"] and not c["plans_in_force"]:
        return Section(TITLE, ("按本地规定，目前无须制定一人一策的离退休干部，亦无在执行方案。",))
    parts = []
    if kinds:
        parts.append(f"{kinds}干部{c['by_kind']}人")
    parts.append(f"双高期{c['double_high']}人")
    text = f"按本地规定须制定一人一策的{c['required']}人（{'、'.join(parts)}"
    if c["both"]:
        text += f"，两者兼有{c['both']}人"
    text += f"），已有在执行方案{c['covered']}人，应制定未制定{c['missing']}人"
    if gaps.coverage is not None:
        text += f"，制定率{gaps.coverage:.1%}"
    text += "。"
    quality = (
        f"在执行方案{c['plans_in_force']}份，未明确责任人{c['unstaffed']}份、"
        f"无服务措施{c['empty']}份"
    )
    if c["several"]:
        quality += f"；一人有多份在执行方案{c['several']}人"
    if c["stale"]:
        quality += f"；干部已去世或迁出而方案未终止{c['stale']}份"
    quality += "。"
    paragraphs = [text, quality]
    if c["unknown_health"]:
        paragraphs.append(
            f"另有{c['unknown_health']}人年龄已达双高期而健康状况未填写，无法判断是否须制定。"
        )

    def row(label: str, needs: list[bool]) -> tuple[object, ...]:
        chosen = [n for n, keep in zip(gaps.needs, needs, strict=True) if keep]
        covered = sum(1 for n in chosen if n.covered)
        share = Rate(covered / len(chosen)) if chosen else None
        return (label, len(chosen), covered, len(chosen) - covered, share)

    rows = []
    if kinds:
        rows.append(row(f"{kinds}干部", [n.by_kind for n in gaps.needs]))
    rows.append(row("双高期", [n.double_high for n in gaps.needs]))
    rows.append(row("合计", [True for _ in gaps.needs]))
    table = Table(
        key="care_plans",
        title="一人一策制定情况",
        headers=("对象", "须制定", "已有在执行方案", "应制定未制定", "制定率"),
        rows=tuple(rows),
        note="须制定：在世且在管、属本地规定人员类别或处于双高期的干部；两者兼有的各计一次，合计不重复计。",
    )
    return Section(TITLE, tuple(paragraphs), (table,))
