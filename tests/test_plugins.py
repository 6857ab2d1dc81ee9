"""Plugin discovery, layering, isolation of broken plugins, disabling, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from laoganbu.cli import main
from laoganbu.errors import PluginError
from laoganbu.jurisdiction import Jurisdiction, ancestors, level_of
from laoganbu.locality import Locality
from laoganbu.models import Roster
from laoganbu.plugins import DISABLE_ENV, PluginSet
from tests.plugin_dists import install

PROVINCE = """
@hookimpl
def laoganbu_jurisdiction():
    return Jurisdiction("140000", "山西省")

@hookimpl
def laoganbu_column_aliases():
    return {"cadres": {"grid_id": ["省网格", "所属网格"]}}

@hookimpl
def laoganbu_roster_validators():
    def province_check(roster):
        return [Problem(message="province check ran")]
    return [province_check]
"""

COUNTY = """
@hookimpl
def laoganbu_jurisdiction():
    return Jurisdiction("140823", "闻喜县")

@hookimpl
def laoganbu_column_aliases():
    return {"cadres": {"grid_id": ["包联网格"]}}

@hookimpl
def laoganbu_roster_validators():
    def county_check(roster):
        return [Problem(message=f"county saw {len(roster.cadres)} cadres")]
    return [county_check]
"""

OTHER_COUNTY = """
@hookimpl
def laoganbu_jurisdiction():
    return Jurisdiction("320300", "徐州市")

@hookimpl
def laoganbu_column_aliases():
    return {"cadres": {"grid_id": ["徐州网格"]}}
"""


#: The reference plugins under plugins/, installed beside laoganbu in development and CI; left
#: out here so that these tests see only the plugins they install.
REFERENCE_PLUGINS = "wenxi,xinzhou,xuzhou"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(DISABLE_ENV, REFERENCE_PLUGINS)
    return tmp_path / "site"


def test_jurisdiction_chain_from_the_code() -> None:
    assert ancestors("140823") == ("000000", "140000", "140800", "140823")
    assert ancestors("140000") == ("000000", "140000")
    assert ancestors("000000") == ("000000",)
    assert ancestors("140823104") == ("000000", "140000", "140800", "140823", "140823104")
    assert [level_of(c) for c in ("000000", "140000", "140800", "140823")] == [
        "national",
        "province",
        "city",
        "county",
    ]
    assert Jurisdiction("140823", "闻喜县").parent == "140800"
    assert Jurisdiction("140823", "闻喜县").covers("140823104")
    assert not Jurisdiction("140823", "闻喜县").covers("140800")


def test_plugins_are_found_through_entry_points(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(site, monkeypatch, "lgb_test_county", COUNTY, version="2.5", entry_name="county")
    plugins = PluginSet()
    assert "county" in plugins.names() and "national" in plugins.names()
    assert plugins.names()[0] == "national"  # the built-in baseline comes first
    info = {i.name: i for i in plugins.info()}
    assert info["county"].version == "2.5"
    assert info["county"].jurisdiction == Jurisdiction("140823", "闻喜县")
    assert info["county"].hooks == (
        "laoganbu_column_aliases",
        "laoganbu_jurisdiction",
        "laoganbu_roster_validators",
    )
    assert info["national"].builtin and not info["county"].builtin
    assert not plugins.errors


def test_nearer_layers_come_later_and_only_covering_ones_apply(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(site, monkeypatch, "lgb_test_county", COUNTY, entry_name="county")
    install(site, monkeypatch, "lgb_test_province", PROVINCE, entry_name="province")
    install(site, monkeypatch, "lgb_test_xuzhou", OTHER_COUNTY, entry_name="xuzhou")
    plugins = PluginSet()
    wenxi = Locality("140823", plugins=plugins)
    assert wenxi.layers == ("national", "province", "county")
    assert wenxi.name == "闻喜县"
    assert wenxi.column_aliases == {"cadres": {"grid_id": ["省网格", "所属网格", "包联网格"]}}
    # A neighbouring county of the province gets the province layer but not Wenxi's.
    assert Locality("140822", plugins=plugins).layers == ("national", "province")
    assert Locality("000000", plugins=plugins).layers == ("national",)
    messages = [p.message for p in wenxi.check(Roster())]
    assert messages == ["province check ran", "county saw 0 cadres"]


def test_a_broken_plugin_is_named_and_the_others_still_count(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(site, monkeypatch, "lgb_test_county", COUNTY, entry_name="county")
    install(site, monkeypatch, "lgb_test_unimportable", "import no_such_module_xyz\n")
    install(
        site,
        monkeypatch,
        "lgb_test_raises",
        """
        @hookimpl
        def laoganbu_jurisdiction():
            return Jurisdiction("140800", "运城市")

        @hookimpl
        def laoganbu_column_aliases():
            raise RuntimeError("boom")

        @hookimpl
        def laoganbu_roster_validators():
            def bad(roster):
                raise KeyError("x")
            return [bad]
        """,
    )
    install(
        site,
        monkeypatch,
        "lgb_test_wrong_shape",
        """
        @hookimpl
        def laoganbu_jurisdiction():
            return "140823"
        """,
    )
    install(
        site,
        monkeypatch,
        "lgb_test_misspelt",
        """
        @hookimpl
        def laoganbu_jurisdiction():
            return Jurisdiction("140823", "闻喜县")

        @hookimpl
        def laoganbu_column_alias():
            return {}
        """,
    )
    plugins = PluginSet()
    wenxi = Locality("140823", plugins=plugins)
    assert wenxi.column_aliases == {"cadres": {"grid_id": ["包联网格"]}}
    problems = [p.message for p in wenxi.check(Roster())]
    assert "county saw 0 cadres" in problems
    assert any("lgb_test_raises" in m and "KeyError" in m for m in problems)
    errors = {(e.plugin, e.hook): str(e) for e in plugins.errors}
    assert "could not be loaded" in errors[("lgb_test_unimportable", None)]
    assert "no_such_module_xyz" in errors[("lgb_test_unimportable", None)]
    assert "RuntimeError: boom" in errors[("lgb_test_raises", "laoganbu_column_aliases")]
    assert "one Jurisdiction" in errors[("lgb_test_wrong_shape", "laoganbu_jurisdiction")]
    assert "does not have" in errors[("lgb_test_misspelt", "laoganbu_column_alias")]
    assert "lgb_test_misspelt" not in plugins.names()
    assert all(isinstance(e, PluginError) and e.code == "plugin" for e in plugins.errors)


def test_disabling_a_plugin(site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(site, monkeypatch, "lgb_test_county", COUNTY, entry_name="county")
    assert "county" not in PluginSet(disable=["county"]).names()
    assert Locality("140823", plugins=PluginSet(disable=["county"])).layers == ("national",)
    monkeypatch.setenv(DISABLE_ENV, f"county, national,{REFERENCE_PLUGINS}")
    assert PluginSet().names() == []


def test_cli_lists_plugins_as_json_and_disables(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from laoganbu.plugins import _installed

    install(site, monkeypatch, "lgb_test_county", COUNTY, version="3.1", entry_name="county")
    _installed.cache_clear()
    runner = CliRunner()
    result = runner.invoke(main, ["plugins", "--json"])
    assert result.exit_code == 0, result.output
    listed = {p["name"]: p for p in json.loads(result.stdout)}
    assert listed["county"] == {
        "name": "county",
        "version": "3.1",
        "jurisdiction": {"code": "140823", "name": "闻喜县", "level": "county", "parent": "140800"},
        "hooks": ["laoganbu_column_aliases", "laoganbu_jurisdiction", "laoganbu_roster_validators"],
    }
    result = runner.invoke(main, ["--disable-plugin", "county", "plugins", "--json"])
    assert "county" not in {p["name"] for p in json.loads(result.stdout)}
    _installed.cache_clear()


def test_read_roster_applies_a_localitys_aliases_and_checks(
    site: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from laoganbu import read_roster
    from laoganbu.plugins import _installed

    install(site, monkeypatch, "lgb_test_county", COUNTY, entry_name="county")
    folder = tmp_path / "roster"
    folder.mkdir()
    (folder / "grids.csv").write_text(
        "编号,网格名称,网格层级,上级网格\nG1,县局,1,\nG2,镇,2,G1\nG3,村,3,G2\n", "utf-8"
    )
    (folder / "cadres.csv").write_text(
        "编号,姓名,性别,出生年月,人员类别,包联网格\nC1,张三,男,1950.01,退休,G3\n", "utf-8"
    )
    wenxi = Locality("140823", plugins=PluginSet())
    result = read_roster(folder, locality=wenxi)
    assert result.roster.cadres[0].grid_id == "G3"  # 包联网格 understood
    assert "county saw 1 cadres" in [p.message for p in result.problems]
    plain = read_roster(folder)
    assert plain.roster.cadres[0].grid_id is None

    _installed.cache_clear()
    runner = CliRunner()
    out = runner.invoke(
        main, ["validate", "--roster", str(folder), "--locality", "140823", "--json"]
    )
    assert "county saw 1 cadres" in out.stdout
    out = runner.invoke(main, ["validate", "--roster", str(folder), "--json"])
    assert "county saw" not in out.stdout
    _installed.cache_clear()


def test_plugin_errors_finds_a_rubric_naming_a_metric_nobody_provides() -> None:
    from laoganbu import hookimpl, testing
    from laoganbu.assessment.rubric import Indicator, Rubric

    class Typo:
        @hookimpl
        def laoganbu_jurisdiction(self) -> Jurisdiction:
            return Jurisdiction("140823", "闻喜县")

        @hookimpl
        def laoganbu_rubrics(self) -> list[Rubric]:
            indicator = Indicator(
                id="A1", name="走访", weight=10, metric="visit_complience", method="linear",
                lower=0, upper=1,
            )  # fmt: skip
            return [Rubric(name="typo", title="细则", source="本地", indicators=(indicator,))]

    errors = testing.plugin_errors(Typo())
    assert [(e.hook, "visit_complience" in str(e)) for e in errors] == [("laoganbu_rubrics", True)]


def test_column_aliases_must_list_their_headers() -> None:
    from collections.abc import Iterator

    from laoganbu import hookimpl, testing

    class Generated:
        @hookimpl
        def laoganbu_jurisdiction(self) -> Jurisdiction:
            return Jurisdiction("140823", "闻喜县")

        @hookimpl
        def laoganbu_column_aliases(self) -> dict[str, dict[str, Iterator[str]]]:
            # A generator would be used up by the check and give no header.
            return {"cadres": {"grid_id": iter(["包联网格"])}}

    errors = testing.plugin_errors(Generated())
    assert [e.hook for e in errors] == ["laoganbu_column_aliases"]
    assert testing.locality_for(Generated()).column_aliases == {}


def test_locality_parts_are_what_the_hooks_promise() -> None:
    from laoganbu.observances import Observance
    from laoganbu.params import Parameters
    from laoganbu.programs import ServiceProgramDefinition
    from laoganbu.reports.formats import ReportFormat

    place = Locality()
    assert isinstance(place.parameters, Parameters)
    assert place.programs and all(isinstance(p, ServiceProgramDefinition) for p in place.programs)
    assert place.observances and all(isinstance(o, Observance) for o in place.observances)
    assert all(isinstance(f, ReportFormat) for f in place.report_formats.values())
    assert all(callable(v) for v in place.validators)


def test_members_of_nothing_is_nobody() -> None:
    from laoganbu import Cadre

    roster = Roster(
        cadres=(Cadre(id="C1", name="某", sex="男", birth_date="1950.01", kind="退休"),)
    )
    assert roster.members_of(None) == []  # type: ignore[arg-type]
    assert roster.cadres_in_grid(None) == []  # type: ignore[arg-type]
    assert roster.cadres_of_unit(None) == []  # type: ignore[arg-type]
