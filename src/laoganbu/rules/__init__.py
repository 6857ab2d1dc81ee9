"""The rules of veteran-cadre work as small pure functions over the models and parameters.

Every calculator takes ``params`` (a :class:`~laoganbu.params.Parameters`, such as a
:class:`~laoganbu.Locality`'s) or uses the national parameters, and returns an immutable result
whose ``explain()`` lists each step with the parameter values and citations it used.
"""

from laoganbu.rules.age import AgeBands, AgeProfile, age_bands, age_profile
from laoganbu.rules.explain import Explanation, Step
from laoganbu.rules.gaps import BranchGap, CoverageReport, coverage
from laoganbu.rules.lixiu import LixiuStatus, RevolutionaryPeriod, lixiu_status
from laoganbu.rules.party import (
    DutyWindow,
    MeetingDutyReport,
    OrganizationForm,
    TermStatus,
    branch_meeting_duties,
    meeting_duties,
    organization_form,
    term_status,
)
from laoganbu.rules.retirement import RetirementCategory, RetirementResult, statutory_retirement
from laoganbu.rules.statistics import WorkReportStatistics, count_text, work_report_statistics

__all__ = [
    "AgeBands",
    "AgeProfile",
    "BranchGap",
    "CoverageReport",
    "DutyWindow",
    "Explanation",
    "LixiuStatus",
    "MeetingDutyReport",
    "OrganizationForm",
    "RetirementCategory",
    "RetirementResult",
    "RevolutionaryPeriod",
    "Step",
    "TermStatus",
    "WorkReportStatistics",
    "age_bands",
    "age_profile",
    "branch_meeting_duties",
    "count_text",
    "coverage",
    "lixiu_status",
    "meeting_duties",
    "organization_form",
    "statutory_retirement",
    "term_status",
    "work_report_statistics",
]
