"""离休 eligibility, revolutionary period and allowances for every row: the batch form of
:func:`laoganbu.lixiu_status`.

Days are compared as integers ``yyyymmdd``, which every engine compares alike. A
month-precision joining date stands for every day from its first to its last.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import narwhals.stable.v2 as nw

from laoganbu.batch._columns import BatchFrame, Columns, Dates, Plan, add_columns
from laoganbu.batch._days import RowDay, by_day
from laoganbu.dates import PartialDate
from laoganbu.params import Parameters, resolve_parameters
from laoganbu.rules.lixiu import _FEE_PARAMETERS, _optional, _periods

if TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = ["LIXIU_COLUMNS", "lixiu_status"]

#: The columns :func:`lixiu_status` adds, with their Chinese labels.
LIXIU_COLUMNS: dict[str, str] = {
    "lixiu_eligible": "符合离休条件",
    "lixiu_ambiguous": "革命时期待定（需具体日期）",
    "lixiu_period": "革命时期",
    "lixiu_period_label": "革命时期名称",
    "lixiu_allowance_months": "生活补贴（每年增发月数）",
    "lixiu_nursing_fee": "护理费（元/月）",
    "lixiu_nursing_fee_fully_dependent": "完全不能自理护理费（元/月）",
}


_TYPES = {
    "lixiu_period": nw.String,
    "lixiu_period_label": nw.String,
    "lixiu_allowance_months": nw.Float64,
    "lixiu_nursing_fee": nw.Int64,
    "lixiu_nursing_fee_fully_dependent": nw.Int64,
}

#: A value a column of this rule holds.
Value = str | int | float | None


def _key(day: _dt.date) -> int:
    return day.year * 10_000 + day.month * 100 + day.day


def _first_match(cases: list[tuple[nw.Expr, Value]], dtype: Any) -> nw.Expr:
    """The value of the first case whose condition holds; null when none does."""
    expr: Any = nw
    for condition, value in cases:
        if value is not None:
            expr = expr.when(condition).then(nw.lit(value, dtype))
    if expr is nw:  # no value at all (nothing in force on the day): a case that never holds
        expr = nw.when(nw.lit(False)).then(nw.lit(0, dtype))
    result: nw.Expr = expr
    return result


def _month_days(year: nw.Expr, month: nw.Expr) -> nw.Expr:
    """The number of days in a month, as :attr:`laoganbu.PartialDate.last_day` counts them."""

    def divides(n: int) -> nw.Expr:
        return year - (year // n) * n == 0  # no ``%``: not every engine's frames have it

    leap = divides(4) & (~divides(100) | divides(400))
    return (
        nw.when(month == 2)
        .then(nw.when(leap).then(29).otherwise(28))
        .when(month.is_in([4, 6, 9, 11]))
        .then(30)
        .otherwise(31)
    )


#: The parameters the rule reads, as :func:`laoganbu.lixiu_status` does.
_PARAMETERS = (
    "lixiu.work_start_cutoff",
    "lixiu.periods",
    "lixiu.living_allowance_months",
    "lixiu.nursing_fee.fully_dependent",
    *_FEE_PARAMETERS.values(),
)


def lixiu_status(
    frame: BatchFrame,
    *,
    on: _dt.date | PartialDate | str | None = None,
    params: Parameters | Locality | None = None,
    work_start: str = "work_start",
    on_column: str | None = None,
) -> BatchFrame:
    """离休 eligibility, period and allowances for every row's 参加革命工作时间.

    The batch form of :func:`laoganbu.lixiu_status`, adding the columns :data:`LIXIU_COLUMNS`.
    The period comes from the ``lixiu.periods`` parameter, one ``when/then`` branch a period;
    the allowance rates are those in force on ``on``. As in the per-record rule, a month that
    straddles a period boundary (1937-07, 1945-09) is *ambiguous* unless the day is known:
    ``lixiu_ambiguous`` is true, and the period and amounts are null.

    Args:
        frame: one row a person.
        on: the day whose allowance rates apply (today in China by default).
        params: parameters to use; the national ones by default.
        work_start: the column of joining dates: text ``YYYY-MM`` / ``YYYY-MM-DD``, or dates.
        on_column: instead of ``on``, the column of each row's day (text or dates), whose
            rates apply to the row.

    Rows without a joining date get nulls; so do rows in no period of ``lixiu.periods``
    (the per-record rule raises).

    Example:
        >>> import polars as pl
        >>> from laoganbu import batch
        >>> cadres = pl.DataFrame({"work_start": ["1944-05"]})
        >>> row = batch.lixiu_status(cadres, on="2026-01-01").row(0, named=True)
        >>> row["lixiu_period"], row["lixiu_allowance_months"], row["lixiu_nursing_fee"]
        ('anti_japanese_late', 2.0, 400)
    """
    store = resolve_parameters(params)

    def build(plan: Plan) -> Columns:
        start = Dates(plan, work_start)
        year = start.month // 12
        month = start.month - year * 12 + 1
        month_key = year * 10_000 + month * 100
        keys = plan.stage(
            {
                "first": month_key + nw.when(start.day > 0).then(start.day).otherwise(1),
                "last": month_key
                + nw.when(start.day > 0).then(start.day).otherwise(_month_days(year, month)),
            }
        )
        first, last = keys["first"], keys["last"]
        row_day = None if on_column is None else RowDay(plan, on_column)

        def on_day(day: _dt.date) -> Columns:
            used: list[Any] = []  # the per-record rule's record of values used; not needed
            cutoff = _key(_dt.date.fromisoformat(str(store.value("lixiu.work_start_cutoff", day))))
            periods = _periods(store.value("lixiu.periods", day))
            allowance = _optional(store, "lixiu.living_allowance_months", day, used)
            full = _optional(store, "lixiu.nursing_fee.fully_dependent", day, used)
            fees = [_optional(store, _FEE_PARAMETERS.get(p.key, ""), day, used) for p in periods]
            eligible = nw.when(first > cutoff).then(False).when(last <= cutoff).then(True)
            overlaps = plan.stage(
                {
                    p.key: (first <= _key(p.last_day))
                    if p.first_day is None
                    else ((last >= _key(p.first_day)) & (first <= _key(p.last_day)))
                    for p in periods
                }
            )
            count = plan.stage(
                {"count": nw.sum_horizontal(*(o.cast(nw.Int64) for o in overlaps.values()))}
            )["count"]
            settled = (first <= cutoff) & (last <= cutoff) & (count == 1)
            # One branch a period; a row the rule cannot settle, or a period without a value in
            # force, falls through every branch to null (a typed null literal is not portable:
            # pandas cannot cast it to a NumPy integer).
            branches: dict[str, list[tuple[nw.Expr, Value]]] = {n: [] for n in LIXIU_COLUMNS}
            for p, overlap, fee in zip(periods, overlaps.values(), fees, strict=True):
                here = settled & overlap
                rate = None if allowance is None else allowance.get(p.key)
                branches["lixiu_period"].append((here, p.key))
                branches["lixiu_period_label"].append((here, p.label))
                branches["lixiu_allowance_months"].append(
                    (here, None if rate is None else float(rate))
                )
                branches["lixiu_nursing_fee"].append((here, fee))
                branches["lixiu_nursing_fee_fully_dependent"].append((here, full))
            columns = {
                "lixiu_eligible": eligible,
                "lixiu_ambiguous": (first <= cutoff) & (count > 1),
                **{
                    name: _first_match(cases, _TYPES[name])
                    for name, cases in branches.items()
                    if cases
                },
            }
            # A date in no period is a parameter error the per-record rule raises; here, nulls.
            return columns, start.present & ((first > cutoff) | (count > 0))

        return by_day(plan, store, _PARAMETERS, on, row_day, on_day)

    return add_columns(frame, build)
