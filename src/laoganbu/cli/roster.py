"""Roster commands: ``demo``, ``validate``, ``sample`` and ``schema``."""

from __future__ import annotations

import json
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import click

from laoganbu.cli import main
from laoganbu.cli._common import (
    FORCE_OPTION,
    LOCALITY_OPTION,
    NOT_DUPLICATES_OPTION,
    ROSTER_HELP,
    named_input,
)
from laoganbu.cli._common import checked_output as _checked_output
from laoganbu.cli._common import console as _console
from laoganbu.cli._common import json_text as _json_text
from laoganbu.cli._common import locality as _locality
from laoganbu.cli._common import pct as _pct
from laoganbu.cli._common import printable as _printable
from laoganbu.cli._common import progress as _progress

# -- demo ---------------------------------------------------------------------------------------


def _sample_folder() -> Path:
    return Path(str(resources.files("laoganbu") / "data" / "sample"))


@main.command()
@LOCALITY_OPTION
def demo(locality_code: str) -> None:
    """示例县 / Load, validate and summarise the bundled sample county."""
    from laoganbu.io.reader import read_roster
    from laoganbu.summary import summarize

    console = _console()
    place = _locality(locality_code)
    result = read_roster(_sample_folder(), locality=place)
    summary = summarize(result.roster, params=place)
    _print_summary(console, summary, result.accepted)
    if result.problems:
        console.print(f"[yellow]{len(result.problems)} problems in the sample data[/]")
        for problem in result.problems[:20]:
            console.print(f"  {_printable(str(problem))}", markup=False)
        sys.exit(1)


def _print_summary(console: Any, summary: Any, accepted: dict[str, int]) -> None:
    from rich.table import Table

    console.print(f"[bold]示例县花名册概况 Sample county summary[/] — {summary.on.label}")
    people = Table(title="人员 People (living)")
    people.add_column("类别 Kind")
    people.add_column("人数 Count", justify="right")
    for label, count in summary.people_by_kind.items():
        people.add_row(label, str(count))
    console.print(people)
    console.print(f"已故 Deceased (not counted above): {summary.deceased}")

    ages = Table(title="年龄 Age bands")
    ages.add_column("年龄段 Band")
    ages.add_column("人数 Count", justify="right")
    for label, count in summary.age_bands.items():
        ages.add_row(label, str(count))
    console.print(ages)
    if summary.average_age_lixiu is not None:
        console.print(
            f"离休干部平均年龄 Average age of 离休 cadres: {summary.average_age_lixiu:.1f}"
        )

    orgs = Table(title="党组织 Party organisations")
    orgs.add_column("层级 Level")
    orgs.add_column("数量 Count", justify="right")
    for label, count in summary.organizations_by_level.items():
        orgs.add_row(label, str(count))
    console.print(orgs)
    console.print(
        f"党员 Party members: {summary.party_members}, in an organisation"
        f" {summary.party_members_in_organization} ({_pct(summary.organization_coverage)})"
    )
    console.print(
        f"网格 Grids: {summary.living_in_grid} of {summary.living} living cadres in a grid"
        f" ({_pct(summary.grid_coverage)}); {summary.bottom_grids_with_worker} of"
        f" {summary.bottom_grids} bottom grids have a worker"
        f" ({_pct(summary.grid_worker_coverage)})"
    )
    counts = ", ".join(f"{k} {v}" for k, v in accepted.items() if v)
    console.print(f"[dim]records: {counts}[/]")


# -- validate -----------------------------------------------------------------------------------


@main.command()
@named_input("--roster", "path", help=ROSTER_HELP)
@click.option("--json", "as_json", is_flag=True, help="以 JSON 输出 / Print the result as JSON.")
@click.option(
    "--reveal-pii",
    is_flag=True,
    help="显示未脱敏的个人信息 / Show personal values in the problems unmasked (explicit opt-in).",
)
@click.option(
    "--ledgers",
    "with_ledgers",
    is_flag=True,
    help="同时检查台账 / Check the ledgers too (service records, life events, transfers,"
    " meetings, volunteer activities, supports).",
)
@NOT_DUPLICATES_OPTION
@LOCALITY_OPTION
def validate(
    path: Path,
    as_json: bool,
    reveal_pii: bool,
    with_ledgers: bool,
    known: Path | None,
    locality_code: str,
) -> None:
    """校验花名册 / Check a roster (a folder of CSV files, an .xlsx workbook or a .json file).

    Checks who and what exists (cadres, units, grids, organisations, teams …); with --ledgers,
    also the ledgers of what happened beside them, which can be far larger. Exit 0 when every
    row is accepted, 1 when any row is rejected, 2 for unusable input. With --json, standard
    output is one JSON object whatever the exit status: the accepted counts, the ledger files
    not read, rejected rows and warnings, or for unusable input {"error": reason, "code": ...}.
    """
    from laoganbu.io.reader import read_roster
    from laoganbu.registry import read_not_duplicates

    pairs = read_not_duplicates(known) if known is not None else []
    with _progress("读取 Reading", None) as tick:
        result = read_roster(
            path,
            progress=lambda _table, n: tick(n),
            locality=_locality(locality_code),
            reveal_pii=reveal_pii,
            ledgers="all" if with_ledgers else (),
            not_duplicates=pairs,
        )
    if as_json:
        click.echo(_json_text(result.to_dict()))
    else:
        _print_validation(result)
    sys.exit(0 if result.ok else 1)


def _print_validation(result: Any) -> None:
    from rich.markup import escape

    console = _console()
    for file, encoding in result.files.items():
        if encoding and encoding not in ("utf-8", "utf-8-sig"):
            shown = escape(_printable(file))
            console.print(f"[dim]{shown}: read as {encoding} / 按 {encoding} 编码读取[/]")
    for p in result.problems:
        mark = "[red]拒绝 rejected[/]" if p.severity == "error" else "[yellow]提示 warning[/]"
        console.print(f"{mark} {escape(_printable(str(p)))}", soft_wrap=True)
    accepted = ", ".join(f"{k} {v}" for k, v in result.accepted.items() if v)
    console.print(f"accepted / 接受: {accepted or 'nothing'}")
    if result.skipped:
        files = "、".join(escape(_printable(f)) for f in result.skipped)
        console.print(
            f"not read / 未读取 (ledgers; add --ledgers / 台账，加 --ledgers 检查): {files}"
        )
    rows = {(p.file, p.row) for p in result.rejected}
    console.print(
        f"rejected / 拒绝: {len(rows)} rows ({len(result.rejected)} problems);"
        f" warnings / 提示: {len(result.warnings)}"
    )


# -- sample -------------------------------------------------------------------------------------


@main.command()
@click.option(
    "--cadres",
    "count",
    type=click.IntRange(min=1),
    default=3000,
    show_default=True,
    help="人数 / How many people the county holds.",
)
@click.option(
    "--seed",
    type=int,
    default=0,
    show_default=True,
    help="随机种子 / The random seed: the same seed writes the same files.",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    metavar="DIR",
    help="写入的文件夹 / The folder to write; it must be new or empty unless --force.",
)
@FORCE_OPTION
@click.option(
    "--records/--no-records",
    default=True,
    show_default=True,
    help="同时写出服务台账 / Also write records.csv, the ledger of services (about 15 rows a"
    " cadre).",
)
@click.option(
    "--plant-duplicates",
    "duplicates",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    metavar="N",
    help="预置N对重复录入，供检验查重 / Enter N of the cadres a second time, half with the same"
    " ID number and half without one, and list the pairs in planted/duplicates.csv, to try"
    " the duplicate check on.",
)
def sample(count: int, seed: int, out: Path, force: bool, records: bool, duplicates: int) -> None:
    """生成示例县数据 / Write a synthetic county to try laoganbu on.

    Deterministic CSV files (Chinese headers, UTF-8 with BOM), the same for the same --cadres
    and --seed."""
    from laoganbu.sample import PLANTED_DUPLICATES, generate_sample

    if duplicates > count:
        raise click.BadParameter(
            f"{duplicates} is more than the {count} cadres / 不能多于干部人数",
            param_hint="'--plant-duplicates'",
        )
    _checked_output(out, force=force, folder=True)
    with _progress("生成 Generating", count) as tick:
        counts = generate_sample(
            out,
            cadres=count,
            seed=seed,
            progress=tick,
            records=records,
            overwrite=force,
            duplicates=duplicates,
        )
    written = ", ".join(f"{k} {v}" for k, v in counts.items())
    click.echo(f"wrote {out}: {written}")
    if duplicates:
        click.echo(
            f"planted {duplicates} duplicate pairs, listed in {out / PLANTED_DUPLICATES}"
            f" / 预置重复录入 {duplicates} 对，见该文件"
        )


# -- schema -------------------------------------------------------------------------------------


@main.command()
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="每个模型一个文件，写入该文件夹 / Write one <Model>.schema.json per model into this"
    " folder instead of printing.",
)
@FORCE_OPTION
def schema(out: Path | None, force: bool) -> None:
    """导出数据模型的 JSON Schema / JSON Schema of every model, for other systems."""
    from laoganbu.io.files import make_folder, write_text_atomic
    from laoganbu.schema import json_schemas

    schemas = json_schemas()
    if out is None:
        click.echo(json.dumps(schemas, ensure_ascii=False, indent=2))
        return
    _checked_output(out, force=force, folder=True)
    make_folder(out)
    for name, body in schemas.items():
        write_text_atomic(
            out / f"{name}.schema.json", json.dumps(body, ensure_ascii=False, indent=2)
        )
    click.echo(f"wrote {len(schemas)} schemas to {out}")
