"""Assessments: rubrics scored from the data and from entered evidence.

Built-in rubrics ship in ``data/`` and arrive through the built-in ``reports`` plugin; a
locality's plugin offers its own through the ``laoganbu_rubrics`` hook. Find one by its short
name with :attr:`laoganbu.Locality.rubrics`.
"""

from laoganbu.assessment.metrics import METRICS, AssessmentData, Evidence, MissingData, metric
from laoganbu.assessment.rubric import Indicator, Rubric, load_rubric
from laoganbu.assessment.scoring import (
    AssessmentResult,
    IndicatorResult,
    assess,
    rank,
    shortlist,
    subject_roster,
)

__all__ = [
    "METRICS",
    "AssessmentData",
    "AssessmentResult",
    "Evidence",
    "Indicator",
    "IndicatorResult",
    "MissingData",
    "Rubric",
    "assess",
    "load_rubric",
    "metric",
    "rank",
    "shortlist",
    "subject_roster",
]
