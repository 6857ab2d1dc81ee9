"""Service grids (网格): level 1 the bureau, level 2 communities and townships, level 3 the
villages and residential compounds where every retired cadre sits."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from laoganbu.models.base import (
    DivisionCode,
    FieldConflict,
    IdentifiedRecord,
    RecordId,
    Text,
)
from laoganbu.privacy import PhoneNumber

__all__ = ["BOTTOM_GRID_LEVEL", "Grid", "GridWorker"]

#: Cadres are placed in grids of this level only.
BOTTOM_GRID_LEVEL = 3


class GridWorker(IdentifiedRecord):
    """网格员 — a person who serves the cadres of a grid."""

    label = "网格员"

    id: RecordId = Field(title="编号")
    name: Text = Field(title="姓名")
    phone: PhoneNumber | None = Field(None, title="联系电话")


class Grid(IdentifiedRecord):
    """网格 — a node of the three-level service grid."""

    label = "网格"

    id: RecordId = Field(title="编号")
    name: Text = Field(title="网格名称")
    level: int = Field(title="网格层级", ge=1, le=BOTTOM_GRID_LEVEL)
    parent_id: RecordId | None = Field(None, title="上级网格")
    division_code: DivisionCode | None = Field(None, title="区划代码")
    workers: tuple[GridWorker, ...] = Field((), title="网格员")

    @model_validator(mode="after")
    def _parent_by_level(self) -> Self:
        if self.level == 1 and self.parent_id is not None:
            raise FieldConflict("parent_id", "a level-1 grid has no parent / 一级网格没有上级")
        if self.level > 1 and self.parent_id is None:
            raise FieldConflict(
                "parent_id", f"a level-{self.level} grid needs a parent / 二、三级网格须有上级网格"
            )
        return self
