"""Statutory retirement for every row of a frame: the batch form of
:func:`laoganbu.statutory_retirement`.

Parameters are read once, on ``on``, exactly as the per-record rule reads them; each category's
arithmetic is then one integer expression of the birth month index, and the categories are
joined by a ``when/then`` chain.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

import narwhals.stable.v2 as nw

from laoganbu.batch._columns import BatchFrame, Columns, Dates, Plan, add_columns, iso_month
from laoganbu.batch._columns import spellings as _spellings
from laoganbu.dates import PartialDate, today_date
from laoganbu.errors import ParameterNotInForceError
from laoganbu.params import Parameters, as_day, resolve_parameters
from laoganbu.rules.retirement import RetirementCategory, _whole

if TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = ["RETIREMENT_COLUMNS", "retirement"]

#: The columns :func:`retirement` adds, with their Chinese labels.
RETIREMENT_COLUMNS: dict[str, str] = {
    "retirement_original_age_months": "原法定退休年龄（月）",
    "retirement_delay_months": "延迟月数",
    "retirement_age_months": "法定退休年龄（月）",
    "retirement_month": "法定退休时间",
    "retirement_earliest_age_months": "弹性提前最早退休年龄（月）",
    "retirement_earliest_month": "弹性提前最早退休时间",
    "retirement_latest_age_months": "弹性延迟最晚退休年龄（月）",
    "retirement_latest_month": "弹性延迟最晚退休时间",
}


def _ages(
    cat: RetirementCategory, params: Parameters, day: _dt.date, born: nw.Expr
) -> tuple[nw.Expr, nw.Expr, nw.Expr, nw.Expr, nw.Expr]:
    """Original age, delay, age, earliest and latest age (months) of one category, mirroring
    :func:`laoganbu.statutory_retirement` step by step."""
    key = cat.key
    original = _whole(params.at(f"retirement.{key}.original_age", day).value, "original_age") * 12
    try:
        start_used = params.at(f"retirement.{key}.delay_start", day)
    except ParameterNotInForceError:
        start_used = None
    delay: nw.Expr = nw.lit(0)
    if start_used is not None:
        step = _whole(params.at(f"retirement.{key}.delay_step_months", day).value, "step")
        cap = _whole(params.at(f"retirement.{key}.delay_cap_months", day).value, "cap")
        d = born - PartialDate.parse(start_used.value).month_index
        # The ``d < 0`` branch comes first: floor division of a negative number is never used.
        delay = nw.when(d < 0).then(0).when(d // step + 1 > cap).then(cap).otherwise(d // step + 1)
    age = delay + original
    earliest, latest = age, age
    if start_used is not None:
        try:
            early = _whole(params.at("retirement.flexible.early_max_months", day).value, "early")
            late = _whole(params.at("retirement.flexible.late_max_months", day).value, "late")
        except ParameterNotInForceError:
            pass
        else:
            earliest = nw.when(age - early < original).then(original).otherwise(age - early)
            latest = age + late
    return nw.lit(original), delay, age, earliest, latest


def retirement(
    frame: BatchFrame,
    *,
    on: _dt.date | PartialDate | str | None = None,
    params: Parameters | Locality | None = None,
    birth: str = "birth_date",
    category: str = "retirement_category",
) -> BatchFrame:
    """Statutory retirement age and month, and the flexible window, for every row.

    The batch form of :func:`laoganbu.statutory_retirement`: the same parameters, the same
    arithmetic, the same results (explanations aside), as new columns (see
    :data:`RETIREMENT_COLUMNS`) of a frame of any engine narwhals supports — polars, pandas,
    pyarrow, DuckDB, PySpark, Dask … — returned as the same kind of frame (lazy stays lazy).

    Args:
        frame: one row a person.
        on: the day whose rules apply, for every row (today in China by default).
        params: parameters to use (a locality's, say); the national ones by default.
        birth: the column of 出生年月: text ``YYYY-MM`` / ``YYYY-MM-DD``, or dates; the day
            is ignored, as the tables do.
        category: the column of categories: ``male``, ``female-cadre``, ``female-worker``, or
            any spelling :class:`~laoganbu.RetirementCategory` lists (``男``, ``女干部`` …).

    Rows whose birth is missing or whose category is not one of those spellings get nulls.

    Raises:
        ParameterNotInForceError: a category's original retirement age is not in force on
            ``on``.
        InvalidValueError: a column is missing or of the wrong kind.

    Example:
        >>> import polars as pl
        >>> from laoganbu import batch
        >>> cadres = pl.DataFrame({"birth_date": ["1965-01"], "retirement_category": ["male"]})
        >>> batch.retirement(cadres, on="2026-01-01")["retirement_month"].to_list()
        ['2025-02']
    """
    day = today_date() if on is None else as_day(on)
    store = resolve_parameters(params)

    def build(plan: Plan) -> Columns:
        born = Dates(plan, birth)
        chains: list[list[tuple[nw.Expr, nw.Expr]]] = [[] for _ in range(5)]
        for cat in RetirementCategory:
            is_cat = nw.col(category).is_in(_spellings([cat]))
            for chain, expr in zip(chains, _ages(cat, store, day, born.month), strict=True):
                chain.append((is_cat, expr))
        ages = plan.stage(
            dict(
                zip(
                    ("original", "delay", "age", "earliest", "latest"),
                    map(_chain, chains),
                    strict=True,
                )
            )
        )
        original, delay, age, earliest, latest = ages.values()
        columns = {
            "retirement_original_age_months": original,
            "retirement_delay_months": delay,
            "retirement_age_months": age,
            "retirement_month": iso_month(born.month + age),
            "retirement_earliest_age_months": earliest,
            "retirement_earliest_month": iso_month(born.month + earliest),
            "retirement_latest_age_months": latest,
            "retirement_latest_month": iso_month(born.month + latest),
        }
        known = nw.col(category).is_in(_spellings(RetirementCategory))
        return columns, born.present & known

    return add_columns(frame, build)


def _chain(cases: list[tuple[nw.Expr, nw.Expr]]) -> nw.Expr:
    """The value of the first case whose condition holds, else 0: never null, so that the
    column stays an integer on every engine (rows with no category are nulled at the end)."""
    (first_if, first_then), *rest = cases
    expr = nw.when(first_if).then(first_then)
    for condition, value in rest:
        expr = expr.when(condition).then(value)
    return expr.otherwise(0)
