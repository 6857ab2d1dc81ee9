"""The report's section on money paid to cadres and survivors (待遇保障), from the payments
ledger (:class:`~laoganbu.models.payment.Payment`).

Only totals are shown — by kind: payments, people and amount; 慰问金 given and the people it
reached; arrears (拖欠) by kind and responsible mechanism (:func:`laoganbu.money.arrears` on
the report's day) — never what one named person received or is owed.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING

from laoganbu.models.enums import PaymentKind
from laoganbu.money.fen import SMALL_GROUP
from laoganbu.reports.model import Rate, Section, Table
from laoganbu.reports.sections import ReportContext

if TYPE_CHECKING:
    from laoganbu.money.arrears import Arrears

__all__ = ["money_section"]


def yuan_text(amount: Decimal) -> str:
    """An amount as a report's text writes it: ``129,000``, ``56,000.50``."""
    return f"{amount:,.2f}".removesuffix(".00")


def money_section(context: ReportContext) -> Section:
    """Payments made in the period up to the report's day (by 发放日期), by kind."""
    period, day = context.period, context.as_of
    paid = [
        p
        for p in context.roster.payments
        if period.contains(p.paid_on.first_day) and p.paid_on.first_day <= day
    ]
    if not paid:
        return Section("待遇保障", ("未提供待遇发放台账或期内无发放记录，待遇发放情况从略。",))
    count: dict[PaymentKind, int] = defaultdict(int)
    people: dict[PaymentKind, set[str]] = defaultdict(set)
    total: dict[PaymentKind, Decimal] = defaultdict(Decimal)
    for payment in paid:
        count[payment.kind] += 1
        people[payment.kind].add(payment.cadre_id)
        total[payment.kind] += payment.amount
    everyone = {p.cadre_id for p in paid}
    overall = sum(total.values(), Decimal(0))
    # What fewer than five people received is near enough one person's money: not stated, and
    # then not the total either, from which it could be worked out.
    shown = {k: len(people[k]) >= SMALL_GROUP for k in count}
    whole = all(shown.values())
    gifts = PaymentKind.CONDOLENCE_MONEY
    text = f"期内发放各项待遇{len(paid)}笔，惠及{len(everyone)}人"
    if whole:
        text += f"，合计{yuan_text(overall)}元"
    if count[gifts]:
        text += f"；走访慰问{len(people[gifts])}人"
        if shown[gifts]:
            text += f"，发放慰问金{yuan_text(total[gifts])}元"
    two = [k for k in (PaymentKind.LIXIU_PAY, PaymentKind.MEDICAL) if count[k]]
    if two:
        text += "；" + "、".join(
            f"{k.label}{yuan_text(total[k])}元（{len(people[k])}人）"
            if shown[k]
            else f"{k.label}（{len(people[k])}人）"
            for k in two
        )
    table = Table(
        key="payments",
        title="待遇发放（按类型）",
        headers=("发放类型", "笔数", "人数", "金额（元）"),
        rows=(
            *(
                (k.label, count[k], len(people[k]), total[k] if shown[k] else "***")
                for k in PaymentKind
                if count[k]
            ),
            ("合计", len(paid), len(everyone), overall if whole else "***"),
        ),
        note=None if whole else "发放人数不足5人的类型不列金额，合计亦不列（个人信息）。",
    )
    arrears_text, arrears_table = _arrears(context)
    tables = [table] if arrears_table is None else [table, arrears_table]
    paragraphs = [text + "。", arrears_text]
    budget_text, budget_table = _budgets(context)
    if budget_table is not None:
        paragraphs.append(budget_text)
        tables.append(budget_table)
    return Section("待遇保障", tuple(paragraphs), tuple(tables))


def _budgets(context: ReportContext) -> tuple[str, Table | None]:
    """The budgets of the period's years against what was spent by the report's day."""
    from laoganbu.money.budget import budget_review

    years = range(context.period.start.year, context.period.end.year + 1)
    reviews = [budget_review(context.roster, y, as_of=context.as_of) for y in years]
    rows = [(review.year, row) for review in reviews for row in review.rows()]
    if not rows:
        return "", None
    parts = []
    for review in reviews:
        for kind, (planned, spent) in review.totals().items():
            label = PaymentKind.parse(kind).label
            if spent is None:  # reached fewer than five people
                parts.append(f"{review.year}年{label}预算{yuan_text(planned)}元")
                continue
            share = f"（{spent / planned:.1%}）" if planned else ""
            parts.append(
                f"{review.year}年{label}预算{yuan_text(planned)}元，已支出{yuan_text(spent)}元{share}"
            )
    text = "；".join(parts) + "。" if parts else "各项预算执行情况见下表。"
    table = Table(
        key="budgets",
        title="预算执行",
        headers=("年度", "发放类型", "范围", "预算（元）", "已支出（元）", "执行率", "惠及人数"),
        rows=tuple(
            (
                year,
                row["kind_label"] + (f"（{row['item']}）" if row["item"] else ""),
                row["scope_name"] or row["scope_label"],
                Decimal(row["planned"]),
                row["spent"] if row["spent"] == "***" else Decimal(row["spent"]),
                None if row["share"] is None else Rate(row["share"]),
                row["people"],
            )
            for year, row in rows
        ),
        note="支出惠及不足5人的不列金额（个人信息）。",
    )
    return text, table


def _arrears(context: ReportContext) -> tuple[str, Table | None]:
    """Months unpaid or short in the period up to the report's day, by kind and by who
    answers for them (单位尽责, 社会统筹, 财政保障); amounts only for five cadres or more."""
    from laoganbu.money.arrears import arrears

    found = arrears(
        context.roster,
        context.period,
        payments=context.roster.payments,
        as_of=context.as_of,
        locality=context.locality,
    )
    summary = found.summary()
    table = Table(
        key="arrears",
        title="待遇拖欠（按类型和责任机制）",
        headers=("发放类型", "责任机制", "月数", "人数", "欠发金额（元）"),
        rows=tuple(
            (kind, mechanism, months, cadres, "金额未知" if unknown == months else owed or "***")
            for kind, mechanism, months, cadres, owed, unknown in summary
        ),
        note="欠发金额不足5人的不列（个人信息）；未提供基本离休费的，离休费只核查是否发放。",
    )
    day = f"截至{context.as_of.month}月{context.as_of.day}日"
    plans = _clearance_text(context, found)
    if not summary:
        return f"{day}，未发现拖欠离休费、护理费、生活补贴{plans}。", None
    medical = PaymentKind.MEDICAL.label  # owed by claims, not by months
    parts = "、".join(
        f"{kind}{months}{'笔' if kind == medical else '个月'}（{cadres}人，{mechanism}）"
        for kind, mechanism, months, cadres, _owed, _unknown in summary
    )
    return f"{day}，发现拖欠{parts}{plans}。", table


def _clearance_text(context: ReportContext, found: Arrears) -> str:
    """The clearance plans on the report's day, and the arrears no plan covers."""
    from laoganbu.money.clearance import clearance

    plans = clearance(context.roster, payments=context.roster.payments, as_of=context.as_of)
    uncovered = plans.uncovered(found)
    counts = plans.counts()
    text = ""
    if len(plans):
        text += (
            f"；已制定清兑计划{len(plans)}项，已清兑{counts['cleared']}项、"
            f"清兑中{counts['in_progress'] + counts['not_started']}项、"
            f"逾期未清兑{counts['overdue']}项"
        )
    if uncovered.height:
        text += f"；尚无清兑计划的拖欠涉及{uncovered['cadre_id'].n_unique()}人"
    return text
