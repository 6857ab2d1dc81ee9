"""Reading parameter layers from TOML files.

A layer file names its jurisdiction, lists its sources once, and gives each parameter with its
values::

    jurisdiction = "140823"
    name = "闻喜县"

    [sources.W1]
    title = "闻喜县离退休干部服务管理办法"
    issuer = "闻喜县委老干部局"
    date = "2023-03-01"

    [[parameter]]
    name = "age.advanced_min"
    label = "高龄起始年龄"
    unit = "years"
    description = "..."

      [[parameter.values]]
      value = 75
      from = 2023-03-01          # first day in force (a TOML date)
      to = 2025-12-31            # last day in force; leave out while in force
      source = "W1"
      article = "第三条"
      status = "official"        # official | secondary | unverified
      note = "..."               # optional

A parameter in a county's file needs only ``name`` and ``values`` when the national layer
defines it already; its ``label``, ``unit`` and ``description`` are then taken from there.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from laoganbu._toml import read_toml
from laoganbu.errors import ParameterFileError
from laoganbu.params.model import Citation, Parameter, ParameterLayer, ParameterValue, Status
from laoganbu.params.store import Parameters

__all__ = ["default_parameters", "load_layer", "national_layer", "resolve_parameters"]

#: The codes a value's ``status`` is written with (labels are not accepted in the files).
_STATUSES = tuple(s.value for s in Status)


def _fail(origin: str, where: str, message: str) -> ParameterFileError:
    return ParameterFileError(f"{origin}: {where}: {message} / 参数文件有误")


def _date(origin: str, where: str, value: Any) -> _dt.date:
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise _fail(origin, where, f"{value!r} is not a date (write 2025-01-01)")


def _text(origin: str, where: str, table: dict[str, Any], key: str, required: bool) -> str | None:
    value = table.get(key)
    if value is None:
        if required:
            raise _fail(origin, where, f"{key!r} is missing")
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(origin, where, f"{key!r} must be text")
    return value.strip()


def _sources(origin: str, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    sources = data.get("sources", {})
    if not isinstance(sources, dict):
        raise _fail(origin, "sources", "must be a table of sources")
    for sid, source in sources.items():
        if not isinstance(source, dict):
            raise _fail(origin, f"sources.{sid}", "must be a table")
        _text(origin, f"sources.{sid}", source, "title", required=True)
        unknown = set(source) - {"title", "issuer", "number", "date", "url", "note"}
        if unknown:
            raise _fail(origin, f"sources.{sid}", f"unknown keys {sorted(unknown)}")
    return sources


def _value(
    origin: str, where: str, raw: Any, sources: dict[str, dict[str, Any]], jurisdiction: str
) -> ParameterValue:
    if not isinstance(raw, dict):
        raise _fail(origin, where, "each value must be a table")
    unknown = set(raw) - {"value", "from", "to", "source", "article", "status", "note"}
    if unknown:
        raise _fail(origin, where, f"unknown keys {sorted(unknown)}")
    if "value" not in raw:
        raise _fail(origin, where, "'value' is missing")
    if "from" not in raw:
        raise _fail(origin, where, "'from' (first day in force) is missing")
    valid_from = _date(origin, where, raw["from"])
    valid_to = _date(origin, where, raw["to"]) if raw.get("to") is not None else None
    if valid_to is not None and valid_to < valid_from:
        raise _fail(origin, where, f"ends ({valid_to}) before it starts ({valid_from})")
    sid = _text(origin, where, raw, "source", required=True)
    assert sid is not None
    if sid not in sources:
        raise _fail(origin, where, f"source {sid!r} is not listed under [sources]")
    source = sources[sid]
    status = raw.get("status", "official")
    if status not in _STATUSES:
        raise _fail(origin, where, f"status must be one of {', '.join(_STATUSES)}")
    citation = Citation(
        source_id=sid,
        title=source["title"],
        issuer=source.get("issuer"),
        number=source.get("number"),
        date=str(source["date"]) if source.get("date") is not None else None,
        article=_text(origin, where, raw, "article", required=False),
        url=source.get("url"),
    )
    return ParameterValue(
        value=raw["value"],
        valid_from=valid_from,
        valid_to=valid_to,
        citation=citation,
        status=Status.parse(status),
        note=_text(origin, where, raw, "note", required=False),
        layer=jurisdiction,
    )


def _parameter(
    origin: str,
    raw: Any,
    sources: dict[str, dict[str, Any]],
    jurisdiction: str,
    base: Parameters | None,
) -> Parameter:
    if not isinstance(raw, dict):
        raise _fail(origin, "parameter", "each [[parameter]] must be a table")
    name = _text(origin, "parameter", raw, "name", required=True)
    assert name is not None
    inherited = base.definition(name) if base is not None and name in base else None
    needs = inherited is None
    label = _text(origin, name, raw, "label", required=needs)
    description = _text(origin, name, raw, "description", required=needs)
    unit = _text(origin, name, raw, "unit", required=False)
    raw_values = raw.get("values")
    if not isinstance(raw_values, list) or not raw_values:
        raise _fail(origin, name, "needs at least one [[parameter.values]]")
    values = sorted(
        (
            _value(origin, f"{name} value {i}", v, sources, jurisdiction)
            for i, v in enumerate(raw_values, 1)
        ),
        key=lambda v: v.valid_from,
    )
    for earlier, later in itertools.pairwise(values):
        if earlier.valid_to is None or earlier.valid_to >= later.valid_from:
            raise _fail(
                origin,
                name,
                f"values overlap: one from {earlier.valid_from}, one from {later.valid_from}",
            )
    return Parameter(
        name=name,
        label=label or (inherited.label if inherited else name),
        unit=unit if unit is not None else (inherited.unit if inherited else None),
        description=description or (inherited.description if inherited else ""),
        values=tuple(values),
    )


def load_layer(path: str | Path | Traversable, *, base: Parameters | None = None) -> ParameterLayer:
    """Read a layer from a TOML file (see the module docstring for its form).

    Args:
        path: the file; a path or an ``importlib.resources`` file of a plugin package.
        base: the parameters the layer refines (national by default), from which a parameter
            given by name only takes its label, unit and description.

    Raises:
        ParameterFileError: the file cannot be read, or any entry is malformed; the message
            names the file and the parameter.
    """
    origin = str(path)
    data = read_toml(path, ParameterFileError, "参数文件")
    jurisdiction = _text(origin, "file", data, "jurisdiction", required=True)
    name = _text(origin, "file", data, "name", required=True)
    assert jurisdiction is not None and name is not None
    sources = _sources(origin, data)
    raw_parameters = data.get("parameter", [])
    if not isinstance(raw_parameters, list):
        raise _fail(origin, "parameter", "write each parameter as [[parameter]]")
    if base is None and jurisdiction != "000000":
        base = default_parameters()
    parameters: dict[str, Parameter] = {}
    for raw in raw_parameters:
        parameter = _parameter(origin, raw, sources, jurisdiction, base)
        if parameter.name in parameters:
            raise _fail(origin, parameter.name, "given twice")
        parameters[parameter.name] = parameter
    return ParameterLayer(
        jurisdiction=jurisdiction, name=name, parameters=parameters, origin=Path(origin).name
    )


@cache
def national_layer() -> ParameterLayer:
    """The national parameters shipped with laoganbu (``laoganbu/params/data/national.toml``)."""
    return load_layer(resources.files("laoganbu.params") / "data" / "national.toml")


def default_parameters() -> Parameters:
    """The national parameters, as calculators use them when given none.

    For a locality's parameters use :attr:`laoganbu.Locality.parameters`.
    """
    return _national_parameters()


@cache
def _national_parameters() -> Parameters:
    return Parameters([national_layer()])


def resolve_parameters(params: Any) -> Parameters:
    """What a calculator's ``params=`` argument means: ``None`` — the national parameters; a
    :class:`Parameters`; or anything with a ``parameters`` attribute, such as a
    :class:`~laoganbu.Locality`."""
    if params is None:
        return default_parameters()
    if isinstance(params, Parameters):
        return params
    inner = getattr(params, "parameters", None)
    if isinstance(inner, Parameters):
        return inner
    raise TypeError(f"params must be Parameters or a Locality, not {type(params).__name__}")
