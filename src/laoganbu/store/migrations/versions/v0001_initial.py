"""The first layout of the store: its marker, the versions of records and the reveal log.

The tables are written out here, not taken from :mod:`laoganbu.store.schema`: a migration
describes the layout of its day, whatever the code becomes.

Revision ID: 0001_initial
Revises:
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None

_APPEND_ONLY = ("laoganbu_versions", "laoganbu_reveals")


def _seq() -> sa.types.TypeEngine[int]:
    return sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    from laoganbu.__about__ import __version__

    info = op.create_table(
        "laoganbu_store",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "laoganbu_versions",
        sa.Column("seq", _seq(), primary_key=True, autoincrement=True),
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
        sa.UniqueConstraint(
            "table_name", "record_id", "version", name="uq_laoganbu_versions_version"
        ),
    )
    op.create_index("ix_laoganbu_versions_cadre", "laoganbu_versions", ["cadre_id"])
    op.create_table(
        "laoganbu_reveals",
        sa.Column("seq", _seq(), primary_key=True, autoincrement=True),
        sa.Column("revealed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("table_name", sa.String(64), nullable=True),
        sa.Column("record_id", sa.Text(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("fields", sa.Text(), nullable=False),
    )
    op.bulk_insert(
        info,
        [
            {"key": "format", "value": "laoganbu-store"},
            {"key": "created_by", "value": f"laoganbu {__version__}"},
            {"key": "created_at", "value": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")},
        ],
    )
    _refuse_changes()


def _refuse_changes() -> None:
    """Versions and reveals are appended, never changed: the database itself refuses an
    UPDATE or DELETE, whoever connects."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION laoganbu_append_only() RETURNS trigger LANGUAGE plpgsql AS $$"
            " BEGIN RAISE EXCEPTION 'laoganbu: % is append-only', TG_TABLE_NAME; END $$"
        )
        for table in _APPEND_ONLY:
            op.execute(
                f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}"
                " FOR EACH ROW EXECUTE FUNCTION laoganbu_append_only()"
            )
            op.execute(
                f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}"
                " FOR EACH STATEMENT EXECUTE FUNCTION laoganbu_append_only()"
            )
        return
    for table in _APPEND_ONLY:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table}"
                f" BEGIN SELECT RAISE(ABORT, 'laoganbu: {table} is append-only'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP FUNCTION laoganbu_append_only() CASCADE")
    for table in ("laoganbu_reveals", "laoganbu_versions", "laoganbu_store"):
        op.drop_table(table)
