"""The ``laoganbu`` command line.

Exit status: 0 success; 1 the input was read but some rows were rejected (or a check failed);
2 unusable input or bad usage.

Each command lives in the module named for the work it does; importing the module registers its
commands on :data:`main`. The modules are imported when a command of theirs is called (or the
help lists them), so a small command starts without loading the others.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from laoganbu.__about__ import __version__
from laoganbu.errors import LaoganbuError

__all__ = ["COMMAND_MODULES", "main", "run"]

#: The module that defines each command; keep it sorted by module.
COMMAND_MODULES: dict[str, str] = {
    "care-plans": "laoganbu.cli.care_plans",
    "requests": "laoganbu.cli.followup",
    "arrears": "laoganbu.cli.money",
    "entitlements": "laoganbu.cli.money",
    "plugins": "laoganbu.cli.plugins",
    "political": "laoganbu.cli.political",
    "dedup": "laoganbu.cli.registry",
    "lifecycle": "laoganbu.cli.registry",
    "merge": "laoganbu.cli.registry",
    "transfer": "laoganbu.cli.registry",
    "assess": "laoganbu.cli.reports",
    "report": "laoganbu.cli.reports",
    "demo": "laoganbu.cli.roster",
    "sample": "laoganbu.cli.roster",
    "schema": "laoganbu.cli.roster",
    "validate": "laoganbu.cli.roster",
    "age": "laoganbu.cli.rules",
    "double-high": "laoganbu.cli.rules",
    "lixiu": "laoganbu.cli.rules",
    "params": "laoganbu.cli.rules",
    "party-dues": "laoganbu.cli.rules",
    "retirement": "laoganbu.cli.rules",
    "compliance": "laoganbu.cli.schedule",
    "festivals": "laoganbu.cli.schedule",
    "plan": "laoganbu.cli.schedule",
    "db": "laoganbu.cli.store",
}


#: The help option's text, in both languages like every other option's.
_HELP_HELP = "显示帮助并退出 / Show this message and exit."


def _bilingual_help(option: click.Option | None) -> click.Option | None:
    if option is not None:
        option.help = _HELP_HELP
    return option


class _Command(click.Command):
    """A command whose laoganbu errors become messages here, in one place.

    Input that cannot be read or used (:class:`~laoganbu.errors.UnusableInputError`) is
    reported as such — under ``--json`` as the one JSON object ``{"error", "code"}`` — and any
    other :class:`~laoganbu.errors.LaoganbuError` as ``error: …`` on standard error (with the
    JSON object too under ``--json``); both exit with status 2. A command catches an error
    itself only to say something more specific than this.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from laoganbu.errors import UnusableInputError

        try:
            return super().invoke(ctx)
        except UnusableInputError as exc:
            from laoganbu.cli._common import unusable

            unusable(exc, as_json=bool(ctx.params.get("as_json")))
        except LaoganbuError as exc:
            from laoganbu.cli._common import fail

            fail(exc)

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _bilingual_help(super().get_help_option(ctx))


class _Group(click.Group):
    """A group of :class:`_Command` (and of groups of them)."""

    command_class = _Command
    group_class: type[click.Group] | type[type] | None = type  # a subgroup: its parent's class

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        return _bilingual_help(super().get_help_option(ctx))


class _CommandsByModule(_Group):
    """A group whose commands are registered by importing their module on first use."""

    group_class = _Group

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(self.commands) | set(COMMAND_MODULES))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMAND_MODULES:
            importlib.import_module(COMMAND_MODULES[cmd_name])
        return self.commands.get(cmd_name)

    def load_all(self) -> dict[str, click.Command]:
        """Every command, each module imported (for tools that walk the commands)."""
        for module in sorted(set(COMMAND_MODULES.values())):
            importlib.import_module(module)
        return dict(sorted(self.commands.items()))


@click.group(cls=_CommandsByModule, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(
    __version__, prog_name="laoganbu", help="显示版本 / Show the version and exit."
)
@click.option(
    "--disable-plugin",
    "disabled",
    multiple=True,
    metavar="NAME",
    help="停用此插件（可重复） / Leave out this plugin (repeatable; also"
    " LAOGANBU_DISABLE_PLUGINS=a,b).",
)
@click.pass_context
def main(ctx: click.Context, disabled: tuple[str, ...]) -> None:
    """老干部工作 / laoganbu: rosters, rules, schedules and reports for veteran-cadre work."""
    ctx.obj = {"disabled": disabled}


def run() -> None:  # pragma: no cover - exercised through the console script
    try:
        main()
    except LaoganbuError as exc:
        from laoganbu.cli._common import printable

        click.echo(printable(f"error: {exc}"), err=True)
        sys.exit(2)
