"""The store's tables, as SQLAlchemy Core sees them (the migrations create them).

Three tables, whatever the roster holds: a table a later release adds to the roster is stored
without a new column here.

* ``laoganbu_store`` — what makes a database a laoganbu store: ``format`` and who made it.
* ``laoganbu_versions`` — every version of every record, never updated or deleted (triggers
  refuse it): the record's table and id, its version number, the cadre it concerns, the day
  it holds from, when and by whom it was written and why, and the values as JSON in the frame
  convention of :mod:`laoganbu.io.frames`.
* ``laoganbu_reveals`` — the reveal log: who saw which personal values, when and why; also
  never updated or deleted.

Alembic's own table is ``laoganbu_alembic_version``, so that it cannot clash with another
application's ``alembic_version``. A store is still made only in an empty database (``init``
refuses one that holds other tables): a database of its own, or a schema of its own on a shared
PostgreSQL server.
"""

from __future__ import annotations

from typing import Final

import sqlalchemy as sa

__all__ = ["INFO", "METADATA", "REVEALS", "STORE_FORMAT", "VERSIONS", "VERSION_TABLE"]

#: Alembic's table of the schema revision.
VERSION_TABLE: Final = "laoganbu_alembic_version"

#: The ``format`` a laoganbu store says it is (``laoganbu_store``).
STORE_FORMAT: Final = "laoganbu-store"

METADATA: Final = sa.MetaData()

#: SQLite numbers a row only by an ``INTEGER PRIMARY KEY``; PostgreSQL may need 64 bits.
_SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

INFO: Final = sa.Table(
    "laoganbu_store",
    METADATA,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text(), nullable=False),
)

VERSIONS: Final = sa.Table(
    "laoganbu_versions",
    METADATA,
    sa.Column("seq", _SEQ, primary_key=True, autoincrement=True),
    sa.Column("table_name", sa.String(64), nullable=False),
    sa.Column("record_id", sa.Text(), nullable=False),
    sa.Column("version", sa.Integer(), nullable=False),
    sa.Column("cadre_id", sa.Text(), nullable=True),
    sa.Column("valid_from", sa.Date(), nullable=True),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.Text(), nullable=False),
    sa.Column("reason", sa.Text(), nullable=True),
    sa.Column("digest", sa.String(64), nullable=False),
    sa.Column("doc", sa.Text(), nullable=False),
    sa.UniqueConstraint("table_name", "record_id", "version", name="uq_laoganbu_versions_version"),
    sa.Index("ix_laoganbu_versions_cadre", "cadre_id"),
)

REVEALS: Final = sa.Table(
    "laoganbu_reveals",
    METADATA,
    sa.Column("seq", _SEQ, primary_key=True, autoincrement=True),
    sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.Text(), nullable=False),
    sa.Column("purpose", sa.Text(), nullable=False),
    sa.Column("table_name", sa.String(64), nullable=True),
    sa.Column("record_id", sa.Text(), nullable=True),
    sa.Column("as_of", sa.Date(), nullable=True),
    sa.Column("fields", sa.Text(), nullable=False),
)
