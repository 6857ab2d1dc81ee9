"""The ``laoganbu`` command line.

Exit status: 0 success; 1 the input was read but some rows were rejected (or a check failed);
2 unusable input or bad usage.

Each command lives in the module named for the work it does; importing the module registers its
commands on :data:`main`.
"""

from __future__ import annotations

import sys

import click

from laoganbu.__about__ import __version__
from laoganbu.errors import LaoganbuError

__all__ = ["main", "run"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, prog_name="laoganbu", help="Show the version and exit / 显示版本."
)
@click.option(
    "--disable-plugin",
    "disabled",
    multiple=True,
    metavar="NAME",
    help="Leave out this plugin (repeatable; also LAOGANBU_DISABLE_PLUGINS=a,b)"
    " / 停用此插件（可重复）.",
)
@click.pass_context
def main(ctx: click.Context, disabled: tuple[str, ...]) -> None:
    """laoganbu — 老干部工作: rosters, rules, schedules and reports for veteran-cadre work."""
    ctx.obj = {"disabled": disabled}


def run() -> None:  # pragma: no cover - exercised through the console script
    try:
        main()
    except LaoganbuError as exc:
        from laoganbu.cli._common import printable

        click.echo(printable(f"error: {exc}"), err=True)
        sys.exit(2)


# Registration by import; keep this list sorted.
from laoganbu.cli import plugins, registry, reports, roster, rules, schedule  # noqa: E402, F401
