"""Arrears (拖欠): what was owed and not paid, by cadre, kind and month.

The 两费 — 离休费 and 医药费 — are to be paid in full and on time, and the 三个机制 (离休费保障、
医药费保障、财政支持, 厅字〔2000〕61号) say who answers for each: the unit (单位尽责), social
pooling (社会统筹) or public finance (财政保障). Any positive arrears is a finding.

Each month's entitlement (:mod:`laoganbu.money.entitlements`) is set against the payments that
cover that month: a payment for several months counts an equal share for each (the remainder of
the fen on its last month); 生活补贴, owed once a year, is set against what was paid for that year.
A month counts once it is over (and ``grace_days`` more): a payment made late, but made by the
day of the check, clears it; one dated after that day is not counted. What cannot be judged is
not called arrears — an entitlement whose amount is not known counts only when nothing at all
was paid for it (``unpaid``).

医药费 is reimbursed against claims (:class:`~laoganbu.MedicalClaim`): a claim submitted in the
period whose reimbursement — payments of kind 医药费 naming it — falls short of the amount
approved (or claimed) once ``lixiu.medical.reimburse_days`` have passed is an arrear of 医药费,
the month being the month it was submitted and ``months_late`` the 30-day spans since its
deadline, from 1.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.dates import PartialDate, first_day_column, month_index_column
from laoganbu.models.enums import FundingSource, PaymentKind
from laoganbu.money.entitlements import Bases, entitlement_frame
from laoganbu.money.fen import SMALL_GROUP, masked_yuan, yuan_of
from laoganbu.params import as_day, resolve_parameters
from laoganbu.periods import Period

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.locality import Locality
    from laoganbu.models.claim import MedicalClaim
    from laoganbu.models.payment import Payment
    from laoganbu.models.roster import Roster
    from laoganbu.params import Parameters

__all__ = ["ARREARS_COLUMNS", "MECHANISMS", "Arrears", "arrears"]

#: Which of the 三个机制 answers for money from each source.
MECHANISMS: dict[FundingSource | None, str] = {
    FundingSource.UNIT: "单位尽责",
    FundingSource.PENSION_FUND: "社会统筹",
    FundingSource.MEDICAL_INSURANCE: "社会统筹",
    FundingSource.FINANCE: "财政保障",
    FundingSource.OTHER: "其他",
    None: "未明确",
}

#: The columns of :attr:`Arrears.frame`, with their Chinese labels.
ARREARS_COLUMNS: dict[str, str] = {
    "cadre_id": "干部编号",
    "kind": "发放类型",
    "month": "所属月份",
    "due_fen": "应发（分）",
    "paid_fen": "已发（分）",
    "owed_fen": "欠发（分）",
    "status": "状态",
    "months_late": "拖欠月数",
    "mechanism": "责任机制",
}

_STATUS = {"unpaid": "未发放", "short": "未足额"}


@attrs.frozen
class Arrears:
    """The arrears found, one row a cadre, kind and month (``ARREARS_COLUMNS``).

    ``status`` is ``unpaid`` (nothing paid for it) or ``short`` (less than owed); ``owed_fen``
    is null when the amount owed is not known (no 基本离休费 given); ``months_late`` is 1 for the
    last month that is over.
    """

    period: Period
    as_of: _dt.date
    frame: pl.DataFrame
    #: How many (cadre, kind, month) entitlements were judged, arrears or not.
    judged: int

    def __len__(self) -> int:
        return self.frame.height

    def older_than(self, months: int) -> Arrears:
        """Only the arrears more than ``months`` months late."""
        import polars as pl

        return attrs.evolve(self, frame=self.frame.filter(pl.col("months_late") > months))

    def summary(
        self, *, reveal_pii: bool = False
    ) -> list[tuple[str, str, int, int, Decimal | None, int]]:
        """By kind and responsible mechanism: (kind label, mechanism, months, cadres, owed yuan
        where the amount is known, months whose amount is not known). The amount owed is
        ``None`` when no amount is known, and — being a named person's money, or near enough —
        for fewer than ``SMALL_GROUP`` (5) cadres unless ``reveal_pii``."""
        import polars as pl

        table = (
            self.frame.group_by("kind", "mechanism")
            .agg(
                pl.len().alias("months"),
                pl.col("cadre_id").n_unique().alias("cadres"),
                pl.col("owed_fen").sum().alias("owed"),
                pl.col("owed_fen").null_count().alias("unknown"),
            )
            .sort("kind", "mechanism")
        )
        return [
            (
                PaymentKind.parse(kind).label,
                mechanism,
                months,
                cadres,
                None
                if unknown == months or (cadres < SMALL_GROUP and not reveal_pii)
                else yuan_of(owed),
                unknown,
            )
            for kind, mechanism, months, cadres, owed, unknown in table.iter_rows()
        ]

    def rows(self, *, reveal_pii: bool = False) -> list[dict[str, Any]]:
        """One dict a row, amounts as exact text; what a named person was owed is personal
        information: masked (``***``) unless ``reveal_pii``."""

        return [
            {
                "cadre_id": cadre_id,
                "kind": kind,
                "kind_label": PaymentKind.parse(kind).label,
                "month": PartialDate.from_month_index(month).isoformat(),
                "due": masked_yuan(due, reveal_pii),
                "paid": masked_yuan(paid, reveal_pii),
                "owed": masked_yuan(owed, reveal_pii),
                "status": status,
                "status_label": _STATUS[status],
                "months_late": late,
                "mechanism": mechanism,
            }
            for cadre_id, kind, month, due, paid, owed, status, late, mechanism in (
                self.frame.select(list(ARREARS_COLUMNS)).iter_rows()
            )
        ]

    def to_dict(self, *, reveal_pii: bool = False) -> dict[str, Any]:
        return {
            "period": self.period.isoformat(),
            "as_of": self.as_of.isoformat(),
            "judged": self.judged,
            "arrears": len(self),
            "summary": [
                {
                    "kind": k,
                    "mechanism": m,
                    "months": n,
                    "cadres": c,
                    "owed": None if o is None else str(o),
                    "months_amount_unknown": u,
                }
                for k, m, n, c, o, u in self.summary(reveal_pii=reveal_pii)
            ],
            "rows": self.rows(reveal_pii=reveal_pii),
        }


def _payments_frame(payments: pl.DataFrame, wanted: set[str]) -> pl.DataFrame:
    """The columns of a payments frame as :func:`laoganbu.read_frame` gives it (codes, dates as
    text, amounts as decimals) in the shape :func:`_paid_frame` takes."""
    import polars as pl

    return payments.filter(pl.col("kind").is_in(sorted(wanted))).select(
        "cadre_id",
        "kind",
        month_index_column(pl.col("period_from")).cast(pl.Int64).alias("first"),
        month_index_column(pl.coalesce("period_to", "period_from")).cast(pl.Int64).alias("last"),
        (pl.col("amount").cast(pl.Decimal(38, 2)) * 100).cast(pl.Int64).alias("fen"),
        first_day_column(pl.col("paid_on")).alias("paid_on"),
        "source",
    )


def _paid_frame(payments: Iterable[Payment] | pl.DataFrame, wanted: set[str]) -> pl.DataFrame:
    """One row a payment and month it covers: an equal share of the fen, the remainder on
    the last month; 生活补贴 counted in the December of each year it covers."""
    import polars as pl

    if isinstance(payments, pl.DataFrame):
        return _shares(_payments_frame(payments, wanted))
    rows = [
        (
            p.cadre_id,
            p.kind.value,
            p.period_from.month_index,
            p.last_month.month_index,
            int(p.amount * 100),
            p.paid_on.first_day,
            None if p.source is None else p.source.value,
        )
        for p in payments
        if p.kind.value in wanted
    ]
    frame = pl.DataFrame(
        rows,
        schema={
            "cadre_id": pl.String,
            "kind": pl.String,
            "first": pl.Int64,
            "last": pl.Int64,
            "fen": pl.Int64,
            "paid_on": pl.Date,
            "source": pl.String,
        },
        orient="row",
    )
    return _shares(frame)


def _shares(frame: pl.DataFrame) -> pl.DataFrame:
    import polars as pl

    n = pl.col("last") - pl.col("first") + 1
    share = pl.col("fen") // n
    exploded = frame.with_columns(pl.int_ranges("first", pl.col("last") + 1).alias("month"))
    exploded = exploded.explode("month").with_columns(
        pl.when(pl.col("month") == pl.col("last"))
        .then(pl.col("fen") - share * (n - 1))
        .otherwise(share)
        .alias("share")
    )
    yearly = pl.col("kind") == PaymentKind.LIVING_ALLOWANCE.value
    december = (pl.col("month") // 12) * 12 + 11
    return exploded.with_columns(
        pl.when(yearly).then(december).otherwise(pl.col("month")).alias("month")
    )


def arrears(
    roster: Roster,
    period: Period | str | int,
    *,
    payments: Iterable[Payment] | pl.DataFrame,
    as_of: _dt.date | PartialDate | str,
    locality: Locality | None = None,
    params: Parameters | None = None,
    bases: Bases | None = None,
    claims: Iterable[MedicalClaim] | None = None,
    grace_days: int = 0,
) -> Arrears:
    """The arrears of ``roster``'s 离休 cadres and survivors over ``period`` up to ``as_of``.

    Args:
        roster: the cadres (and their deaths and transfers: nothing is owed after a death or
            while a cadre has moved away).
        period: ``2026``, ``2025-01..2026-10`` …
        payments: the payments ledger: records (``roster.payments`` when it was read with
            it), or the frame :func:`laoganbu.read_frame` reads of a million rows.
        as_of: the day of the check: a month is judged once it is over and ``grace_days``
            more have passed.
        locality: whose parameters apply (the national baseline by default).
        params: these parameters instead of the locality's.
        bases: each cadre's monthly 基本离休费, for the amounts of 离休费 and 生活补贴, as
            :func:`~laoganbu.money.entitlement_frame` takes them (the roster's ``pay_bases``
            by default); a month without one is judged only on whether anything was paid.
        claims: the claims of medical expenses (``roster.medical_claims`` by default), whose
            reimbursements are the payments of kind 医药费 that name them.
    """
    import polars as pl

    span = Period.parse(period)
    day = as_day(as_of)
    # The last month that is over, with the grace, on the day of the check: the month before
    # the one the day (less the grace) falls in.
    closed = PartialDate.parse(day - _dt.timedelta(days=grace_days)).month_index - 1
    due = entitlement_frame(roster, span, as_of=day, locality=locality, params=params, bases=bases)
    due = due.filter(pl.col("month") < closed + 1)
    wanted = set(due["kind"].unique().to_list())
    # What was paid by the day of the check: a later payment is not known on that day.
    paid = _paid_frame(payments, wanted).filter(pl.col("paid_on") <= day)
    keys = ["cadre_id", "kind", "month"]
    sums = paid.group_by(keys).agg(pl.col("share").sum().alias("paid_fen"))
    source = (
        paid.sort("paid_on")
        .group_by("cadre_id", "kind")
        .agg(pl.col("source").drop_nulls().last().alias("source"))
    )
    mechanism = pl.col("source").replace_strict(
        {s.value: m for s, m in MECHANISMS.items() if s is not None},
        default=MECHANISMS[None],
        return_dtype=pl.String,
    )
    judged = (
        due.join(sums, on=keys, how="left")
        .with_columns(pl.col("paid_fen").fill_null(0))
        .join(source, on=["cadre_id", "kind"], how="left")
        .with_columns(
            (pl.col("due_fen") - pl.col("paid_fen")).alias("owed_fen"),
            (closed - pl.col("month") + 1).alias("months_late"),
            mechanism.alias("mechanism"),
        )
    )
    owing = judged.filter(
        pl.when(pl.col("due_fen").is_null())
        .then(pl.col("paid_fen") == 0)
        .otherwise(pl.col("owed_fen") > 0)
    ).with_columns(
        pl.when(pl.col("paid_fen") == 0)
        .then(pl.lit("unpaid"))
        .otherwise(pl.lit("short"))
        .alias("status")
    )
    store = resolve_parameters(params if params is not None else locality)
    claimed = _claim_arrears(
        roster.medical_claims if claims is None else claims, payments, span, day, store
    )
    frame = pl.concat([owing.select(list(ARREARS_COLUMNS)), claimed.frame]).sort(keys)
    return Arrears(period=span, as_of=day, frame=frame, judged=judged.height + claimed.judged)


@attrs.frozen
class _Claimed:
    frame: pl.DataFrame
    judged: int


def _claim_arrears(
    claims: Iterable[MedicalClaim],
    payments: Iterable[Payment] | pl.DataFrame,
    span: Period,
    day: _dt.date,
    store: Parameters,
) -> _Claimed:
    """The claims of the period past their time limit on ``day`` and not reimbursed in full."""
    import polars as pl

    first = PartialDate.parse(span.start).month_index
    last = PartialDate.parse(span.end).month_index
    rows = [
        (
            c.id,
            c.cadre_id,
            c.submitted_on.first_day,
            int(c.due * 100),
            None if c.source is None else c.source.value,
        )
        for c in claims
        if first <= c.submitted_on.month_index <= last and c.submitted_on.first_day <= day
    ]
    limits = {d: int(store.value("lixiu.medical.reimburse_days", d)) for d in {r[2] for r in rows}}
    due = [
        (*r, r[2] + _dt.timedelta(days=limits[r[2]]))
        for r in rows
        if r[2] + _dt.timedelta(days=limits[r[2]]) < day
    ]
    schema = {
        "claim_id": pl.String,
        "cadre_id": pl.String,
        "submitted": pl.Date,
        "due_fen": pl.Int64,
        "source": pl.String,
        "deadline": pl.Date,
    }
    table = pl.DataFrame(due, schema=schema, orient="row")
    paid = _reimbursed(payments, day)
    mechanism = pl.col("source").replace_strict(
        {s.value: m for s, m in MECHANISMS.items() if s is not None},
        default=MECHANISMS[None],
        return_dtype=pl.String,
    )
    frame = (
        # A reimbursement counts for the claim it names only when paid to the claim's cadre.
        table.join(paid, on=["claim_id", "cadre_id"], how="left")
        .with_columns(pl.col("paid_fen").fill_null(0))
        .with_columns((pl.col("due_fen") - pl.col("paid_fen")).alias("owed_fen"))
        .filter(pl.col("owed_fen") > 0)
        .select(
            "cadre_id",
            pl.lit(PaymentKind.MEDICAL.value).alias("kind"),
            (pl.col("submitted").dt.year().cast(pl.Int64) * 12 + pl.col("submitted").dt.month() - 1)
            .cast(pl.Int64)
            .alias("month"),
            "due_fen",
            "paid_fen",
            "owed_fen",
            pl.when(pl.col("paid_fen") == 0)
            .then(pl.lit("unpaid"))
            .otherwise(pl.lit("short"))
            .alias("status"),
            ((pl.lit(day) - pl.col("deadline")).dt.total_days() // 30 + 1).alias("months_late"),
            mechanism.alias("mechanism"),
        )
    )
    return _Claimed(frame=frame, judged=table.height)


def _reimbursed(payments: Iterable[Payment] | pl.DataFrame, day: _dt.date) -> pl.DataFrame:
    """What was paid by ``day`` against each claim, to each cadre: ``claim_id``,
    ``cadre_id``, ``paid_fen``."""
    import polars as pl

    medical = PaymentKind.MEDICAL.value
    if isinstance(payments, pl.DataFrame):
        if "claim_id" not in payments.columns:
            return pl.DataFrame(
                schema={"claim_id": pl.String, "cadre_id": pl.String, "paid_fen": pl.Int64}
            )
        frame = payments.filter(
            (pl.col("kind") == medical) & pl.col("claim_id").is_not_null()
        ).select(
            "claim_id",
            "cadre_id",
            (pl.col("amount").cast(pl.Decimal(38, 2)) * 100).cast(pl.Int64).alias("fen"),
            first_day_column(pl.col("paid_on")).alias("paid_on"),
        )
    else:
        rows = [
            (p.claim_id, p.cadre_id, int(p.amount * 100), p.paid_on.first_day)
            for p in payments
            if p.kind is PaymentKind.MEDICAL and p.claim_id is not None
        ]
        frame = pl.DataFrame(
            rows,
            schema={"claim_id": pl.String, "cadre_id": pl.String, "fen": pl.Int64,
                    "paid_on": pl.Date},
            orient="row",
        )  # fmt: skip
    return (
        frame.filter(pl.col("paid_on") <= day)
        .group_by("claim_id", "cadre_id")
        .agg(pl.col("fen").sum().alias("paid_fen"))
    )
