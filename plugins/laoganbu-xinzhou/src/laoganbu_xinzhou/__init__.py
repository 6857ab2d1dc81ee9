"""忻州市 (Xinzhou city, 140900): its veteran-cadre work as a laoganbu plugin.

- the branch kinds and their organisation by 地缘/趣缘/业缘 (:mod:`laoganbu_xinzhou.branches`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from laoganbu import Jurisdiction, Problem, Roster, hookimpl
from laoganbu_xinzhou.branches import (
    XINZHOU_BRANCH_KINDS,
    branch_kind_counts,
    branch_organisation,
)

__version__ = "0.1.0.dev0"
__all__ = ["XINZHOU_BRANCH_KINDS", "__version__", "branch_kind_counts", "branch_organisation"]

#: 忻州市, in 山西省.
JURISDICTION = Jurisdiction("140900", "忻州市", level="city")


@hookimpl
def laoganbu_jurisdiction() -> Jurisdiction:
    return JURISDICTION


@hookimpl
def laoganbu_roster_validators() -> Iterable[Callable[[Roster], Iterable[Problem]]]:
    return [branch_organisation]
