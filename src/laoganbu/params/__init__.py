"""Policy parameters: values with effective dates, each citing its source, in layers.

The national layer ships with laoganbu (``data/national.toml``); a locality's plugin adds its
own layer, and :class:`Parameters` asks the nearest layer first. See the "Policy rules" pages of
the documentation for every parameter and its source.
"""

from laoganbu.params.loader import (
    default_parameters,
    load_layer,
    national_layer,
    resolve_parameters,
)
from laoganbu.params.model import Citation, Parameter, ParameterLayer, ParameterValue, Status
from laoganbu.params.store import Parameters, as_day

__all__ = [
    "Citation",
    "Parameter",
    "ParameterLayer",
    "ParameterValue",
    "Parameters",
    "Status",
    "as_day",
    "default_parameters",
    "load_layer",
    "national_layer",
    "resolve_parameters",
]
