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

The ledger may be record objects or a polars frame of them, read as columns without making
objects unless the per-item rules need them (``laoganbu.schedule.records``). The result is a
frame first (:attr:`Compliance.frame`, polars: the plan's items with their ``status`` and
``record_id``), computed as columns (``laoganbu.schedule.matching``); coverage tables are
group-bys of it.
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, overload

import attrs
from typing_extensions import deprecated

from laoganbu._deprecation import warn_deprecated
from laoganbu.dates import PartialDate, today_date
from laoganbu.labels import LabeledEnum
from laoganbu.models.roster import Roster
from laoganbu.models.service import ServiceRecord
from laoganbu.params import as_day
from laoganbu.periods import Period
from laoganbu.problems import Problem
from laoganbu.schedule.due import DueItem, Plan
from laoganbu.schedule.due import plan as make_plan
from laoganbu.schedule.matching import among, match, match_by_rules, needs_rules
from laoganbu.schedule.records import check_records, ledger_of

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.followup import RequestReview
    from laoganbu.locality import Locality
    from laoganbu.models.request import ServiceRequest

__all__ = ["Compliance", "ItemStatus", "RateRow", "compliance"]


class ItemStatus(LabeledEnum):
    """台账状态 — the state of a due item on the day of the check.

    ``met`` and ``late``: done, on time or after the window; ``overdue`` and ``missed``: not
    done, the window ended within ``grace_days`` or longer ago; ``upcoming``: not done, the
    window not ended yet.
    """

    MET = ("met", "按时完成")
    LATE = ("late", "逾期完成")
    OVERDUE = ("overdue", "已逾期")
    MISSED = ("missed", "未完成")
    UPCOMING = ("upcoming", "未到期")


#: The key of the items of cadres in no group (no grid, no organisation, no former unit).
NO_KEY = "—"
#: Code → Chinese label of each :class:`ItemStatus`, in its order (derived from it; kept for
#: existing callers).
STATUS_LABELS: dict[str, str] = {s.value: s.label for s in ItemStatus}


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


def _same_frame(a: pl.DataFrame, b: pl.DataFrame) -> bool:
    return bool(a.equals(b))


@attrs.frozen
class Compliance:
    """The state of every due item on ``as_of``, with the records used and the problems.

    :attr:`frame` holds the plan's items in order with two more columns, ``status`` and
    ``record_id`` (the record that served the item, or null); counts and coverage tables are
    computed from it. ``statuses``, ``matched`` and ``items()`` give the same as
    Python values, made when asked for.
    """

    plan: Plan
    as_of: _dt.date
    frame: pl.DataFrame = attrs.field(
        repr=lambda f: f"<{f.height} items>", eq=attrs.cmp_using(eq=_same_frame), hash=False
    )
    problems: tuple[Problem, ...]
    payments: Decimal
    budget: Decimal | None
    #: The requests of the period judged on the same day, when compliance was given them.
    requests: RequestReview | None = None

    @functools.cached_property
    def statuses(self) -> tuple[str, ...]:
        """Each item's status, in item order: the code of an :class:`ItemStatus` (``"met"``),
        as the frame holds it (``ItemStatus.parse(code).label`` is its Chinese label)."""
        return tuple(self.frame["status"].to_list())

    @functools.cached_property
    def matched(self) -> tuple[str | None, ...]:
        """The id of the record that served each item (``None``: none did), in item order."""
        return tuple(self.frame["record_id"].to_list())

    def counts(self) -> dict[str, int]:
        found = dict(self.frame.group_by("status").len().iter_rows())
        return {s.value: int(found.get(s.value, 0)) for s in ItemStatus}

    @property
    def rate(self) -> float | None:
        """Items done (met or late) as a share of items due on ``as_of``."""
        c = self.counts()
        due = self.frame.height - c["upcoming"]
        return (c["met"] + c["late"]) / due if due else None

    @property
    def on_time_rate(self) -> float | None:
        c = self.counts()
        due = self.frame.height - c["upcoming"]
        return c["met"] / due if due else None

    def items(self) -> list[tuple[DueItem, str, str | None]]:
        return list(zip(self.plan.items, self.statuses, self.matched, strict=True))

    # -- coverage by group ----------------------------------------------------------------------

    def by_grid(self) -> list[RateRow]:
        """Rates per grid; the items of cadres in no grid (e.g. who died within the period
        before being placed) under the key ``—``, named 未入网格."""
        names = {g.id: g.name for g in self.plan.roster.grids}
        return _rates(self._keyed("grid_id"), {**names, NO_KEY: "未入网格"})

    def by_organization(self) -> list[RateRow]:
        """Rates per Party organisation; cadres in none under ``—``, named 未编入党组织."""
        names = {o.id: o.name for o in self.plan.roster.organizations}
        return _rates(self._keyed("organization_id"), {**names, NO_KEY: "未编入党组织"})

    def by_unit(self) -> list[RateRow]:
        """Rates per former unit; cadres with none recorded under ``—``, named 原单位不详."""
        names = {u.id: u.name for u in self.plan.roster.units}
        return _rates(self._keyed("former_unit_id"), {**names, NO_KEY: "原单位不详"})

    def by_grid_worker(self) -> list[RateRow]:
        """Every worker of a cadre's grid shares the grid's items."""
        names = {w.id: w.name for g in self.plan.roster.grids for w in g.workers}
        return _rates(self._workers().rename({"worker": "key"}), names)

    def workload(self) -> dict[str, float]:
        """Items per grid worker over the whole plan (upcoming ones too): a grid's items
        divided among its workers."""
        import polars as pl

        shares = self._workers().with_columns(
            # Added item by item, as a running sum would: the same float to the last bit.
            pl.col("share").cum_sum().over("worker").alias("load")
        )
        load = shares.group_by("worker").agg(pl.col("load").last()).sort("worker")
        return dict(load.iter_rows())

    def _keyed(self, field: str) -> pl.DataFrame:
        import polars as pl

        cadres = _cadre_frame(self.plan.roster, field)
        return (
            self.frame.select("cadre_id", "status")
            .join(cadres, on="cadre_id", how="left")
            .select(pl.col(field).fill_null(NO_KEY).alias("key"), "status")
        )

    def _workers(self) -> pl.DataFrame:
        """One row per item and worker of its cadre's grid, in item order, with the worker's
        share of the item (one over the grid's workers)."""
        import polars as pl

        roster = self.plan.roster
        grids = {g.id: g for g in roster.grids}
        pairs = [
            (g.id, w.id, 1 / len(g.workers), n)
            for g in grids.values()
            for n, w in enumerate(g.workers)
        ]
        workers = pl.DataFrame(
            pairs,
            schema={"grid_id": pl.String, "worker": pl.String, "share": pl.Float64, "n": pl.Int64},
            orient="row",
        )
        cadres = _cadre_frame(roster, "grid_id")
        items = self.frame.select("cadre_id", "status").with_row_index("item")
        return (
            items.join(cadres, on="cadre_id", how="inner")
            .join(workers, on="grid_id", how="inner")
            .sort("item", "n")
            .select("item", "worker", "share", "status")
        )

    # -- output ---------------------------------------------------------------------------------

    def rows(self) -> list[dict[str, Any]]:
        return self.to_polars().to_dicts()

    def to_polars(self) -> pl.DataFrame:
        """Items with their status as a polars ``DataFrame``."""
        return self.frame.select(list(_SCHEMA))

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
            "items": self.frame.height,
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
            "requests": None if self.requests is None else self._requests(self.requests),
        }

    @staticmethod
    def _requests(review: RequestReview) -> dict[str, Any]:
        return {"counts": review.counts(), **review.rates()}

    def _program_counts(self) -> dict[str, dict[str, int]]:
        """Items per status of each programme, the programmes in order of their first item."""
        import polars as pl

        counts = (
            self.frame.with_row_index("item")
            .group_by("program_id", "status")
            .agg(pl.len(), pl.col("item").min())
        )
        first = dict(counts.group_by("program_id").agg(pl.col("item").min()).iter_rows())
        result: dict[str, dict[str, int]] = {
            pid: {s.value: 0 for s in ItemStatus} for pid in sorted(first, key=first.__getitem__)
        }
        for pid, status, n, _ in counts.iter_rows():
            result[pid][status] = int(n)
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


def _cadre_frame(roster: Any, field: str) -> pl.DataFrame:
    """Each cadre id with one of its fields; of records sharing an id, the last one's."""
    import polars as pl

    last = {c.id: getattr(c, field) for c in roster.cadres}
    return pl.DataFrame(
        {"cadre_id": list(last), field: list(last.values())},
        schema={"cadre_id": pl.String, field: pl.String},
    )


def _rates(keyed: pl.DataFrame, names: dict[str, str]) -> list[RateRow]:
    """Due, done and met items per ``key``, leaving out those upcoming."""
    import polars as pl

    status = pl.col("status")
    table = (
        keyed.filter(status != "upcoming")
        .group_by("key")
        .agg(
            pl.len().alias("due"),
            status.is_in(["met", "late"]).sum().alias("done"),
            (status == "met").sum().alias("met"),
        )
        .sort("key")
    )
    return [
        RateRow(key, names.get(key, key), int(due), int(done), int(met))
        for key, due, done, met in table.iter_rows()
    ]


@overload
def compliance(
    roster: Roster,
    period: Period | str | int,
    *,
    locality: Locality | None = None,
    records: Iterable[ServiceRecord] | pl.DataFrame,
    requests: Iterable[ServiceRequest] | pl.DataFrame | RequestReview | None = None,
    as_of: _dt.date | PartialDate | str | None = None,
    grace_days: int = 30,
    amount_of: Callable[[str, _dt.date], Any] | None = None,
    care_plans: bool = True,
) -> Compliance: ...


@overload
def compliance(
    roster: Plan,
    /,
    *,
    records: Iterable[ServiceRecord] | pl.DataFrame,
    requests: RequestReview | None = None,
    as_of: _dt.date | PartialDate | str | None = None,
    grace_days: int = 30,
    amount_of: Callable[[str, _dt.date], Any] | None = None,
) -> Compliance: ...


@overload
@deprecated("compliance(plan, records, as_of) is deprecated; use compliance(plan, records=…)")
def compliance(
    roster: Plan,
    period: Iterable[ServiceRecord] | pl.DataFrame,
    /,
    as_of: _dt.date | PartialDate | str | None = None,
    *,
    grace_days: int = 30,
    amount_of: Callable[[str, _dt.date], Any] | None = None,
) -> Compliance: ...


def compliance(
    roster: Roster | Plan | None = None,
    period: Any = None,
    *args: Any,
    plan: Plan | None = None,
    locality: Locality | None = None,
    records: Iterable[ServiceRecord] | pl.DataFrame | None = None,
    requests: Iterable[ServiceRequest] | pl.DataFrame | RequestReview | None = None,
    as_of: _dt.date | PartialDate | str | None = None,
    grace_days: int = 30,
    amount_of: Callable[[str, _dt.date], Any] | None = None,
    care_plans: bool = True,
) -> Compliance:
    """Match the ledger against the plan (see the module docstring for the states).

    ``compliance(roster, "2026", locality=place, records=ledger, as_of="2026-11-30")`` makes
    the plan and checks it; ``compliance(a_plan, records=ledger)`` checks a plan made earlier.
    The order of 0.x, ``compliance(plan, records, as_of)``, still works for one release with a
    :class:`DeprecationWarning`.

    Args:
        roster: the cadres; their plan for ``period`` is made with ``locality``'s
            programmes (the national baseline by default). Or a :class:`Plan` made earlier,
            which carries its roster, period and programmes.
        period: ``2026``, ``2026-Q3`` … (not given with a plan).
        locality: whose programmes apply (not given with a plan).
        records: the ledger, required (an empty one says nothing was done): service records (a
            ledger read with :func:`laoganbu.read_table`), or a polars ``DataFrame`` of them in the
            frame convention of :mod:`laoganbu.io.frames` (``records_frame(ServiceRecord, records)``
            makes one): columns ``id``, ``cadre_id``, ``kind`` (the English code), ``date``
            (``YYYY-MM`` or ``YYYY-MM-DD`` text), and ``program_id`` and ``amount`` (``Decimal``) if
            any record has them; a missing optional column counts as null, other columns are
            ignored, and the rows are the ledger in order (of records sharing an id, the first is
            used). A frame is read as columns: record objects are made only for the cadres the
            per-item rules match (a record dated to the month, windows of one programme that
            overlap), from their rows. The results are those of the records the frame holds; the
            payments carry the frame's decimal places (``500.00`` for a record's ``500``).
        requests: the requests ledger (records or a frame, as :func:`laoganbu.review_requests`
            takes it), judged over the period on the same day by ``locality``'s time limits;
            or, with a plan, a :class:`~laoganbu.RequestReview` made for it. The result's
            :attr:`~Compliance.requests` holds it; ``None`` (the default) leaves them out.
        as_of: the day of the check (today in China by default).
        grace_days: how long after its window an item counts as *overdue* before it is
            *missed*.
        amount_of: how to price programmes with an ``amount_parameter``, e.g. a locality's
            ``parameters.value``; programmes priced neither way are left out of the budget.
        care_plans: with a roster, whether the plan holds the measures of its 一人一策 plans
            (see :func:`~laoganbu.plan`); a plan made earlier holds what it was made with.

    Raises:
        InvalidValueError: a frame lacking a required column (``id``, ``cadre_id``, ``kind``,
            ``date``), with a column of another type, an empty required value or a kind that
            is no service kind's code.
        InvalidDateError: a frame's date not written ``YYYY-MM`` or ``YYYY-MM-DD``, or not a
            real day.
    """
    import polars as pl

    if plan is not None:  # compliance(plan=…, records=…): the keyword of 0.x
        if roster is not None:
            raise TypeError("compliance() got the plan twice")
        warn_deprecated("compliance(plan=…)", "compliance(plan, records=…)")
        roster = plan
    if isinstance(roster, Plan):
        if locality is not None:
            raise TypeError("compliance(): a plan carries its programmes; give no locality")
        if period is not None:
            if records is not None or len(args) > 1 or (args and as_of is not None):
                raise TypeError("compliance() takes a plan, then keywords only")
            warn_deprecated("compliance(plan, records, as_of)", "compliance(plan, records=…)")
            records, as_of = period, (args[0] if args else as_of)
        checked = roster
    elif isinstance(roster, Roster):
        if period is None or args:
            raise TypeError("compliance() takes a roster and a period, then keywords only")
        checked = make_plan(roster, period, locality=locality, care_plans=care_plans)
    else:
        raise TypeError("compliance() takes a roster and a period, or a plan")
    from laoganbu.followup import RequestReview, review_requests

    if isinstance(roster, Plan) and not (requests is None or isinstance(requests, RequestReview)):
        # A plan does not say whose time limits apply: the caller judges the requests.
        raise TypeError(
            "compliance(plan, requests=…) takes a RequestReview: review_requests(roster, period,"
            " requests=…, locality=…)"
        )
    if records is None:
        # Not the roster's own records by default: a roster read without its ledgers has none,
        # and every item would be missed.
        raise TypeError("compliance() needs records=: the ledger of services (may be empty)")
    plan = checked
    day = today_date() if as_of is None else as_day(as_of)
    programs = {p.id: p for p in plan.programs}
    source = ledger_of(records)
    # Cadres as small integers (null: not in the roster): the matching sorts and groups by them.
    codes = pl.Enum(sorted({c.id for c in plan.roster.cadres}))
    ledger = source.columns.with_columns(
        pl.col("cadre_id").cast(codes, strict=False).to_physical().alias("code")
    )
    usable, problems = check_records(ledger, programs, day)
    items = plan.frame.select("cadre_id", "program_id", "start", "end").with_row_index("item")
    items = items.with_columns(pl.col("cadre_id").cast(codes).to_physical().alias("code"))
    hard = needs_rules(items, usable)
    easy = ~among("code", hard)
    kinds = {pid: p.kind.value for pid, p in programs.items()}
    matched = pl.concat(
        [
            match(items.filter(easy), usable.filter(easy), kinds, day),
            match_by_rules(items, usable, hard, source.records, programs, day),
        ]
    )

    # Each item's record, by its place in the ledger (null: none).
    pos = pl.Series("pos", [None] * plan.frame.height, dtype=pl.UInt32)
    pos.scatter(matched["item"], matched["pos"])
    first = ledger["first"].gather(pos)
    end = pl.col("end")
    status = (
        pl.when(first.is_not_null())
        .then(pl.when(first <= end).then(pl.lit("met")).otherwise(pl.lit("late")))
        .when(end >= day)
        .then(pl.lit("upcoming"))
        .when(end >= day - _dt.timedelta(days=grace_days))
        .then(pl.lit("overdue"))
        .otherwise(pl.lit("missed"))
    )
    frame = plan.frame.with_columns(
        status.alias("status"), ledger["id"].gather(pos).alias("record_id")
    )
    paid = pos.filter(ledger["paid"].gather(pos).fill_null(False)).to_list()
    payments = sum((amount or Decimal(0) for amount in source.amounts(paid)), Decimal(0))
    if requests is not None and not isinstance(requests, RequestReview):
        requests = review_requests(
            plan.roster, plan.period, requests=requests, as_of=day, locality=locality
        )
    return Compliance(
        plan=plan,
        as_of=day,
        frame=frame,
        problems=tuple(problems),
        payments=payments,
        budget=_budget(plan, programs, amount_of),
        requests=requests,
    )


def _budget(
    plan: Plan, programs: dict[str, Any], amount_of: Callable[[str, _dt.date], Any] | None
) -> Decimal | None:
    """The price of every item, added in item order as the per-item engine added it."""
    import polars as pl

    priced = [pid for pid, p in programs.items() if p.amount is not None or p.amount_parameter]
    days = (
        plan.frame.filter(pl.col("program_id").is_in(priced))
        .select("program_id", "start")
        .with_row_index("item")
    )
    keys = days.select("program_id", "start").unique()
    prices: dict[tuple[str, _dt.date], Decimal | None] = {
        (pid, start): programs[pid].price(start, amount_of) for pid, start in keys.iter_rows()
    }
    if not any(price is not None for price in prices.values()):
        return None
    # Runs of items of one price, in item order: a run of m adds its price m times.
    runs = (
        days.with_columns(
            (
                (pl.col("program_id") != pl.col("program_id").shift())
                | (pl.col("start") != pl.col("start").shift())
            )
            .fill_null(True)
            .cum_sum()
            .alias("run")
        )
        .group_by("run", maintain_order=True)
        .agg(pl.col("program_id").first(), pl.col("start").first(), pl.len())
    )
    budget: Decimal | None = None
    for _, pid, start, n in runs.iter_rows():
        price = prices[(pid, start)]
        if price is None:
            continue
        # `budget or 0` as the per-item loop wrote it: a zero budget restarts from Decimal(0).
        budget = (budget or Decimal(0)) + price
        if n > 1:
            budget = (budget or Decimal(0)) + price if not budget else budget + price * (n - 1)
    return budget
