"""The ledger store's commands: ``db init``, ``db import``, ``db export``, ``db history`` and
``db log`` (see :mod:`laoganbu.store`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from laoganbu.cli import main
from laoganbu.cli._common import (
    FORCE_OPTION,
    LOCALITY_OPTION,
    ROSTER_HELP,
    checked_output,
    checked_roster_output,
    fail,
    json_text,
    printable,
)
from laoganbu.cli._common import locality as _locality

URL_OPTION = click.option(
    "--url",
    required=True,
    metavar="URL",
    help="台账库地址 / The store's database URL as SQLAlchemy writes it: sqlite:///county.db,"
    " postgresql+psycopg://user@host/db.",
)

JSON_OPTION = click.option(
    "--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the result as JSON."
)


def _store(url: str) -> Any:
    import laoganbu.store

    return laoganbu.store.open(url)


def _checked_day(value: str, option: str) -> None:
    from laoganbu.dates import PartialDate
    from laoganbu.errors import InvalidDateError

    try:
        PartialDate.parse(value)
    except InvalidDateError as exc:
        fail(f"{option}: {exc}")


@main.group()
def db() -> None:
    """台账库：历史、审计 / The ledger store: a roster and its ledgers kept for years.

    SQLite (a file) or PostgreSQL; every change keeps the old version, ledgers are
    append-only, and every reveal of personal values is logged. Exit 2 when the database
    cannot be reached, is not a laoganbu store, or was written by a newer laoganbu.
    """


@db.command("init")
@URL_OPTION
def init_command(url: str) -> None:
    """建立或升级台账库 / Make the database a store, or upgrade an older store.

    Creates an SQLite file that does not exist; refuses a database holding other tables.
    """
    with _store(url) as store:
        revision = store.init()
        click.echo(f"store ready / 台账库就绪: {store.url} (schema {revision})")


@db.command("import")
@URL_OPTION
@click.option(
    "--roster", "roster_path", type=click.Path(path_type=Path), required=True, help=ROSTER_HELP
)
@click.option("--actor", required=True, metavar="NAME", help="操作人 / Who imports.")
@click.option("--reason", metavar="TEXT", help="原因 / Why (kept with every version written).")
@click.option(
    "--valid-from",
    metavar="DATE",
    help="生效日期 / The day the records hold from: new records from the start of the records"
    " if not given, changed ones from today.",
)
@JSON_OPTION
@LOCALITY_OPTION
def import_command(
    url: str,
    roster_path: Path,
    actor: str,
    reason: str | None,
    valid_from: str | None,
    as_json: bool,
    locality_code: str,
) -> None:
    """导入花名册 / Import a roster into the store, in one transaction.

    Reads the roster as `laoganbu validate` does and reports the same rejected rows; the
    rest is imported, or nothing if anything fails. Importing the same content again writes
    nothing. Exit 0 when every row is accepted, 1 when rows were rejected (the others are
    imported), 2 for unusable input or a store that cannot be used.
    """
    if valid_from is not None:
        _checked_day(valid_from, "--valid-from")
    with _store(url) as store:
        done = store.import_roster(
            roster_path,
            actor=actor,
            reason=reason,
            valid_from=valid_from,
            locality=_locality(locality_code),
        )
    if as_json:
        click.echo(json_text(done.to_dict()))
    else:
        for problem in done.problems:
            mark = "拒绝 rejected" if problem.severity == "error" else "提示 warning"
            click.echo(printable(f"{mark} {problem}"))
        click.echo(printable(done.explain()))
    sys.exit(0 if done.ok else 1)


@db.command("export")
@URL_OPTION
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    required=True,
    metavar="PATH",
    help="写出的花名册 / Where to write the roster: a folder of CSV files (no suffix), .xlsx"
    " or .json.",
)
@click.option(
    "--as-of",
    metavar="DATE",
    help="截至日期 / The day: who and what existed then, and the ledgers up to it (every"
    " record as it stands now if not given).",
)
@click.option(
    "--reveal-pii",
    is_flag=True,
    help="写出未脱敏的个人信息 / Required: a roster to read back holds personal values"
    " unmasked; the export is logged as a reveal.",
)
@click.option("--actor", metavar="NAME", help="操作人 / Who exports (required, logged).")
@click.option("--purpose", metavar="TEXT", help="用途 / Why (required, logged).")
@FORCE_OPTION
def export_command(
    url: str,
    out: Path,
    as_of: str | None,
    reveal_pii: bool,
    actor: str | None,
    purpose: str | None,
    force: bool,
) -> None:
    """导出花名册 / Write the roster as of a day, to read back or keep.

    Every file is written atomically; an existing output is replaced only with --force. The
    export is logged in the reveal log (who, when, why, as of which day).
    """
    checked_roster_output(out, option="--out", reveal_pii=reveal_pii, force=force)
    if as_of is not None:
        _checked_day(as_of, "--as-of")
    if not actor or not purpose:
        fail("--actor and --purpose are required: the export is logged / 须填写操作人和用途")
    with _store(url) as store:
        written = store.export_roster(
            out, actor=actor, purpose=purpose, as_of=as_of, overwrite=force
        )
    click.echo(printable(f"wrote / 已写出: {written}"), err=True)


@db.command("history")
@URL_OPTION
@click.option("--cadre", "cadre_id", required=True, metavar="ID", help="干部编号 / The cadre.")
@JSON_OPTION
def history_command(url: str, cadre_id: str, as_json: bool) -> None:
    """干部档案历史 / Every version of a cadre's record and of the records about the cadre.

    Services, payments, life events, requests … in the order written, each with the day it
    holds from, when and by whom it was written and why. Personal values masked.
    """
    with _store(url) as store:
        versions = store.cadre_history(cadre_id)
    if not versions:
        fail(f"no cadre {cadre_id!r} in the store / 台账库中没有该干部")
    if as_json:
        click.echo(json_text([v.to_dict() for v in versions]))
        return
    for version in versions:
        click.echo(printable(version.explain()))


@db.command("log")
@URL_OPTION
@JSON_OPTION
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    metavar="PATH",
    help="写出 CSV / Write the log to this CSV file instead of printing it.",
)
@FORCE_OPTION
def log_command(url: str, as_json: bool, out: Path | None, force: bool) -> None:
    """个人信息查看记录 / The reveal log: who saw which personal values, when and why."""
    if out is not None:
        checked_output(out, force=force)
    with _store(url) as store:
        entries = store.reveal_log()
    if out is not None:
        _write_log(out, [e.to_dict() for e in entries])
        click.echo(printable(f"wrote / 已写出: {out} ({len(entries)} entries)"), err=True)
    elif as_json:
        click.echo(json_text([e.to_dict() for e in entries]))
    else:
        for entry in entries:
            click.echo(printable(entry.explain()))


def _write_log(path: Path, rows: list[dict[str, Any]]) -> None:
    import csv

    from laoganbu.io.files import atomic_write
    from laoganbu.io.formulas import neutralise

    columns = ["seq", "revealed_at", "actor", "purpose", "table", "record_id", "as_of", "fields"]
    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(columns)
        for row in rows:
            cells = ["、".join(v) if isinstance(v, list) else v for v in map(row.get, columns)]
            writer.writerow([neutralise("" if c is None else str(c)) for c in cells])
