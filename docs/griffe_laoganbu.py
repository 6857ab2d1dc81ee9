"""A griffe extension that lets mkdocstrings render laoganbu's docstrings well.

Loaded by ``mkdocs.yml`` (``extensions:`` of the python handler). It changes what the reference
pages show, never the code:

* An attribute documented by ``#:`` comment lines just above it (``TABLES``, ``Severity`` …)
  gets those lines as its docstring.
* A pydantic field declared ``name: T = Field(..., title="姓名")`` gets its Chinese ``title``
  (the roster column header) as its docstring, so the model reference lists every field.
* Sphinx-style roles (``:class:`~laoganbu.Problem```) become autorefs links to the object's
  canonical path — relative names are resolved in the docstring's own scope — so a reference
  to a laoganbu object that does not exist fails ``mkdocs build --strict``; an attribute with
  no docstring of its own links to its class. Targets outside laoganbu (``datetime.date``)
  become code.
* A reST ``::`` that introduces a literal block reads as ``:``.
"""

from __future__ import annotations

import ast
import re
from typing import Any

import griffe

_ROLE = re.compile(r":(?:class|meth|attr|func|data|mod|exc|obj):`(?P<tilde>~?)(?P<target>[\w.]+)`")
_LITERAL_BLOCK = re.compile(r"::$", re.MULTILINE)


def _comment_above(lines: list[str], lineno: int) -> str | None:
    """The ``#:`` comment block directly above line ``lineno`` (1-based), if any."""
    found: list[str] = []
    index = lineno - 2
    while index >= 0 and lines[index].lstrip().startswith("#:"):
        found.append(lines[index].lstrip()[2:].strip())
        index -= 1
    return "\n".join(reversed(found)) or None


def _field_title(node: ast.AST | griffe.ObjectNode) -> str | None:
    """The docstring a ``Field(title=...)`` assignment implies, or ``None``."""
    value = getattr(node, "value", None)
    if not (isinstance(value, ast.Call) and getattr(value.func, "id", None) == "Field"):
        return None
    keywords = {k.arg: k.value for k in value.keywords if k.arg}
    title = keywords.get("title")
    if not (isinstance(title, ast.Constant) and isinstance(title.value, str)):
        return None
    has_default = bool(value.args) or "default" in keywords or "default_factory" in keywords
    return title.value if has_default else f"{title.value} — required."


class LaoganbuDocstrings(griffe.Extension):
    """See the module docstring."""

    def __init__(self) -> None:
        self._lines: dict[str, list[str]] = {}

    def on_attribute_instance(
        self,
        *,
        node: ast.AST | griffe.ObjectNode,
        attr: griffe.Attribute,
        agent: Any,
        **kwargs: Any,
    ) -> None:
        if attr.docstring is not None or attr.lineno is None:
            return
        code = getattr(agent, "code", None)
        text = None
        if isinstance(code, str):
            lines = self._lines.setdefault(str(agent.filepath), code.splitlines())
            text = _comment_above(lines, attr.lineno)
        if text is None and attr.parent is not None and attr.parent.is_class:
            text = _field_title(node)
        if text is not None:
            attr.docstring = griffe.Docstring(
                text,
                lineno=attr.lineno,
                parent=attr,
                parser=agent.docstring_parser,
                parser_options=agent.docstring_options,
            )

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self._rewrite(pkg, pkg, seen=set())

    def _rewrite(self, obj: griffe.Object, pkg: griffe.Module, seen: set[str]) -> None:
        if obj.path in seen:
            return
        seen.add(obj.path)
        if obj.docstring is not None:
            text = _ROLE.sub(lambda m: _link(obj, pkg, m), obj.docstring.value)
            obj.docstring.value = _LITERAL_BLOCK.sub(":", text)
        for member in obj.members.values():
            if not member.is_alias:
                self._rewrite(member, pkg, seen)  # type: ignore[arg-type]


def _link(obj: griffe.Object, pkg: griffe.Module, match: re.Match[str]) -> str:
    target = match["target"]
    shown = target.rsplit(".", 1)[-1] if match["tilde"] else target
    path = _resolve(obj, pkg, target)
    return f"`{shown}`" if path is None else f"[`{shown}`][{path}]"


def _resolve(obj: griffe.Object, pkg: griffe.Module, target: str) -> str | None:
    """The canonical path of ``target`` as seen from ``obj`` if it is a laoganbu object.

    A ``laoganbu.…`` target that names nothing is returned as written, so that the link fails
    the strict build instead of vanishing.
    """
    if target.split(".", 1)[0] == pkg.name:
        path = target
    else:
        head, _, rest = target.partition(".")
        scope: griffe.Object | None = obj
        while scope is not None and head not in scope.members:
            scope = scope.parent
        if scope is None:
            return None
        path = f"{scope.members[head].path}.{rest}" if rest else scope.members[head].path
    try:
        found = pkg.modules_collection[path]
        if found.is_alias:
            found = found.final_target
    except (KeyError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return path
    # An attribute without a docstring gets no entry of its own (it is described in its class's
    # "Attributes" section): link to the class.
    while found.is_attribute and found.docstring is None and found.parent is not None:
        found = found.parent
    return str(found.path)
