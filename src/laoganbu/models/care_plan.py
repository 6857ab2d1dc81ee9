"""一人一策 — a plan per person for the cadres who need the most care: who is responsible,
and which services are due how often.

A plan (:class:`CarePlan`, the table ``care_plans``) is state, not a ledger: it says what holds
for a cadre from the day it was drawn up until it lapses (``valid_until``) or ends
(``ended_on``). Its measures (:class:`CarePlanMeasure`, the child table
``care_plan_measures``) fall due like a programme's items (:func:`laoganbu.plan`), and
:func:`laoganbu.care_plan_gaps` finds the cadres who need a plan and have none.
"""

from __future__ import annotations

import datetime as _dt
from typing import Self

from pydantic import Field, model_validator

from laoganbu.dates import PartialDate
from laoganbu.models.base import FieldConflict, IdentifiedRecord, Record, RecordId, Text
from laoganbu.models.enums import Cadence, CarePlanStatus, ServiceKind
from laoganbu.privacy import HealthNote, PersonalNote

__all__ = ["CarePlan", "CarePlanMeasure"]


class CarePlanMeasure(Record):
    """服务措施 — one measure of a 一人一策 plan: a service, due ``count`` times in every month,
    quarter or year the plan is in force (as a programme's cadence says it)."""

    label = "服务措施"

    kind: ServiceKind = Field(title="服务类型")
    cadence: Cadence = Field(title="周期")
    count: int = Field(1, title="每周期次数", ge=1, le=31)
    #: What the measure is about may be a health matter (送医疗 for a cadre's illness): masked.
    details: HealthNote | None = Field(None, title="措施内容")

    def describe(self) -> str:
        """In Chinese: ``走访：每月2次``."""
        times = f"{self.count}次" if self.count > 1 else ""
        return f"{self.kind.label}：{self.cadence.label}{times}"


class CarePlan(IdentifiedRecord):
    """一人一策 — a cadre's own plan of care: who answers for it, from when, and its measures.

    A plan is in force from the first day of ``drawn_up_on`` to the last day of ``valid_until``
    (if it has one) and, once ended, to the last day of ``ended_on``; one ended has the day it
    ended, one in force has none. A review (``reviewed_on``) does not change the days: a plan
    reviewed and kept records its new ``valid_until``.
    """

    label = "一人一策"

    id: RecordId = Field(title="编号")
    cadre_id: RecordId = Field(title="干部编号")
    responsible: Text | None = Field(None, title="责任人")
    responsible_unit_id: RecordId | None = Field(None, title="责任单位")
    drawn_up_on: PartialDate = Field(title="制定日期")
    reviewed_on: PartialDate | None = Field(None, title="评估日期")
    valid_until: PartialDate | None = Field(None, title="有效期至")
    status: CarePlanStatus = Field(CarePlanStatus.IN_FORCE, title="方案状态")
    ended_on: PartialDate | None = Field(None, title="终止日期")
    #: A plan's notes speak of the cadre's health and family: masked.
    notes: PersonalNote | None = Field(None, title="备注")
    measures: tuple[CarePlanMeasure, ...] = Field((), title="服务措施")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        drawn = self.drawn_up_on.first_day
        for name, what in (
            ("reviewed_on", "评估日期"),
            ("valid_until", "有效期至"),
            ("ended_on", "终止日期"),
        ):
            value: PartialDate | None = getattr(self, name)
            # A month is not before a day within it: 2026.03 and 2026-03-15 agree.
            if value is not None and value.last_day < drawn:
                raise FieldConflict(
                    name,
                    f"{value} is before the plan was drawn up ({self.drawn_up_on})"
                    f" / {what}早于制定日期",
                )
        if self.status is CarePlanStatus.ENDED and self.ended_on is None:
            raise FieldConflict(
                "ended_on",
                "a plan that has ended needs the day it ended / 已终止的方案须填写终止日期",
            )
        if self.status is CarePlanStatus.IN_FORCE and self.ended_on is not None:
            raise FieldConflict(
                "ended_on",
                f"a plan still in force has no end ({self.ended_on}) / 执行中的方案不应有终止日期",
            )
        return self

    @property
    def first_day(self) -> _dt.date:
        """The first day the plan is in force."""
        day = self.drawn_up_on.first_day
        return _dt.date(day.year, day.month, day.day)

    @property
    def last_day(self) -> _dt.date | None:
        """The last day the plan is in force; ``None`` while it runs with no end."""
        ends = [d.last_day for d in (self.valid_until, self.ended_on) if d is not None]
        if not ends:
            return None
        day = min(ends)
        return _dt.date(day.year, day.month, day.day)

    def in_force_on(self, day: _dt.date | PartialDate | str) -> bool:
        """Whether the plan holds on ``day`` (a month: its first day).

        Example:
            >>> plan = CarePlan(id="CP1", cadre_id="C1", drawn_up_on="2026-03-15",
            ...     valid_until="2027-03")
            >>> plan.in_force_on("2026-03-14"), plan.in_force_on("2027-03-31")
            (False, True)
        """
        if isinstance(day, str):
            day = PartialDate.parse(day)
        if isinstance(day, PartialDate):
            day = day.first_day
        day = _dt.date(day.year, day.month, day.day)
        last = self.last_day
        return self.first_day <= day and (last is None or day <= last)
