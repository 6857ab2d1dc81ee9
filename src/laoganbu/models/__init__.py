"""Typed models (pydantic v2) of the people, organisations, grids and records of the work."""

from laoganbu.models.base import DivisionCode, FieldConflict, Record, RecordId
from laoganbu.models.cadre import LIXIU_LATEST_WORK_START, Cadre, Contact, Health
from laoganbu.models.enums import (
    AffinityBasis,
    BranchKind,
    CadreKind,
    CareLevel,
    CommitteeRole,
    Ethnicity,
    HealthStatus,
    LifeEventKind,
    MeetingKind,
    OrganizationLevel,
    Rank,
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
from laoganbu.models.organization import LEVEL_ORDER, CommitteeMember, Meeting, PartyOrganization
from laoganbu.models.roster import TABLES, Roster
from laoganbu.models.service import LifeEvent, ServiceProgram, ServiceRecord
from laoganbu.models.support import SupportRecord
from laoganbu.models.transfer import Transfer
from laoganbu.models.unit import CollaborationGroup, GroupTask, Unit
from laoganbu.models.volunteer import VolunteerActivity, VolunteerTeam

__all__ = [
    "BOTTOM_GRID_LEVEL",
    "LEVEL_ORDER",
    "LIXIU_LATEST_WORK_START",
    "TABLES",
    "AffinityBasis",
    "BranchKind",
    "Cadre",
    "CadreKind",
    "CareLevel",
    "CollaborationGroup",
    "CommitteeMember",
    "CommitteeRole",
    "Contact",
    "DivisionCode",
    "Ethnicity",
    "FieldConflict",
    "Grid",
    "GridWorker",
    "GroupTask",
    "Health",
    "HealthStatus",
    "LifeEvent",
    "LifeEventKind",
    "Meeting",
    "MeetingKind",
    "OrganizationLevel",
    "PartyOrganization",
    "Rank",
    "Record",
    "RecordId",
    "Roster",
    "ServiceKind",
    "ServiceProgram",
    "ServiceRecord",
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
