"""Helpers shared by the command modules: console output and progress bars."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = [
    "LOCALITY_OPTION",
    "console",
    "json_text",
    "locality",
    "pct",
    "printable",
    "progress",
]


#: The ``--locality CODE`` option every command that applies rules takes.
LOCALITY_OPTION = click.option(
    "--locality",
    "locality_code",
    default="000000",
    show_default=True,
    metavar="CODE",
    help="GB/T 2260 code of the area whose plugin layers apply (000000: national only).",
)


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


def json_text(data: object, indent: int | None = 2) -> str:
    """``data`` as JSON that any strict parser reads: Chinese as written, and each lone
    surrogate (which strict parsers refuse even escaped) replaced by U+FFFD."""
    return printable(json.dumps(data, ensure_ascii=False, indent=indent))
