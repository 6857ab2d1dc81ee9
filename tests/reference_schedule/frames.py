"""The reference engine's frame helper, as it was (the library's plans are frames now)."""

from __future__ import annotations

from typing import Any


def to_polars(rows: list[dict[str, Any]], schema: dict[str, str]) -> Any:
    import polars as pl

    types = {"str": pl.Utf8, "date": pl.Date, "int": pl.Int64, "float": pl.Float64}
    return pl.DataFrame(rows, schema={k: types[v] for k, v in schema.items()}, orient="row")
