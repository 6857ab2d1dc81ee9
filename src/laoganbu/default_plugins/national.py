"""The national baseline (全国): the parameters, programmes and observances that apply
everywhere unless a nearer layer overrides them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from laoganbu.hookspecs import hookimpl
from laoganbu.jurisdiction import NATIONAL, Jurisdiction

if TYPE_CHECKING:
    from laoganbu.params import ParameterLayer


@hookimpl
def laoganbu_jurisdiction() -> Jurisdiction:
    return Jurisdiction(NATIONAL, "全国", level="national", parent=None)


@hookimpl
def laoganbu_parameters() -> Iterable[ParameterLayer]:
    from laoganbu.params import national_layer

    return [national_layer()]
