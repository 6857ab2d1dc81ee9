"""Jurisdictions: the nation, a province, a city, a county, a township — by GB/T 2260 code.

The chain of a code is read from the code itself: ``140823`` (闻喜县) lies in ``140800``
(运城市), which lies in ``140000`` (山西省), which lies in the nation, written ``000000``. The
9- and 12-digit statistical codes of townships and villages extend their county's code.
"""

from __future__ import annotations

import re
from typing import Final

import attrs

from laoganbu.errors import InvalidValueError
from laoganbu.labels import LabeledEnum

__all__ = ["NATIONAL", "Jurisdiction", "JurisdictionLevel", "ancestors", "level_of"]


class JurisdictionLevel(LabeledEnum):
    """行政级别 — the level of an area, from the nation down to a village, nearest last."""

    NATIONAL = ("national", "全国")
    PROVINCE = ("province", "省级")
    CITY = ("city", "市级")
    COUNTY = ("county", "县级")
    TOWNSHIP = ("township", "乡镇级")
    VILLAGE = ("village", "村级")


#: The code of the nation as a whole.
NATIONAL: Final = "000000"

#: Code → Chinese label of each level (derived from :class:`JurisdictionLevel`).
LEVEL_LABELS: Final[dict[str, str]] = {level.value: level.label for level in JurisdictionLevel}
_LEVEL_ORDER: Final = tuple(JurisdictionLevel)
_CODE_RE = re.compile(r"^\d{6}(?:\d{3}(?:\d{3})?)?$")


def _as_level(value: JurisdictionLevel | str) -> JurisdictionLevel:
    return JurisdictionLevel.parse(value)


def _checked(code: str) -> str:
    text = str(code).strip()
    if not _CODE_RE.match(text):
        raise InvalidValueError(
            f"{code!r} is not a GB/T 2260 division code (6, 9 or 12 digits)"
            " / 行政区划代码应为6、9或12位数字"
        )
    return text


def level_of(code: str) -> JurisdictionLevel:
    """The level a division code names: ``140000`` a province, ``140800`` a city …"""
    code = _checked(code)
    if len(code) == 12:
        return JurisdictionLevel.VILLAGE
    if len(code) == 9:
        return JurisdictionLevel.TOWNSHIP
    if code == NATIONAL:
        return JurisdictionLevel.NATIONAL
    if code.endswith("0000"):
        return JurisdictionLevel.PROVINCE
    if code.endswith("00"):
        return JurisdictionLevel.CITY
    return JurisdictionLevel.COUNTY


def ancestors(code: str) -> tuple[str, ...]:
    """The chain from the nation down to ``code`` itself, farthest first.

    >>> ancestors("140823")
    ('000000', '140000', '140800', '140823')
    """
    code = _checked(code)
    chain = [NATIONAL, code[:2] + "0000", code[:4] + "00", code[:6], code[:9], code]
    result: list[str] = []
    for item in chain:
        if len(item) in (6, 9, 12) and item not in result:
            result.append(item)
        if item == code:
            break
    return tuple(result)


@attrs.frozen
class Jurisdiction:
    """An area a plugin serves.

    Attributes:
        code: its GB/T 2260 code; ``"000000"`` for the nation.
        name: its Chinese name (``闻喜县``).
        level: derived from the code unless given (a :class:`JurisdictionLevel`, its code or
            label).
        parent: the code of the area it lies in; derived from the code unless given.
    """

    code: str = attrs.field(converter=_checked)
    name: str
    level: JurisdictionLevel = attrs.field(converter=_as_level)
    parent: str | None = attrs.field()

    @level.default
    def _level(self) -> JurisdictionLevel:
        return level_of(self.code)

    @parent.default
    def _parent(self) -> str | None:
        chain = ancestors(self.code)
        return chain[-2] if len(chain) > 1 else None

    @property
    def depth(self) -> int:
        """0 for the nation, 1 for a province … — how near the area is; nearer wins."""
        return _LEVEL_ORDER.index(self.level)

    @property
    def label(self) -> str:
        return f"{self.name}（{self.level.label}，{self.code}）"

    def covers(self, code: str) -> bool:
        """Whether the area with ``code`` lies inside this one (or is this one)."""
        return self.code in ancestors(code)

    def to_dict(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "name": self.name,
            "level": self.level.value,
            "parent": self.parent,
        }
