"""台账库 — the ledger store: a bureau's roster and ledgers kept for years, with their history
and a log of who saw personal information.

One API over two databases, through SQLAlchemy 2 Core: SQLite (a single file, nothing to
run; WAL mode) and PostgreSQL (a bureau's shared server)::

    import laoganbu.store

    store = laoganbu.store.open("sqlite:///county.db")
    store.init()                                    # once: make the database a store
    store.import_roster("roster/", actor="王科员")   # the same checks as laoganbu validate
    roster = store.roster(as_of="2026-03-31")       # who and what existed then, as they stood

Who and what exists (cadres, grids, units …) is versioned: each change keeps the old values,
with the day it holds from, when it was written, by whom and why (:meth:`Store.history`);
two clerks changing one cadre cannot both win (:class:`~laoganbu.errors.VersionConflictError`).
Ledgers (services, payments …) are append-only: a correction is a new row that supersedes.
Revealing personal values needs an actor and a purpose and is logged
(:meth:`Store.reveal`, :meth:`Store.reveal_log`).

Needs the ``store`` extra (``pip install 'laoganbu[store]'``), and ``postgres`` for
PostgreSQL; ``import laoganbu`` loads none of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from laoganbu.errors import StoreError

if TYPE_CHECKING:
    from laoganbu.store.results import RevealEntry, StoredRecord, StoreImport, Version
    from laoganbu.store.store import Store

__all__ = ["RevealEntry", "Store", "StoreImport", "StoredRecord", "Version", "open"]

_INSTALL = (
    "the store needs SQLAlchemy and Alembic: pip install 'laoganbu[store]' (and"
    " 'laoganbu[postgres]' for PostgreSQL) / 台账库须安装 laoganbu[store]"
)


def _require() -> None:
    try:
        import alembic  # noqa: F401
        import sqlalchemy  # noqa: F401
    except ImportError:
        raise StoreError(_INSTALL) from None


def open(url: str) -> Store:
    """The store at ``url``, written as SQLAlchemy writes it: ``sqlite:///county.db`` (a file;
    ``sqlite:////abs/path.db`` for an absolute path) or ``postgresql+psycopg://user@host/db``.

    Nothing is read until the store is used; :meth:`Store.init` makes a new database a store.

    Raises:
        StoreError: SQLAlchemy or Alembic is not installed.
        StoreUnavailableError: the URL cannot be read (a port that is not a number …); the
            message does not show it, which may hold a password.
    """
    _require()
    from laoganbu.store.engine import parsed_url
    from laoganbu.store.store import Store

    parsed_url(url)  # refused now, never echoed: it may hold a password
    return Store(url)


def __getattr__(name: str) -> object:
    if name == "Store":
        _require()
        from laoganbu.store.store import Store

        return Store
    if name in ("RevealEntry", "StoredRecord", "StoreImport", "Version"):
        _require()
        from laoganbu.store import results

        return getattr(results, name)
    raise AttributeError(f"module 'laoganbu.store' has no attribute {name!r}")
