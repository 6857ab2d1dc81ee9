"""Age, age band, 老年人, 高龄 and 双高期 for every row: the batch form of
:func:`laoganbu.age_profile`."""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import narwhals.stable.v2 as nw

from laoganbu.batch._columns import BatchFrame, Columns, Dates, Plan, add_columns, spellings
from laoganbu.batch._days import RowDay, by_day
from laoganbu.dates import PartialDate, today_date
from laoganbu.models.enums import HealthStatus
from laoganbu.params import Parameters, resolve_parameters
from laoganbu.rules.age import _statuses, age_bands

if TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = ["AGE_COLUMNS", "age_profile"]

#: The columns :func:`age_profile` adds, with their Chinese labels.
AGE_COLUMNS: dict[str, str] = {
    "age": "年龄（周岁）",
    "age_band": "年龄段",
    "elderly": "老年人",
    "advanced_age": "高龄",
    "double_high": "双高期",
}


#: The parameters the rule reads, as :func:`laoganbu.age_profile` does.
_PARAMETERS = (
    "age.bands",
    "age.elderly_min",
    "age.advanced_min",
    "age.double_high.min_age",
    "age.double_high.health_statuses",
)


def age_profile(
    frame: BatchFrame,
    *,
    on: PartialDate | _dt.date | str | None = None,
    params: Parameters | Locality | None = None,
    birth: str = "birth_date",
    health: str | None = "health_status",
    on_column: str | None = None,
) -> BatchFrame:
    """Age in completed years, age band, 老年人, 高龄 and 双高期 on ``on``, for every row.

    The batch form of :func:`laoganbu.age_profile`, with its parameters and conventions (a
    birth month counts from its first day; with both dates to the day, the exact birthday),
    as the new columns :data:`AGE_COLUMNS` of a frame of any engine narwhals supports.

    Args:
        frame: one row a person.
        on: the day (today in China by default); a month means its first day.
        params: parameters to use; the national ones by default.
        birth: the column of 出生年月: text ``YYYY-MM`` / ``YYYY-MM-DD``, or dates.
        health: the column of health statuses (codes or Chinese labels, as
            :class:`~laoganbu.HealthStatus` spells them), for 双高期; ``None`` when the frame
            has none. ``double_high`` is null where the age qualifies and the status is not
            known, as the per-record rule's ``None``.
        on_column: instead of ``on``, the column of each row's day (text or dates): each
            row's age on its own day, by the parameters in force that day.

    Rows born after their day, or without a birth date, get nulls (the per-record rule
    raises).

    Example:
        >>> import polars as pl
        >>> from laoganbu import batch
        >>> cadres = pl.DataFrame({"birth_date": ["1940-03"], "health_status": ["重病"]})
        >>> row = batch.age_profile(cadres, on="2026-11-01").row(0, named=True)
        >>> row["age"], row["age_band"], row["double_high"]
        (86, '80–89岁', True)
    """
    store = resolve_parameters(params)
    when = PartialDate.parse(today_date() if on is None else on)

    def build(plan: Plan) -> Columns:
        born = Dates(plan, birth)
        if on_column is None:
            months = when.month_index - born.month
            if when.day is not None:
                # The birthday not yet reached this month, when both days are known (0: unknown).
                months = months - nw.when(born.day > when.day).then(1).otherwise(0)
            row_day = None
        else:
            row_day = RowDay(plan, on_column)
            late = (born.day > 0) & (row_day.day > 0) & (row_day.day < born.day)
            months = row_day.month - born.month - nw.when(late).then(1).otherwise(0)
        months = plan.stage({"months": months})["months"]
        age = plan.stage({"age": months // 12})["age"]
        status = None if health is None else nw.col(health)

        def on_day(day: _dt.date) -> Columns:
            bands = age_bands(on=day, params=store)
            elderly_min = store.value("age.elderly_min", day)
            advanced_min = store.value("age.advanced_min", day)
            double_min = store.value("age.double_high.min_age", day)
            listed = _statuses(tuple(store.value("age.double_high.health_statuses", day)))
            band: Any = nw.when(age >= bands.bounds[-1]).then(nw.lit(bands.labels[-1]))
            for bound, label in zip(
                reversed(bands.bounds[:-1]), reversed(bands.labels[1:-1]), strict=True
            ):
                band = band.when(age >= bound).then(nw.lit(label))
            band = band.otherwise(nw.lit(bands.labels[0]))
            if status is None:
                double = nw.when(age < double_min).then(False).otherwise(nw.lit(None, nw.Boolean))
            else:
                double = (
                    nw.when(age < double_min)
                    .then(False)
                    .when(status.is_in(spellings(listed)))
                    .then(True)
                    .when(status.is_in(spellings(HealthStatus)))
                    .then(False)
                    .otherwise(nw.lit(None, nw.Boolean))
                )
            columns = {
                "age": age,
                "age_band": band,
                "elderly": age >= elderly_min,
                "advanced_age": age >= advanced_min,
                "double_high": double,
            }
            return columns, born.present & (months >= 0)

        return by_day(plan, store, _PARAMETERS, on, row_day, on_day)

    return add_columns(frame, build)
