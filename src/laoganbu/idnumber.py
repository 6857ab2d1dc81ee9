"""Citizen ID numbers (公民身份号码) under GB 11643-1999.

An 18-character number is six digits of administrative division (GB/T 2260), eight of birth
date, three of sequence (odd for men, even for women) and an ISO 7064 MOD 11-2 check character
(``0``–``9`` or ``X``). Legacy 15-digit numbers (two-digit year, no check character) are accepted
and upgraded: ``19`` is inserted before the year and the check character appended.
"""

from __future__ import annotations

import datetime as _dt
import operator
import unicodedata
from typing import Literal

from laoganbu.dates import PartialDate, today_date
from laoganbu.errors import InvalidIdNumberError
from laoganbu.privacy import Masked, mask_text
from laoganbu.text import SPACE

__all__ = ["IdNumber", "id_check_character", "normalize_id_number"]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK = "10X98765432"
_ZERO_WEIGHT = ord("0") * sum(_WEIGHTS)
#: First two digits of GB/T 2260 province-level codes (incl. 71 Taiwan, 81 Hong Kong, 82 Macao).
PROVINCE_PREFIXES = frozenset(
    [
        "11",
        "12",
        "13",
        "14",
        "15",
        "21",
        "22",
        "23",
        "31",
        "32",
        "33",
        "34",
        "35",
        "36",
        "37",
        "41",
        "42",
        "43",
        "44",
        "45",
        "46",
        "50",
        "51",
        "52",
        "53",
        "54",
        "61",
        "62",
        "63",
        "64",
        "65",
        "71",
        "81",
        "82",
    ]
)


_EARLIEST_BIRTH_YEAR = 1850


def id_check_character(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character for the first 17 digits."""
    if len(first17) != 17 or not (first17.isascii() and first17.isdigit()):
        raise InvalidIdNumberError("the check character needs exactly 17 digits")
    # The digits' code points less 48 times the weights' sum: the digits' values, in C.
    total = sum(map(operator.mul, first17.encode("ascii"), _WEIGHTS)) - _ZERO_WEIGHT
    return _CHECK[total % 11]


def normalize_id_number(value: str) -> str:
    """Validate an ID number and return its 18-character form; raise on any fault.

    Messages show the number masked.
    """
    text = value.strip(SPACE).upper()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).strip(SPACE).upper()

    def fault(reason: str) -> InvalidIdNumberError:
        return InvalidIdNumberError(f"ID number {IdNumber.mask(text)}: {reason}")

    if not text.isascii():
        raise fault("only digits and X are allowed / 身份证号只能含数字和X")
    if len(text) == 15:
        if not text.isdigit():
            raise fault("a 15-digit number has only digits / 15位身份证号只能含数字")
        text = text[:6] + "19" + text[6:]
        text += id_check_character(text)
    elif len(text) == 18:
        if not (text[:17].isdigit() and (text[17].isdigit() or text[17] == "X")):
            raise fault("17 digits then a digit or X expected / 身份证号格式错误")
        if text[17] != id_check_character(text[:17]):
            raise fault("check character is wrong / 身份证号校验码错误")
    else:
        raise fault(
            f"{len(text)} characters; 18 (or legacy 15) expected / 身份证号应为18位（或旧15位）"
        )
    if text[:2] not in PROVINCE_PREFIXES:
        raise fault(f"{text[:2]} is not a province code / 行政区划代码无效")
    try:
        born = _dt.date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        raise fault("encodes an impossible birth date / 出生日期不存在") from None
    if born.year < _EARLIEST_BIRTH_YEAR or born > today_date():
        raise fault(f"birth year {born.year} is implausible / 出生日期不合理")
    return text


class IdNumber(Masked):
    """A validated 18-character citizen ID number, masked unless revealed.

    Examples:
        >>> n = IdNumber("11010519491231002X")
        >>> n
        IdNumber('110***********002X')
        >>> n.birth_date, n.sex
        (PartialDate('1949-12-31'), 'female')
    """

    __slots__ = ()
    kind = "ID number / 身份证号"

    @classmethod
    def normalize(cls, value: str) -> str:
        return normalize_id_number(value)

    @classmethod
    def mask(cls, value: str) -> str:
        return mask_text(value, 3, 4)

    @property
    def birth_date(self) -> PartialDate:
        """The birth date the number encodes."""
        v = self._value
        return PartialDate(int(v[6:10]), int(v[10:12]), int(v[12:14]))

    @property
    def sex(self) -> Literal["male", "female"]:
        """``"male"`` when the sequence digit is odd, else ``"female"``."""
        return "male" if int(self._value[16]) % 2 else "female"

    @property
    def division_code(self) -> str:
        """The six-digit GB/T 2260 code of the place of first registration."""
        return self._value[:6]
