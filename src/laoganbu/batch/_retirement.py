"""Statutory retirement for every row of a frame: the batch form of
:func:`laoganbu.statutory_retirement`.

Parameters are read once, on ``on``, exactly as the per-record rule reads them; each category's
arithmetic is then integer expressions of the birth month index, and the categories are
joined by ``when/then`` chains.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import attrs
import narwhals.stable.v2 as nw

from laoganbu.batch._columns import BatchFrame, Columns, Dates, Plan, add_columns, iso_month
from laoganbu.batch._columns import spellings as _spellings
from laoganbu.batch._days import Regimes, RowDay
from laoganbu.dates import PartialDate
from laoganbu.errors import ParameterNotInForceError
from laoganbu.params import Parameters, resolve_parameters
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


# The first delayed birth of a rule not in force: a month no one is born in or after, so that
# the delay is 0 for everyone without a branch of its own.
_NEVER = 10**7


@attrs.frozen
class _Rule:
    """One category's parameters on the day, read as :func:`laoganbu.statutory_retirement`
    reads them; ages and delays in months."""

    original: int
    start: int = _NEVER  # month index of the first delayed birth
    step: int = 1
    cap: int = 0
    early: int = 0  # the flexible window; 0 when it is not in force
    late: int = 0

    @classmethod
    def read(cls, cat: RetirementCategory, params: Parameters, day: _dt.date) -> _Rule:
        key = cat.key
        original = _whole(params.at(f"retirement.{key}.original_age", day).value, "original_age")
        try:
            start = params.at(f"retirement.{key}.delay_start", day)
        except ParameterNotInForceError:
            return cls(original * 12)
        step = _whole(params.at(f"retirement.{key}.delay_step_months", day).value, "step")
        cap = _whole(params.at(f"retirement.{key}.delay_cap_months", day).value, "cap")
        rule = cls(original * 12, PartialDate.parse(start.value).month_index, step, cap)
        try:
            early = params.at("retirement.flexible.early_max_months", day).value
            late = params.at("retirement.flexible.late_max_months", day).value
        except ParameterNotInForceError:
            return rule
        return attrs.evolve(rule, early=_whole(early, "early"), late=_whole(late, "late"))


#: The parameters the rule reads, as :func:`laoganbu.statutory_retirement` does.
_PARAMETERS = (
    *(
        f"retirement.{cat.key}.{name}"
        for cat in RetirementCategory
        for name in ("original_age", "delay_start", "delay_step_months", "delay_cap_months")
    ),
    "retirement.flexible.early_max_months",
    "retirement.flexible.late_max_months",
)


def retirement(
    frame: BatchFrame,
    *,
    on: _dt.date | PartialDate | str | None = None,
    params: Parameters | Locality | None = None,
    birth: str = "birth_date",
    category: str = "retirement_category",
    on_column: str | None = None,
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
        on_column: instead of ``on``, the column of each row's day (text or dates): each row
            is judged by the rules in force on its own day.

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
    store = resolve_parameters(params)

    def build(plan: Plan) -> Columns:
        born = Dates(plan, birth, day=False)
        # The category read once, as its position in RetirementCategory (-1: unknown).
        position: Any = nw
        for i, cat in enumerate(RetirementCategory):
            position = position.when(nw.col(category).is_in(_spellings([cat]))).then(i)
        which = plan.stage({"category": position.otherwise(-1)}, with_last=True)["category"]
        row_day = None if on_column is None else RowDay(plan, on_column)

        def read(day: _dt.date) -> list[_Rule]:
            return [_Rule.read(cat, store, day) for cat in RetirementCategory]

        regimes = Regimes(store, _PARAMETERS, on, row_day, read)

        def parameter(field: str) -> nw.Expr | int:
            """A parameter's column, or the one number every row has (the flexible window)."""
            values = {getattr(r, field) for _, rules in regimes.cases for r in rules}
            if len(values) == 1:
                return int(values.pop())

            def by_category(rules: list[_Rule]) -> nw.Expr:
                values = [nw.lit(getattr(r, field), nw.Int64) for r in rules]
                return _chain([(which == i, value) for i, value in enumerate(values)])

            # Rows on a day without the rule are nulled at the end; 1, not 0, keeps their
            # arithmetic whole (a step of 0 would divide by zero and turn a column to floats).
            return regimes.pick(by_category, otherwise=nw.lit(1, nw.Int64))

        # Each row's parameters as columns, so that the arithmetic below is written once; a
        # number the same for every row stays a number, which engines compute with faster.
        fields = ("original", "start", "step", "cap", "early", "late")
        found = {field: parameter(field) for field in fields}
        columns_of = plan.stage({f: v for f, v in found.items() if isinstance(v, nw.Expr)})
        p: dict[str, Any] = {f: columns_of.get(f, v) for f, v in found.items()}
        original = (
            p["original"] if isinstance(p["original"], nw.Expr) else nw.lit(p["original"], nw.Int64)
        )
        d = born.month - p["start"]
        steps = d // p["step"] + 1
        # ``0 if d < 0 else min(d // step + 1, cap)``; the ``d < 0`` branch comes first, so
        # floor division of a negative number is never used.
        delay = nw.when(d < 0).then(0).when(steps > p["cap"]).then(p["cap"]).otherwise(steps)
        delay = plan.stage({"delay": delay})["delay"]
        # Earliest: max(age − early, original) = original + max(delay − early, 0).
        ages = plan.stage(
            {
                "age": original + delay,
                "earliest": original
                + nw.when(delay > p["early"]).then(delay - p["early"]).otherwise(0),
                "latest": original + delay + p["late"],
            }
        )
        age, earliest, latest = ages["age"], ages["earliest"], ages["latest"]
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
        return columns, born.present & (which >= 0) & regimes.judged

    return add_columns(frame, build)


def _chain(cases: list[tuple[nw.Expr, nw.Expr]]) -> nw.Expr:
    """The value of the first case whose condition holds, else 0: never null, so that the
    column stays an integer on every engine (rows with no category are nulled at the end)."""
    (first_if, first_then), *rest = cases
    expr = nw.when(first_if).then(first_then)
    for condition, value in rest:
        expr = expr.when(condition).then(value)
    return expr.otherwise(0)
