"""Helpers for testing a plugin: load it on its own, against the bundled sample county.

In a plugin's ``tests/conftest.py``::

    import pytest
    from laoganbu import testing

    import laoganbu_wenxi


    @pytest.fixture
    def locality():
        return testing.locality_for(laoganbu_wenxi)


    @pytest.fixture(scope="session")
    def roster():
        return testing.sample_roster()

and in a test::

    def test_plugin_is_well_formed():
        assert testing.plugin_errors(laoganbu_wenxi) == []

The plugin is registered directly, beside the built-in national baseline and nothing else: other
installed plugins cannot change what the test sees. To check that the *installed* package is
found through its entry point, use :func:`installed_plugin`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from types import ModuleType

from laoganbu.errors import PluginError
from laoganbu.hookspecs import __all__ as _hook_names
from laoganbu.locality import Locality
from laoganbu.models.roster import Roster
from laoganbu.plugins import PluginInfo, PluginSet

__all__ = [
    "installed_plugin",
    "locality_for",
    "plugin_errors",
    "plugin_set",
    "sample_folder",
    "sample_roster",
]


def _name_of(plugin: object) -> str:
    name = getattr(plugin, "__name__", None) or type(plugin).__name__
    return str(name).rsplit(".", 1)[-1]


def sample_folder() -> Path:
    """The bundled sample county: a folder of CSV files with Chinese headers."""
    return Path(str(resources.files("laoganbu") / "data" / "sample"))


@cache
def sample_roster() -> Roster:
    """The bundled sample county, read once per process (3,000 cadres, Wenxi's shape)."""
    from laoganbu.io.reader import read_roster

    result = read_roster(sample_folder())
    if not result.ok:  # pragma: no cover - the bundled sample is checked by laoganbu's tests
        raise AssertionError(f"the bundled sample has problems: {result.rejected[:3]}")
    return result.roster


def plugin_set(*plugins: ModuleType | object, name: str | None = None) -> PluginSet:
    """The built-in plugins and ``plugins``, without any other installed plugin.

    Args:
        plugins: plugin modules (or objects with hook implementations).
        name: the name to register a single plugin under; the module's last name part by
            default (``laoganbu_wenxi`` → ``laoganbu_wenxi``).
    """
    if name is not None and len(plugins) != 1:
        raise ValueError("name is for a single plugin")
    pairs = [(name or _name_of(p), p) for p in plugins]
    return PluginSet(entry_points=False, plugins=pairs)


def locality_for(plugin: ModuleType | object, code: str | None = None) -> Locality:
    """The locality of ``plugin``'s own jurisdiction (or ``code``), with only the national
    baseline beneath it."""
    plugins = plugin_set(plugin)
    name = _name_of(plugin)
    if code is None:
        jurisdiction = plugins.jurisdictions.get(name)
        if jurisdiction is None:
            raise AssertionError(f"plugin {name!r} did not say its jurisdiction: {plugins.errors}")
        code = jurisdiction.code
    return Locality(code, plugins=plugins)


def plugin_errors(plugin: ModuleType | object) -> list[PluginError]:
    """Every problem laoganbu finds with ``plugin``: each hook it implements is called and its
    result checked. An empty list means the host will accept everything it offers."""
    plugins = plugin_set(plugin)
    for hook in _hook_names:
        if hook.startswith("laoganbu_"):
            plugins.call(hook)
    rubrics = plugins.by_name("laoganbu_rubrics", "rubric")
    plugins.by_name("laoganbu_report_formats", "report format")
    errors = list(plugins.errors)
    # A rubric's metric must exist once the plugin is imported (metrics register on import).
    from laoganbu.assessment.metrics import METRICS

    for name, rubric in rubrics.items():
        owner = plugins.provider("laoganbu_rubrics", name) or _name_of(plugin)
        for indicator in rubric.indicators:
            if indicator.metric is not None and indicator.metric not in METRICS:
                errors.append(
                    PluginError(
                        owner,
                        f"rubric {name!r}, indicator {indicator.id!r}: no metric"
                        f" {indicator.metric!r} is registered",
                        hook="laoganbu_rubrics",
                    )
                )
    return errors


def installed_plugin(name: str) -> PluginInfo:
    """The installed plugin registered under entry-point ``name``, found as laoganbu finds it.

    Raises:
        AssertionError: no such plugin is installed, or it failed to load.
    """
    plugins = PluginSet()
    for info in plugins.info():
        if info.name == name:
            return info
    problems = [str(e) for e in plugins.errors if e.plugin == name]
    raise AssertionError(
        f"plugin {name!r} is not installed" + (f": {problems}" if problems else "")
    )
