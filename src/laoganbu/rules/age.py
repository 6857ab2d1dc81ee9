"""Age on a date, age bands, 老年人 / 高龄, and 双高期 (高龄和高发病).

Ages work at month precision, as cadre records give 出生年月: the birthday counts as reached on
the first day of the birth month (see :func:`laoganbu.age_on`). Every threshold is a parameter:
``age.elderly_min`` (60, the law), ``age.advanced_min`` (80), ``age.bands`` (lower bounds of
the bands reports count by) and ``age.double_high.*`` (no national definition exists: a
locality should set its own).
"""

from __future__ import annotations

import datetime as _dt
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.dates import PartialDate, age_on, today_date
from laoganbu.errors import InvalidValueError
from laoganbu.models.enums import HealthStatus
from laoganbu.params import Parameters, ParameterValue, as_day, resolve_parameters
from laoganbu.rules.explain import Explanation, Step, step

if TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = ["AgeBands", "AgeProfile", "age_bands", "age_profile"]


@attrs.frozen
class AgeBands:
    """Age bands from their lower bounds: ``[60, 70, 80, 90]`` gives 60岁以下, 60–69岁, 70–79岁,
    80–89岁 and 90岁及以上 — a partition of all ages."""

    bounds: tuple[int, ...]
    source: ParameterValue | None = None

    def __attrs_post_init__(self) -> None:
        if not self.bounds or list(self.bounds) != sorted(set(self.bounds)) or self.bounds[0] <= 0:
            raise InvalidValueError(
                f"age bands need increasing positive bounds, not {list(self.bounds)}"
                " / 年龄段下限应递增"
            )

    @property
    def labels(self) -> list[str]:
        first, *rest = self.bounds
        labels = [f"{first}岁以下"]
        labels.extend(f"{a}–{b - 1}岁" for a, b in zip(self.bounds, rest, strict=False))
        labels.append(f"{self.bounds[-1]}岁及以上")
        return labels

    def index(self, age: int) -> int:
        """The band an age falls in, 0 for the youngest."""
        if age < 0:
            raise InvalidValueError(f"age {age} is negative / 年龄不能为负")
        return sum(1 for bound in self.bounds if age >= bound)

    def label(self, age: int) -> str:
        return self.labels[self.index(age)]


def age_bands(
    *, on: _dt.date | PartialDate | str | None = None, params: Parameters | Locality | None = None
) -> AgeBands:
    """The age bands in force (parameter ``age.bands``)."""
    params = resolve_parameters(params)
    used = params.at("age.bands", today_date() if on is None else as_day(on))
    return AgeBands(tuple(_ints(used.value, "age.bands")), used)


def _ints(value: Any, name: str) -> list[int]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise InvalidValueError(f"{name} must be a list of whole numbers")
    result = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, int):
            raise InvalidValueError(f"{name} must be a list of whole numbers")
        result.append(item)
    return result


@attrs.frozen
class AgeProfile:
    """A person's age on a day and what it means for the work.

    Attributes:
        age: completed years.
        band: the age band's label (``80–89岁``).
        elderly: 老年人 (60 or older).
        advanced: 高龄 (80 or older).
        double_high: in 双高期 — 高龄 age *and* a listed health status; ``None`` when the
            health status is not known and the age alone would qualify.
    """

    birth: PartialDate
    on: PartialDate
    age: int
    band: str
    elderly: bool
    advanced: bool
    double_high: bool | None
    health: HealthStatus | None
    used: tuple[tuple[str, ParameterValue], ...] = attrs.field(repr=False)

    def explain(self) -> Explanation:
        used = dict(self.used)
        steps: list[Step] = [
            Step(
                f"出生 {self.birth.label}，到 {self.on.label} 满 {self.age} 周岁"
                f" / born {self.birth.isoformat()}: {self.age} on {self.on.isoformat()}"
            ),
            step(f"年龄段 {self.band} / age band", "age.bands", used["age.bands"]),
            step(
                f"{'是' if self.elderly else '不是'}老年人 / elderly: {self.elderly}",
                "age.elderly_min",
                used["age.elderly_min"],
            ),
            step(
                f"{'属' if self.advanced else '不属'}高龄 / advanced age: {self.advanced}",
                "age.advanced_min",
                used["age.advanced_min"],
            ),
        ]
        health = "未知" if self.health is None else self.health.label
        steps.append(
            step(
                f"双高期年龄线 / 双高期 age from {used['age.double_high.min_age'].value}",
                "age.double_high.min_age",
                used["age.double_high.min_age"],
            )
        )
        steps.append(
            step(
                f"健康状况 {health}；双高期：{_yes_no(self.double_high)}"
                f" / health {self.health or 'unknown'}: 双高期 {self.double_high}",
                "age.double_high.health_statuses",
                used["age.double_high.health_statuses"],
            )
        )
        return Explanation("年龄 Age", tuple(steps))

    def to_dict(self) -> dict[str, Any]:
        return {
            "birth": self.birth.isoformat(),
            "on": self.on.isoformat(),
            "age": self.age,
            "band": self.band,
            "elderly": self.elderly,
            "advanced": self.advanced,
            "double_high": self.double_high,
            "explain": self.explain().to_list(),
        }


@functools.lru_cache(maxsize=64)
def _bands(bounds: tuple[int, ...]) -> AgeBands:
    return AgeBands(bounds)


@functools.lru_cache(maxsize=64)
def _statuses(codes: tuple[str, ...]) -> frozenset[HealthStatus]:
    return frozenset(HealthStatus.parse(code) for code in codes)


def _yes_no(value: bool | None) -> str:
    return "未知" if value is None else ("是" if value else "否")


def age_profile(
    birth: PartialDate | _dt.date | str,
    *,
    on: PartialDate | _dt.date | str | None = None,
    health: HealthStatus | str | None = None,
    params: Parameters | Locality | None = None,
) -> AgeProfile:
    """Age, band, 老年人, 高龄 and 双高期 on a day.

    Args:
        birth: 出生年月 (a day may be given).
        on: the day (today in China by default); a month means its first day.
        health: the health status (code or Chinese label), for 双高期.
        params: parameters to use; the national ones by default.

    Raises:
        InvalidValueError: ``on`` is before ``birth``.

    Example:
        >>> p = age_profile("1940.03", on="2026-11-01", health="重病")
        >>> p.age, p.band, p.double_high
        (86, '80–89岁', True)
    """
    born = PartialDate.parse(birth)
    when = PartialDate.parse(today_date() if on is None else on)
    if when.month_index < born.month_index:
        raise InvalidValueError(f"{when.isoformat()} is before the birth {born.isoformat()}")
    status = None if health is None else HealthStatus.parse(health)
    params = resolve_parameters(params)
    day = as_day(when)
    used = tuple(
        (name, params.at(name, day))
        for name in (
            "age.bands",
            "age.elderly_min",
            "age.advanced_min",
            "age.double_high.min_age",
            "age.double_high.health_statuses",
        )
    )
    values = {name: value.value for name, value in used}
    age = age_on(born, when)
    bands = _bands(tuple(_ints(values["age.bands"], "age.bands")))
    double_age = age >= values["age.double_high.min_age"]
    statuses = _statuses(tuple(values["age.double_high.health_statuses"]))
    if not double_age:
        double: bool | None = False
    elif status is None:
        double = None
    else:
        double = status in statuses
    return AgeProfile(
        birth=born,
        on=when,
        age=age,
        band=bands.label(age),
        elderly=age >= values["age.elderly_min"],
        advanced=age >= values["age.advanced_min"],
        double_high=double,
        health=status,
        used=used,
    )
