"""The day a batch rule asks its parameters about: one day for the whole frame, as the
per-record rules take it (``on=``), or each row's own day from a column (``on_column=``).

Parameters change on their effective dates. For a column of days, the days are cut into spans
over which none of the rule's parameters changes — every ``from`` and every day after a ``to``
of every layer is a cut — and the rule reads its parameters once a span, on the span's first
day: :meth:`laoganbu.Parameters.at` gives the same values for any day of it. A ``when/then``
chain picks each row's span by its day, compared as the integer ``yyyymmdd``: either the whole
rule built once a span (:func:`by_day`), or only its parameters, as columns (:class:`Regimes`).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from typing import Generic, TypeVar

import narwhals.stable.v2 as nw

from laoganbu.batch._columns import Columns, Dates, Plan
from laoganbu.dates import PartialDate, today_date
from laoganbu.errors import InvalidValueError, ParameterNotInForceError
from laoganbu.params import Parameters, as_day

__all__ = ["Regimes", "RowDay", "by_day", "day_key", "spans"]

T = TypeVar("T")


def day_key(day: _dt.date) -> int:
    """``yyyymmdd`` as one integer, which every engine compares alike."""
    return day.year * 10_000 + day.month * 100 + day.day


def spans(params: Parameters, names: Iterable[str]) -> list[tuple[_dt.date, _dt.date | None]]:
    """Spans of days (first, last; ``None``: open) over which none of the parameters ``names``
    changes its value in any layer."""
    cuts = {_dt.date.min}
    for name in names:
        if name not in params:
            continue
        for value in params.history(name):
            cuts.add(value.valid_from)
            if value.valid_to is not None and value.valid_to < _dt.date.max:
                cuts.add(value.valid_to + _dt.timedelta(days=1))
    ordered = sorted(cuts)
    ends: list[_dt.date | None] = [c - _dt.timedelta(days=1) for c in ordered[1:]]
    return list(zip(ordered, [*ends, None], strict=True))


class RowDay:
    """Each row's day, read from a column: its :attr:`month` index and :attr:`day` (0 for a
    month, which means its first day, as :func:`laoganbu.params.as_day` takes it)."""

    def __init__(self, plan: Plan, column: str) -> None:
        dates = Dates(plan, column)
        self.present = dates.present
        self.month, self.day = dates.month, dates.day
        year = self.month // 12
        month = self.month - year * 12 + 1
        first = nw.when(self.day > 0).then(self.day).otherwise(1)
        self.key: nw.Expr = plan.stage({"key": year * 10_000 + month * 100 + first})["key"]


def by_day(
    plan: Plan,
    params: Parameters,
    names: Iterable[str],
    on: _dt.date | PartialDate | str | None,
    row_day: RowDay | None,
    build: Callable[[_dt.date], Columns],
) -> Columns:
    """``build(day)``'s columns, with ``day`` the one day ``on`` (today by default), or, given
    ``row_day``, each row's own: ``build`` is then called once a span of :func:`spans`, and
    rows in a span where a parameter the rule needs is not in force get nulls (the per-record
    rule raises :class:`~laoganbu.ParameterNotInForceError` for them)."""
    if row_day is None:
        return build(today_date() if on is None else as_day(on))
    if on is not None:
        raise InvalidValueError("give on= or on_column=, not both / on 与 on_column 只能给一个")
    chains: dict[str, list[tuple[nw.Expr, nw.Expr]]] = {}
    judged: list[tuple[nw.Expr, nw.Expr]] = []
    for first, last in spans(params, names):
        try:
            columns, valid = build(first)
        except ParameterNotInForceError:
            continue
        inside = row_day.key >= day_key(first)
        if last is not None:
            inside = inside & (row_day.key <= day_key(last))
        for name, expr in columns.items():
            chains.setdefault(name, []).append((inside, expr))
        judged.append((inside, valid))
    if not judged:
        # No span has every parameter the rule needs; today's span neither, so this raises
        # the per-record rule's error.
        build(today_date())
    return {name: _first(cases) for name, cases in chains.items()}, row_day.present & _first(
        judged, otherwise=nw.lit(False)
    )


def _first(cases: list[tuple[nw.Expr, nw.Expr]], otherwise: nw.Expr | None = None) -> nw.Expr:
    (condition, value), *rest = cases
    expr = nw.when(condition).then(value)
    for condition, value in rest:
        expr = expr.when(condition).then(value)
    return expr if otherwise is None else expr.otherwise(otherwise)


class Regimes(Generic[T]):
    """The values a rule reads from its parameters (``read(day)``), for the one day ``on`` or,
    given ``row_day``, for each span of :func:`spans` — for a rule whose parameters are numbers
    it can use as columns (:meth:`pick`), so that its arithmetic is written once whatever the
    number of spans. Rows in a span where a parameter is not in force are not :attr:`judged`.
    """

    def __init__(
        self,
        params: Parameters,
        names: Iterable[str],
        on: _dt.date | PartialDate | str | None,
        row_day: RowDay | None,
        read: Callable[[_dt.date], T],
    ) -> None:
        self.cases: list[tuple[nw.Expr | None, T]]
        if row_day is None:
            self.cases = [(None, read(today_date() if on is None else as_day(on)))]
            self.judged: nw.Expr = nw.lit(True)
            return
        if on is not None:
            raise InvalidValueError("give on= or on_column=, not both / on 与 on_column 只能给一个")
        self.cases = []
        for first, last in spans(params, names):
            try:
                value = read(first)
            except ParameterNotInForceError:
                continue
            inside = row_day.key >= day_key(first)
            if last is not None:
                inside = inside & (row_day.key <= day_key(last))
            self.cases.append((inside, value))
        if not self.cases:
            read(today_date())  # no span has every parameter: raises the per-record error
        self.judged = row_day.present & _first(
            [(inside, nw.lit(True)) for inside, _ in self.cases if inside is not None],
            otherwise=nw.lit(False),
        )

    def pick(self, expr_of: Callable[[T], nw.Expr], otherwise: nw.Expr) -> nw.Expr:
        """``expr_of(values)`` with each row's values; ``otherwise`` on rows not judged."""
        (first_if, first_value), *rest = self.cases
        if first_if is None:
            return expr_of(first_value)
        expr = nw.when(first_if).then(expr_of(first_value))
        for condition, value in rest:
            assert condition is not None  # only the one-day case has no condition
            expr = expr.when(condition).then(expr_of(value))
        return expr.otherwise(otherwise)
