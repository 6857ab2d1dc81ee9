"""Benchmark for issue #6: a full annual report for the 3,000-cadre sample in every format.

Run from the repository root::

    .venv/bin/python benchmarks/bench_reports.py

Target: under 10 s in total, from reading the sample to the last file written. Runs in a fresh
interpreter, so the figure includes the first use of matplotlib and its font. Record the
printed figures in docs/performance.md.
"""

from __future__ import annotations

import platform
import subprocess
import sys

SNIPPET = """
import tempfile, time
from pathlib import Path
t0 = time.perf_counter()
from laoganbu import Locality, build_report, read_roster
from laoganbu.testing import sample_folder
roster = read_roster(sample_folder()).roster
t1 = time.perf_counter()
place = Locality("140823")
report = build_report(roster, 2026, locality=place, records=roster.service_records,
                      as_of="2026-11-01")
t2 = time.perf_counter()
out = Path(tempfile.mkdtemp())
times = {}
for name, fmt in place.report_formats.items():
    t = time.perf_counter()
    fmt.render(report, out / f"report{fmt.suffix}", False)
    times[name] = time.perf_counter() - t
t3 = time.perf_counter()
print(f"read {t1 - t0:.2f} s; build {t2 - t1:.2f} s; render " +
      ", ".join(f"{k} {v:.2f} s" for k, v in times.items()) + f"; total {t3 - t0:.2f} s")
"""


def main() -> None:
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()}")
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", SNIPPET], capture_output=True, text=True)
        if out.returncode:
            sys.exit(out.stderr)
        print(out.stdout.strip())


if __name__ == "__main__":
    main()
