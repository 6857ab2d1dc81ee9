"""Progress of clearance plans (清兑), proved by the payments ledger.

A plan (:class:`~laoganbu.ClearancePlan`) clears one cadre's arrears of one kind for a run of
months. On the day of the check its progress is what the ledger shows paid of that kind, for
those months, from the day the plan was drawn up to the day of the check — a payment for
several months counting an equal share for each, as the arrears count it. A plan is:

- ``cleared``: its amount paid (a plan without an amount: every month paid something);
- ``in_progress``: part paid, the deadline not passed;
- ``not_started``: nothing paid, the deadline not passed;
- ``overdue``: not cleared, the deadline passed.

Arrears no plan covers (:meth:`Clearance.uncovered`) are what a bureau still has to plan for.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.models.enums import PaymentKind
from laoganbu.money.arrears import MECHANISMS, Arrears, _paid_frame
from laoganbu.money.fen import SMALL_GROUP, masked_yuan, yuan_of
from laoganbu.params import as_day
from laoganbu.rules.explain import Explanation, Step

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.dates import PartialDate
    from laoganbu.models.clearance import ClearancePlan
    from laoganbu.models.payment import Payment
    from laoganbu.models.roster import Roster

__all__ = ["CLEARANCE_COLUMNS", "CLEARANCE_STATES", "Clearance", "clearance"]

#: Where a plan stands on the day of the check, with its Chinese label.
CLEARANCE_STATES: dict[str, str] = {
    "cleared": "已清兑",
    "in_progress": "清兑中",
    "not_started": "未开始",
    "overdue": "逾期未清兑",
}

#: The columns of :attr:`Clearance.frame`, with their Chinese labels.
CLEARANCE_COLUMNS: dict[str, str] = {
    "id": "编号",
    "cadre_id": "干部编号",
    "kind": "发放类型",
    "first": "欠发期间起",
    "last": "欠发期间止",
    "amount_fen": "应清兑（分）",
    "paid_fen": "已清兑（分）",
    "deadline": "清兑期限",
    "state": "清兑状态",
    "mechanism": "责任机制",
}


@attrs.frozen
class Clearance:
    """Every plan's progress on ``as_of``: one row a plan (``CLEARANCE_COLUMNS``); months as
    month indexes, amounts in fen (``amount_fen`` null when the plan gives none)."""

    as_of: _dt.date
    frame: pl.DataFrame

    def __len__(self) -> int:
        return self.frame.height

    def counts(self) -> dict[str, int]:
        """Plans in each state."""
        found = dict(self.frame.group_by("state").len().iter_rows())
        return {state: int(found.get(state, 0)) for state in CLEARANCE_STATES}

    def overdue(self) -> pl.DataFrame:
        """The plans whose deadline passed before they were cleared."""
        import polars as pl

        return self.frame.filter(pl.col("state") == "overdue")

    def uncovered(self, arrears: Arrears) -> pl.DataFrame:
        """The rows of ``arrears`` (cadre, kind, month) that no plan covers."""
        import polars as pl

        spans = self.frame.select("cadre_id", "kind", "first", "last")
        covered = (
            arrears.frame.select("cadre_id", "kind", "month")
            .join(spans, on=["cadre_id", "kind"], how="inner")
            .filter(pl.col("month").is_between("first", "last"))
            .select("cadre_id", "kind", "month")
            .unique()
        )
        return arrears.frame.join(covered, on=["cadre_id", "kind", "month"], how="anti")

    def rows(self, *, reveal_pii: bool = False) -> list[dict[str, Any]]:
        """One dict a plan; the amounts a named person is owed and was paid are masked
        (``***``) unless ``reveal_pii``."""
        from laoganbu.dates import PartialDate

        return [
            {
                "id": pid,
                "cadre_id": cadre_id,
                "kind": kind,
                "kind_label": PaymentKind.parse(kind).label,
                "months_from": PartialDate.from_month_index(first).isoformat(),
                "months_to": PartialDate.from_month_index(last).isoformat(),
                "amount": masked_yuan(amount, reveal_pii),
                "paid": masked_yuan(paid, reveal_pii),
                "deadline": deadline.isoformat(),
                "state": state,
                "state_label": CLEARANCE_STATES[state],
                "mechanism": mechanism,
            }
            for pid, cadre_id, kind, first, last, amount, paid, deadline, state, mechanism in (
                self.frame.select(list(CLEARANCE_COLUMNS)).iter_rows()
            )
        ]

    def paid_total(self, *, reveal_pii: bool = False) -> Decimal | None:
        """What the plans' payments came to: ``None`` for fewer than ``SMALL_GROUP`` (5)
        cadres unless ``reveal_pii`` (near enough one person's money)."""
        if self.frame["cadre_id"].n_unique() < SMALL_GROUP and not reveal_pii:
            return None
        return yuan_of(int(self.frame["paid_fen"].sum()))

    def explain(self) -> Explanation:
        counts = self.counts()
        parts = "、".join(f"{CLEARANCE_STATES[s]} {n}" for s, n in counts.items())
        return Explanation(
            "清兑进度 Clearance of arrears",
            (
                Step(
                    f"清兑计划 {len(self)} 项（截至 {self.as_of.isoformat()}）：{parts}"
                    f" / {len(self)} plans on {self.as_of.isoformat()}"
                ),
                Step(
                    "计划制定之日起至核查日，该干部该类型所属欠发期间的发放计入进度（跨月发放按月均摊）"
                    " / payments of the kind for the months in arrears, from the day the plan"
                    " was drawn up to the day of the check, each month an equal share"
                ),
                Step(
                    "有应清兑金额的，付足为已清兑；无金额的，每个欠发月份均有发放为已清兑"
                    " / cleared when the amount is paid, or, with no amount, every month paid"
                ),
            ),
        )

    def to_dict(self, *, reveal_pii: bool = False) -> dict[str, Any]:
        paid = self.paid_total(reveal_pii=reveal_pii)
        return {
            "as_of": self.as_of.isoformat(),
            "plans": len(self),
            "counts": self.counts(),
            "paid": None if paid is None else str(paid),
            "rows": self.rows(reveal_pii=reveal_pii),
            "explain": self.explain().to_list(),
        }


def _plans_frame(plans: Iterable[ClearancePlan]) -> pl.DataFrame:
    import polars as pl

    rows = [
        (
            p.id,
            p.cadre_id,
            p.kind.value,
            p.months_from.month_index,
            p.last_month.month_index,
            None if p.amount is None else int(p.amount * 100),
            p.drawn_up_on.first_day,
            p.deadline.last_day,
            None if p.source is None else p.source.value,
        )
        for p in plans
    ]
    return pl.DataFrame(
        rows,
        schema={
            "id": pl.String,
            "cadre_id": pl.String,
            "kind": pl.String,
            "first": pl.Int64,
            "last": pl.Int64,
            "amount_fen": pl.Int64,
            "drawn_up_on": pl.Date,
            "deadline": pl.Date,
            "source": pl.String,
        },
        orient="row",
    )


def clearance(
    roster: Roster,
    *,
    payments: Iterable[Payment] | pl.DataFrame,
    as_of: _dt.date | PartialDate | str,
    plans: Iterable[ClearancePlan] | None = None,
) -> Clearance:
    """The progress of the clearance plans on ``as_of``, from the payments ledger.

    Args:
        roster: the roster whose plans these are (``roster.clearance_plans`` by default).
        payments: the payments ledger: records, or the frame :func:`laoganbu.read_frame` reads.
        as_of: the day of the check; payments made later, and plans drawn up later, are not
            counted.
        plans: these plans instead of the roster's.
    """
    import polars as pl

    day = as_day(as_of)
    # A plan drawn up after the day of the check did not exist on it.
    table = _plans_frame(roster.clearance_plans if plans is None else plans).filter(
        pl.col("drawn_up_on") <= day
    )
    kinds = set(table["kind"].unique().to_list())
    paid = _paid_frame(payments, kinds).filter(pl.col("paid_on") <= day)
    # Each plan's share of the payments: its cadre and kind, its months, from its day.
    payments_made = paid.select("cadre_id", "kind", "month", "share", "paid_on")
    counted = pl.col("month").is_between("first", "last") & (
        pl.col("paid_on") >= pl.col("drawn_up_on")
    )
    progress = (
        table.select("id", "cadre_id", "kind", "first", "last", "drawn_up_on")
        .join(payments_made, on=["cadre_id", "kind"])
        .filter(counted)
        .group_by("id")
        .agg(
            pl.col("share").sum().alias("paid_fen"),
            pl.col("month").n_unique().alias("months_paid"),
        )
    )
    mechanism = pl.col("source").replace_strict(
        {s.value: m for s, m in MECHANISMS.items() if s is not None},
        default=MECHANISMS[None],
        return_dtype=pl.String,
    )
    # 生活补贴 is paid for its year, in December: a plan for it needs each December it spans.
    decembers = (pl.col("last") - 11) // 12 - (pl.col("first") - 12) // 12
    months = (
        pl.when(pl.col("kind") == PaymentKind.LIVING_ALLOWANCE.value)
        .then(decembers)
        .otherwise(pl.col("last") - pl.col("first") + 1)
    )
    cleared = (
        pl.when(pl.col("amount_fen").is_not_null())
        .then(pl.col("paid_fen") >= pl.col("amount_fen"))
        .otherwise((pl.col("months_paid") == months) & (months > 0))
    )
    state = (
        pl.when(cleared)
        .then(pl.lit("cleared"))
        .when(pl.col("deadline") < day)
        .then(pl.lit("overdue"))
        .when(pl.col("paid_fen") > 0)
        .then(pl.lit("in_progress"))
        .otherwise(pl.lit("not_started"))
    )
    frame = (
        table.join(progress, on="id", how="left")
        .with_columns(pl.col("paid_fen").fill_null(0), pl.col("months_paid").fill_null(0))
        .with_columns(state.alias("state"), mechanism.alias("mechanism"))
        .select(list(CLEARANCE_COLUMNS))
        .sort("deadline", "id")
    )
    return Clearance(as_of=day, frame=frame)
