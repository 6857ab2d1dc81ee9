"""laoganbu — 老干部工作: typed models, policy rules, schedules and reports for China's
veteran-cadre work.

The public API is re-exported here. ``import laoganbu`` stays cheap: each name is imported from
its module on first use (see ``_EXPORTS``); type checkers see ordinary imports.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

from laoganbu.__about__ import __version__

if TYPE_CHECKING:
    from laoganbu.assessment import Rubric, assess, load_rubric
    from laoganbu.dates import TIMEZONE, PartialDate, age_on, parse_date, today
    from laoganbu.errors import (
        InvalidDateError,
        InvalidIdNumberError,
        InvalidPeriodError,
        InvalidValueError,
        LaoganbuError,
        MissingDataError,
        OutputExistsError,
        OutputIsInputError,
        ParameterError,
        ParameterFileError,
        ParameterNotInForceError,
        PluginError,
        ProgramFileError,
        RecordNotFoundError,
        ReportError,
        RosterError,
        RubricError,
        UnknownEnumValueError,
        UnknownParameterError,
        UnusableInputError,
    )
    from laoganbu.hookspecs import hookimpl
    from laoganbu.idnumber import IdNumber, id_check_character, normalize_id_number
    from laoganbu.io.frame_reader import read_frame
    from laoganbu.io.frame_result import FrameResult
    from laoganbu.io.reader import read_roster, read_table
    from laoganbu.io.result import ImportResult
    from laoganbu.io.writer import write_roster
    from laoganbu.jurisdiction import Jurisdiction
    from laoganbu.labels import LabeledEnum
    from laoganbu.locality import Locality
    from laoganbu.models import (
        AffinityBasis,
        BranchKind,
        Cadre,
        CadreKind,
        CareLevel,
        CollaborationGroup,
        CommitteeMember,
        CommitteeRole,
        Contact,
        Ethnicity,
        Grid,
        GridWorker,
        GroupTask,
        Health,
        HealthStatus,
        LifeEvent,
        LifeEventKind,
        Meeting,
        MeetingKind,
        OrganizationLevel,
        PartyOrganization,
        Rank,
        Roster,
        ServiceKind,
        ServiceProgram,
        ServiceRecord,
        SetupMode,
        Sex,
        SupportKind,
        SupportRecord,
        Transfer,
        TransferDirection,
        TransferKind,
        Unit,
        UnitKind,
        VolunteerActivity,
        VolunteerTeam,
        VolunteerTeamKind,
    )
    from laoganbu.observances import festivals
    from laoganbu.params import ParameterLayer, Parameters, default_parameters, load_layer
    from laoganbu.periods import Period, parse_period
    from laoganbu.plugins import PluginSet
    from laoganbu.privacy import Address, HealthNote, Masked, PhoneNumber
    from laoganbu.problems import Problem, RecordRef
    from laoganbu.programs import ServiceProgramDefinition
    from laoganbu.reports import build_report
    from laoganbu.rules import (
        Explanation,
        RetirementCategory,
        age_profile,
        branch_meeting_duties,
        coverage,
        lixiu_status,
        meeting_duties,
        organization_form,
        statutory_retirement,
        term_status,
        work_report_statistics,
    )
    from laoganbu.schedule import compliance, plan
    from laoganbu.summary import RosterSummary, summarize

#: Public name → the module that defines it.
_EXPORTS: dict[str, str] = {
    "Address": "laoganbu.privacy",
    "AffinityBasis": "laoganbu.models",
    "BranchKind": "laoganbu.models",
    "Cadre": "laoganbu.models",
    "CadreKind": "laoganbu.models",
    "CareLevel": "laoganbu.models",
    "CollaborationGroup": "laoganbu.models",
    "CommitteeMember": "laoganbu.models",
    "CommitteeRole": "laoganbu.models",
    "Contact": "laoganbu.models",
    "Ethnicity": "laoganbu.models",
    "Explanation": "laoganbu.rules",
    "Grid": "laoganbu.models",
    "GridWorker": "laoganbu.models",
    "GroupTask": "laoganbu.models",
    "Health": "laoganbu.models",
    "HealthNote": "laoganbu.privacy",
    "HealthStatus": "laoganbu.models",
    "IdNumber": "laoganbu.idnumber",
    "ImportResult": "laoganbu.io.result",
    "InvalidDateError": "laoganbu.errors",
    "InvalidIdNumberError": "laoganbu.errors",
    "InvalidPeriodError": "laoganbu.errors",
    "InvalidValueError": "laoganbu.errors",
    "Jurisdiction": "laoganbu.jurisdiction",
    "LabeledEnum": "laoganbu.labels",
    "LaoganbuError": "laoganbu.errors",
    "MissingDataError": "laoganbu.errors",
    "LifeEvent": "laoganbu.models",
    "LifeEventKind": "laoganbu.models",
    "Locality": "laoganbu.locality",
    "Masked": "laoganbu.privacy",
    "Meeting": "laoganbu.models",
    "MeetingKind": "laoganbu.models",
    "OrganizationLevel": "laoganbu.models",
    "OutputExistsError": "laoganbu.errors",
    "OutputIsInputError": "laoganbu.errors",
    "ParameterError": "laoganbu.errors",
    "ParameterFileError": "laoganbu.errors",
    "ParameterLayer": "laoganbu.params",
    "ParameterNotInForceError": "laoganbu.errors",
    "Parameters": "laoganbu.params",
    "PartialDate": "laoganbu.dates",
    "PartyOrganization": "laoganbu.models",
    "Period": "laoganbu.periods",
    "PhoneNumber": "laoganbu.privacy",
    "PluginError": "laoganbu.errors",
    "PluginSet": "laoganbu.plugins",
    "Problem": "laoganbu.problems",
    "ProgramFileError": "laoganbu.errors",
    "Rank": "laoganbu.models",
    "RecordNotFoundError": "laoganbu.errors",
    "RecordRef": "laoganbu.problems",
    "ReportError": "laoganbu.errors",
    "RetirementCategory": "laoganbu.rules",
    "Roster": "laoganbu.models",
    "RosterError": "laoganbu.errors",
    "RosterSummary": "laoganbu.summary",
    "Rubric": "laoganbu.assessment",
    "RubricError": "laoganbu.errors",
    "ServiceKind": "laoganbu.models",
    "ServiceProgram": "laoganbu.models",
    "ServiceProgramDefinition": "laoganbu.programs",
    "ServiceRecord": "laoganbu.models",
    "SetupMode": "laoganbu.models",
    "Sex": "laoganbu.models",
    "SupportKind": "laoganbu.models",
    "SupportRecord": "laoganbu.models",
    "Transfer": "laoganbu.models",
    "TransferDirection": "laoganbu.models",
    "TransferKind": "laoganbu.models",
    "TIMEZONE": "laoganbu.dates",
    "Unit": "laoganbu.models",
    "UnitKind": "laoganbu.models",
    "UnknownEnumValueError": "laoganbu.errors",
    "UnknownParameterError": "laoganbu.errors",
    "UnusableInputError": "laoganbu.errors",
    "VolunteerActivity": "laoganbu.models",
    "VolunteerTeam": "laoganbu.models",
    "VolunteerTeamKind": "laoganbu.models",
    "age_on": "laoganbu.dates",
    "age_profile": "laoganbu.rules",
    "assess": "laoganbu.assessment",
    "branch_meeting_duties": "laoganbu.rules",
    "build_report": "laoganbu.reports",
    "compliance": "laoganbu.schedule",
    "coverage": "laoganbu.rules",
    "default_parameters": "laoganbu.params",
    "festivals": "laoganbu.observances",
    "hookimpl": "laoganbu.hookspecs",
    "id_check_character": "laoganbu.idnumber",
    "lixiu_status": "laoganbu.rules",
    "load_layer": "laoganbu.params",
    "load_rubric": "laoganbu.assessment",
    "meeting_duties": "laoganbu.rules",
    "normalize_id_number": "laoganbu.idnumber",
    "organization_form": "laoganbu.rules",
    "parse_date": "laoganbu.dates",
    "parse_period": "laoganbu.periods",
    "plan": "laoganbu.schedule",
    "read_frame": "laoganbu.io.frame_reader",
    "FrameResult": "laoganbu.io.frame_result",
    "read_roster": "laoganbu.io.reader",
    "read_table": "laoganbu.io.reader",
    "statutory_retirement": "laoganbu.rules",
    "summarize": "laoganbu.summary",
    "term_status": "laoganbu.rules",
    "today": "laoganbu.dates",
    "work_report_statistics": "laoganbu.rules",
    "write_roster": "laoganbu.io.writer",
}

__all__ = [
    "TIMEZONE",
    "Address",
    "AffinityBasis",
    "BranchKind",
    "Cadre",
    "CadreKind",
    "CareLevel",
    "CollaborationGroup",
    "CommitteeMember",
    "CommitteeRole",
    "Contact",
    "Ethnicity",
    "Explanation",
    "FrameResult",
    "Grid",
    "GridWorker",
    "GroupTask",
    "Health",
    "HealthNote",
    "HealthStatus",
    "IdNumber",
    "ImportResult",
    "InvalidDateError",
    "InvalidIdNumberError",
    "InvalidPeriodError",
    "InvalidValueError",
    "Jurisdiction",
    "LabeledEnum",
    "LaoganbuError",
    "LifeEvent",
    "LifeEventKind",
    "Locality",
    "Masked",
    "Meeting",
    "MeetingKind",
    "MissingDataError",
    "OrganizationLevel",
    "OutputExistsError",
    "OutputIsInputError",
    "ParameterError",
    "ParameterFileError",
    "ParameterLayer",
    "ParameterNotInForceError",
    "Parameters",
    "PartialDate",
    "PartyOrganization",
    "Period",
    "PhoneNumber",
    "PluginError",
    "PluginSet",
    "Problem",
    "ProgramFileError",
    "Rank",
    "RecordNotFoundError",
    "RecordRef",
    "ReportError",
    "RetirementCategory",
    "Roster",
    "RosterError",
    "RosterSummary",
    "Rubric",
    "RubricError",
    "ServiceKind",
    "ServiceProgram",
    "ServiceProgramDefinition",
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
    "UnknownEnumValueError",
    "UnknownParameterError",
    "UnusableInputError",
    "VolunteerActivity",
    "VolunteerTeam",
    "VolunteerTeamKind",
    "__version__",
    "age_on",
    "age_profile",
    "assess",
    "branch_meeting_duties",
    "build_report",
    "compliance",
    "coverage",
    "default_parameters",
    "festivals",
    "hookimpl",
    "id_check_character",
    "lixiu_status",
    "load_layer",
    "load_rubric",
    "meeting_duties",
    "normalize_id_number",
    "organization_form",
    "parse_date",
    "parse_period",
    "plan",
    "read_frame",
    "read_roster",
    "read_table",
    "statutory_retirement",
    "summarize",
    "term_status",
    "today",
    "work_report_statistics",
    "write_roster",
]


# A library does not print its log: the application that uses it decides where records go.
logging.getLogger(__name__).addHandler(logging.NullHandler())


#: Subpackages reachable as attributes without importing them first, as a notebook expects:
#: ``import laoganbu`` then ``laoganbu.batch.retirement(cadres)``.
_SUBPACKAGES = frozenset({"batch", "registry"})


def __getattr__(name: str) -> Any:
    if name in _SUBPACKAGES:
        return importlib.import_module(f"{__name__}.{name}")
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'laoganbu' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
