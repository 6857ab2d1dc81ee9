"""Service programmes: who is served, what is done and when, as data.

The national baseline ships in ``data/national.toml`` and arrives through the built-in national
plugin; a locality's plugin adds or replaces programmes (by id) through the
``laoganbu_service_programs`` hook, and :attr:`laoganbu.Locality.programs` holds the result.
"""

from laoganbu.programs.loader import load_programs, national_programs
from laoganbu.programs.model import Cadence, Eligibility, ServiceProgramDefinition

__all__ = [
    "Cadence",
    "Eligibility",
    "ServiceProgramDefinition",
    "load_programs",
    "national_programs",
]
