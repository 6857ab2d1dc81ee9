"""Benchmark for issue #13: statutory retirement for a million persons, three ways.

* per record: :func:`laoganbu.statutory_retirement` in a loop, timed on a sample of
  ``--sample`` persons and extrapolated to ``--persons`` (a full loop takes some 20 s);
* batch: :func:`laoganbu.batch.retirement` on a polars frame of all of them;
* NumPy: the same rule written by hand with NumPy arrays, reading the same parameters, from the
  same text column, producing the same eight columns (three of them ``YYYY-MM`` text) —
  the yardstick the issue sets (batch ≤ 2 × NumPy).

Each figure is the best of ``--repeat`` runs in this process. The NumPy and batch results are
checked equal before anything is printed.

Run from the repository root::

    .venv/bin/python benchmarks/bench_batch.py [--persons 1000000]

Record the printed figures in docs/performance.md.
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from laoganbu import (
    PartialDate,
    RetirementCategory,
    batch,
    default_parameters,
    statutory_retirement,
)
from laoganbu.errors import ParameterNotInForceError

ON = "2026-11-01"
CATEGORIES = [c.value for c in RetirementCategory]


def persons(n: int, seed: int = 0) -> pl.DataFrame:
    """``n`` persons born 1950–2009, in the three categories, births as ``YYYY-MM`` text."""
    rng = np.random.default_rng(seed)
    index = rng.integers(1950 * 12, 2010 * 12, n)
    category = rng.integers(0, len(CATEGORIES), n)
    return pl.DataFrame({"month": index, "cat": category}).select(
        birth_date=pl.format(
            "{}-{}",
            pl.col("month") // 12,
            (pl.col("month") % 12 + 1).cast(pl.String).str.zfill(2),
        ),
        retirement_category=pl.col("cat").replace_strict(range(len(CATEGORIES)), CATEGORIES),
    )


def numpy_retirement(birth: np.ndarray, category: np.ndarray) -> dict[str, np.ndarray]:
    """The rule by hand: ``birth`` as fixed-width ``YYYY-MM`` bytes, ``category`` as codes."""
    params = default_parameters()
    digits = birth.view(np.uint8).reshape(-1, 7).astype(np.int64) - ord("0")
    year = digits[:, 0] * 1000 + digits[:, 1] * 100 + digits[:, 2] * 10 + digits[:, 3]
    born = year * 12 + digits[:, 5] * 10 + digits[:, 6] - 1
    early = params.value("retirement.flexible.early_max_months", ON)
    late = params.value("retirement.flexible.late_max_months", ON)
    original = np.zeros(len(born), np.int64)
    delay = np.zeros(len(born), np.int64)
    for code, cat in zip(CATEGORIES, RetirementCategory, strict=True):
        rows = category == code
        key = cat.key
        original[rows] = params.value(f"retirement.{key}.original_age", ON) * 12
        try:
            start = PartialDate.parse(params.value(f"retirement.{key}.delay_start", ON))
        except ParameterNotInForceError:
            continue
        step = params.value(f"retirement.{key}.delay_step_months", ON)
        cap = params.value(f"retirement.{key}.delay_cap_months", ON)
        d = born[rows] - start.month_index
        delay[rows] = np.where(d < 0, 0, np.minimum(d // step + 1, cap))
    age = original + delay
    earliest = np.maximum(age - early, original)
    latest = age + late
    return {
        "retirement_original_age_months": original,
        "retirement_delay_months": delay,
        "retirement_age_months": age,
        "retirement_month": iso(born + age),
        "retirement_earliest_age_months": earliest,
        "retirement_earliest_month": iso(born + earliest),
        "retirement_latest_age_months": latest,
        "retirement_latest_month": iso(born + latest),
    }


def iso(index: np.ndarray) -> np.ndarray:
    """``YYYY-MM`` bytes of month indexes, digit by digit."""
    year, month = index // 12, index % 12 + 1
    out = np.empty((len(index), 7), np.uint8)
    for i, value in enumerate((year // 1000, year // 100 % 10, year // 10 % 10, year % 10)):
        out[:, i] = value + ord("0")
    out[:, 4] = ord("-")
    out[:, 5] = month // 10 + ord("0")
    out[:, 6] = month % 10 + ord("0")
    return out.view("S7").ravel()


def best(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    print(f"python {platform.python_version()} on {platform.machine()}, {platform.system()};")
    print(f"polars {pl.__version__}, numpy {np.__version__}")
    frame = persons(args.persons)
    n = frame.height

    sample = frame.head(args.sample).rows()
    per_record, _ = best(
        lambda: [statutory_retirement(b, c, on=ON) for b, c in sample], min(args.repeat, 3)
    )
    per_person = per_record / len(sample)

    batch_s, result = best(lambda: batch.retirement(frame, on=ON), args.repeat)
    birth = frame["birth_date"].to_numpy().astype("S7")
    category = frame["retirement_category"].to_numpy().astype("U13")
    numpy_s, columns = best(lambda: numpy_retirement(birth, category), args.repeat)
    convert_s = best(
        lambda: (
            frame["birth_date"].to_numpy().astype("S7"),
            frame["retirement_category"].to_numpy().astype("U13"),
        ),
        args.repeat,
    )[0]

    for name, values in columns.items():
        mine = result[name].to_numpy()
        if values.dtype.kind == "S":
            values = values.astype(str)
        assert (mine == values).all(), name

    print(f"{n:,} persons, retirement on {ON}:")
    print(
        f"  per record: {per_person * 1e6:.1f} µs each (best of {min(args.repeat, 3)} over"
        f" {len(sample):,}), so {per_person * n:.1f} s for {n:,} (extrapolated)"
    )
    print(f"  batch (polars): {batch_s:.3f} s ({batch_s / n * 1e9:.0f} ns each)")
    print(f"  NumPy by hand: {numpy_s:.3f} s, not counting {convert_s:.3f} s to get its arrays")
    print(f"  batch / NumPy: {batch_s / numpy_s:.2f} (target ≤ 2)")
    print(f"  per record / batch: {per_person * n / batch_s:.0f}")


if __name__ == "__main__":
    main()
