"""The due items of one programme as a frame: the columnar core of :func:`~laoganbu.plan`.

Each function returns the items of one programme, one row per item, with the columns of
:data:`ITEM_COLUMNS` and the keys that put them in the order the per-item engine made them
(``cadre_pos`` the cadre's place among the roster's cadres sorted by id, ``cadre_rank`` its id's
place among the distinct ids, ``sub`` the window's,
event's or age's place, ``copy`` for programmes due several times a window). The cadres come
from :func:`~laoganbu.schedule.columns.cadre_frame`.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

from laoganbu.models.enums import LifeEventKind
from laoganbu.models.service import LifeEvent
from laoganbu.observances import Observance, observance_date
from laoganbu.periods import Period
from laoganbu.programs.model import ServiceProgramDefinition
from laoganbu.schedule.columns import alive, eligible, plain_date

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    import polars as pl

    from laoganbu.dates import PartialDate

__all__ = ["DEATH_DATE_REASON", "ITEM_COLUMNS", "event_frame", "program_items", "windows"]

#: The columns of a plan's frame, in order: the fields of a :class:`DueItem`.
ITEM_COLUMNS = ("cadre_id", "program_id", "start", "end", "reason", "reason_kind", "event_id")
#: The order keys every programme's items carry besides :data:`ITEM_COLUMNS`.
ORDER_COLUMNS = ("cadre_pos", "cadre_rank", "sub", "copy")


def windows(
    program: ServiceProgramDefinition, period: Period, pool: dict[str, Observance]
) -> list[tuple[Period, str]]:
    """The windows of a cadence or observance programme in ``period``, with their reasons."""
    if program.cadence is not None:
        label = program.cadence.label
        return [(w, label) for w in period.split(program.cadence.value)]
    found = []
    for key in program.observances:
        observance = pool.get(key)
        if observance is None:
            from laoganbu.errors import InvalidValueError

            raise InvalidValueError(
                f"programme {program.id}: unknown observance {key!r} / 未知的节日"
            )
        for year in range(period.start.year, period.end.year + 1):
            day = observance_date(observance, year)
            if period.contains(day):
                start = day - _dt.timedelta(days=program.days_before)
                end = day + _dt.timedelta(days=program.days_after)
                found.append((Period(start, end), observance.name))
    return found


#: The reason of an item answering a death recorded only as 去世时间, not as a life event.
DEATH_DATE_REASON = "去世（去世时间）"


def event_frame(
    events: Sequence[LifeEvent], deaths: Mapping[str, PartialDate] | None = None
) -> pl.DataFrame:
    """The life events, one row each in roster order (``sub``): cadre, kind, days, reason.

    ``deaths`` (cadre id → 去世时间) adds a 去世 event, with no id, for each death the roster
    records only in the cadre's 去世时间: a death triggers its programmes whichever way it is
    recorded.
    """
    import polars as pl

    added = dict(deaths or {})
    death = LifeEventKind.DEATH
    return pl.DataFrame(
        {
            "cadre_id": [e.cadre_id for e in events] + list(added),
            "event_kind": [e.kind.value for e in events] + [death.value] * len(added),
            "happened": [plain_date(e.date.first_day) for e in events]
            + [plain_date(d.first_day) for d in added.values()],
            "last_day": [plain_date(e.date.last_day) for e in events]
            + [plain_date(d.last_day) for d in added.values()],
            "reason": [f"{e.kind.label} ({e.id})" for e in events]
            + [DEATH_DATE_REASON] * len(added),
            "event_id": [e.id for e in events] + [None] * len(added),
        },
        schema={
            "cadre_id": pl.String,
            "event_kind": pl.String,
            "happened": pl.Date,
            "last_day": pl.Date,
            "reason": pl.String,
            "event_id": pl.String,
        },
    ).with_row_index("sub")


def _finish(frame: pl.DataFrame, program: ServiceProgramDefinition, kind: str) -> pl.DataFrame:
    import polars as pl

    columns = [
        pl.col("cadre_id"),
        pl.lit(program.id, pl.String).alias("program_id"),
        pl.col("start"),
        pl.col("end"),
        pl.col("reason").cast(pl.String),
        pl.lit(kind, pl.String).alias("reason_kind"),
        (pl.col("event_id") if "event_id" in frame.columns else pl.lit(None, pl.String))
        .cast(pl.String)
        .alias("event_id"),
        pl.col("cadre_pos").cast(pl.Int64),
        pl.col("cadre_rank").cast(pl.Int64),
        pl.col("sub").cast(pl.Int64),
        (pl.col("copy") if "copy" in frame.columns else pl.lit(0)).cast(pl.Int64).alias("copy"),
    ]
    return frame.select(columns)


def program_items(
    program: ServiceProgramDefinition,
    cadres: pl.DataFrame,
    events: pl.DataFrame,
    period: Period,
    pool: dict[str, Observance],
) -> pl.DataFrame:
    """Every item of ``program`` for the ``cadres`` (with ``cadre_pos``) over ``period``."""
    import polars as pl

    timing = program.timing
    who = program.who
    if timing in ("cadence", "observance"):
        found = windows(program, period, pool)
        frame = pl.DataFrame(
            {
                "start": [plain_date(w.start) for w, _ in found],
                "end": [plain_date(w.end) for w, _ in found],
                "reason": [reason for _, reason in found],
            },
            schema={"start": pl.Date, "end": pl.Date, "reason": pl.String},
        ).with_row_index("sub")
        # Conditions that do not change with the day are judged before the cadres are paired
        # with the windows: a 离休-only programme pairs a few hundred cadres, not all.
        static = who.model_copy(update={"min_age": None, "max_age": None})
        serving = cadres.filter(eligible(static))
        paired = serving.join(frame, how="cross").filter(alive(pl.col("start")))
        if who.age_dependent:
            paired = paired.filter(eligible(who, pl.col("start")))
        if program.count > 1:
            paired = paired.with_columns(pl.int_ranges(0, program.count).alias("copy")).explode(
                "copy"
            )
        return _finish(paired, program, timing)
    if timing == "trigger":
        kinds = [k.value for k in program.triggers]
        first = plain_date(period.start)
        last = plain_date(period.end)
        happened = events.filter(
            pl.col("event_kind").is_in(kinds) & pl.col("happened").is_between(first, last)
        )
        # A death is answered by a visit to the family: the cadre is judged as on the day
        # before the recorded death (Roster.death_of: 去世时间 when given, which may be to the
        # month and earlier than the event's day), when still living.
        before = pl.coalesce(pl.col("death"), pl.col("happened")) - _dt.timedelta(days=1)
        judged = (
            pl.when(pl.col("event_kind") == LifeEventKind.DEATH.value)
            .then(before)
            .otherwise(pl.col("happened"))
        )
        paired = (
            cadres.join(happened, on="cadre_id", how="inner")
            .with_columns(judged.alias("judged"))
            .filter(alive(pl.col("judged")) & eligible(who, pl.col("judged")))
            .with_columns(
                pl.col("happened").alias("start"),
                (pl.col("last_day") + _dt.timedelta(days=program.response_days)).alias("end"),
            )
        )
        return _finish(paired, program, "trigger")
    ages = pl.DataFrame(
        {
            "age": list(program.milestone_ages),
            "reason": [f"{age}岁生日" for age in program.milestone_ages],
        },
        schema={"age": pl.Int64, "reason": pl.String},
    ).with_row_index("sub")
    month = pl.col("birth_mi") + 12 * pl.col("age")
    start = pl.date(month // 12, month % 12 + 1, 1)
    paired = (
        cadres.join(ages, how="cross")
        .with_columns(start.alias("start"))
        .with_columns(pl.col("start").dt.month_end().alias("end"))
        .filter(
            (pl.col("start") <= plain_date(period.end))
            & (pl.col("end") >= plain_date(period.start))
            & alive(pl.col("start"))
            & eligible(who, pl.col("start"))
        )
    )
    return _finish(paired, program, "milestone")
