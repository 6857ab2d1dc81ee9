"""Records as columns and back: how a table's fields are held in a polars frame.

One convention for every frame laoganbu gives or takes (a ledger read with
:func:`~laoganbu.read_frame`, :meth:`~laoganbu.Roster.frame`, :func:`~laoganbu.compliance`):

* a column per field, named as the field (``cadre_id``), in the model's order;
* ids, text and personal values as text; labelled values (service kinds, sexes …) as their
  English code (``phone_call``), which :meth:`~laoganbu.labels.LabeledEnum.parse` reads back;
* dates as ``YYYY-MM`` or ``YYYY-MM-DD`` text, as precise as they were given (the batch rules
  read this form);
* amounts of money as polars ``Decimal`` with the field's places; numbers as numbers;
* lists of ids or tags as lists of text.

Nested records (a cadre's health, contacts) are not held in frames here.
"""

from __future__ import annotations

import decimal
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from laoganbu.dates import PartialDate
from laoganbu.errors import InvalidValueError
from laoganbu.io.tables import unwrap_annotation
from laoganbu.labels import LabeledEnum
from laoganbu.models.base import _known_province, parse_flag, split_list
from laoganbu.models.base import _trimmed as base_model_trimmed
from laoganbu.privacy import Masked

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "REFERENCES",
    "FieldKind",
    "column_dtype",
    "column_values",
    "field_kind",
    "field_kinds",
    "frame_records",
    "frame_schema",
    "records_frame",
    "sound_rows",
]


@attrs.frozen
class FieldKind:
    """How one field is held in a frame.

    Attributes:
        name: the field (and column) name.
        kind: ``"text"``, ``"label"``, ``"date"``, ``"decimal"``, ``"integer"``, ``"number"``,
            ``"flag"`` or ``"list"``.
        required: the record cannot be built without it.
        default: the field's default (``None`` for most).
        type: the enum class of a label, the :class:`~laoganbu.privacy.Masked` class of
            personal text, else ``None``.
        min_length, max_length, pattern: the constraints of constrained text.
        places, digits: the decimal places and digits of an amount.
        ge, le: the bounds of a number.
    """

    name: str
    kind: str
    required: bool
    default: Any = None
    type: Any = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    places: int | None = None
    digits: int | None = None
    ge: Any = None
    le: Any = None
    #: The field has a check of its own besides its type and constraints.
    own_check: bool = False
    #: The field is a GB/T 2260 division code (whose province is checked too).
    division: bool = False

    @property
    def personal(self) -> bool:
        return isinstance(self.type, type) and issubclass(self.type, Masked)


_KINDS: dict[type[BaseModel], dict[str, FieldKind] | None] = {}


def field_kinds(model: type[BaseModel]) -> dict[str, FieldKind] | None:
    """How each field of ``model`` is held in a frame; ``None`` when a field cannot be (a
    nested record, a union of types)."""
    if model not in _KINDS:
        kinds: dict[str, FieldKind] | None = {}
        for name, info in model.model_fields.items():
            kind = _field_kind(name, info)
            if kind is None:
                kinds = None
                break
            assert kinds is not None
            kinds[name] = kind
        _KINDS[model] = kinds
    return _KINDS[model]


def field_kind(model: type[BaseModel], name: str) -> FieldKind | None:
    """How the one field ``name`` of ``model`` is held in a frame; ``None`` when it cannot be.

    For models of which only some fields fit a frame (a cadre's health and contacts do not),
    whose other fields are held elsewhere.
    """
    return _field_kind(name, model.model_fields[name])


def column_dtype(kind: FieldKind) -> pl.DataType:
    """The polars type of a column of ``kind`` (see the module docstring)."""
    return _dtype(kind)


def column_values(kind: FieldKind, values: Iterable[Any], *, reveal_pii: bool = False) -> list[Any]:
    """Field values of ``kind`` as a column holds them; personal values masked unless
    ``reveal_pii``."""
    return [_cell(kind, value, reveal_pii) for value in values]


#: The validators laoganbu's text, list and flag types share, which the recognisers of
#: ``laoganbu.io.recognize`` account for: trimming (which they refuse to need), splitting and
#: reading 是/否.
_PLAIN_VALIDATORS: Final = (base_model_trimmed, split_list, parse_flag)


def _constraints(info: FieldInfo) -> dict[str, Any]:
    found: dict[str, Any] = {}
    metadata: list[Any] = list(info.metadata)
    annotation = info.annotation
    for arg in typing.get_args(annotation) or ():
        if typing.get_origin(arg) is typing.Annotated:
            metadata.extend(typing.get_args(arg)[1:])
    if typing.get_origin(annotation) is typing.Annotated:
        metadata.extend(typing.get_args(annotation)[1:])
    for item in metadata:
        func = getattr(item, "func", None)
        if func is _known_province:
            found["division"] = True
        elif func is not None and func not in _PLAIN_VALIDATORS:
            # A check of its own (a division code's province): no column expression knows it.
            found["own_check"] = True
        for key in ("min_length", "max_length", "pattern", "ge", "le", "max_digits"):
            value = getattr(item, key, None)
            if value is not None:
                found[key] = value
        places = getattr(item, "decimal_places", None)
        if places is not None:
            found["decimal_places"] = places
    return found


def _field_kind(name: str, info: FieldInfo) -> FieldKind | None:
    inner = unwrap_annotation(info.annotation)
    required = info.is_required()
    default = None if required or info.default_factory is not None else info.default
    if info.default_factory is not None:
        default = info.default_factory()  # type: ignore[call-arg]
    found = _constraints(info)
    common: dict[str, Any] = {
        "name": name,
        "required": required,
        "default": default,
        "own_check": bool(found.get("own_check")),
        "division": bool(found.get("division")),
    }
    if isinstance(inner, type):
        if issubclass(inner, LabeledEnum):
            return FieldKind(kind="label", type=inner, **common)
        if issubclass(inner, Masked):
            return FieldKind(kind="text", type=inner, **common)
        if issubclass(inner, PartialDate):
            return FieldKind(kind="date", **common)
        if issubclass(inner, decimal.Decimal):
            return FieldKind(
                kind="decimal",
                places=found.get("decimal_places"),
                digits=found.get("max_digits"),
                ge=found.get("ge"),
                le=found.get("le"),
                **common,
            )
        if inner is bool:
            return FieldKind(kind="flag", **common)
        if inner is int:
            return FieldKind(kind="integer", ge=found.get("ge"), le=found.get("le"), **common)
        if inner is float:
            return FieldKind(kind="number", ge=found.get("ge"), le=found.get("le"), **common)
        if inner is str:
            return FieldKind(
                kind="text",
                min_length=found.get("min_length"),
                max_length=found.get("max_length"),
                pattern=found.get("pattern"),
                **common,
            )
        return None
    if typing.get_origin(inner) is tuple:
        item = typing.get_args(inner)[0]
        if unwrap_annotation(item) is str:
            # The constraints of each item (an id's pattern and length).
            each = _constraints(FieldInfo.from_annotation(item))
            return FieldKind(
                kind="list",
                min_length=each.get("min_length"),
                max_length=each.get("max_length"),
                pattern=each.get("pattern"),
                **common,
            )
    return None


def _dtype(kind: FieldKind) -> pl.DataType:
    import polars as pl

    if kind.kind == "decimal":
        return pl.Decimal(38, kind.places if kind.places is not None else 6)
    if kind.kind == "integer":
        return pl.Int64()
    if kind.kind == "number":
        return pl.Float64()
    if kind.kind == "flag":
        return pl.Boolean()
    if kind.kind == "list":
        return pl.List(pl.String)
    return pl.String()


def frame_schema(model: type[BaseModel]) -> dict[str, pl.DataType]:
    """The column types of ``model``'s frame (see the module docstring)."""
    kinds = field_kinds(model)
    if kinds is None:
        raise TypeError(f"{model.__name__} has fields a frame cannot hold")
    return {name: _dtype(kind) for name, kind in kinds.items()}


def _cell(kind: FieldKind, value: Any, reveal_pii: bool) -> Any:
    if value is None:
        return None
    if kind.kind == "label":
        return value.value
    if kind.kind == "date":
        return value.isoformat()
    if kind.kind == "list":
        return list(value)
    if isinstance(value, Masked):
        return value.reveal() if reveal_pii else value.masked
    return value


def records_frame(
    model: type[BaseModel],
    records: Sequence[BaseModel],
    *,
    reveal_pii: bool = False,
    extra: Mapping[str, Sequence[Any]] | None = None,
) -> pl.DataFrame:
    """``records`` of ``model`` as a frame, one row each; personal values masked unless
    ``reveal_pii``. ``extra`` adds columns (such as the row each record came from) first."""
    import polars as pl

    kinds = field_kinds(model)
    if kinds is None:
        raise TypeError(f"{model.__name__} has fields a frame cannot hold")
    columns: dict[str, Any] = {}
    schema: dict[str, Any] = {}
    for name, values in (extra or {}).items():
        columns[name] = list(values)
    for name, kind in kinds.items():
        columns[name] = [_cell(kind, getattr(r, name), reveal_pii) for r in records]
        schema[name] = _dtype(kind)
    frame = pl.DataFrame(columns, schema_overrides=schema)
    return frame.select(*(extra or {}), *kinds)


def frame_records(model: type[BaseModel], frame: pl.DataFrame) -> list[Any]:
    """The records of ``model`` whose values ``frame`` holds (its other columns ignored).

    The values are trusted as validated: a frame laoganbu made, or one whose values have been
    checked. Blank (null) values are left to the field's default, as an import leaves them;
    the records are made as an import makes them (see ``laoganbu.io.columnar``), a column
    at a time. A nested record's fields are read from columns named ``<field>_<subfield>``
    (a cadre's ``health_status``), as :meth:`~laoganbu.Roster.frame` writes them.

    Raises:
        InvalidValueError: a row's values disagree with each other (a check across fields
            fails), or personal values are masked.
    """
    records = build_records(model, frame)
    failed = [i for i, r in enumerate(records) if r is None]
    if failed:
        raise InvalidValueError(
            f"{len(failed)} rows of the frame fail {model.__name__}'s checks (the first is"
            f" row {failed[0]}); a masked frame cannot be read back / 数据未通过校验"
        )
    return records


def build_records(
    model: type[BaseModel],
    frame: pl.DataFrame,
    extra: Mapping[str, list[Any]] | None = None,
) -> list[Any]:
    """:func:`frame_records`, with ``None`` for each row whose checks across fields fail;
    ``extra`` gives fields validated already (a parent's child records, ``MISSING`` where
    none)."""
    from laoganbu.io.reader import _long_lived_allocations

    records: list[Any] = []
    # Text that repeats from row to row (a record's cadre, a meeting's attendees) is held once.
    shared: dict[str, str] = {}
    with _long_lived_allocations():  # millions of objects kept: keep the collector out
        # Some thousands of rows at a time: their values as Python objects are held for one
        # slice only, beside the records they become.
        for start in range(0, frame.height, _SLICE):
            part = frame.slice(start, _SLICE)
            more = {k: v[start : start + _SLICE] for k, v in (extra or {}).items()}
            records.extend(_build_slice(model, part, more, shared))
    return records


def sound_rows(model: type[BaseModel], frame: pl.DataFrame) -> list[bool]:
    """Per row of ``frame`` (recognised cells, in the frame convention), whether it certainly
    makes a record: its nested records (a cadre's health) validate and its checks across
    fields pass, as column expressions say. Such rows can wait as columns until their records
    are wanted; the others are made at once, to report the ones that fail."""
    from laoganbu.io.columnar import builder_for
    from laoganbu.io.consistency import consistent

    builder = builder_for(model)
    sound = [True] * frame.height
    if builder.after:
        flags = consistent(model, frame)
        if flags is None:
            return [False] * frame.height
        sound = flags
    for name, info in model.model_fields.items():
        inner = unwrap_annotation(info.annotation)
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            continue
        sub = builder.fields[name].nested
        assert sub is not None
        cells = _nested_cells(frame, name, sub.fields)
        if cells:
            _, _, bad = sub.build_shared(cells)
            for i in bad:
                sound[i] = False
    return sound


#: Rows made into records together (see :func:`build_records`).
_SLICE: Final = 20_000


def _build_slice(
    model: type[BaseModel],
    frame: pl.DataFrame,
    extra: Mapping[str, list[Any]],
    shared: dict[str, str],
) -> list[Any]:
    import polars as pl

    from laoganbu.io.columnar import Validated, builder_for
    from laoganbu.io.consistency import consistent

    builder = builder_for(model)
    columns: dict[str, list[Any]] = {}
    bits: list[pl.Expr] = []
    nested: list[str] = []
    bad: set[int] = set()
    for name, info in model.model_fields.items():
        inner = unwrap_annotation(info.annotation)
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            nested.append(name)
            continue
        if name not in frame.columns:
            continue
        kind = field_kind(model, name)
        if kind is None:
            continue
        given = (pl.col(name).list.len() > 0) if kind.kind == "list" else pl.col(name).is_not_null()
        bits.append(pl.when(given.fill_null(False)).then(builder.bits[name]).otherwise(0))
        column = frame.get_column(name)
        values = column.to_list()
        if kind.kind == "text" and not kind.personal and column.n_unique() * 2 < frame.height:
            keep = shared.setdefault
            values = [v if v is None else keep(v, v) for v in values]
        columns[name] = _column(kind, values, builder.fields[name], shared)
    present = frame.select(pl.sum_horizontal(bits) if bits else pl.lit(0)).to_series().to_list()
    for name in nested:
        sub = builder.fields[name].nested
        assert sub is not None
        cells = _nested_cells(frame, name, sub.fields)
        if not cells:
            continue
        # Validated as an import validates them: distinct combinations, each once.
        records, nested_present, nested_bad = sub.build_shared(cells)
        bad |= nested_bad
        default = builder.fields[name].default_value()
        columns[name] = [r if p else default for r, p in zip(records, nested_present, strict=True)]
        bit = builder.bits[name]
        present = [p | bit if q else p for p, q in zip(present, nested_present, strict=True)]
    validated = Validated(columns, present, bad)
    for name, values in extra.items():
        validated = builder.with_column(validated, name, values)
    return builder.build(validated, consistent(model, frame))


def _nested_cells(frame: pl.DataFrame, name: str, fields: Iterable[str]) -> dict[str, list[Any]]:
    """The cells of a nested record's fields, from the columns ``<name>_<field>`` the frame
    has (a cadre's ``health_status`` …)."""
    return {
        f: frame.get_column(f"{name}_{f}").to_list()
        for f in fields
        if f"{name}_{f}" in frame.columns
    }


def _column(
    kind: FieldKind, values: list[Any], field: Any, shared: dict[str, str] | None = None
) -> list[Any]:
    """A frame column's values as the field holds them (its default where null)."""
    default = field.default_value()
    if kind.kind == "list":
        # A list's items repeat across rows (a meeting's attendees are the branch's members):
        # each distinct item is held once, not once per row.
        keep = (shared if shared is not None else {}).setdefault
        return [tuple([keep(item, item) for item in v]) if v else default for v in values]
    if kind.kind in ("label", "date"):
        # Few distinct values: each converted once, then looked up (in C).
        convert = kind.type if kind.kind == "label" else PartialDate.parse
        lookup = {v: convert(v) for v in set(values) if v is not None}
        lookup[None] = default
        return list(map(lookup.__getitem__, values))
    if kind.personal:
        return _personal(kind, values, default)
    if kind.kind == "decimal":
        # As written (12.5 stays 12.5): a recogniser gives the text, a frame a Decimal.
        return [
            default if v is None else decimal.Decimal(v) if isinstance(v, str) else v
            for v in values
        ]
    return values if default is None else [default if v is None else v for v in values]


def _personal(kind: FieldKind, values: list[Any], default: Any) -> list[Any]:
    """Personal values of a column, made without validating them again (they were); a frame
    of masked values cannot give the real ones back."""
    cls = kind.type
    masked = next((v for v in values if v is not None and cls.looks_masked(v)), None)
    if masked is not None:
        raise InvalidValueError(
            f"{kind.name}: the frame holds masked values ({cls.mask(masked)}); make it"
            " with reveal_pii=True to read records back / 该列已脱敏，无法还原为记录"
        )
    new = object.__new__
    put = Masked.__dict__["_value"].__set__  # the slot's own setter
    out: list[Any] = []
    append = out.append
    for v in values:
        if v is None:
            append(default)
        else:
            value = new(cls)
            put(value, v)
            append(value)
    return out


#: The tables whose rows a frame can hold, and the fields of each that name another table's
#: records (what :func:`~laoganbu.Roster.check` checks for them).
REFERENCES: Final[Mapping[str, Mapping[str, str]]] = {
    "service_records": {"cadre_id": "cadres"},
    "life_events": {"cadre_id": "cadres"},
    "payments": {"cadre_id": "cadres"},
    "pay_bases": {"cadre_id": "cadres"},
    "medical_claims": {"cadre_id": "cadres"},
    "clearance_plans": {"cadre_id": "cadres", "unit_id": "units"},
    "budgets": {"unit_id": "units", "grid_id": "grids"},
    "requests": {"cadre_id": "cadres", "assigned_unit_id": "units"},
    "supports": {"organization_id": "organizations", "grid_id": "grids", "unit_id": "units"},
    "meetings": {"organization_id": "organizations", "attendee_ids": "cadres"},
    "volunteer_activities": {"team_id": "volunteer_teams", "participant_ids": "cadres"},
    "care_plans": {"cadre_id": "cadres", "responsible_unit_id": "units"},
}
