"""Benchmark for issue #3: per-call cost of the retirement and age calculators, and computing
them for every cadre of a 100,000-cadre roster.

Run from the repository root::

    .venv/bin/python benchmarks/bench_rules.py [--cadres 100000]

Target: under 20 µs per call. Record the printed figures in docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
import timeit
from pathlib import Path

from laoganbu import age_profile, read_roster, statutory_retirement
from laoganbu.models.enums import Sex
from laoganbu.sample import generate_sample


def per_call(label: str, fn: object, number: int = 20_000) -> None:
    best = min(timeit.repeat(fn, number=number, repeat=5)) / number  # type: ignore[arg-type]
    print(f"{label}: {best * 1e6:.1f} µs per call (best of 5 × {number:,})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=100_000)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    births = [f"{1950 + i % 40}-{i % 12 + 1:02d}" for i in range(1000)]
    it = iter(births * 1000)
    per_call(
        "statutory_retirement",
        lambda: statutory_retirement(next(it), "male", on="2026-11-01"),
    )
    it2 = iter(births * 1000)
    per_call("age_profile", lambda: age_profile(next(it2), on="2026-11-01", health="重病"))

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "county"
        generate_sample(folder, cadres=args.cadres, seed=0)
        roster = read_roster(folder).roster
    cadres = roster.cadres
    t = time.perf_counter()
    for cadre in cadres:
        category = "male" if cadre.sex is Sex.MALE else "female-cadre"
        statutory_retirement(cadre.birth_date, category, on="2026-11-01")
    retirement_s = time.perf_counter() - t
    t = time.perf_counter()
    for cadre in cadres:
        age_profile(cadre.birth_date, on="2026-11-01", health=cadre.health.status)
    age_s = time.perf_counter() - t
    n = len(cadres)
    print(
        f"{n:,} cadres: statutory_retirement {retirement_s:.2f} s"
        f" ({retirement_s / n * 1e6:.1f} µs each); age_profile {age_s:.2f} s"
        f" ({age_s / n * 1e6:.1f} µs each)"
    )


if __name__ == "__main__":
    main()
