"""Budgets (预算): what a bureau plans to spend on 慰问金 and aid in a year — for the whole area,
a programme, a unit or a grid — set against what the payments ledger shows spent
(:func:`laoganbu.money.budget_review`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Self

from pydantic import Field, model_validator

from laoganbu.models.base import (
    FieldConflict,
    IdentifiedRecord,
    RecordId,
    Text,
    check_amounts_written_plainly,
)
from laoganbu.models.enums import PaymentKind

__all__ = ["Budget"]


class Budget(IdentifiedRecord):
    """预算 — the amount planned for one kind of money in one year.

    At most one of ``program_id``, ``unit_id`` and ``grid_id`` says whose budget it is: a
    programme's (payments that name it), a unit's (payments to the cadres whose 原单位 it is) or
    a grid's (payments to the cadres in it); none, the whole area's. ``item`` narrows the kind to
    the payments of that 发放项目 (春节慰问).
    """

    label = "预算"

    id: RecordId = Field(title="编号")
    year: int = Field(title="预算年度", ge=1949, le=2100)
    kind: PaymentKind = Field(title="发放类型")
    item: Text | None = Field(None, title="发放项目")
    program_id: RecordId | None = Field(None, title="服务项目")
    unit_id: RecordId | None = Field(None, title="单位")
    grid_id: RecordId | None = Field(None, title="网格")
    amount: Decimal = Field(title="预算金额（元）", gt=0, max_digits=14, decimal_places=2)
    notes: Text | None = Field(None, title="备注")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        check_amounts_written_plainly(self, "amount")
        named = [f for f in ("program_id", "unit_id", "grid_id") if getattr(self, f) is not None]
        if len(named) > 1:
            raise FieldConflict(
                named[1],
                "a budget is a programme's, a unit's or a grid's, not several"
                " / 预算只能属于一个服务项目、单位或网格",
            )
        return self

    @property
    def scope(self) -> tuple[str, str | None]:
        """Whose budget it is: (``program``/``unit``/``grid``/``area``, the id)."""
        for name in ("program", "unit", "grid"):
            value = getattr(self, f"{name}_id")
            if value is not None:
                return name, value
        return "area", None
