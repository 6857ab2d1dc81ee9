"""What a death sets in motion, and what of it is still open.

A death is recorded in a cadre's 去世时间 or as a 去世 life event, whichever the roster holds
(:meth:`Roster.death_of <laoganbu.models.roster.Roster.death_of>`). From that day, under the
one "alive on" rule (:meth:`Roster.alive_on <laoganbu.models.roster.Roster.alive_on>`):

* the programmes that answer a death become due — a condolence visit (吊唁慰问), help with the
  funeral (协助料理后事) — with the cadences the locality's programme data gives them;
* the duties of a living cadre stop: no window of a visit, a call, a health check or a birthday
  that starts on or after the death falls due;
* the cadre no longer counts as a member of the Party organisation (membership counts and
  meeting duties use the same rule), nor as served in the grid, and a committee seat the cadre
  held is vacant;
* money paid for the cadre after the month of death is a problem, unless it answers the
  death (丧葬抚恤, 吊唁慰问): a survivor's own money is recorded under the survivor;
* a 离休 cadre's spouse, when the contacts name one and no survivor (遗属) record exists, is a
  *candidate* survivor record — proposed for the bureau to confirm and complete, never added.

:func:`lifecycle` gathers all of it for the deaths of a period; ``laoganbu lifecycle`` prints it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from laoganbu.dates import PartialDate, today_date
from laoganbu.labels import LabeledEnum
from laoganbu.models.cadre import Cadre
from laoganbu.models.enums import CadreKind, LifeEventKind, Sex
from laoganbu.models.roster import Roster
from laoganbu.models.service import AFTER_DEATH_SERVICES
from laoganbu.periods import Period
from laoganbu.privacy import PhoneNumber

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.locality import Locality
    from laoganbu.models.service import ServiceRecord
    from laoganbu.programs.model import ServiceProgramDefinition

__all__ = [
    "DeathCase",
    "DeathDuty",
    "Lifecycle",
    "RecordedAs",
    "SurvivorCandidate",
    "lifecycle",
]

#: How a contact's relation names a spouse, and the spouse's sex where the word says it.
SPOUSE_RELATIONS: Final[Mapping[str, Sex | None]] = {
    "配偶": None,
    "老伴": None,
    "老伴儿": None,
    "爱人": None,
    "妻": Sex.FEMALE,
    "妻子": Sex.FEMALE,
    "夫人": Sex.FEMALE,
    "夫": Sex.MALE,
    "丈夫": Sex.MALE,
    "spouse": None,
    "wife": Sex.FEMALE,
    "husband": Sex.MALE,
}


class RecordedAs(LabeledEnum):
    """记录方式 — where the roster records a death: 去世时间, a 去世 life event, or both."""

    DEATH_DATE = ("death_date", "去世时间")
    LIFE_EVENT = ("life_event", "生活事件")
    BOTH = ("both", "去世时间、生活事件")


@attrs.frozen(slots=True)
class DeathDuty:
    """A service a death made due, and its state on the day of the check (as in
    :func:`~laoganbu.schedule.compliance`: met, late, overdue, missed, upcoming)."""

    program_id: str
    program_name: str
    start: _dt.date
    end: _dt.date
    status: str
    record_id: str | None

    @property
    def done(self) -> bool:
        return self.status in ("met", "late")


@attrs.frozen(slots=True)
class SurvivorCandidate:
    """遗属候选 — a deceased 离休 cadre's spouse, from the contacts: a record for the bureau to
    confirm and complete (birth date, ID number), never one laoganbu adds by itself.

    ``sex`` is the relation's (妻子: female) or, for a word that does not say (配偶, 老伴), the
    opposite of the deceased's; ``sex_inferred`` says which.
    """

    deceased_id: str
    name: str
    relation: str
    phone: PhoneNumber | None
    sex: Sex
    sex_inferred: bool

    def to_row(self, *, reveal_pii: bool = False) -> dict[str, str]:
        """The candidate as a row of ``cadres.csv`` (English headers), with the fields the
        contacts do not give left blank for the bureau: birth date, ID number."""
        phone = (
            "" if self.phone is None else (self.phone.reveal() if reveal_pii else str(self.phone))
        )
        return {
            "id": "",
            "name": self.name,
            "sex": self.sex.value,
            "birth_date": "",
            "id_number": "",
            "kind": CadreKind.SURVIVOR.value,
            "phone": phone,
            "survivor_of": self.deceased_id,
        }

    def to_dict(self, *, reveal_pii: bool = False) -> dict[str, Any]:
        return {
            "deceased_id": self.deceased_id,
            "name": self.name,
            "relation": self.relation,
            "phone": None
            if self.phone is None
            else (self.phone.reveal() if reveal_pii else str(self.phone)),
            "sex": self.sex.value,
            "sex_inferred": self.sex_inferred,
        }


@attrs.frozen(slots=True)
class DeathCase:
    """One death and what it set in motion.

    Attributes:
        died: the recorded death; ``recorded_as`` says whether by 去世时间, by a 去世 life event
            (``event_id``) or both.
        duties: the services the death made due (condolence visit, help with the funeral …),
            each with its state on the day of the check.
        stopped: programme id → how many of the period's windows of a living cadre's duties
            no longer fall due because they start on or after the death.
        organization_id, grid_id: the Party organisation and the grid the record still names:
            membership and grid service ended with the death.
        committee_roles: committee seats the cadre held (Chinese role labels): vacant now.
        paid_after: ids of service records paying money for the cadre after the month of death
            that do not answer the death (a problem).
        served_after: ids of other service records dated after the death that no duty of the
            death used (a visit or call recorded for someone already deceased).
        survivors: ids of the survivor (遗属) records that name the cadre.
        candidates: proposed survivor records (a deceased 离休 cadre's spouse, when no
            survivor record exists and the contacts name one).
    """

    cadre_id: str
    name: str
    kind: CadreKind
    died: PartialDate
    recorded_as: RecordedAs
    event_id: str | None
    duties: tuple[DeathDuty, ...]
    stopped: Mapping[str, int]
    organization_id: str | None
    grid_id: str | None
    committee_roles: tuple[str, ...]
    paid_after: tuple[str, ...]
    served_after: tuple[str, ...]
    survivors: tuple[str, ...]
    candidates: tuple[SurvivorCandidate, ...]
    #: Programme id → name, for the programmes named in :attr:`stopped`.
    names: Mapping[str, str] = attrs.field(factory=dict, repr=False, eq=False)

    @property
    def open(self) -> list[str]:
        """What is still to do, in Chinese: duties not done, vacant seats, money to recover,
        a survivor record to confirm."""
        found = [
            f"{d.program_name}（{d.start}—{d.end}）未完成"
            for d in self.duties
            if not d.done and d.status != "upcoming"
        ]
        found += [
            f"{d.program_name}（{d.end}前）待办" for d in self.duties if d.status == "upcoming"
        ]
        found += [f"{role}职务空缺，待补选" for role in self.committee_roles]
        if self.paid_after:
            found.append(f"去世次月起仍有发放 {len(self.paid_after)} 笔，待核查")
        if self.served_after:
            found.append(f"去世后仍记有服务 {len(self.served_after)} 条，待核查")
        if self.kind is CadreKind.LIXIU and not self.survivors:
            if self.candidates:
                found.append(f"遗属候选 {len(self.candidates)} 人，待确认")
            else:
                found.append("联系人中无配偶：遗属情况待了解")
        return found

    def explain(self) -> str:
        """What the death set in motion, in Chinese, one line a point."""
        lines = [
            f"{self.name}（{self.cadre_id}，{self.kind.label}）于 {self.died} 去世"
            f"（据{self.recorded_as.label}" + (f" {self.event_id}" if self.event_id else "") + "）"
        ]
        for d in self.duties:
            state = "已办" if d.done else "未办"
            lines.append(f"  应办：{d.program_name} {d.start}—{d.end}（{state}，{d.status}）")
        if not self.duties:
            lines.append("  应办：本地服务项目中无因去世而办的项目")
        if self.stopped:
            each = "、".join(f"{self.names.get(p, p)} {n} 项" for p, n in self.stopped.items())
            lines.append(f"  停止：自 {self.died} 起不再应办 {each}")
        if self.organization_id:
            lines.append(f"  党组织关系（{self.organization_id}）随去世终止")
        if self.grid_id:
            lines.append(f"  网格（{self.grid_id}）服务随去世终止")
        lines += [f"  待办：{item}" for item in self.open]
        return "\n".join(lines)

    def to_dict(self, *, reveal_pii: bool = False) -> dict[str, Any]:
        return {
            "cadre_id": self.cadre_id,
            "name": self.name,
            "kind": self.kind.value,
            "died": str(self.died),
            "recorded_as": self.recorded_as.value,
            "event_id": self.event_id,
            "duties": [
                {
                    "program_id": d.program_id,
                    "program_name": d.program_name,
                    "start": d.start.isoformat(),
                    "end": d.end.isoformat(),
                    "status": d.status,
                    "record_id": d.record_id,
                }
                for d in self.duties
            ],
            "stopped": dict(self.stopped),
            "organization_id": self.organization_id,
            "grid_id": self.grid_id,
            "committee_roles": list(self.committee_roles),
            "paid_after": list(self.paid_after),
            "served_after": list(self.served_after),
            "survivors": list(self.survivors),
            "candidates": [c.to_dict(reveal_pii=reveal_pii) for c in self.candidates],
            "open": self.open,
        }


@attrs.frozen
class Lifecycle:
    """The deaths of a period up to ``as_of``, each with what it set in motion."""

    period: Period
    as_of: _dt.date
    cases: tuple[DeathCase, ...]

    def __len__(self) -> int:
        return len(self.cases)

    @property
    def open_cases(self) -> tuple[DeathCase, ...]:
        """The deaths with something still to do."""
        return tuple(c for c in self.cases if c.open)

    @property
    def candidates(self) -> tuple[SurvivorCandidate, ...]:
        return tuple(s for c in self.cases for s in c.candidates)

    def to_dict(self, *, reveal_pii: bool = False) -> dict[str, Any]:
        return {
            "period": self.period.label,
            "as_of": self.as_of.isoformat(),
            "deaths": len(self.cases),
            "open": len(self.open_cases),
            "cases": [c.to_dict(reveal_pii=reveal_pii) for c in self.cases],
        }


def lifecycle(
    roster: Roster,
    programs: Iterable[ServiceProgramDefinition] | Locality,
    period: Period | str | int,
    *,
    as_of: _dt.date | PartialDate | str | None = None,
    records: Iterable[ServiceRecord] | pl.DataFrame | None = None,
    grace_days: int = 30,
) -> Lifecycle:
    """Every death of ``period`` recorded by ``as_of``, with what it set in motion.

    Args:
        roster: the cadres, with the life events (a death may be recorded as one) and the
            organisations (committee seats).
        programs: the programmes, or a :class:`~laoganbu.Locality`; those triggered by a
            death (``triggers = ["death"]``) make its duties.
        period: the period whose deaths are listed, and whose windows of a living cadre's
            duties are counted as stopped.
        as_of: the day of the check (default: the earlier of today and the period's end);
            deaths after it are not listed.
        records: the service ledger the duties are matched against (default: the roster's
            service records).
        grace_days: as in :func:`~laoganbu.schedule.compliance`.

    Example:
        >>> from laoganbu import Cadre, LifeEvent, Roster, ServiceProgramDefinition
        >>> r = Roster(cadres=[Cadre(id="C1", name="某", sex="男", birth_date="1928.03",
        ...     kind="离休", work_start="1947.05", death_date="2026-03-14")])
        >>> visit = ServiceProgramDefinition(id="condolence", name="吊唁慰问",
        ...     kind="condolence", triggers=["death"], response_days=3, source="本地规定")
        >>> case = lifecycle(r, [visit], 2026, as_of="2026-12-01").cases[0]
        >>> for duty in case.duties:
        ...     print(duty.program_id, duty.end, duty.status)
        condolence 2026-03-17 missed
    """
    from laoganbu.params import as_day
    from laoganbu.schedule import compliance, plan

    period = Period.parse(period)
    if hasattr(programs, "programs") and hasattr(programs, "observances"):
        locality: Any = programs
        program_list = tuple(locality.programs)
        source: Any = locality
    else:
        program_list = tuple(programs)
        source = program_list
    given = min(today_date(), period.end) if as_of is None else as_day(as_of)
    day = _dt.date(given.year, given.month, given.day)
    deaths = {
        cid: died
        for cid, died in roster.deaths().items()
        if period.start <= died.first_day <= min(day, period.end) and roster.died_in_care(cid)
    }
    if not deaths:
        return Lifecycle(period=period, as_of=day, cases=())
    cadres = [c for c in roster.cadres if c.id in deaths]
    events = [e for e in roster.life_events if e.cadre_id in deaths]
    transfers = tuple(t for t in roster.transfers if t.cadre_id in deaths)
    deceased = Roster(cadres=tuple(cadres), life_events=tuple(events), transfers=transfers)
    names = {p.id: p.name for p in program_list}

    answering = [p for p in program_list if LifeEventKind.DEATH in p.triggers]
    duties: dict[str, list[DeathDuty]] = {}
    used: set[str] = set()
    import polars as pl

    ledger: Any = roster.service_records if records is None else records
    if not isinstance(ledger, pl.DataFrame | tuple | list):
        ledger = list(ledger)  # read twice below: the duties, then what came after
    if answering:
        due = plan(deceased, period, programs=answering, observances=_observances(source))
        checked = compliance(
            due, records=_of_cadres(ledger, deaths), as_of=day, grace_days=grace_days
        )
        death_events = deceased.death_events()
        for row in checked.frame.iter_rows(named=True):
            event = death_events.get(row["cadre_id"])
            event_id = None if event is None else event.id
            if row["event_id"] not in (None, event_id):
                continue  # a programme answering other events too, for one of those
            duties.setdefault(row["cadre_id"], []).append(
                DeathDuty(
                    program_id=row["program_id"],
                    program_name=names.get(row["program_id"], row["program_id"]),
                    start=row["start"],
                    end=row["end"],
                    status=row["status"],
                    record_id=row["record_id"],
                )
            )
            if row["record_id"] is not None:
                used.add(row["record_id"])

    # What the death stopped: the same cadres as if living, over the period, counting the
    # windows that start on or after the death.
    living = Roster(
        cadres=tuple(c.model_copy(update={"death_date": None}) for c in cadres),
        life_events=tuple(e for e in events if e.kind is not LifeEventKind.DEATH),
        transfers=transfers,
    )
    would = plan(living, period, programs=program_list, observances=_observances(source)).frame
    stopped = _stopped(would, deaths)

    seats: dict[str, list[str]] = {}
    for org in roster.organizations:
        for member in org.committee:
            if member.cadre_id in deaths:
                seats.setdefault(member.cadre_id, []).append(f"{org.name}{member.role.label}")
    survivors: dict[str, list[str]] = {}
    for cadre in roster.cadres:
        if cadre.survivor_of in deaths:
            survivors.setdefault(cadre.survivor_of, []).append(cadre.id)
    paid, served = _after(ledger, deaths, used)

    cases = []
    death_events = roster.death_events()
    seen: set[str] = set()
    for cadre in cadres:
        if cadre.id in seen:
            continue
        seen.add(cadre.id)
        event = death_events.get(cadre.id)
        recorded = (
            RecordedAs.BOTH
            if cadre.death_date is not None and event is not None
            else RecordedAs.DEATH_DATE
            if cadre.death_date is not None
            else RecordedAs.LIFE_EVENT
        )
        held = tuple(survivors.get(cadre.id, ()))
        cases.append(
            DeathCase(
                cadre_id=cadre.id,
                name=cadre.name,
                kind=cadre.kind,
                died=deaths[cadre.id],
                recorded_as=recorded,
                event_id=None if event is None else event.id,
                duties=tuple(duties.get(cadre.id, ())),
                stopped=stopped.get(cadre.id, {}),
                organization_id=cadre.organization_id,
                grid_id=cadre.grid_id,
                committee_roles=tuple(seats.get(cadre.id, ())),
                paid_after=tuple(paid.get(cadre.id, ())),
                served_after=tuple(served.get(cadre.id, ())),
                survivors=held,
                candidates=()
                if held or cadre.kind is not CadreKind.LIXIU
                else survivor_candidates(cadre),
                names=names,
            )
        )
    cases.sort(key=lambda c: (c.died.first_day, c.cadre_id))
    return Lifecycle(period=period, as_of=day, cases=tuple(cases))


def survivor_candidates(cadre: Cadre) -> tuple[SurvivorCandidate, ...]:
    """The spouses among a cadre's contacts, as candidate survivor records."""
    found = []
    for contact in cadre.contacts:
        relation = (contact.relation or "").strip()
        if relation.lower() not in SPOUSE_RELATIONS:
            continue
        said = SPOUSE_RELATIONS[relation.lower()]
        opposite = Sex.FEMALE if cadre.sex is Sex.MALE else Sex.MALE
        found.append(
            SurvivorCandidate(
                deceased_id=cadre.id,
                name=contact.name,
                relation=relation,
                phone=contact.phone,
                sex=said or opposite,
                sex_inferred=said is None,
            )
        )
    return tuple(found)


def _observances(source: Any) -> Any:
    observances = getattr(source, "observances", None)
    return tuple(observances) if observances else None


def _of_cadres(
    ledger: Iterable[ServiceRecord] | pl.DataFrame, cadres: Mapping[str, PartialDate]
) -> Any:
    """The ledger's records for ``cadres`` only: the rest would be reported as records of
    unknown cadres by the check of a roster of the deceased."""
    import polars as pl

    if isinstance(ledger, pl.DataFrame):
        return ledger.filter(pl.col("cadre_id").is_in(list(cadres)))
    return [r for r in ledger if r.cadre_id in cadres]


def _stopped(would: pl.DataFrame, deaths: Mapping[str, PartialDate]) -> dict[str, dict[str, int]]:
    import polars as pl

    if would.is_empty():
        return {}
    first_days = pl.DataFrame(
        {"cadre_id": list(deaths), "died": [d.first_day for d in deaths.values()]},
        schema={"cadre_id": pl.String, "died": pl.Date},
    )
    counted = (
        would.join(first_days, on="cadre_id")
        .filter(pl.col("start") >= pl.col("died"))
        .group_by("cadre_id", "program_id")
        .len()
        .sort("cadre_id", "program_id")
    )
    found: dict[str, dict[str, int]] = {}
    for cadre_id, program_id, n in counted.iter_rows():
        found.setdefault(cadre_id, {})[program_id] = n
    return found


def _after(
    ledger: Iterable[ServiceRecord] | pl.DataFrame,
    deaths: Mapping[str, PartialDate],
    used: set[str],
) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Money paid after the month of death, and other services dated after the death that
    no duty of the death used, by cadre."""
    from laoganbu.schedule.records import ledger_of

    paid: dict[str, list[str]] = {}
    served: dict[str, list[str]] = {}
    source = ledger_of(_of_cadres(ledger, deaths))
    for record in source.records(range(source.columns.height)):
        death = deaths[record.cadre_id]
        if record.kind in AFTER_DEATH_SERVICES or record.id in used:
            continue
        if record.amount:
            # Money in the month of death is allowed (the check agrees): only later is a problem.
            if record.date.month_index > death.month_index:
                paid.setdefault(record.cadre_id, []).append(record.id)
        elif record.date.first_day > death.last_day:
            served.setdefault(record.cadre_id, []).append(record.id)
    return paid, served
