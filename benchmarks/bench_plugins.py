"""Benchmark for issue #5: plugin discovery and ``Locality(...)`` composition.

Run from the repository root, with the reference plugins installed::

    .venv/bin/python benchmarks/bench_plugins.py [--repeat 7]

Target: discovering the installed plugins (the three reference plugins among them) and composing
``Locality("140823")`` — its layers, parameters, programmes, observances, validators and column
aliases — under 100 ms. Each run is a fresh interpreter after ``import laoganbu``, so that
nothing is cached from a previous run. Two figures: *warm*, with laoganbu's models already
imported (as they are whenever a roster has been read: the cost of the plugin machinery), and
*cold*, where composing also pays the first import of the models the plugins' checks need.
Record the printed figures in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys

SNIPPET = """
import json, sys, time
import laoganbu
if sys.argv[1] == "warm":
    import laoganbu.models  # what any use of a locality has loaded anyway
t0 = time.perf_counter()  # the plugin machinery's own imports count
from laoganbu.locality import Locality
from laoganbu.plugins import PluginSet
plugins = PluginSet()
t1 = time.perf_counter()
wenxi = Locality("140823", plugins=plugins)
parts = {}
for part in ("parameters", "programs", "observances", "validators", "column_aliases"):
    try:
        parts[part] = len(getattr(wenxi, part) if part != "parameters" else [wenxi.parameters])
    except ImportError:  # a part whose module this version does not have yet
        parts[part] = None
t2 = time.perf_counter()
print(json.dumps({"discover": t1 - t0, "compose": t2 - t1, "plugins": plugins.names(),
                  "layers": list(wenxi.layers), "parts": parts}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    for mode in ("warm", "cold"):
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, "-c", SNIPPET, mode], capture_output=True, text=True
            )
            if out.returncode:
                sys.exit(out.stderr)
            runs.append(json.loads(out.stdout))
        total = sorted(r["discover"] + r["compose"] for r in runs)
        discover = sorted(r["discover"] for r in runs)
        compose = sorted(r["compose"] for r in runs)
        mid = len(runs) // 2
        if mode == "warm":
            print(
                f"plugins: {', '.join(runs[0]['plugins'])}; Locality('140823') layers:"
                f" {', '.join(runs[0]['layers'])}; parts {runs[0]['parts']}"
            )
        print(
            f"{mode}: discovery median {discover[mid] * 1000:.1f} ms; composition median"
            f" {compose[mid] * 1000:.1f} ms; together median {total[mid] * 1000:.1f} ms,"
            f" worst {total[-1] * 1000:.1f} ms"
        )


if __name__ == "__main__":
    main()
