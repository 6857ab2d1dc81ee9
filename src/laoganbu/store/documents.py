"""Records as the store keeps them — one JSON document a record, in the frame convention of
:mod:`laoganbu.io.frames` — and a :class:`~laoganbu.Roster` made back from documents.

A document holds a record's columns as :meth:`Roster.frame <laoganbu.Roster.frame>` gives them
with ``reveal_pii=True`` (codes, dates as text, amounts as decimal text, lists), and for each
child table of its table (a cadre's ``contacts``) the list of its child rows, without the
parent's id. Whatever tables and columns :data:`~laoganbu.io.tables.SCHEMAS` holds are stored
so; a table a later release adds needs no code here.

A roster is made back through the import's own column machinery
(:meth:`Records.from_columns <laoganbu.models.records.Records.from_columns>`): the columns of
each table, its child rows waiting as columns, records made on first use. The values were
validated when they were stored, so nothing is validated twice and nothing is re-invented.
"""

from __future__ import annotations

import decimal
import functools
import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Final

from laoganbu.io.roster_frames import CATEGORY_COLUMN, frame_columns
from laoganbu.io.tables import SCHEMAS, TableSchema
from laoganbu.models.base import IdentifiedRecord
from laoganbu.models.roster import TABLES, Roster

if TYPE_CHECKING:
    import polars as pl

__all__ = [
    "Document",
    "build_roster",
    "canonical",
    "child_schemas",
    "digest",
    "masked",
    "personal_fields",
    "record_documents",
    "table_documents",
]

#: A record's values, column → value, as stored.
Document = dict[str, Any]

#: The masked form of a health value (as exports write it).
_HEALTH_MASK: Final = "***"


@functools.cache
def child_schemas(table: str) -> tuple[TableSchema, ...]:
    """The child tables of ``table`` (a cadre's contacts), whose rows its documents hold."""
    return tuple(s for s in SCHEMAS.values() if s.parent is not None and s.parent.table == table)


def _columns(name: str) -> dict[str, pl.DataType]:
    return {k: v for k, v in frame_columns(name).items() if k != CATEGORY_COLUMN}


def _rows(roster: Roster, name: str) -> list[Document]:
    """A table's frame, unmasked, as rows of JSON values (amounts as decimal text)."""
    import polars as pl

    frame = roster.frame(name, reveal_pii=True)
    if CATEGORY_COLUMN in frame.columns:  # derived from the sex, not stored
        frame = frame.drop(CATEGORY_COLUMN)
    decimals = [c for c, t in frame.schema.items() if isinstance(t, pl.Decimal)]
    if decimals:
        frame = frame.with_columns(pl.col(decimals).cast(pl.String))
    rows: list[Document] = frame.to_dicts()
    return rows


def table_documents(roster: Roster, name: str) -> list[Document]:
    """The documents of the records of ``roster``'s table ``name``, in order, each with its
    child rows (every child table's key present, an empty list where it has none)."""
    docs = _rows(roster, name)
    for child in child_schemas(name):
        assert child.parent is not None
        key = child.parent.key.name
        groups: dict[str, list[Document]] = defaultdict(list)
        for row in _rows(roster, child.name):
            groups[row.pop(key)].append(row)
        for doc in docs:
            doc[child.name] = groups.get(doc["id"], [])
    return docs


def record_documents(table: str, records: Sequence[IdentifiedRecord]) -> list[Document]:
    """The documents of ``records`` of ``table``."""
    return table_documents(Roster(**{table: tuple(records)}), table)


def canonical(doc: Mapping[str, Any]) -> str:
    """``doc`` as the JSON text stored: keys sorted, Chinese as written, no spaces."""
    return json.dumps(doc, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def digest(text: str) -> str:
    """The SHA-256 of a document's text: equal content, equal digest."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _frame(
    name: str, docs: Sequence[Mapping[str, Any]], key: tuple[str, list[str]] | None = None
) -> pl.DataFrame:
    import polars as pl

    types = _columns(name)
    columns: dict[str, list[Any]] = {}
    for column, dtype in types.items():
        if key is not None and column == key[0]:
            columns[column] = key[1]
            continue
        values = [doc.get(column) for doc in docs]
        if isinstance(dtype, pl.Decimal):
            values = [None if v is None else decimal.Decimal(v) for v in values]
        columns[column] = values
    return pl.DataFrame(columns, schema=types)


def build_roster(tables: Mapping[str, Sequence[Document]]) -> Roster:
    """A roster of the documents of each table (tables not given are empty); records are made
    when first used, as an import makes them."""
    import polars as pl

    from laoganbu.models.records import Children, Records

    made: dict[str, Any] = {}
    for name, model in TABLES.items():
        docs = tables.get(name, ())
        if not docs:
            continue
        frame = _frame(name, docs).with_row_index("row").with_columns(pl.col("row").cast(pl.Int64))
        waiting: dict[str, Children] = {}
        for child in child_schemas(name):
            assert child.parent is not None
            parents: list[str] = []
            rows: list[Mapping[str, Any]] = []
            for doc in docs:
                items = doc.get(child.name) or ()
                parents.extend([doc["id"]] * len(items))
                rows.extend(items)
            if rows:
                key = child.parent.key.name
                frame_of = _frame(child.name, rows, (key, parents))
                waiting[child.parent.field] = Children(child.model, frame_of, key)
        made[name] = Records.from_columns(model, [(frame, {}, waiting)])
    return Roster.model_construct(None, **made)


def personal_fields(table: str, doc: Mapping[str, Any]) -> list[str]:
    """The personal columns of a document that hold a value (``contacts.phone`` for a child
    table's), as the reveal log names them."""
    found = [c.name for c in SCHEMAS[table].columns if c.personal and doc.get(c.name) is not None]
    for child in child_schemas(table):
        for column in child.columns:
            if column.personal and any(r.get(column.name) for r in doc.get(child.name) or ()):
                found.append(f"{child.name}.{column.name}")
    return found


def masked(table: str, doc: Mapping[str, Any]) -> Document:
    """``doc`` (the whole of it, or the changes of a version) with its personal values masked,
    as every output shows them unless revealed."""
    out = dict(doc)
    for column in SCHEMAS[table].columns:
        if column.personal and out.get(column.name) is not None:
            out[column.name] = column.mask(str(out[column.name]))
    for child in child_schemas(table):
        if out.get(child.name):
            out[child.name] = [masked(child.name, row) for row in out[child.name]]
    return out


def ids_of(docs: Iterable[Mapping[str, Any]]) -> list[str]:
    return [doc["id"] for doc in docs]
