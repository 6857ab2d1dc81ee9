"""Festivals and observances that drive visits: their dates in any year from 1900 to 2100.

Lunar festivals (春节, 元宵, 端午, 中秋, 重阳) and the solar term 清明 come from the Chinese
calendar of `lunar-python <https://pypi.org/project/lunar-python/>`_ (a maintained,
pure-Python implementation of the astronomical calendar); the fixed-date observances (元旦, 七一,
八一, 国庆) need no calendar. Which observances a programme uses is data: a list of keys. A
locality's plugin may add observances of its own (hook ``laoganbu_observances``).

重阳 (农历九月初九) is also the statutory 老年节 (老年人权益保障法 第十二条).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Literal

import attrs

from laoganbu.errors import InvalidValueError

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "Festival",
    "Observance",
    "builtin_observances",
    "festivals",
    "observance_date",
]

FIRST_YEAR = 1900
LAST_YEAR = 2100

Calendar = Literal["solar", "lunar", "solar_term"]


@attrs.frozen
class Observance:
    """A festival or commemoration, and how its date is found each year.

    Attributes:
        key: stable English key (``chongyang``).
        name: Chinese name (``重阳节``).
        name_en: English name.
        calendar: ``solar`` (a fixed Gregorian date), ``lunar`` (a date of the Chinese lunar
            calendar) or ``solar_term`` (one of the 24 节气, named in ``term``).
        month, day: the date in that calendar (unused for a solar term).
        term: the solar term's Chinese name (``清明``).
        note: why it matters for the work, or its legal basis.
    """

    key: str
    name: str
    name_en: str
    calendar: Calendar
    month: int = 0
    day: int = 0
    term: str | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        if self.calendar == "solar_term":
            if not self.term:
                raise InvalidValueError(f"observance {self.key!r}: a solar term needs its name")
        elif not (1 <= self.month <= 12 and 1 <= self.day <= 31):
            raise InvalidValueError(f"observance {self.key!r}: month and day are needed")

    def date_in(self, year: int) -> _dt.date:
        """The observance's Gregorian date in ``year``."""
        return observance_date(self, year)


@attrs.frozen
class Festival:
    """An observance on its date in one year."""

    key: str
    name: str
    date: _dt.date

    def to_dict(self) -> dict[str, str]:
        """The shape ``laoganbu festivals --json`` prints."""
        return {"name": self.name, "key": self.key, "date": self.date.isoformat()}


_BUILTIN: tuple[Observance, ...] = (
    Observance("yuandan", "元旦", "New Year's Day", "solar", 1, 1),
    Observance("chunjie", "春节", "Spring Festival", "lunar", 1, 1),
    Observance("yuanxiao", "元宵节", "Lantern Festival", "lunar", 1, 15),
    Observance("qingming", "清明节", "Qingming Festival", "solar_term", term="清明"),
    Observance("duanwu", "端午节", "Dragon Boat Festival", "lunar", 5, 5),
    Observance("qiyi", "七一", "Party Founding Day", "solar", 7, 1, note="中国共产党成立纪念日"),
    Observance(
        "bayi",
        "八一",
        "Army Day",
        "solar",
        8,
        1,
        note="中国人民解放军建军节; visits to army veterans",
    ),
    Observance("zhongqiu", "中秋节", "Mid-Autumn Festival", "lunar", 8, 15),
    Observance("guoqing", "国庆节", "National Day", "solar", 10, 1),
    Observance(
        "chongyang",
        "重阳节",
        "Double Ninth Festival (Seniors' Day)",
        "lunar",
        9,
        9,
        note="老年节: 每年农历九月初九 (老年人权益保障法 第十二条)",
    ),
)


def builtin_observances() -> tuple[Observance, ...]:
    """The national observances laoganbu knows, in calendar order of a typical year."""
    return _BUILTIN


def _check_year(year: int) -> None:
    if isinstance(year, bool) or not isinstance(year, int):
        raise InvalidValueError(f"year must be a whole number, not {year!r}")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValueError(
            f"festival dates are known for {FIRST_YEAR}–{LAST_YEAR}, not {year}"
            " / 仅支持1900至2100年"
        )


@lru_cache(maxsize=4096)
def _lunar_to_solar(year: int, month: int, day: int) -> _dt.date:
    from lunar_python import Lunar  # deferred: building the calendar tables takes a while

    solar: Any = Lunar.fromYmd(year, month, day).getSolar()
    return _dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


@lru_cache(maxsize=1024)
def _solar_term(year: int, term: str) -> _dt.date:
    from lunar_python import Solar

    # The table of a lunar year holds the terms of its Gregorian year; read it mid-year.
    table: Any = Solar.fromYmd(year, 6, 1).getLunar().getJieQiTable()
    if term not in table:
        raise InvalidValueError(f"{term!r} is not one of the 24 solar terms / 不是二十四节气")
    solar = table[term]
    found = _dt.date(solar.getYear(), solar.getMonth(), solar.getDay())
    if found.year != year:  # the table spans two years; 清明 etc. always fall in the middle
        raise InvalidValueError(f"solar term {term} not found in {year}")
    return found


def observance_date(observance: Observance, year: int) -> _dt.date:
    """The Gregorian date of ``observance`` in ``year`` (1900–2100)."""
    _check_year(year)
    if observance.calendar == "solar":
        return _dt.date(year, observance.month, observance.day)
    if observance.calendar == "lunar":
        return _lunar_to_solar(year, observance.month, observance.day)
    assert observance.term is not None
    return _solar_term(year, observance.term)


def festivals(
    year: int,
    keys: Iterable[str] | None = None,
    *,
    observances: Sequence[Observance] | None = None,
) -> list[Festival]:
    """The observances of ``year`` on their dates, in date order.

    Args:
        year: 1900–2100.
        keys: only these observances (by key), e.g. a programme's list.
        observances: the observances to use (a locality's); the built-in ones by default.

    Raises:
        InvalidValueError: a year outside 1900–2100, or a key no observance has.

    Example:
        >>> tuple(f.date.isoformat() for f in festivals(2026, ("chunjie", "chongyang")))
        ('2026-02-17', '2026-10-18')
    """
    _check_year(year)
    pool = {o.key: o for o in (builtin_observances() if observances is None else observances)}
    if keys is None:
        chosen = list(pool.values())
    else:
        wanted = list(keys)
        unknown = [k for k in wanted if k not in pool]
        if unknown:
            raise InvalidValueError(
                f"unknown observance {', '.join(unknown)}; known: {', '.join(pool)} / 未知的节日"
            )
        chosen = [pool[k] for k in dict.fromkeys(wanted)]
    result = [Festival(o.key, o.name, observance_date(o, year)) for o in chosen]
    return sorted(result, key=lambda f: f.date)
