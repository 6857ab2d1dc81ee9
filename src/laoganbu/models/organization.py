"""Party organisations of retired cadres and the meetings they hold."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from laoganbu.dates import PartialDate
from laoganbu.models.base import (
    DivisionCode,
    FieldConflict,
    Flag,
    IdentifiedRecord,
    IdList,
    Record,
    RecordId,
    Text,
)
from laoganbu.models.enums import (
    AffinityBasis,
    BranchKind,
    CommitteeRole,
    MeetingKind,
    OrganizationLevel,
    SetupMode,
)

__all__ = ["LEVEL_ORDER", "CommitteeMember", "Meeting", "PartyOrganization"]

#: Higher levels first; a parent must stand strictly higher than its child.
LEVEL_ORDER: tuple[OrganizationLevel, ...] = (
    OrganizationLevel.WORKING_COMMITTEE,
    OrganizationLevel.COMMITTEE,
    OrganizationLevel.GENERAL_BRANCH,
    OrganizationLevel.BRANCH,
    OrganizationLevel.GROUP,
)


class CommitteeMember(Record):
    """支委成员 — a cadre holding a role on an organisation's committee."""

    label = "支委成员"

    cadre_id: RecordId = Field(title="干部编号")
    role: CommitteeRole = Field(title="职务")


class PartyOrganization(IdentifiedRecord):
    """离退休干部党组织 — 党工委, 党委, 党总支, 党支部 or 党小组.

    Members are not listed here: a cadre's :attr:`~laoganbu.Cadre.organization_id` is the single
    record of where their membership sits; :meth:`laoganbu.Roster.members_of` gathers them.
    """

    label = "党组织"

    id: RecordId = Field(title="编号")
    name: Text = Field(title="党组织名称")
    level: OrganizationLevel = Field(title="层级")
    parent_id: RecordId | None = Field(None, title="上级党组织")
    setup_mode: SetupMode | None = Field(None, title="组建方式")
    branch_kind: BranchKind | None = Field(None, title="支部类型")
    affinity_basis: AffinityBasis | None = Field(None, title="组建依据")
    unit_ids: IdList = Field((), title="覆盖单位")
    division_code: DivisionCode | None = Field(None, title="区划代码")
    formed_on: PartialDate | None = Field(None, title="成立时间")
    term_start: PartialDate | None = Field(None, title="本届起始")
    term_end: PartialDate | None = Field(None, title="本届届满")
    committee: tuple[CommitteeMember, ...] = Field((), title="委员会")
    model_branch: Flag = Field(False, title="示范党支部")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.term_start and self.term_end and self.term_end <= self.term_start:
            raise FieldConflict("term_end", "term ends before it starts / 届满时间早于起始时间")
        if self.branch_kind is not None and self.level is not OrganizationLevel.BRANCH:
            raise FieldConflict(
                "branch_kind", "only a branch has a branch kind / 仅党支部有支部类型"
            )
        seen: set[str] = set()
        for member in self.committee:
            if member.cadre_id in seen:
                raise FieldConflict(
                    "committee",
                    f"{member.cadre_id} holds two committee roles / 委员重复",
                    item_field="cadre_id",
                )
            seen.add(member.cadre_id)
        return self


class Meeting(IdentifiedRecord):
    """组织生活记录 — one meeting or activity of an organisation, with who attended."""

    label = "组织生活"

    id: RecordId = Field(title="编号")
    organization_id: RecordId = Field(title="党组织")
    kind: MeetingKind = Field(title="类型")
    date: PartialDate = Field(title="日期")
    topic: Text | None = Field(None, title="主题")
    attendee_ids: IdList = Field((), title="出席人员")
