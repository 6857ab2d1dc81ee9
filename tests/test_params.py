"""Parameters: the national file, look-ups by date, layering, file errors, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from laoganbu import (
    ParameterFileError,
    ParameterNotInForceError,
    UnknownParameterError,
    default_parameters,
    load_layer,
)
from laoganbu.cli import main
from laoganbu.params import national_layer

HEAD = 'jurisdiction = "140823"\nname = "闻喜县"\n\n[sources.W1]\ntitle = "示例文件"\n\n'


def county(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "county.toml"
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def test_every_national_value_is_cited_and_dated() -> None:
    layer = national_layer()
    assert layer.jurisdiction == "000000" and len(layer.parameters) >= 35
    for parameter in layer.parameters.values():
        assert parameter.label and parameter.description
        for value in parameter.values:
            assert value.citation.title and value.status in ("official", "secondary", "unverified")


def test_values_by_date() -> None:
    params = default_parameters()
    assert params.value("lixiu.living_allowance_months", "2010-12-31")["liberation"] == 0
    assert params.value("lixiu.living_allowance_months", "2011-01-01")["liberation"] == 1
    assert params.value("retirement.minimum_contribution_months", "2029-12-31") == 180
    assert params.value("retirement.minimum_contribution_months", "2045-01-01") == 240
    assert params.value("party.branch.min_members", "2026.05") == 3  # a month means its 1st day
    with pytest.raises(ParameterNotInForceError, match="2020-01-01"):
        params.at("retirement.male.delay_step_months", "2020-01-01")
    with pytest.raises(UnknownParameterError, match="delay_step_months"):
        params.at("retirement.male.delay_stepmonths", "2026-01-01")


def test_a_nearer_layer_overrides_only_where_it_has_a_value(tmp_path: Path) -> None:
    path = county(
        tmp_path,
        '[[parameter]]\nname = "age.advanced_min"\n  [[parameter.values]]\n  value = 75\n'
        '  from = 2026-01-01\n  to = 2026-12-31\n  source = "W1"\n',
    )
    params = default_parameters().with_layer(load_layer(path))
    assert params.value("age.advanced_min", "2026-06-01") == 75
    assert params.at("age.advanced_min", "2026-06-01").layer == "140823"
    assert params.value("age.advanced_min", "2027-06-01") == 80
    assert params.at("age.advanced_min", "2027-06-01").layer == "000000"
    assert params.definition("age.advanced_min").label == "高龄起始年龄"  # inherited
    assert [v.value for v in params.history("age.advanced_min")] == [80, 75]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[parameter]]\nname = "x.new"\n', "label"),
        ('[[parameter]]\nname = "age.advanced_min"\n', "values"),
        (
            '[[parameter]]\nname = "age.advanced_min"\n  [[parameter.values]]\n  value = 1\n'
            '  from = 2026-01-01\n  source = "NOPE"\n',
            "NOPE",
        ),
        (
            '[[parameter]]\nname = "age.advanced_min"\n  [[parameter.values]]\n  value = 1\n'
            '  from = 2026-01-01\n  source = "W1"\n  status = "maybe"\n',
            "status",
        ),
        (
            '[[parameter]]\nname = "age.advanced_min"\n  [[parameter.values]]\n  value = 1\n'
            '  from = 2026-01-01\n  source = "W1"\n  [[parameter.values]]\n  value = 2\n'
            '  from = 2026-06-01\n  source = "W1"\n',
            "overlap",
        ),
        (
            '[[parameter]]\nname = "age.advanced_min"\n  [[parameter.values]]\n  value = 1\n'
            '  from = 2026-06-01\n  to = 2026-01-01\n  source = "W1"\n',
            "before it starts",
        ),
        ("this is = = not toml", "TOML"),
    ],
)
def test_malformed_files_name_file_and_parameter(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(ParameterFileError, match=message) as info:
        load_layer(county(tmp_path, body))
    assert "county.toml" in str(info.value)


def test_cli_params_lists_and_shows_history() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["params", "--on", "2026-01-01", "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert rows["retirement.male.delay_step_months"]["value"] == 4
    assert rows["retirement.male.delay_step_months"]["status"] == "official"
    result = runner.invoke(main, ["params", "--name", "lixiu.living_allowance_months", "--json"])
    assert [r["from"] for r in json.loads(result.stdout)] == ["1982-04-10", "2011-01-01"]
    result = runner.invoke(main, ["params", "--name", "no.such"])
    assert result.exit_code == 2 and "no parameter named" in result.stderr


def test_cli_retirement_json_and_errors() -> None:
    runner = CliRunner()
    result = runner.invoke(
        main,
        ["retirement", "--birth", "1965-01", "--category", "male", "--on", "2026-01-01", "--json"],
    )
    data = json.loads(result.stdout)
    assert data["age_years"] == 60 and data["age_months"] == 1
    assert (data["retirement_month"], data["earliest_month"], data["latest_month"]) == (
        "2025-02",
        "2025-01",
        "2028-02",
    )
    assert data["explain"][1]["parameter"] == "retirement.male.original_age"
    result = runner.invoke(main, ["retirement", "--birth", "1965-01", "--category", "bad"])
    assert result.exit_code == 2 and "female-worker" in result.stderr
    result = runner.invoke(
        main, ["retirement", "--birth", "1971-04", "--category", "女干部", "--explain"]
    )
    assert "2026年8月" in result.stdout and "第一条" in result.stdout


def test_cli_lixiu_and_age() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["lixiu", "--joined", "1944.05", "--on", "2026-01-01", "--json"])
    data = json.loads(result.stdout)
    assert (data["period"], data["allowance_months"], data["nursing_fee"]) == (
        "anti_japanese_late",
        2,
        400,
    )
    result = runner.invoke(
        main, ["age", "--birth", "1940.03", "--on", "2026-11-01", "--health", "重病"]
    )
    assert "86 周岁" in result.stdout and "双高期：是" in result.stdout
