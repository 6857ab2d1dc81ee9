"""Periods of time: months, quarters, years and arbitrary ranges of days.

A :class:`Period` is a closed range of calendar days in China Standard Time
(:data:`laoganbu.dates.TIMEZONE`). Rules ask whether a date falls in it, split it into months or
quarters, and compare month-precision dates with it: a date known only to its month falls in a
period when its whole month does (:meth:`Period.contains`), or overlaps it
(:meth:`Period.overlaps_month`).

Text forms accepted by :meth:`Period.parse`::

    2026                      the year
    2026-Q3, 2026Q3, 2026年第3季度  a quarter
    2026-07, 2026.07, 2026年7月  a month
    2026-07-01                a single day
    2026-01-01..2026-06-30    a range; either end may be a month or a year (2026-01..2026-06)
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from typing import Literal

import attrs
import pendulum

from laoganbu.dates import PartialDate, parse_date
from laoganbu.errors import InvalidPeriodError, InvalidValueError

__all__ = ["Period", "PeriodKind", "parse_period"]

PeriodKind = Literal["day", "month", "quarter", "year", "range"]

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_YEAR_RE = re.compile(r"^(\d{4})\s*年?(?:度)?$")
_QUARTER_RE = re.compile(r"^(\d{4})\s*(?:-?\s*[Qq]\s*([1-4])|年\s*第?\s*([1-4一二三四])\s*季度?)$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def _as_date(value: _dt.date | PartialDate) -> _dt.date:
    if isinstance(value, PartialDate):
        if value.day is None:
            raise InvalidPeriodError(
                f"{value} is known only to the month; give a day or use Period.month()"
                f" / {value} 只精确到月"
            )
        return _dt.date(value.year, value.month, value.day)
    if isinstance(value, _dt.datetime):
        return value.date()
    return _dt.date(value.year, value.month, value.day)


def _pendulum_date(value: _dt.date) -> pendulum.Date:
    if isinstance(value, pendulum.Date):
        return value
    return pendulum.Date(value.year, value.month, value.day)


def _month_end(year: int, month: int) -> _dt.date:
    if month == 12:
        return _dt.date(year, 12, 31)
    return _dt.date(year, month + 1, 1) - _dt.timedelta(days=1)


@attrs.frozen(order=False, repr=False)
class Period:
    """A closed range of days, ``start`` to ``end`` inclusive.

    Build one with :meth:`year`, :meth:`quarter`, :meth:`month`, :meth:`day`, :meth:`between` or
    :meth:`parse`; ``kind`` records which, so a month reads back as ``2026-07``.
    """

    start: pendulum.Date = attrs.field(converter=_pendulum_date)
    end: pendulum.Date = attrs.field(converter=_pendulum_date)
    kind: PeriodKind = "range"

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise InvalidPeriodError(
                f"period ends ({self.end}) before it starts ({self.start}) / 结束早于开始"
            )

    # -- constructors -------------------------------------------------------------------------

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year ``year``."""
        return cls(_dt.date(year, 1, 1), _dt.date(year, 12, 31), "year")

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """Quarter ``quarter`` (1–4) of ``year``."""
        if not 1 <= quarter <= 4:
            raise InvalidPeriodError(f"quarter must be 1–4, not {quarter} / 季度应为1–4")
        first = 3 * quarter - 2
        return cls(_dt.date(year, first, 1), _month_end(year, first + 2), "quarter")

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """Month ``month`` (1–12) of ``year``."""
        if not 1 <= month <= 12:
            raise InvalidPeriodError(f"month must be 1–12, not {month} / 月份应为1–12")
        return cls(_dt.date(year, month, 1), _month_end(year, month), "month")

    @classmethod
    def day(cls, value: _dt.date | PartialDate) -> Period:
        """The single day ``value`` (a day-precision date)."""
        day = _as_date(value)
        return cls(day, day, "day")

    @classmethod
    def between(cls, start: _dt.date | PartialDate, end: _dt.date | PartialDate) -> Period:
        """Days from ``start`` to ``end`` inclusive; a month-precision bound covers its month."""
        first = start.first_day if isinstance(start, PartialDate) and start.day is None else start
        last = end.last_day if isinstance(end, PartialDate) and end.day is None else end
        return cls(_as_date(first), _as_date(last), "range")

    @classmethod
    def of(cls, value: PartialDate) -> Period:
        """The month of a month-precision date, or the day of a day-precision one."""
        if value.day is None:
            return cls.month(value.year, value.month)
        return cls.day(value)

    @classmethod
    def parse(cls, value: object) -> Period:
        """Read a period from its text form (see the module docstring) or pass one through."""
        if isinstance(value, Period):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return cls.year(value)
        if not isinstance(value, str):
            raise InvalidPeriodError(f"cannot read a period from {value!r} / 无法识别的期间")
        text = value.strip().translate(_FULLWIDTH)
        if ".." in text or "至" in text or "~" in text:
            left, right = re.split(r"\.\.|至|~", text, maxsplit=1)
            return cls._range(left.strip(), right.strip(), value)
        if m := _YEAR_RE.match(text):
            return cls.year(int(m.group(1)))
        if m := _QUARTER_RE.match(text):
            q = m.group(2) or m.group(3)
            return cls.quarter(int(m.group(1)), _CN_DIGITS.get(q) or int(q))
        try:
            return cls.of(parse_date(text))
        except InvalidValueError as exc:
            reason = f" ({exc})" if re.match(r"^\d{4}\D", text) else ""
            raise InvalidPeriodError(
                f"cannot read a period from {value!r}{reason}; write 2026, 2026-Q3, 2026-07,"
                f" 2026-07-01 or 2026-01-01..2026-06-30 / 无法识别的期间"
            ) from None

    @classmethod
    def _range(cls, left: str, right: str, original: str) -> Period:
        try:
            first, last = cls.parse(left), cls.parse(right)
        except InvalidPeriodError:
            raise InvalidPeriodError(
                f"cannot read a period from {original!r} / 无法识别的期间"
            ) from None
        return cls(first.start, last.end, "range")

    # -- questions ----------------------------------------------------------------------------

    @property
    def days(self) -> int:
        """The number of days in the period."""
        return (self.end - self.start).days + 1

    def __contains__(self, value: object) -> bool:
        if isinstance(value, PartialDate | _dt.date):
            return self.contains(value)
        return False

    def contains(self, value: _dt.date | PartialDate | Period) -> bool:
        """Whether ``value`` lies wholly inside; a month-precision date needs its whole month."""
        if isinstance(value, Period):
            return self.start <= value.start and value.end <= self.end
        if isinstance(value, PartialDate):
            return self.contains(Period.of(value))
        day = value.date() if isinstance(value, _dt.datetime) else value
        return self.start <= day <= self.end

    def overlaps(self, other: Period) -> bool:
        """Whether the two periods share a day."""
        return self.start <= other.end and other.start <= self.end

    def overlaps_month(self, value: PartialDate) -> bool:
        """Whether any day of ``value`` (its month, when month-precision) lies in the period."""
        return self.overlaps(Period.of(value))

    def intersection(self, other: Period) -> Period | None:
        """The days both periods share, or ``None``."""
        if not self.overlaps(other):
            return None
        return Period(max(self.start, other.start), min(self.end, other.end), "range")

    # -- splitting ----------------------------------------------------------------------------

    def months(self) -> Iterator[Period]:
        """Every calendar month that overlaps the period, whole."""
        year, month = self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            yield Period.month(year, month)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    def quarters(self) -> Iterator[Period]:
        """Every calendar quarter that overlaps the period, whole."""
        year, quarter = self.start.year, (self.start.month - 1) // 3 + 1
        while (year, quarter) <= (self.end.year, (self.end.month - 1) // 3 + 1):
            yield Period.quarter(year, quarter)
            year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)

    def years(self) -> Iterator[Period]:
        """Every calendar year that overlaps the period, whole."""
        for year in range(self.start.year, self.end.year + 1):
            yield Period.year(year)

    def split(self, cadence: Literal["month", "quarter", "year"]) -> Iterator[Period]:
        """Every month, quarter or year that overlaps the period, whole."""
        return {"month": self.months, "quarter": self.quarters, "year": self.years}[cadence]()

    # -- text ---------------------------------------------------------------------------------

    def isoformat(self) -> str:
        """The text :meth:`parse` reads back to an equal period."""
        if self.kind == "year":
            return f"{self.start.year}"
        if self.kind == "quarter":
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        if self.kind == "day":
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """Chinese label: ``2026年``, ``2026年第3季度``, ``2026年7月``, ``2026年7月1日至…``."""
        s = self.start
        if self.kind == "year":
            return f"{s.year}年"
        if self.kind == "quarter":
            return f"{s.year}年第{(s.month - 1) // 3 + 1}季度"
        if self.kind == "month":
            return f"{s.year}年{s.month}月"
        day = f"{s.year}年{s.month}月{s.day}日"
        if self.kind == "day":
            return day
        e = self.end
        return f"{day}至{e.year}年{e.month}月{e.day}日"

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"Period({self.isoformat()!r})"


def parse_period(value: object) -> Period:
    """Shorthand for :meth:`Period.parse`."""
    return Period.parse(value)
