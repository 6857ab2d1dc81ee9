"""Column expressions every batch rule shares: dates as month indexes, labels as spellings.

Dates are read into integers — a month index (``year * 12 + month - 1``, as
:attr:`laoganbu.PartialDate.month_index`) and a day of the month (0 when unknown) — because
integer arithmetic is the one kind every engine does alike; date types and their arithmetic
differ from one engine to the next.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from typing import Any

import narwhals.stable.v2 as nw

from laoganbu.errors import InvalidValueError
from laoganbu.labels import LabeledEnum

__all__ = [
    "BatchFrame",
    "Columns",
    "Dates",
    "Frame",
    "Plan",
    "add_columns",
    "iso_month",
    "spellings",
]

#: A frame narwhals can wrap: polars, pandas, pyarrow, DuckDB, PySpark, Dask …
BatchFrame = Any
Frame = nw.DataFrame[Any] | nw.LazyFrame[Any]
#: What a rule builds: its new columns by name, and the rows it can judge (others get nulls).
Columns = tuple[dict[str, nw.Expr], nw.Expr]


class Plan:
    """The columns a rule adds, in stages: helper columns first, each stage able to use the
    ones before, then the rule's own columns; helpers are dropped at the end.

    Naming an intermediate result as a column keeps each expression small: engines that
    evaluate eagerly (pandas, pyarrow) compute it once instead of in every expression that
    uses it, and the lazy ones do not have to find the repetition themselves.
    """

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self.schema = frame.collect_schema()
        self.stages: list[dict[str, nw.Expr]] = []
        self.helpers: list[str] = []

    def stage(self, exprs: dict[str, nw.Expr], *, with_last: bool = False) -> dict[str, nw.Expr]:
        """Compute ``exprs`` as helper columns; returns a reference to each, by the same key.

        ``with_last``: compute them in the same pass as the last stage (they must not use its
        columns), which lets the engine work on both at once.
        """
        named: dict[str, nw.Expr] = {}
        for key, expr in exprs.items():
            name = f"__laoganbu_{len(self.helpers)}_{key}"
            while name in self.schema:
                name = "_" + name
            self.helpers.append(name)
            named[name] = expr
        if with_last and self.stages:
            self.stages[-1].update(named)
        else:
            self.stages.append(named)
        return {key: nw.col(name) for key, name in zip(exprs, named, strict=True)}


# Stands in for a missing date while the text is parsed, so that engines which evaluate every
# branch (pandas, pyarrow) have a number to cast; rows without a date are nulled afterwards.
_PLACEHOLDER = "1900-01"

#: The text dates read here: ``YYYY-MM`` or ``YYYY-MM-DD`` (``.`` may stand for ``-``), with a
#: real month and a day of 01–31 (checked against the month below). Anything else — ``1949.1``
#: (January or October?), ``1949-9-30``, ``1949年9月`` — is no date here: its row gets nulls,
#: where the per-record rules raise or read more spellings.
_TEXT_DATE = r"^[0-9]{4}[-.](?:0[1-9]|1[0-2])(?:[-.](?:0[1-9]|[12][0-9]|3[01]))?$"


def _days_in_month(year: nw.Expr, month: nw.Expr) -> nw.Expr:
    # No ``%``: not every engine's string-backed frames have it.
    leap = ((year // 4) * 4 == year) & (
        ((year // 100) * 100 != year) | ((year // 400) * 400 == year)
    )
    return (
        nw.when(month == 2)
        .then(nw.when(leap).then(nw.lit(29)).otherwise(nw.lit(28)))
        .when((month == 4) | (month == 6) | (month == 9) | (month == 11))
        .then(nw.lit(30))
        .otherwise(nw.lit(31))
    )


class Dates:
    """A date column read as integers: :attr:`month` (month index) and :attr:`day` (0 if the
    column holds months only, or ``day=False``).

    Text columns hold ``YYYY-MM`` or ``YYYY-MM-DD`` (the form laoganbu writes; ``YYYY.MM`` is
    read too); a text that is no such real date counts as no date (see :data:`_TEXT_DATE`).
    Date and datetime columns are read as they are, missing values as no date.
    """

    def __init__(self, plan: Plan, name: str, *, day: bool = True) -> None:
        schema = plan.schema
        if name not in schema:
            raise InvalidValueError(
                f"the frame has no column {name!r} (it has {', '.join(schema)}) / 缺少列 {name}"
            )
        column = nw.col(name)
        dtype = schema[name]
        self.present: nw.Expr = ~column.is_null()
        if dtype == nw.String:
            valid = column.str.contains(_TEXT_DATE).fill_null(value=False)
            text = nw.when(valid).then(column).otherwise(nw.lit(_PLACEHOLDER))
            year = text.str.slice(0, 4).cast(nw.Int64)
            month = text.str.slice(5, 2).cast(nw.Int64)
            # ``-00`` pads a month-only value so that every row has two characters to cast.
            day_of_month = nw.concat_str([text, nw.lit("-00")]).str.slice(8, 2).cast(nw.Int64)
            real_day = (day_of_month == 0) | (day_of_month <= _days_in_month(year, month))
            self.present = valid & real_day
        elif dtype in (nw.Date, nw.Datetime):
            # A stand-in where the date is missing (pandas cannot make NaT a whole number).
            stand_in = _dt.date(1900, 1, 1) if dtype == nw.Date else _dt.datetime(1900, 1, 1)
            filled = column.fill_null(nw.lit(stand_in))
            year = filled.dt.year().cast(nw.Int64)
            month = filled.dt.month().cast(nw.Int64)
            day_of_month = filled.dt.day().cast(nw.Int64)
        elif dtype == nw.Unknown:
            # A column with no value at all (polars' Null type): every row lacks its date.
            self.present = nw.lit(value=False)
            year, month, day_of_month = nw.lit(1900), nw.lit(1), nw.lit(0)
        else:
            raise InvalidValueError(
                f"column {name!r} holds {dtype}; give dates as text (1949-09) or as dates"
                f" / 列 {name} 应为日期或文本"
            )
        wanted = {"month": year * 12 + month - 1}
        if day:  # a rule that ignores the day (retirement) does not pay for reading it
            wanted["day"] = day_of_month
        helpers = plan.stage(wanted)
        self.month: nw.Expr = helpers["month"]
        self.day: nw.Expr = helpers.get("day", nw.lit(0))


def iso_month(index: nw.Expr) -> nw.Expr:
    """``YYYY-MM`` text of a month index, as :meth:`laoganbu.PartialDate.isoformat` writes it."""
    year = index // 12
    month = index - year * 12 + 1  # no ``%``: not every engine's string-backed frames have it
    # The separator carries the month's leading zero: cheaper than padding (``zfill``).
    dash = nw.when(month < 10).then(nw.lit("-0")).otherwise(nw.lit("-"))
    return nw.concat_str([year.cast(nw.String), dash, month.cast(nw.String)])


def spellings(members: Iterable[LabeledEnum]) -> list[str]:
    """Every spelling a column may use for ``members``: code, name, Chinese label, aliases."""
    found: list[str] = []
    for member in members:
        for text in (member.value, member.name, member.label, *member.aliases):
            if text not in found:
                found.append(text)
    return found


def add_columns(native: BatchFrame, build: Callable[[Plan], Columns]) -> BatchFrame:
    """``native`` with the columns ``build(plan)`` returns added, as the same kind of frame.

    ``build`` adds its helper columns to the plan and returns ``(columns, valid)``: the new
    columns by name and an expression that is false on rows the rule cannot judge, whose new
    columns are null.
    """
    frame = nw.from_native(native)
    plan = Plan(frame)
    columns, valid = build(plan)
    for stage in plan.stages:
        frame = frame.with_columns(**stage)
    frame = frame.with_columns(**{name: nw.when(valid).then(e) for name, e in columns.items()})
    return nw.to_native(frame.drop(*plan.helpers))
