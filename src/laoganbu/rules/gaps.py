"""Coverage: who and what the organisation and the grid do not reach yet.

- Party members in no organisation (党员全覆盖).
- Places — work units and communities (level-2 grids) — with enough Party members outside any
  organisation that a branch is due there and none exists (应建尽建): at least
  ``party.branch.min_members`` of them.
- Living cadres in no grid, or in a grid that is not a bottom grid (网格全覆盖).
- Bottom grids with no grid worker.
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.dates import PartialDate, today_date
from laoganbu.models.grid import BOTTOM_GRID_LEVEL
from laoganbu.models.roster import Roster
from laoganbu.params import Parameters, ParameterValue, as_day, resolve_parameters
from laoganbu.rules.explain import Explanation, Step, step

if TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = ["BranchGap", "CoverageReport", "coverage"]


@attrs.frozen
class BranchGap:
    """A place where a branch is due: ``kind`` ``"unit"`` or ``"community"``, its id and name,
    and the Party members there who are in no organisation."""

    kind: str
    place_id: str
    name: str
    member_ids: tuple[str, ...]


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@attrs.frozen
class CoverageReport:
    """The gaps in organisation and grid coverage of a roster on a day."""

    on: _dt.date
    party_members: int
    unorganized_member_ids: tuple[str, ...]
    branch_gaps: tuple[BranchGap, ...]
    living: int
    ungridded_cadre_ids: tuple[str, ...]
    bottom_grids: int
    grids_without_worker: tuple[str, ...]
    used: tuple[tuple[str, ParameterValue], ...] = attrs.field(repr=False)

    @property
    def organization_coverage(self) -> float | None:
        """Share of living Party members who are in an organisation."""
        return _share(self.party_members - len(self.unorganized_member_ids), self.party_members)

    @property
    def grid_coverage(self) -> float | None:
        """Share of living cadres placed in a bottom grid."""
        return _share(self.living - len(self.ungridded_cadre_ids), self.living)

    @property
    def grid_worker_coverage(self) -> float | None:
        """Share of bottom grids with a grid worker."""
        return _share(self.bottom_grids - len(self.grids_without_worker), self.bottom_grids)

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "party_members": self.party_members,
            "unorganized_members": list(self.unorganized_member_ids),
            "organization_coverage": self.organization_coverage,
            "branch_gaps": [attrs.asdict(g) for g in self.branch_gaps],
            "living": self.living,
            "ungridded_cadres": list(self.ungridded_cadre_ids),
            "grid_coverage": self.grid_coverage,
            "bottom_grids": self.bottom_grids,
            "grids_without_worker": list(self.grids_without_worker),
            "grid_worker_coverage": self.grid_worker_coverage,
        }

    def explain(self) -> Explanation:
        u = dict(self.used)
        unorganized = len(self.unorganized_member_ids)
        threshold = u["party.branch.min_members"].value
        steps = [
            Step(
                f"在世党员 {self.party_members} 人，未编入党组织 {unorganized} 人，"
                f"覆盖率 {_pct(self.organization_coverage)} / Party members in an organisation"
            ),
            step(
                f"单位或社区有 {threshold} 名以上未编入组织的党员即应建支部："
                f"{len(self.branch_gaps)} 处 / places where a branch is due",
                "party.branch.min_members",
                u["party.branch.min_members"],
            ),
            Step(
                f"在世离退休干部 {self.living} 人，"
                f"未编入基层网格 {len(self.ungridded_cadre_ids)} 人，"
                f"覆盖率 {_pct(self.grid_coverage)} / cadres in a bottom grid"
            ),
            Step(
                f"基层网格 {self.bottom_grids} 个，无网格员 {len(self.grids_without_worker)} 个"
                f" / bottom grids with no worker"
            ),
        ]
        return Explanation("覆盖情况 Coverage", tuple(steps))


def coverage(
    roster: Roster,
    *,
    on: _dt.date | PartialDate | str | None = None,
    params: Parameters | Locality | None = None,
) -> CoverageReport:
    """Gaps in Party-organisation and grid coverage (see the module docstring).

    Living means living on ``on`` (today in China by default) and in the area's care, as
    :meth:`~laoganbu.models.roster.Roster.living_cadres` counts them; a Party member counts
    while the Party relation is the area's (:meth:`~laoganbu.models.roster.Roster.member_on`).
    """
    day = today_date() if on is None else as_day(on)
    params = resolve_parameters(params)
    threshold_used = params.at("party.branch.min_members", day)
    threshold = int(threshold_used.value)
    living = list(roster.living_cadres(day))
    # A Party relation moved away (组织关系转接) is no longer the area's.
    members = [c for c in living if c.party_member and roster.member_on(c, day)]
    org_ids = {o.id for o in roster.organizations}
    unorganized = [c for c in members if c.organization_id not in org_ids]
    grids = {g.id: g for g in roster.grids}
    by_unit: dict[str, list[str]] = defaultdict(list)
    by_community: dict[str, list[str]] = defaultdict(list)
    for cadre in unorganized:
        if cadre.former_unit_id:
            by_unit[cadre.former_unit_id].append(cadre.id)
        grid = grids.get(cadre.grid_id or "")
        if grid is not None and grid.level == BOTTOM_GRID_LEVEL and grid.parent_id:
            by_community[grid.parent_id].append(cadre.id)
    units = {u.id: u for u in roster.units}
    gaps = [
        BranchGap("unit", uid, units[uid].name if uid in units else uid, tuple(ids))
        for uid, ids in sorted(by_unit.items())
        if len(ids) >= threshold
    ]
    gaps.extend(
        BranchGap("community", gid, grids[gid].name if gid in grids else gid, tuple(ids))
        for gid, ids in sorted(by_community.items())
        if len(ids) >= threshold
    )
    bottom = [g for g in roster.grids if g.level == BOTTOM_GRID_LEVEL]
    ungridded = [
        c.id
        for c in living
        if c.grid_id not in grids or grids[c.grid_id].level != BOTTOM_GRID_LEVEL
    ]
    return CoverageReport(
        on=day,
        party_members=len(members),
        unorganized_member_ids=tuple(c.id for c in unorganized),
        branch_gaps=tuple(gaps),
        living=len(living),
        ungridded_cadre_ids=tuple(ungridded),
        bottom_grids=len(bottom),
        grids_without_worker=tuple(g.id for g in bottom if not g.workers),
        used=(("party.branch.min_members", threshold_used),),
    )
