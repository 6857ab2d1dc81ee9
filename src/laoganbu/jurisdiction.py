"""Jurisdictions: the nation, a province, a city, a county, a township — by GB/T 2260 code.

The chain of a code is read from the code itself: ``140823`` (闻喜县) lies in ``140800``
(运城市), which lies in ``140000`` (山西省), which lies in the nation, written ``000000``. The
9- and 12-digit statistical codes of townships and villages extend their county's code.
"""

from __future__ import annotations

import re
from typing import Final, Literal

import attrs

from laoganbu.errors import InvalidValueError

__all__ = ["NATIONAL", "Jurisdiction", "JurisdictionLevel", "ancestors", "level_of"]

JurisdictionLevel = Literal["national", "province", "city", "county", "township", "village"]

#: The code of the nation as a whole.
NATIONAL: Final = "000000"

#: Chinese label of each level.
LEVEL_LABELS: Final[dict[str, str]] = {
    "national": "全国",
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇级",
    "village": "村级",
}
_LEVEL_ORDER: Final = tuple(LEVEL_LABELS)
_CODE_RE = re.compile(r"^\d{6}(?:\d{3}(?:\d{3})?)?$")


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
        return "village"
    if len(code) == 9:
        return "township"
    if code == NATIONAL:
        return "national"
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


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
        level: derived from the code unless given.
        parent: the code of the area it lies in; derived from the code unless given.
    """

    code: str = attrs.field(converter=_checked)
    name: str
    level: JurisdictionLevel = attrs.field()
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
        return f"{self.name}（{LEVEL_LABELS[self.level]}，{self.code}）"

    def covers(self, code: str) -> bool:
        """Whether the area with ``code`` lies inside this one (or is this one)."""
        return self.code in ancestors(code)

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "name": self.name, "level": self.level, "parent": self.parent}
