"""Budgets planned against money spent (预算执行): 慰问金 and aid by programme, unit and grid.

Each budget (:class:`~laoganbu.Budget`) of a year is set against the payments of its kind (and
发放项目, when it names one) paid in that year up to the day of the review: a programme's budget
against the payments that name the programme, a unit's against those to the cadres whose 原单位
it is, a grid's against those to the cadres in it (their grid as the roster holds it), the
area's against all; a grid's or a unit's budget counts the grids or units beneath it too (a
township's grid its communities'). What a handful of people received is near enough one person's
money: the amount spent is masked where it reached fewer than ``SMALL_GROUP`` (5) people, unless
revealed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.dates import PartialDate, first_day_column, today_date
from laoganbu.models.enums import PaymentKind
from laoganbu.models.records import as_records
from laoganbu.money.fen import SMALL_GROUP, yuan_of
from laoganbu.params import as_day
from laoganbu.rules.explain import Explanation, Step

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.models.budget import Budget
    from laoganbu.models.grid import Grid
    from laoganbu.models.payment import Payment
    from laoganbu.models.roster import Roster
    from laoganbu.models.unit import Unit

__all__ = ["BUDGET_COLUMNS", "BudgetReview", "budget_review"]

#: The columns of :attr:`BudgetReview.frame`, with their Chinese labels.
BUDGET_COLUMNS: dict[str, str] = {
    "id": "编号",
    "kind": "发放类型",
    "item": "发放项目",
    "scope": "预算范围",
    "scope_id": "范围编号",
    "scope_name": "范围名称",
    "planned_fen": "预算（分）",
    "spent_fen": "已支出（分）",
    "people": "惠及人数",
}

_SCOPES = {"area": "全域", "program": "服务项目", "unit": "单位", "grid": "网格"}


@attrs.frozen
class BudgetReview:
    """The budgets of ``year`` with what was spent on ``as_of`` (``BUDGET_COLUMNS``)."""

    year: int
    as_of: _dt.date
    frame: pl.DataFrame

    def __len__(self) -> int:
        return self.frame.height

    def overspent(self) -> pl.DataFrame:
        """The budgets spent beyond their amount."""
        import polars as pl

        return self.frame.filter(pl.col("spent_fen") > pl.col("planned_fen"))

    def rows(self, *, reveal_pii: bool = False) -> list[dict[str, Any]]:
        """One dict a budget: amounts as exact yuan text, the share spent; the amount spent
        masked (``***``) where it reached fewer than five people, unless ``reveal_pii``."""
        out = []
        for row in self.frame.iter_rows(named=True):
            hidden = 0 < row["people"] < SMALL_GROUP and not reveal_pii
            spent = row["spent_fen"]
            out.append(
                {
                    "id": row["id"],
                    "kind": row["kind"],
                    "kind_label": PaymentKind.parse(row["kind"]).label,
                    "item": row["item"],
                    "scope": row["scope"],
                    "scope_label": _SCOPES[row["scope"]],
                    "scope_id": row["scope_id"],
                    "scope_name": row["scope_name"],
                    "planned": str(yuan_of(row["planned_fen"])),
                    "spent": "***" if hidden else str(yuan_of(spent)),
                    "share": None if hidden else spent / row["planned_fen"],
                    "people": row["people"],
                }
            )
        return out

    def totals(self, *, reveal_pii: bool = False) -> dict[str, tuple[Decimal, Decimal | None]]:
        """By kind, over the area's budgets only (others overlap them): (planned, spent); spent
        is ``None`` where it reached fewer than five people, unless ``reveal_pii``."""
        import polars as pl

        area = self.frame.filter(pl.col("scope") == "area")
        table = area.group_by("kind").agg(
            pl.col("planned_fen").sum(), pl.col("spent_fen").sum(), pl.col("people").max()
        )
        return {
            kind: (
                yuan_of(planned),
                None if 0 < people < SMALL_GROUP and not reveal_pii else yuan_of(spent),
            )
            for kind, planned, spent, people in table.sort("kind").iter_rows()
        }

    def explain(self) -> Explanation:
        return Explanation(
            "预算执行 Budgets against spending",
            (
                Step(
                    f"{self.year}年预算 {len(self)} 项，支出计至 {self.as_of.isoformat()}"
                    f" / {len(self)} budgets of {self.year}, spending up to"
                    f" {self.as_of.isoformat()}"
                ),
                Step(
                    "按发放类型（及发放项目）归集当年发放：服务项目预算计入注明该项目的发放，单位预算计入"
                    "原单位为该单位的干部，网格预算计入该网格的干部，全域预算计入全部"
                    " / payments of the kind paid in the year: a programme's that name it, a"
                    " unit's to its former cadres, a grid's to its cadres, the area's all"
                ),
                Step(
                    f"惠及不足 {SMALL_GROUP} 人的支出金额不显示（个人信息）"
                    f" / amounts reaching fewer than {SMALL_GROUP} people are masked"
                ),
            ),
        )

    def to_dict(self, *, reveal_pii: bool = False) -> dict[str, Any]:
        return {
            "year": self.year,
            "as_of": self.as_of.isoformat(),
            "budgets": self.rows(reveal_pii=reveal_pii),
            "overspent": self.overspent()["id"].to_list(),
            "explain": self.explain().to_list(),
        }


def _payments(payments: Iterable[Payment] | pl.DataFrame) -> pl.DataFrame:
    """The columns the review reads: cadre, kind, item, programme, fen, day paid."""
    import polars as pl

    if isinstance(payments, pl.DataFrame):
        present = payments.columns
        return payments.select(
            "cadre_id",
            "kind",
            pl.col("item") if "item" in present else pl.lit(None, pl.String).alias("item"),
            pl.col("program_id")
            if "program_id" in present
            else pl.lit(None, pl.String).alias("program_id"),
            (pl.col("amount").cast(pl.Decimal(38, 2)) * 100).cast(pl.Int64).alias("fen"),
            first_day_column(pl.col("paid_on").cast(pl.String)).alias("paid_on"),
        )
    rows = [
        (p.cadre_id, p.kind.value, p.item, p.program_id, int(p.amount * 100), p.paid_on.first_day)
        for p in payments
    ]
    return pl.DataFrame(
        rows,
        schema={
            "cadre_id": pl.String,
            "kind": pl.String,
            "item": pl.String,
            "program_id": pl.String,
            "fen": pl.Int64,
            "paid_on": pl.Date,
        },
        orient="row",
    )


def _beneath(records: Iterable[Grid | Unit], top: str) -> set[str]:
    """``top`` and every grid (or unit) under it, by their parents."""
    children: dict[str, list[str]] = {}
    for record in records:
        if record.parent_id is not None:
            children.setdefault(record.parent_id, []).append(record.id)
    found, todo = {top}, [top]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:  # a cycle is the roster check's to report
                found.add(child)
                todo.append(child)
    return found


def budget_review(
    roster: Roster,
    year: int,
    *,
    payments: Iterable[Payment] | pl.DataFrame | None = None,
    budgets: Iterable[Budget] | None = None,
    as_of: _dt.date | PartialDate | str | None = None,
) -> BudgetReview:
    """The budgets of ``year`` against the payments of that year up to ``as_of``.

    Args:
        roster: the cadres (their 原单位 and grid), units, grids and, by default, budgets and
            payments.
        year: the budget year.
        payments: the payments ledger: records, or the frame :func:`laoganbu.read_frame`
            reads; ``roster.payments`` by default.
        budgets: these budgets instead of the roster's (those of ``year`` are reviewed).
        as_of: the day of the review: the earlier of today and the year's end by default.
    """
    import polars as pl

    end = _dt.date(year, 12, 31)
    day = min(today_date(), end) if as_of is None else min(as_day(as_of), end)
    chosen = [b for b in (roster.budgets if budgets is None else budgets) if b.year == year]
    paid = _payments(roster.payments if payments is None else payments).filter(
        pl.col("paid_on").is_between(_dt.date(year, 1, 1), day)
    )
    cadres = as_records(roster.cadres)
    where = pl.DataFrame(
        {
            "cadre_id": cadres.column("id"),
            "unit_id": cadres.column("former_unit_id"),
            "grid_id": cadres.column("grid_id"),
        },
        schema={"cadre_id": pl.String, "unit_id": pl.String, "grid_id": pl.String},
    )
    paid = paid.join(where, on="cadre_id", how="left")
    names = {u.id: u.name for u in roster.units} | {g.id: g.name for g in roster.grids}
    rows = []
    for budget in chosen:
        scope, scope_id = budget.scope
        spent = paid.filter(pl.col("kind") == budget.kind.value)
        if budget.item is not None:
            spent = spent.filter(pl.col("item") == budget.item)
        if scope == "program":
            spent = spent.filter(pl.col("program_id") == scope_id)
        elif scope_id is not None:
            # A township's grid or a parent unit counts the grids or units beneath it too.
            below = _beneath(roster.grids if scope == "grid" else roster.units, scope_id)
            spent = spent.filter(pl.col(f"{scope}_id").is_in(sorted(below)))
        rows.append(
            (
                budget.id,
                budget.kind.value,
                budget.item,
                scope,
                scope_id,
                names.get(scope_id, scope_id) if scope_id is not None else "全域",
                int(budget.amount * 100),
                int(spent["fen"].sum()),
                spent["cadre_id"].n_unique(),
            )
        )
    frame = pl.DataFrame(
        rows,
        schema={
            "id": pl.String,
            "kind": pl.String,
            "item": pl.String,
            "scope": pl.String,
            "scope_id": pl.String,
            "scope_name": pl.String,
            "planned_fen": pl.Int64,
            "spent_fen": pl.Int64,
            "people": pl.Int64,
        },
        orient="row",
    )
    return BudgetReview(year=year, as_of=day, frame=frame)
