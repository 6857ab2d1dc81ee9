"""Volunteer teams and their activities: how retired cadres play a role (发挥作用).

Always "自觉自愿、量力而行": membership records a cadre's own choice; laoganbu never assigns.
"""

from __future__ import annotations

from pydantic import Field

from laoganbu.dates import PartialDate
from laoganbu.models.base import IdentifiedRecord, IdList, RecordId, Text
from laoganbu.models.enums import VolunteerTeamKind

__all__ = ["VolunteerActivity", "VolunteerTeam"]


class VolunteerTeam(IdentifiedRecord):
    """志愿团队 — a lecture group, volunteer team, expert group, studio …"""

    label = "志愿团队"

    id: RecordId = Field(title="编号")
    name: Text = Field(title="团队名称")
    kind: VolunteerTeamKind = Field(title="团队类型")
    formed_on: PartialDate | None = Field(None, title="成立时间")
    organization_id: RecordId | None = Field(None, title="所属党组织")
    leader_id: RecordId | None = Field(None, title="负责人")
    member_ids: IdList = Field((), title="成员")


class VolunteerActivity(IdentifiedRecord):
    """志愿活动 — one activity of a team."""

    label = "志愿活动"

    id: RecordId = Field(title="编号")
    team_id: RecordId = Field(title="志愿团队")
    date: PartialDate = Field(title="活动日期")
    title: Text = Field(title="活动名称")
    participant_ids: IdList = Field((), title="参加人员")
    hours: float | None = Field(None, title="服务时长（小时）", ge=0, le=24 * 31)
