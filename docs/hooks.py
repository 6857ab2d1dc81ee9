"""MkDocs hooks: reference tables generated from the code at build time, so they cannot drift.

A page asks for a generated block with a marker on a line of its own::

    <!-- laoganbu:roster-tables -->       every table of laoganbu.io.tables.SCHEMAS, its columns
    <!-- laoganbu:enum-glossary -->       every LabeledEnum of laoganbu.models.enums, code, label
    <!-- laoganbu:cli-usage [COMMAND] --> the ``--help`` of ``laoganbu`` or one of its commands
    <!-- laoganbu:parameter-table -->    every national policy parameter, each value and source

An unknown marker or command fails the build. Nothing is written to ``docs/``.
"""

from __future__ import annotations

import re
import sys
import types
import typing
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

if TYPE_CHECKING:
    from laoganbu.labels import LabeledEnum

_MARKER = re.compile(
    r"^<!--\s*laoganbu:(?P<name>[\w-]+)(?:\s+(?P<arg>[\w-]+(?: [\w-]+)*))?\s*-->$", re.MULTILINE
)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Document the source tree beside mkdocs.yml, whatever copy of laoganbu is installed.
    src = str(Path(config.config_file_path).parent / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    def render(match: re.Match[str]) -> str:
        generator = _GENERATORS.get(match["name"])
        if generator is None:
            raise PluginError(
                f"{page.file.src_uri}: unknown marker laoganbu:{match['name']};"
                f" known: {', '.join(_GENERATORS)}"
            )
        try:
            return generator(match["arg"])
        except LookupError as exc:
            raise PluginError(f"{page.file.src_uri}: {match[0]}: {exc}") from None

    return _MARKER.sub(render, markdown)


# -- helpers ------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _code(text: str) -> str:
    return f"`{text}`"


def _unwrap(annotation: Any) -> Any:
    from laoganbu.io.tables import unwrap_annotation

    return unwrap_annotation(annotation)


def _enum_anchor(enum: type) -> str:
    return enum.__name__.lower()


# -- roster files -------------------------------------------------------------------------------


def _field_info(model: type, path: tuple[str, ...]) -> Any:
    info = None
    for part in path:
        fields = getattr(model, "model_fields", {})
        if part not in fields:
            return None
        info = fields[part]
        model = _unwrap(info.annotation)
    return info


def _bounds(info: Any) -> str:
    low = high = None
    for item in info.metadata:
        low = getattr(item, "ge", low)
        high = getattr(item, "le", high)
    if low is not None and high is not None:
        return f" {low}–{high}"
    if low is not None:
        return f" ≥ {low}"
    return ""


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _values(column: Any, schema: Any) -> str:
    """What a column's cells hold, in a few words."""
    from laoganbu.dates import PartialDate
    from laoganbu.labels import LabeledEnum
    from laoganbu.models import base

    separated = f"separated by {base.LIST_SEPARATOR}"
    if schema.parent is not None and column is schema.parent.key:
        return f"id of a `{schema.parent.table}` record"
    info = _field_info(schema.model, column.path)
    if info is None:
        return ""
    if _strip_optional(info.annotation) == base.DivisionCode:
        return "GB/T 2260 division code: 6, 9 or 12 digits"
    inner = _unwrap(info.annotation)
    if typing.get_origin(inner) is tuple:
        item = typing.get_args(inner)[0]
        kind = "ids" if item == base.RecordId else "items"
        item = _unwrap(item)
        if isinstance(item, type) and issubclass(item, LabeledEnum):
            kind = f"[`{item.__name__}`](glossary.md#{_enum_anchor(item)}) codes or labels"
        return f"list of {kind}, {separated}"
    if isinstance(inner, type) and issubclass(inner, LabeledEnum):
        return f"[`{inner.__name__}`](glossary.md#{_enum_anchor(inner)}): code or 中文 label"
    if inner is PartialDate:
        return "date, to the month or the day"
    if inner is bool:
        return "是/否 (yes/no)"
    if inner is int:
        return "whole number" + _bounds(info)
    if inner in (float, Decimal):
        return "number" + _bounds(info)
    if column.name == "id" or column.name.endswith("_id"):
        return "id" if column.name == "id" else "id of a record"
    return "text"


def _personal(column: Any) -> str:
    from laoganbu.privacy import HealthNote

    if column.personal is None:
        return ""
    if column.personal == "health":
        return f"sensitive: [{HealthNote.kind}](../explanation/privacy.md)"
    kind = column.personal
    return f"[`{kind.__name__}`][{kind.__module__}.{kind.__qualname__}]"


def _roster_tables(_arg: str | None) -> str:
    from laoganbu.io.tables import SCHEMAS

    lines = [
        "| table | 中文 | CSV file | XLSX sheet | holds |",
        "|---|---|---|---|---|",
    ]
    for schema in SCHEMAS.values():
        model = schema.model
        holds = f"[`{model.__name__}`][{model.__module__}.{model.__qualname__}]"
        if schema.parent is not None:
            holds += f", child rows of `{schema.parent.table}`"
        lines.append(
            f"| [`{schema.name}`](#{schema.name}) | {schema.label} | `{schema.file_name}` |"
            f" {' or '.join(_code(n) for n in schema.sheet_names)} | {holds} |"
        )
    lines.append("")
    for schema in SCHEMAS.values():
        lines.extend(_table_section(schema))
    return "\n".join(lines)


def _table_section(schema: Any) -> Iterator[str]:
    model = schema.model
    yield f"## {schema.label} — `{schema.name}` {{#{schema.name}}}"
    yield ""
    summary = (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    if summary:
        yield summary
        yield ""
    names = " or ".join(_code(n) for n in schema.sheet_names)
    yield (
        f"File `{schema.file_name}`; XLSX sheet {names}; JSON key {names}. Records are"
        f" [`{model.__name__}`][{model.__module__}.{model.__qualname__}]."
    )
    if schema.parent is not None:
        parent, key, field = schema.parent.table, schema.parent.key, schema.parent.field
        yield (
            f"A child table: each row belongs to the `{parent}` record whose id is in"
            f" `{key.header}` / `{key.name}`, and becomes one item of its `{field}`. In JSON the"
            f" items may also sit inside the parent record, under `{field}`."
        )
    yield ""
    yield "| 中文列名 | English header | also accepted | required | personal | values |"
    yield "|---|---|---|---|---|---|"
    for column in schema.all_columns():
        aliases = ", ".join(_code(_cell(a)) for a in column.aliases)
        yield (
            f"| {_cell(column.header)} | `{column.name}` | {aliases} |"
            f" {'**required**' if column.required else ''} | {_personal(column)} |"
            f" {_values(column, schema)} |"
        )
    yield ""


# -- glossary -----------------------------------------------------------------------------------


def _labeled_enums() -> list[type[LabeledEnum]]:
    from laoganbu.labels import LabeledEnum
    from laoganbu.models import enums

    return [
        obj
        for obj in vars(enums).values()
        if isinstance(obj, type)
        and issubclass(obj, LabeledEnum)
        and obj.__module__ == enums.__name__
    ]


def _enum_columns() -> dict[type, list[tuple[str, str]]]:
    """Enum → the ``(table, column header)`` pairs whose cells it codes."""
    from laoganbu.io.tables import SCHEMAS

    used: dict[type, list[tuple[str, str]]] = {}
    for schema in SCHEMAS.values():
        for column in schema.columns:
            info = _field_info(schema.model, column.path)
            if info is None:
                continue
            inner = _unwrap(info.annotation)
            if typing.get_origin(inner) is tuple:
                inner = _unwrap(typing.get_args(inner)[0])
            used.setdefault(inner, []).append((schema.name, column.header))
    return used


def _enum_glossary(_arg: str | None) -> str:
    used = _enum_columns()
    lines: list[str] = []
    for enum in _labeled_enums():
        doc = (enum.__doc__ or "").strip().splitlines()[0]
        chinese, _, english = doc.partition(" — ")
        title = f"{chinese} — `{enum.__name__}`" if english else f"`{enum.__name__}`"
        lines += [f"### {title} {{#{_enum_anchor(enum)}}}", ""]
        if english:
            lines += [f"{english[0].upper()}{english[1:]}", ""]
        columns = used.get(enum, [])
        if columns:
            where = ", ".join(
                f"[`{table}`](roster-files.md#{table}) {header}" for table, header in columns
            )
            lines += [f"Columns: {where}.", ""]
        lines += [
            f"Python: [`{enum.__name__}`][{enum.__module__}.{enum.__qualname__}].",
            "",
            "| code | 中文 | also accepted |",
            "|---|---|---|",
        ]
        for member in enum:
            aliases = ", ".join(_code(_cell(a)) for a in member.aliases)
            lines.append(f"| `{member.value}` | {_cell(member.label)} | {aliases} |")
        lines.append("")
    return "\n".join(lines)


# -- command line -------------------------------------------------------------------------------


def _cli_usage(command: str | None) -> str:
    import click

    from laoganbu.cli import main

    context = click.Context(
        main,
        info_name="laoganbu",
        terminal_width=100,
        max_content_width=100,
        **main.context_settings,
    )
    group: click.Group = main
    for name in (command or "").split():  # "transfer out": a command of a group
        sub = group.get_command(context, name) if isinstance(group, click.Group) else None
        if sub is None:
            raise LookupError(f"laoganbu has no command {command!r}")
        context = click.Context(sub, info_name=name, parent=context, **sub.context_settings)
        group = sub  # type: ignore[assignment]
    return f"```text\n{context.get_help()}\n```"


# -- policy parameters ----------------------------------------------------------------------------

_STATUS = {
    "official": "官方 official",
    "secondary": "二手 secondary",
    "unverified": "**未核实 UNVERIFIED**",
}


def _parameter_value(value: Any) -> str:
    import json

    if isinstance(value, list) and value and isinstance(value[0], dict):
        return "<br>".join(_cell(json.dumps(v, ensure_ascii=False)) for v in value)
    if isinstance(value, int | float | str):
        return _code(str(value))
    return _cell(json.dumps(value, ensure_ascii=False))


def _parameter_table(_arg: str | None) -> str:
    from laoganbu.params import national_layer

    layer = national_layer()
    lines: list[str] = []
    group = None
    for name in sorted(layer.parameters):
        parameter = layer.parameters[name]
        head = name.split(".", 1)[0]
        if head != group:
            group = head
            lines += [
                "",
                f"### `{head}.*`",
                "",
                "| parameter | value | in force | status | source |",
                "|---|---|---|---|---|",
            ]
        for i, value in enumerate(parameter.values):
            first = (
                f"`{name}`<br>{_cell(parameter.label)}"
                + (f" ({_cell(parameter.unit)})" if parameter.unit else "")
                if i == 0
                else "″"
            )
            source = _cell(str(value.citation))
            if value.citation.url:
                source = f"[{source}]({value.citation.url})"
            if value.note:
                source += f"<br>*{_cell(value.note)}*"
            lines.append(
                f"| {first} | {_parameter_value(value.value)} | {value.period_label} |"
                f" {_STATUS[value.status]} | {source} |"
            )
    return "\n".join(lines).strip()


_GENERATORS: dict[str, Callable[[str | None], str]] = {
    "roster-tables": _roster_tables,
    "enum-glossary": _enum_glossary,
    "cli-usage": _cli_usage,
    "parameter-table": _parameter_table,
}
