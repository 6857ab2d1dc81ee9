"""Statutory retirement under the 2024 progressive-retirement decision (渐进式延迟法定退休年龄).

From 2025-01-01 the statutory age of men and of women whose original age is 55 rises by one
month for every four months of later birth, up to 63 and 58; of women whose original age is 50,
by one month for every two, up to 55 (R2 第一条). Births whose original retirement month is before
2025-01 keep the original age. The tables work in months and ignore the day of birth::

    d     = birth month − first affected birth month      (in months)
    delay = 0 if d < 0 else min(d // step + 1, cap)
    age   = original age + delay;  retirement month = birth month + age

Flexible retirement (弹性退休, R2 第三条): at most 36 months earlier, never below the original age;
at most 36 months later.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING

import attrs

from laoganbu.dates import PartialDate, today_date
from laoganbu.errors import InvalidValueError, ParameterNotInForceError
from laoganbu.labels import LabeledEnum
from laoganbu.params import Parameters, ParameterValue, as_day, resolve_parameters
from laoganbu.rules.explain import Explanation, Step, step

if TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = ["RetirementCategory", "RetirementResult", "statutory_retirement"]


class RetirementCategory(LabeledEnum):
    """退休人员类别 — which column of the official tables applies."""

    MALE = ("male", "男职工", "男", "m", "附件1")
    FEMALE_CADRE = (
        "female-cadre",
        "原法定退休年龄为五十五周岁的女职工",
        "female_cadre",
        "女干部",
        "f55",
        "附件2",
    )
    FEMALE_WORKER = (
        "female-worker",
        "原法定退休年龄为五十周岁的女职工",
        "female_worker",
        "女工人",
        "f50",
        "附件3",
    )

    @property
    def key(self) -> str:
        """The category's part of parameter names (``female_cadre``)."""
        return str(self.value).replace("-", "_")


def _age_label(months: int) -> str:
    years, rest = divmod(months, 12)
    return f"{years}岁" if rest == 0 else f"{years}岁{rest}个月"


@attrs.frozen
class RetirementResult:
    """A statutory retirement age and month, with the flexible window.

    Ages are in months (``age_months``), also split as ``age_years`` and ``age_extra_months``.
    Months are month-precision :class:`~laoganbu.PartialDate` values.
    """

    category: RetirementCategory
    birth: PartialDate
    on: _dt.date
    original_age_months: int
    delay_months: int
    age_months: int
    retirement_month: PartialDate
    earliest_age_months: int
    earliest_month: PartialDate
    latest_age_months: int
    latest_month: PartialDate
    #: (parameter name, value used), in the order the calculation used them.
    used: tuple[tuple[str, ParameterValue], ...] = attrs.field(repr=False)
    reformed: bool = True

    @property
    def age_years(self) -> int:
        return self.age_months // 12

    @property
    def age_extra_months(self) -> int:
        return self.age_months % 12

    @property
    def age_label(self) -> str:
        """``60岁1个月``, as the official tables write it."""
        return _age_label(self.age_months)

    def to_dict(self) -> dict[str, object]:
        """The shape ``laoganbu retirement --json`` prints."""
        return {
            "age_years": self.age_years,
            "age_months": self.age_extra_months,
            "retirement_month": self.retirement_month.isoformat(),
            "earliest_month": self.earliest_month.isoformat(),
            "latest_month": self.latest_month.isoformat(),
            "explain": self.explain().to_list(),
        }

    def explain(self) -> Explanation:
        """Each step, with the parameter values and their citations."""
        used = dict(self.used)
        cat = self.category.key
        steps: list[Step] = [
            Step(
                f"类别：{self.category.label}；出生年月 {self.birth.label}（只看年月）"
                f" / category {self.category.value}, born {self.birth.isoformat()}"
            ),
            step(
                f"原法定退休年龄 {self.original_age_months // 12} 岁"
                f" / original statutory age {self.original_age_months // 12}",
                f"retirement.{cat}.original_age",
                used[f"retirement.{cat}.original_age"],
            ),
        ]
        if not self.reformed:
            steps.append(
                Step(
                    f"{self.on.isoformat()} 延迟退休规定尚未施行，按原法定退休年龄"
                    f" / the progressive rule is not in force on {self.on.isoformat()}"
                )
            )
        else:
            start = used[f"retirement.{cat}.delay_start"]
            step_used = used[f"retirement.{cat}.delay_step_months"]
            cap_used = used[f"retirement.{cat}.delay_cap_months"]
            steps.append(
                step(
                    f"自 {start.value} 出生者起延迟 / births from {start.value} are delayed",
                    f"retirement.{cat}.delay_start",
                    start,
                )
            )
            if self.delay_months == 0:
                steps.append(
                    Step(
                        f"{self.birth.isoformat()} 早于 {start.value}，不延迟"
                        " / born before, no delay"
                    )
                )
            else:
                d = self.birth.month_index - PartialDate.parse(start.value).month_index
                steps.append(
                    step(
                        f"相差 {d} 个月，每 {step_used.value} 个月延迟1个月："
                        f"{d} // {step_used.value} + 1 = {d // step_used.value + 1}"
                        f" / {d} months later, one month per"
                        f" {step_used.value}",
                        f"retirement.{cat}.delay_step_months",
                        step_used,
                    )
                )
                steps.append(
                    step(
                        f"最多延迟 {cap_used.value} 个月，实际延迟 {self.delay_months} 个月"
                        f" / capped at {cap_used.value}: delay {self.delay_months} months",
                        f"retirement.{cat}.delay_cap_months",
                        cap_used,
                    )
                )
        steps.append(
            Step(
                f"法定退休年龄 {self.age_label}，退休时间 {self.retirement_month.label}"
                f" / statutory age {self.age_years}y {self.age_extra_months}m,"
                f" retirement month {self.retirement_month.isoformat()}"
            )
        )
        if "retirement.flexible.early_max_months" in used:
            early = used["retirement.flexible.early_max_months"]
            late = used["retirement.flexible.late_max_months"]
            steps.append(
                step(
                    f"弹性提前最多 {early.value} 个月且不低于原法定退休年龄：最早"
                    f" {_age_label(self.earliest_age_months)}（{self.earliest_month.label}）"
                    f" / earliest {self.earliest_month.isoformat()}",
                    "retirement.flexible.early_max_months",
                    early,
                )
            )
            steps.append(
                step(
                    f"弹性延迟最多 {late.value} 个月：最晚 {_age_label(self.latest_age_months)}"
                    f"（{self.latest_month.label}） / latest {self.latest_month.isoformat()}",
                    "retirement.flexible.late_max_months",
                    late,
                )
            )
        return Explanation("法定退休年龄 Statutory retirement", tuple(steps))


def statutory_retirement(
    birth: PartialDate | _dt.date | str,
    category: RetirementCategory | str,
    *,
    on: _dt.date | PartialDate | str | None = None,
    params: Parameters | Locality | None = None,
) -> RetirementResult:
    """The statutory retirement age and month for a birth month and category.

    Args:
        birth: year and month of birth (a day, if given, is ignored as the tables do).
        category: ``male``, ``female-cadre`` (original age 55) or ``female-worker`` (original
            age 50), in English or Chinese (``男``, ``女干部``, ``女工人`` …).
        on: the day whose rules apply (today in China by default); before 2025-01-01 the
            progressive rule was not in force and the original ages apply.
        params: parameters to use (a locality's, say); the national ones by default.

    Raises:
        UnknownEnumValueError: an unknown category.
        InvalidDateError: a birth that is not a date.
        ParameterNotInForceError: no original retirement age in force on ``on``.

    Example:
        >>> r = statutory_retirement("1965-01", "male", on="2026-01-01")
        >>> r.age_label, r.retirement_month.isoformat()
        ('60岁1个月', '2025-02')
    """
    cat = RetirementCategory.parse(category)
    born = PartialDate.parse(birth)
    if born.day is not None:
        born = PartialDate(born.year, born.month)
    day = today_date() if on is None else as_day(on)
    params = resolve_parameters(params)
    key = cat.key
    used: list[tuple[str, ParameterValue]] = []

    def get(name: str) -> ParameterValue:
        value = params.at(name, day)
        used.append((name, value))
        return value

    original = _whole(get(f"retirement.{key}.original_age").value, "original_age") * 12
    try:
        start_used = params.at(f"retirement.{key}.delay_start", day)
    except ParameterNotInForceError:
        start_used = None
    delay = 0
    reformed = start_used is not None
    if start_used is not None:
        used.append((f"retirement.{key}.delay_start", start_used))
        step_months = _whole(get(f"retirement.{key}.delay_step_months").value, "step")
        cap = _whole(get(f"retirement.{key}.delay_cap_months").value, "cap")
        d = born.month_index - PartialDate.parse(start_used.value).month_index
        delay = 0 if d < 0 else min(d // step_months + 1, cap)
    age = original + delay
    earliest, latest = age, age
    if reformed:
        try:
            early = params.at("retirement.flexible.early_max_months", day)
            late = params.at("retirement.flexible.late_max_months", day)
        except ParameterNotInForceError:
            pass
        else:
            used.append(("retirement.flexible.early_max_months", early))
            used.append(("retirement.flexible.late_max_months", late))
            earliest = max(age - _whole(early.value, "early"), original)
            latest = age + _whole(late.value, "late")
    base = born.month_index
    return RetirementResult(
        category=cat,
        birth=born,
        on=day,
        original_age_months=original,
        delay_months=delay,
        age_months=age,
        retirement_month=PartialDate.from_month_index(base + age),
        earliest_age_months=earliest,
        earliest_month=PartialDate.from_month_index(base + earliest),
        latest_age_months=latest,
        latest_month=PartialDate.from_month_index(base + latest),
        used=tuple(used),
        reformed=reformed,
    )


def _whole(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidValueError(f"retirement parameter {what} must be a whole number ≥ 0")
    return value
