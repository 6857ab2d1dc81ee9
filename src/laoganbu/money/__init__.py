"""Money owed and paid to cadres and survivors: entitlements under the parameters in force,
the arrears (拖欠) the payments ledger leaves (see :class:`laoganbu.Payment`), the progress of the
plans to clear them (清兑), and budgets against spending."""

from laoganbu.money.arrears import ARREARS_COLUMNS, MECHANISMS, Arrears, arrears
from laoganbu.money.budget import BUDGET_COLUMNS, BudgetReview, budget_review
from laoganbu.money.clearance import CLEARANCE_COLUMNS, CLEARANCE_STATES, Clearance, clearance
from laoganbu.money.entitlements import (
    ENTITLEMENT_COLUMNS,
    Entitlement,
    entitlement_frame,
    entitlements_of,
)

__all__ = [
    "ARREARS_COLUMNS",
    "BUDGET_COLUMNS",
    "CLEARANCE_COLUMNS",
    "CLEARANCE_STATES",
    "ENTITLEMENT_COLUMNS",
    "MECHANISMS",
    "Arrears",
    "BudgetReview",
    "Clearance",
    "Entitlement",
    "arrears",
    "budget_review",
    "clearance",
    "entitlement_frame",
    "entitlements_of",
]
