"""Benchmark for issue #4: planning a year and checking compliance.

Run from the repository root, with the Wenxi plugin installed::

    .venv/bin/python benchmarks/bench_schedule.py [--cadres 100000] [--records 2000000]

Targets: plan a year for the 3,000-cadre sample under 1 s; plan a year for 100,000 cadres and
check compliance against 2,000,000 records, each under 30 s, peak memory under 4 GB. The
programmes are Wenxi's (Locality 140823: a call a month, a visit a quarter, 四必访, 六上门, and
the national baseline). The 2,000,000 records are built in memory, one per due item where the
service was done, so that the figure is the engine's, not the CSV reader's (reading is
measured in docs/performance.md under the import benchmark).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import resource
import tempfile
import time
from pathlib import Path

from laoganbu import Locality, read_roster
from laoganbu.models.service import ServiceRecord
from laoganbu.sample import generate_sample
from laoganbu.schedule import compliance, plan


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=100_000)
    parser.add_argument("--records", type=int, default=2_000_000)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    wenxi = Locality("140823")
    assert "wenxi" in wenxi.layers, "install plugins/laoganbu-wenxi first"
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small"
        generate_sample(small, cadres=3000, seed=0)
        roster = read_roster(small).roster
        t = time.perf_counter()
        the_plan = plan(roster, wenxi, 2026)
        print(f"plan 2026, 3,000 cadres: {time.perf_counter() - t:.2f} s, {len(the_plan):,} items")

        big = Path(tmp) / "big"
        generate_sample(big, cadres=args.cadres, seed=0, records=False)
        roster = read_roster(big).roster
    t = time.perf_counter()
    the_plan = plan(roster, wenxi, 2026)
    plan_s = time.perf_counter() - t
    print(f"plan 2026, {args.cadres:,} cadres: {plan_s:.2f} s, {len(the_plan):,} items")

    rng = random.Random(0)
    records: list[ServiceRecord] = []
    programs = {p.id: p for p in the_plan.programs}
    build = ServiceRecord.model_construct
    while len(records) < args.records:
        for item in the_plan.items:
            if len(records) >= args.records:
                break
            if rng.random() < 0.1:
                continue  # missed
            span = (item.end - item.start).days
            day = item.start + dt.timedelta(days=int(rng.random() * (span + 1)))
            if rng.random() < 0.05:
                day = item.end + dt.timedelta(days=1 + int(rng.random() * 20))  # late
            records.append(
                build(
                    id=f"R{len(records)}",
                    cadre_id=item.cadre_id,
                    kind=programs[item.program_id].kind,
                    date=_partial(day),
                    program_id=None,
                    provider=None,
                    amount=None,
                    notes=None,
                )
            )
    t = time.perf_counter()
    result = compliance(the_plan, records, "2026-11-01")
    check_s = time.perf_counter() - t
    counts = result.counts()
    print(
        f"compliance, {len(records):,} records: {check_s:.2f} s; {counts};"
        f" problems {len(result.problems):,}"
    )
    print(f"peak memory: {peak_mb():,.0f} MB")


def _partial(day: dt.date) -> object:
    from laoganbu.dates import PartialDate

    return PartialDate(day.year, day.month, day.day)


if __name__ == "__main__":
    main()
