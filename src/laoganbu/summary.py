"""The at-a-glance summary of a roster that ``laoganbu demo`` prints."""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import Any

import attrs

from laoganbu.dates import PartialDate, age_on, today
from laoganbu.models.enums import CadreKind, OrganizationLevel
from laoganbu.models.grid import BOTTOM_GRID_LEVEL
from laoganbu.models.roster import Roster

__all__ = ["RosterSummary", "summarize"]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@attrs.frozen(kw_only=True)
class RosterSummary:
    """Counts and shares describing one roster on one day."""

    on: PartialDate
    people_by_kind: dict[str, int]
    deceased: int
    age_bands: dict[str, int]
    average_age_lixiu: float | None
    party_members: int
    party_members_in_organization: int
    organizations_by_level: dict[str, int]
    bottom_grids: int
    bottom_grids_with_worker: int
    living: int
    living_in_grid: int

    @property
    def organization_coverage(self) -> float | None:
        """Share of living Party members whose membership sits in an organisation."""
        return _share(self.party_members_in_organization, self.party_members)

    @property
    def grid_coverage(self) -> float | None:
        """Share of living cadres placed in a bottom-level grid."""
        return _share(self.living_in_grid, self.living)

    @property
    def grid_worker_coverage(self) -> float | None:
        """Share of bottom-level grids with at least one grid worker."""
        return _share(self.bottom_grids_with_worker, self.bottom_grids)


def summarize(
    roster: Roster, on: PartialDate | None = None, *, params: Any = None
) -> RosterSummary:
    """Summarise living people by kind and age, Party organisation and grid coverage.

    Age bands are the ``age.bands`` parameter in force (``params``: a Locality or Parameters;
    the national ones by default).
    """
    from laoganbu.rules.age import age_bands

    day = on or today()
    scheme = age_bands(on=day, params=params)
    living = list(roster.living_cadres(day))
    kinds = Counter(c.kind for c in living)
    ages = [age_on(c.birth_date, day) for c in living]
    bands = Counter(scheme.label(a) for a in ages)
    lixiu_ages = [age_on(c.birth_date, day) for c in living if c.kind is CadreKind.LIXIU]
    # A Party relation moved away (组织关系转接) is no longer the area's.
    members = [c for c in living if c.party_member and roster.member_on(c, day)]
    levels = Counter(o.level for o in roster.organizations)
    bottom = [g for g in roster.grids if g.level == BOTTOM_GRID_LEVEL]
    return RosterSummary(
        on=day,
        people_by_kind={k.label: kinds.get(k, 0) for k in CadreKind},
        deceased=_deceased(roster, day.first_day),
        age_bands={label: bands.get(label, 0) for label in scheme.labels},
        average_age_lixiu=sum(lixiu_ages) / len(lixiu_ages) if lixiu_ages else None,
        party_members=len(members),
        party_members_in_organization=sum(1 for c in members if c.organization_id),
        organizations_by_level={lv.label: levels.get(lv, 0) for lv in OrganizationLevel},
        bottom_grids=len(bottom),
        bottom_grids_with_worker=sum(1 for g in bottom if g.workers),
        living=len(living),
        living_in_grid=sum(1 for c in living if c.grid_id),
    )


def _deceased(roster: Roster, day: _dt.date) -> int:
    """Cadres who died by ``day`` in the area's care: a death after moving away is another
    bureau's (as :func:`~laoganbu.registry.lifecycle` and the statistics count it)."""
    return sum(
        1
        for cadre_id, death in roster.deaths().items()
        if death.first_day <= day and roster.died_in_care(cadre_id)
    )
