"""Fixtures shared by the test modules: a real PostgreSQL server for the store's tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.postgres import NoServerUser, running_server, server_binaries


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """The URL of a PostgreSQL server started for this session (without a database);
    skipped, saying why, only when no server binaries are found."""
    binaries = server_binaries()
    if binaries is None:
        pytest.skip(
            "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in"
            " /usr/lib/postgresql/*/bin: the PostgreSQL variant is skipped"
            " (apt-get install postgresql, or run .ci/run)"
        )
    pytest.importorskip("psycopg", reason="psycopg is not installed: pip install -e '.[dev]'")
    try:
        server = running_server(binaries)
        url = server.__enter__()
    except NoServerUser as exc:
        pytest.skip(str(exc))
    try:
        yield url
    finally:
        server.__exit__(None, None, None)
