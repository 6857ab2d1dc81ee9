"""pandas data frames for notebooks, an optional extra (plans and compliance results are polars
frames already)."""

from __future__ import annotations

from typing import Any

from laoganbu.errors import LaoganbuError

__all__ = ["to_pandas"]


class MissingExtraError(LaoganbuError, ImportError):
    """An optional dependency is not installed."""

    code = "missing-extra"


def to_pandas(rows: list[dict[str, Any]], columns: list[str]) -> Any:
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("pandas is not installed: pip install 'laoganbu[pandas]'") from None
    return pd.DataFrame(rows, columns=columns)
