"""The statistics paragraph that opens a work report, filled from a roster.

A city leader's speech at the city's 2024 work conference (《在全市老干部2024年工作会议上的讲话》,
2024; the city is not named in it) gives its shape::

    全市离退休干部有X万多人，其中离休干部X人，平均年龄X岁，并且以每年X人左右的速度在减少。
    离退休干部党员X万人，占全市党员总数的X%；离退休干部党组织X个，占基层党组织总数的X%。

The totals of all Party members and of all base organisations come from outside the roster (the
organisation department's statistics); without them the shares are left out, not guessed.

The same speech says the cadres "普遍进入‘双高期’(高龄和高发病)": the paragraph states how many
are in it (:func:`laoganbu.double_high`, by the locality's parameters), and how many could not be
judged for want of a recorded health status.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.dates import PartialDate, age_on, today_date
from laoganbu.errors import InvalidValueError
from laoganbu.models.enums import CadreKind, HealthStatus, OrganizationLevel
from laoganbu.models.roster import Roster
from laoganbu.params import ParameterValue, as_day
from laoganbu.rules.double_high_roster import double_high
from laoganbu.rules.explain import Explanation, Step, step

if TYPE_CHECKING:
    from laoganbu.locality import Locality
    from laoganbu.params import Parameters

__all__ = ["WorkReportStatistics", "count_text", "work_report_statistics"]


def count_text(n: int) -> str:
    """A count as reports write it: ``3,000`` → ``3000``; ``32,456`` → ``3.2万多``."""
    if n < 10_000:
        return str(n)
    tenths = n // 1_000  # whole thousands, shown as 万 with one decimal
    whole, frac = divmod(tenths, 10)
    text = f"{whole}" if frac == 0 else f"{whole}.{frac}"
    return f"{text}万" + ("多" if n % 1_000 or (frac == 0 and n % 10_000) else "")


def _pct(part: int, whole: int | None) -> float | None:
    return part / whole if whole else None


@attrs.frozen
class WorkReportStatistics:
    """The figures of a work report's statistics paragraph, on one day.

    Attributes:
        retired: living retired cadres (离休 and 退休).
        lixiu: living 离休 cadres.
        tuixiu: living 退休 cadres.
        survivors: living survivors (遗属).
        lixiu_average_age: average age of living 离休 cadres, or ``None``.
        lixiu_yearly_decline: 离休 cadres who died per year, averaged over ``years`` years.
        party_members: living retired cadres who are Party members.
        organizations: retired cadres' Party organisations (党小组 not counted).
        party_members_total, organizations_total: the area's totals, if given.
        double_high: living retired cadres in the 双高期 (survivors not counted), or ``None``
            when not counted.
        double_high_undecided: living retired cadres of the 双高期 age whose health status is
            not recorded: neither in the 双高期 nor out of it.
    """

    area: str
    on: _dt.date
    retired: int
    lixiu: int
    tuixiu: int
    survivors: int
    lixiu_average_age: float | None
    lixiu_yearly_decline: float
    years: int
    party_members: int
    organizations: int
    party_members_total: int | None
    organizations_total: int | None
    double_high: int | None = None
    double_high_undecided: int = 0
    #: The 双高期 parameters used, for explain().
    double_high_used: tuple[tuple[str, ParameterValue], ...] = attrs.field(default=(), repr=False)

    @property
    def party_member_share(self) -> float | None:
        return _pct(self.party_members, self.party_members_total)

    @property
    def organization_share(self) -> float | None:
        return _pct(self.organizations, self.organizations_total)

    def paragraph(self) -> str:
        """The paragraph, in Chinese, as a report opens with it."""
        text = (
            f"{self.area}离退休干部有{count_text(self.retired)}人，其中离休干部{self.lixiu}人、"
            f"退休干部{count_text(self.tuixiu)}人"
        )
        if self.lixiu_average_age is not None:
            text += f"，离休干部平均年龄{self.lixiu_average_age:.1f}岁"
        died = round(self.lixiu_yearly_decline * self.years)
        # Who declines is said whenever the average age is not just before it.
        named = self.lixiu_average_age is not None
        if round(self.lixiu_yearly_decline) >= 1:
            yearly = round(self.lixiu_yearly_decline)
            text += (
                f"，并且以每年{yearly}人左右的速度在减少"
                if named
                else f"，离休干部以每年{yearly}人左右的速度在减少"
            )
        elif died:  # under one a year: the count, not "0 a year"
            text += (
                f"，近{self.years}年减少{died}人"
                if named
                else f"，离休干部近{self.years}年减少{died}人"
            )
        text += "。"
        if self.double_high is not None:
            text += f"处于“双高期”（高龄和高发病）的离退休干部{count_text(self.double_high)}人"
            if self.double_high_undecided:
                text += (
                    f"，另有{count_text(self.double_high_undecided)}人已达双高期年龄、"
                    "健康状况未登记"
                )
            text += "。"
        text += f"离退休干部党员{count_text(self.party_members)}人"
        share = self.party_member_share
        if share is not None:
            text += f"，占{self.area}党员总数的{share:.1%}"
        text += f"；离退休干部党组织{self.organizations}个"
        share = self.organization_share
        if share is not None:
            text += f"，占基层党组织总数的{share:.1%}"
        return text + "。"

    def to_dict(self) -> dict[str, Any]:
        data = attrs.asdict(self, filter=lambda a, _: a.name != "double_high_used")
        data["on"] = self.on.isoformat()
        data["party_member_share"] = self.party_member_share
        data["organization_share"] = self.organization_share
        data["paragraph"] = self.paragraph()
        return data

    def explain(self) -> Explanation:
        avg = "—" if self.lixiu_average_age is None else f"{self.lixiu_average_age:.1f}"
        steps = [
            Step(
                f"截至 {self.on.isoformat()} 在世：离休 {self.lixiu}、退休 {self.tuixiu}、"
                f"遗属 {self.survivors} / living on {self.on.isoformat()}"
            ),
            Step(f"离休干部平均年龄 {avg} 岁（按出生年月）/ average age of 离休 cadres"),
            Step(
                f"近 {self.years} 年离休干部去世人数平均每年 {self.lixiu_yearly_decline:.1f} 人"
                f" / 离休 deaths per year over the last {self.years} years"
            ),
            Step(
                f"离退休干部党员 {self.party_members} 人；"
                f"党组织 {self.organizations} 个（不含党小组）"
                " / retired Party members and organisations"
            ),
        ]
        if self.double_high is not None:
            used = dict(self.double_high_used)
            steps.append(
                Step(
                    f"处于双高期 {self.double_high} 人；已达年龄、健康状况未登记"
                    f" {self.double_high_undecided} 人（不计入）；遗属不计"
                    f" / {self.double_high} in the 双高期; {self.double_high_undecided} of the"
                    " age with no health status recorded (not counted); survivors not judged"
                )
            )
            if used:
                age = used["age.double_high.min_age"]
                statuses = used["age.double_high.health_statuses"]
                labels = "、".join(HealthStatus.parse(v).label for v in statuses.value)
                steps.append(
                    step(f"双高期年龄：年满 {age.value} 周岁", "age.double_high.min_age", age)
                )
                steps.append(
                    step(f"双高期健康状况：{labels}", "age.double_high.health_statuses", statuses)
                )
        if self.party_members_total is None or self.organizations_total is None:
            steps.append(
                Step("未提供党员总数或基层党组织总数，不计算占比 / totals not given: no shares")
            )
        return Explanation("工作报告统计 Work-report statistics", tuple(steps))


def work_report_statistics(
    roster: Roster,
    *,
    on: _dt.date | PartialDate | str | None = None,
    area: str = "全市",
    party_members_total: int | None = None,
    organizations_total: int | None = None,
    years: int = 3,
    locality: Locality | None = None,
    params: Parameters | None = None,
) -> WorkReportStatistics:
    """The statistics paragraph's figures for ``roster`` on ``on``.

    Args:
        on: the day (today in China by default).
        area: how the paragraph names the area (``全市``, ``全县``).
        party_members_total: all Party members of the area, for the share.
        organizations_total: all base Party organisations of the area, for the share.
        years: how many years back the yearly decline of 离休 cadres is averaged over.
        locality: whose parameters count the 双高期 (the national baseline by default).
        params: these parameters instead of the locality's.

    Raises:
        InvalidValueError: a negative total, or ``years`` below 1.
    """
    for name, value in (
        ("party_members_total", party_members_total),
        ("organizations_total", organizations_total),
    ):
        if value is not None and value < 0:
            raise InvalidValueError(f"{name} cannot be negative / 总数不能为负")
    if years < 1:
        raise InvalidValueError("years must be at least 1")
    day = today_date() if on is None else as_day(on)
    when = PartialDate(day.year, day.month, day.day)
    # Columns first: the roster's cadres may still be held as columns until the loop below.
    frail = double_high(roster, day, locality=locality, params=params)
    # By month arithmetic, so that 29 February looks back to 28 February of a common year.
    window_start = when.add_months(-12 * years).first_day
    living = list(roster.living_cadres(day))
    lixiu = [c for c in living if c.kind is CadreKind.LIXIU]
    ages = [age_on(c.birth_date, when) for c in lixiu]
    # Died within the window in the area's care: in care on its first day and on the day
    # before the death, no longer living on ``day`` (moving away is not dying).
    died = 0
    for c in roster.cadres:
        if c.kind is not CadreKind.LIXIU or roster.alive_on(c, day):
            continue
        if roster.in_care_on(c, window_start) and roster.died_in_care(c):
            died += 1
    return WorkReportStatistics(
        area=area,
        on=day,
        retired=sum(1 for c in living if c.kind is not CadreKind.SURVIVOR),
        lixiu=len(lixiu),
        tuixiu=sum(1 for c in living if c.kind is CadreKind.TUIXIU),
        survivors=sum(1 for c in living if c.kind is CadreKind.SURVIVOR),
        lixiu_average_age=sum(ages) / len(ages) if ages else None,
        lixiu_yearly_decline=died / years,
        years=years,
        # A Party relation moved away (组织关系转接) is no longer the area's.
        party_members=sum(1 for c in living if c.party_member and roster.member_on(c, day)),
        organizations=sum(
            1 for o in roster.organizations if o.level is not OrganizationLevel.GROUP
        ),
        party_members_total=party_members_total,
        organizations_total=organizations_total,
        double_high=frail.count,
        double_high_undecided=frail.undecided,
        double_high_used=frail.used,
    )
