"""闻喜县 (Wenxi county, 140823): the practice of its veteran-cadre bureau as a laoganbu plugin.

- the three-level grid and its coverage checks (:mod:`laoganbu_wenxi.grid`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from laoganbu import Jurisdiction, Problem, Roster, hookimpl
from laoganbu_wenxi.grid import grid_coverage

__version__ = "0.1.0.dev0"
__all__ = ["__version__", "grid_coverage"]

#: 闻喜县, in 运城市, in 山西省.
JURISDICTION = Jurisdiction("140823", "闻喜县", level="county")


@hookimpl
def laoganbu_jurisdiction() -> Jurisdiction:
    return JURISDICTION


@hookimpl
def laoganbu_roster_validators() -> Iterable[Callable[[Roster], Iterable[Problem]]]:
    return [grid_coverage]
