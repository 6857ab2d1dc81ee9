"""Benchmarks for issue #2: import cost, and reading a 100,000-cadre CSV roster.

Run from the repository root::

    .venv/bin/python benchmarks/bench_import.py [--cadres 100000] [--repeat 5]

Targets: ``import laoganbu`` under 0.3 s (issue #2; 50 ms since issue #13); reading and
validating the roster tables of 100,000 cadres in 1.5 s and 400 MB (issue #13; 3 s and 600 MB
before). The roster is the sample county's 14 roster tables; the service
ledger (``records.csv``, about 15 rows a cadre) is read apart with ``read_table`` and reported
as rows per second, as a bureau reads it. Each measurement runs in a fresh interpreter so that
caches and imports of one do not flatter another; on a shared machine the best of several runs
is the figure least disturbed by other work. Record the printed figures in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

IMPORT_SNIPPET = """
import time
t = time.perf_counter()
import laoganbu
print(time.perf_counter() - t)
"""

READ_SNIPPET = """
import json, resource, sys, time
import laoganbu
from laoganbu import read_roster
t = time.perf_counter()
result = read_roster(sys.argv[1], ledgers=() if sys.argv[2] == "roster" else "all")
elapsed = time.perf_counter() - t
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "seconds": elapsed,
    "cadres": len(result.roster.cadres),
    "rows": sum(result.accepted.values()),
    "rejected": len(result.rejected),
    "peak_mb": peak_kib / 1024,
}))
"""

LEDGER_SNIPPET = """
import json, resource, sys, time
from laoganbu import read_table
t = time.perf_counter()
result = read_table(sys.argv[1], "service_records")
elapsed = time.perf_counter() - t
print(json.dumps({
    "seconds": elapsed,
    "rows": len(result.roster.service_records),
    "rejected": len(result.rejected),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

FRAME_SNIPPET = """
import json, resource, sys, time
from laoganbu import read_frame
import polars
t = time.perf_counter()
result = read_frame(sys.argv[1], "service_records")
elapsed = time.perf_counter() - t
print(json.dumps({
    "seconds": elapsed,
    "rows": result.accepted,
    "rejected": len(result.rejected),
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

# The least a columnar reader pays: polars parsing the ledger, every cell as text.
FRAME_FLOOR_SNIPPET = """
import json, sys, time
import polars as pl
t = time.perf_counter()
frame = pl.read_csv(sys.argv[1], infer_schema=False)
print(json.dumps({"seconds": time.perf_counter() - t, "rows": frame.height}))
"""

# What any reader written in Python pays before it checks a value: parsing every file with the
# standard library's csv module, then visiting each cell once in a bare loop. A reader that
# checks the values and makes the records must fit that work into what is left of the 3 s.
FLOOR_SNIPPET = """
import csv, json, sys, time
from pathlib import Path
cells, parsing, visiting = 0, 0.0, 0.0
for path in sorted(Path(sys.argv[1]).glob("*.csv")):
    t = time.perf_counter()
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    parsing += time.perf_counter() - t
    t = time.perf_counter()
    for row in rows:
        for cell in row:
            pass
    visiting += time.perf_counter() - t
    cells += sum(map(len, rows[1:]))
print(json.dumps({"parse": parsing, "visit": visiting, "cells": cells}))
"""


def _run(snippet: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", snippet, *args], check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-ledger", action="store_true", help="skip the service ledger")
    args = parser.parse_args()

    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    imports = sorted(float(_run(IMPORT_SNIPPET)) for _ in range(max(args.repeat, 5)))
    print(f"import laoganbu: median {imports[len(imports) // 2]:.3f} s (best {imports[0]:.3f} s)")

    from laoganbu.sample import generate_sample

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "county"
        generate_sample(folder, cadres=args.cadres, seed=0, records=not args.no_ledger)
        ledger = folder / "records.csv"
        if ledger.exists():
            ledger = ledger.rename(Path(tmp) / "records.csv")
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(f"sample: {args.cadres:,} cadres, {size:.1f} MB of CSV in the roster tables")
        for what, label in (
            ("roster", "read_roster(ledgers=()), who and what exists (target <= 1.5 s at 100,000)"),
            ("all", "read_roster, the folder with its ledgers"),
        ):
            runs = [json.loads(_run(READ_SNIPPET, str(folder), what)) for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["seconds"])
            median = sorted(r["seconds"] for r in runs)[len(runs) // 2]
            assert best["cadres"] == args.cadres and best["rejected"] == 0, best
            each = ", ".join(f"{r['seconds']:.2f}" for r in runs)
            print(
                f"{label}: best {best['seconds']:.2f} s, median {median:.2f} s ({each});"
                f" {best['rows']:,} rows, {best['rows'] / best['seconds']:,.0f} rows/s and"
                f" {args.cadres / best['seconds']:,.0f} cadres/s at best;"
                f" peak memory {max(r['peak_mb'] for r in runs):.0f} MB"
            )
        floors = [json.loads(_run(FLOOR_SNIPPET, str(folder))) for _ in range(args.repeat)]
        floor = min(floors, key=lambda r: r["parse"] + r["visit"])
        print(
            f"floor: stdlib csv parse {floor['parse']:.2f} s, then each of {floor['cells']:,}"
            f" cells visited in a bare loop {floor['visit']:.2f} s (best of {args.repeat})"
        )
        if ledger.exists():
            frames = [json.loads(_run(FRAME_SNIPPET, str(ledger))) for _ in range(args.repeat)]
            fastest = min(frames, key=lambda r: r["seconds"])
            assert fastest["rejected"] == 0, fastest
            each = ", ".join(f"{r['seconds']:.2f}" for r in frames)
            polars_floor = min(
                json.loads(_run(FRAME_FLOOR_SNIPPET, str(ledger)))["seconds"]
                for _ in range(args.repeat)
            )
            print(
                f"read_frame(service_records): {fastest['rows']:,} rows, best"
                f" {fastest['seconds']:.2f} s ({each}), peak memory"
                f" {max(r['peak_mb'] for r in frames):.0f} MB; floor: polars read_csv"
                f" {polars_floor:.2f} s"
            )
            run = json.loads(_run(LEDGER_SNIPPET, str(ledger)))
            assert run["rejected"] == 0, run
            print(
                f"read_table(service_records): {run['rows']:,} rows in {run['seconds']:.1f} s,"
                f" {run['rows'] / run['seconds']:,.0f} rows/s, peak memory {run['peak_mb']:.0f} MB"
            )


if __name__ == "__main__":
    main()
