"""A real PostgreSQL server for the store's tests, started from the machine's own binaries.

``initdb`` and ``pg_ctl`` are looked for on PATH and in ``/usr/lib/postgresql/*/bin`` (where
Debian and Ubuntu put them; ``.ci/run`` installs them there). The server runs in a temporary
folder on a free port, trusts local connections, and is stopped when the session ends.
initdb refuses to run as root (as CI does): the folder then belongs to the ``postgres`` user,
and the binaries run as that user through ``runuser``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["NoServerUser", "create_database", "running_server", "server_binaries"]


class NoServerUser(RuntimeError):
    """Running as root with no ``postgres`` user: the server cannot be started."""


def server_binaries() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or ``None``."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_server_user(root: Path) -> list[str]:
    """The command prefix that runs the binaries as a user initdb accepts."""
    if os.geteuid() != 0:
        return []
    import pwd

    try:
        user = pwd.getpwnam("postgres")
    except KeyError:
        raise NoServerUser(
            "running as root, and there is no `postgres` user to run the server as (initdb"
            " refuses root): the PostgreSQL variant is skipped (apt-get install postgresql)"
        ) from None
    os.chown(root, user.pw_uid, user.pw_gid)
    runuser = shutil.which("runuser")
    return [runuser, "-u", "postgres", "--"] if runuser else ["su", "postgres", "-c"]


def _run(prefix: list[str], args: list[str]) -> None:
    command = [*prefix, " ".join(args)] if prefix[-1:] == ["-c"] else [*prefix, *args]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:2])} failed:\n{done.stdout}\n{done.stderr}")


@contextmanager
def running_server(binaries: Path) -> Iterator[str]:
    """A PostgreSQL server for the duration of the block; yields its URL without a database
    (``postgresql+psycopg://laoganbu@127.0.0.1:PORT``)."""
    root = Path(tempfile.mkdtemp(prefix="laoganbu-pg-"))
    data, log = root / "data", root / "server.log"
    try:
        prefix = _as_server_user(root)
        port = _free_port()
        initdb, pg_ctl = str(binaries / "initdb"), str(binaries / "pg_ctl")
        _run(prefix, [initdb, "-D", str(data), "-A", "trust", "-U", "laoganbu", "-E", "UTF8",
                      "--locale=C", "--no-sync"])  # fmt: skip
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
        _run(prefix, [pg_ctl, "-D", str(data), "-l", str(log), "-w", "-o", f"'{options}'",
                      "start"] if prefix[-1:] == ["-c"] else
             [pg_ctl, "-D", str(data), "-l", str(log), "-w", "-o", options, "start"])  # fmt: skip
        try:
            yield f"postgresql+psycopg://laoganbu@127.0.0.1:{port}"
        finally:
            _run(prefix, [pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"])
    finally:
        shutil.rmtree(root, ignore_errors=True)


def create_database(server: str, name: str, template: str | None = None) -> str:
    """A new database on ``server`` (a copy of ``template`` if given); its URL."""
    import psycopg

    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as connection:
        copy = f" TEMPLATE {template}" if template else ""
        connection.execute(f"CREATE DATABASE {name}{copy}")  # type: ignore[arg-type]
    return f"{server}/{name}"
