"""Checks across a record's fields as column expressions: which rows of a frame are certainly
consistent, so that an import need not run the model's own check on them.

Each expression is the batch form of a model's ``after`` validator and agrees with it (tests hold
them to each other on generated records): a row it passes has no conflict; every other row is
checked by the model itself, which words the conflict. Models without an expression here are
checked record by record, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Final

from laoganbu.dates import month_index_column, today
from laoganbu.models.cadre import LIXIU_LATEST_WORK_START, Cadre

if TYPE_CHECKING:
    import polars as pl

__all__ = ["consistent"]


def _month_index(column: str) -> pl.Expr:
    """``year * 12 + month - 1`` of a ``YYYY-MM[-DD]`` text column (null stays null)."""
    import polars as pl

    return month_index_column(pl.col(column))


def _cadre() -> pl.Expr:
    """No conflict of :meth:`Cadre.conflicts <laoganbu.models.cadre.Cadre.conflicts>`."""
    import polars as pl

    born = _month_index("birth_date")
    now = today().month_index
    ok = born <= now
    for name in Cadre._checked_dates:
        index = _month_index(name)
        ok &= pl.col(name).is_null() | ((index >= born) & (index <= now))
    birth = pl.col("birth_date")
    number = pl.col("id_number")
    same_birth = (number.str.slice(6, 6) == birth.str.slice(0, 4) + birth.str.slice(5, 2)) & (
        (birth.str.len_bytes() == 7) | (number.str.slice(12, 2) == birth.str.slice(8, 2))
    )
    odd = number.str.slice(16, 1).cast(pl.Int32) % 2 == 1
    same_sex = odd == (pl.col("sex") == "male")
    ok &= number.is_null() | (same_birth & same_sex)
    latest = LIXIU_LATEST_WORK_START
    # A 离休 cadre's work start (its first day) by 1949-09-30: any day of September 1949 or
    # earlier, or a month up to September 1949.
    by_then = _month_index("work_start") <= latest.year * 12 + latest.month - 1
    ok &= (pl.col("kind") != "lixiu") | pl.col("work_start").is_null() | by_then
    ok &= (pl.col("kind") == "survivor") == pl.col("survivor_of").is_not_null()
    member = pl.col("party_member").fill_null(False)
    in_party = pl.col("organization_id").is_not_null() | pl.col("mobile_party_member").fill_null(
        False
    )
    ok &= ~in_party | member
    check = _month_index("health_last_check")
    ok &= pl.col("health_last_check").is_null() | ((check >= born) & (check <= now))
    # Not signed (否), yet a date or doctor of signing: blank (unknown) contradicts nothing.
    signed_detail = (
        pl.col("family_doctor_since").is_not_null() | pl.col("family_doctor_provider").is_not_null()
    )
    ok &= pl.col("family_doctor").fill_null(True) | ~signed_detail
    return ok.fill_null(False)


#: Model → the expression of its rows that are certainly consistent.
_CHECKS: Final[dict[type, Callable[[], pl.Expr]]] = {Cadre: _cadre}

#: The columns each expression reads (all must be in the frame for it to be used).
_COLUMNS: Final[dict[type, tuple[str, ...]]] = {
    Cadre: (
        "birth_date",
        *Cadre._checked_dates,
        "id_number",
        "sex",
        "kind",
        "survivor_of",
        "party_member",
        "organization_id",
        "mobile_party_member",
        "health_last_check",
        "family_doctor",
        "family_doctor_provider",
    ),
}


_FLAGS: Final = frozenset({"party_member", "mobile_party_member", "family_doctor"})


def consistent(model: type, frame: pl.DataFrame) -> list[bool] | None:
    """Per row of ``frame`` (values in the frame convention, columns named as the fields),
    whether it is certainly consistent; ``None`` when there is no expression for ``model``."""
    import polars as pl

    check = _CHECKS.get(model)
    if check is None:
        return None
    # A column missing, or holding no value at all (polars' Null type), is a column of nulls.
    frame = frame.with_columns(
        (pl.col(c) if c in frame.columns else pl.lit(None))
        .cast(pl.Boolean if c in _FLAGS else pl.String)
        .alias(c)
        for c in _COLUMNS[model]
        if c not in frame.columns or frame.schema[c] == pl.Null
    )
    flags: list[bool] = frame.select(check()).to_series().to_list()
    return flags
