"""三帮扶 — 帮建阵地、帮搞活动、帮配设施: Wenxi's support to "基础较好、条件成熟" grids and
branches (over a million yuan of air conditioners, meeting and game tables, as the county
bureau's work report 《闻喜县：建体系夯基础 强能力 用心用情用力做好老干部工作》 says), kept as
the roster's ``supports`` table (帮扶记录).

- :func:`support_summary`: what went where, and what it cost, for the county's own tables;
- :func:`support_has_amount`: a check that every 帮建阵地 and 帮配设施 record says what it cost,
  so the county can account for the investment.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from laoganbu import Period, Problem, Roster, SupportKind

__all__ = ["support_has_amount", "support_summary"]

#: Kinds whose records should carry an amount.
_COSTED = (SupportKind.VENUE, SupportKind.EQUIPMENT)


def support_summary(
    roster: Roster, period: Period | str | None = None
) -> list[tuple[str, int, Decimal]]:
    """Per kind of support (Chinese label): records and total amount, in the period if given;
    a 合计 row last."""
    window = None if period is None else Period.parse(period)
    count: dict[SupportKind, int] = defaultdict(int)
    total: dict[SupportKind, Decimal] = defaultdict(Decimal)
    for record in roster.supports:
        if window is not None and not window.overlaps_month(record.date):
            continue
        count[record.kind] += 1
        total[record.kind] += record.amount or Decimal(0)
    rows = [(kind.label, count[kind], total[kind]) for kind in SupportKind if count[kind]]
    rows.append(("合计", sum(count.values()), sum(total.values(), Decimal(0))))
    return rows


def support_has_amount(roster: Roster) -> Iterator[Problem]:
    """Warn about 帮建阵地 and 帮配设施 records without an amount."""
    for record in roster.supports:
        if record.kind in _COSTED and record.amount is None:
            yield Problem(
                message="no amount for this support / 帮建阵地、帮配设施须注明投入金额",
                table="supports",
                record_id=record.id,
                field="amount",
                severity="warning",
            )
