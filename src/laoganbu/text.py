"""What counts as space, and as a control character, in the text of a roster.

Python's ``str.strip()`` and pydantic's ``strip_whitespace`` take away some control characters
(``\\x0b``, ``\\x0c``, ``\\x1c``–``\\x1f``, ``\\x85``) as if they were spaces; a cell ending in one
would then pass as clean. laoganbu trims only :data:`SPACE` and refuses the others.
"""

from __future__ import annotations

from typing import Final

__all__ = ["CONTROL_CHARACTERS", "INVISIBLE", "SPACE"]

#: Unicode's spaces and line breaks: what is trimmed from the ends of a value.
SPACE: Final = (
    " \t\n\r\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)

#: Control characters other than tab, line feed and carriage return, and DEL (a regular-expression
#: class body): never meant in a roster, and a workbook cannot hold most of them.
CONTROL_CHARACTERS: Final = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"

#: Characters that take no space: an id made of them, or holding them, looks like another id
#: (or like none) while it is not (a regular-expression class body).
INVISIBLE: Final = r"\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
