"""The measures of 一人一策 plans as due items: what :func:`~laoganbu.plan` adds to the
programmes' items.

A measure (:class:`~laoganbu.models.care_plan.CarePlanMeasure`) is due like a cadence
programme: ``count`` times in every calendar month, quarter or year — but only for the plan's
cadre, and only while the plan is in force. Each window is cut to the days the plan is in force
(a plan drawn up on 15 May has its May item from 15 to 31 May; a yearly measure of a plan ended
in June is due by the day it ended), and an item is in a period's plan when its window, so cut,
overlaps the period. As with every item, the cadre must be living and in the area's care on
the item's first day.

The items go under one programme per service kind and cadence, ``care_plan.<kind>.<cadence>``
(``care_plan.home_visit.month``, named 一人一策·走访（每月）): a report counts them as it counts
a programme's, and a service record may name that programme. Which plan and measure an item
comes from is in its reason: ``每月（一人一策 CP001 第1项）``. The ids beginning ``care_plan.``
are laoganbu's: a locality's programme may not use one.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from laoganbu.errors import InvalidValueError
from laoganbu.models.enums import Cadence, ServiceKind
from laoganbu.periods import Period
from laoganbu.programs.model import ServiceProgramDefinition
from laoganbu.schedule.columns import alive, plain_date

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.models.care_plan import CarePlan

__all__ = [
    "CARE_PLAN_PREFIX",
    "CarePlanProgram",
    "care_plan_items",
    "care_plan_program",
    "care_plan_programs",
    "measure_reason",
    "plan_span",
]

#: The start of the programme ids of plan measures (``care_plan.home_visit.month``).
CARE_PLAN_PREFIX = "care_plan"

#: What a plan measure's programme cites.
_SOURCE = "一人一策：各人的护理服务方案（care_plans），由本地制定"


class CarePlanProgram(ServiceProgramDefinition):
    """The programme the measures of one service kind and cadence go under: it serves the
    cadres whose 一人一策 plan has such a measure, while the plan is in force."""

    def describe(self) -> str:
        """In Chinese: ``一人一策·走访（每月）：有一人一策方案的干部（按各人方案）；走访；每月``."""
        assert self.cadence is not None
        return (
            f"{self.name}：有一人一策方案的干部（按各人方案，方案有效期内）；"
            f"{self.kind.label}；{self.cadence.label}"
        )


@functools.cache
def care_plan_program(kind: ServiceKind, cadence: Cadence) -> CarePlanProgram:
    """The programme of the measures of ``kind`` due every ``cadence``."""
    return CarePlanProgram(
        id=f"{CARE_PLAN_PREFIX}.{kind.value}.{cadence.value}",
        name=f"一人一策·{kind.label}（{cadence.label}）",
        kind=kind,
        cadence=cadence,
        source=_SOURCE,
        status="local",
        note="the measures of each cadre's own plan, not a programme of the locality",
    )


def measure_reason(plan_id: str, number: int, cadence: Cadence) -> str:
    """The reason of a measure's items: ``每月（一人一策 CP001 第1项）``."""
    return f"{cadence.label}（一人一策 {plan_id} 第{number}项）"


def plan_span(plan: CarePlan, period: Period) -> tuple[_dt.date, _dt.date] | None:
    """The days of ``period`` the plan is in force, first and last; ``None`` if none."""
    last = plan.last_day
    first = max(plan.first_day, plain_date(period.start))
    end = plain_date(period.end) if last is None else min(last, plain_date(period.end))
    return (first, end) if first <= end else None


def care_plan_programs(plans: Iterable[CarePlan], period: Period) -> tuple[CarePlanProgram, ...]:
    """The programmes of the measures of the plans in force on some day of ``period``, by id."""
    found = {
        care_plan_program(m.kind, m.cadence)
        for plan in plans
        if plan_span(plan, period) is not None
        for m in plan.measures
    }
    return tuple(sorted(found, key=lambda p: p.id))


def check_program_ids(programs: Iterable[ServiceProgramDefinition]) -> None:
    """Refuse a programme whose id is one of the plan measures'."""
    for program in programs:
        if program.id.startswith(f"{CARE_PLAN_PREFIX}.") and not isinstance(
            program, CarePlanProgram
        ):
            raise InvalidValueError(
                f"programme {program.id}: ids beginning {CARE_PLAN_PREFIX}. are those of the"
                " measures of 一人一策 plans / 以 care_plan. 开头的编号为一人一策保留"
            )


def care_plan_items(
    plans: Sequence[CarePlan], cadres: pl.DataFrame, period: Period
) -> pl.DataFrame:
    """The items of the measures of ``plans`` over ``period``, for the ``cadres`` (the
    planning engine's frame of the roster's cadres, with ``cadre_pos`` and ``cadre_rank``), with
    the item columns and the order keys of ``laoganbu.schedule.items`` (``sub`` orders them by
    plan, measure and window, as the plans are given)."""
    import polars as pl

    rows: dict[str, list[object]] = {
        k: [] for k in ("plan", "plan_id", "cadre_id", "first", "last", "n", "service", "cadence")
    }
    rows["count"] = []
    for place, plan in enumerate(plans):
        span = plan_span(plan, period)
        if span is None:
            continue
        for number, measure in enumerate(plan.measures, 1):
            rows["plan"].append(place)
            rows["plan_id"].append(plan.id)
            rows["cadre_id"].append(plan.cadre_id)
            rows["first"].append(plan.first_day)
            rows["last"].append(plan.last_day)
            rows["n"].append(number)
            rows["service"].append(measure.kind.value)
            rows["cadence"].append(measure.cadence.value)
            rows["count"].append(measure.count)
    measures = pl.DataFrame(
        rows,
        schema={
            "plan": pl.Int64,
            "plan_id": pl.String,
            "cadre_id": pl.String,
            "first": pl.Date,
            "last": pl.Date,
            "n": pl.Int64,
            "service": pl.String,
            "cadence": pl.String,
            "count": pl.Int64,
        },
    )
    # Every window of each cadence that overlaps the period, whole, in order.
    split = [
        (c.value, c.label, plain_date(w.start), plain_date(w.end), place)
        for c in Cadence
        for place, w in enumerate(period.split(c.value))
    ]
    windows = pl.DataFrame(
        split,
        schema={
            "cadence": pl.String,
            "label": pl.String,
            "w_start": pl.Date,
            "w_end": pl.Date,
            "w_pos": pl.Int64,
        },
        orient="row",
    )
    start = pl.max_horizontal("w_start", "first")
    end = pl.min_horizontal("w_end", pl.col("last").fill_null(pl.col("w_end")))
    paired = (
        measures.join(windows, on="cadence", how="inner")
        .with_columns(start.alias("start"), end.alias("end"))
        # The window cut to the days the plan is in force, and what is left in the period.
        .filter(
            (pl.col("start") <= pl.col("end"))
            & (pl.col("start") <= plain_date(period.end))
            & (pl.col("end") >= plain_date(period.start))
        )
        .sort("plan", "n", "w_pos")
        .with_row_index("sub")
    )
    served = (
        cadres.join(paired, on="cadre_id", how="inner")
        .filter(alive(pl.col("start")))
        .with_columns(pl.int_ranges(0, pl.col("count")).alias("copy"))
        .explode("copy")
    )
    # measure_reason, as columns.
    nth = pl.col("n").cast(pl.String)
    reason = pl.concat_str(
        "label", pl.lit("（一人一策 "), "plan_id", pl.lit(" 第"), nth, pl.lit("项）")
    )
    return served.select(
        pl.col("cadre_id"),
        pl.concat_str(pl.lit(f"{CARE_PLAN_PREFIX}."), "service", pl.lit("."), "cadence").alias(
            "program_id"
        ),
        pl.col("start"),
        pl.col("end"),
        reason.alias("reason"),
        pl.lit("cadence", pl.String).alias("reason_kind"),
        pl.lit(None, pl.String).alias("event_id"),
        pl.col("cadre_pos").cast(pl.Int64),
        pl.col("cadre_rank").cast(pl.Int64),
        pl.col("sub").cast(pl.Int64),
        pl.col("copy").cast(pl.Int64),
    )
