"""Monthly Party dues of retired members for every row: the batch form of
:func:`laoganbu.rules.dues.party_dues`.

Money is counted in whole fen (分), integers every engine computes exactly: the base column
holds fen and so does the result, rounded half up as the per-record rule rounds.
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import TYPE_CHECKING

import narwhals.stable.v2 as nw

from laoganbu.batch._columns import BatchFrame, Columns, Plan, add_columns
from laoganbu.dates import PartialDate, today_date
from laoganbu.params import Parameters, as_day, resolve_parameters
from laoganbu.rules.dues import party_dues as one_member

if TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = ["PARTY_DUES_COLUMNS", "party_dues"]

#: The columns :func:`party_dues` adds, with their Chinese labels.
PARTY_DUES_COLUMNS: dict[str, str] = {
    "party_dues_rate": "党费比例",
    "party_dues_fen": "月交党费（分）",
}


def _rounded(fen: nw.Expr, rate: Decimal) -> nw.Expr:
    """``fen × rate`` rounded half up to a whole fen, in integers: ⌊(2·fen·n + d) / 2d⌋ for the
    rate n/d (the base is not negative)."""
    n, d = rate.as_integer_ratio()
    return (fen * (2 * n) + d) // (2 * d)


def party_dues(
    frame: BatchFrame,
    *,
    on: PartialDate | _dt.date | str | None = None,
    params: Parameters | Locality | None = None,
    base_fen: str = "base_fen",
) -> BatchFrame:
    """The monthly Party dues of every row, as the columns :data:`PARTY_DUES_COLUMNS`.

    Args:
        frame: one row a retired member, of any engine narwhals supports.
        on: the day whose rules apply (today in China by default).
        params: parameters to use; the national ones by default.
        base_fen: the column of each member's monthly base, in whole fen (``520050`` for
            5,200.50 yuan).

    ``party_dues_rate`` is the share due as exact text (``"0.01"``), ``party_dues_fen`` the
    dues in fen. Rows without a base, or with a negative one, get nulls (the per-record rule
    raises).

    Example:
        >>> import polars as pl
        >>> from laoganbu import batch
        >>> members = pl.DataFrame({"base_fen": [400_000, 500_000, 500_001]})
        >>> batch.party_dues(members, on="2026-01-01")["party_dues_fen"].to_list()
        [2000, 2500, 5000]
    """
    store = resolve_parameters(params)
    day = today_date() if on is None else as_day(on)
    # The per-record rule reads and checks the parameters: the batch uses what it found.
    low = one_member(0, on=day, params=store)
    threshold = store.value("party_dues.retired.threshold", day)
    high = one_member(Decimal(threshold) + Decimal("0.01"), on=day, params=store)
    threshold_fen = int(Decimal(threshold) * 100)

    def build(plan: Plan) -> Columns:
        fen = nw.col(base_fen)
        above = fen > threshold_fen
        columns = {
            "party_dues_rate": nw.when(above)
            .then(nw.lit(str(high.rate), nw.String))
            .otherwise(nw.lit(str(low.rate), nw.String)),
            "party_dues_fen": nw.when(above)
            .then(_rounded(fen, high.rate))
            .otherwise(_rounded(fen, low.rate))
            .cast(nw.Int64),
        }
        return columns, ~fen.is_null() & (fen >= 0)

    return add_columns(frame, build)
