"""A locality: the national baseline with the layers of every plugin serving one area.

``Locality("140823")`` (闻喜县) stacks the plugins whose jurisdiction covers the county —
national, then 山西省, then 运城市, then 闻喜县 — and answers with their combined parameters,
service programmes, observances, roster checks and column aliases, the nearer layer overriding
the farther one. Calculators and the scheduling engine take a locality (or its parts).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from laoganbu.jurisdiction import NATIONAL, Jurisdiction, ancestors
from laoganbu.plugins import PluginSet, installed_plugins

if TYPE_CHECKING:
    # The parts' types are imported when a part is first asked for (pydantic among them).
    from laoganbu.assessment import Rubric
    from laoganbu.errors import PluginError
    from laoganbu.hookspecs import RosterValidator
    from laoganbu.models.roster import Roster
    from laoganbu.observances import Observance
    from laoganbu.params import Parameters
    from laoganbu.problems import Problem
    from laoganbu.programs import ServiceProgramDefinition
    from laoganbu.reports.formats import ReportFormat
    from laoganbu.reports.sections import ReportSection

__all__ = ["Locality"]

T = TypeVar("T")


class Locality:
    """The rules, programmes and checks in force in one area.

    Args:
        code: the area's GB/T 2260 code; ``"000000"`` (the default) for the national baseline
            alone.
        plugins: the plugin set to compose from; the installed plugins by default.
        disable: names of plugins to leave out (the installed plugins less these).

    Composition is cheap: each part is assembled on first use.
    """

    def __init__(
        self,
        code: str = NATIONAL,
        *,
        plugins: PluginSet | None = None,
        disable: Iterable[str] = (),
    ) -> None:
        self.code: str = ancestors(code)[-1]  # validates the code
        self.plugins: PluginSet = plugins if plugins is not None else installed_plugins(disable)
        if plugins is not None and disable:
            raise ValueError("give either plugins or disable, not both")
        #: Names of the plugins applied, farthest (national) first.
        self.layers: tuple[str, ...] = tuple(self.plugins.serving(self.code))

    def __repr__(self) -> str:
        return f"Locality({self.code!r}, layers={list(self.layers)!r})"

    @property
    def jurisdiction(self) -> Jurisdiction | None:
        """The nearest jurisdiction a plugin serves on the way down to this area."""
        if not self.layers:
            return None
        return self.plugins.jurisdictions[self.layers[-1]]

    @property
    def name(self) -> str:
        """The Chinese name of the nearest served area (``全国`` without plugins)."""
        jurisdiction = self.jurisdiction
        return jurisdiction.name if jurisdiction is not None else "全国"

    @property
    def errors(self) -> list[PluginError]:
        """Problems with the plugins this locality uses; their data was left out."""
        mine = set(self.layers)
        return [e for e in self.plugins.errors if e.plugin in mine or e.hook is None]

    def _each(self, results: Mapping[str, list[T]]) -> Iterator[tuple[str, list[T]]]:
        """Each applied plugin's items of a hook (``results``: what
        :meth:`PluginSet.call` gave, by plugin), farthest first."""
        for name in self.layers:
            if name in results:
                yield name, results[name]

    def _keyed(self, results: Mapping[str, list[T]], key: str) -> tuple[T, ...]:
        """The items of every layer, one per value of their attribute ``key``: the nearest."""
        merged: dict[object, T] = {}
        for _name, items in self._each(results):
            for item in items:
                merged[getattr(item, key)] = item  # nearer layers come later and replace
        return tuple(merged.values())

    # -- the parts ----------------------------------------------------------------------------

    @cached_property
    def parameters(self) -> Parameters:
        """The :class:`~laoganbu.params.Parameters` in force: every layer, nearest asked first."""
        from laoganbu.params import Parameters

        chain = ancestors(self.code)
        layers = [
            layer
            for _name, items in self._each(self.plugins.call("laoganbu_parameters"))
            for layer in items
            if layer.jurisdiction in chain
        ]
        layers.sort(key=lambda layer: len(ancestors(layer.jurisdiction)))  # stable: keeps order
        return Parameters(layers)

    @cached_property
    def programs(self) -> tuple[ServiceProgramDefinition, ...]:
        """Service programmes; a nearer programme replaces a farther one with the same id."""
        return self._keyed(self.plugins.call("laoganbu_service_programs"), "id")

    @cached_property
    def observances(self) -> tuple[Observance, ...]:
        """Calendar observances; a nearer one replaces a farther one with the same key."""
        return self._keyed(self.plugins.call("laoganbu_observances"), "key")

    @cached_property
    def validators(self) -> tuple[RosterValidator, ...]:
        """Extra roster checks of every layer."""
        results = self.plugins.call("laoganbu_roster_validators")
        return tuple(v for _name, items in self._each(results) for v in items)

    @cached_property
    def column_aliases(self) -> Mapping[str, Mapping[str, Sequence[str]]]:
        """More column headers accepted on import: ``{table: {column: [header, ...]}}``."""
        merged: dict[str, dict[str, list[str]]] = {}
        for _name, items in self._each(self.plugins.call("laoganbu_column_aliases")):
            for mapping in items:
                for table, columns in mapping.items():
                    for column, headers in columns.items():
                        merged.setdefault(table, {}).setdefault(column, []).extend(headers)
        return merged

    @cached_property
    def _report_sections(self) -> dict[str, tuple[str, ReportSection]]:
        chosen: dict[str, tuple[str, ReportSection]] = {}
        for name, items in self._each(self.plugins.call("laoganbu_report_sections")):
            for section in items:
                chosen[section.key] = (name, section)  # nearer layers come later and replace
        return chosen

    @property
    def report_sections(self) -> tuple[ReportSection, ...]:
        """The work report's sections in order; a nearer one replaces a farther one with the
        same key."""
        return tuple(
            sorted(
                (section for _name, section in self._report_sections.values()),
                key=lambda s: (s.order, s.key),
            )
        )

    def report_section_provider(self, key: str) -> str | None:
        """The plugin whose section ``key`` the report uses."""
        found = self._report_sections.get(key)
        return None if found is None else found[0]

    @cached_property
    def rubrics(self) -> Mapping[str, Rubric]:
        """Every assessment rubric installed, by short name."""
        return self.plugins.by_name("laoganbu_rubrics", "rubric")

    @cached_property
    def report_formats(self) -> Mapping[str, ReportFormat]:
        """Every report format installed, by short name."""
        return self.plugins.by_name("laoganbu_report_formats", "report format")

    def check(self, roster: Roster) -> list[Problem]:
        """:meth:`Roster.check` plus every validator of this locality."""
        return [*roster.check(), *self.run_validators(roster)]

    def run_validators(self, roster: Roster) -> list[Problem]:
        """The problems the locality's plugins find in ``roster``, farthest layer first.

        A validator that raises is reported as a problem naming its plugin, not raised.
        """
        from laoganbu.problems import Problem

        problems: list[Problem] = []
        for name, items in self._each(self.plugins.call("laoganbu_roster_validators")):
            for validator in items:
                try:
                    found = list(validator(roster))
                except Exception as exc:
                    found = [
                        Problem(
                            message=f"plugin {name!r}: roster check"
                            f" {getattr(validator, '__name__', validator)!r} failed"
                            f" ({type(exc).__name__}: {exc}) / 插件校验出错",
                        )
                    ]
                problems.extend(found)
        return problems
