"""Benchmark for issue #18: finding the cadres entered twice in a roster of 1,000,000.

Run from the repository root::

    .venv/bin/python benchmarks/bench_duplicates.py [--cadres 1000000] [--repeat 5] [--folder DIR]

Target: the check for a 1,000,000-cadre roster in at most 10 s. The sample county is generated
(or read from ``--folder``, a folder ``laoganbu sample`` wrote), then 1,000 of its cadres are
entered a second time under new ids, half of them without their ID number; the search must
find every one of those pairs, and no other. Figures: reading the roster (for scale), the
search on the roster as read (its cadres still columns), and on the cadres' frame. Record the
printed figures in docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--folder", type=Path, help="a sample folder already written")
    args = parser.parse_args()

    import polars as pl

    from laoganbu import read_roster
    from laoganbu.registry import find_duplicates
    from laoganbu.sample import generate_sample

    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.folder
        if folder is None:
            folder = Path(tmp) / "county"
            generate_sample(folder, cadres=args.cadres, seed=0, records=False)
        t = time.perf_counter()
        roster = read_roster(folder, ledgers=()).roster
        print(
            f"read_roster(ledgers=()): {time.perf_counter() - t:.2f} s,"
            f" {len(roster.cadres):,} cadres"
        )
        cadres = roster.frame("cadres", reveal_pii=True)
        originals = cadres.sample(1000, seed=1)
        planted = originals.with_columns(
            ("D" + pl.int_range(pl.len()).cast(pl.String)).alias("id"),
            pl.when(pl.int_range(pl.len()) % 2 == 0)
            .then(pl.col("id_number"))
            .otherwise(None)
            .alias("id_number"),
        )
        frame = pl.concat([cadres, planted])
        runs = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            pairs = find_duplicates(frame)
            runs.append(time.perf_counter() - t)
        expected = set(zip(originals["id"].to_list(), planted["id"].to_list(), strict=True))
        reported = {(p.first, p.second) for p in pairs}
        assert expected <= reported, len(expected - reported)
        # A copy without its ID number is also likely to be anyone of the same name, birth
        # month and sex: such pairs are right to report. Every pair involves a planted copy.
        assert all(p.second.startswith("D") for p in pairs)
        each = ", ".join(f"{r:.2f}" for r in runs)
        print(
            f"find_duplicates, {frame.height:,} cadres with 1,000 planted pairs (500 without an"
            f" ID number): best {min(runs):.2f} s ({each}); every planted pair found"
            f" ({len(pairs) - 1000} more pairs, each a copy without an ID number and another"
            " cadre of its name, birth month and sex)"
        )
        t = time.perf_counter()
        clean = find_duplicates(roster)
        print(
            f"find_duplicates on the roster as read (its columns), {len(roster.cadres):,} cadres:"
            f" {time.perf_counter() - t:.2f} s, {len(clean)} pairs"
        )


if __name__ == "__main__":
    main()
