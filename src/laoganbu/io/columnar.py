"""Validating a table a column at a time: the bulk-import path of :mod:`laoganbu.io.reader`.

``Model.model_validate`` costs some 40 µs a cadre, most of it calling laoganbu's own parsers
(dates, bilingual labels, 是/否 flags, masked values) once per cell. A roster's columns repeat
themselves — a few dozen grids, a few hundred birth months, two sexes — so here each column's
*distinct* values go through the field's own validator once, in one call, and every record is
then assembled from the validated values and checked by its model's ``after`` validators.

The result is the record ``model_validate`` would return, field for field (tests hold the two
paths to that). Only rows where everything is valid are built here: a row with any value or
cross-field check that fails is marked, and the reader validates it again the ordinary way, so
that its problems are worded exactly as they always are.
"""

from __future__ import annotations

import functools
import operator
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import repeat
from typing import Annotated, Any, Final

import attrs
from pydantic import BaseModel, TypeAdapter, ValidationError

from laoganbu.io.tables import unwrap_annotation

__all__ = ["MISSING", "ModelBuilder", "Validated", "all_text", "builder_for"]


class _Missing:
    """No value given (see :meth:`ModelBuilder.with_column`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Final = _Missing()

#: Blank cells: ``None``, or ``""`` in text not otherwise changed by reading (see
#: :meth:`ModelBuilder.validate`); as a lookup, blank → no bit.
_BLANK: Final = {None: 0, "": 0}

#: pydantic's own attribute setter for frozen models (what ``model_construct`` uses).
_setattr = object.__setattr__


class _Field:
    """One field of a model: how to validate a column of it, and its default."""

    def __init__(self, model: type[BaseModel], name: str) -> None:
        info = model.model_fields[name]
        self.factory = info.default_factory
        self.default = None if self.factory is not None else info.default
        self.required = info.is_required()
        #: Whether records can be built here with pydantic's own meaning of the default.
        self.supported = not info.validate_default and not info.default_factory_takes_validated_data
        if self.factory is None and not self.required:
            try:
                hash(self.default)
            except TypeError:  # a mutable default, which pydantic copies per record
                self.supported = False
        inner = unwrap_annotation(info.annotation)
        self.nested: ModelBuilder | None = None
        self.adapter: TypeAdapter[list[Any]] | None = None
        self.in_place: TypeAdapter[list[Any]] | None = None
        if isinstance(inner, type) and issubclass(inner, BaseModel):
            self.nested = builder_for(inner)
            self.supported = self.supported and self.nested.supported
        elif typing.get_origin(inner) is not tuple or not _holds_models(inner):
            config = {
                k: v for k, v in model.model_config.items() if k not in ("frozen", "extra", "title")
            }
            annotated: Any = info.annotation
            if info.metadata:
                annotated = Annotated[annotated, *info.metadata]
            self.adapter = TypeAdapter(list[annotated], config=config)  # type: ignore[arg-type]
            if self.default is None and self.factory is None:
                # Blank cells (None) pass through this one untouched: for columns whose values
                # rarely repeat (names, ID numbers), validated in place without deduplicating.
                self.in_place = TypeAdapter(list[annotated | None], config=config)  # type: ignore[arg-type]

    def default_value(self) -> Any:
        """What the field holds when no value is given."""
        return self.factory() if self.factory is not None else self.default  # type: ignore[call-arg]

    def validate(self, cells: Sequence[Any]) -> tuple[list[Any], set[int]]:
        """The validated column, with the default for blank (``None``) cells, and the rows
        whose value failed (or is blank when the field is required)."""
        if self.in_place is not None and _mostly_distinct(cells):
            values, bad = self._validate_in_place(cells)
        else:
            values, bad = self._validate_distinct(cells)
        if self.required and (None in cells or "" in cells):
            bad |= {i for i, c in enumerate(cells) if c is None or c == ""}
        return values, bad

    def _validate_in_place(self, cells: Sequence[Any]) -> tuple[list[Any], set[int]]:
        assert self.in_place is not None
        if "" in cells:
            cells = [None if c == "" else c for c in cells]
        return _validate_all(self.in_place, list(cells))

    def _validate_distinct(self, cells: Sequence[Any]) -> tuple[list[Any], set[int]]:
        """Each distinct value is validated once; the rows holding it share the result."""
        assert self.adapter is not None
        keys: Sequence[Any] = cells
        distinct = dict.fromkeys(cells)
        blanks: tuple[Any, ...] = (None, "")
        if not all_text(distinct):
            # True == 1 == 1.0 as dict keys: cells other than text are told apart by type too.
            keys = list(zip(map(type, cells), cells, strict=True))
            distinct = dict.fromkeys(keys)
            blanks = ((type(None), None), (str, ""))
        for blank in blanks:
            distinct.pop(blank, None)
        inputs = list(distinct) if keys is cells else [cell for _, cell in distinct]
        values, failed_at = _validate_all(self.adapter, inputs)
        lookup = dict(zip(distinct, values, strict=True))
        for blank in blanks:
            lookup[blank] = self.default
        bad: set[int] = set()
        if failed_at:
            failed = {key for j, key in enumerate(distinct) if j in failed_at}
            bad = {i for i, key in enumerate(keys) if key in failed}
        return list(map(lookup.__getitem__, keys)), bad


def _mostly_distinct(cells: Sequence[Any]) -> bool:
    """Whether a column's values rarely repeat, judged by its first rows."""
    sample = [c for c in cells[:200] if c is not None]
    return len(set(sample)) > len(sample) // 2


def _holds_models(annotation: Any) -> bool:
    item = typing.get_args(annotation)[0]
    return isinstance(item, type) and issubclass(item, BaseModel)


def all_text(values: Iterable[Any]) -> bool:
    """Whether every value is text or ``None``: such values may share one dict key only when
    equal (``True``, ``1`` and ``1.0`` are one key)."""
    return all(type(v) is str or v is None for v in values)


def _validate_all(adapter: TypeAdapter[list[Any]], items: list[Any]) -> tuple[list[Any], set[int]]:
    """Validated values aligned with ``items`` (``MISSING`` where one failed), and the
    positions of those that failed."""
    try:
        return adapter.validate_python(items), set()
    except ValidationError as exc:
        places = [e["loc"][0] if e["loc"] else None for e in exc.errors()]
    failed = {i for i in places if isinstance(i, int)}
    if len(failed) != len(set(places)):
        # An error not placed on one item: let every row take the ordinary path.
        return [MISSING] * len(items), set(range(len(items)))
    rest = [v for i, v in enumerate(items) if i not in failed]
    good = iter(adapter.validate_python(rest)) if rest else iter(())
    return [MISSING if i in failed else next(good) for i in range(len(items))], failed


@attrs.frozen
class Validated:
    """A chunk of rows validated column by column.

    Attributes:
        columns: field name → value per row (the field's default where the cell was blank).
        present: per row, one bit per field (in field order) given a value.
        bad: rows with a value that failed, to be validated the ordinary way.
    """

    columns: dict[str, list[Any]]
    present: list[int]
    bad: set[int]


class ModelBuilder:
    """Builds records of one model from validated columns; see the module docstring."""

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        self.fields = {name: _Field(model, name) for name in model.model_fields}
        self.bits = {name: 1 << i for i, name in enumerate(self.fields)}
        decorators = model.__pydantic_decorators__
        self.supported = all(f.supported for f in self.fields.values()) and not (
            model.__private_attributes__
            or decorators.field_validators
            or decorators.validators
            or decorators.root_validators
            or model.__pydantic_post_init__
            or model.model_config.get("extra") == "allow"
            or any(d.info.mode != "after" for d in decorators.model_validators.values())
        )
        #: The model's ``after`` validators, in the order pydantic runs them.
        self.after: tuple[Callable[[Any], Any], ...] = tuple(
            d.func for d in decorators.model_validators.values()
        )
        self._fields_sets: dict[int, set[str]] = {}

    def validate(self, columns: Mapping[str, Sequence[Any]], rows: int) -> Validated:
        """Validate cells column by column: field name → cells (``None`` or ``""`` when blank),
        a nested model's fields as ``"field.sub"``."""
        out: dict[str, list[Any]] = {}
        bad: set[int] = set()
        present = [0] * rows
        always = 0
        nested: dict[str, dict[str, Sequence[Any]]] = {}
        for key, cells in columns.items():
            name, _, sub = key.partition(".")
            if sub:
                nested.setdefault(name, {})[sub] = cells
                continue
            field = self.fields[name]
            if field.adapter is None:
                raise ValueError(f"{self.model.__name__}.{name} is not a column")
            out[name], failed = field.validate(cells)
            bad |= failed
            bit = self.bits[name]
            if None in cells or "" in cells:
                blank = map(_BLANK.get, cells, repeat(bit))
                present = list(map(operator.or_, present, blank))
            else:
                always |= bit
        for name, sub_columns in nested.items():
            builder = self.fields[name].nested
            assert builder is not None
            records, nested_present, nested_bad = builder.build_shared(sub_columns)
            bad |= nested_bad
            # A nested record with nothing filled in is the parent's default, as when the
            # nested object is left out.
            default = self.fields[name].default_value()
            out[name] = [r if p else default for r, p in zip(records, nested_present, strict=True)]
            bit = self.bits[name]
            present = [p | bit if q else p for p, q in zip(present, nested_present, strict=True)]
        if always:
            present = [p | always for p in present]
        return Validated(out, present, bad)

    def build_shared(
        self, columns: Mapping[str, Sequence[Any]]
    ) -> tuple[list[Any], list[int], set[int]]:
        """Records of a nested model (a cadre's health), one per distinct combination of cells
        and shared by the rows that have it: the models are immutable, and such combinations
        repeat. Returns the records per row, their presence bits, and the rows that failed."""
        if not all(all_text(dict.fromkeys(column)) for column in columns.values()):
            # Cells other than text may be equal as keys and differ as values (True, 1).
            inner = self.validate(columns, len(next(iter(columns.values()))))
            return self.build(inner), inner.present, inner.bad
        keys = list(zip(*columns.values(), strict=True))
        index: dict[tuple[Any, ...], int] = {}
        for key in keys:
            index.setdefault(key, len(index))
        rows_to = list(map(index.__getitem__, keys))
        distinct = list(index)
        inner = self.validate(
            {name: [key[n] for key in distinct] for n, name in enumerate(columns)}, len(distinct)
        )
        records = self.build(inner)
        bad = {i for i, j in enumerate(rows_to) if j in inner.bad} if inner.bad else set()
        return (
            list(map(records.__getitem__, rows_to)),
            list(map(inner.present.__getitem__, rows_to)),
            bad,
        )

    def with_column(self, validated: Validated, name: str, cells: list[Any]) -> Validated:
        """``validated`` and a column of values validated already (``MISSING`` where blank),
        such as a parent's records from a child table."""
        default = self.fields[name].default_value()
        bit = self.bits[name]
        present = [
            p if c is MISSING else p | bit for p, c in zip(validated.present, cells, strict=True)
        ]
        column = [default if c is MISSING else c for c in cells]
        return Validated({**validated.columns, name: column}, present, validated.bad)

    def build(self, validated: Validated, consistent: Sequence[bool] | None = None) -> list[Any]:
        """One record per row; ``None`` for rows in ``validated.bad``, and for rows whose
        ``after`` validator fails, which are added to ``validated.bad``. Rows ``consistent``
        marks (checked across fields already, as columns) skip the ``after`` validators."""
        bad = validated.bad
        rows = len(validated.present)
        names = list(self.fields)
        columns = []
        for name, field in self.fields.items():
            column = validated.columns.get(name)
            if column is None:
                column = [field.default_value()] * rows
            columns.append(column)
        fields_sets = self._fields_sets
        for mask in set(validated.present).difference(fields_sets):
            fields_sets[mask] = {n for n in names if mask & self.bits[n]}
        model = self.model
        new = model.__new__
        records: list[Any] = []
        append = records.append
        # The dicts are made in C (map, zip); the loop only makes the instance.
        dicts = map(dict, map(zip, repeat(names), zip(*columns, strict=True)))
        for values, mask in zip(dicts, validated.present, strict=True):
            record = new(model)
            _setattr(record, "__dict__", values)
            _setattr(record, "__pydantic_fields_set__", fields_sets[mask])
            _setattr(record, "__pydantic_extra__", None)
            _setattr(record, "__pydantic_private__", None)
            append(record)
        for i in bad:
            records[i] = None
        if self.after:
            for i, record in enumerate(records):
                if record is None or (consistent is not None and consistent[i]):
                    continue
                try:
                    for check in self.after:
                        record = check(record)
                except (ValueError, AssertionError):
                    bad.add(i)
                    record = None  # type: ignore[assignment]
                records[i] = record
        return records


@functools.cache
def builder_for(model: type[BaseModel]) -> ModelBuilder:
    """The (cached) builder of ``model``."""
    return ModelBuilder(model)
