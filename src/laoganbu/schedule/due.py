"""Planning: which cadre is due which service, in which window, and why.

For each programme and each living cadre it serves:

- a *cadence* programme is due once (or ``count`` times) in every calendar month, quarter or
  year overlapping the period;
- an *observance* programme is due before each of its festivals in the period, from
  ``days_before`` the festival to ``days_after`` it;
- a *trigger* programme is due after each of the cadre's life events of its kinds in the
  period, within ``response_days`` (a death is answered by a visit to the family, so the cadre
  is judged as on the day before it; a death recorded only in the cadre's 去世时间 triggers
  as a 去世 event would, with no event id and the reason ``去世（去世时间）``);
- a *milestone* programme is due in the month of each listed birthday in the period.

Eligibility is judged on the first day of each window (an age-based programme starts with the
window in which the cadre has the age). A window is due only if the cadre is living on its first
day (:meth:`~laoganbu.models.roster.Roster.alive_on`, which takes the death from 去世时间 or,
when that is blank, from a 去世 life event): none starts on or after the death, nor within a
death month recorded to the month only; survivors (遗属) are served by the programmes
that name them. Nor is a window due while the cadre has moved away: it must start on a day the
cadre is in the area's care (:meth:`~laoganbu.models.roster.Roster.in_care_on`, by the cadre's
management transfers).

The measures of the roster's 一人一策 plans are due as well, like a cadence programme's items,
for each plan's cadre while the plan is in force (``laoganbu.schedule.care_plans``).

A plan is a frame first (:attr:`Plan.frame`, polars): the items are computed as columns, and
the :class:`DueItem` objects are made only when asked for.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs
from typing_extensions import deprecated

from laoganbu._deprecation import warn_deprecated
from laoganbu.dates import PartialDate
from laoganbu.models.enums import LifeEventKind
from laoganbu.models.roster import Roster
from laoganbu.observances import Observance, builtin_observances
from laoganbu.periods import Period
from laoganbu.programs.model import ServiceProgramDefinition
from laoganbu.schedule.care_plans import CarePlanProgram
from laoganbu.schedule.columns import cadre_frame
from laoganbu.schedule.items import ITEM_COLUMNS, event_frame, program_items

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.locality import Locality

__all__ = ["DueItem", "Plan", "ReasonKind", "plan"]

ReasonKind = Literal["cadence", "observance", "trigger", "milestone"]


@attrs.frozen(slots=True)
class DueItem:
    """One service due: a cadre, a programme, a window of days, and why.

    Attributes:
        reason: in Chinese: ``每月``, ``重阳节``, ``生病住院 (E12)``, ``80岁生日``.
        reason_kind: what made it due.
        event_id: the triggering life event's id, for trigger programmes.
    """

    cadre_id: str
    program_id: str
    start: _dt.date
    end: _dt.date
    reason: str
    reason_kind: ReasonKind
    event_id: str | None = None


def _same_frame(a: pl.DataFrame, b: pl.DataFrame) -> bool:
    return bool(a.equals(b))


@attrs.frozen
class Plan:
    """The due items of a set of programmes for a roster over a period, as a frame first.

    :attr:`frame` holds one row per item, in order (columns ``cadre_id``, ``program_id``,
    ``start``, ``end``, ``reason``, ``reason_kind``, ``event_id``); counts and tables come from
    it. The :class:`DueItem` objects are made only when asked for — :attr:`items`, iterating,
    ``for_cadre`` — and :attr:`items` keeps them once made.
    """

    period: Period
    frame: pl.DataFrame = attrs.field(
        repr=lambda f: f"<{f.height} items>", eq=attrs.cmp_using(eq=_same_frame), hash=False
    )
    programs: tuple[ServiceProgramDefinition, ...]
    roster: Roster = attrs.field(repr=False, eq=False)

    @functools.cached_property
    def items(self) -> tuple[DueItem, ...]:
        """Every item as a :class:`DueItem`, in order (made on first use: 1.9 million items
        take some seconds and a few hundred MB; prefer :attr:`frame` for counts)."""
        return _due_items(self.frame)

    def __len__(self) -> int:
        return self.frame.height

    def __iter__(self) -> Iterator[DueItem]:
        return iter(self.items)

    def by_program(self) -> dict[str, int]:
        """Items per programme, for every programme (``0`` for those with none)."""
        counts = dict(self.frame.group_by("program_id").len().iter_rows())
        return {p.id: counts.get(p.id, 0) for p in self.programs}

    def for_cadre(self, cadre_id: str) -> list[DueItem]:
        """The items of one cadre, made from the frame's rows for that cadre only."""
        import polars as pl

        return list(_due_items(self.frame.filter(pl.col("cadre_id") == cadre_id)))

    def rows(self) -> list[dict[str, Any]]:
        """One dict per item, for tables and data frames."""
        return self.frame.to_dicts()

    def to_polars(self) -> pl.DataFrame:
        """The items as a polars ``DataFrame``: :attr:`frame` itself, shared rather than copied
        (polars operations return new frames; do not change it in place)."""
        return self.frame

    def to_pandas(self) -> Any:
        """The items as a pandas ``DataFrame`` (needs ``pip install laoganbu[pandas]``)."""
        from laoganbu.schedule.frames import to_pandas

        return to_pandas(self.rows(), list(ITEM_COLUMNS))


def _due_items(frame: pl.DataFrame) -> tuple[DueItem, ...]:
    return tuple(DueItem(*row) for row in frame.iter_rows())


def _empty_items() -> pl.DataFrame:
    import polars as pl

    types = {"start": pl.Date, "end": pl.Date}
    return pl.DataFrame(schema={c: types.get(c, pl.String) for c in ITEM_COLUMNS})


@overload
def plan(
    roster: Roster,
    period: Period | str | int,
    *,
    locality: Locality | None = None,
    programs: Iterable[ServiceProgramDefinition] | None = None,
    observances: Sequence[Observance] | None = None,
    care_plans: bool = True,
) -> Plan: ...


@overload
@deprecated("plan(roster, programs, period) is deprecated; use plan(roster, period, locality=…)")
def plan(
    roster: Roster,
    programs: Iterable[ServiceProgramDefinition] | Locality,
    period: Period | str | int,
    /,
    *,
    observances: Sequence[Observance] | None = None,
) -> Plan: ...


def plan(
    roster: Roster,
    *args: Any,
    period: Any = None,
    locality: Locality | None = None,
    programs: Any = None,
    observances: Sequence[Observance] | None = None,
    care_plans: bool = True,
) -> Plan:
    """Every service due for the cadres of ``roster`` over ``period``.

    Args:
        roster: the cadres, and the life events that trigger visits.
        period: ``2026``, ``2026-Q3``, ``2026-01..2026-06`` …
        locality: whose programmes and observances apply (the national baseline,
            ``Locality()``, when neither this nor ``programs`` is given).
        programs: these programmes instead of the locality's (the measures' programmes of an
            earlier plan among them are left out: they come from the roster's plans).
        observances: the festivals programmes may name; the locality's or the built-in ones.
        care_plans: add the measures of the roster's 一人一策 plans (``care_plans``) as items,
            for each plan's cadre while the plan is in force (see
            ``laoganbu.schedule.care_plans``), under the programmes
            ``care_plan.<kind>.<cadence>`` that :attr:`Plan.programs` then holds too; ``False``
            plans the programmes alone. A roster with no plans adds nothing either way.

    The spellings of 0.x — ``plan(roster, programs_or_locality, period)``, with ``period=`` or
    ``programs=`` by keyword, a locality given as ``programs=`` — still work for one release
    with a :class:`DeprecationWarning`.

    The result does not depend on the order of the roster's records: items are sorted by
    cadre, programme and window. The work is done on columns (see ``laoganbu.schedule.items``):
    per programme, the cadres it serves are paired with its windows, life events or birthdays
    and filtered on living and eligibility, all in polars.
    """
    import polars as pl

    from laoganbu.locality import Locality

    given: Any = None  # the programmes or locality of a 0.x call
    if len(args) > 2:
        raise TypeError("plan() takes a roster and a period, then keywords only")
    if len(args) == 2:
        if period is not None:
            raise TypeError("plan() got the period twice")
        given, period = args
    elif len(args) == 1:
        if period is None:
            (period,) = args
        else:  # plan(roster, programs, period=…)
            (given,) = args
    if isinstance(programs, Locality):  # 0.x took a locality for its programmes
        if given is not None:
            raise TypeError("plan() got the programmes twice")
        given, programs = programs, None
    if given is not None:
        if programs is not None or locality is not None:
            raise TypeError("plan() got the programmes or locality twice")
        warn_deprecated("plan(roster, programs, period)", "plan(roster, period, locality=…)")
        if isinstance(given, Locality):
            locality = given
        else:
            programs = given
    if period is None:
        raise TypeError("plan() needs a period")
    period = Period.parse(period)
    if programs is None:
        program_list = tuple((locality if locality is not None else Locality()).programs)
    else:
        # The measures' programmes of an earlier plan (plan.programs) come from the roster's
        # plans, not from here: given as programmes, they would serve every cadre.
        program_list = tuple(p for p in programs if not isinstance(p, CarePlanProgram))
    if observances is None and locality is not None and locality.observances:
        observances = tuple(locality.observances)
    pool = {o.key: o for o in (builtin_observances() if observances is None else observances)}
    ordered = sorted(roster.cadres, key=lambda c: c.id)
    # Integer stand-ins for the ids sort faster than the ids: the cadres are in id order
    # already, and so are the programmes.
    # A death is recorded in 去世时间 or as a 去世 life event: either ends the services and
    # triggers the programmes that answer a death.
    death_events = roster.death_events()
    # Each record without a 去世时间 takes its id's 去世 event (Roster.death_of).
    event_deaths = {cid: event.date for cid, event in death_events.items()}
    unrecorded: dict[str, PartialDate] = {}
    for c in ordered:
        if c.death_date is not None and c.id not in death_events:
            unrecorded.setdefault(c.id, c.death_date)  # the first record of an id, as get()
    cadres = cadre_frame(ordered, event_deaths).with_row_index("cadre_pos")
    cadres = cadres.with_columns(
        (pl.col("cadre_id") != pl.col("cadre_id").shift())
        .fill_null(True)
        .cum_sum()
        .alias("cadre_rank")
    )
    # One death, one set of duties: of several 去世 events of a cadre, the one death_of reads.
    chosen = {id(event) for event in death_events.values()}
    events = event_frame(
        [e for e in roster.life_events if e.kind is not LifeEventKind.DEATH or id(e) in chosen],
        unrecorded,
    )
    measures: tuple[ServiceProgramDefinition, ...] = ()
    if care_plans and roster.care_plans:
        from laoganbu.schedule.care_plans import care_plan_programs, check_program_ids

        check_program_ids(program_list)
        measures = care_plan_programs(roster.care_plans, period)
    parts = []
    programs_in_order = sorted(program_list, key=lambda p: p.id)
    every_id = {p.id for p in (*program_list, *measures)}
    ranks = {pid: rank for rank, pid in enumerate(sorted(every_id))}
    for place, program in enumerate(programs_in_order):
        part = program_items(program, cadres, events, period, pool)
        parts.append(
            part.with_columns(
                pl.lit(place, pl.Int64).alias("program_pos"),
                pl.lit(ranks[program.id], pl.Int64).alias("program_rank"),
            )
        )
    if measures:
        from laoganbu.schedule.care_plans import care_plan_items

        # The measures' items tie only with each other (one programme, one window), in the
        # order of the plans, measures and windows (``sub``).
        items = care_plan_items(tuple(roster.care_plans), cadres, period)
        parts.append(
            items.with_columns(
                pl.lit(len(programs_in_order), pl.Int64).alias("program_pos"),
                pl.col("program_id")
                .replace_strict(ranks, return_dtype=pl.Int64)
                .alias("program_rank"),
            )
        )
        program_list = (*program_list, *measures)
    if not parts:
        return Plan(period=period, frame=_empty_items(), programs=program_list, roster=roster)
    # The per-item engine's order: a stable sort by cadre, programme and window of the items
    # made programme by programme, cadre by cadre; the trailing keys are that making order.
    frame = (
        pl.concat(parts)
        .sort(
            [
                "cadre_rank",
                "program_rank",
                "start",
                "end",
                pl.col("event_id").fill_null(""),
                "program_pos",
                "cadre_pos",
                "sub",
                "copy",
            ]
        )
        .select(ITEM_COLUMNS)
    )
    return Plan(period=period, frame=_in_care(frame, roster), programs=program_list, roster=roster)


def _in_care(frame: pl.DataFrame, roster: Roster) -> pl.DataFrame:
    """The items whose window starts on a day the cadre is in the area's care: not in a span
    the cadre had moved away (:meth:`Roster.in_care_on`; the cadres' transfers are few)."""
    import polars as pl

    from laoganbu.models.transfer import CARE_KINDS, out_intervals

    spans = [
        (cadre_id, start, until)
        for cadre_id, moves in roster.transfers_by_cadre().items()
        for start, until in out_intervals(moves, CARE_KINDS)
    ]
    if not spans or frame.is_empty():
        return frame
    away = pl.DataFrame(
        {
            "cadre_id": [s[0] for s in spans],
            "out_from": [s[1] for s in spans],
            "out_until": [s[2] for s in spans],
        },
        schema={"cadre_id": pl.String, "out_from": pl.Date, "out_until": pl.Date},
    )
    numbered = frame.with_row_index("item")
    start = pl.col("start")
    gone = (
        numbered.select("item", "cadre_id", "start")
        .join(away, on="cadre_id")
        .filter(
            (pl.col("out_from").is_null() | (start >= pl.col("out_from")))
            & (pl.col("out_until").is_null() | (start < pl.col("out_until")))
        )
        .get_column("item")
        .unique()
    )
    return numbered.filter(~pl.col("item").is_in(gone.implode())).drop("item")
