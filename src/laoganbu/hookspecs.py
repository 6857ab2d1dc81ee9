"""The hooks a laoganbu plugin may implement.

A plugin is a module (or any object) with functions named after these hooks, decorated with
:data:`laoganbu.hookimpl`, and made known through the ``laoganbu`` entry-point group::

    # pyproject.toml of the plugin package
    [project.entry-points.laoganbu]
    wenxi = "laoganbu_wenxi"

The national baseline that ships with laoganbu is such a plugin too
(:mod:`laoganbu.default_plugins.national`), registered through the same entry-point group.

Every hook returns data; none is ``firstresult``. laoganbu calls each plugin's implementation on
its own, so that a plugin that raises or returns nonsense is named in a
:class:`~laoganbu.errors.PluginError` and left out, while the other plugins still count. *Which*
plugin's data wins is not decided by pluggy's call order but by jurisdiction: a
:class:`~laoganbu.Locality` puts the layers of the plugins that serve it in order from the
nation down to the county, and the nearer layer overrides the farther one (see each hook).

Hooks marked *for a jurisdiction* contribute only to localities inside the plugin's
jurisdiction (:func:`laoganbu_jurisdiction`); the others (rubrics, report formats) are
available everywhere by name.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Protocol, TypeAlias

import pluggy

if TYPE_CHECKING:
    from laoganbu.assessment import Rubric
    from laoganbu.jurisdiction import Jurisdiction
    from laoganbu.models.roster import Roster
    from laoganbu.observances import Observance
    from laoganbu.params import ParameterLayer
    from laoganbu.problems import Problem
    from laoganbu.programs import ServiceProgramDefinition
    from laoganbu.reports.formats import ReportFormat
    from laoganbu.reports.sections import ReportSection

__all__ = [
    "ColumnAliases",
    "RosterValidator",
    "hookimpl",
    "hookspec",
    "laoganbu_column_aliases",
    "laoganbu_jurisdiction",
    "laoganbu_observances",
    "laoganbu_parameters",
    "laoganbu_report_formats",
    "laoganbu_report_sections",
    "laoganbu_roster_validators",
    "laoganbu_rubrics",
    "laoganbu_service_programs",
]

hookspec = pluggy.HookspecMarker("laoganbu")
#: Marks a function of a plugin as the implementation of the hook with the same name.
hookimpl = pluggy.HookimplMarker("laoganbu")


class RosterValidator(Protocol):
    """An extra check of a roster (:func:`laoganbu_roster_validators`): called with the roster,
    it returns the :class:`~laoganbu.Problem` s it finds. Any function
    ``(roster) -> Iterable[Problem]`` is one."""

    def __call__(self, roster: Roster, /) -> Iterable[Problem]: ...


#: More column headers accepted on import (:func:`laoganbu_column_aliases`):
#: ``{table: {column: [header, ...]}}``.
ColumnAliases: TypeAlias = Mapping[str, Mapping[str, Sequence[str]]]

# -- who the plugin is -----------------------------------------------------------------------


@hookspec
def laoganbu_jurisdiction() -> Jurisdiction:
    """The area the plugin serves. Every plugin implements it.

    Return a :class:`~laoganbu.Jurisdiction`: its GB/T 2260 code, level and name, and
    optionally the code of its parent when that differs from the one the code implies (the
    parent of ``140823`` is ``140800``, of ``140800`` is ``140000``, of a province ``000000``).

    Example::

        @hookimpl
        def laoganbu_jurisdiction():
            return Jurisdiction("140823", "闻喜县", level="county")
    """


# -- data for a jurisdiction -----------------------------------------------------------------


@hookspec
def laoganbu_parameters() -> Iterable[ParameterLayer]:
    """Parameter layers (:class:`~laoganbu.params.ParameterLayer`) for the plugin's area.

    *For a jurisdiction.* A layer holds values with effective dates and citations, usually
    loaded from a TOML file shipped in the plugin with :func:`laoganbu.params.load_layer`. A
    locality asks the nearest layer first: a county's value for a name overrides the city's,
    the province's and the national one for the dates it covers, and only for those.

    Example::

        @hookimpl
        def laoganbu_parameters():
            return [load_layer(files("laoganbu_wenxi") / "parameters.toml")]
    """


@hookspec
def laoganbu_service_programs() -> Iterable[ServiceProgramDefinition]:
    """Service programmes (:class:`~laoganbu.programs.ServiceProgramDefinition`) the area runs.

    *For a jurisdiction.* Programmes are keyed by id: a nearer plugin's programme with the same
    id as a farther one replaces it (a county may tighten the national festival visit);
    programmes with new ids are added.
    """


@hookspec
def laoganbu_observances() -> Iterable[Observance]:
    """Calendar observances (:class:`~laoganbu.observances.Observance`) the area keeps.

    *For a jurisdiction.* Keyed by ``key``, nearer replaces farther, as for programmes.
    """


@hookspec
def laoganbu_roster_validators() -> Iterable[RosterValidator]:
    """Extra checks of a roster: callables ``(roster) -> Iterable[Problem]``
    (:class:`RosterValidator`).

    *For a jurisdiction.* Every validator of every layer runs; their problems are added to those
    of :meth:`laoganbu.Roster.check`. A validator must not raise for bad data: it reports it.
    """


@hookspec
def laoganbu_column_aliases() -> ColumnAliases:
    """More column headers the area's offices write: ``{table: {column: [header, ...]}}``.

    *For a jurisdiction.* Aliases add to the built-in headers and never change the meaning of
    a header that already means a column.

    Example::

        @hookimpl
        def laoganbu_column_aliases():
            return {"cadres": {"grid_id": ["包联网格"]}}
    """


@hookspec
def laoganbu_report_sections() -> Iterable[ReportSection]:
    """Sections of the work report (:class:`~laoganbu.reports.sections.ReportSection`): a key,
    an order and a function from the report's context to a section.

    *For a jurisdiction.* Keyed by ``key``: a nearer layer's section replaces a farther one
    with the same key (laoganbu's own are ``people``, ``party``, ``services``, ``roles``,
    ``money``, ``political``, ``requests`` and ``care_plans``),
    a new key adds a section; the report numbers them by ``order``. A section that raises is
    left out with a note in its place and listed in the report's ``errors``.

    Example::

        @hookimpl
        def laoganbu_report_sections():
            return [ReportSection("xuzhou.wucai", "五彩联动", build_wucai, order=45)]
    """


# -- available everywhere --------------------------------------------------------------------


@hookspec
def laoganbu_rubrics() -> Iterable[Rubric]:
    """Assessment rubrics (:class:`~laoganbu.assessment.Rubric`), each with a short ``name``
    such as ``"xuzhou"``.

    Available to every locality by name; two plugins offering the same name is an error that
    names both.
    """


@hookspec
def laoganbu_report_formats() -> Iterable[ReportFormat]:
    """Report formats (:class:`~laoganbu.reports.formats.ReportFormat`), each with a short
    ``name`` such as ``"docx"``.

    Available to every locality by name; two plugins offering the same name is an error that
    names both.
    """
