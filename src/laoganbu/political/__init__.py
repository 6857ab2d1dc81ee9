"""Political treatment (政治待遇): 阅文, 情况通报会, 参观考察 and attendance at important meetings
and celebrations — who took part, who is eligible, and who took part in nothing.

The kinds are :data:`POLITICAL_TREATMENT` (service kinds of the ledger); who is eligible for
each is the locality's programmes' setting (:func:`political_coverage`).
"""

from laoganbu.models.service import POLITICAL_TREATMENT
from laoganbu.political.attendance import attendance_frame, events_held
from laoganbu.political.treatment import (
    CoverageGroup,
    KindCoverage,
    PoliticalCoverage,
    political_coverage,
)

__all__ = [
    "POLITICAL_TREATMENT",
    "CoverageGroup",
    "KindCoverage",
    "PoliticalCoverage",
    "attendance_frame",
    "events_held",
    "political_coverage",
]
