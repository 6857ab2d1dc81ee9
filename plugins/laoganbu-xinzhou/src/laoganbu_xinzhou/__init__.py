"""忻州市 (Xinzhou city, 140900): its veteran-cadre work as a laoganbu plugin.

- the branch kinds and their organisation by 地缘/趣缘/业缘 (:mod:`laoganbu_xinzhou.branches`);
- the "六个一" rubric, whose 情况通报会 is counted from the ledger;
- the yearly 情况通报会 as programmes (``programs.toml``).

Hook bodies import what they return, so that discovering the plugin stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import resources
from typing import TYPE_CHECKING

from laoganbu import Jurisdiction, hookimpl

if TYPE_CHECKING:
    from laoganbu import Problem, Roster
    from laoganbu.assessment import Rubric
    from laoganbu.programs import ServiceProgramDefinition

__version__ = "0.1.0.dev0"
__all__ = ["JURISDICTION", "__version__"]

#: 忻州市, in 山西省.
JURISDICTION = Jurisdiction("140900", "忻州市", level="city")


@hookimpl
def laoganbu_jurisdiction() -> Jurisdiction:
    return JURISDICTION


@hookimpl
def laoganbu_roster_validators() -> Iterable[Callable[[Roster], Iterable[Problem]]]:
    from laoganbu_xinzhou.branches import branch_organisation

    return [branch_organisation]


@hookimpl
def laoganbu_rubrics() -> Iterable[Rubric]:
    """六个一: the rubric answering to ``laoganbu assess --rubric xinzhou``."""
    from laoganbu.assessment import load_rubric

    return [load_rubric(resources.files("laoganbu_xinzhou") / "liugeyi.toml")]


@hookimpl
def laoganbu_service_programs() -> Iterable[ServiceProgramDefinition]:
    """The yearly 情况通报会 of the 六个一, for 离休 cadres and senior 退休 cadres."""
    from laoganbu.programs import load_programs

    return load_programs(resources.files("laoganbu_xinzhou") / "programs.toml")
