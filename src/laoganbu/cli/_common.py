"""Helpers shared by the command modules: console output, progress bars, output paths."""

from __future__ import annotations

import functools
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast

import click

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:
    from laoganbu.locality import Locality
    from laoganbu.models.roster import Roster

__all__ = [
    "FORCE_OPTION",
    "LOCALITY_OPTION",
    "NOT_DUPLICATES_OPTION",
    "ROSTER_HELP",
    "ROSTER_OPTION",
    "UNUSABLE",
    "checked_output",
    "checked_roster_output",
    "console",
    "fail",
    "json_text",
    "locality",
    "named_input",
    "pct",
    "printable",
    "progress",
    "roster_and_ledger",
    "unusable",
]


#: The ``--locality CODE`` option every command that applies rules takes.
LOCALITY_OPTION = click.option(
    "--locality",
    "locality_code",
    default="000000",
    show_default=True,
    metavar="CODE",
    help="地区代码 / GB/T 2260 code of the area whose plugin layers apply (000000: national only).",
)


ROSTER_HELP = "花名册 / The roster: a folder of CSV files, an .xlsx or a .json file."

#: The ``--roster PATH`` option of the commands that take the roster as a named input.
ROSTER_OPTION = click.option(
    "--roster",
    "roster_path",
    type=click.Path(path_type=Path),
    required=True,
    metavar="PATH",
    help=ROSTER_HELP,
)


class _RequiredInput(click.Option):
    """An option the command checks itself (its positional spelling may stand in for it),
    marked ``[required]`` in the help as click marks the options it checks."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        return record[0], f"{record[1]}  [required]"


def named_input(
    flag: str,
    dest: str,
    *,
    help: str,
    metavar: str = "PATH",
    required: bool = True,
    type: Any = None,
) -> Callable[[F], F]:
    """The option ``flag`` (stored as ``dest``), which also takes, for one release, the
    positional spelling of 0.x with a deprecation note.

    Every input of a command is an option named for what it is (``--roster``, ``--records``,
    ``--proposal``, ``--name``): a positional argument is accepted only where 0.x took one,
    hidden from the help, and saying what to write instead.
    """
    kind = type if type is not None else click.Path(path_type=Path)
    positional = f"{dest}_positional"

    def decorate(function: F) -> F:
        @functools.wraps(function)
        def command(**values: Any) -> Any:
            old = values.pop(positional, None)
            if old is not None:
                if values.get(dest) is not None:
                    raise click.UsageError(
                        f"{flag} is given twice, as the option and as a positional argument;"
                        " with the options, give no positional arguments"
                        f" / {flag} 重复给出：使用选项时不要再写位置参数"
                    )
                click.echo(
                    f"note: giving {flag} as a positional argument is deprecated; write"
                    f" {flag} {metavar} / 注意：位置参数写法已弃用，请写 {flag} {metavar}",
                    err=True,
                )
                values[dest] = old
            if required and values.get(dest) is None:
                raise click.UsageError(f"Missing option '{flag}' / 缺少选项 {flag}")
            return function(**values)

        with_option = click.option(
            flag,
            dest,
            type=kind,
            metavar=metavar,
            help=help,
            cls=_RequiredInput if required else click.Option,
        )(command)
        return cast(
            F, click.argument(positional, type=kind, required=False, metavar="")(with_option)
        )

    return decorate


#: The ``--force`` option of every command that writes files.
#: A file of cadre pairs a bureau found to be two people (``validate``, ``dedup``).
NOT_DUPLICATES_OPTION = click.option(
    "--not-duplicates",
    "known",
    type=click.Path(path_type=Path),
    help="已确认不是同一人的编号对，不再提示 / A CSV file of cadre pairs found to be two people"
    " (columns cadre_id, other_id / 干部编号, 另一干部编号): not reported as likely"
    " duplicates again.",
)

FORCE_OPTION = click.option(
    "--force",
    is_flag=True,
    help="覆盖已存在的输出（不会覆盖本命令的输入） / Replace an existing output (never one of"
    " the command's inputs).",
)


def checked_output(
    path: Path,
    *,
    force: bool,
    inputs: Iterable[str | os.PathLike[str] | None] = (),
    folder: bool = False,
) -> Path:
    """``path`` if the command may write it; otherwise the reason on stderr and exit status 2
    (see :func:`laoganbu.io.files.check_target`)."""
    from laoganbu.errors import OutputExistsError
    from laoganbu.io.files import check_target

    try:
        return check_target(path, overwrite=force, inputs=inputs, folder=folder)
    except OutputExistsError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


def checked_roster_output(
    path: Path,
    *,
    option: str,
    reveal_pii: bool,
    force: bool,
    inputs: Iterable[str | os.PathLike[str] | None] = (),
) -> Path:
    """``path`` if a command may write a roster to be read back there (a folder, ``.xlsx`` or
    ``.json``); otherwise the reason on stderr and exit status 2. Such a roster holds personal
    values unmasked — a masked one cannot be read back — so ``--reveal-pii`` is required."""
    if not reveal_pii:
        fail(
            f"{option} writes ID numbers and other personal values, and a masked roster cannot"
            f" be read back: add --reveal-pii / {option} 须写出未脱敏的个人信息，请加 --reveal-pii"
        )
    if path.suffix.lower() not in ("", ".xlsx", ".json"):
        kinds = "a folder (no suffix), .xlsx or .json / 须为文件夹、.xlsx 或 .json"
        fail(f"{option} {path.name}: {kinds}")
    return checked_output(path, force=force, inputs=inputs, folder=not path.suffix)


def locality(code: str = "000000") -> Locality:
    """The locality ``code`` with the plugins the command line leaves in; plugin problems are
    printed as warnings on stderr."""
    from laoganbu.locality import Locality

    ctx = click.get_current_context(silent=True)
    disabled = (ctx.find_root().obj or {}).get("disabled", ()) if ctx is not None else ()
    result = Locality(code, disable=disabled)
    for error in result.errors:
        click.echo(f"warning / 提示: {error}", err=True)
    return result


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False)


@contextmanager
def progress(description: str, total: int | None) -> Iterator[Callable[[int], None]]:
    """A progress bar on stderr when it is a terminal; silent otherwise."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    console = Console(stderr=True)
    if not console.is_terminal:
        yield lambda _n: None
        return
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task(description, total=total)
        yield lambda n: bar.update(task, completed=n)


def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


#: Half of a UTF-16 surrogate pair on its own: a JSON file may hold one (``"\\ud800"``), a
#: file name may (bytes that are not UTF-8), but no output encoding can write it.
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD, so that it can be written out."""
    return _LONE_SURROGATE.sub("\ufffd", text)


#: What :func:`fail` says of input that cannot be read or used.
UNUSABLE = "unusable input / 无法读取"


def fail(message: object, *, what: str | None = None) -> NoReturn:
    """Stop with exit status 2: unusable input, or a request that cannot be met.

    The reason goes to standard error, after ``what`` it is when given (:data:`UNUSABLE`);
    under ``--json`` standard output also gets ``{"error": reason, "code": ...}``, so that it
    is one JSON object whatever happens.
    """
    click.echo(printable(f"error: {what}: {message}" if what else f"error: {message}"), err=True)
    context = click.get_current_context(silent=True)
    if context is not None and context.params.get("as_json"):
        code = getattr(message, "code", "error")
        click.echo(json_text({"error": str(message), "code": code}, indent=None))
    sys.exit(2)


def unusable(exc: Exception, *, as_json: bool) -> NoReturn:
    """Stop with exit status 2 for input that cannot be read or used: under ``--json`` only
    the JSON object ``{"error", "code"}`` on standard output (a command that promises one
    object prints nothing else), otherwise the reason on standard error."""
    if as_json:
        code = getattr(exc, "code", "error")
        click.echo(json_text({"error": str(exc), "code": code}, indent=None))
    else:
        click.echo(printable(f"{UNUSABLE}: {exc}"), err=True)
    sys.exit(2)


def json_text(data: object, indent: int | None = 2) -> str:
    """``data`` as JSON that any strict parser reads: Chinese as written, and each lone
    surrogate (which strict parsers refuse even escaped) replaced by U+FFFD."""
    try:
        text = json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:  # NaN or an infinity, which no strict parser reads: null instead
        text = json.dumps(_finite(data), ensure_ascii=False, indent=indent)
    return printable(text)


def _finite(data: object) -> object:
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [_finite(v) for v in data]
    return data


#: Other names a roster folder's ledger file goes by (the bundled sample's ``records.csv``).
_LEDGER_FILES = {"service_records": ("records.csv",)}


def roster_and_ledger(
    roster_path: Path,
    ledger_path: Path | None,
    table: str,
    place: Locality,
    *,
    ledgers: Iterable[str] = (),
    missing: str,
) -> tuple[Roster, Any]:
    """The roster, read with ``ledgers``, and its ledger ``table``.

    The ledger is the file given, else the roster folder's own file, read as columns (it may
    run to millions of rows); a workbook's or JSON roster's is read with it. Without one the
    command stops (exit 2) saying ``missing``: no ledger is not a ledger of nothing. Rejected
    rows are counted on stderr, with the command that lists them.
    """
    from laoganbu.io.frame_reader import read_frame
    from laoganbu.io.reader import read_roster
    from laoganbu.io.tables import SCHEMAS

    if ledger_path is None and roster_path.is_dir():
        for name in (SCHEMAS[table].file_name, *_LEDGER_FILES.get(table, ())):
            if (roster_path / name).is_file():
                ledger_path = roster_path / name
                break
    inside = () if ledger_path is not None else (table,)
    result = read_roster(roster_path, locality=place, ledgers=(*ledgers, *inside))
    roster = result.roster
    if result.rejected:
        click.echo(
            f"warning / 提示: {len(result.rejected)} roster rows rejected; run `laoganbu"
            f" validate --roster {roster_path} --ledgers` to see them",
            err=True,
        )
    if ledger_path is None:
        if not roster.table(table):
            fail(f"{roster_path}: {missing}")
        return roster, roster.table(table)
    ledger = read_frame(ledger_path, table, against=roster)
    if ledger.rejected:
        click.echo(
            f"warning / 提示: {ledger_path}: {len(ledger.rejected)} rows rejected; run"
            f" `laoganbu validate --roster {roster_path} --ledgers` to see them",
            err=True,
        )
    return roster, ledger.data
