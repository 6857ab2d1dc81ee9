"""Service programmes as data: who is served, what is done, when, and on whose authority.

A programme is a pydantic model (it is read from data files and exported as JSON Schema), with a
small pure predicate for *who*::

    id = "wenxi.monthly_call"
    name = "一月一次电话"
    kind = "phone_call"                      # ServiceKind, Chinese or English
    who = { kinds = ["离休", "退休"] }        # Eligibility: every condition must hold
    cadence = "month"                        # month | quarter | year
    source = "闻喜县委老干部局《闻喜县：建体系夯基础 强能力 用心用情用力做好老干部工作》"

Other timings: ``observances = ["chunjie", "chongyang"]`` (a visit around each festival, from
``days_before`` to ``days_after``); ``triggers = ["生病住院"]`` with ``response_days`` (a visit
within that many days of a life event); ``milestone_ages = [80, 90, 100]`` (the birthday month).
"""

from __future__ import annotations

import datetime as _dt
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from laoganbu.dates import PartialDate, age_on
from laoganbu.models.cadre import Cadre
from laoganbu.models.enums import (
    Cadence,
    CadreKind,
    CareLevel,
    HealthStatus,
    LifeEventKind,
    Rank,
    ServiceKind,
)

__all__ = ["Cadence", "Eligibility", "ServiceProgramDefinition", "rank_of"]


#: Code → Chinese label of each :class:`Cadence` (derived from it; kept for existing callers).
CADENCE_LABELS: dict[str, str] = {c.value: c.label for c in Cadence}


#: Each rank's place, highest first (:class:`Rank` is declared from the top down).
RANK_ORDER: dict[Rank, int] = {rank: place for place, rank in enumerate(Rank)}


def rank_of(cadre: Cadre) -> Rank | None:
    """The rank a cadre's treatment follows: the 待遇级别 where recorded, else the 职级."""
    return cadre.treatment_level if cadre.treatment_level is not None else cadre.rank


class Eligibility(BaseModel):
    """服务对象 — who a programme serves. Every condition given must hold; none given: all
    living cadres of every kind."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kinds: tuple[CadreKind, ...] = Field((), title="人员类别", description="Any of these kinds.")
    min_age: int | None = Field(None, title="最低年龄", ge=0, le=150)
    max_age: int | None = Field(None, title="最高年龄", ge=0, le=150)
    health: tuple[HealthStatus, ...] = Field((), title="健康状况", description="Any of these.")
    care_levels: tuple[CareLevel, ...] = Field((), title="护理等级", description="Any of these.")
    relocated: bool | None = Field(None, title="易地安置")
    party_member: bool | None = Field(None, title="党员")
    hardship: bool | None = Field(None, title="有特殊困难")
    lives_alone: bool | None = Field(None, title="独居")
    empty_nest: bool | None = Field(None, title="空巢")
    min_rank: Rank | None = Field(
        None,
        title="最低级别",
        description="This rank or above, by the 待遇级别 where recorded, else the 职级; a cadre"
        " with neither is not served.",
    )

    @model_validator(mode="after")
    def _ages(self) -> Eligibility:
        if self.min_age is not None and self.max_age is not None and self.max_age < self.min_age:
            raise ValueError("max_age is below min_age / 年龄上限低于下限")
        return self

    def matches(self, cadre: Cadre, on: PartialDate) -> bool:
        """Whether ``cadre`` is served on ``on`` (death is the engine's concern, not this)."""
        if self.kinds and cadre.kind not in self.kinds:
            return False
        if self.min_age is not None or self.max_age is not None:
            age = age_on(cadre.birth_date, on)
            if self.min_age is not None and age < self.min_age:
                return False
            if self.max_age is not None and age > self.max_age:
                return False
        if self.health and cadre.health.status not in self.health:
            return False
        if self.care_levels and cadre.health.care_level not in self.care_levels:
            return False
        if self.min_rank is not None:
            rank = rank_of(cadre)
            if rank is None or RANK_ORDER[rank] > RANK_ORDER[self.min_rank]:
                return False
        for flag, value in (
            (self.relocated, cadre.relocated),
            (self.party_member, cadre.party_member),
            (self.hardship, bool(cadre.hardships)),
            (self.lives_alone, cadre.lives_alone),
            (self.empty_nest, cadre.empty_nest),
        ):
            if flag is not None and flag != value:
                return False
        return True

    @property
    def age_dependent(self) -> bool:
        return self.min_age is not None or self.max_age is not None

    def describe(self) -> str:
        """In Chinese: ``离休、遗属；80岁以上；易地安置``."""
        parts = []
        if self.kinds:
            parts.append("、".join(k.label for k in self.kinds))
        if self.min_age is not None:
            parts.append(f"{self.min_age}岁以上")
        if self.max_age is not None:
            parts.append(f"{self.max_age}岁以下")
        if self.health:
            parts.append("、".join(h.label for h in self.health))
        if self.care_levels:
            parts.append("、".join(c.label for c in self.care_levels))
        if self.min_rank is not None:
            parts.append(f"{self.min_rank.label}及以上")
        for flag, yes, no in (
            (self.relocated, "易地安置", "非易地安置"),
            (self.party_member, "党员", "非党员"),
            (self.hardship, "有特殊困难", "无特殊困难"),
            (self.lives_alone, "独居", "非独居"),
            (self.empty_nest, "空巢", "非空巢"),
        ):
            if flag is not None:
                parts.append(yes if flag else no)
        return "；".join(parts) or "全体离退休干部"


class ServiceProgramDefinition(BaseModel):
    """服务项目 — a service a bureau commits to, as data.

    Exactly one timing is given: a ``cadence``, ``observances``, ``triggers`` or
    ``milestone_ages``. ``amount`` (yuan) or ``amount_parameter`` (the name of a parameter
    holding it) prices a payment.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(title="编号", min_length=1, pattern=r"^[\w.\-]+$")
    name: str = Field(title="项目名称", min_length=1)
    kind: ServiceKind = Field(title="服务类型")
    who: Eligibility = Field(default_factory=Eligibility, title="服务对象")
    cadence: Cadence | None = Field(None, title="周期")
    count: int = Field(1, title="每周期次数", ge=1, le=31)
    observances: tuple[str, ...] = Field((), title="节日")
    days_before: int = Field(14, title="节前天数", ge=0, le=90)
    days_after: int = Field(0, title="节后天数", ge=0, le=90)
    triggers: tuple[LifeEventKind, ...] = Field((), title="触发事件")
    response_days: int = Field(7, title="响应天数", ge=0, le=365)
    milestone_ages: tuple[int, ...] = Field((), title="逢整寿")
    amount: Decimal | None = Field(None, title="金额（元）", ge=0)
    amount_parameter: str | None = Field(None, title="金额参数")
    source: str = Field(title="依据", min_length=1)
    jurisdiction: str = Field("000000", title="辖区代码", pattern=r"^\d{6}(\d{3}(\d{3})?)?$")
    status: Literal["official", "secondary", "unverified", "local"] = Field(
        "local", title="依据状态"
    )
    note: str | None = Field(None, title="说明")

    @model_validator(mode="after")
    def _one_timing(self) -> ServiceProgramDefinition:
        timings = [
            self.cadence is not None,
            bool(self.observances),
            bool(self.triggers),
            bool(self.milestone_ages),
        ]
        if sum(timings) != 1:
            raise ValueError(
                "give exactly one of cadence, observances, triggers, milestone_ages"
                " / 周期、节日、触发事件、整寿只能选一种"
            )
        if self.amount is not None and self.amount_parameter is not None:
            raise ValueError("give amount or amount_parameter, not both")
        return self

    @property
    def timing(self) -> Literal["cadence", "observance", "trigger", "milestone"]:
        if self.cadence is not None:
            return "cadence"
        if self.observances:
            return "observance"
        if self.triggers:
            return "trigger"
        return "milestone"

    def describe(self) -> str:
        """In Chinese: who, what, when."""
        if self.cadence is not None:
            when = self.cadence.label + (f"{self.count}次" if self.count > 1 else "")
        elif self.observances:
            when = "节日：" + "、".join(self.observances)
        elif self.triggers:
            when = "、".join(t.label for t in self.triggers) + f"后{self.response_days}天内"
        else:
            when = "、".join(f"{a}岁" for a in self.milestone_ages) + "生日"
        return f"{self.name}：{self.who.describe()}；{self.kind.label}；{when}"

    def price(self, on: _dt.date, amount_of: object = None) -> Decimal | None:
        """The amount per item on ``on``: the literal, or the named parameter's value through
        ``amount_of(name, on)`` (a :class:`~laoganbu.params.Parameters`' ``value``)."""
        if self.amount is not None:
            return self.amount
        if self.amount_parameter is None or amount_of is None:
            return None
        value = amount_of(self.amount_parameter, on)  # type: ignore[operator]
        return Decimal(str(value))
