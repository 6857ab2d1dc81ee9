"""Benchmark for issues #4 and #13: planning a year and checking compliance, on columns.

Run from the repository root, with the Wenxi plugin installed::

    .venv/bin/python benchmarks/bench_schedule.py [--cadres 100000] [--repeat 3] [--reference]

Targets (#13): plan a year for 100,000 cadres under the Wenxi layer (about 1.87 million
items) in at most 2 s; check compliance against the sample county's ledger (about 1.5 million
rows) in at most 4 s. Each is the best of ``--repeat`` runs. The programmes are Wenxi's
(Locality 140823: a call a month, a visit a quarter, 四必访, 六上门, and the national baseline).
The ledger is the sample county's ``records.csv``, read with ``read_table`` beforehand (reading
is measured in docs/performance.md under the import benchmark).

Compliance is timed twice: from the ledger's record objects, and from the same ledger as a
polars frame, as ``read_frame`` reads it (before the clock starts); the two results are
checked to be equal.

Floors, the least the work could cost as it is built: pairing every cadre with every window
of Wenxi's calendar programmes in polars (a cross join, nothing filtered), and turning the
ledger's record objects into columns (compliance from objects pays that before any
matching); from a frame, checking it and reading its dates into the same columns.
``--reference`` also times the per-item engine the columnar one replaced (kept in
``tests/reference_schedule``), for a before-and-after on the same machine.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from laoganbu import Locality, read_frame, read_roster, read_table
from laoganbu.periods import Period
from laoganbu.sample import generate_sample
from laoganbu.schedule import compliance, plan


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best(label: str, run: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times = []
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - t)
    shown = ", ".join(f"{s:.2f}" for s in times)
    print(f"{label}: best {min(times):.2f} s (runs {shown})", flush=True)
    return min(times), result


def cross_join_floor(roster: Any, place: Any) -> Any:
    """Every cadre paired with every window of the calendar programmes: no eligibility, no
    living test, no order."""
    import polars as pl

    from laoganbu.observances import builtin_observances
    from laoganbu.schedule.columns import plain_date
    from laoganbu.schedule.items import windows

    period = Period.parse(2026)
    pool = {o.key: o for o in (place.observances or builtin_observances())}
    found = [
        (p.id, plain_date(w.start), plain_date(w.end))
        for p in place.programs
        if p.timing in ("cadence", "observance")
        for w, _ in windows(p, period, pool)
    ]
    table = pl.DataFrame(found, schema=["program_id", "start", "end"], orient="row")
    cadres = pl.DataFrame({"cadre_id": [c.id for c in roster.cadres]})
    return cadres.join(table, how="cross")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reference", action="store_true", help="time the per-item engine too")
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    wenxi = Locality("140823")
    assert "wenxi" in wenxi.layers, "install plugins/laoganbu-wenxi first"
    with tempfile.TemporaryDirectory() as tmp:
        county = Path(tmp) / "county"
        generate_sample(county, cadres=args.cadres, seed=0)
        roster = read_roster(county).roster
        records = read_table(county / "records.csv", "service_records", against=roster)
        ledger = records.roster.service_records
        frame = read_frame(county / "records.csv", "service_records", against=roster).data
    print(f"{len(roster.cadres):,} cadres, {len(ledger):,} ledger records", flush=True)

    plan_s, the_plan = best(
        f"plan 2026, {args.cadres:,} cadres",
        lambda: plan(roster, 2026, locality=wenxi),
        args.repeat,
    )
    print(f"  {len(the_plan):,} items")
    floor_s, pairs = best(
        "floor: cross join cadres × windows", lambda: cross_join_floor(roster, wenxi), args.repeat
    )
    print(f"  {pairs.height:,} pairs")
    check_s, result = best(
        f"compliance, {len(ledger):,} records",
        lambda: compliance(the_plan, records=ledger, as_of="2026-11-01"),
        args.repeat,
    )
    print(f"  {result.counts()}; problems {len(result.problems):,}")
    frame_s, from_frame = best(
        f"compliance from a frame, {frame.height:,} rows",
        lambda: compliance(the_plan, records=frame, as_of="2026-11-01"),
        args.repeat,
    )
    assert from_frame == result, "compliance from the frame differs from the objects'"
    from laoganbu.schedule.records import frame_ledger, ledger_frame

    columns_s, _ = best(
        "floor: the ledger's objects as columns", lambda: ledger_frame(ledger), args.repeat
    )
    frame_columns_s, _ = best(
        "floor: the ledger's frame as columns", lambda: frame_ledger(frame), args.repeat
    )

    t = time.perf_counter()
    items = the_plan.items
    print(
        f"the plan's {len(items):,} DueItem objects, made on first use:"
        f" {time.perf_counter() - t:.2f} s"
    )
    del items  # the plan keeps them

    if args.reference:
        sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
        from tests import reference_schedule as reference

        _, old_plan = best(
            "reference plan (per item)", lambda: reference.plan(roster, wenxi, 2026), 1
        )
        best(
            "reference compliance (per item)",
            lambda: reference.compliance(old_plan, ledger, "2026-11-01"),
            1,
        )
    print(f"peak memory: {peak_mb():,.0f} MB")
    print(
        f"targets: plan {plan_s:.2f} s (≤ 2 s: {'met' if plan_s <= 2 else 'NOT met'}),"
        f" compliance {check_s:.2f} s (≤ 4 s: {'met' if check_s <= 4 else 'NOT met'}),"
        f" from a frame {frame_s:.2f} s (≤ 4 s: {'met' if frame_s <= 4 else 'NOT met'});"
        f" floors {floor_s:.2f} s, {columns_s:.2f} s (objects) and {frame_columns_s:.2f} s"
        " (frame)"
    )


if __name__ == "__main__":
    main()
