"""Money as the frames hold it — whole fen — and as people read it: exact yuan, masked when
it is what one named person was owed or paid."""

from __future__ import annotations

from decimal import Decimal
from typing import overload

__all__ = ["SMALL_GROUP", "masked_yuan", "yuan_of"]

#: A total of fewer people than this is one person's money, or near enough: masked unless
#: revealed, as a named person's amounts are.
SMALL_GROUP = 5


@overload
def yuan_of(fen: int) -> Decimal: ...
@overload
def yuan_of(fen: None) -> None: ...
def yuan_of(fen: int | None) -> Decimal | None:
    """Fen as exact yuan to the fen (``Decimal("200.00")``)."""
    return None if fen is None else Decimal(fen).scaleb(-2)


def masked_yuan(fen: int | None, reveal_pii: bool) -> str | None:
    """A named person's amount as exact text (``"200.00"``), ``***`` unless ``reveal_pii``;
    ``None`` when the amount is not known."""
    if fen is None:
        return None
    return str(yuan_of(fen)) if reveal_pii else "***"
