"""Xinzhou's branch kinds and how branches are organised.

Xinzhou sets up retired cadres' Party branches of five kinds — 团队支部 (interest teams),
流动支部 (mobile members), 网宣支部 (online publicity), 社区支部 and 农村支部 — each organised by
"地缘、趣缘、业缘" (place, interest, former trade). Its roster check asks every branch to say
which kind it is and on which basis it was organised, so that the city can count them as its
reports do (62 team, 27 mobile, 23 online, 53 community, 48 rural branches).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from laoganbu import BranchKind, OrganizationLevel, Problem, Roster

__all__ = ["XINZHOU_BRANCH_KINDS", "branch_kind_counts", "branch_organisation"]

#: The kinds Xinzhou names, in the order its reports list them.
XINZHOU_BRANCH_KINDS: tuple[BranchKind, ...] = (
    BranchKind.TEAM,
    BranchKind.MOBILE,
    BranchKind.ONLINE,
    BranchKind.COMMUNITY,
    BranchKind.RURAL,
)


def branch_organisation(roster: Roster) -> Iterator[Problem]:
    """Warn about branches that do not say their kind or the basis they were organised on."""
    for org in roster.organizations:
        if org.level is not OrganizationLevel.BRANCH:
            continue
        if org.branch_kind is None:
            yield Problem(
                message="branch kind not given (团队/流动/网宣/社区/农村) / 未注明支部类型",
                table="organizations",
                record_id=org.id,
                field="branch_kind",
                severity="warning",
            )
        if org.affinity_basis is None:
            yield Problem(
                message="not said whether organised by 地缘, 趣缘 or 业缘 / 未注明组建依据",
                table="organizations",
                record_id=org.id,
                field="affinity_basis",
                severity="warning",
            )


def branch_kind_counts(roster: Roster) -> dict[str, int]:
    """Branches per kind, labelled in Chinese, in Xinzhou's order; others under 其他."""
    counts = Counter(
        org.branch_kind for org in roster.organizations if org.level is OrganizationLevel.BRANCH
    )
    result = {kind.label: counts.pop(kind, 0) for kind in XINZHOU_BRANCH_KINDS}
    result["其他"] = sum(counts.values())
    return result
