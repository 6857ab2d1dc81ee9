"""The national baseline (全国): the parameters, programmes and observances that apply
everywhere unless a nearer layer overrides them, and the built-in rubric and report formats."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from laoganbu.hookspecs import hookimpl
from laoganbu.jurisdiction import NATIONAL, Jurisdiction

if TYPE_CHECKING:
    from laoganbu.assessment import Rubric
    from laoganbu.observances import Observance
    from laoganbu.params import ParameterLayer
    from laoganbu.programs import ServiceProgramDefinition
    from laoganbu.reports.formats import ReportFormat
    from laoganbu.reports.sections import ReportSection


@hookimpl
def laoganbu_jurisdiction() -> Jurisdiction:
    return Jurisdiction(NATIONAL, "全国", level="national", parent=None)


@hookimpl
def laoganbu_parameters() -> Iterable[ParameterLayer]:
    from laoganbu.params import national_layer

    return [national_layer()]


@hookimpl
def laoganbu_service_programs() -> Iterable[ServiceProgramDefinition]:
    from laoganbu.programs import national_programs

    return national_programs()


@hookimpl
def laoganbu_observances() -> Iterable[Observance]:
    from laoganbu.observances import builtin_observances

    return builtin_observances()


@hookimpl
def laoganbu_rubrics() -> Iterable[Rubric]:
    from importlib import resources

    from laoganbu.assessment import load_rubric

    return [load_rubric(resources.files("laoganbu.assessment") / "data" / "model_branch.toml")]


@hookimpl
def laoganbu_report_formats() -> Iterable[ReportFormat]:
    from laoganbu.reports.formats import BUILTIN_FORMATS

    return BUILTIN_FORMATS


@hookimpl
def laoganbu_report_sections() -> Iterable[ReportSection]:
    from laoganbu.reports.build import BUILTIN_SECTIONS

    return BUILTIN_SECTIONS
