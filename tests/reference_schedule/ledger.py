"""Compliance: what of a plan was done, from the ledger of services (台账).

Each due item ends in one of five states on the day of the check (``as_of``):

========== ==================================================================================
met        a matching record falls inside the item's window
late       the first matching record falls after the window (done, but late)
overdue    no record; the window has ended within the last ``grace_days`` days
missed     no record; the window ended longer ago
upcoming   no record yet; the window has not ended
========== ==================================================================================

A record matches an item when it is for the same cadre and either names the item's programme
or, naming none, is of the programme's service kind. Each record is used for at most one item,
the earliest it can serve, so nothing is counted twice. Records that cannot be used are
reported as :class:`~laoganbu.Problem` s, never dropped silently: unknown cadre, unknown
programme, dated after ``as_of``, a repeated id, or an exact repeat of another record (same
cadre, kind, programme and date).
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any, Literal

import attrs

from laoganbu.dates import PartialDate, today_date
from laoganbu.models.service import ServiceRecord
from laoganbu.params import as_day
from laoganbu.problems import Problem, RecordRef
from tests.reference_schedule.due import DueItem, Plan

__all__ = ["Compliance", "ItemStatus", "RateRow", "compliance"]

ItemStatus = Literal["met", "late", "overdue", "missed", "upcoming"]
STATUS_LABELS: dict[str, str] = {
    "met": "按时完成",
    "late": "逾期完成",
    "overdue": "已逾期",
    "missed": "未完成",
    "upcoming": "未到期",
}


@attrs.frozen(slots=True)
class RateRow:
    """Coverage of one group (a grid, organisation, unit or grid worker)."""

    key: str
    name: str
    due: int
    done: int
    met: int

    @property
    def rate(self) -> float | None:
        """Done (on time or late) as a share of items due (those not upcoming)."""
        return self.done / self.due if self.due else None


@attrs.frozen
class Compliance:
    """The state of every due item on ``as_of``, with the records used and the problems."""

    plan: Plan
    as_of: _dt.date
    statuses: tuple[ItemStatus, ...]
    matched: tuple[str | None, ...]
    problems: tuple[Problem, ...]
    payments: Decimal
    budget: Decimal | None

    def counts(self) -> dict[str, int]:
        counter: Counter[str] = Counter(self.statuses)
        return {status: counter[status] for status in STATUS_LABELS}

    @property
    def rate(self) -> float | None:
        """Items done (met or late) as a share of items due on ``as_of``."""
        c = self.counts()
        due = len(self.statuses) - c["upcoming"]
        return (c["met"] + c["late"]) / due if due else None

    @property
    def on_time_rate(self) -> float | None:
        c = self.counts()
        due = len(self.statuses) - c["upcoming"]
        return c["met"] / due if due else None

    def items(self) -> list[tuple[DueItem, ItemStatus, str | None]]:
        return list(zip(self.plan.items, self.statuses, self.matched, strict=True))

    # -- coverage by group ----------------------------------------------------------------------

    def _rates(
        self, key_of: Callable[[DueItem], Iterable[str]], names: dict[str, str]
    ) -> list[RateRow]:
        due: Counter[str] = Counter()
        done: Counter[str] = Counter()
        met: Counter[str] = Counter()
        for item, status in zip(self.plan.items, self.statuses, strict=True):
            if status == "upcoming":
                continue
            for key in key_of(item):
                due[key] += 1
                if status in ("met", "late"):
                    done[key] += 1
                if status == "met":
                    met[key] += 1
        return [RateRow(k, names.get(k, k), due[k], done[k], met[k]) for k in sorted(due)]

    def by_grid(self) -> list[RateRow]:
        cadres = {c.id: c for c in self.plan.roster.cadres}
        names = {g.id: g.name for g in self.plan.roster.grids} | {"—": "未入网格"}
        return self._rates(lambda i: [cadres[i.cadre_id].grid_id or "—"], names)

    def by_organization(self) -> list[RateRow]:
        cadres = {c.id: c for c in self.plan.roster.cadres}
        names = {o.id: o.name for o in self.plan.roster.organizations} | {"—": "未编入党组织"}
        return self._rates(lambda i: [cadres[i.cadre_id].organization_id or "—"], names)

    def by_unit(self) -> list[RateRow]:
        cadres = {c.id: c for c in self.plan.roster.cadres}
        names = {u.id: u.name for u in self.plan.roster.units} | {"—": "原单位不详"}
        return self._rates(lambda i: [cadres[i.cadre_id].former_unit_id or "—"], names)

    def by_grid_worker(self) -> list[RateRow]:
        """Every worker of a cadre's grid shares the grid's items."""
        cadres = {c.id: c for c in self.plan.roster.cadres}
        workers = {g.id: [w.id for w in g.workers] for g in self.plan.roster.grids}
        names = {w.id: w.name for g in self.plan.roster.grids for w in g.workers}
        return self._rates(lambda i: workers.get(cadres[i.cadre_id].grid_id or "", []), names)

    def workload(self) -> dict[str, float]:
        """Items per grid worker over the whole plan (upcoming ones too): a grid's items
        divided among its workers."""
        cadres = {c.id: c for c in self.plan.roster.cadres}
        grids = {g.id: g for g in self.plan.roster.grids}
        load: dict[str, float] = defaultdict(float)
        for item in self.plan.items:
            grid = grids.get(cadres[item.cadre_id].grid_id or "")
            if grid is None or not grid.workers:
                continue
            for worker in grid.workers:
                load[worker.id] += 1 / len(grid.workers)
        return dict(sorted(load.items()))

    # -- output ---------------------------------------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "cadre_id": item.cadre_id,
                "program_id": item.program_id,
                "start": item.start,
                "end": item.end,
                "reason": item.reason,
                "status": status,
                "record_id": record,
            }
            for item, status, record in self.items()
        ]

    def to_polars(self) -> Any:
        """Items with their status as a polars ``DataFrame`` (``laoganbu[polars]``)."""
        from tests.reference_schedule.frames import to_polars

        return to_polars(self.rows(), _SCHEMA)

    def to_pandas(self) -> Any:
        """Items with their status as a pandas ``DataFrame`` (``laoganbu[pandas]``)."""
        from laoganbu.schedule.frames import to_pandas

        return to_pandas(self.rows(), list(_SCHEMA))

    def to_dict(self) -> dict[str, Any]:
        """The shape ``laoganbu compliance --json`` prints."""

        def rates(rows: list[RateRow]) -> list[dict[str, Any]]:
            return [
                {"key": r.key, "name": r.name, "due": r.due, "done": r.done, "rate": r.rate}
                for r in rows
            ]

        return {
            "period": self.plan.period.isoformat(),
            "as_of": self.as_of.isoformat(),
            "items": len(self.statuses),
            "counts": self.counts(),
            "rate": self.rate,
            "on_time_rate": self.on_time_rate,
            "by_program": self._program_counts(),
            "by_grid": rates(self.by_grid()),
            "by_organization": rates(self.by_organization()),
            "by_unit": rates(self.by_unit()),
            "by_grid_worker": rates(self.by_grid_worker()),
            "workload": self.workload(),
            "payments": str(self.payments),
            "budget": None if self.budget is None else str(self.budget),
            "problems": [{"record_id": p.record_id, **p.to_json()} for p in self.problems],
            # The reference judges no requests: a check given none holds none.
            "requests": None,
        }

    def _program_counts(self) -> dict[str, dict[str, int]]:
        result: dict[str, dict[str, int]] = {}
        for item, status in zip(self.plan.items, self.statuses, strict=True):
            result.setdefault(item.program_id, dict.fromkeys(STATUS_LABELS, 0))[status] += 1
        return result


_SCHEMA = {
    "cadre_id": "str",
    "program_id": "str",
    "start": "date",
    "end": "date",
    "reason": "str",
    "status": "str",
    "record_id": "str",
}


def _problem(
    record: ServiceRecord, message: str, code: str, refers_to: RecordRef | None = None
) -> Problem:
    return Problem(
        message=message,
        table="service_records",
        record_id=record.id,
        field=None,
        severity="error",
        code=code,
        refers_to=refers_to,
    )


def _match(
    plan: Plan,
    programs: dict[str, Any],
    cadre_id: str,
    by_program: dict[str, list[int]],
    records: Iterable[ServiceRecord],
    day: _dt.date,
) -> dict[int, ServiceRecord]:
    """Which record serves which of one cadre's items.

    Records naming a programme are matched before records matched by kind alone, so a visit
    recorded "for the festival" is never taken by the quarterly visit while the festival
    waits; records inside a window are matched before any makes an earlier item late.
    """
    records = sorted(records, key=lambda r: (r.date.sort_key(), r.id))
    buckets = []
    for program_id, indexes in by_program.items():
        kind = programs[program_id].kind
        mine = [r for r in records if r.program_id == program_id]
        by_kind = [r for r in records if r.program_id is None and r.kind is kind]
        order = sorted(indexes, key=lambda i: (plan.items[i].start, plan.items[i].end))
        buckets.append((order, mine, by_kind))
    used: set[str] = set()
    found_for: dict[int, ServiceRecord] = {}
    for pool in (1, 2):  # on time
        for order, mine, by_kind in buckets:
            for index in order:
                item = plan.items[index]
                if index in found_for:
                    continue
                for record in mine if pool == 1 else by_kind:
                    if record.id in used or record.date.last_day < item.start:
                        continue
                    if record.date.first_day <= item.end:
                        found_for[index] = record
                        used.add(record.id)
                    break
    for pool in (1, 2):  # late
        for order, mine, by_kind in buckets:
            for index in order:
                item = plan.items[index]
                if index in found_for or item.end >= day:
                    continue
                for record in mine if pool == 1 else by_kind:
                    if record.id not in used and record.date.first_day > item.end:
                        found_for[index] = record
                        used.add(record.id)
                        break
    return found_for


def compliance(
    plan: Plan,
    records: Iterable[ServiceRecord],
    as_of: _dt.date | PartialDate | str | None = None,
    *,
    grace_days: int = 30,
    amount_of: Callable[[str, _dt.date], Any] | None = None,
) -> Compliance:
    """Match the ledger against the plan (see the module docstring for the states).

    Args:
        plan: from :func:`plan`.
        records: service records (the roster's, or a ledger read with
            :func:`laoganbu.read_table`).
        as_of: the day of the check (today in China by default).
        grace_days: how long after its window an item counts as *overdue* before it is
            *missed*.
        amount_of: how to price programmes with an ``amount_parameter``, e.g. a locality's
            ``parameters.value``; programmes priced neither way are left out of the budget.
    """
    day = today_date() if as_of is None else as_day(as_of)
    programs = {p.id: p for p in plan.programs}
    cadre_ids = {c.id for c in plan.roster.cadres}
    problems: list[Problem] = []
    seen_ids: set[str] = set()
    seen_content: set[tuple[Any, ...]] = set()
    usable: dict[str, list[ServiceRecord]] = defaultdict(list)
    for record in records:
        if record.id in seen_ids:
            problems.append(
                _problem(
                    record, f"duplicate record id {record.id!r} / 记录编号重复", "duplicate-id"
                )
            )
            continue
        seen_ids.add(record.id)
        content = (record.cadre_id, record.kind, record.program_id, record.date)
        if content in seen_content:
            problems.append(
                _problem(
                    record,
                    "repeats another record (same cadre, kind, date) / 重复记录",
                    "repeated-record",
                )
            )
            continue
        seen_content.add(content)
        if record.cadre_id not in cadre_ids:
            problems.append(
                _problem(
                    record,
                    f"unknown cadre {record.cadre_id!r} / 未知的离退休干部编号",
                    "unknown-reference",
                    RecordRef("cadres", record.cadre_id),
                )
            )
            continue
        if record.program_id is not None and record.program_id not in programs:
            problems.append(
                _problem(
                    record,
                    f"unknown programme {record.program_id!r} / 未知的服务项目",
                    "unknown-reference",
                    RecordRef("programs", record.program_id),
                )
            )
            continue
        if record.date.first_day > day:
            problems.append(
                _problem(
                    record,
                    f"dated {record.date.isoformat()}, after the check day {day.isoformat()}"
                    " / 记录日期晚于核查日期",
                    "after-check-day",
                )
            )
            continue
        usable[record.cadre_id].append(record)

    grace = _dt.timedelta(days=grace_days)
    # Plan items are sorted by cadre, then programme: each cadre's items are one run, matched
    # against that cadre's records alone, so the work and memory stay per cadre.
    statuses: list[ItemStatus] = ["upcoming"] * len(plan.items)
    matched: list[str | None] = [None] * len(plan.items)
    payments = Decimal(0)
    by_cadre: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for index, item in enumerate(plan.items):
        by_cadre[item.cadre_id][item.program_id].append(index)
    for cadre_id, by_program in by_cadre.items():
        found_for = _match(plan, programs, cadre_id, by_program, usable.get(cadre_id, ()), day)
        for indexes in by_program.values():
            for index in indexes:
                item = plan.items[index]
                found = found_for.get(index)
                if found is not None:
                    statuses[index] = "met" if found.date.first_day <= item.end else "late"
                    matched[index] = found.id
                    if found.amount is not None:
                        payments += found.amount
                elif item.end >= day:
                    statuses[index] = "upcoming"
                elif day - item.end <= grace:
                    statuses[index] = "overdue"
                else:
                    statuses[index] = "missed"
    budget: Decimal | None = None
    for item in plan.items:
        price = programs[item.program_id].price(item.start, amount_of)
        if price is not None:
            budget = (budget or Decimal(0)) + price
    problems.sort(key=lambda p: p.record_id or "")
    return Compliance(
        plan=plan,
        as_of=day,
        statuses=tuple(statuses),
        matched=tuple(matched),
        problems=tuple(problems),
        payments=payments,
        budget=budget,
    )
