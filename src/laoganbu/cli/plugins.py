"""``laoganbu plugins``: what is installed, for which area, implementing which hooks."""

from __future__ import annotations

import json

import click

from laoganbu.cli import main
from laoganbu.cli._common import console


@main.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the list as JSON.")
@click.pass_context
def plugins_command(ctx: click.Context, as_json: bool) -> None:
    """已安装的插件 / Installed plugins: name, version, jurisdiction and hooks."""
    from laoganbu.plugins import installed_plugins

    plugin_set = installed_plugins((ctx.find_root().obj or {}).get("disabled", ()))
    infos = plugin_set.info()
    if as_json:
        click.echo(json.dumps([i.to_dict() for i in infos], ensure_ascii=False, indent=2))
    else:
        from rich.table import Table

        table = Table(title="插件 Plugins")
        for column in ("名称 Name", "版本 Version", "辖区 Jurisdiction", "钩子 Hooks"):
            table.add_column(column)
        for info in infos:
            where = info.jurisdiction.label if info.jurisdiction else "—"
            hooks = ", ".join(h.removeprefix("laoganbu_") for h in info.hooks)
            table.add_row(info.name, info.version or "—", where, hooks)
        console().print(table)
        if plugin_set.disabled:
            click.echo(f"disabled / 已停用: {', '.join(sorted(plugin_set.disabled))}")
    for error in plugin_set.errors:
        click.echo(f"warning / 提示: {error}", err=True)
