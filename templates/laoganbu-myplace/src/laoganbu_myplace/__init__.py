"""运城市 (140800): an example locality plugin for laoganbu — replace with your own.

Each hook returns data; laoganbu stacks it over the national baseline for every locality
inside this plugin's jurisdiction. Hooks import what they return inside their bodies, so that
discovering the plugin stays cheap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib import resources
from typing import TYPE_CHECKING

from laoganbu import Jurisdiction, hookimpl

if TYPE_CHECKING:
    from laoganbu import Problem, Roster
    from laoganbu.params import ParameterLayer
    from laoganbu.programs import ServiceProgramDefinition

__version__ = "0.1.0"

#: The area this plugin serves: a GB/T 2260 code; its parent is read from the code.
JURISDICTION = Jurisdiction("140800", "运城市", level="city")


@hookimpl
def laoganbu_jurisdiction() -> Jurisdiction:
    return JURISDICTION


@hookimpl
def laoganbu_parameters() -> Iterable[ParameterLayer]:
    from laoganbu.params import load_layer

    return [load_layer(resources.files("laoganbu_myplace") / "parameters.toml")]


@hookimpl
def laoganbu_service_programs() -> Iterable[ServiceProgramDefinition]:
    from laoganbu.programs import load_programs

    return load_programs(resources.files("laoganbu_myplace") / "programs.toml")


@hookimpl
def laoganbu_column_aliases() -> Mapping[str, Mapping[str, Sequence[str]]]:
    # Headers your offices write that laoganbu does not know yet.
    return {"cadres": {"grid_id": ["包联网格"]}}


@hookimpl
def laoganbu_roster_validators() -> Iterable[Callable[[Roster], Iterable[Problem]]]:
    from laoganbu_myplace.checks import every_cadre_has_a_phone

    return [every_cadre_has_a_phone]
