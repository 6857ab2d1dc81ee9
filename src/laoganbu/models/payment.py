"""The ledger of money paid to cadres and survivors (待遇发放台账).

One row per payment: who received it, what it is (离休费, 医药费, 生活补贴, 护理费, 慰问金 …), the
months it covers, the amount in exact yuan, who paid it and when. It is the evidence that the
两费 (离休费 and 医药费) are paid in full and on time, and the count behind a report's "发放慰问金
72.9万元".
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

__all__ = ["AFTER_DEATH_PAYMENTS", "MONTHLY_PAY_CEILING", "PAYMENT_CEILING", "PayBase", "Payment"]

#: No single payment to one person comes near ten million yuan: an amount above it is a slip
#: of the keyboard (digits doubled, a reference typed in the amount's cell), refused as absurd.
PAYMENT_CEILING = Decimal(10_000_000)

#: Nor does any monthly 基本离休费 come near a million yuan.
MONTHLY_PAY_CEILING = Decimal(1_000_000)

#: Money that follows a death or goes to the survivors: paid after the month of death, these
#: are not a sign that a deceased cadre's pay went on (:meth:`laoganbu.Roster.check`).
AFTER_DEATH_PAYMENTS: frozenset[PaymentKind] = frozenset(
    {PaymentKind.FUNERAL, PaymentKind.SURVIVOR_AID, PaymentKind.CONDOLENCE_MONEY}
)


class Payment(IdentifiedRecord):
    """待遇发放记录 — one payment to a cadre or a survivor (遗属).

    ``period_from`` and ``period_to`` are the months the payment is for (a month's 离休费, a
    quarter's 护理费, a year's 生活补贴); without ``period_to`` it is for one month. The amount
    is exact yuan, to the fen, and more than zero: a correction is a new row, not a negative one.
    A payment for months it cannot be for is refused: 生活补贴 for months of two years, or any
    payment made more than a year before the months it is for.
    """

    label = "待遇发放记录"

    id: RecordId = Field(title="编号")
    cadre_id: RecordId = Field(title="干部编号")
    kind: PaymentKind = Field(title="发放类型")
    item: Text | None = Field(None, title="发放项目")
    period_from: PartialDate = Field(title="所属期间起")
    period_to: PartialDate | None = Field(None, title="所属期间止")
    amount: Decimal = Field(
        title="金额（元）", gt=0, le=PAYMENT_CEILING, max_digits=12, decimal_places=2
    )
    source: FundingSource | None = Field(None, title="资金来源")
    paid_on: PartialDate = Field(title="发放日期")
    reference: Text | None = Field(None, title="凭证号")
    program_id: RecordId | None = Field(None, title="服务项目")
    claim_id: RecordId | None = Field(None, title="报销单号")
    notes: Text | None = Field(None, title="备注")

    @model_validator(mode="after")
    def _written_well(self) -> Self:
        check_amounts_written_plainly(self, "amount")
        if self.period_to is not None and self.period_to.month_index < self.period_from.month_index:
            raise FieldConflict(
                "period_to",
                f"the period ends ({self.period_to}) before it starts ({self.period_from})"
                " / 所属期间止早于所属期间起",
            )
        # Mis-periodised: money for months that cannot be the ones meant.
        if (
            self.kind is PaymentKind.LIVING_ALLOWANCE
            and self.last_month.year != self.period_from.year
        ):
            raise FieldConflict(
                "period_to",
                f"生活补贴 is owed for a year: {self.period_from}..{self.last_month} spans two"
                " / 生活补贴所属期间应在同一年度内",
            )
        if self.paid_on.month_index < self.period_from.month_index - 12:
            raise FieldConflict(
                "paid_on",
                f"paid on {self.paid_on}, more than a year before the months it is for"
                f" ({self.period_from}) / 发放日期早于所属期间一年以上",
            )
        return self

    @property
    def last_month(self) -> PartialDate:
        """The last month the payment is for."""
        return (self.period_to or self.period_from).to_month()

    @property
    def months(self) -> int:
        """How many months the payment is for."""
        return self.last_month.month_index - self.period_from.month_index + 1


class PayBase(IdentifiedRecord):
    """基本离休费 — a 离休 cadre's monthly basic pay from a month on ("离休后原工资照发").

    Not a parameter: each cadre's own amount, set when the cadre retired and raised with every
    pay reform. A cadre's bases are a history: each row holds from ``valid_from`` until the
    next row's month; a correction is a new row for the same month, which holds over the
    earlier one. What is owed as a share of it (离休费, 生活补贴) is priced from the base in
    force in each month (:func:`laoganbu.money.entitlement_frame`).
    """

    label = "基本离休费"

    id: RecordId = Field(title="编号")
    cadre_id: RecordId = Field(title="干部编号")
    valid_from: PartialDate = Field(title="起始月份")
    amount: Decimal = Field(
        title="月基本离休费（元）", gt=0, le=MONTHLY_PAY_CEILING, max_digits=12, decimal_places=2
    )
    basis: Text | None = Field(None, title="核定依据")
    notes: Text | None = Field(None, title="备注")

    @model_validator(mode="after")
    def _written_well(self) -> Self:
        check_amounts_written_plainly(self, "amount")
        return self
