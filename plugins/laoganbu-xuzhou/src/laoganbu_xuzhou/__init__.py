"""徐州市 (Xuzhou city, 320300): its veteran-cadre work as a laoganbu plugin."""

from __future__ import annotations

from laoganbu import Jurisdiction, hookimpl

__version__ = "0.1.0.dev0"
__all__ = ["__version__"]

#: 徐州市, in 江苏省.
JURISDICTION = Jurisdiction("320300", "徐州市", level="city")


@hookimpl
def laoganbu_jurisdiction() -> Jurisdiction:
    return JURISDICTION
