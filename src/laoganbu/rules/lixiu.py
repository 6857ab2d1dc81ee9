"""离休 status: eligibility from 参加革命工作时间, the revolutionary period it falls in, and the
allowances that follow from the period.

A cadre who joined revolutionary work on or before 1949-09-30 may be a 离休 cadre (L2 第一条、
第三条). The period sets the extra living allowance — months of pay added each year (L2 第三条;
raised and extended to the 解放战争 period from 2011, L3) — and the monthly nursing fee (L4, L5).

Cadre records give the joining date to the month. A month decides the matter unless a period
boundary falls inside it: 1937-07 (07-06 | 07-07) and 1945-09 (09-02 | 09-03). Then, unless the
day is known, the period is reported as *ambiguous* with both candidates, never guessed.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.dates import PartialDate, today_date
from laoganbu.errors import InvalidValueError, ParameterNotInForceError
from laoganbu.params import Parameters, ParameterValue, as_day, resolve_parameters
from laoganbu.rules.explain import Explanation, Step, step

if TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = ["LixiuStatus", "RevolutionaryPeriod", "lixiu_status"]


@attrs.frozen
class RevolutionaryPeriod:
    """A period of revolutionary work: ``key`` (``red_army`` …), Chinese ``label``, its days."""

    key: str
    label: str
    first_day: _dt.date | None
    last_day: _dt.date


def _periods(value: Any) -> list[RevolutionaryPeriod]:
    periods: list[RevolutionaryPeriod] = []
    first: _dt.date | None = None
    for item in value:
        last = _dt.date.fromisoformat(str(item["last_day"]))
        periods.append(RevolutionaryPeriod(str(item["key"]), str(item["label"]), first, last))
        first = last + _dt.timedelta(days=1)
    return periods


@attrs.frozen
class LixiuStatus:
    """Whether a joining date makes a 离休 cadre, and what follows from it.

    Attributes:
        work_start: 参加革命工作时间 as given.
        eligible: ``True`` or ``False``; ``None`` when the month straddles the cut-off and
            the day is unknown (cannot happen with the national cut-off, which ends a month).
        period: the revolutionary period, or ``None`` (not eligible, or ambiguous).
        candidates: the periods the date may fall in: one, or two when ambiguous.
        allowance_months: extra months of pay per year on ``on``, or ``None``.
        nursing_fee: monthly nursing fee for the period on ``on`` (yuan), or ``None`` when
            none is in force; the fully dependent rate is :attr:`nursing_fee_fully_dependent`.
    """

    work_start: PartialDate
    on: _dt.date
    eligible: bool | None
    period: RevolutionaryPeriod | None
    candidates: tuple[RevolutionaryPeriod, ...]
    allowance_months: float | None
    nursing_fee: int | None
    nursing_fee_fully_dependent: int | None
    used: tuple[tuple[str, ParameterValue], ...] = attrs.field(repr=False)

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1

    def to_dict(self) -> dict[str, Any]:
        return {
            "work_start": self.work_start.isoformat(),
            "on": self.on.isoformat(),
            "eligible": self.eligible,
            "ambiguous": self.ambiguous,
            "period": None if self.period is None else self.period.key,
            "period_label": None if self.period is None else self.period.label,
            "candidates": [p.key for p in self.candidates],
            "allowance_months": self.allowance_months,
            "nursing_fee": self.nursing_fee,
            "nursing_fee_fully_dependent": self.nursing_fee_fully_dependent,
            "explain": self.explain().to_list(),
        }

    def explain(self) -> Explanation:
        used = dict(self.used)
        cutoff = used["lixiu.work_start_cutoff"]
        steps: list[Step] = [
            step(
                f"参加革命工作时间 {self.work_start.label}；离休须在 {cutoff.value} 以前"
                f" / joined {self.work_start.isoformat()}; 离休 needs {cutoff.value} or earlier",
                "lixiu.work_start_cutoff",
                cutoff,
            )
        ]
        if self.eligible is False:
            steps.append(Step("晚于截止日，不属于离休干部 / after the cut-off: not 离休"))
            return Explanation("离休干部认定 离休 status", tuple(steps))
        periods = used["lixiu.periods"]
        if self.ambiguous:
            names = "、".join(p.label for p in self.candidates)
            steps.append(
                step(
                    f"该月跨两个时期（{names}），需要具体日期 / the month straddles two periods;"
                    " the day is needed",
                    "lixiu.periods",
                    periods,
                )
            )
            return Explanation("离休干部认定 离休 status", tuple(steps))
        assert self.period is not None
        steps.append(
            step(f"属于{self.period.label} / period {self.period.key}", "lixiu.periods", periods)
        )
        if "lixiu.living_allowance_months" in used:
            steps.append(
                step(
                    f"生活补贴：每年增发 {self.allowance_months} 个月 / living allowance:"
                    f" {self.allowance_months} extra months of pay a year",
                    "lixiu.living_allowance_months",
                    used["lixiu.living_allowance_months"],
                )
            )
        fee_name = _FEE_PARAMETERS.get(self.period.key)
        if fee_name and fee_name in used:
            steps.append(
                step(
                    f"护理费每月 {self.nursing_fee} 元"
                    f" / nursing fee {self.nursing_fee} yuan a month",
                    fee_name,
                    used[fee_name],
                )
            )
        if "lixiu.nursing_fee.fully_dependent" in used:
            steps.append(
                step(
                    f"生活长期完全不能自理的，护理费每月 {self.nursing_fee_fully_dependent} 元，"
                    "不重复享受 / if fully dependent: that rate instead",
                    "lixiu.nursing_fee.fully_dependent",
                    used["lixiu.nursing_fee.fully_dependent"],
                )
            )
        return Explanation("离休干部认定 离休 status", tuple(steps))


_FEE_PARAMETERS = {
    "red_army": "lixiu.nursing_fee.red_army",
    "anti_japanese_early": "lixiu.nursing_fee.anti_japanese",
    "anti_japanese_late": "lixiu.nursing_fee.anti_japanese",
    "liberation": "lixiu.nursing_fee.liberation",
}


def lixiu_status(
    work_start: PartialDate | _dt.date | str,
    *,
    on: _dt.date | PartialDate | str | None = None,
    params: Parameters | Locality | None = None,
) -> LixiuStatus:
    """离休 eligibility, period and allowances for a 参加革命工作时间.

    Args:
        work_start: the joining date, to the month or the day (``1945.03``).
        on: the day whose allowance rates apply (today in China by default).
        params: parameters to use; the national ones by default.

    Example:
        >>> s = lixiu_status("1944.05", on="2026-01-01")
        >>> s.period.key, s.allowance_months, s.nursing_fee
        ('anti_japanese_late', 2, 400)
    """
    start = PartialDate.parse(work_start)
    day = today_date() if on is None else as_day(on)
    params = resolve_parameters(params)
    used: list[tuple[str, ParameterValue]] = []

    def get(name: str) -> ParameterValue:
        value = params.at(name, day)
        used.append((name, value))
        return value

    cutoff = _dt.date.fromisoformat(str(get("lixiu.work_start_cutoff").value))
    first, last = start.first_day, start.last_day
    if first > cutoff:
        return LixiuStatus(start, day, False, None, (), None, None, None, tuple(used))
    periods = _periods(get("lixiu.periods").value)
    candidates = tuple(
        p for p in periods if (p.first_day is None or p.first_day <= last) and first <= p.last_day
    )
    if not candidates:
        raise InvalidValueError(f"{start.isoformat()} falls in no period of lixiu.periods")
    eligible: bool | None = True if last <= cutoff else None
    if len(candidates) > 1 or eligible is None:
        return LixiuStatus(start, day, eligible, None, candidates, None, None, None, tuple(used))
    period = candidates[0]
    allowance = _optional(params, "lixiu.living_allowance_months", day, used)
    months = None if allowance is None else allowance.get(period.key)
    fee = _optional(params, _FEE_PARAMETERS.get(period.key, ""), day, used)
    full = _optional(params, "lixiu.nursing_fee.fully_dependent", day, used)
    return LixiuStatus(
        work_start=start,
        on=day,
        eligible=True,
        period=period,
        candidates=candidates,
        allowance_months=months,
        nursing_fee=fee,
        nursing_fee_fully_dependent=full,
        used=tuple(used),
    )


def _optional(
    params: Parameters, name: str, day: _dt.date, used: list[tuple[str, ParameterValue]]
) -> Any:
    """A value that may not be in force (e.g. nursing fees before 2009): ``None`` then."""
    if not name or name not in params:
        return None
    try:
        value = params.at(name, day)
    except ParameterNotInForceError:
        return None
    used.append((name, value))
    return value.value
