"""Work units (单位) and Hainan-style collaboration groups (联系协作组)."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from laoganbu.models.base import (
    DivisionCode,
    FieldConflict,
    IdentifiedRecord,
    IdList,
    Record,
    RecordId,
    Text,
)
from laoganbu.models.enums import UnitKind

__all__ = ["CollaborationGroup", "GroupTask", "Unit"]


class Unit(IdentifiedRecord):
    """单位 — a work unit, which keeps responsibility for its own retirees ("单位尽责")."""

    label = "单位"

    id: RecordId = Field(title="编号")
    name: Text = Field(title="单位名称")
    kind: UnitKind = Field(title="单位类型")
    division_code: DivisionCode | None = Field(None, title="区划代码")
    parent_id: RecordId | None = Field(None, title="上级单位")


class GroupTask(Record):
    """认领任务 — one item of a collaboration group's yearly task list, and who claimed it."""

    label = "任务清单"

    year: int = Field(title="年度", ge=1949, le=2200)
    title: Text = Field(title="任务")
    category: Text | None = Field(None, title="类别")  # 联学 / 联办 / 联建, or a locality's own
    claimed_by: IdList = Field((), title="认领单位")


class CollaborationGroup(IdentifiedRecord):
    """联系协作组 — units grouped under a lead unit (组长单位) for joint work."""

    label = "联系协作组"

    id: RecordId = Field(title="编号")
    name: Text = Field(title="协作组名称")
    lead_unit_id: RecordId = Field(title="组长单位")
    member_unit_ids: IdList = Field(title="成员单位", min_length=1)
    tasks: tuple[GroupTask, ...] = Field((), title="任务清单")

    @model_validator(mode="after")
    def _lead_is_member(self) -> Self:
        if self.lead_unit_id not in self.member_unit_ids:
            raise FieldConflict(
                "lead_unit_id",
                "the lead unit must be one of the members / 组长单位应为成员单位之一",
            )
        for task in self.tasks:
            strangers = [u for u in task.claimed_by if u not in self.member_unit_ids]
            if strangers:
                raise FieldConflict(
                    "tasks",
                    f"task {task.title!r} claimed by non-members {strangers}"
                    " / 认领单位不是成员单位",
                    item_field="claimed_by",
                )
        return self
