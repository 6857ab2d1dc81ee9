"""Support a bureau gives to retired cadres' branches and grids: venues, activities, equipment
(Wenxi's 三帮扶: 帮建阵地、帮搞活动、帮配设施)."""

from __future__ import annotations

from decimal import Decimal
from typing import Self

from pydantic import Field, model_validator

from laoganbu.dates import PartialDate
from laoganbu.models.base import FieldConflict, IdentifiedRecord, RecordId, Text
from laoganbu.models.enums import SupportKind

__all__ = ["SupportRecord"]


class SupportRecord(IdentifiedRecord):
    """帮扶记录 — one piece of support to a Party organisation or a grid."""

    label = "帮扶记录"

    id: RecordId = Field(title="编号")
    kind: SupportKind = Field(title="帮扶类型")
    date: PartialDate = Field(title="日期")
    organization_id: RecordId | None = Field(None, title="受帮扶党组织")
    grid_id: RecordId | None = Field(None, title="受帮扶网格")
    unit_id: RecordId | None = Field(None, title="帮扶单位")
    amount: Decimal | None = Field(
        None, title="投入金额（元）", ge=0, max_digits=14, decimal_places=2
    )
    items: Text | None = Field(None, title="帮扶内容")
    notes: Text | None = Field(None, title="备注")

    @model_validator(mode="after")
    def _target(self) -> Self:
        if self.organization_id is None and self.grid_id is None:
            raise FieldConflict(
                "organization_id",
                "support goes to a Party organisation or a grid / 须注明受帮扶对象",
            )
        return self
