"""徐州市 (Xuzhou city, 320300): its veteran-cadre work as a laoganbu plugin."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from typing import TYPE_CHECKING

from laoganbu import Jurisdiction, hookimpl

if TYPE_CHECKING:
    from laoganbu.assessment import Rubric

__version__ = "0.1.0.dev0"
__all__ = ["__version__"]

#: 徐州市, in 江苏省.
JURISDICTION = Jurisdiction("320300", "徐州市", level="city")


@hookimpl
def laoganbu_jurisdiction() -> Jurisdiction:
    return JURISDICTION


@hookimpl
def laoganbu_rubrics() -> Iterable[Rubric]:
    """五彩联动: the rubric answering to ``laoganbu assess --rubric xuzhou``."""
    from laoganbu.assessment import load_rubric

    return [load_rubric(resources.files("laoganbu_xuzhou") / "wucai.toml")]
