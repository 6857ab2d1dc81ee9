"""The roster: every record of a bureau's area, with lookups and referential checks."""

from __future__ import annotations

import datetime as _dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Final

import attrs
from pydantic import Field, SerializerFunctionWrapHandler, field_serializer

from laoganbu.dates import PartialDate, today_date
from laoganbu.errors import RecordNotFoundError
from laoganbu.models.base import HasId, IdentifiedRecord, Record
from laoganbu.models.budget import Budget
from laoganbu.models.cadre import Cadre
from laoganbu.models.care_plan import CarePlan
from laoganbu.models.claim import MedicalClaim
from laoganbu.models.clearance import ClearancePlan
from laoganbu.models.enums import CadreKind, LifeEventKind, TransferKind
from laoganbu.models.grid import BOTTOM_GRID_LEVEL, Grid
from laoganbu.models.organization import LEVEL_ORDER, Meeting, PartyOrganization
from laoganbu.models.payment import AFTER_DEATH_PAYMENTS, PayBase, Payment
from laoganbu.models.records import Records, as_records
from laoganbu.models.request import ServiceRequest
from laoganbu.models.service import AFTER_DEATH_SERVICES, LifeEvent, ServiceRecord
from laoganbu.models.support import SupportRecord
from laoganbu.models.transfer import CARE_KINDS, PARTY_KINDS, Transfer, state_on
from laoganbu.models.unit import CollaborationGroup, Unit
from laoganbu.models.volunteer import VolunteerActivity, VolunteerTeam
from laoganbu.problems import Problem, RecordRef

if TYPE_CHECKING:
    import polars as pl

__all__ = ["LEDGERS", "TABLES", "Roster"]

#: Table name → model, in dependency order (a table refers only to tables before it, except
#: for references between records of the same table).
TABLES: Final[Mapping[str, type[IdentifiedRecord]]] = {
    "units": Unit,
    "groups": CollaborationGroup,
    "grids": Grid,
    "organizations": PartyOrganization,
    "cadres": Cadre,
    "pay_bases": PayBase,
    "clearance_plans": ClearancePlan,
    "budgets": Budget,
    "care_plans": CarePlan,
    "service_records": ServiceRecord,
    "life_events": LifeEvent,
    "transfers": Transfer,
    "meetings": Meeting,
    "volunteer_teams": VolunteerTeam,
    "volunteer_activities": VolunteerActivity,
    "supports": SupportRecord,
    "payments": Payment,
    "medical_claims": MedicalClaim,
    "requests": ServiceRequest,
}


#: The tables of what happened (service records, life events, transfers, meetings, volunteer
#: activities, supports, payments, requests), as against who and what exists: they grow without
#: bound, and a command reads only those it needs (see :func:`laoganbu.read_roster`).
LEDGERS: Final[tuple[str, ...]] = (
    "service_records",
    "life_events",
    "transfers",
    "meetings",
    "volunteer_activities",
    "supports",
    "payments",
    "medical_claims",
    "requests",
)


class Roster(Record):
    """花名册 — all records of one area. Build it directly, or read one with
    :func:`laoganbu.read_roster`. Lookups are indexed on first use."""

    label = "花名册"

    units: tuple[Unit, ...] = Field((), title="单位")
    groups: tuple[CollaborationGroup, ...] = Field((), title="联系协作组")
    grids: tuple[Grid, ...] = Field((), title="网格")
    organizations: tuple[PartyOrganization, ...] = Field((), title="党组织")
    cadres: tuple[Cadre, ...] = Field((), title="离退休干部")
    pay_bases: tuple[PayBase, ...] = Field((), title="基本离休费")
    clearance_plans: tuple[ClearancePlan, ...] = Field((), title="清兑计划")
    budgets: tuple[Budget, ...] = Field((), title="预算")
    care_plans: tuple[CarePlan, ...] = Field((), title="一人一策")
    service_records: tuple[ServiceRecord, ...] = Field((), title="服务记录")
    life_events: tuple[LifeEvent, ...] = Field((), title="生活事件")
    transfers: tuple[Transfer, ...] = Field((), title="转移记录")
    meetings: tuple[Meeting, ...] = Field((), title="组织生活")
    volunteer_teams: tuple[VolunteerTeam, ...] = Field((), title="志愿团队")
    volunteer_activities: tuple[VolunteerActivity, ...] = Field((), title="志愿活动")
    supports: tuple[SupportRecord, ...] = Field((), title="帮扶记录")
    payments: tuple[Payment, ...] = Field((), title="待遇发放记录")
    medical_claims: tuple[MedicalClaim, ...] = Field((), title="医药费报销")
    requests: tuple[ServiceRequest, ...] = Field((), title="诉求记录")

    def table(self, name: str) -> tuple[IdentifiedRecord, ...]:
        """The records of a table by its name (see :data:`TABLES`)."""
        if name not in TABLES:
            raise KeyError(f"no table {name!r}; tables are {', '.join(TABLES)}")
        records: tuple[IdentifiedRecord, ...] = getattr(self, name)
        return records

    def frame(self, name: str, *, reveal_pii: bool = False) -> pl.DataFrame:
        """A table's records as a polars frame, one row a record, for analysis in bulk.

        Every table of :data:`TABLES`, and the child tables of the files (``contacts``,
        ``grid_workers``, ``committee_members``, ``group_tasks``, ``care_plan_measures``: one
        row a child, its parent's id first). The columns are the table's CSV columns under
        their English headers: labels as English codes, dates as ``YYYY-MM`` /
        ``YYYY-MM-DD`` text, amounts as ``Decimal``, lists of ids as lists of text; a cadre's
        health as ``health_status``, ``health_care_level``, ``health_notes`` and
        ``health_last_check``. The cadres' frame adds ``retirement_category`` (``male``, or
        ``female-cadre`` for women), which
        :func:`laoganbu.batch.retirement` reads. :mod:`laoganbu.io.roster_frames` says more.

        pandas and Arrow through polars: ``.to_pandas()``, ``.to_arrow()``.

        Args:
            name: the table's English name (``cadres``) or Chinese label (``离退休干部``).
            reveal_pii: give ID numbers, phone numbers, addresses and health unmasked; masked
                by default, as in an export (a masked health column holds ``***``).

        Raises:
            InvalidValueError: no table is called ``name``.

        Example:
            >>> from laoganbu.testing import sample_roster
            >>> cadres = sample_roster().frame("cadres")
            >>> cadres.select("id", "sex", "birth_date", "retirement_category").row(0)
            ('C00001', 'female', '1931-01', 'female-cadre')
        """
        # io builds on the models: imported here, when a frame is asked for.
        from laoganbu.io.roster_frames import table_frame

        return table_frame(self, name, reveal_pii=reveal_pii)

    def counts(self) -> dict[str, int]:
        """Number of records per table."""
        return {name: len(self.table(name)) for name in TABLES}

    # -- indexes ------------------------------------------------------------------------------

    @field_serializer(*TABLES, mode="wrap")
    def _dump_table(self, value: Any, handler: SerializerFunctionWrapHandler) -> Any:
        # A table read as columns holds Records, whose records are made here if not before.
        return handler(tuple(value) if isinstance(value, Records) else value)

    @cached_property
    def _indexes(self) -> dict[str, tuple[Sequence[Any], dict[str, Any]]]:
        return {}

    def _by_id(self, name: str) -> dict[str, Any]:
        """The records of table ``name`` by id, indexed when first asked for (a table read
        as columns is made then)."""
        table = self.table(name)
        # A copy (model_copy) shares this cache: an index holds for the table it was made of.
        held = self._indexes.get(name)
        if held is not None and held[0] is table:
            return held[1]
        # Duplicated ids keep their first record here; check() reports the others.
        index: dict[str, Any] = {}
        for record in table:
            index.setdefault(record.id, record)
        self._indexes[name] = (table, index)
        return index

    @cached_property
    def _cadres_by(self) -> dict[str, dict[str | None, list[Cadre]]]:
        index: dict[str, dict[str | None, list[Cadre]]] = {
            "grid_id": defaultdict(list),
            "organization_id": defaultdict(list),
            "former_unit_id": defaultdict(list),
        }
        for cadre in self.cadres:
            for key, bucket in index.items():
                bucket[getattr(cadre, key)].append(cadre)
        return index

    def get(self, table: str, record_id: str) -> Any:
        """The record of ``table`` with ``record_id``; :class:`RecordNotFoundError` if none."""
        try:
            return self._by_id(table)[record_id]
        except KeyError:
            raise RecordNotFoundError(f"no {table} record with id {record_id!r}") from None

    def cadre(self, cadre_id: str) -> Cadre:
        result: Cadre = self.get("cadres", cadre_id)
        return result

    def grid(self, grid_id: str) -> Grid:
        result: Grid = self.get("grids", grid_id)
        return result

    def organization(self, organization_id: str) -> PartyOrganization:
        result: PartyOrganization = self.get("organizations", organization_id)
        return result

    def unit(self, unit_id: str) -> Unit:
        result: Unit = self.get("units", unit_id)
        return result

    def cadres_in_grid(self, grid_id: str) -> list[Cadre]:
        """Cadres placed directly in a grid (a level-3 grid; see :meth:`grid_descendants`);
        none for ``None`` (not the cadres in no grid)."""
        return self._cadres_with("grid_id", grid_id)

    def members_of(self, organization_id: str) -> list[Cadre]:
        """Cadres whose Party organisation relationship sits in this organisation; none for
        ``None`` (not the cadres in no organisation)."""
        return self._cadres_with("organization_id", organization_id)

    def cadres_of_unit(self, unit_id: str) -> list[Cadre]:
        """Cadres who retired from this unit; none for ``None``."""
        return self._cadres_with("former_unit_id", unit_id)

    def _cadres_with(self, field: str, value: str | None) -> list[Cadre]:
        if value is None:  # a missing id names no record
            return []
        return list(self._cadres_by[field].get(value, ()))

    def children(self, table: str, parent_id: str) -> list[Any]:
        """Records of ``grids``, ``organizations`` or ``units`` whose parent is ``parent_id``."""
        return [r for r in self.table(table) if getattr(r, "parent_id", None) == parent_id]

    def grid_descendants(self, grid_id: str) -> Iterator[Grid]:
        """Every grid below ``grid_id``, depth first."""
        for child in self.children("grids", grid_id):
            yield child
            yield from self.grid_descendants(child.id)

    def living_cadres(self, on: _dt.date | PartialDate | str | None = None) -> Iterator[Cadre]:
        """Cadres living on ``on`` (today in China by default), as :meth:`alive_on` says, and
        in the area's care (not moved away by then: :meth:`in_care_on`).

        Judged in one pass by the batch form, :meth:`Cadre.alive_on_each`.
        """
        day = today_date() if on is None else _day(on)
        events = self.death_events()
        deaths = (
            c.death_date if c.death_date is not None or not events else self._event_death(c)
            for c in self.cadres
        )
        alive = Cadre.alive_on_each(deaths, day, (c.birth_date for c in self.cadres))
        moves = self.transfers_by_cadre()
        if moves:
            # Moved away: no longer the area's (in_care_on).
            alive = [
                flag and (c.id not in moves or state_on(moves[c.id], day, CARE_KINDS))
                for flag, c in zip(alive, self.cadres, strict=True)
            ]
        return itertools.compress(self.cadres, alive)

    # -- moves --------------------------------------------------------------------------------

    def transfers_of(self, cadre_id: str) -> tuple[Transfer, ...]:
        """A cadre's transfers (out and in), in the order recorded."""
        return tuple(self.transfers_by_cadre().get(cadre_id, ()))

    def transfers_by_cadre(self) -> dict[str, list[Transfer]]:
        """Every cadre's transfers by cadre id, in the order recorded; indexed when first asked
        for."""
        table = self.transfers
        held = self._indexes.get("transfers-by-cadre")
        if held is not None and held[0] is table:
            return held[1]
        found: dict[str, list[Transfer]] = defaultdict(list)
        for transfer in table:
            found[transfer.cadre_id].append(transfer)
        self._indexes["transfers-by-cadre"] = (table, dict(found))
        return dict(found)

    def in_care_on(self, cadre: Cadre | str, day: _dt.date | PartialDate | str) -> bool:
        """Whether the bureau serves the cadre on ``day``: living (:meth:`alive_on`) and not
        moved away — by the cadre's management transfers (管理服务关系转移), the last on or
        before ``day`` decides (:func:`~laoganbu.models.transfer.state_on`). Every service
        falls due only on days a cadre is in care; counts of an area's living cadres count
        those in care."""
        return self._living_and_in(cadre, day, CARE_KINDS)

    def member_on(self, cadre: Cadre | str, day: _dt.date | PartialDate | str) -> bool:
        """Whether the cadre counts as a member of the Party organisation the record names on
        ``day``: living, and the Party relation not moved away by a transfer (either kind)."""
        return self._living_and_in(cadre, day, PARTY_KINDS)

    def _living_and_in(
        self,
        cadre: Cadre | str,
        day: _dt.date | PartialDate | str,
        kinds: frozenset[TransferKind],
    ) -> bool:
        if isinstance(cadre, str):
            cadre = self.cadre(cadre)
        day = _day(day)
        if not self.alive_on(cadre, day):
            return False
        moves = self.transfers_by_cadre().get(cadre.id)
        return not moves or state_on(moves, day, kinds)

    def died_in_care(self, cadre: Cadre | str) -> bool:
        """Whether the cadre's recorded death (:meth:`death_of`) came while in the area's
        care — in care on the day before it. A death after moving away is another bureau's:
        the summary, the statistics and :func:`~laoganbu.registry.lifecycle` leave it out."""
        if isinstance(cadre, str):
            cadre = self.cadre(cadre)
        death = self.death_of(cadre)
        if death is None:
            return False
        moves = self.transfers_by_cadre().get(cadre.id)
        before = death.first_day - _dt.timedelta(days=1)
        return not moves or state_on(moves, before, CARE_KINDS)

    def volunteers_on(self, day: _dt.date | PartialDate | str) -> set[str]:
        """The ids of the volunteers on ``day``: members of a team formed by then (or of no
        recorded date) who are cadres of this roster, living and in its care."""
        day = _day(day)
        first = day.first_day if isinstance(day, PartialDate) else day
        known = self._by_id("cadres")
        members = {
            m
            for t in self.volunteer_teams
            if t.formed_on is None or t.formed_on.first_day <= first
            for m in t.member_ids
        }
        return {m for m in members if m in known and self.in_care_on(known[m], day)}

    # -- death --------------------------------------------------------------------------------

    def death_events(self) -> dict[str, LifeEvent]:
        """Each cadre's earliest 去世 life event, by cadre id (of two on one day, the first
        recorded); indexed when first asked for."""
        table = self.life_events
        held = self._indexes.get("death-events")
        if held is not None and held[0] is table:
            return held[1]
        found: dict[str, LifeEvent] = {}
        for event in table:
            if event.kind is not LifeEventKind.DEATH:
                continue
            known = found.get(event.cadre_id)
            if known is None or event.date.first_day < known.date.first_day:
                found[event.cadre_id] = event
        self._indexes["death-events"] = (table, found)
        return found

    def _event_death(self, cadre: Cadre) -> PartialDate | None:
        event = self.death_events().get(cadre.id)
        return None if event is None else event.date

    def death_of(self, cadre: Cadre | str) -> PartialDate | None:
        """The cadre's recorded death, whichever way the roster holds it: its 去世时间
        (:attr:`Cadre.death_date`) or, when that is blank, the date of its earliest 去世 life
        event; ``None`` when neither records one.

        Where both are given and disagree, 去世时间 counts and :meth:`check` warns.
        """
        if isinstance(cadre, str):
            cadre = self.cadre(cadre)
        return cadre.death_date if cadre.death_date is not None else self._event_death(cadre)

    def deaths(self) -> dict[str, PartialDate]:
        """Every recorded death (see :meth:`death_of`), cadre id → date, the cadres with a
        去世时间 first in roster order. Only the deceased cadres are made into records."""
        found = {c.id: c.death_date for c in as_records(self.cadres).having("death_date")}
        events = self.death_events()
        if events:
            known = set(as_records(self.cadres).ids())
            for cadre_id, event in events.items():
                if cadre_id in known:
                    found.setdefault(cadre_id, event.date)
        return {k: v for k, v in found.items() if v is not None}

    def alive_on(self, cadre: Cadre | str, day: _dt.date | PartialDate | str) -> bool:
        """:meth:`Cadre.alive_on` with the death :meth:`death_of` finds: laoganbu's one
        definition of living, for a cadre of this roster.

        Example:
            >>> from laoganbu import LifeEvent
            >>> c = Cadre(id="C1", name="某", sex="男", birth_date="1930.01", kind="退休")
            >>> r = Roster(cadres=[c], life_events=[
            ...     LifeEvent(id="E1", cadre_id="C1", kind="去世", date="2026-03-14")])
            >>> r.alive_on("C1", PartialDate(2026, 3, 13)), r.alive_on(c, PartialDate(2026, 3, 14))
            (True, False)
        """
        if isinstance(cadre, str):
            cadre = self.cadre(cadre)
        day = _day(day)
        if cadre.death_date is None:
            death = self._event_death(cadre)
            if death is not None:
                cadre = cadre.model_copy(update={"death_date": death})
        return cadre.alive_on(day)

    # -- referential checks -------------------------------------------------------------------

    def check(self) -> list[Problem]:
        """Every reference that does not resolve, every duplicate id, every broken tree.

        Errors make a record unusable; warnings (a living cadre in no grid, a committee member
        who is not a member) keep it. Records that fail are reported, not removed: see
        :func:`laoganbu.read_roster` for an import that sets them aside.
        """
        return list(_RosterChecker(self).run())


class _RosterChecker:
    def __init__(self, roster: Roster) -> None:
        self.roster = roster
        self.ids = {name: set(as_records(roster.table(name)).ids()) for name in TABLES}

    def run(self) -> Iterator[Problem]:
        yield from self._duplicates()
        yield from self._units()
        yield from self._groups()
        yield from self._grids()
        yield from self._organizations()
        yield from self._cadres()
        yield from self._ledger()
        yield from self._volunteers()
        yield from self._supports()
        yield from self._requests()
        yield from self._care_plans()
        yield from self._deaths()
        yield from self._people()

    @staticmethod
    def _problem(
        table: str,
        record: HasId,
        field: str,
        message: str,
        severity: str = "error",
        *,
        code: str | None = None,
        refers_to: RecordRef | None = None,
    ) -> Problem:
        return Problem(
            table=table,
            record_id=record.id,
            field=field,
            message=message,
            severity="warning" if severity == "warning" else "error",
            code=code,
            refers_to=refers_to,
        )

    def _ref(
        self, table: str, record: HasId, field: str, target: str, ids: Iterable[str | None]
    ) -> Iterator[Problem]:
        known = self.ids[target]
        for value in ids:
            if value is not None and value not in known:
                label = TABLES[target].label
                yield self._problem(
                    table,
                    record,
                    field,
                    f"unknown {target} id {value!r} / 未知的{label}编号",
                    code="unknown-reference",
                    refers_to=RecordRef(target, value),
                )

    def _known(self, records: Sequence[Any], field: str, target: str, many: bool = False) -> bool:
        """Whether every record's ``field`` refers to a ``target`` that exists: asked first, in
        C, so that a clean roster of 100,000 cadres is not walked record by record."""
        return as_records(records).distinct(field, many=many) <= self.ids[target]

    def _duplicates(self) -> Iterator[Problem]:
        for name in TABLES:
            if len(self.ids[name]) == len(self.roster.table(name)):
                continue
            seen: set[str] = set()
            for record in self.roster.table(name):
                rid = record.id
                if rid in seen:
                    yield self._problem(
                        name, record, "id", f"duplicate id {rid!r} / 编号重复", code="duplicate-id"
                    )
                seen.add(rid)

    def _cycles(self, table: str, records: Iterable[Any]) -> Iterator[Problem]:
        parent = {r.id: r.parent_id for r in records}
        reported: set[str] = set()
        for start in parent:
            path: list[str] = []
            node: str | None = start
            while node is not None and node in parent and node not in path:
                path.append(node)
                node = parent[node]
            if node is not None and node in path and start not in reported:
                cycle = path[path.index(node) :]
                reported.update(cycle)
                rec = self.roster.get(table, start)
                yield self._problem(
                    table,
                    rec,
                    "parent_id",
                    f"parents form a cycle {' → '.join([*cycle, node])} / 上下级关系成环",
                )

    def _units(self) -> Iterator[Problem]:
        for unit in self.roster.units:
            yield from self._ref("units", unit, "parent_id", "units", [unit.parent_id])
        yield from self._cycles("units", self.roster.units)

    def _groups(self) -> Iterator[Problem]:
        for group in self.roster.groups:
            yield from self._ref("groups", group, "member_unit_ids", "units", group.member_unit_ids)

    def _grids(self) -> Iterator[Problem]:
        grids = self.roster._by_id("grids")
        for grid in self.roster.grids:
            if grid.parent_id is None:
                continue
            parent = grids.get(grid.parent_id)
            if parent is None:
                yield from self._ref("grids", grid, "parent_id", "grids", [grid.parent_id])
            elif parent.level != grid.level - 1:
                yield self._problem(
                    "grids",
                    grid,
                    "parent_id",
                    f"a level-{grid.level} grid's parent must be level {grid.level - 1},"
                    f" {parent.id!r} is level {parent.level} / 上级网格层级不对",
                )

    def _organizations(self) -> Iterator[Problem]:
        orgs = self.roster._by_id("organizations")
        rank = {level: i for i, level in enumerate(LEVEL_ORDER)}
        for org in self.roster.organizations:
            yield from self._ref("organizations", org, "unit_ids", "units", org.unit_ids)
            for member in org.committee:
                yield from self._ref("organizations", org, "committee", "cadres", [member.cadre_id])
            if org.parent_id is None:
                continue
            parent = orgs.get(org.parent_id)
            if parent is None:
                yield from self._ref(
                    "organizations", org, "parent_id", "organizations", [org.parent_id]
                )
            elif rank[parent.level] >= rank[org.level]:
                yield self._problem(
                    "organizations",
                    org,
                    "parent_id",
                    f"a {org.level.label} cannot sit under a {parent.level.label} ({parent.id!r})"
                    " / 上级党组织层级应高于本级",
                )

    def _cadres(self) -> Iterator[Problem]:
        grids = self.roster._by_id("grids")
        cadres = as_records(self.roster.cadres)
        # A check has no day of its own: it judges the roster as it stands today.
        day = today_date()
        known = self._known(cadres, "former_unit_id", "units") and self._known(
            cadres, "organization_id", "organizations"
        )
        if known:
            # Only the cadres a check below may concern are made into records (a roster read
            # as columns keeps the others as columns).
            bottom = {g.id for g in grids.values() if g.level == BOTTOM_GRID_LEVEL}
            concerned: Sequence[Cadre] = cadres.where(
                grid_id=lambda g: g not in bottom, survivor_of=lambda s: s is not None
            )
        else:
            concerned = cadres
        deceased_of = cadres.pick({c.survivor_of for c in concerned if c.survivor_of})
        for cadre in concerned:
            if not known:
                yield from self._ref(
                    "cadres", cadre, "former_unit_id", "units", [cadre.former_unit_id]
                )
                yield from self._ref(
                    "cadres", cadre, "organization_id", "organizations", [cadre.organization_id]
                )
            if cadre.grid_id is not None:
                grid = grids.get(cadre.grid_id)
                if grid is None:
                    yield from self._ref("cadres", cadre, "grid_id", "grids", [cadre.grid_id])
                elif grid.level != BOTTOM_GRID_LEVEL:
                    yield self._problem(
                        "cadres",
                        cadre,
                        "grid_id",
                        f"cadres sit in level-{BOTTOM_GRID_LEVEL} grids; {grid.id!r} is level"
                        f" {grid.level} / 干部应编入三级网格",
                    )
            elif self.roster.in_care_on(cadre, day):
                yield self._problem(
                    "cadres", cadre, "grid_id", "living cadre in no grid / 未编入网格", "warning"
                )
            if cadre.survivor_of is not None:
                deceased = deceased_of.get(cadre.survivor_of)
                if deceased is None:
                    yield from self._ref(
                        "cadres", cadre, "survivor_of", "cadres", [cadre.survivor_of]
                    )
                elif deceased.kind is not CadreKind.LIXIU or self.roster.death_of(deceased) is None:
                    yield self._problem(
                        "cadres",
                        cadre,
                        "survivor_of",
                        f"{deceased.id!r} is not a deceased 离休 cadre / 所属干部应为已故离休干部",
                    )
        # The first record of an id, as get() gives it.
        organization_of: dict[str, str | None] = {}
        for cid, org_id in zip(cadres.ids(), cadres.column("organization_id"), strict=True):
            organization_of.setdefault(cid, org_id)
        for org in self.roster.organizations:
            for member in org.committee:
                if member.cadre_id not in organization_of:
                    continue
                if organization_of[member.cadre_id] != org.id:
                    yield self._problem(
                        "organizations",
                        org,
                        "committee",
                        f"committee member {member.cadre_id!r} is not a member of this"
                        " organisation / 委员不是本组织党员",
                        "warning",
                        code="not-a-member",
                        refers_to=RecordRef("cadres", member.cadre_id),
                    )

    def _people(self) -> Iterator[Problem]:
        """Two records of one person: the later one is reported, naming the first."""
        # The registry reads columns (polars): imported when a roster is checked.
        from laoganbu.registry.duplicates import find_duplicates

        if len(self.roster.cadres) < 2:
            return
        for pair in find_duplicates(self.roster):
            first = pair.first
            if pair.certain:
                field, code = "id_number", "duplicate-person"
                message = (
                    f"the same ID number as cadre {first!r}: one person, two records"
                    f" / 与干部 {first} 身份证号相同，同一人重复录入"
                )
            else:
                field, code = "name", "likely-duplicate"
                message = (
                    f"likely the same person as cadre {first!r} (same {pair.shared_en};"
                    f" score {pair.score:.2f}) / 疑与干部 {first} 为同一人（{pair.shared_zh}相同）"
                )
            yield self._problem(
                "cadres",
                _Named(pair.second),
                field,
                message,
                "warning",
                code=code,
                refers_to=RecordRef("cadres", first),
            )

    def _deaths(self) -> Iterator[Problem]:
        """A death recorded two ways that disagree, or only as a life event; money paid for a
        cadre after the month of death; a transfer after the death; a committee seat held by a
        deceased cadre.

        ``read_frame`` gives this check only the ledger rows it picks (``io.frame_reader``'s
        ``_judged_beyond_references``): a ledger row it reads here needs picking there too."""
        roster = self.roster
        # Only the cadres these checks concern are made into records: those with a 去世 life
        # event, paid money, or on a committee (a roster of a million keeps the rest as
        # columns).
        paid = [r for r in as_records(roster.service_records).having("amount") if r.amount]
        payments = [p for p in roster.payments if p.kind not in AFTER_DEATH_PAYMENTS]
        concerned = set(roster.death_events())
        concerned.update(r.cadre_id for r in paid)
        concerned.update(p.cadre_id for p in payments)
        concerned.update(m.cadre_id for o in roster.organizations for m in o.committee)
        concerned.update(t.cadre_id for t in roster.transfers)
        cadres = as_records(roster.cadres)
        # Of those, only the deceased: a 去世时间 is looked for in the columns.
        concerned &= cadres.ids_having("death_date") | set(roster.death_events())
        picked = cadres.pick(concerned)
        deaths = {
            cid: death for cid, c in picked.items() if (death := roster.death_of(c)) is not None
        }
        if not deaths:
            return
        dated = {cid: c.death_date for cid, c in picked.items() if c.death_date is not None}
        chosen = roster.death_events()  # the event death_of reads, of several
        for event in roster.life_events:
            if event.kind is not LifeEventKind.DEATH or event.cadre_id not in deaths:
                continue
            cadre_id = event.cadre_id
            about = RecordRef("cadres", cadre_id)
            recorded = dated.get(cadre_id)
            first = chosen[cadre_id]
            if event is not first:
                yield self._problem(
                    "life_events",
                    event,
                    "kind",
                    f"cadre {cadre_id!r}'s death is recorded by life event {first.id!r} already"
                    f" ({first.date}) / 干部 {cadre_id} 的去世已有记录（{first.id}），重复记录",
                    "warning",
                    code="death-recorded-twice",
                    refers_to=about,
                )
            elif recorded is None:
                yield self._problem(
                    "life_events",
                    event,
                    "kind",
                    f"cadre {cadre_id!r}'s death is recorded only by this life event; its 去世时间"
                    f" is blank (counted as deceased from {event.date}) / 干部 {cadre_id}"
                    f" 的去世仅见于生活事件，去世时间未填写（自{event.date}起按已故计）",
                    "warning",
                    code="death-date-missing",
                    refers_to=about,
                )
            elif not _same_day(recorded, event.date):
                yield self._problem(
                    "life_events",
                    event,
                    "date",
                    f"death on {event.date} here, on {recorded} in cadre {cadre_id!r}'s 去世时间"
                    f" (which counts) / 去世日期与干部 {cadre_id} 的去世时间（{recorded}）不符",
                    "warning",
                    code="death-dates-differ",
                    refers_to=about,
                )
        for record in paid:
            death = deaths.get(record.cadre_id)
            if (
                death is not None
                and record.amount
                and record.kind not in AFTER_DEATH_SERVICES
                and record.date.month_index > death.month_index
            ):
                yield self._problem(
                    "service_records",
                    record,
                    "amount",
                    f"{record.amount} yuan paid for cadre {record.cadre_id!r} after the month of"
                    f" death ({death}); only 丧葬抚恤, 吊唁慰问 and the like follow a death, and a"
                    " survivor's money is recorded under the survivor"
                    f" / 干部 {record.cadre_id} 去世（{death}）次月起仍有发放",
                    "warning",
                    code="paid-after-death",
                    refers_to=RecordRef("cadres", record.cadre_id),
                )
        for payment in payments:
            death = deaths.get(payment.cadre_id)
            if death is not None and payment.last_month.month_index > death.month_index:
                yield self._problem(
                    "payments",
                    payment,
                    "period_to" if payment.period_to is not None else "period_from",
                    f"{payment.amount} yuan of {payment.kind.label} for cadre {payment.cadre_id!r}"
                    f" for months after the month of death ({death}); only 丧葬抚恤, 慰问金 and a"
                    " survivor's aid follow a death, and a survivor's money is recorded under the"
                    f" survivor / 干部 {payment.cadre_id} 去世（{death}）次月起仍有"
                    f"{payment.kind.label}发放",
                    "warning",
                    code="paid-after-death",
                    refers_to=RecordRef("cadres", payment.cadre_id),
                )
        for transfer in roster.transfers:
            death = deaths.get(transfer.cadre_id)
            if death is not None and transfer.date.first_day > death.last_day:
                yield self._problem(
                    "transfers",
                    transfer,
                    "date",
                    f"a transfer of cadre {transfer.cadre_id!r} after the death ({death})"
                    f" / 干部 {transfer.cadre_id} 去世（{death}）后仍有转移记录",
                    "warning",
                    code="transfer-after-death",
                    refers_to=RecordRef("cadres", transfer.cadre_id),
                )
        day = today_date()
        for org in roster.organizations:
            for member in org.committee:
                death = deaths.get(member.cadre_id)
                if death is not None and death.first_day <= day:
                    yield self._problem(
                        "organizations",
                        org,
                        "committee",
                        f"committee member {member.cadre_id!r} ({member.role.label}) died on"
                        f" {death}: the seat is vacant"
                        f" / 委员 {member.cadre_id} 已去世，职务空缺待补选",
                        "warning",
                        code="deceased-committee-member",
                        refers_to=RecordRef("cadres", member.cadre_id),
                    )

    def _ledger(self) -> Iterator[Problem]:
        ledgers: tuple[
            tuple[
                str,
                Sequence[
                    ServiceRecord
                    | LifeEvent
                    | Transfer
                    | Payment
                    | ServiceRequest
                    | PayBase
                    | ClearancePlan
                    | MedicalClaim
                    | CarePlan
                ],
            ],
            ...,
        ] = (
            ("service_records", self.roster.service_records),
            ("life_events", self.roster.life_events),
            ("transfers", self.roster.transfers),
            ("payments", self.roster.payments),
            ("requests", self.roster.requests),
            ("pay_bases", self.roster.pay_bases),
            ("clearance_plans", self.roster.clearance_plans),
            ("medical_claims", self.roster.medical_claims),
            ("care_plans", self.roster.care_plans),
        )
        for table, records in ledgers:
            if self._known(records, "cadre_id", "cadres"):
                continue
            for record in records:
                yield from self._ref(table, record, "cadre_id", "cadres", [record.cadre_id])
        meetings = self.roster.meetings
        if self._known(meetings, "organization_id", "organizations") and self._known(
            meetings, "attendee_ids", "cadres", many=True
        ):
            return
        for meeting in meetings:
            yield from self._ref(
                "meetings", meeting, "organization_id", "organizations", [meeting.organization_id]
            )
            yield from self._ref(
                "meetings", meeting, "attendee_ids", "cadres", meeting.attendee_ids
            )

    def _supports(self) -> Iterator[Problem]:
        for support in self.roster.supports:
            yield from self._ref(
                "supports", support, "organization_id", "organizations", [support.organization_id]
            )
            yield from self._ref("supports", support, "grid_id", "grids", [support.grid_id])
            yield from self._ref("supports", support, "unit_id", "units", [support.unit_id])

    def _requests(self) -> Iterator[Problem]:
        pairs = (
            ("requests", "assigned_unit_id", "units"),
            ("clearance_plans", "unit_id", "units"),
            ("budgets", "unit_id", "units"),
            ("budgets", "grid_id", "grids"),
        )
        for table, field, target in pairs:
            records = self.roster.table(table)
            if self._known(records, field, target):
                continue
            for record in records:
                yield from self._ref(table, record, field, target, [getattr(record, field)])

    def _care_plans(self) -> Iterator[Problem]:
        plans = self.roster.care_plans
        if self._known(plans, "responsible_unit_id", "units"):
            return
        for plan in plans:
            yield from self._ref(
                "care_plans", plan, "responsible_unit_id", "units", [plan.responsible_unit_id]
            )

    def _volunteers(self) -> Iterator[Problem]:
        for team in self.roster.volunteer_teams:
            yield from self._ref(
                "volunteer_teams", team, "organization_id", "organizations", [team.organization_id]
            )
            yield from self._ref("volunteer_teams", team, "leader_id", "cadres", [team.leader_id])
            yield from self._ref("volunteer_teams", team, "member_ids", "cadres", team.member_ids)
        for activity in self.roster.volunteer_activities:
            yield from self._ref(
                "volunteer_activities", activity, "team_id", "volunteer_teams", [activity.team_id]
            )
            yield from self._ref(
                "volunteer_activities",
                activity,
                "participant_ids",
                "cadres",
                activity.participant_ids,
            )


@attrs.frozen
class _Named:
    """A record known by its id alone (what a problem needs of it)."""

    id: str


def _same_day(a: PartialDate, b: PartialDate) -> bool:
    """Whether two dates can be the same day: the same month, and the same day when both
    give one."""
    return a.month_index == b.month_index and (a.day is None or b.day is None or a.day == b.day)


def _day(day: _dt.date | PartialDate | str) -> _dt.date | PartialDate:
    """A day given as text (``2026-03-31``, ``2026.03``) read as a date."""
    return PartialDate.parse(day) if isinstance(day, str) else day
