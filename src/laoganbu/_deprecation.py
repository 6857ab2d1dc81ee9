"""Deprecation notes for spellings kept for one release."""

from __future__ import annotations

import warnings

__all__ = ["warn_deprecated"]


def warn_deprecated(old: str, new: str, *, stacklevel: int = 3) -> None:
    """Warn that ``old`` still works for now and ``new`` is the spelling to use.

    ``stacklevel`` 3 points the warning at the caller of the function that calls this.
    """
    warnings.warn(
        f"{old} is deprecated and will be removed in the next release; use {new}"
        f" / 此写法已弃用，下个版本将删除，请改用 {new}",
        DeprecationWarning,
        stacklevel=stacklevel,
    )
