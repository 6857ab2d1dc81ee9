"""Typed models (pydantic v2) of the people, organisations, grids and records of the work.

Names are imported from their modules on first use, so that importing one module of this
package (``laoganbu.models.x``) does not import them all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from laoganbu._lazy import lazy_exports

if TYPE_CHECKING:
    from laoganbu.models.base import (
        DivisionCode,
        FieldConflict,
        HasId,
        IdentifiedRecord,
        Record,
        RecordId,
    )
    from laoganbu.models.budget import Budget
    from laoganbu.models.cadre import LIXIU_LATEST_WORK_START, Cadre, Contact, Health
    from laoganbu.models.care_plan import CarePlan, CarePlanMeasure
    from laoganbu.models.claim import MedicalClaim
    from laoganbu.models.clearance import ClearancePlan
    from laoganbu.models.enums import (
        AffinityBasis,
        BranchKind,
        Cadence,
        CadreKind,
        CareLevel,
        CarePlanStatus,
        CommitteeRole,
        Ethnicity,
        FundingSource,
        HealthStatus,
        LifeEventKind,
        MeetingKind,
        OrganizationLevel,
        PaymentKind,
        Rank,
        RequestCategory,
        RequestChannel,
        Requester,
        RequestStatus,
        Satisfaction,
        ServiceKind,
        SetupMode,
        Sex,
        SupportKind,
        TransferDirection,
        TransferKind,
        UnitKind,
        VolunteerTeamKind,
    )
    from laoganbu.models.grid import BOTTOM_GRID_LEVEL, Grid, GridWorker
    from laoganbu.models.organization import (
        LEVEL_ORDER,
        CommitteeMember,
        Meeting,
        PartyOrganization,
    )
    from laoganbu.models.payment import PayBase, Payment
    from laoganbu.models.request import ServiceRequest
    from laoganbu.models.roster import TABLES, Roster
    from laoganbu.models.service import LifeEvent, ServiceRecord
    from laoganbu.models.support import SupportRecord
    from laoganbu.models.transfer import Transfer
    from laoganbu.models.unit import CollaborationGroup, GroupTask, Unit
    from laoganbu.models.volunteer import VolunteerActivity, VolunteerTeam

#: Each public name and the module it lives in.
_EXPORTS: dict[str, str] = {
    "BOTTOM_GRID_LEVEL": "laoganbu.models.grid",
    "LEVEL_ORDER": "laoganbu.models.organization",
    "LIXIU_LATEST_WORK_START": "laoganbu.models.cadre",
    "TABLES": "laoganbu.models.roster",
    "AffinityBasis": "laoganbu.models.enums",
    "BranchKind": "laoganbu.models.enums",
    "Cadence": "laoganbu.models.enums",
    "Cadre": "laoganbu.models.cadre",
    "CadreKind": "laoganbu.models.enums",
    "CareLevel": "laoganbu.models.enums",
    "CarePlan": "laoganbu.models.care_plan",
    "CarePlanMeasure": "laoganbu.models.care_plan",
    "CarePlanStatus": "laoganbu.models.enums",
    "CollaborationGroup": "laoganbu.models.unit",
    "CommitteeMember": "laoganbu.models.organization",
    "CommitteeRole": "laoganbu.models.enums",
    "Contact": "laoganbu.models.cadre",
    "DivisionCode": "laoganbu.models.base",
    "Ethnicity": "laoganbu.models.enums",
    "FieldConflict": "laoganbu.models.base",
    "Grid": "laoganbu.models.grid",
    "GridWorker": "laoganbu.models.grid",
    "GroupTask": "laoganbu.models.unit",
    "HasId": "laoganbu.models.base",
    "Health": "laoganbu.models.cadre",
    "HealthStatus": "laoganbu.models.enums",
    "IdentifiedRecord": "laoganbu.models.base",
    "LifeEvent": "laoganbu.models.service",
    "LifeEventKind": "laoganbu.models.enums",
    "Meeting": "laoganbu.models.organization",
    "MeetingKind": "laoganbu.models.enums",
    "OrganizationLevel": "laoganbu.models.enums",
    "PartyOrganization": "laoganbu.models.organization",
    "Rank": "laoganbu.models.enums",
    "RequestCategory": "laoganbu.models.enums",
    "RequestChannel": "laoganbu.models.enums",
    "RequestStatus": "laoganbu.models.enums",
    "Requester": "laoganbu.models.enums",
    "Satisfaction": "laoganbu.models.enums",
    "Record": "laoganbu.models.base",
    "RecordId": "laoganbu.models.base",
    "Roster": "laoganbu.models.roster",
    "ServiceKind": "laoganbu.models.enums",
    "ServiceRecord": "laoganbu.models.service",
    "SetupMode": "laoganbu.models.enums",
    "Sex": "laoganbu.models.enums",
    "SupportKind": "laoganbu.models.enums",
    "FundingSource": "laoganbu.models.enums",
    "PaymentKind": "laoganbu.models.enums",
    "SupportRecord": "laoganbu.models.support",
    "Payment": "laoganbu.models.payment",
    "ClearancePlan": "laoganbu.models.clearance",
    "MedicalClaim": "laoganbu.models.claim",
    "Budget": "laoganbu.models.budget",
    "PayBase": "laoganbu.models.payment",
    "ServiceRequest": "laoganbu.models.request",
    "Transfer": "laoganbu.models.transfer",
    "TransferDirection": "laoganbu.models.enums",
    "TransferKind": "laoganbu.models.enums",
    "Unit": "laoganbu.models.unit",
    "UnitKind": "laoganbu.models.enums",
    "VolunteerActivity": "laoganbu.models.volunteer",
    "VolunteerTeam": "laoganbu.models.volunteer",
    "VolunteerTeamKind": "laoganbu.models.enums",
}

__all__ = [
    "BOTTOM_GRID_LEVEL",
    "LEVEL_ORDER",
    "LIXIU_LATEST_WORK_START",
    "TABLES",
    "AffinityBasis",
    "BranchKind",
    "Budget",
    "Cadence",
    "Cadre",
    "CadreKind",
    "CareLevel",
    "CarePlan",
    "CarePlanMeasure",
    "CarePlanStatus",
    "ClearancePlan",
    "CollaborationGroup",
    "CommitteeMember",
    "CommitteeRole",
    "Contact",
    "DivisionCode",
    "Ethnicity",
    "FieldConflict",
    "FundingSource",
    "Grid",
    "GridWorker",
    "GroupTask",
    "HasId",
    "Health",
    "HealthStatus",
    "IdentifiedRecord",
    "LifeEvent",
    "LifeEventKind",
    "MedicalClaim",
    "Meeting",
    "MeetingKind",
    "OrganizationLevel",
    "PartyOrganization",
    "PayBase",
    "Payment",
    "PaymentKind",
    "Rank",
    "Record",
    "RecordId",
    "RequestCategory",
    "RequestChannel",
    "RequestStatus",
    "Requester",
    "Roster",
    "Satisfaction",
    "ServiceKind",
    "ServiceRecord",
    "ServiceRequest",
    "SetupMode",
    "Sex",
    "SupportKind",
    "SupportRecord",
    "Transfer",
    "TransferDirection",
    "TransferKind",
    "Unit",
    "UnitKind",
    "VolunteerActivity",
    "VolunteerTeam",
    "VolunteerTeamKind",
]


#: Names of 0.x that still work for one release, with a DeprecationWarning.
_DEPRECATED = {
    "ServiceProgram": (
        "laoganbu.models.service:ServiceProgram",
        "laoganbu.ServiceProgramDefinition (what a programme is)",
    ),
}

__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals(), deprecated=_DEPRECATED)
