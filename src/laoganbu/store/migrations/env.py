"""Alembic's environment for the store: run on the connection :mod:`laoganbu.store.migrate`
hands over, in its transaction (no ini file, no logging set-up: a library's migrations)."""

from __future__ import annotations

from alembic import context

from laoganbu.store.schema import VERSION_TABLE

connection = context.config.attributes["connection"]
context.configure(connection=connection, version_table=VERSION_TABLE, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
