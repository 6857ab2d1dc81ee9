"""The scheduling engine: who is due what, when (:func:`plan`), and what was done
(:func:`compliance`)."""

from laoganbu.schedule.due import DueItem, Plan, plan
from laoganbu.schedule.ledger import Compliance, ItemStatus, RateRow, compliance

__all__ = ["Compliance", "DueItem", "ItemStatus", "Plan", "RateRow", "compliance", "plan"]
