"""Connecting to a store's database: SQLite in WAL mode or PostgreSQL, and the database's own
errors turned into laoganbu's (never a traceback from the driver)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import sqlalchemy as sa
from sqlalchemy import event

from laoganbu.errors import NotAStoreError, StoreError, StoreUnavailableError

__all__ = ["NOT_A_URL", "WRITE", "database_errors", "make_engine", "parsed_url", "shown"]

#: The execution option of a connection that will write: SQLite takes the write lock when the
#: transaction begins (``BEGIN IMMEDIATE``), so that what it read stays true until it commits.
WRITE: Final = "laoganbu_write"

#: How long an SQLite writer waits for another to finish, in milliseconds.
_BUSY_MS: Final = 30_000

_DRIVERS: Final = {
    "postgresql": "PostgreSQL needs psycopg: pip install 'laoganbu[postgres]'"
    " / 连接 PostgreSQL 须安装 laoganbu[postgres]",
}


#: What is said of a URL that cannot be read: never the URL, which may hold a password.
NOT_A_URL: Final = (
    "the database URL given cannot be read (it is not shown: it may hold a password); write"
    " it as SQLAlchemy does: sqlite:///county.db or postgresql+psycopg://user@host:5432/db"
    " / 数据库地址格式不对"
)


def parsed_url(url: str | sa.URL) -> sa.URL:
    """``url`` read as SQLAlchemy reads it.

    Raises:
        StoreUnavailableError: it cannot be read (a port that is not a number …); the message
            does not show it.
    """
    try:
        return sa.make_url(url)
    except (sa.exc.ArgumentError, ValueError, TypeError):
        raise StoreUnavailableError(NOT_A_URL) from None


def shown(url: str | sa.URL) -> str:
    """The URL as it may be shown: without its password."""
    try:
        return sa.make_url(url).render_as_string(hide_password=True)
    except (sa.exc.ArgumentError, ValueError, TypeError):
        return "<a URL that cannot be read>"


def make_engine(url: str, *, create: bool = False) -> sa.Engine:
    """An engine for ``url`` (as SQLAlchemy writes it). An SQLite file must exist unless
    ``create``; SQLite runs in WAL mode, so that readers never wait for the writer.

    Raises:
        StoreUnavailableError: the URL cannot be read, or names an SQLite file that is not
            there (and ``create`` is false).
        StoreError: the database's driver is not installed.
    """
    parsed = parsed_url(url)
    options: dict[str, Any] = {}
    sqlite = parsed.get_backend_name() == "sqlite"
    if sqlite:
        database = parsed.database or ""
        if database in ("", ":memory:"):
            # One connection, or each would see a database of its own.
            options["poolclass"] = sa.pool.StaticPool
        elif not create and not Path(database).is_file():
            raise StoreUnavailableError(
                f"no SQLite database at {database}; `laoganbu db init --url {shown(parsed)}`"
                " creates one / 数据库文件不存在"
            )
        elif create and not Path(database).parent.is_dir():
            raise StoreUnavailableError(
                f"no folder {Path(database).parent} to create {Path(database).name} in"
                " / 数据库所在文件夹不存在"
            )
    try:
        engine = sa.create_engine(parsed, **options)
    except (ImportError, sa.exc.NoSuchModuleError) as exc:
        hint = _DRIVERS.get(parsed.get_backend_name(), "install its driver / 请安装数据库驱动")
        raise StoreError(f"cannot use {shown(parsed)}: {exc}; {hint}") from None
    if sqlite:
        _sqlite_transactions(engine)
    return engine


def _sqlite_transactions(engine: sa.Engine) -> None:
    """SQLite as a store needs: WAL, a wait for the lock rather than an error, and
    transactions that laoganbu begins itself (the driver's own begin only before the first
    write, leaving the reads before it outside the transaction)."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute(f"PRAGMA busy_timeout={_BUSY_MS}")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: sa.Connection) -> None:
        writes = connection.get_execution_options().get(WRITE, False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


@contextlib.contextmanager
def database_errors(url: str | sa.URL) -> Iterator[None]:
    """The driver's errors as laoganbu's: a database that cannot be reached, or a file that is
    not a database. Other database errors are bugs and pass unchanged."""
    try:
        yield
    except sa.exc.DBAPIError as exc:
        if exc.connection_invalidated or isinstance(exc, sa.exc.InterfaceError):
            raise StoreUnavailableError(_unreachable(url, exc)) from None
        text = str(exc.orig)
        if isinstance(exc, sa.exc.DatabaseError) and "file is not a database" in text:
            raise NotAStoreError(
                f"{shown(url)} is not a database (not an SQLite file) / 不是数据库文件"
            ) from None
        if isinstance(exc, sa.exc.OperationalError):
            raise StoreUnavailableError(_unreachable(url, exc)) from None
        if isinstance(exc, sa.exc.ProgrammingError) and _denied(exc):
            # A role the server refuses: the store is there, this login may not use it.
            raise StoreUnavailableError(
                f"cannot use the database {shown(url)}: permission denied for this user"
                " / 当前用户无权访问该数据库"
            ) from None
        raise


def _denied(exc: sa.exc.DBAPIError) -> bool:
    """Whether the server refused the statement for want of a privilege (SQLSTATE 42501)."""
    return getattr(exc.orig, "sqlstate", None) == "42501" or "permission denied" in str(exc.orig)


def _unreachable(url: str | sa.URL, exc: sa.exc.DBAPIError) -> str:
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else str(exc)
    return f"cannot use the database {shown(url)}: {reason} / 无法连接数据库"
