"""The report's section on what cadres asked for and how it was dealt with (诉求办理), from
the requests ledger (:class:`~laoganbu.models.request.ServiceRequest`) judged by
:func:`laoganbu.review_requests` on the report's day.

Counts only: what a named cadre asked for is personal and stays in the ledger.
"""

from __future__ import annotations

from laoganbu.models.enums import RequestCategory
from laoganbu.reports.model import Rate, Section, Table
from laoganbu.reports.sections import ReportContext

__all__ = ["requests_section"]

TITLE = "诉求办理"

#: Categories in the order the vocabulary lists them.
_ORDER = {c.value: i for i, c in enumerate(RequestCategory)}


def _rate(value: float | None) -> Rate | None:
    return None if value is None else Rate(value)


def requests_section(context: ReportContext) -> Section:
    """Requests received in the period up to the report's day: closed, on time, overdue,
    repeated, and the cadres' satisfaction; by category."""
    from laoganbu.followup import review_requests

    if not context.roster.requests:
        return Section(TITLE, ("未提供诉求台账，诉求办理情况从略。",))
    review = review_requests(
        context.roster, context.period, as_of=context.as_of, locality=context.locality
    )
    counts = review.counts()
    if not counts["received"]:
        return Section(TITLE, ("期内未受理诉求。",))
    rates = review.rates()
    text = f"期内受理老干部诉求{counts['received']}件，已办结{counts['closed']}件"
    if rates["on_time_rate"] is not None:
        text += f"，按时办结率{rates['on_time_rate']:.1%}"
    text += f"；超时未办结{counts['overdue']}件，办理中{counts['open']}件"
    if counts["repeats"]:
        text += f"，同一事项重复提出{counts['repeats']}件"
    if counts["late_response"]:
        text += f"，未按时交办{counts['late_response']}件"
    if rates["satisfaction_rate"] is not None:
        text += (
            f"；已办结诉求满意率{rates['satisfaction_rate']:.1%}（满意{counts['satisfied']}件、"
            f"基本满意{counts['fairly']}件、不满意{counts['dissatisfied']}件）"
        )
    rows = tuple(
        (
            RequestCategory.parse(row["category"]).label,
            row["received"],
            row["closed"],
            row["overdue"],
            _rate(row["on_time_rate"]),
            _rate(row["satisfaction_rate"]),
        )
        for row in sorted(
            review.by("category").iter_rows(named=True),
            key=lambda row: _ORDER[row["category"]],
        )
    )
    table = Table(
        key="requests",
        title="诉求办理（按类别）",
        headers=("诉求类别", "受理", "办结", "超时未办结", "按时办结率", "满意率"),
        rows=rows,
        note="按时办结率：按时办结的占已办结和超过时限未办结的；满意率：满意和基本满意的占作出评价的。",
    )
    return Section(TITLE, (text + "。",), (table,))
