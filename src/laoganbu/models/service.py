"""The ledger of services done (台账) and the life events that call for them.

What a programme makes due is :class:`laoganbu.programs.ServiceProgramDefinition`.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field

from laoganbu.dates import PartialDate
from laoganbu.models.base import IdentifiedRecord, RecordId, Text
from laoganbu.models.enums import LifeEventKind, ServiceKind
from laoganbu.privacy import HealthNote

__all__ = ["AFTER_DEATH_SERVICES", "POLITICAL_TREATMENT", "LifeEvent", "ServiceRecord"]

#: Services that answer a cadre's death: done for the family after it, never a sign that the
#: services of a living cadre went on (:meth:`laoganbu.Roster.check`).
AFTER_DEATH_SERVICES: frozenset[ServiceKind] = frozenset(
    {ServiceKind.CONDOLENCE, ServiceKind.FUNERAL_HELP, ServiceKind.BEREAVEMENT_PAYMENT}
)

#: 政治待遇 — the services that are a cadre's political treatment (阅文, 情况通报会, 参观考察,
#: 参加重要会议和活动), in the order reports list them: :func:`laoganbu.political_coverage`
#: counts these. Many cadres attend one briefing or visit: each attendance is its own record,
#: and the records of one event may share an :attr:`ServiceRecord.event_id`.
POLITICAL_TREATMENT: tuple[ServiceKind, ...] = (
    ServiceKind.DOCUMENT_READING,
    ServiceKind.BRIEFING,
    ServiceKind.STUDY_VISIT,
    ServiceKind.IMPORTANT_EVENT,
)


class ServiceProgram(IdentifiedRecord):
    """Deprecated, and gone in the next release: a named service with no schedule, which
    nothing used. What a programme is — who, what, when — is
    :class:`laoganbu.programs.ServiceProgramDefinition`. Reached as ``laoganbu.ServiceProgram``
    with a :class:`DeprecationWarning`."""

    label = "服务项目"

    id: RecordId = Field(title="编号")
    name: Text = Field(title="项目名称")
    kind: ServiceKind = Field(title="服务类型")
    source: Text | None = Field(None, title="依据")


class ServiceRecord(IdentifiedRecord):
    """服务记录 — one service actually done for a cadre: an entry of the ledger (台账)."""

    label = "服务记录"

    id: RecordId = Field(title="编号")
    cadre_id: RecordId = Field(title="干部编号")
    kind: ServiceKind = Field(title="服务类型")
    date: PartialDate = Field(title="服务日期")
    program_id: RecordId | None = Field(None, title="服务项目")
    provider: Text | None = Field(None, title="服务人员")
    amount: Decimal | None = Field(None, title="金额（元）", ge=0, max_digits=12, decimal_places=2)
    notes: Text | None = Field(None, title="备注")
    #: The event attended, when many cadres attend one (a briefing, a visit): the records of
    #: one event share it, so events are counted once however many attended.
    event_id: RecordId | None = Field(None, title="活动编号")


class LifeEvent(IdentifiedRecord):
    """生活事件 — something in a cadre's life that calls for a visit (住院, 家有大事, 困难 …)."""

    label = "生活事件"

    id: RecordId = Field(title="编号")
    cadre_id: RecordId = Field(title="干部编号")
    kind: LifeEventKind = Field(title="事件类型")
    date: PartialDate = Field(title="发生日期")
    notes: HealthNote | None = Field(None, title="情况说明")
