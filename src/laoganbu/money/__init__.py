"""Money owed and paid to cadres and survivors: entitlements under the parameters in force,
and the arrears (拖欠) the payments ledger leaves (see :class:`laoganbu.Payment`)."""

from laoganbu.money.arrears import ARREARS_COLUMNS, MECHANISMS, Arrears, arrears
from laoganbu.money.entitlements import (
    ENTITLEMENT_COLUMNS,
    Entitlement,
    entitlement_frame,
    entitlements_of,
)

__all__ = [
    "ARREARS_COLUMNS",
    "ENTITLEMENT_COLUMNS",
    "MECHANISMS",
    "Arrears",
    "Entitlement",
    "arrears",
    "entitlement_frame",
    "entitlements_of",
]
