"""What a cadre is owed, month by month, under the parameters in force (待遇标准).

For a 离休 cadre in the area's care and living on the first day of a month (the library's one
"alive on a day" rule, :meth:`~laoganbu.Roster.alive_on`):

- **离休费**, every month: the cadre's own 基本离休费 ("离休后原工资照发", 国发〔1982〕62号), which
  is not a parameter — it is given per cadre (``bases``); without it the month is still due,
  its amount unknown;
- **护理费**, every month: by the revolutionary period of 参加革命工作时间
  (``lixiu.nursing_fee.*``, 组通字〔2008〕48号), or the fully dependent rate for a cadre whose
  护理等级 is 完全不能自理 (``lixiu.nursing_fee.fully_dependent``, 组通字〔2017〕37号), paid
  *instead of* the period's fee; a joining month that straddles a period boundary leaves the
  amount unknown until the day is known;
- **生活补贴**, once a year, due in December: ``lixiu.living_allowance_months`` months of the
  基本离休费 (组通字〔2011〕29号).

A survivor (遗属) is owed 遗属生活困难补助 every month only where the locality sets its amount
(``survivor_aid.monthly``): no national text fixes one.

:func:`entitlements_of` answers for one cadre and month, each result able to explain itself;
:func:`entitlement_frame` answers for a whole roster and period as columns, from the same rule
(it asks it once for each distinct joining date, care level and month).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

import attrs

from laoganbu.dates import PartialDate, month_index_column
from laoganbu.errors import ParameterNotInForceError
from laoganbu.models.enums import CadreKind, CareLevel, PaymentKind
from laoganbu.params import Parameters, ParameterValue, resolve_parameters
from laoganbu.periods import Period
from laoganbu.rules.dues import FEN, yuan
from laoganbu.rules.explain import Explanation, Step, step
from laoganbu.rules.lixiu import lixiu_status

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.locality import Locality
    from laoganbu.models.cadre import Cadre
    from laoganbu.models.payment import PayBase
    from laoganbu.models.roster import Roster

__all__ = [
    "ENTITLEMENT_COLUMNS",
    "MONTHLY",
    "Entitlement",
    "entitlement_frame",
    "entitlements_of",
]

#: The kinds owed every month; 生活补贴 is owed once a year.
MONTHLY = frozenset({PaymentKind.LIXIU_PAY, PaymentKind.NURSING_FEE, PaymentKind.SURVIVOR_AID})

#: The columns of :func:`entitlement_frame`, with their Chinese labels.
ENTITLEMENT_COLUMNS: dict[str, str] = {
    "cadre_id": "干部编号",
    "kind": "发放类型",
    "month": "所属月份",
    "due_fen": "应发金额（分）",
}


@attrs.frozen
class Entitlement:
    """What one cadre is owed of one kind for one month.

    Attributes:
        cadre_id: the cadre (or survivor).
        kind: 离休费, 护理费, 生活补贴 or 遗属生活困难补助.
        month: the month it is for (生活补贴: the December of its year).
        amount: exact yuan; ``None`` when the amount is not known here (no 基本离休费 given, a
            joining month on a period boundary).
        reason: why, in Chinese and English.
        base_share: for what is owed as a share of the 基本离休费, how many months of it (1 for
            离休费, 2.5 for a 抗日战争 cadre's 生活补贴); ``None`` otherwise.
    """

    cadre_id: str
    kind: PaymentKind
    month: PartialDate
    amount: Decimal | None
    reason: str
    used: tuple[tuple[str, ParameterValue], ...] = attrs.field(default=(), repr=False)
    base_share: Decimal | None = None

    def explain(self) -> Explanation:
        steps: list[Step] = [Step(self.reason)]
        steps.extend(step(f"依据 / by {name}", name, value) for name, value in self.used)
        amount = "金额未知 / amount unknown" if self.amount is None else f"{self.amount} 元 / yuan"
        steps.append(Step(f"{self.month.isoformat()} {self.kind.label}：{amount}"))
        return Explanation(f"待遇标准 Entitlement: {self.kind.label}", tuple(steps))

    def to_dict(self) -> dict[str, Any]:
        return {
            "cadre_id": self.cadre_id,
            "kind": self.kind.value,
            "month": self.month.isoformat(),
            "amount": None if self.amount is None else str(self.amount),
            "explain": self.explain().to_list(),
        }


def _months(value: Any) -> Decimal:
    return Decimal(str(value))


def _fully_dependent_fee(day: _dt.date, params: Parameters) -> ParameterValue | None:
    name = "lixiu.nursing_fee.fully_dependent"
    if name not in params:
        return None
    try:
        return params.at(name, day)
    except ParameterNotInForceError:
        return None


def _lixiu_month(
    cadre_id: str,
    work_start: PartialDate | None,
    fully_dependent: bool,
    month: PartialDate,
    base: Decimal | None,
    params: Parameters,
) -> list[Entitlement]:
    day = month.first_day
    found = [
        Entitlement(
            cadre_id,
            PaymentKind.LIXIU_PAY,
            month,
            base,
            "离休费：离休后原工资照发（国发〔1982〕62号），按本人基本离休费"
            " / lixiu pay: the cadre's own basic pay"
            + ("" if base is not None else "；未提供基本离休费 / no basic pay given"),
            base_share=Decimal(1),
        )
    ]
    status = None if work_start is None else lixiu_status(work_start, on=day, params=params)
    if status is not None and status.eligible is False:
        return found
    used = () if status is None else status.used
    full = _fully_dependent_fee(day, params) if fully_dependent else None
    # The nursing fee: the fully dependent rate does not depend on the period; the period's
    # fee needs the period, which a missing or boundary-straddling joining date does not say.
    if full is not None:
        fee: Decimal | None = yuan(full.value, "lixiu.nursing_fee.fully_dependent")
        reason = "护理费：生活长期完全不能自理 / nursing fee: fully dependent"
        used = (*used, ("lixiu.nursing_fee.fully_dependent", full))
    elif status is None or status.period is None:
        fee = None
        reason = (
            "护理费：参加革命工作时间未填写或跨时期，需具体日期 / nursing fee: needs the day joined"
        )
    elif status.nursing_fee is None:  # none in force that day
        fee, reason = None, ""
    else:
        fee = yuan(status.nursing_fee, "nursing fee")
        reason = f"护理费：{status.period.label} / nursing fee by period"
    if reason:
        found.append(Entitlement(cadre_id, PaymentKind.NURSING_FEE, month, fee, reason, used))
    if month.month != 12:
        return found
    # The living allowance, once a year: its months need the period too.
    if status is not None and status.period is not None:
        if not status.allowance_months:
            return found
        months = _months(status.allowance_months)
        amount = None if base is None else (base * months).quantize(FEN, rounding=ROUND_HALF_UP)
        reason = (
            f"生活补贴：每年增发 {months:f} 个月基本离休费 / living allowance: {months:f}"
            " months of basic pay a year"
        )
        share: Decimal | None = months
    else:
        amount, share = None, None
        reason = (
            "生活补贴：参加革命工作时间未填写或跨时期，月数待定 / living allowance: its months"
            " need the day joined"
        )
    found.append(
        Entitlement(
            cadre_id,
            PaymentKind.LIVING_ALLOWANCE,
            month,
            amount,
            reason,
            used,
            base_share=share,
        )
    )
    return found


def entitlements_of(
    cadre: Cadre,
    month: PartialDate | _dt.date | str,
    *,
    base: Decimal | int | str | None = None,
    params: Parameters | Locality | None = None,
) -> list[Entitlement]:
    """What ``cadre`` is owed for ``month``, assuming the cadre is living and in the area's care
    on its first day (see :func:`entitlement_frame` for a roster, which checks that).

    Args:
        cadre: a 离休 cadre or a survivor (遗属); others are owed nothing here.
        month: the month (a day means its month).
        base: the cadre's monthly 基本离休费 (exact yuan), when known.
        params: the parameters (a :class:`~laoganbu.Locality` or its parameters).
    """
    store = resolve_parameters(params)
    when = PartialDate.parse(month).to_month()
    amount = None if base is None else yuan(base, "基本离休费")
    if cadre.kind is CadreKind.LIXIU:
        full = cadre.health.care_level is CareLevel.FULL
        return _lixiu_month(cadre.id, cadre.work_start, full, when, amount, store)
    if cadre.kind is CadreKind.SURVIVOR and "survivor_aid.monthly" in store:
        try:
            used = store.at("survivor_aid.monthly", when.first_day)
        except ParameterNotInForceError:
            return []
        return [
            Entitlement(
                cadre.id,
                PaymentKind.SURVIVOR_AID,
                when,
                yuan(used.value, "survivor_aid.monthly"),
                "遗属生活困难补助：本地标准 / survivor's aid: the locality's amount",
                (("survivor_aid.monthly", used),),
            )
        ]
    return []


def _split_months(params: Parameters, first: int, last: int) -> set[int]:
    """The months (as month indexes) in which a revolutionary period or the 离休 cut-off
    changes, by the parameters in force at either end of ``first`` … ``last``: a joining date
    in such a month needs its day; in any other, the month decides."""
    from laoganbu.rules.lixiu import _periods

    months: set[int] = set()
    for mi in {first, last}:
        day = PartialDate.from_month_index(mi).first_day
        ends = [p.last_day for p in _periods(params.at("lixiu.periods", day).value)]
        ends.append(_dt.date.fromisoformat(str(params.at("lixiu.work_start_cutoff", day).value)))
        for end in ends:
            following = end + _dt.timedelta(days=1)
            if following.month == end.month:  # the change falls inside the month
                months.add(end.year * 12 + end.month - 1)
    return months


def _due_span(
    roster: Roster, cadre: Cadre, first: int, last: int, deaths: Mapping[str, PartialDate]
) -> tuple[int, int]:
    """The months (month indexes, inclusive) from ``first`` to ``last`` whose first day the
    cadre is living: the death ends them (a death month recorded to the month only is not
    owed, as :meth:`~laoganbu.Roster.alive_on` judges the first day). A survivor's start in
    the month after the death of the cadre survived, when the roster records it."""
    if cadre.kind is CadreKind.SURVIVOR and cadre.survivor_of is not None:
        survived = deaths.get(cadre.survivor_of)
        if survived is not None:
            first = max(first, survived.month_index + 1)
    death = roster.death_of(cadre)
    if death is not None:
        last = min(last, death.month_index)
        if not roster.alive_on(cadre, PartialDate.from_month_index(last).first_day):
            last -= 1
    return first, last


def _away(roster: Roster, cadre: Cadre, first: int, last: int) -> list[int]:
    """The months of ``first`` … ``last`` whose first day the cadre has moved away."""
    return [
        mi
        for mi in range(first, last + 1)
        if not roster.in_care_on(cadre, PartialDate.from_month_index(mi).first_day)
    ]


#: Each cadre's 基本离休费: a history of bases, or one amount a cadre by id.
Bases: TypeAlias = "Iterable[PayBase] | Mapping[str, Decimal | int | str] | pl.DataFrame"


def _base_frame(bases: Bases) -> pl.DataFrame:
    """Bases as columns ``cadre_id``, ``from`` (a month index) and ``base_fen``, sorted by
    ``from``; one amount a cadre is in force from the earliest month."""
    import polars as pl

    schema = {"cadre_id": pl.String, "from": pl.Int64, "base_fen": pl.Int64}
    if isinstance(bases, pl.DataFrame):
        frame = bases.select(
            "cadre_id",
            month_index_column(pl.col("valid_from")).cast(pl.Int64).alias("from"),
            (pl.col("amount").cast(pl.Decimal(38, 2)) * 100).cast(pl.Int64).alias("base_fen"),
        )
    elif isinstance(bases, Mapping):
        rows = [(k, 0, int(yuan(v, f"基本离休费 of {k}") * 100)) for k, v in bases.items()]
        frame = pl.DataFrame(rows, schema=schema, orient="row")
    else:
        rows = [(b.cadre_id, b.valid_from.month_index, int(b.amount * 100)) for b in bases]
        frame = pl.DataFrame(rows, schema=schema, orient="row")
    # A correction is a new row: of two bases from the same month, the later row holds.
    frame = frame.unique(subset=["cadre_id", "from"], keep="last", maintain_order=True)
    return frame.sort("from")


def entitlement_frame(
    roster: Roster,
    period: Period | str | int,
    *,
    as_of: _dt.date | PartialDate | str | None = None,
    locality: Locality | None = None,
    params: Parameters | None = None,
    bases: Bases | None = None,
) -> pl.DataFrame:
    """Every entitlement of the roster's 离休 cadres and survivors over ``period`` up to the
    month of ``as_of``, as columns: ``cadre_id``, ``kind`` (the code), ``month`` (a month
    index, ``year * 12 + month - 1``) and ``due_fen`` (exact, in fen; null when the amount is
    not known).

    The same rule as :func:`entitlements_of`: it is asked once for each distinct kind of
    cadre, joining date, care level and month (without the base); each cadre's months are
    then joined to those answers as columns, and the amounts owed as a share of the 基本离休费
    (离休费, 生活补贴) priced from ``bases`` in whole fen, rounded half up as the rule rounds.

    Args:
        locality: whose parameters apply (the national baseline by default).
        params: these parameters instead of the locality's.
        bases: each cadre's monthly 基本离休费: a history (:class:`~laoganbu.PayBase` records,
            or their frame as :func:`laoganbu.read_frame` reads it), each base in force from
            its month to the next one's; or one amount a cadre by id (exact yuan). The roster's
            own ``pay_bases`` by default. A month with no base in force is due with the amount
            of 离休费 and 生活补贴 unknown.
    """
    import polars as pl

    from laoganbu.params import as_day

    span = Period.parse(period)
    store = resolve_parameters(params if params is not None else locality)
    first = PartialDate.parse(span.start).month_index
    last = PartialDate.parse(span.end).month_index
    if as_of is not None:
        last = min(last, PartialDate.parse(as_day(as_of)).month_index)
    given = _base_frame(roster.pay_bases if bases is None else bases)
    keys: dict[tuple[Any, ...], int] = {}
    #: One cadre for each kind of cadre: the rule is asked of it, month by month.
    witnesses: dict[int, Cadre] = {}
    people: list[tuple[str, int, int, int]] = []
    away: list[tuple[str, int]] = []
    moved = roster.transfers_by_cadre()
    deaths = roster.deaths()
    split = _split_months(store, first, last)
    for cadre in roster.cadres:
        if cadre.kind is CadreKind.TUIXIU:
            continue
        joined = cadre.work_start
        if joined is not None and joined.day is not None and joined.month_index not in split:
            # Every day of this month is in one period: the month answers for the day.
            joined = joined.to_month()
        key = (cadre.kind, joined, cadre.health.care_level is CareLevel.FULL)
        sample = keys.setdefault(key, len(keys))
        witnesses.setdefault(sample, cadre)
        start, end = _due_span(roster, cadre, first, last, deaths)
        if start > end:
            continue
        people.append((cadre.id, sample, start, end))
        if moved.get(cadre.id):
            away.extend((cadre.id, mi) for mi in _away(roster, cadre, start, end))
    # The rule, once for each kind of cadre and month.
    rates: list[tuple[int, int, str, int | None, int | None, int | None]] = []
    for sample, cadre in witnesses.items():
        for mi in range(first, last + 1):
            for e in entitlements_of(cadre, PartialDate.from_month_index(mi), params=store):
                fen = None if e.amount is None else int(e.amount * 100)
                numerator, denominator = (
                    e.base_share.as_integer_ratio() if e.base_share is not None else (None, None)
                )
                rates.append((sample, mi, e.kind.value, fen, numerator, denominator))
    schema = {"cadre_id": pl.String, "kind": pl.String, "month": pl.Int64, "due_fen": pl.Int64}
    if not people or not rates:
        return pl.DataFrame(schema=schema)
    cadres = pl.DataFrame(
        people,
        schema={
            "cadre_id": pl.String,
            "sample": pl.Int64,
            "start": pl.Int64,
            "end": pl.Int64,
        },
        orient="row",
    )
    cadres = cadres.with_columns(pl.int_ranges("start", pl.col("end") + 1).alias("month"))
    cadres = cadres.explode("month").sort("month")
    # Each month's base: the last one in force from that month or before.
    cadres = cadres.join_asof(
        given,
        left_on="month",
        right_on="from",
        by="cadre_id",
        strategy="backward",
        check_sortedness=False,  # both sorted by month above; polars cannot check by group
    )
    if away:
        gone = pl.DataFrame(away, schema={"cadre_id": pl.String, "month": pl.Int64}, orient="row")
        cadres = cadres.join(gone, on=["cadre_id", "month"], how="anti")
    table = pl.DataFrame(
        rates,
        schema={"sample": pl.Int64, "month": pl.Int64, "kind": pl.String, "due_fen": pl.Int64,
                "num": pl.Int64, "den": pl.Int64},
        orient="row",
    )  # fmt: skip
    base = pl.col("base_fen")
    priced = (2 * base * pl.col("num") + pl.col("den")) // (2 * pl.col("den"))
    owed = pl.when(pl.col("num").is_not_null()).then(priced).otherwise(pl.col("due_fen"))
    return (
        cadres.join(table, on=["sample", "month"], how="inner")
        .with_columns(owed.alias("due_fen"))
        .select("cadre_id", "kind", "month", "due_fen")
        .sort("cadre_id", "month", "kind")
    )
