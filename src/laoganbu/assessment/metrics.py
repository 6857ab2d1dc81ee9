"""Metrics: the values indicators are scored on, computed from the data.

A metric is a small pure function of an :class:`AssessmentData` bundle returning a number (or
a flag), or raising :class:`MissingData` when the data it needs was not given — so a missing
ledger is reported against the indicator, never scored as zero. Register more with
:func:`metric`.

Metrics that count living cadres count those living on the last day of the period assessed
(:meth:`~laoganbu.models.cadre.Cadre.alive_on`), the day a report on the period takes its figures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.errors import MissingDataError
from laoganbu.models.enums import CadreKind, OrganizationLevel
from laoganbu.models.roster import Roster
from laoganbu.models.service import ServiceRecord
from laoganbu.periods import Period

if TYPE_CHECKING:
    from laoganbu.locality import Locality
    from laoganbu.schedule.ledger import Compliance

__all__ = ["METRICS", "AssessmentData", "Evidence", "MissingData", "metric"]


#: The data a metric needs was not given (the reason, in English and Chinese): laoganbu's
#: :class:`~laoganbu.errors.MissingDataError`, by the name metrics have always raised.
MissingData = MissingDataError


@attrs.frozen
class Evidence:
    """A value entered by hand for an indicator, with what backs it.

    Attributes:
        indicator: the indicator's id.
        value: the value (a number, or true/false for pass/fail).
        document: the supporting document (title and number).
        date: when.
        who: who entered or certified it.
    """

    indicator: str
    value: Any
    document: str
    date: str
    who: str


def _ledger(value: Any) -> tuple[ServiceRecord, ...] | None:
    """The ledger as records: objects as given, or the records of a polars frame of them (the
    frame convention of :func:`laoganbu.compliance`, checked as compliance checks it)."""
    if value is None:
        return None
    if type(value).__module__.startswith("polars"):
        from laoganbu.io.frames import frame_records
        from laoganbu.schedule.records import ledger_of

        ledger_of(value)  # the frame's columns and codes checked, with a clear error
        return tuple(frame_records(ServiceRecord, value))
    return tuple(value)


@attrs.frozen
class AssessmentData:
    """What an assessment is computed from.

    Attributes:
        roster: the subject's records (for a unit, organisation or grid: its cadres only).
        period: the period assessed.
        records: the ledger of services, if given: records, or a polars frame of them (what
            :func:`laoganbu.read_frame` reads), made into records.
        evidence: entered values by indicator id.
        locality: whose programmes and parameters apply (national by default).
    """

    roster: Roster
    period: Period
    records: tuple[ServiceRecord, ...] | None = attrs.field(default=None, converter=_ledger)
    evidence: Mapping[str, Evidence] = attrs.field(factory=dict)
    locality: Locality | None = None

    @cached_property
    def _compliance(self) -> Compliance:
        from laoganbu.schedule import compliance

        if self.records is None:
            raise MissingData("needs the ledger of services (--records) / 需要服务台账")
        return compliance(
            self.roster,
            self.period,
            locality=self.locality,
            records=self.records,
            as_of=self.period.end,
        )

    @property
    def compliance(self) -> Compliance:
        return self._compliance


Metric = Callable[[AssessmentData], Any]

#: Every metric by name.
METRICS: dict[str, tuple[Metric, str]] = {}


def metric(name: str, label: str) -> Callable[[Metric], Metric]:
    """Register a metric under ``name`` with its Chinese ``label``."""

    def register(function: Metric) -> Metric:
        METRICS[name] = (function, label)
        return function

    return register


@metric("visit_compliance", "服务完成率")
def visit_compliance(data: AssessmentData) -> float:
    rate = data.compliance.rate
    if rate is None:
        raise MissingData("no services were due in the period / 期内无应办服务")
    return rate


@metric("relocated_visit_coverage", "易地安置离休干部走访覆盖率")
def relocated_visit_coverage(data: AssessmentData) -> float:
    if data.records is None:
        raise MissingData("needs the ledger of services (--records) / 需要服务台账")
    relocated = {
        c.id
        for c in data.roster.living_cadres(data.period.end)
        if c.kind is CadreKind.LIXIU and c.relocated
    }
    if not relocated:
        raise MissingData("no relocated 离休 cadres / 无易地安置离休干部")
    visited = {
        r.cadre_id
        for r in data.records
        if r.cadre_id in relocated and r.kind.value == "home_visit" and data.period.contains(r.date)
    }
    return len(visited) / len(relocated)


@metric("briefings_held", "召开情况通报会场次")
def briefings_held(data: AssessmentData) -> int:
    """The 情况通报会 held in the period that the subject's cadres attended, from the ledger
    (events counted once, :mod:`laoganbu.political.attendance`)."""
    if data.records is None:
        raise MissingData("needs the ledger of services (--records) / 需要服务台账")
    from laoganbu.models.enums import ServiceKind
    from laoganbu.political.attendance import attendance_frame, events_held

    attended = attendance_frame(
        data.records, data.period, data.period.end, cadres=[c.id for c in data.roster.cadres]
    )
    return events_held(attended).get(ServiceKind.BRIEFING.value, (0, 0))[0]


@metric("organization_coverage", "党员编入党组织比例")
def organization_coverage(data: AssessmentData) -> float:
    from laoganbu.rules.gaps import coverage

    value = coverage(data.roster, on=data.period.end, params=data.locality).organization_coverage
    if value is None:
        raise MissingData("no Party members / 无党员")
    return value


@metric("branch_gaps", "应建未建党组织数")
def branch_gaps(data: AssessmentData) -> int:
    from laoganbu.rules.gaps import coverage

    return len(coverage(data.roster, on=data.period.end, params=data.locality).branch_gaps)


@metric("grid_coverage", "离退休干部网格覆盖率")
def grid_coverage(data: AssessmentData) -> float:
    from laoganbu.rules.gaps import coverage

    value = coverage(data.roster, on=data.period.end, params=data.locality).grid_coverage
    if value is None:
        raise MissingData("no living cadres / 无在世离退休干部")
    return value


@metric("meeting_duty_fulfilment", "组织生活完成率")
def meeting_duty_fulfilment(data: AssessmentData) -> float:
    from laoganbu.rules.party import DutyStatus, branch_meeting_duties

    met = due = 0
    for org in data.roster.organizations:
        if org.level is OrganizationLevel.BRANCH:
            report = branch_meeting_duties(
                data.roster, org.id, data.period, as_of=data.period.end, params=data.locality
            )
            met += report.count(DutyStatus.MET)
            due += report.count(DutyStatus.MET) + report.count(DutyStatus.MISSED)
    if not due:
        raise MissingData("no branch meeting duties were due / 无到期的组织生活")
    return met / due


@metric("new_branches", "新建党支部数")
def new_branches(data: AssessmentData) -> int:
    return sum(
        1
        for o in data.roster.organizations
        if o.level is OrganizationLevel.BRANCH
        and o.formed_on is not None
        and data.period.contains(o.formed_on)
    )


@metric("model_branches", "示范党支部数")
def model_branches(data: AssessmentData) -> int:
    return sum(1 for o in data.roster.organizations if o.model_branch)


@metric("volunteers", "志愿服务人数")
def volunteers(data: AssessmentData) -> int:
    # The roster's cadres in a team, living and in the area's care at the period's end.
    return len(data.roster.volunteers_on(data.period.end))


@metric("volunteer_activities", "志愿服务活动次数")
def volunteer_activities(data: AssessmentData) -> int:
    return sum(1 for a in data.roster.volunteer_activities if data.period.contains(a.date))


def _branches(data: AssessmentData) -> list[Any]:
    branches = [o for o in data.roster.organizations if o.level is OrganizationLevel.BRANCH]
    if not branches:
        raise MissingData("no Party branch in the subject / 无党支部")
    return branches


def _formal_members(data: AssessmentData, branch_id: str) -> int:
    """The branch's members at the period's end (:meth:`Roster.member_on`)."""
    day = data.period.end
    return sum(1 for c in data.roster.members_of(branch_id) if data.roster.member_on(c, day))


@metric("branch_well_formed", "党支部设置规范（人数在3至50人之间）")
def branch_well_formed(data: AssessmentData) -> bool:
    from laoganbu.rules.party import organization_form

    for branch in _branches(data):
        members = _formal_members(data, branch.id)
        form = organization_form(members, on=data.period.end, params=data.locality)
        if form.joint or form.over_branch_size:
            return False
    return True


@metric("committee_ok", "支部委员会按规定设立")
def committee_ok(data: AssessmentData) -> bool:
    from laoganbu.rules.party import organization_form

    for branch in _branches(data):
        members = _formal_members(data, branch.id)
        form = organization_form(members, on=data.period.end, params=data.locality)
        size = len(branch.committee)
        if form.committee_required and not form.committee_size[0] <= size <= form.committee_size[2]:
            return False
        if not form.committee_required and size < 1:
            return False  # at least a secretary
    return True
