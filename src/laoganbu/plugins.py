"""Finding, loading and calling plugins.

Plugins are found through the ``laoganbu`` entry-point group — the built-in national baseline
among them — and registered with a pluggy :class:`~pluggy.PluginManager` under their entry-point
name. :class:`PluginSet` calls each plugin's hook implementations one plugin at a time: a plugin
that fails to import, raises, or returns data of the wrong shape becomes a
:class:`~laoganbu.errors.PluginError` naming it, its contribution is left out, and every other
plugin still counts.

Disable plugins by name with ``PluginSet(disable=[...])``, the ``--disable-plugin`` option of
the command line, or the ``LAOGANBU_DISABLE_PLUGINS`` environment variable (comma-separated).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from importlib import metadata
from typing import TYPE_CHECKING, Any, Final, Literal, overload

import attrs
import pluggy

from laoganbu import hookspecs
from laoganbu._deprecation import warn_deprecated
from laoganbu.errors import PluginError
from laoganbu.jurisdiction import Jurisdiction

if TYPE_CHECKING:
    import logging

    from laoganbu.assessment import Rubric
    from laoganbu.hookspecs import ColumnAliases, RosterValidator
    from laoganbu.observances import Observance
    from laoganbu.params import ParameterLayer
    from laoganbu.programs import ServiceProgramDefinition
    from laoganbu.reports.formats import ReportFormat
    from laoganbu.reports.sections import ReportSection

__all__ = [
    "DISABLE_ENV",
    "ENTRY_POINT_GROUP",
    "PluginInfo",
    "PluginSet",
    "installed_plugins",
]


ENTRY_POINT_GROUP: Final = "laoganbu"
DISABLE_ENV: Final = "LAOGANBU_DISABLE_PLUGINS"

#: Plugins that ship inside laoganbu: entry-point name → module. They are registered through
#: the entry-point group like any other; this table only serves an uninstalled source tree.
BUILTIN_PLUGINS: Final[Mapping[str, str]] = {"national": "laoganbu.default_plugins.national"}

#: What each hook's items must be: "module:Class" resolved on first use; None = any object.
_ITEM_TYPES: Final[Mapping[str, str | None]] = {
    "laoganbu_parameters": "laoganbu.params:ParameterLayer",
    "laoganbu_service_programs": "laoganbu.programs:ServiceProgramDefinition",
    "laoganbu_observances": "laoganbu.observances:Observance",
    "laoganbu_roster_validators": None,
    "laoganbu_rubrics": "laoganbu.assessment:Rubric",
    "laoganbu_report_formats": "laoganbu.reports.formats:ReportFormat",
    "laoganbu_report_sections": "laoganbu.reports.sections:ReportSection",
}


@attrs.frozen
class PluginInfo:
    """What ``laoganbu plugins`` shows of one plugin."""

    name: str
    version: str | None
    module: str
    jurisdiction: Jurisdiction | None
    hooks: tuple[str, ...]
    builtin: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "version": self.version,
            "jurisdiction": None if self.jurisdiction is None else self.jurisdiction.to_dict(),
            "hooks": list(self.hooks),
        }


def _disabled_from_env() -> frozenset[str]:
    raw = os.environ.get(DISABLE_ENV, "")
    return frozenset(name.strip() for name in raw.split(",") if name.strip())


def _resolve(spec: str | None) -> type | None:
    if spec is None:
        return None
    module, _, name = spec.partition(":")
    try:
        value = getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):  # the type's module is not part of this version
        return None
    return value if isinstance(value, type) else None


class PluginSet:
    """The plugins of one run: discovered, loaded and asked once, then read.

    Args:
        disable: names of plugins not to load (besides those in ``LAOGANBU_DISABLE_PLUGINS``).
        entry_points: find plugins through the ``laoganbu`` entry-point group; ``False`` loads
            only the built-in ones and ``plugins`` (useful in tests).
        plugins: more plugins to register, as ``(name, module_or_object)`` pairs — for a plugin
            under development, or a test.
    """

    def __init__(
        self,
        *,
        disable: Iterable[str] = (),
        entry_points: bool = True,
        plugins: Iterable[tuple[str, object]] = (),
    ) -> None:
        self.disabled: frozenset[str] = frozenset(disable) | _disabled_from_env()
        self.manager = pluggy.PluginManager(ENTRY_POINT_GROUP)
        self.manager.add_hookspecs(hookspecs)
        self.errors: list[PluginError] = []
        self._versions: dict[str, str | None] = {}
        self._builtin: set[str] = set()
        self._results: dict[str, dict[str, list[Any]]] = {}
        self._named: dict[str, dict[str, Any]] = {}
        self._providers: dict[str, dict[str, str]] = {}
        for name in self.disabled:
            self.manager.set_blocked(name)
        if entry_points:
            self._load_entry_points()
        for name, module in BUILTIN_PLUGINS.items():
            if self.manager.is_blocked(name) or self.manager.has_plugin(name):
                continue
            self._register(name, _importer(module), None)
        self._builtin.update(n for n in BUILTIN_PLUGINS if self.manager.has_plugin(n))
        for name, plugin in plugins:
            if not self.manager.is_blocked(name):
                self._register(name, _constant(plugin), None)
        self._check_hooks()
        self.jurisdictions: dict[str, Jurisdiction] = self._jurisdictions()

    # -- loading ------------------------------------------------------------------------------

    def _load_entry_points(self) -> None:
        seen: set[str] = set()
        for ep in metadata.entry_points(group=ENTRY_POINT_GROUP):
            if ep.name in seen:  # the same distribution found twice on sys.path
                continue
            seen.add(ep.name)
            if self.manager.is_blocked(ep.name):
                continue
            version = ep.dist.version if ep.dist is not None else None
            self._register(ep.name, ep.load, version)

    def _register(self, name: str, load: Callable[[], object], version: str | None) -> None:
        try:
            plugin = load()
        except Exception as exc:
            self._fail(name, None, f"could not be loaded: {type(exc).__name__}: {exc}")
            return
        try:
            self.manager.register(plugin, name=name)
        except (ValueError, pluggy.PluginValidationError) as exc:
            self._fail(name, None, f"could not be registered: {exc}")
            return
        self._versions[name] = version

    def _check_hooks(self) -> None:
        """A misspelt hook would silently never be called: name it, and drop the plugin."""
        for hook_name, caller in list(vars(self.manager.hook).items()):
            if not isinstance(caller, pluggy.HookCaller) or caller.has_spec():
                continue
            for impl in caller.get_hookimpls():
                if self.manager.get_plugin(impl.plugin_name) is None:
                    continue  # dropped already for another misspelt hook
                self._fail(impl.plugin_name, hook_name, "implements a hook laoganbu does not have")
                self.manager.unregister(name=impl.plugin_name)

    def _fail(self, plugin: str, hook: str | None, message: str) -> None:
        error = PluginError(plugin, message, hook=hook)
        _logger().warning("%s", error)
        self.errors.append(error)

    def _jurisdictions(self) -> dict[str, Jurisdiction]:
        result: dict[str, Jurisdiction] = {}
        for name, value in self.call("laoganbu_jurisdiction").items():
            if len(value) != 1 or not isinstance(value[0], Jurisdiction):
                self._fail(name, "laoganbu_jurisdiction", "must return one Jurisdiction")
                continue
            result[name] = value[0]
        for name in self.names():
            if name not in result and not any(e.plugin == name for e in self.errors):
                self._fail(name, "laoganbu_jurisdiction", "does not say which area it serves")
        return result

    # -- asking -------------------------------------------------------------------------------

    def names(self) -> list[str]:
        """Registered plugins, in registration order (built-ins first)."""
        names = [name for name, plugin in self.manager.list_name_plugin() if plugin is not None]
        return sorted(names, key=lambda n: (n not in self._builtin, names.index(n)))

    @overload
    def call(self, hook: Literal["laoganbu_parameters"]) -> dict[str, list[ParameterLayer]]: ...
    @overload
    def call(
        self, hook: Literal["laoganbu_service_programs"]
    ) -> dict[str, list[ServiceProgramDefinition]]: ...
    @overload
    def call(self, hook: Literal["laoganbu_observances"]) -> dict[str, list[Observance]]: ...
    @overload
    def call(
        self, hook: Literal["laoganbu_roster_validators"]
    ) -> dict[str, list[RosterValidator]]: ...
    @overload
    def call(self, hook: Literal["laoganbu_column_aliases"]) -> dict[str, list[ColumnAliases]]: ...
    @overload
    def call(self, hook: Literal["laoganbu_rubrics"]) -> dict[str, list[Rubric]]: ...
    @overload
    def call(self, hook: Literal["laoganbu_report_formats"]) -> dict[str, list[ReportFormat]]: ...
    @overload
    def call(self, hook: Literal["laoganbu_report_sections"]) -> dict[str, list[ReportSection]]: ...
    @overload
    def call(self, hook: str) -> dict[str, list[object]]: ...

    def call(self, hook: str) -> dict[str, list[Any]]:
        """Each plugin's result of ``hook`` as a list, by plugin name; failures left out.

        The items are checked: each is of the type the hook's specification names (a
        :class:`~laoganbu.params.ParameterLayer`, a callable roster check, one
        ``{table: {column: [header, ...]}}`` mapping …), or the plugin's result is left out.
        ``laoganbu_jurisdiction`` gives its result unchecked (:attr:`jurisdictions` holds the
        checked ones).

        Results are asked for once per :class:`PluginSet` and kept: plugins return data, so
        asking again would give the same.
        """
        if hook in self._results:
            return self._results[hook]
        caller = getattr(self.manager.hook, hook)
        item_type = _resolve(_ITEM_TYPES.get(hook))
        order = {n: i for i, n in enumerate(self.names())}
        impls = sorted(caller.get_hookimpls(), key=lambda i: order.get(i.plugin_name, 0))
        results: dict[str, list[Any]] = {}
        for impl in impls:
            name = impl.plugin_name
            try:
                value = impl.function()
            except Exception as exc:
                self._fail(name, hook, f"raised {type(exc).__name__}: {exc}")
                continue
            items = self._items(name, hook, value, item_type)
            if items is not None:
                results[name] = items
        self._results[hook] = results
        return results

    def _items(self, name: str, hook: str, value: Any, item_type: type | None) -> list[Any] | None:
        if hook == "laoganbu_jurisdiction":
            return [value]
        if hook == "laoganbu_column_aliases":
            if not _is_alias_map(value):
                self._fail(name, hook, "must return {table: {column: [header, ...]}}")
                return None
            return [value]
        if value is None:
            return []
        if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
            self._fail(name, hook, f"must return a list, not {type(value).__name__}")
            return None
        items = list(value)
        for item in items:
            if item_type is not None and not isinstance(item, item_type):
                self._fail(
                    name, hook, f"returned a {type(item).__name__}, not a {item_type.__name__}"
                )
                return None
            if hook == "laoganbu_roster_validators" and not callable(item):
                self._fail(name, hook, f"returned {item!r}, which is not callable")
                return None
        return items

    def info(self) -> list[PluginInfo]:
        """Every registered plugin with its version, jurisdiction and hooks."""
        infos = []
        for name in self.names():
            plugin = self.manager.get_plugin(name)
            hooks = tuple(sorted(c.name for c in self.manager.get_hookcallers(plugin) or ()))
            infos.append(
                PluginInfo(
                    name=name,
                    version=self._versions.get(name) or _version_of(plugin),
                    module=getattr(plugin, "__name__", type(plugin).__name__),
                    jurisdiction=self.jurisdictions.get(name),
                    hooks=hooks,
                    builtin=name in self._builtin,
                )
            )
        return infos

    def serving(self, code: str) -> list[str]:
        """Plugins whose jurisdiction covers ``code``, farthest first (the nation first)."""
        names = [n for n in self.names() if n in self.jurisdictions]
        covering = [n for n in names if self.jurisdictions[n].covers(code)]
        return sorted(covering, key=lambda n: self.jurisdictions[n].depth)

    @overload
    def by_name(self, hook: Literal["laoganbu_rubrics"], kind: str) -> dict[str, Rubric]: ...
    @overload
    def by_name(
        self, hook: Literal["laoganbu_report_formats"], kind: str
    ) -> dict[str, ReportFormat]: ...
    @overload
    def by_name(self, hook: str, kind: str) -> dict[str, object]: ...

    def by_name(self, hook: str, kind: str) -> dict[str, Any]:
        """Items of a hook available everywhere (rubrics, report formats) by their ``name``."""
        if hook in self._named:
            return self._named[hook]
        found: dict[str, tuple[str, Any]] = {}
        for plugin, items in self.call(hook).items():
            for item in items:
                key = getattr(item, "name", None)
                if not isinstance(key, str):
                    self._fail(plugin, hook, f"a {kind} without a name: {item!r}")
                    continue
                if key in found:
                    self._fail(
                        plugin, hook, f"{kind} {key!r} is offered by {found[key][0]!r} already"
                    )
                    continue
                found[key] = (plugin, item)
        self._named[hook] = {key: item for key, (_plugin, item) in found.items()}
        self._providers[hook] = {key: plugin for key, (plugin, _item) in found.items()}
        return self._named[hook]

    def is_builtin(self, plugin: str) -> bool:
        """Whether ``plugin`` is one of laoganbu's own (the national layer, the formats)."""
        return plugin in self._builtin

    def provider(self, hook: str, name: str) -> str | None:
        """The plugin that offers the item ``name`` of a named hook (see :meth:`by_name`)."""
        self.by_name(hook, "item")
        return self._providers.get(hook, {}).get(name)


def _importer(module: str) -> Callable[[], object]:
    return lambda: importlib.import_module(module)


def _constant(plugin: object) -> Callable[[], object]:
    return lambda: plugin


def _is_alias_map(value: Any) -> bool:
    if not isinstance(value, Mapping):
        return False
    for columns in value.values():
        if not isinstance(columns, Mapping):
            return False
        for headers in columns.values():
            # A sequence: a generator would be used up by this check, a set has no order.
            if isinstance(headers, str) or not isinstance(headers, Sequence):
                return False
            if not all(isinstance(h, str) for h in headers):
                return False
    return True


def _version_of(plugin: object) -> str | None:
    version = getattr(plugin, "__version__", None)
    return version if isinstance(version, str) else None


@cache
def _installed(disabled: frozenset[str]) -> PluginSet:
    return PluginSet(disable=disabled)


def installed_plugins(disable: Iterable[str] = ()) -> PluginSet:
    """Every installed plugin (the built-in national one among them) less those named in
    ``disable`` or in ``LAOGANBU_DISABLE_PLUGINS``; loaded once per process for each set of
    disabled names."""
    return _installed(frozenset(disable) | _disabled_from_env())


def default_plugins(disable: Iterable[str] = ()) -> PluginSet:
    """Deprecated: the name of 0.x for :func:`installed_plugins`."""
    warn_deprecated("laoganbu.plugins.default_plugins()", "laoganbu.plugins.installed_plugins()")
    return installed_plugins(disable)


@cache
def _logger() -> logging.Logger:
    """laoganbu's logger, made when there is first something to log: importing logging is a
    good part of a small command's start.

    A library does not print its log: the application that uses it decides where records go,
    so the ``laoganbu`` logger has a :class:`logging.NullHandler`.
    """
    import logging

    logging.getLogger("laoganbu").addHandler(logging.NullHandler())
    return logging.getLogger(__name__)
