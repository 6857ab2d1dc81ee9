"""A roster's tables as polars frames: what :meth:`laoganbu.Roster.frame` gives.

One frame a table, one row a record, for every table a roster is read from: those of
:data:`~laoganbu.models.roster.TABLES`, and the child tables of
:data:`~laoganbu.io.tables.SCHEMAS` — a cadre's contacts, a grid's workers, an organisation's
committee, a group's tasks — one row a child, with its parent's id in the first column, as in
the child table's CSV file.

The columns are the table's CSV columns under their English headers, in the same order, held
as :mod:`laoganbu.io.frames` holds fields: labels as English codes, dates as ``YYYY-MM`` or
``YYYY-MM-DD`` text, amounts as ``Decimal``, lists of ids as lists of text. A cadre's health
is flattened as in the files (``health_status``, ``health_care_level``, ``health_notes``,
``health_last_check``); lists of records are child tables, never columns.

Personal information — ID numbers, phone numbers, addresses, health — is masked unless
``reveal_pii=True``, as in an export: a masked health column holds ``***`` wherever it has a
value, so a masked frame tells which cadres have health details recorded but not what they are.

The cadres' frame ends with one column that is not in the files, ``retirement_category``
(``male`` for men, ``female-cadre`` for women), so that :func:`laoganbu.batch.retirement`
reads the frame as it comes. It is derived here rather than guessed by the batch rule: the
rule takes any frame of persons, workers as well as cadres, and should not assume a category;
the roster holds cadres, for whom ``female-cadre`` (原法定退休年龄五十五周岁) is the usual case,
as :func:`laoganbu.batch.cadres_frame` assumes. A roster does not record which of the two
female categories applies; set the column where some women were workers (女工人).
"""

from __future__ import annotations

import difflib
import functools
import operator
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Final

import attrs

from laoganbu.errors import InvalidValueError
from laoganbu.io.frames import FieldKind, column_dtype, column_values, field_kind
from laoganbu.io.tables import SCHEMAS, Column, TableSchema, schema_for
from laoganbu.models.cadre import Health
from laoganbu.models.enums import Sex
from laoganbu.models.records import Records
from laoganbu.rules.retirement import RetirementCategory

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.models.cadre import Cadre
    from laoganbu.models.roster import Roster

__all__ = [
    "CATEGORY_COLUMN",
    "frame_columns",
    "retirement_categories",
    "table_frame",
    "table_schema",
]

#: The column of the cadres' frame that is not in the files: each cadre's retirement category,
#: as :func:`laoganbu.batch.retirement` reads it (see the module docstring).
CATEGORY_COLUMN: Final = "retirement_category"

#: What a masked health column holds where it has a value (as an export writes it).
_HEALTH_MASK: Final = "***"


def table_schema(name: str) -> TableSchema:
    """The table called ``name``: its English name (``cadres``), Chinese label (``离退休干部``)
    or another name its files go by (see :func:`~laoganbu.io.tables.schema_for`).

    Raises:
        InvalidValueError: no table is called ``name``.
    """
    schema = schema_for(name)
    if schema is None:
        close = difflib.get_close_matches(name, list(SCHEMAS), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InvalidValueError(
            f"no table {name!r}{hint}; tables are {', '.join(SCHEMAS)} / 没有这个表"
        )
    return schema


@attrs.frozen
class _FrameColumn:
    """One column of a table's frame: where its values are and how they are held."""

    column: Column
    kind: FieldKind
    #: The value from a record (for a child table, from the child).
    get: Any

    @property
    def health(self) -> bool:
        return self.column.personal == "health"


@functools.cache
def _frame_columns(name: str) -> tuple[_FrameColumn, ...]:
    schema = SCHEMAS[name]
    found = []
    for column in schema.columns:
        if column.path[0] == "health":
            kind = field_kind(Health, column.path[1])
        else:
            kind = field_kind(schema.model, column.path[0])
        if kind is None or len(column.path) > 2:  # tables.py flattens only the health record
            raise TypeError(f"{name}.{column.name} cannot be held in a frame")
        getter = operator.attrgetter(".".join(column.path))
        found.append(_FrameColumn(column, attrs.evolve(kind, name=column.name), getter))
    return tuple(found)


def frame_columns(name: str) -> dict[str, pl.DataType]:
    """The columns of a table's frame, in order, with their polars types.

    Raises:
        InvalidValueError: no table is called ``name``.
    """
    import polars as pl

    schema = table_schema(name)
    columns: dict[str, pl.DataType] = {}
    if schema.parent is not None:
        columns[schema.parent.key.name] = pl.String()
    for item in _frame_columns(schema.name):
        columns[item.column.name] = pl.String() if item.health else column_dtype(item.kind)
    if schema.name == "cadres":
        columns[CATEGORY_COLUMN] = pl.String()
    return columns


def retirement_categories(
    cadres: Iterable[Cadre], women: RetirementCategory | str = RetirementCategory.FEMALE_CADRE
) -> list[str]:
    """Each cadre's retirement category as its code: ``male`` for men, ``women`` for women
    (see the module docstring for why women are ``female-cadre`` by default)."""
    by_sex = {
        Sex.MALE: RetirementCategory.MALE.value,
        Sex.FEMALE: RetirementCategory.parse(women).value,
    }
    return [by_sex[cadre.sex] for cadre in cadres]


def table_frame(roster: Roster, name: str, *, reveal_pii: bool = False) -> pl.DataFrame:
    """The records of ``roster``'s table ``name`` as a polars frame, one row each (see the
    module docstring); personal information masked unless ``reveal_pii``.

    Raises:
        InvalidValueError: no table is called ``name``.
    """
    import polars as pl

    schema = table_schema(name)
    records: Sequence[Any]
    values: dict[str, list[Any]] = {}
    if schema.parent is None:
        records = roster.table(schema.name)
        pending = records.pending() if isinstance(records, Records) else None
        if pending is not None:
            return _from_columns(schema, *pending, reveal_pii=reveal_pii)
    else:
        parents = roster.table(schema.parent.table)
        field = schema.parent.field
        pairs = [(parent.id, child) for parent in parents for child in getattr(parent, field)]
        values[schema.parent.key.name] = [parent_id for parent_id, _ in pairs]
        records = [child for _, child in pairs]
    values.update(_record_columns(schema.name, records, reveal_pii))
    if schema.name == "cadres":
        values[CATEGORY_COLUMN] = retirement_categories(roster.cadres)
    return pl.DataFrame(values, schema=frame_columns(schema.name))


def _record_columns(name: str, records: Sequence[Any], reveal_pii: bool) -> dict[str, list[Any]]:
    """The columns of table ``name``'s frame from its records, personal values masked unless
    ``reveal_pii``."""
    values: dict[str, list[Any]] = {}
    for item in _frame_columns(name):
        raw = map(item.get, records)
        if item.health and not reveal_pii:
            # Health is sensitive as a whole: its codes are masked as well as its notes.
            values[item.column.name] = [None if v is None else _HEALTH_MASK for v in raw]
        else:
            values[item.column.name] = column_values(item.kind, raw, reveal_pii=reveal_pii)
    return values


def _from_columns(
    schema: TableSchema,
    frames: list[pl.DataFrame],
    made: list[tuple[int, Any]],
    *,
    reveal_pii: bool,
) -> pl.DataFrame:
    """The frame of a table whose records are not made yet (:class:`Records`): the columns
    they were read into, in the form the records would give them, and the few records made
    already; in row order."""
    import polars as pl

    types = frame_columns(schema.name)
    parts = []
    for frame in frames:
        columns: list[pl.Expr] = [pl.col("row")]
        for item in _frame_columns(schema.name):
            name = item.column.name
            default = item.kind.default
            if name not in frame.columns:
                value = pl.lit(list(default) if isinstance(default, tuple) else default)
            elif default is None:
                value = pl.col(name)
            elif isinstance(default, tuple):  # an empty list is the default, as a record has it
                value = pl.when(pl.col(name).list.len() > 0).then(pl.col(name))
                value = value.otherwise(pl.lit(list(default), dtype=types[name]))
            else:
                value = pl.col(name).fill_null(
                    pl.lit(default.value if hasattr(default, "value") else default)
                )
            if item.health and not reveal_pii:
                value = pl.when(value.is_not_null()).then(pl.lit(_HEALTH_MASK))
            columns.append(value.cast(types[name]).alias(name))
        part = frame.select(columns)
        if not reveal_pii:
            part = part.with_columns(
                pl.Series(item.column.name, _masked(item.kind, part.get_column(item.column.name)))
                for item in _frame_columns(schema.name)
                if item.kind.personal and not item.health
            )
        parts.append(part)
    if made:
        rows = [row for row, _ in made]
        records = [record for _, record in made]
        values: dict[str, list[Any]] = {"row": rows}
        values.update(_record_columns(schema.name, records, reveal_pii))
        typed = {k: v for k, v in types.items() if k != CATEGORY_COLUMN}
        parts.append(pl.DataFrame(values, schema={"row": pl.Int64(), **typed}))
    whole = pl.concat([p.cast({"row": pl.Int64}) for p in parts]).sort("row").drop("row")
    if schema.name == "cadres":
        whole = whole.with_columns(_categories(pl.col("sex")).alias(CATEGORY_COLUMN))
    return whole.select(pl.col(c).cast(t) for c, t in types.items())


def _masked(kind: FieldKind, column: pl.Series) -> list[str | None]:
    mask = kind.type.mask
    return [None if v is None else mask(v) for v in column.to_list()]


def _categories(sex: pl.Expr) -> pl.Expr:
    """Each cadre's retirement category, as :func:`retirement_categories` gives it."""
    import polars as pl

    return sex.replace_strict(
        {
            Sex.MALE.value: RetirementCategory.MALE.value,
            Sex.FEMALE.value: RetirementCategory.FEMALE_CADRE.value,
        },
        return_dtype=pl.String,
    )
