"""Text that a spreadsheet would take for a formula, made harmless in CSV files.

A CSV cell has no type: Excel and WPS evaluate one that starts with ``=``, ``+``, ``-`` or
``@`` (and, after a tab or a carriage return, the same), so a name such as
``=cmd|' /C calc'!A0`` typed into a roster would run when the export is opened. As OWASP
recommends, such a cell is written with a single quote in front (``'=cmd…``); a plain negative
number (``-3``, ``-0.5``) is left as it is, since it is no formula.

The quote is undone when laoganbu reads the file back, so an export round-trips: a cell that
starts with ``'`` loses exactly that one quote if the rest would itself need one. Text that
already began with quotes before such a character (``'=x``) gets one more on the way out, so
reading gives back exactly what was written. XLSX needs none of this: laoganbu writes text
cells as text, which no spreadsheet evaluates.
"""

from __future__ import annotations

import re

__all__ = ["FORMULA_CHARACTERS", "neutralise", "restore"]

#: The first characters that make a spreadsheet evaluate a cell.
FORMULA_CHARACTERS = "=+-@\t\r"

_RISKY = re.compile(r"'*[=+\-@\t\r]")
_NEGATIVE_NUMBER = re.compile(r"-\d+(?:\.\d+)?")


def _needs_quote(text: str) -> bool:
    return _RISKY.match(text) is not None and _NEGATIVE_NUMBER.fullmatch(text) is None


def neutralise(text: str) -> str:
    """``text`` as a CSV cell no spreadsheet evaluates: quoted if it could start a formula."""
    if text and text[0] in "=+-@\t\r'" and _needs_quote(text):
        return "'" + text
    return text


def restore(text: str) -> str:
    """The text :func:`neutralise` was given: one leading quote dropped where it added one."""
    if text[:1] == "'" and _needs_quote(text[1:]):
        return text[1:]
    return text
