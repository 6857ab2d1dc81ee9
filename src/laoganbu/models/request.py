"""The ledger of what cadres ask for (诉求台账): 您点单、我服务, letters and visits (信访), a grid
worker's report of a need.

One row per request: whose matter it is and who raised it, by which channel, what about, when
it was received, who was given it and by when they promised to finish, where it stands, how it
ended and whether the cadre was satisfied, and the service records that answered it.
:func:`laoganbu.review_requests` finds the late, the repeated and the unsatisfied.
"""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from laoganbu.dates import PartialDate
from laoganbu.models.base import FieldConflict, IdentifiedRecord, IdList, RecordId, Text
from laoganbu.models.enums import (
    RequestCategory,
    RequestChannel,
    Requester,
    RequestStatus,
    Satisfaction,
)
from laoganbu.privacy import PersonalNote

__all__ = ["ServiceRequest"]


class ServiceRequest(IdentifiedRecord):
    """诉求记录 — one request from a cadre or a survivor, or from a relative on their behalf.

    The dates are days: a response time cannot be counted from a month. A request that is
    finished with (``resolved``, ``referred``, ``closed_unresolved``) has the day it was closed;
    one still open has none, and no satisfaction yet. ``due_on`` is the day the bureau promised
    (承诺办结时限); without it the locality's ``requests.resolve_days`` after receipt applies.
    """

    label = "诉求记录"

    id: RecordId = Field(title="编号")
    cadre_id: RecordId = Field(title="干部编号")
    requester: Requester = Field(Requester.CADRE, title="提出人")
    channel: RequestChannel = Field(title="诉求渠道")
    category: RequestCategory = Field(title="诉求类别")
    matter: PersonalNote | None = Field(None, title="诉求内容")
    received_on: PartialDate = Field(title="受理日期")
    assigned_unit_id: RecordId | None = Field(None, title="承办单位")
    assigned_to: Text | None = Field(None, title="承办人")
    assigned_on: PartialDate | None = Field(None, title="交办日期")
    due_on: PartialDate | None = Field(None, title="承诺办结日期")
    status: RequestStatus = Field(RequestStatus.RECEIVED, title="办理状态")
    closed_on: PartialDate | None = Field(None, title="办结日期")
    resolution: PersonalNote | None = Field(None, title="办理结果")
    satisfaction: Satisfaction | None = Field(None, title="满意度")
    service_record_ids: IdList = Field((), title="关联服务记录")
    notes: Text | None = Field(None, title="备注")

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        for name in ("received_on", "assigned_on", "due_on", "closed_on"):
            value: PartialDate | None = getattr(self, name)
            if value is not None and value.day is None:
                raise FieldConflict(
                    name, f"give the day, not only the month ({value}) / 请填写到日"
                )
        received = self.received_on.first_day
        if self.due_on is not None and self.due_on.first_day < received:
            raise FieldConflict(
                "due_on",
                f"promised for {self.due_on}, before it was received ({self.received_on})"
                " / 承诺办结日期早于受理日期",
            )
        if self.assigned_on is not None and self.assigned_on.first_day < received:
            raise FieldConflict(
                "assigned_on",
                f"given out on {self.assigned_on}, before it was received ({self.received_on})"
                " / 交办日期早于受理日期",
            )
        if self.status.closed:
            if self.closed_on is None:
                raise FieldConflict(
                    "closed_on",
                    f"a request {self.status.label} needs the day it was closed / 请填写办结日期",
                )
            if self.closed_on.first_day < received:
                raise FieldConflict(
                    "closed_on",
                    f"closed on {self.closed_on}, before it was received ({self.received_on})"
                    " / 办结日期早于受理日期",
                )
        else:
            if self.closed_on is not None:
                raise FieldConflict(
                    "closed_on",
                    f"a request still {self.status.label} has no closing day ({self.closed_on})"
                    " / 尚未办结，不应有办结日期",
                )
            if self.satisfaction is not None:
                raise FieldConflict(
                    "satisfaction",
                    f"a request still {self.status.label} has no satisfaction yet"
                    " / 尚未办结，不应有满意度",
                )
        if (
            self.status is not RequestStatus.RECEIVED
            and self.assigned_unit_id is None
            and self.assigned_to is None
        ):
            raise FieldConflict(
                "assigned_unit_id",
                f"a request {self.status.label} names who it was given to (承办单位 or 承办人)"
                " / 已交办的诉求须填写承办单位或承办人",
            )
        return self

    @property
    def open(self) -> bool:
        """Whether the request is still being dealt with."""
        return not self.status.closed
