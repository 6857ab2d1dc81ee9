"""Clearance plans (清兑计划): how and by when arrears of money owed to a cadre are to be paid.

A plan names the arrears it clears — one cadre, one kind of money, a run of months — the amount
still owed when it was drawn up, who answers for it and the deadline. Whether it was kept is not
typed in: the payments ledger proves it (:func:`laoganbu.money.clearance`).
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
from laoganbu.models.enums import FundingSource, PaymentKind
from laoganbu.models.payment import PAYMENT_CEILING

__all__ = ["ClearancePlan"]


class ClearancePlan(IdentifiedRecord):
    """清兑计划 — the plan to pay one cadre's arrears of one kind for a run of months.

    ``months_from`` … ``months_to`` (one month when ``months_to`` is blank) are the months in
    arrears; ``amount`` what was still owed for them when the plan was drawn up (blank when it
    is not known, e.g. no 基本离休费 on record: then every month must be paid). Payments of that
    kind for those months, made from ``drawn_up_on`` on, count towards it.
    """

    label = "清兑计划"

    id: RecordId = Field(title="编号")
    cadre_id: RecordId = Field(title="干部编号")
    kind: PaymentKind = Field(title="发放类型")
    months_from: PartialDate = Field(title="欠发期间起")
    months_to: PartialDate | None = Field(None, title="欠发期间止")
    amount: Decimal | None = Field(
        None, title="应清兑金额（元）", gt=0, le=PAYMENT_CEILING, max_digits=12, decimal_places=2
    )
    source: FundingSource | None = Field(None, title="责任方")
    unit_id: RecordId | None = Field(None, title="责任单位")
    drawn_up_on: PartialDate = Field(title="制定日期")
    deadline: PartialDate = Field(title="清兑期限")
    notes: Text | None = Field(None, title="备注")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        check_amounts_written_plainly(self, "amount")
        if self.months_to is not None and self.months_to.month_index < self.months_from.month_index:
            raise FieldConflict(
                "months_to",
                f"the months end ({self.months_to}) before they start ({self.months_from})"
                " / 欠发期间止早于欠发期间起",
            )
        if self.deadline.last_day < self.drawn_up_on.first_day:
            raise FieldConflict(
                "deadline",
                f"the deadline ({self.deadline}) is before the plan was drawn up"
                f" ({self.drawn_up_on}) / 清兑期限早于制定日期",
            )
        return self

    @property
    def last_month(self) -> PartialDate:
        """The last month in arrears the plan clears."""
        return (self.months_to or self.months_from).to_month()
