"""The per-item scheduling engine as it was before the columnar one (#13), kept unchanged as the
reference the differential tests compare :func:`laoganbu.plan` and :func:`laoganbu.compliance`
against. Not part of the library."""

from tests.reference_schedule.due import DueItem, Plan, plan
from tests.reference_schedule.ledger import Compliance, compliance

__all__ = ["Compliance", "DueItem", "Plan", "compliance", "plan"]
