"""Claims for medical expenses (医药费报销): the other half of the 两费.

A 离休 cadre's 医药费 is reimbursed against claims ("按规定实报实销"): a claim is submitted with
the bills, the amount to reimburse is approved, and the reimbursement is paid — a row of the
payments ledger of kind 医药费 naming the claim (``Payment.claim_id``). A claim left unpaid past
the locality's time limit is 医药费 in arrears (:func:`laoganbu.money.arrears`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Self

from pydantic import Field, model_validator

from laoganbu.dates import PartialDate
from laoganbu.models.base import (
    FieldConflict,
    IdentifiedRecord,
    RecordId,
    Text,
    check_amounts_written_plainly,
)
from laoganbu.models.enums import FundingSource
from laoganbu.models.payment import PAYMENT_CEILING

__all__ = ["MedicalClaim"]


class MedicalClaim(IdentifiedRecord):
    """医药费报销单 — one claim of a cadre's medical expenses.

    ``amount`` is what was claimed, ``approved`` what was approved for reimbursement (blank
    until approved: the claim counts in full); ``source`` who reimburses it (医保, 财政,
    单位), which says which of the 三个机制 answers for it.
    """

    label = "医药费报销"

    id: RecordId = Field(title="报销单号")
    cadre_id: RecordId = Field(title="干部编号")
    submitted_on: PartialDate = Field(title="申请日期")
    expenses: Decimal | None = Field(
        None, title="医疗费用（元）", gt=0, le=PAYMENT_CEILING, max_digits=12, decimal_places=2
    )
    amount: Decimal = Field(
        title="申请报销金额（元）", gt=0, le=PAYMENT_CEILING, max_digits=12, decimal_places=2
    )
    approved: Decimal | None = Field(
        None, title="核定报销金额（元）", ge=0, le=PAYMENT_CEILING, max_digits=12, decimal_places=2
    )
    source: FundingSource | None = Field(None, title="报销渠道")
    notes: Text | None = Field(None, title="备注")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        check_amounts_written_plainly(self, "expenses", "amount", "approved")
        if self.submitted_on.day is None:
            raise FieldConflict(
                "submitted_on",
                f"give the day, not only the month ({self.submitted_on}) / 请填写到日",
            )
        if self.approved is not None and self.approved > self.amount:
            raise FieldConflict(
                "approved",
                f"{self.approved} approved of {self.amount} claimed / 核定金额大于申请金额",
            )
        if self.expenses is not None and self.amount > self.expenses:
            raise FieldConflict(
                "amount",
                f"{self.amount} claimed of {self.expenses} spent / 申请报销金额大于医疗费用",
            )
        return self

    @property
    def due(self) -> Decimal:
        """What is to be reimbursed: the approved amount, else the amount claimed."""
        return self.amount if self.approved is None else self.approved
