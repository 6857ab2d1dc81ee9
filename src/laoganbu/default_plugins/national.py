"""The national baseline (全国): the parameters, programmes and observances that apply
everywhere unless a nearer layer overrides them."""

from __future__ import annotations

from laoganbu.hookspecs import hookimpl
from laoganbu.jurisdiction import NATIONAL, Jurisdiction


@hookimpl
def laoganbu_jurisdiction() -> Jurisdiction:
    return Jurisdiction(NATIONAL, "全国", level="national", parent=None)
