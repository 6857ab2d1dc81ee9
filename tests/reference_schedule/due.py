"""Planning: which cadre is due which service, in which window, and why.

For each programme and each living cadre it serves:

- a *cadence* programme is due once (or ``count`` times) in every calendar month, quarter or
  year overlapping the period;
- an *observance* programme is due before each of its festivals in the period, from
  ``days_before`` the festival to ``days_after`` it;
- a *trigger* programme is due after each of the cadre's life events of its kinds in the
  period, within ``response_days`` (a death is answered by a visit to the family, so the cadre
  is judged as on the day before it);
- a *milestone* programme is due in the month of each listed birthday in the period.

Eligibility is judged on the first day of each window (an age-based programme starts with the
window in which the cadre has the age). A window is due only if the cadre is living on its first
day (:meth:`~laoganbu.models.cadre.Cadre.alive_on`): none starts on or after the death, nor
within a death month recorded to the month only; survivors (遗属) are served by the programmes
that name them.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Literal

import attrs

from laoganbu.dates import PartialDate
from laoganbu.models.cadre import Cadre
from laoganbu.models.enums import LifeEventKind
from laoganbu.models.roster import Roster
from laoganbu.models.transfer import CARE_KINDS, state_on
from laoganbu.observances import Observance, builtin_observances, observance_date
from laoganbu.periods import Period
from laoganbu.programs.model import CADENCE_LABELS, ServiceProgramDefinition

if TYPE_CHECKING:
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


@attrs.frozen
class Plan:
    """The due items of a set of programmes for a roster over a period."""

    period: Period
    items: tuple[DueItem, ...]
    programs: tuple[ServiceProgramDefinition, ...]
    roster: Roster = attrs.field(repr=False, eq=False)

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[DueItem]:
        return iter(self.items)

    def by_program(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for item in self.items:
            counts[item.program_id] += 1
        return {p.id: counts.get(p.id, 0) for p in self.programs}

    def for_cadre(self, cadre_id: str) -> list[DueItem]:
        return [i for i in self.items if i.cadre_id == cadre_id]

    def rows(self) -> list[dict[str, Any]]:
        """One dict per item, for tables and data frames."""
        return [
            {
                "cadre_id": i.cadre_id,
                "program_id": i.program_id,
                "start": i.start,
                "end": i.end,
                "reason": i.reason,
                "reason_kind": i.reason_kind,
                "event_id": i.event_id,
            }
            for i in self.items
        ]

    def to_polars(self) -> Any:
        """The items as a polars ``DataFrame`` (needs ``pip install laoganbu[polars]``)."""
        from tests.reference_schedule.frames import to_polars

        return to_polars(self.rows(), _PLAN_SCHEMA)

    def to_pandas(self) -> Any:
        """The items as a pandas ``DataFrame`` (needs ``pip install laoganbu[pandas]``)."""
        from laoganbu.schedule.frames import to_pandas

        return to_pandas(self.rows(), list(_PLAN_SCHEMA))


_PLAN_SCHEMA = {
    "cadre_id": "str",
    "program_id": "str",
    "start": "date",
    "end": "date",
    "reason": "str",
    "reason_kind": "str",
    "event_id": "str",
}


_ONE_DAY = _dt.timedelta(days=1)


def _in_care(cadre: Cadre, day: _dt.date) -> bool:
    """Not moved away on ``day``, by the transfers in _MOVES."""
    moves = _MOVES.get(cadre.id, ())
    return not moves or state_on(moves, day, CARE_KINDS)


def _living(cadre: Cadre, day: _dt.date) -> bool:
    """Living and in the area's care on ``day``: the copy carries its death."""
    return cadre.alive_on(day) and _in_care(cadre, day)


_MOVES: dict[str, tuple[Any, ...]] = {}


def _eligible(program: ServiceProgramDefinition, cadre: Cadre, day: _dt.date) -> bool:
    return _living(cadre, day) and program.who.matches(
        cadre, PartialDate(day.year, day.month, day.day)
    )


def plan(
    roster: Roster,
    programs: Iterable[ServiceProgramDefinition] | Locality,
    period: Period | str | int,
    *,
    observances: Sequence[Observance] | None = None,
    care_plans: bool = True,
) -> Plan:
    """Every service due under ``programs`` for the cadres of ``roster`` over ``period``.

    Args:
        roster: the cadres, and the life events that trigger visits.
        programs: the programmes, or a :class:`~laoganbu.Locality` (its programmes and
            observances).
        period: ``2026``, ``2026-Q3``, ``2026-01..2026-06`` …
        observances: the festivals programmes may name; the locality's or the built-in ones.
        care_plans: add the items of the measures of the roster's 一人一策 plans.

    The result does not depend on the order of the roster's records: items are sorted by
    cadre, programme and window.
    """
    period = Period.parse(period)
    if hasattr(programs, "programs") and hasattr(programs, "observances"):
        locality: Any = programs
        program_list = tuple(locality.programs)
        if observances is None and locality.observances:
            observances = tuple(locality.observances)
    else:
        program_list = tuple(programs)
    pool = {o.key: o for o in (builtin_observances() if observances is None else observances)}
    events_by_cadre: dict[str, list[Any]] = defaultdict(list)
    chosen = [id(e) for e in roster.death_events().values()]
    for event in roster.life_events:
        # One death, one set of duties: of several 去世 events, the one death_of reads.
        if event.kind is not LifeEventKind.DEATH or id(event) in chosen:
            events_by_cadre[event.cadre_id].append(event)
    # A death is recorded in 去世时间 or as a 去世 life event (Roster.death_of): the cadre is
    # judged with it, and a death recorded only in 去世时间 triggers as an event with no id.
    recorded: dict[str, Any] = dict(roster.death_events())
    _MOVES.clear()
    _MOVES.update({cid: tuple(moves) for cid, moves in roster.transfers_by_cadre().items()})
    cadres = sorted(
        (c.model_copy(update={"death_date": roster.death_of(c)}) for c in roster.cadres),
        key=lambda c: c.id,
    )
    for cadre in roster.cadres:
        if cadre.death_date is not None and cadre.id not in recorded:
            recorded[cadre.id] = cadre  # one event per id, as for a life event
            events_by_cadre[cadre.id].append(
                SimpleNamespace(
                    id=None, cadre_id=cadre.id, kind=LifeEventKind.DEATH, date=cadre.death_date
                )
            )
    items: list[DueItem] = []
    for program in sorted(program_list, key=lambda p: p.id):
        items.extend(_items(program, cadres, events_by_cadre, period, pool))
    if care_plans and roster.care_plans:
        from laoganbu.schedule.care_plans import care_plan_programs

        program_list = (*program_list, *care_plan_programs(roster.care_plans, period))
        items.extend(_care_plan_items(roster.care_plans, cadres, period))
    items.sort(key=lambda i: (i.cadre_id, i.program_id, i.start, i.end, i.event_id or ""))
    return Plan(period=period, items=tuple(items), programs=program_list, roster=roster)


def _windows(
    program: ServiceProgramDefinition, period: Period, pool: dict[str, Observance]
) -> list[tuple[Period, str]]:
    if program.cadence is not None:
        label = CADENCE_LABELS[program.cadence]
        return [(w, label) for w in period.split(program.cadence)]
    windows = []
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
                windows.append((Period(start, end), observance.name))
    return windows


def _items(
    program: ServiceProgramDefinition,
    cadres: Sequence[Cadre],
    events_by_cadre: dict[str, list[Any]],
    period: Period,
    pool: dict[str, Observance],
) -> Iterator[DueItem]:
    timing = program.timing
    if timing in ("cadence", "observance"):
        windows = _windows(program, period, pool)
        first_day = PartialDate(period.start.year, period.start.month, period.start.day)
        kind: ReasonKind = "cadence" if timing == "cadence" else "observance"
        for cadre in cadres:
            # Without an age condition eligibility cannot change within the period, except
            # by death: judge it once.
            static = not program.who.age_dependent
            if static and not program.who.matches(cadre, first_day):
                continue
            for window, reason in windows:
                day = window.start
                if not _living(cadre, day) or (not static and not _eligible(program, cadre, day)):
                    continue
                for _ in range(program.count):
                    yield DueItem(cadre.id, program.id, window.start, window.end, reason, kind)
        return
    if timing == "trigger":
        delta = _dt.timedelta(days=program.response_days)
        for cadre in cadres:
            for event in events_by_cadre.get(cadre.id, ()):
                if event.kind not in program.triggers:
                    continue
                happened = event.date.first_day
                # A death is answered by a visit to the family: the cadre is judged as on the
                # day before it, when still living.
                death = cadre.death_date  # the copy's: Roster.death_of
                judged = (
                    (death.first_day if death is not None else happened) - _ONE_DAY
                    if event.kind is LifeEventKind.DEATH
                    else happened
                )
                # Living (and eligible) the day it is judged on; in care on the item's first day.
                judged_ok = cadre.alive_on(judged) and program.who.matches(
                    cadre, PartialDate(judged.year, judged.month, judged.day)
                )
                if not period.contains(happened) or not judged_ok or not _in_care(cadre, happened):
                    continue
                end = event.date.last_day + delta
                reason = f"{event.kind.label} ({event.id})" if event.id else "去世（去世时间）"
                yield DueItem(cadre.id, program.id, happened, end, reason, "trigger", event.id)
        return
    for cadre in cadres:
        for age in program.milestone_ages:
            birthday = cadre.birth_date.add_months(12 * age)
            month = Period.month(birthday.year, birthday.month)
            if not period.overlaps(month) or not _eligible(program, cadre, month.start):
                continue
            yield DueItem(cadre.id, program.id, month.start, month.end, f"{age}岁生日", "milestone")


def _care_plan_items(
    plans: Sequence[Any], cadres: Sequence[Cadre], period: Period
) -> Iterator[DueItem]:
    """Each measure of each plan, due ``count`` times in every window of its cadence cut to
    the days the plan is in force, when what is left overlaps the period and the cadre is
    living and in care on its first day."""
    for cadre in cadres:
        for plan in plans:
            if plan.cadre_id != cadre.id:
                continue
            first = plan.drawn_up_on.first_day
            ends = [d.last_day for d in (plan.valid_until, plan.ended_on) if d is not None]
            for number, measure in enumerate(plan.measures, 1):
                cadence = measure.cadence
                for window in period.split(cadence.value):
                    start = max(window.start, first)
                    end = min([window.end, *ends])
                    if start > end or start > period.end or end < period.start:
                        continue
                    if not _living(cadre, start):
                        continue
                    program_id = f"care_plan.{measure.kind.value}.{cadence.value}"
                    reason = f"{cadence.label}（一人一策 {plan.id} 第{number}项）"
                    for _ in range(measure.count):
                        yield DueItem(
                            cadre.id,
                            program_id,
                            _dt.date(start.year, start.month, start.day),
                            _dt.date(end.year, end.month, end.day),
                            reason,
                            "cadence",
                        )
