"""Benchmark for issue #15: entitlements and arrears at scale.

Run from the repository root::

    .venv/bin/python benchmarks/bench_money.py [--cadres 100000] [--months 24] [--repeat 3]

Target (#15): entitlements and arrears for 100,000 cadres over 24 months against a
2.4-million-row payments ledger in at most 10 s on the project's machine. The cadres are
离休 cadres (the ones owed money every month), their joining dates spread over 1936–1949
and one in twenty fully dependent; the ledger pays each of them 离休费 every month, the
right 护理费 every month but one in fifty, and 2025's 生活补贴 (2024's is left unpaid) — twice
the rows the target names — as the columns ``read_frame`` gives (built directly: reading
is measured by the import benchmark). Each cadre has a 基本离休费 on record (``pay_bases``),
one in ten of them raised in 2026-01, so every month is priced from the base in force.
``--days`` gives the joining dates to the day rather than the month. The roster is built
with ``model_construct``, as a reader makes records after validating them. Each figure is
the best of ``--repeat`` runs; record them in docs/performance.md.
"""

from __future__ import annotations

import argparse
import random
import time
from decimal import Decimal

import polars as pl

from laoganbu import Locality
from laoganbu.dates import PartialDate
from laoganbu.models import Cadre, Health, PayBase, Roster
from laoganbu.models.enums import CadreKind, CareLevel, Sex
from laoganbu.money import arrears, entitlement_frame, entitlements_of


def county(cadres: int, rng: random.Random, days: bool) -> Roster:
    people = []
    for i in range(cadres):
        joined = PartialDate.from_month_index(1936 * 12 + rng.randrange(13 * 12 + 8))
        if days:
            joined = PartialDate(joined.year, joined.month, 1 + rng.randrange(28))
        care = CareLevel.FULL if rng.random() < 0.05 else None
        people.append(
            Cadre.model_construct(
                id=f"C{i:06d}",
                name="某",
                sex=Sex.MALE,
                birth_date=PartialDate(1928, 1),
                kind=CadreKind.LIXIU,
                work_start=joined,
                health=Health(care_level=care),
                death_date=None,
            )
        )
    bases = [
        PayBase.model_construct(
            id=f"B{i:06d}", cadre_id=c.id, valid_from=PartialDate(2024, 1), amount=Decimal(6000)
        )
        for i, c in enumerate(people)
    ]
    bases += [
        PayBase.model_construct(
            id=f"R{i:06d}", cadre_id=c.id, valid_from=PartialDate(2026, 1), amount=Decimal(6300)
        )
        for i, c in enumerate(people[::10])
    ]
    return Roster.model_construct(cadres=tuple(people), pay_bases=tuple(bases))


def ledger(roster: Roster, first: int, months: int, rng: random.Random) -> pl.DataFrame:
    """Every month's 离休费 and the right 护理费 (but one in fifty), and 2025's 生活补贴 (not
    2024's)."""
    ids, kinds, starts, amounts = [], [], [], []
    fees: dict[tuple[object, object], Decimal] = {}
    for cadre in roster.cadres:
        key = (cadre.work_start, cadre.health.care_level)
        if key not in fees:
            owed = entitlements_of(cadre, "2026-01")
            fees[key] = next(
                (e.amount for e in owed if e.kind.value == "nursing_fee" and e.amount), Decimal(200)
            )
        for mi in range(first, first + months):
            month = PartialDate.from_month_index(mi).isoformat()
            ids.append(cadre.id)
            kinds.append("lixiu_pay")
            starts.append(month)
            amounts.append(Decimal(6000))
            if rng.random() >= 0.02:
                ids.append(cadre.id)
                kinds.append("nursing_fee")
                starts.append(month)
                amounts.append(fees[key])
        ids.append(cadre.id)
        kinds.append("living_allowance")
        starts.append("2025-12")
        amounts.append(Decimal(6000))
    n = len(ids)
    return pl.DataFrame(
        {
            "cadre_id": ids,
            "kind": kinds,
            "period_from": starts,
            "period_to": [None] * n,
            "amount": pl.Series(amounts, dtype=pl.Decimal(38, 2)),
            "source": ["finance"] * n,
            "paid_on": [s + "-05" for s in starts],
        },
        schema_overrides={"period_to": pl.String},
    )


def best(label: str, work: object, repeat: int) -> object:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    print(f"{label}: best {min(times):.2f} s of {repeat}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--days", action="store_true", help="joining dates to the day, not to the month"
    )
    args = parser.parse_args()
    rng = random.Random(15)
    first = 2024 * 12 + 10  # 2024-11 … 2026-10
    roster = county(args.cadres, rng, args.days)
    payments = ledger(roster, first, args.months, rng)
    print(f"{args.cadres:,} cadres, {args.months} months, {payments.height:,} payments")
    span = f"{PartialDate.from_month_index(first).isoformat()}..2026-10"
    place = Locality()
    best(
        "entitlements",
        lambda: entitlement_frame(roster, span, as_of="2026-11-01", locality=place),
        args.repeat,
    )
    found = best(
        "entitlements and arrears",
        lambda: arrears(roster, span, payments=payments, as_of="2026-11-01", locality=place),
        args.repeat,
    )
    print(f"arrears found: {len(found):,}")  # type: ignore[arg-type]


if __name__ == "__main__":
    main()
