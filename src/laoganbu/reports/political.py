"""The report's section on political treatment (政治待遇), from the ledger of services
(:func:`laoganbu.political_coverage`).

Counts only — events held and attendances by kind, the share of those eligible who took
part, by kind and by rank — and how many took part in nothing; never a named person.
"""

from __future__ import annotations

from laoganbu.models.enums import CadreKind, ServiceKind
from laoganbu.reports.model import Rate, Section, Table
from laoganbu.reports.sections import ReportContext

__all__ = ["political_section"]

#: How the text says each kind was held: the verb, and the measure word of its events.
_HELD: dict[ServiceKind, tuple[str, str]] = {
    ServiceKind.DOCUMENT_READING: ("组织阅文", "次"),
    ServiceKind.BRIEFING: ("召开情况通报会", "场"),
    ServiceKind.STUDY_VISIT: ("组织参观考察", "次"),
    ServiceKind.IMPORTANT_EVENT: ("组织参加重要会议和活动", "场"),
}


def _rate(value: float | None) -> Rate | None:
    return None if value is None else Rate(value)


def political_section(context: ReportContext) -> Section:
    """Political treatment over the period up to the report's day."""
    from laoganbu.political import political_coverage

    title = "政治待遇"
    if context.records is None:
        return Section(title, ("未提供服务台账，政治待遇落实情况从略。",))
    found = political_coverage(
        context.roster,
        context.period,
        records=context.records,
        locality=context.locality,
        as_of=context.as_of,
    )
    if not any(found.attendances.values()):
        nothing = "期内服务台账无阅文、情况通报会、参观考察或参加重要会议和活动记录。"
        return Section(title, (nothing,))
    everyone = found.overall()
    held = [
        f"{_HELD[k][0]}{found.events[k]}{_HELD[k][1]}、{found.attendances[k]}人次"
        for k in found.kinds
        if found.attendances[k]
    ]
    text = "期内" + "，".join(held)
    lixiu = next((g for g in found.by_cadre_kind() if g.key == CadreKind.LIXIU.value), None)
    if lixiu is not None:
        if lixiu.untouched:
            text += f"；{lixiu.cadres}名离休干部中{lixiu.reached}人参加政治待遇活动"
        else:
            text += f"；{lixiu.cadres}名离休干部全部参加政治待遇活动"
    text += (
        f"；应享受政治待遇的{everyone.cadres}人中{everyone.reached}人至少参加一项，"
        f"未参加任何活动的{everyone.untouched}人。"
    )
    kinds = Table(
        key="political_kinds",
        title="政治待遇落实（按类型）",
        headers=("类型", "场次", "人次", "应参加人数", "参加人数", "覆盖率"),
        rows=tuple(
            (
                k.label,
                found.events[k],
                found.attendances[k],
                everyone.kind(k).eligible,
                everyone.kind(k).reached,
                _rate(everyone.kind(k).share),
            )
            for k in found.kinds
        ),
    )
    groups = Table(
        key="political_groups",
        title="政治待遇覆盖（按人员类别和级别）",
        headers=("分组", "应享受人数", "参加人数", "未参加任何活动", "覆盖率"),
        rows=tuple(
            (g.label, g.cadres, g.reached, g.untouched, _rate(g.share))
            for g in (*found.by_cadre_kind(), *found.by_rank(), everyone)
        ),
    )
    return Section(title, (text,), (kinds, groups))
