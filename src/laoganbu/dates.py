"""Dates as cadre records give them: to the month (``1949.09``) or to the day.

Chinese personnel records usually give 出生年月 and 参加工作时间 to the month only. A
:class:`PartialDate` keeps exactly the precision it was given; rules that need only the month work
on it, and rules that need the day must say so (see :meth:`PartialDate.first_day` and
:meth:`PartialDate.last_day`) instead of inventing one.

All "today" questions are answered in China Standard Time (Asia/Shanghai).
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
import time
import unicodedata
from typing import TYPE_CHECKING, Any, Literal

import attrs

from laoganbu.errors import InvalidDateError
from laoganbu.text import SPACE

if TYPE_CHECKING:
    # pendulum and pydantic are imported when first used: a small command may need neither.
    import pendulum
    import polars as pl
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import core_schema

__all__ = [
    "TIMEZONE",
    "PartialDate",
    "Precision",
    "age_on",
    "first_day_column",
    "month_index_column",
    "parse_date",
    "today",
    "today_date",
]

TIMEZONE = "Asia/Shanghai"

Precision = Literal["month", "day"]

#: Excel's day 0 is 1899-12-30 once its fictitious 1900-02-29 is accounted for.
_EXCEL_EPOCH = _dt.date(1899, 12, 30)
_EXCEL_LEAP_DAY = 60  # Excel, after Lotus 1-2-3, counts a 29 February 1900
_YEARS_ALONE = range(1800, 2201)
_MIN_YEAR, _MAX_YEAR = 1800, 2200

#: Space inside a date (``\s`` would match control characters too).
_SP = "[ \u3000]"
_SEP = rf"{_SP}*[.\-/年]{_SP}*"
_MONTH_RE = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SP}*月?\Z")
_DAY_RE = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}}){_SP}*[.\-/月]{_SP}*(\d{{1,2}}){_SP}*日?\Z")
#: A month written ``.1``: a CSV file writes a number cell holding 1949.10 so (see parse).
_AMBIGUOUS_RE = re.compile(rf"^\d{{4}}{_SP}*\.{_SP}*1\Z")
#: Digits, possibly with a decimal part: what a day number looks like.
_DAY_NUMBER_RE = re.compile(r"^[+-]?\d+(?:\.\d*)?\Z")
_DATETIME_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\Z")


#: China Standard Time. Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so
#: "now" needs no time-zone database (reading one is most of a small command's start).
_CHINA_NOW = _dt.timezone(_dt.timedelta(hours=8), "CST")


def today() -> PartialDate:
    """Today's date in China Standard Time, to the day."""
    # Bulk validation asks this once per record; the answer only changes once a minute at most.
    return _today_at_minute(int(time.time() // 60))


@functools.lru_cache(maxsize=1)
def _today_at_minute(_minute: int) -> PartialDate:
    d = _dt.datetime.now(_CHINA_NOW)
    return PartialDate(d.year, d.month, d.day)


def today_date() -> _dt.date:
    """Today in China Standard Time as a :class:`datetime.date` (cheap; for bulk checks)."""
    return _today_date_at_minute(int(time.time() // 60))


@functools.lru_cache(maxsize=1)
def _today_date_at_minute(_minute: int) -> _dt.date:
    return _dt.datetime.now(_CHINA_NOW).date()


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def _check_fields(instance: PartialDate, _attribute: Any, _value: Any) -> None:
    if not _MIN_YEAR <= instance.year <= _MAX_YEAR:
        raise InvalidDateError(
            f"year {instance.year} is outside {_MIN_YEAR}–{_MAX_YEAR} / 年份超出范围"
        )
    if not 1 <= instance.month <= 12:
        raise InvalidDateError(f"month {instance.month} does not exist / 月份不存在")
    if instance.day is not None and not (
        1 <= instance.day <= _days_in_month(instance.year, instance.month)
    ):
        raise InvalidDateError(
            f"{instance.year}-{instance.month:02d} has no day {instance.day} / 该月没有这一天"
        )


@functools.total_ordering
@attrs.frozen(eq=True, order=False, repr=False)
class PartialDate:
    """A calendar date known to the month or to the day.

    Examples:
        >>> PartialDate.parse("1949.09")
        PartialDate('1949-09')
        >>> PartialDate.parse("１９４９年９月１日").precision
        'day'
        >>> PartialDate(1949, 9) < PartialDate(1949, 9, 1) < PartialDate(1949, 10)
        True

    Month-precision dates sort before every day of their month. Equality is exact: ``1949-09``
    and ``1949-09-01`` are different values.
    """

    year: int
    month: int
    day: int | None = attrs.field(default=None, validator=_check_fields)

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def parse(cls, value: object) -> PartialDate:
        """Parse any accepted form; raise :class:`~laoganbu.InvalidDateError` otherwise.

        Accepted: ``1949.09``, ``1949.9``, ``1949-09``, ``1949/9``, ``1949年9月``, ``194909``,
        the same with a day (``1949.09.01``, ``1949年9月1日``, ``19490901``), ISO date-times,
        Excel serial day numbers (a number, as a spreadsheet cell gives it; a number from
        1800 to 2200 is taken for a year whose month is missing, and refused),
        :class:`datetime.date` and :class:`datetime.datetime`. Full-width digits are accepted.

        Refused in text: a day number (``17777``: day numbers only exist in workbook cells,
        so in text, a CSV file's included, it is not taken for one), and ``1949.1``, which is
        January typed as text but October as a CSV file writes a number cell holding 1949.10.
        """
        if isinstance(value, str):
            return _parse_text(value)
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, _dt.datetime):
            return cls(value.year, value.month, value.day)
        if isinstance(value, _dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, bool):
            raise InvalidDateError(f"{value!r} is not a date / 不是日期")
        if isinstance(value, int):
            return _from_excel_serial(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                raise InvalidDateError(f"{value} is not a date / 不是日期")
            if int(value) in _YEARS_ALONE and not value.is_integer():
                # 1949.09 typed into a number cell: the number has lost the month's trailing
                # zero (1949.1 is October, or January?), so the month cannot be trusted.
                raise InvalidDateError(
                    f"the number {value} looks like a year and month, but a number cell cannot"
                    " tell 1949.1 (October) from 1949.01; write it as text (1949.09) or as a"
                    " date cell / 数值单元格无法可靠表示年月，请以文本（如 1949.09）或日期格式填写"
                )
            if not value.is_integer():
                raise InvalidDateError(
                    f"spreadsheet number {value} has a time of day; give the date only"
                    " / 表格数值含时间部分"
                )
            return _from_excel_serial(int(value))
        raise InvalidDateError(f"{type(value).__name__} is not a date / 不是日期")

    @classmethod
    def from_month_index(cls, index: int) -> PartialDate:
        """The month-precision date whose :attr:`month_index` is ``index``."""
        year, month0 = divmod(index, 12)
        return cls(year, month0 + 1)

    # -- views --------------------------------------------------------------------------------

    @property
    def precision(self) -> Precision:
        """``"month"`` or ``"day"``."""
        return "month" if self.day is None else "day"

    @property
    def month_index(self) -> int:
        """Months since year 0: ``year * 12 + month - 1``; handy for month arithmetic."""
        return self.year * 12 + self.month - 1

    @property
    def first_day(self) -> pendulum.Date:
        """The earliest day this date may stand for."""
        import pendulum

        return pendulum.date(self.year, self.month, self.day or 1)

    @property
    def last_day(self) -> pendulum.Date:
        """The latest day this date may stand for."""
        import pendulum

        return pendulum.date(
            self.year, self.month, self.day or _days_in_month(self.year, self.month)
        )

    def to_month(self) -> PartialDate:
        """The same date at month precision."""
        return self if self.day is None else PartialDate(self.year, self.month)

    def add_months(self, months: int) -> PartialDate:
        """Calendar month arithmetic; a day past the target month's end is clamped to its end."""
        year, month0 = divmod(self.month_index + months, 12)
        if self.day is None:
            return PartialDate(year, month0 + 1)
        return PartialDate(year, month0 + 1, min(self.day, _days_in_month(year, month0 + 1)))

    @property
    def label(self) -> str:
        """Chinese form: ``1949年9月`` or ``1949年9月1日``."""
        text = f"{self.year}年{self.month}月"
        return text if self.day is None else f"{text}{self.day}日"

    def isoformat(self) -> str:
        """``1949-09`` or ``1949-09-01``: the form laoganbu writes."""
        text = f"{self.year:04d}-{self.month:02d}"
        return text if self.day is None else f"{text}-{self.day:02d}"

    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def __str__(self) -> str:
        return self.isoformat()

    def __repr__(self) -> str:
        return f"PartialDate({self.isoformat()!r})"

    # -- pydantic -----------------------------------------------------------------------------

    @classmethod
    def __get_pydantic_core_schema__(
        cls, _source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_plain_validator_function(
            _validate_for_pydantic,
            json_schema_input_schema=core_schema.str_schema(pattern=r"^\d{4}-\d{2}(-\d{2})?$"),
            serialization=core_schema.plain_serializer_function_ser_schema(
                PartialDate.isoformat, when_used="json-unless-none"
            ),
        )


def _validate_for_pydantic(value: object) -> PartialDate:
    try:
        return PartialDate.parse(value)
    except InvalidDateError as exc:
        # pydantic turns ValueError into a validation error carrying our message.
        raise ValueError(str(exc)) from None


def age_on(birth: PartialDate, on: PartialDate) -> int:
    """Completed years of age on ``on``.

    With a month-precision birth date the birthday counts as reached on the first day of the
    birth month (the convention of cadre records, which give 出生年月 only); with both dates to
    the day, the exact birthday is used.
    """
    months = on.month_index - birth.month_index
    if birth.day is not None and on.day is not None and on.day < birth.day:
        months -= 1
    return months // 12


def parse_date(value: object) -> PartialDate:
    """Module-level alias of :meth:`PartialDate.parse`."""
    return PartialDate.parse(value)


def _from_excel_serial(serial: int) -> PartialDate:
    if serial in _YEARS_ALONE:
        # As a day number it would fall in 1904-1906; in a roster it is a year whose month
        # was left out, and guessing the month would invent a date.
        raise InvalidDateError(
            f"{serial} is a year alone; give the month too, as in {serial}.01"
            " / 只有年份，请写明月份"
        )
    if serial < 1:
        raise InvalidDateError(f"spreadsheet day number {serial} is not a date / 不是日期序号")
    if serial == _EXCEL_LEAP_DAY:
        raise InvalidDateError(
            "spreadsheet day number 60 is 1900-02-29, a day that did not exist"
            " / 序号 60 对应不存在的 1900-02-29"
        )
    if serial < _EXCEL_LEAP_DAY:
        serial += 1  # before Excel's phantom 29 February 1900 its count is one day behind
    try:
        d = _EXCEL_EPOCH + _dt.timedelta(days=serial)
    except OverflowError:
        shown = serial if serial < 10**12 else "of more than 12 digits"
        raise InvalidDateError(
            f"spreadsheet day number {shown} is out of range / 日期序号超出范围"
        ) from None
    return PartialDate(d.year, d.month, d.day)


@functools.lru_cache(maxsize=8192)
def _parse_text(raw: str) -> PartialDate:
    # Rosters repeat the same few hundred months thousands of times; the cache makes bulk
    # imports cheap. PartialDate is immutable, so sharing instances is safe.
    text = unicodedata.normalize("NFKC", raw).strip(SPACE)
    if not text:
        raise InvalidDateError("empty date / 日期为空")
    if _AMBIGUOUS_RE.match(text):
        raise InvalidDateError(
            f"{raw!r} is January typed as text, but October (1949.10) as a CSV file writes a"
            " number cell; write the month with two digits: 1949.01 or 1949.10"
            " / 1949.1 可能是1月，也可能是数值单元格中的10月，请写作 1949.01 或 1949.10"
        )
    try:
        if m := _MONTH_RE.match(text):
            return PartialDate(int(m[1]), int(m[2]))
        if (m := _DAY_RE.match(text)) or (m := _DATETIME_RE.match(text)):
            return PartialDate(int(m[1]), int(m[2]), int(m[3]))
        if text.isdigit() and text.isascii():
            if len(text) == 6:
                return PartialDate(int(text[:4]), int(text[4:]))
            if len(text) == 8:
                return PartialDate(int(text[:4]), int(text[4:6]), int(text[6:]))
            if len(text) == 4 and int(text) in _YEARS_ALONE:
                _from_excel_serial(int(text))  # raises: a year alone
        if _DAY_NUMBER_RE.match(text):
            raise InvalidDateError(
                "a number in text is not a date: Excel's day numbers only exist in workbook"
                " cells; write 1949.09 or 1949-09-01"
                " / 文本中的数字不是日期（日期序号只存在于工作簿单元格中），"
                "请写作 1949.09 或 1949-09-01"
            )
    except InvalidDateError as exc:
        raise InvalidDateError(f"{raw!r}: {exc}") from None
    raise InvalidDateError(
        f"{raw!r} is not a date; write 1949.09, 1949年9月 or 1949-09-01"
        " / 日期格式无法识别，请写作 1949.09、1949年9月 或 1949-09-01"
    )


# -- the same readings as columns ------------------------------------------------------------


def month_index_column(text: pl.Expr) -> pl.Expr:
    """:attr:`PartialDate.month_index` of a column of dates written ``YYYY-MM[-DD]`` (the frame
    convention of :mod:`laoganbu.io.frames`); null stays null."""
    import polars as pl

    return text.str.slice(0, 4).cast(pl.Int32) * 12 + text.str.slice(5, 2).cast(pl.Int32) - 1


def first_day_column(text: pl.Expr) -> pl.Expr:
    """:attr:`PartialDate.first_day` of a column of dates written ``YYYY-MM[-DD]``: a month's
    first day; null for text that is no date."""
    import polars as pl

    # "2026-01" + "-01"; "2026-01-15-01" cut back to the day.
    padded = pl.concat_str(text, pl.lit("-01")).str.slice(0, 10)
    return padded.str.to_date("%Y-%m-%d", strict=False)
