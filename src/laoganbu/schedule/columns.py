"""The roster as columns for the scheduling engine, and who a programme serves as an expression.

:func:`cadre_frame` holds one row per cadre record with what the engine asks of it: its id,
birth month, kind, the flags eligibility tests and the first day of its death.
:func:`eligible` is :meth:`Eligibility.matches <laoganbu.programs.model.Eligibility.matches>`
written over those columns, and :func:`alive` is :meth:`Cadre.alive_on
<laoganbu.models.cadre.Cadre.alive_on>`; tests hold each to its per-record form.

polars is imported inside the functions: ``import laoganbu`` does not pay for it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from laoganbu.dates import PartialDate
from laoganbu.models.cadre import Cadre
from laoganbu.programs.model import RANK_ORDER, Eligibility, rank_of

if TYPE_CHECKING:
    import polars as pl

__all__ = ["alive", "cadre_frame", "eligible", "plain_date"]


def plain_date(day: _dt.date) -> _dt.date:
    """``day`` as a :class:`datetime.date` (polars does not take pendulum's subclass as one)."""
    return _dt.date(day.year, day.month, day.day)


def cadre_frame(
    cadres: Sequence[Cadre], event_deaths: Mapping[str, PartialDate] | None = None
) -> pl.DataFrame:
    """One row per cadre record, in the order given.

    Columns: ``cadre_id``, ``kind`` (the kind's code), ``birth_mi`` (the birth month's
    :attr:`~laoganbu.dates.PartialDate.month_index`), ``birth_day`` (null when known to the
    month), ``death`` (the death's first day, null when living), ``health`` and ``care`` (codes,
    or null), and the flags ``relocated``, ``party_member``, ``hardship``, ``lives_alone``,
    ``empty_nest``; ``rank`` is the place of the rank the cadre's treatment follows
    (:func:`~laoganbu.programs.model.rank_of`; 0 the highest, null when none is recorded).

    ``event_deaths`` gives the deaths recorded only as life events (cadre id → date), for the
    cadres whose 去世时间 is blank (:meth:`Roster.death_of
    <laoganbu.models.roster.Roster.death_of>`).
    """
    import polars as pl

    deaths = [c.death_date for c in cadres]
    if event_deaths:
        deaths = [
            d if d is not None else event_deaths.get(c.id)
            for d, c in zip(deaths, cadres, strict=True)
        ]
    return pl.DataFrame(
        {
            "cadre_id": [c.id for c in cadres],
            "kind": [c.kind.value for c in cadres],
            "birth_mi": [c.birth_date.month_index for c in cadres],
            "birth_day": [c.birth_date.day for c in cadres],
            "death": [None if d is None else _dt.date(d.year, d.month, d.day or 1) for d in deaths],
            "health": [None if c.health.status is None else c.health.status.value for c in cadres],
            "care": [
                None if c.health.care_level is None else c.health.care_level.value for c in cadres
            ],
            "relocated": [c.relocated for c in cadres],
            "party_member": [c.party_member for c in cadres],
            "hardship": [bool(c.hardships) for c in cadres],
            "lives_alone": [c.lives_alone for c in cadres],
            "empty_nest": [c.empty_nest for c in cadres],
            "rank": [_rank_place(c) for c in cadres],
        },
        schema={
            "cadre_id": pl.String,
            "kind": pl.String,
            "birth_mi": pl.Int64,
            "birth_day": pl.Int64,
            "death": pl.Date,
            "health": pl.String,
            "care": pl.String,
            "relocated": pl.Boolean,
            "party_member": pl.Boolean,
            "hardship": pl.Boolean,
            "lives_alone": pl.Boolean,
            "empty_nest": pl.Boolean,
            "rank": pl.Int64,
        },
    )


def _rank_place(cadre: Cadre) -> int | None:
    rank = rank_of(cadre)
    return None if rank is None else RANK_ORDER[rank]


def alive(on: pl.Expr) -> pl.Expr:
    """Whether the cadre of each row is living on the day ``on`` (a date expression)."""
    import polars as pl

    death = pl.col("death")
    month = on.dt.year().cast(pl.Int64) * 12 + on.dt.month().cast(pl.Int64) - 1
    # Born by then: a birth known to the month counts from the month's first day.
    born = (pl.col("birth_mi") < month) | (
        (pl.col("birth_mi") == month)
        & (pl.col("birth_day").is_null() | (pl.col("birth_day") <= on.dt.day().cast(pl.Int64)))
    )
    return born & (death.is_null() | (death > on))


def eligible(who: Eligibility, on: pl.Expr | None = None) -> pl.Expr:
    """:meth:`Eligibility.matches` for each row of a :func:`cadre_frame`, judged on the day
    ``on`` (a date expression; needed only when ``who`` has an age condition)."""
    import polars as pl

    conditions: list[pl.Expr] = []
    if who.kinds:
        conditions.append(pl.col("kind").is_in([k.value for k in who.kinds]))
    if who.age_dependent:
        if on is None:
            raise ValueError("an age condition needs the day it is judged on")
        # age_on: whole months between the birth month and the day's month, one fewer when
        # both are known to the day and the birthday has not come yet in that month.
        months = on.dt.year().cast(pl.Int64) * 12 + on.dt.month().cast(pl.Int64) - 1
        months = months - pl.col("birth_mi")
        before_birthday = pl.col("birth_day").is_not_null() & (
            on.dt.day().cast(pl.Int64) < pl.col("birth_day")
        )
        age = (months - before_birthday.fill_null(False).cast(pl.Int64)) // 12
        if who.min_age is not None:
            conditions.append(age >= who.min_age)
        if who.max_age is not None:
            conditions.append(age <= who.max_age)
    if who.health:
        conditions.append(pl.col("health").is_in([h.value for h in who.health]).fill_null(False))
    if who.care_levels:
        wanted = [c.value for c in who.care_levels]
        conditions.append(pl.col("care").is_in(wanted).fill_null(False))
    if who.min_rank is not None:
        conditions.append((pl.col("rank") <= RANK_ORDER[who.min_rank]).fill_null(False))
    for name, flag in (
        ("relocated", who.relocated),
        ("party_member", who.party_member),
        ("hardship", who.hardship),
        ("lives_alone", who.lives_alone),
        ("empty_nest", who.empty_nest),
    ):
        if flag is not None:
            conditions.append(pl.col(name) == flag)
    if not conditions:
        return pl.lit(True)
    return pl.all_horizontal(conditions)
