"""闻喜县 (Wenxi county, 140823): the practice of its veteran-cadre bureau as a laoganbu plugin.

- the three-level grid and its coverage checks (:mod:`laoganbu_wenxi.grid`);
- its service programmes (``programs.toml``): 一月一次电话、一季一次走访, 四必访 and 六上门;
- its 三帮扶 records (:mod:`laoganbu_wenxi.sanbangfu`): the headers of its ledger, a check that
  investments say what they cost, and a summary.

Hook bodies import what they return, so that discovering the plugin stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING

from laoganbu import Jurisdiction, hookimpl

if TYPE_CHECKING:
    from laoganbu import Problem, Roster
    from laoganbu.programs import ServiceProgramDefinition

__version__ = "0.1.0.dev0"
__all__ = ["JURISDICTION", "__version__"]

#: 闻喜县, in 运城市, in 山西省.
JURISDICTION = Jurisdiction("140823", "闻喜县", level="county")


@hookimpl
def laoganbu_jurisdiction() -> Jurisdiction:
    return JURISDICTION


@hookimpl
def laoganbu_roster_validators() -> Iterable[Callable[[Roster], Iterable[Problem]]]:
    from laoganbu_wenxi.grid import grid_coverage
    from laoganbu_wenxi.sanbangfu import support_has_amount

    return [grid_coverage, support_has_amount]


@hookimpl
def laoganbu_column_aliases() -> Mapping[str, Mapping[str, Sequence[str]]]:
    # The headers of the county's 三帮扶 ledger.
    return {
        "supports": {
            "kind": ["三帮扶类型", "帮扶方式"],
            "amount": ["投资金额", "投入资金（元）", "金额"],
            "items": ["配备器材", "帮扶事项"],
        }
    }


@hookimpl
def laoganbu_service_programs() -> Iterable[ServiceProgramDefinition]:
    from laoganbu.programs import load_programs

    return load_programs(resources.files("laoganbu_wenxi") / "programs.toml")
