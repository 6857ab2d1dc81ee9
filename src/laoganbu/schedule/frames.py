"""Data frames for notebooks: polars and pandas, each an optional extra."""

from __future__ import annotations

from typing import Any

from laoganbu.errors import LaoganbuError

__all__ = ["to_pandas", "to_polars"]


class MissingExtraError(LaoganbuError, ImportError):
    """An optional dependency is not installed."""

    code = "missing-extra"


def to_polars(rows: list[dict[str, Any]], schema: dict[str, str]) -> Any:
    try:
        import polars as pl
    except ImportError:
        raise MissingExtraError("polars is not installed: pip install 'laoganbu[polars]'") from None
    types = {"str": pl.Utf8, "date": pl.Date, "int": pl.Int64, "float": pl.Float64}
    return pl.DataFrame(rows, schema={k: types[v] for k, v in schema.items()}, orient="row")


def to_pandas(rows: list[dict[str, Any]], columns: list[str]) -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("pandas is not installed: pip install 'laoganbu[pandas]'") from None
    return pd.DataFrame(rows, columns=columns)
