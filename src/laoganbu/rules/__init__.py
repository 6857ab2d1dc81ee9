"""The rules of veteran-cadre work as small pure functions over the models and parameters.

Every calculator takes ``params`` (a :class:`~laoganbu.params.Parameters`, such as a
:class:`~laoganbu.Locality`'s) or uses the national parameters, and returns an immutable result
whose ``explain()`` lists each step with the parameter values and citations it used.
"""

from laoganbu.rules.explain import Explanation, Step
from laoganbu.rules.lixiu import LixiuStatus, RevolutionaryPeriod, lixiu_status
from laoganbu.rules.retirement import RetirementCategory, RetirementResult, statutory_retirement

__all__ = [
    "Explanation",
    "LixiuStatus",
    "RetirementCategory",
    "RetirementResult",
    "RevolutionaryPeriod",
    "Step",
    "lixiu_status",
    "statutory_retirement",
]
