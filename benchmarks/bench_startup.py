"""Benchmark for issue #16: how long a small command takes from start to exit.

Run from the repository root::

    .venv/bin/python benchmarks/bench_startup.py [--repeat 15]

Target: ``laoganbu retirement --birth 1971-04 --category male --json`` in 100 ms or less on the
project's machine, measured beside ``python -c pass`` (the interpreter's own start). Each run is
a fresh process, the commands taking turns; the best of several is the figure least
disturbed by other work. Record the printed figures in docs/performance.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    # The floor: what any command that applies a locality's rules must import and do before
    # laoganbu's own code runs — click, attrs, pluggy, tomllib and the entry-point scan.
    "dependencies alone": [
        sys.executable,
        "-c",
        "import click, attrs, pluggy, tomllib, importlib.metadata as m;"
        " m.entry_points(group='laoganbu')",
    ],
    "import laoganbu.cli": [sys.executable, "-c", "import laoganbu.cli"],
    "laoganbu retirement … --json": [
        str(Path(sys.executable).with_name("laoganbu")),
        "retirement",
        "--birth",
        "1971-04",
        "--category",
        "male",
        "--json",
    ],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    times: dict[str, list[float]] = {label: [] for label in COMMANDS}
    # Round by round, so that a slow spell of a shared machine slows every command alike.
    for _ in range(args.repeat):
        for label, command in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
            times[label].append(time.perf_counter() - start)
    for label, taken in times.items():
        print(
            f"{label}: best {min(taken) * 1000:.0f} ms,"
            f" median {statistics.median(taken) * 1000:.0f} ms ({args.repeat} runs)"
        )


if __name__ == "__main__":
    main()
