"""Party organisation rules: the form due for a number of members, committees, terms, and the
meeting duties of a branch ("三会一课", 主题党日, 组织生活会, 民主评议党员).

Thresholds, term lengths and cadences are parameters (``party.*``), cited to the branch work
regulations (P1) and the organ base-organisation regulations (P2).
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.dates import PartialDate, today_date
from laoganbu.errors import InvalidValueError
from laoganbu.labels import LabeledEnum
from laoganbu.models.enums import BranchKind, MeetingKind, OrganizationLevel
from laoganbu.models.organization import Meeting, PartyOrganization
from laoganbu.models.roster import Roster
from laoganbu.params import Parameters, ParameterValue, as_day, resolve_parameters
from laoganbu.periods import Period
from laoganbu.rules.explain import Explanation, Step, step

if TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = [
    "DutyStatus",
    "DutyWindow",
    "MeetingDutyReport",
    "OrganizationForm",
    "TermStatus",
    "branch_meeting_duties",
    "meeting_duties",
    "organization_form",
    "term_status",
]


class DutyStatus(LabeledEnum):
    """完成情况 — how a meeting duty stands in one window."""

    MET = ("met", "已完成")
    MISSED = ("missed", "未完成")
    NOT_YET_DUE = ("not_yet_due", "未到期")
    NOT_APPLICABLE = ("not_applicable", "不适用")


#: Code → Chinese label of each :class:`DutyStatus` (derived from it; kept for existing
#: callers).
DUTY_LABELS: dict[str, str] = {s.value: s.label for s in DutyStatus}


def _day(on: _dt.date | PartialDate | str | None) -> _dt.date:
    return today_date() if on is None else as_day(on)


# -- form -----------------------------------------------------------------------------------


@attrs.frozen
class OrganizationForm:
    """The organisation due for a number of formal Party members.

    Attributes:
        members: formal members counted.
        level: 党支部, 党总支 or 党委 — or ``None`` below the branch threshold, where members
            join a 联合党支部 (joint branch) with neighbouring units instead.
        joint: fewer members than a branch needs: form or join a joint branch.
        over_branch_size: more members than a branch generally holds.
        committee_required: a branch of this size sets up a branch committee.
        committee_size: (usual minimum, usual maximum, hard maximum) of that committee.
    """

    members: int
    level: OrganizationLevel | None
    joint: bool
    over_branch_size: bool
    committee_required: bool
    committee_size: tuple[int, int, int]
    used: tuple[tuple[str, ParameterValue], ...] = attrs.field(repr=False)

    def explain(self) -> Explanation:
        u = dict(self.used)
        level = "联合党支部" if self.level is None else self.level.label
        steps = [
            Step(f"正式党员 {self.members} 人 / {self.members} formal members"),
            step(
                f"满 {u['party.branch.min_members'].value} 人应成立党支部"
                f" / a branch from {u['party.branch.min_members'].value}",
                "party.branch.min_members",
                u["party.branch.min_members"],
            ),
            step(
                f"{u['party.general_branch.min_members'].value} 人以上设党总支",
                "party.general_branch.min_members",
                u["party.general_branch.min_members"],
            ),
            step(
                f"{u['party.committee.min_members'].value} 人以上设基层党委",
                "party.committee.min_members",
                u["party.committee.min_members"],
            ),
            Step(f"应设：{level} / due: {self.level.value if self.level else 'joint branch'}"),
            step(
                f"{'应' if self.committee_required else '不必'}设支部委员会"
                f"（{u['party.branch.committee_required_members'].value} 人以上应设）"
                f" / committee required: {self.committee_required}",
                "party.branch.committee_required_members",
                u["party.branch.committee_required_members"],
            ),
        ]
        if self.committee_required:
            lo, typical, hi = self.committee_size
            steps.append(
                step(
                    f"支委会 {lo}–{typical} 人，一般不超过 {hi} 人 / committee of {lo}–{typical},"
                    f" at most {hi}",
                    "party.branch.committee_size",
                    u["party.branch.committee_size"],
                )
            )
        return Explanation("党组织设置 Organisation form", tuple(steps))


def organization_form(
    formal_members: int,
    *,
    on: _dt.date | PartialDate | str | None = None,
    params: Parameters | Locality | None = None,
) -> OrganizationForm:
    """Which organisation ``formal_members`` formal Party members should form.

    Raises:
        InvalidValueError: a negative or non-whole number of members.

    Example:
        >>> organization_form(12, on="2026-01-01").committee_required
        True
    """
    if isinstance(formal_members, bool) or not isinstance(formal_members, int):
        raise InvalidValueError(f"member count must be a whole number, not {formal_members!r}")
    if formal_members < 0:
        raise InvalidValueError(
            f"member count cannot be negative ({formal_members}) / 人数不能为负"
        )
    params = resolve_parameters(params)
    day = _day(on)
    names = (
        "party.branch.min_members",
        "party.branch.max_members",
        "party.general_branch.min_members",
        "party.committee.min_members",
        "party.branch.committee_required_members",
        "party.branch.committee_size",
    )
    used = tuple((n, params.at(n, day)) for n in names)
    v = {n: u.value for n, u in used}
    if formal_members >= v["party.committee.min_members"]:
        level: OrganizationLevel | None = OrganizationLevel.COMMITTEE
    elif formal_members >= v["party.general_branch.min_members"]:
        level = OrganizationLevel.GENERAL_BRANCH
    elif formal_members >= v["party.branch.min_members"]:
        level = OrganizationLevel.BRANCH
    else:
        level = None
    size = v["party.branch.committee_size"]
    return OrganizationForm(
        members=formal_members,
        level=level,
        joint=level is None,
        over_branch_size=formal_members > v["party.branch.max_members"],
        committee_required=formal_members >= v["party.branch.committee_required_members"],
        committee_size=(int(size["min"]), int(size["typical_max"]), int(size["max"])),
        used=used,
    )


# -- terms ----------------------------------------------------------------------------------


@attrs.frozen
class TermStatus:
    """Where an organisation's committee stands in its term.

    Attributes:
        term_years: the term its level has.
        term_end: the month the term ends (given, or start + term), ``None`` if unknown.
        expired: the term has ended: an election (换届) is due; ``None`` if unknown.
        months_left: whole months until the term ends (negative when overdue).
    """

    organization_id: str
    on: _dt.date
    term_years: int
    term_start: PartialDate | None
    term_end: PartialDate | None
    expired: bool | None
    months_left: int | None
    used: tuple[tuple[str, ParameterValue], ...] = attrs.field(repr=False)

    def explain(self) -> Explanation:
        u = dict(self.used)
        start = "未记录" if self.term_start is None else self.term_start.label
        end = "未知" if self.term_end is None else self.term_end.label
        verdict = {None: "无法判断", True: "已到期，应当换届", False: "在任期内"}[self.expired]
        return Explanation(
            "任期 Term",
            (
                step(
                    f"每届任期 {self.term_years} 年 / a term of {self.term_years} years",
                    "party.term_years",
                    u["party.term_years"],
                ),
                Step(f"本届起始 {start}，届满 {end} / term {start} – {end}"),
                Step(f"{self.on.isoformat()}：{verdict} / expired: {self.expired}"),
            ),
        )


def _term_key(org: PartyOrganization) -> str:
    if org.level is OrganizationLevel.BRANCH:
        if org.branch_kind in (BranchKind.COMMUNITY, BranchKind.RURAL):
            return "community_branch"
        return "branch"
    return str(org.level.value)


def term_status(
    organization: PartyOrganization,
    *,
    on: _dt.date | PartialDate | str | None = None,
    params: Parameters | Locality | None = None,
) -> TermStatus:
    """Term end and whether an election is due for an organisation's committee."""
    params = resolve_parameters(params)
    day = _day(on)
    used = params.at("party.term_years", day)
    years_by_level: dict[str, Any] = used.value
    key = _term_key(organization)
    if key not in years_by_level:
        raise InvalidValueError(f"party.term_years has no term for {key!r}")
    years = int(years_by_level[key])
    end = organization.term_end
    if end is None and organization.term_start is not None:
        end = organization.term_start.add_months(12 * years)
    if end is None:
        expired, left = None, None
    else:
        today = PartialDate(day.year, day.month, day.day)
        left = end.month_index - today.month_index
        expired = (
            end.last_day < day if end.day is None else _dt.date(end.year, end.month, end.day) < day
        )
    return TermStatus(
        organization_id=organization.id,
        on=day,
        term_years=years,
        term_start=organization.term_start,
        term_end=end,
        expired=expired,
        months_left=left,
        used=(("party.term_years", used),),
    )


# -- meeting duties -------------------------------------------------------------------------


@attrs.frozen
class DutyWindow:
    """One duty in one window: e.g. 支部党员大会 in 2026 Q3, 1 due, 1 held: met."""

    kind: MeetingKind
    window: Period
    required: int
    held: int
    status: DutyStatus
    meeting_ids: tuple[str, ...] = ()


@attrs.frozen
class MeetingDutyReport:
    """The meeting duties of one branch over a period, window by window."""

    organization_id: str
    period: Period
    as_of: _dt.date
    windows: tuple[DutyWindow, ...]
    used: tuple[tuple[str, ParameterValue], ...] = attrs.field(repr=False)
    notes: tuple[str, ...] = ()

    def count(self, status: DutyStatus | str, kind: MeetingKind | None = None) -> int:
        """The windows in ``status`` (a :class:`DutyStatus` or its code), of ``kind`` if given."""
        return sum(
            1 for w in self.windows if w.status == status and (kind is None or w.kind is kind)
        )

    @property
    def fulfilment(self) -> float | None:
        """Met windows as a share of windows that are due (met or missed)."""
        met, missed = self.count(DutyStatus.MET), self.count(DutyStatus.MISSED)
        return met / (met + missed) if met + missed else None

    def by_kind(self) -> dict[MeetingKind, dict[str, int]]:
        result: dict[MeetingKind, dict[str, int]] = {}
        for w in self.windows:
            counts = result.setdefault(w.kind, {s.value: 0 for s in DutyStatus})
            counts[w.status.value] += 1
        return result

    def explain(self) -> Explanation:
        u = dict(self.used)
        steps: list[Step] = [
            step(
                f"组织生活要求 / meeting duties for {self.period.label}",
                "party.meeting_duties",
                u["party.meeting_duties"],
            )
        ]
        for kind, counts in self.by_kind().items():
            parts = "，".join(f"{DutyStatus.parse(k).label} {n}" for k, n in counts.items() if n)
            steps.append(Step(f"{kind.label}：{parts} / {kind.value}: {counts}"))
        steps.extend(Step(note) for note in self.notes)
        rate = self.fulfilment
        steps.append(
            Step(
                "完成率 "
                + ("—" if rate is None else f"{rate:.1%}")
                + f"（截至 {self.as_of.isoformat()}） / fulfilment as of {self.as_of.isoformat()}"
            )
        )
        return Explanation("组织生活 Meeting duties", tuple(steps))


def meeting_duties(
    organization: PartyOrganization,
    meetings: Iterable[Meeting],
    period: Period | str | int,
    *,
    as_of: _dt.date | PartialDate | str | None = None,
    formal_members: int | None = None,
    has_groups: bool = False,
    params: Parameters | Locality | None = None,
) -> MeetingDutyReport:
    """Which meeting duties of a branch were met, missed, or are not yet due, window by window.

    A duty's windows are the calendar months, quarters or years that overlap ``period``. A
    window is *met* when at least the required number of meetings of that kind fall in it,
    *missed* when it has ended on ``as_of`` without them, and *not yet due* otherwise. The
    支委会 duty applies when the branch has a committee (listed members, or ``formal_members``
    at the committee threshold); 党小组会 when ``has_groups``; windows that end before the
    branch was formed do not apply. Meetings of other organisations, and records dated after
    ``as_of``, are ignored; a meeting id counts once; the result does not depend on the order
    of ``meetings``.

    Args:
        organization: a 党支部.
        meetings: its meeting records (others are skipped).
        period: the period to check (``2026``, ``2026-Q3`` …).
        as_of: the day of the check (today in China by default).
        formal_members: formal members, when the committee list may be incomplete.
        has_groups: the branch is divided into 党小组.
        params: parameters to use; the national ones by default.

    Raises:
        InvalidValueError: ``organization`` is not a branch.
    """
    if organization.level is not OrganizationLevel.BRANCH:
        raise InvalidValueError(
            f"meeting duties are set for 党支部; {organization.id} is a {organization.level.label}"
            " / 组织生活要求针对党支部"
        )
    period = Period.parse(period)
    day = _day(as_of)
    params = resolve_parameters(params)
    duties_used = params.at("party.meeting_duties", period.start)
    committee_used = params.at("party.branch.committee_required_members", period.start)
    has_committee = bool(organization.committee) or (
        formal_members is not None and formal_members >= committee_used.value
    )
    by_kind: dict[MeetingKind, dict[str, PartialDate]] = defaultdict(dict)
    for meeting in meetings:
        # A record dated after the check day cannot have happened yet: it does not count.
        if meeting.organization_id == organization.id and meeting.date.first_day <= day:
            by_kind[meeting.kind][meeting.id] = meeting.date  # one count per id
    formed = organization.formed_on
    windows: list[DutyWindow] = []
    notes: list[str] = []
    for duty in duties_used.value:
        kind = MeetingKind.parse(duty["kind"])
        required = int(duty["count"])
        applicable = True
        if duty.get("needs_committee") and not has_committee:
            applicable = False
            notes.append(f"{kind.label}：未设支部委员会，不适用 / no committee: not applicable")
        if duty.get("needs_groups") and not has_groups:
            applicable = False
            notes.append(f"{kind.label}：未划分党小组，不适用 / no Party groups: not applicable")
        held_dates = by_kind.get(kind, {})
        for window in period.split(duty["cadence"]):
            ids = tuple(sorted(mid for mid, d in held_dates.items() if window.contains(d)))
            if not applicable or (formed is not None and window.end < formed.first_day):
                status = DutyStatus.NOT_APPLICABLE
            elif len(ids) >= required:
                status = DutyStatus.MET
            elif window.end < day:
                status = DutyStatus.MISSED
            else:
                status = DutyStatus.NOT_YET_DUE
            windows.append(DutyWindow(kind, window, required, len(ids), status, ids))
    return MeetingDutyReport(
        organization_id=organization.id,
        period=period,
        as_of=day,
        windows=tuple(windows),
        used=(
            ("party.meeting_duties", duties_used),
            ("party.branch.committee_required_members", committee_used),
        ),
        notes=tuple(dict.fromkeys(notes)),
    )


def branch_meeting_duties(
    roster: Roster,
    organization_id: str,
    period: Period | str | int,
    *,
    as_of: _dt.date | PartialDate | str | None = None,
    params: Parameters | Locality | None = None,
) -> MeetingDutyReport:
    """:func:`meeting_duties` for a branch of a roster: members, 党小组 and meetings from it.

    The formal members are the branch's members on ``as_of``: living, and their Party
    relation not moved away (:meth:`Roster.member_on <laoganbu.models.roster.Roster.member_on>`).
    """
    organization = roster.organization(organization_id)
    day = _day(as_of)
    members = sum(1 for c in roster.members_of(organization_id) if roster.member_on(c, day))
    has_groups = any(
        o.parent_id == organization_id and o.level is OrganizationLevel.GROUP
        for o in roster.organizations
    )
    return meeting_duties(
        organization,
        roster.meetings,
        period,
        as_of=day,
        formal_members=members,
        has_groups=has_groups,
        params=params,
    )
