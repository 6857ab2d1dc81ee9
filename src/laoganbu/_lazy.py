"""Names of a package imported from their modules on first use (PEP 562).

``laoganbu``, ``laoganbu.models`` and ``laoganbu.rules`` re-export their public names this way,
so that importing the package, or one module of it, does not import every module behind it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Collection, Mapping
from typing import Any

from laoganbu._deprecation import warn_deprecated

__all__ = ["lazy_exports"]


def lazy_exports(
    package: str,
    exports: Mapping[str, str],
    namespace: dict[str, Any],
    *,
    subpackages: Collection[str] = (),
    deprecated: Mapping[str, tuple[str, str]] = {},
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``, whose ``namespace`` (its globals)
    re-exports ``exports`` (public name → module) and reaches ``subpackages`` as attributes.

    ``deprecated`` maps an old name to the ``module:name`` it stands for now and the spelling
    to use; it still works, with a :class:`DeprecationWarning` on each use, and is not listed.
    """

    def __getattr__(name: str) -> Any:
        if name in subpackages:
            return importlib.import_module(f"{package}.{name}")
        if name in deprecated:
            target, instead = deprecated[name]
            module_name, _, attribute = target.partition(":")
            warn_deprecated(f"{package}.{name}", instead)
            return getattr(importlib.import_module(module_name), attribute)
        module = exports.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value  # later look-ups skip this function
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(exports))

    return __getattr__, __dir__
