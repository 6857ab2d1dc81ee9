"""The store's schema: made and upgraded by the Alembic migrations shipped in
``laoganbu/store/migrations``, and checked before each use — a database that is not a store,
or was written by a newer laoganbu, is refused before anything is read or written."""

from __future__ import annotations

from pathlib import Path
from typing import Final

import sqlalchemy as sa

from laoganbu.errors import NotAStoreError, StoreError, StoreTooNewError
from laoganbu.store.engine import shown
from laoganbu.store.schema import INFO, STORE_FORMAT, VERSION_TABLE

__all__ = ["check", "head", "upgrade"]

_LOCATION: Final = str(Path(__file__).parent / "migrations")


def head() -> str:
    """The newest schema revision this laoganbu knows."""
    from alembic.script import ScriptDirectory

    found = ScriptDirectory(_LOCATION).get_current_head()
    assert found is not None
    return found


def revisions(connection: sa.Connection) -> tuple[str, ...]:
    """The schema revisions the store is at (one SELECT)."""
    from alembic.runtime.migration import MigrationContext

    context = MigrationContext.configure(connection, opts={"version_table": VERSION_TABLE})
    return tuple(context.get_current_heads())


def check(connection: sa.Connection, url: str | sa.URL, *, for_upgrade: bool = False) -> None:
    """Refuse a database that is not a laoganbu store this laoganbu can use.

    With ``for_upgrade`` (what ``init`` asks), an empty database and a store of an older
    revision pass: the migrations make the one a store and bring the other up to date.

    Raises:
        NotAStoreError: the database holds other tables and no laoganbu store, or is empty.
        StoreTooNewError: the store's schema revision is newer than this laoganbu knows.
        StoreError: the store's revision is older; ``laoganbu db init`` upgrades it.
    """
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    if connection.dialect.name == "postgresql":
        encoding = connection.execute(sa.text("SHOW server_encoding")).scalar()
        if str(encoding).upper() not in ("UTF8", "UTF-8"):
            # Names, addresses and notes are Chinese: another encoding cannot hold them.
            raise NotAStoreError(
                f"{shown(url)} uses the encoding {encoding}; a laoganbu store needs UTF8"
                " (createdb -E UTF8) / 数据库编码须为 UTF8"
            )
    names = set(sa.inspect(connection).get_table_names())
    if INFO.name not in names:
        if not names:
            if for_upgrade:
                return
            raise NotAStoreError(
                f"{shown(url)} is empty, not a laoganbu store yet; `laoganbu db init --url"
                " URL` makes it one / 数据库为空，请先运行 laoganbu db init"
            )
        others = "、".join(sorted(names)[:5]) + ("…" if len(names) > 5 else "")
        raise NotAStoreError(
            f"{shown(url)} is not a laoganbu store: it holds other tables ({others}) and no"
            f" {INFO.name} / 该数据库不是 laoganbu 台账库"
        )
    found = connection.execute(sa.select(INFO.c.value).where(INFO.c.key == "format")).scalar()
    if found != STORE_FORMAT:
        raise NotAStoreError(
            f"{shown(url)} has a {INFO.name} table that does not say it is a laoganbu store"
            " / 该数据库不是 laoganbu 台账库"
        )
    script = ScriptDirectory(_LOCATION)
    found_revisions = revisions(connection)
    for revision in found_revisions:
        try:
            known = script.get_revision(revision)
        except CommandError:
            known = None
        if known is None:
            from laoganbu.__about__ import __version__

            raise StoreTooNewError(
                f"{shown(url)} was written by a newer laoganbu (schema revision {revision!r};"
                f" laoganbu {__version__} knows up to {script.get_current_head()!r}): upgrade"
                " laoganbu to use it / 该台账库由更新版本的 laoganbu 写入，请先升级 laoganbu",
                revision,
            )
    if not for_upgrade and set(found_revisions) != set(script.get_heads()):
        raise StoreError(
            f"{shown(url)} was written by an older laoganbu (schema revision"
            f" {', '.join(found_revisions) or 'none'}); `laoganbu db init --url URL` upgrades it"
            " / 台账库版本较旧，请运行 laoganbu db init 升级"
        )


def upgrade(connection: sa.Connection) -> None:
    """Run the migrations up to the newest revision, in the connection's transaction."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", _LOCATION)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")
