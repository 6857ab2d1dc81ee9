"""The command line: exit codes, JSON shapes, and the main job on the sample county."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from laoganbu import id_check_character
from laoganbu.cli import main
from laoganbu.testing import sample_folder

GRIDS = "编号,网格名称,网格层级,上级网格\nG1,县局,1,\nG2,桐城镇,2,G1\nG3,中心村,3,G2\n"
HEADER = "编号,姓名,性别,出生年月,身份证号,人员类别,所在网格\n"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def roster(tmp_path: Path, *rows: str) -> Path:
    (tmp_path / "grids.csv").write_text(GRIDS, encoding="utf-8-sig")
    (tmp_path / "cadres.csv").write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return tmp_path


def test_validate_clean_exits_0(runner: CliRunner, tmp_path: Path) -> None:
    path = roster(tmp_path, "C1,张三,男,1949.12,,退休,G3")
    result = runner.invoke(main, ["validate", "--roster", str(path)])
    assert result.exit_code == 0, result.output
    assert "cadres 1" in result.output


def test_validate_json_shape_and_exit_1(runner: CliRunner, tmp_path: Path) -> None:
    first17 = "14082319491231001"
    bad = first17 + ("0" if id_check_character(first17) != "0" else "1")
    path = roster(tmp_path, "C1,张三,男,1949.12,,退休,G3", f"C2,李四,男,1949.12,{bad},退休,G3")
    result = runner.invoke(main, ["validate", "--roster", str(path), "--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["accepted"]["cadres"] == 1
    [rejected] = data["rejected"]
    assert set(rejected) == {"file", "row", "column", "value", "message", "code", "refers_to"}
    assert (rejected["file"], rejected["row"], rejected["column"]) == ("cadres.csv", 3, "身份证号")
    assert bad not in result.output
    revealed = runner.invoke(main, ["validate", "--roster", str(path), "--json", "--reveal-pii"])
    assert revealed.exit_code == 1
    assert json.loads(revealed.output)["rejected"][0]["value"] == bad


def test_validate_unusable_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["validate", "--roster", str(tmp_path / "missing")])
    assert result.exit_code == 2
    result = runner.invoke(main, ["validate", "--roster", str(tmp_path / "missing"), "--json"])
    assert result.exit_code == 2
    assert "error" in json.loads(result.output)


def test_schema_prints_every_model(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["schema"])
    assert result.exit_code == 0
    schemas = json.loads(result.output)
    assert {"Cadre", "Roster", "Grid", "PartyOrganization", "ServiceRecord"} <= set(schemas)
    assert schemas["Cadre"]["properties"]["name"]["title"] == "姓名"
    result = runner.invoke(main, ["schema", "--out", str(tmp_path / "s")])
    assert result.exit_code == 0
    assert (tmp_path / "s" / "Cadre.schema.json").exists()


def test_demo_summarises_the_bundled_sample(runner: CliRunner) -> None:
    result = runner.invoke(main, ["demo"])
    assert result.exit_code == 0, result.output
    for text in ("离休", "退休", "党支部", "网格"):
        assert text in result.output
    living = result.output.split("People (living)", 1)[1].split("└", 1)[0]
    assert "已故" not in living  # the deceased are counted apart
    assert "已故 Deceased (not counted above)" in result.output


def test_sample_then_validate(runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "county"
    result = runner.invoke(main, ["sample", "--cadres", "200", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    for name in ("cadres.csv", "units.csv", "organizations.csv", "grids.csv"):
        assert (out / name).read_bytes().startswith(b"\xef\xbb\xbf")
    result = runner.invoke(main, ["validate", "--roster", str(out), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["accepted"]["cadres"] == 200


def test_every_command_and_option_has_help_in_both_languages() -> None:
    # Chinese for the clerk, English for the developer (#16): every command's help and every
    # option's help (the help option's too) holds both, Chinese first: "中文 / English".
    import re

    chinese = re.compile(r"[\u4e00-\u9fff]")
    english = re.compile(r"[A-Za-z]{3,}")
    missing = []
    context = click.Context(main)

    def walk(command: click.Command, path: str) -> None:
        options = [p for p in command.params if isinstance(p, click.Option)]
        options.append(command.get_help_option(context))  # type: ignore[arg-type]
        texts = [("help", command.help or "")] + [(p.name or "?", p.help or "") for p in options]
        missing.extend(
            f"{path} {name}: {text[:30]!r}" for name, text in texts
            if not (chinese.search(text) and english.search(text))
            or not chinese.match(text.strip())  # Chinese first
        )  # fmt: skip
        if isinstance(command, click.Group):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")

    main.load_all()
    walk(main, "laoganbu")
    assert missing == []


def test_every_input_is_a_named_option_and_old_positionals_still_work(tmp_path: Path) -> None:
    """One convention (#16): inputs are options named for what they are; the positional
    spellings of 0.x work for one release with a note on standard error."""
    folder = sample_folder()
    runner = CliRunner()
    new = runner.invoke(main, ["validate", "--roster", str(folder), "--json"])
    old = runner.invoke(main, ["validate", str(folder), "--json"])
    assert new.exit_code == old.exit_code == 0, old.output
    assert json.loads(old.stdout) == json.loads(new.stdout)
    assert "deprecated" in old.stderr and "--roster PATH" in old.stderr and "已弃用" in old.stderr
    assert "deprecated" not in new.stderr
    twice = runner.invoke(main, ["validate", "--roster", str(folder), str(folder)])
    assert twice.exit_code == 2 and "given twice" in twice.output
    missing = runner.invoke(main, ["validate"])
    assert missing.exit_code == 2 and "Missing option '--roster'" in missing.output
    named = runner.invoke(main, ["params", "--name", "lixiu.living_allowance_months", "--json"])
    positional = runner.invoke(main, ["params", "lixiu.living_allowance_months", "--json"])
    assert named.exit_code == positional.exit_code == 0
    assert json.loads(named.stdout) == json.loads(positional.stdout)


def test_no_command_takes_a_positional_argument_in_its_help() -> None:
    """The help shows options only; a kept positional spelling is hidden (metavar "")."""

    def commands(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
        for name, command in group.commands.items():
            if isinstance(command, click.Group):
                yield from commands(command, f"{prefix}{name} ")
            else:
                yield f"{prefix}{name}", command

    main.load_all()
    for name, command in commands(main):
        for param in command.params:
            if isinstance(param, click.Argument):
                assert param.metavar == "" and not param.required, name
        usage = CliRunner().invoke(main, [*name.split(), "--help"]).output.splitlines()[0]
        assert usage.endswith("[OPTIONS]"), usage


def test_each_command_is_loaded_from_the_module_named_for_it() -> None:
    """Commands are imported on first use (#16: start-up), from COMMAND_MODULES; a command
    added to a module and not to the map would be missing from the help until another of its
    module's commands ran."""
    from laoganbu.cli import COMMAND_MODULES

    loaded = main.load_all()
    assert sorted(COMMAND_MODULES) == sorted(loaded)
    for name, command in loaded.items():
        assert command.callback is not None
        assert command.callback.__module__ == COMMAND_MODULES[name], name


def test_a_small_command_does_not_import_the_others() -> None:
    import subprocess
    import sys

    code = (
        "import sys; from laoganbu.cli import main\n"
        "try:\n    main(['age', '--birth', '1940-05', '--on', '2026-01-01'])\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('laoganbu.cli.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip().splitlines()[-1] == "['laoganbu.cli._common', 'laoganbu.cli.rules']"


def test_errors_become_messages_in_one_place() -> None:
    """Every command reports a laoganbu error the same way (#16): ``error: …`` on stderr and
    status 2; under --json also one JSON object on stdout; unusable input as such."""
    runner = CliRunner()
    plain = runner.invoke(main, ["retirement", "--birth", "1971-13", "--category", "male"])
    assert plain.exit_code == 2 and plain.stdout == ""
    assert plain.stderr.startswith("error: ") and isinstance(plain.exception, SystemExit)
    as_json = runner.invoke(
        main, ["retirement", "--birth", "1971-13", "--category", "male", "--json"]
    )
    assert as_json.exit_code == 2
    assert json.loads(as_json.stdout)["code"] == "invalid-date"
    unreadable = runner.invoke(main, ["plan", "--roster", "/no/such/roster", "--period", "2026"])
    assert unreadable.exit_code == 2
    assert unreadable.stderr.startswith("unusable input / 无法读取: ")
