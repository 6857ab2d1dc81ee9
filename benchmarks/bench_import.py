"""Benchmarks for issue #2: import cost, and reading a 100,000-cadre CSV roster.

Run from the repository root::

    .venv/bin/python benchmarks/bench_import.py [--cadres 100000] [--repeat 3]

Targets: ``import laoganbu`` under 0.3 s; reading and validating 100,000 cadres under 3 s with
peak memory under 600 MB. Each measurement runs in a fresh interpreter so that caches and
imports of one do not flatter another. Record the printed figures in docs/performance.md.
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
result = read_roster(sys.argv[1])
elapsed = time.perf_counter() - t
peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({
    "seconds": elapsed,
    "cadres": len(result.roster.cadres),
    "rejected": len(result.rejected),
    "peak_mb": peak_kib / 1024,
}))
"""


def _run(snippet: str, *args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", snippet, *args], check=True, capture_output=True, text=True
    )
    return out.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cadres", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    imports = sorted(float(_run(IMPORT_SNIPPET)) for _ in range(max(args.repeat, 5)))
    print(f"import laoganbu: median {imports[len(imports) // 2]:.3f} s (best {imports[0]:.3f} s)")

    from laoganbu.sample import generate_sample

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "county"
        generate_sample(folder, cadres=args.cadres, seed=0)
        size = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        print(f"sample: {args.cadres:,} cadres, {size:.1f} MB of CSV")
        runs = [json.loads(_run(READ_SNIPPET, str(folder))) for _ in range(args.repeat)]
    best = min(runs, key=lambda r: r["seconds"])
    median = sorted(r["seconds"] for r in runs)[len(runs) // 2]
    assert best["cadres"] == args.cadres and best["rejected"] == 0, best
    print(
        f"read_roster: median {median:.2f} s, best {best['seconds']:.2f} s,"
        f" {args.cadres / median:,.0f} cadres/s, peak memory {best['peak_mb']:.0f} MB"
    )


if __name__ == "__main__":
    main()
