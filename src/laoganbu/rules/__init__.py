"""The rules of veteran-cadre work as small pure functions over the models and parameters.

Every calculator takes ``params`` (a :class:`~laoganbu.params.Parameters`, such as a
:class:`~laoganbu.Locality`'s) or uses the national parameters, and returns an immutable result
whose ``explain()`` lists each step with the parameter values and citations it used.

Names are imported from their modules on first use, so that importing one module of this
package (``laoganbu.rules.x``) does not import them all."""

from __future__ import annotations

from typing import TYPE_CHECKING

from laoganbu._lazy import lazy_exports

if TYPE_CHECKING:
    from laoganbu.rules.age import AgeBands, AgeProfile, age_bands, age_profile
    from laoganbu.rules.care_plans import CareNeed, CarePlanGaps, care_plan_gaps
    from laoganbu.rules.double_high_roster import DoubleHigh, DoubleHighCount, double_high
    from laoganbu.rules.dues import PartyDues, party_dues
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

#: Each public name and the module it lives in.
_EXPORTS: dict[str, str] = {
    "AgeBands": "laoganbu.rules.age",
    "AgeProfile": "laoganbu.rules.age",
    "BranchGap": "laoganbu.rules.gaps",
    "CareNeed": "laoganbu.rules.care_plans",
    "CarePlanGaps": "laoganbu.rules.care_plans",
    "CoverageReport": "laoganbu.rules.gaps",
    "DoubleHigh": "laoganbu.rules.double_high_roster",
    "DoubleHighCount": "laoganbu.rules.double_high_roster",
    "DutyWindow": "laoganbu.rules.party",
    "Explanation": "laoganbu.rules.explain",
    "LixiuStatus": "laoganbu.rules.lixiu",
    "PartyDues": "laoganbu.rules.dues",
    "MeetingDutyReport": "laoganbu.rules.party",
    "OrganizationForm": "laoganbu.rules.party",
    "RetirementCategory": "laoganbu.rules.retirement",
    "RetirementResult": "laoganbu.rules.retirement",
    "RevolutionaryPeriod": "laoganbu.rules.lixiu",
    "Step": "laoganbu.rules.explain",
    "TermStatus": "laoganbu.rules.party",
    "WorkReportStatistics": "laoganbu.rules.statistics",
    "age_bands": "laoganbu.rules.age",
    "age_profile": "laoganbu.rules.age",
    "branch_meeting_duties": "laoganbu.rules.party",
    "care_plan_gaps": "laoganbu.rules.care_plans",
    "count_text": "laoganbu.rules.statistics",
    "coverage": "laoganbu.rules.gaps",
    "double_high": "laoganbu.rules.double_high_roster",
    "lixiu_status": "laoganbu.rules.lixiu",
    "party_dues": "laoganbu.rules.dues",
    "meeting_duties": "laoganbu.rules.party",
    "organization_form": "laoganbu.rules.party",
    "statutory_retirement": "laoganbu.rules.retirement",
    "term_status": "laoganbu.rules.party",
    "work_report_statistics": "laoganbu.rules.statistics",
}

__all__ = [
    "AgeBands",
    "AgeProfile",
    "BranchGap",
    "CareNeed",
    "CarePlanGaps",
    "CoverageReport",
    "DoubleHigh",
    "DoubleHighCount",
    "DutyWindow",
    "Explanation",
    "LixiuStatus",
    "MeetingDutyReport",
    "OrganizationForm",
    "PartyDues",
    "RetirementCategory",
    "RetirementResult",
    "RevolutionaryPeriod",
    "Step",
    "TermStatus",
    "WorkReportStatistics",
    "age_bands",
    "age_profile",
    "branch_meeting_duties",
    "care_plan_gaps",
    "count_text",
    "coverage",
    "double_high",
    "lixiu_status",
    "meeting_duties",
    "organization_form",
    "party_dues",
    "statutory_retirement",
    "term_status",
    "work_report_statistics",
]


__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS, globals())
