"""Benchmarks for issue #17: the ledger store.

Run from the repository root::

    .venv/bin/python benchmarks/bench_store.py [--cadres 100000] [--postgres URL]

Generates the sample county with ``--cadres`` people (its service ledger included: about 15
rows a cadre), then measures, on SQLite (a file in a temporary folder) and, given
``--postgres`` (the URL of an empty database), on PostgreSQL: importing the county into a new
store (``Store.import_roster``, one transaction), importing it again (nothing written),
``Store.roster(as_of=…)`` and one cadre's full history (``Store.cadre_history``).

Targets (issue #17): import of 100,000 cadres with their 1.5 M-row ledger within 20 s into
SQLite and 40 s into PostgreSQL; ``roster(as_of=…)`` for 100,000 cadres within 2 s; one
cadre's history within 50 ms. Record the printed figures in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import time
from pathlib import Path


def _measure(url: str, folder: Path) -> dict[str, float | int]:
    import laoganbu.store

    figures: dict[str, float | int] = {}
    with laoganbu.store.open(url) as store:
        store.init()
        t = time.perf_counter()
        done = store.import_roster(folder, actor="bench")
        figures["import_s"] = time.perf_counter() - t
        figures["versions"] = sum(done.written.values())
        t = time.perf_counter()
        again = store.import_roster(folder, actor="bench")
        figures["reimport_s"] = time.perf_counter() - t
        assert sum(again.written.values()) == 0
        t = time.perf_counter()
        roster = store.roster(as_of="2026-06-30")
        figures["roster_as_of_s"] = time.perf_counter() - t
        figures["cadres"] = len(roster.cadres)
        cadre = roster.cadres[len(roster.cadres) // 2].id
        t = time.perf_counter()
        history = store.cadre_history(cadre)
        figures["cadre_history_ms"] = (time.perf_counter() - t) * 1000
        figures["cadre_history_versions"] = len(history)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=100_000)
    parser.add_argument("--postgres", metavar="URL", help="an empty PostgreSQL database")
    args = parser.parse_args()

    from laoganbu.sample import generate_sample

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "county"
        t = time.perf_counter()
        generate_sample(folder, cadres=args.cadres, seed=0)
        print(f"# generated {args.cadres} cadres in {time.perf_counter() - t:.1f} s", flush=True)
        results = {"sqlite": _measure(f"sqlite:///{Path(tmp) / 'county.db'}", folder)}
        if args.postgres:
            results["postgresql"] = _measure(args.postgres, folder)
    print(
        json.dumps(
            {
                "cadres": args.cadres,
                "python": sys.version.split()[0],
                "machine": platform.machine(),
                "results": results,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
