"""Report sections through the ``laoganbu_report_sections`` hook (#16): laoganbu's own are
registered like a plugin's; a plugin adds or replaces sections in its jurisdiction; one that
raises is left out with a note and listed, the rest of the report still made."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import laoganbu.locality
from laoganbu import Jurisdiction, Locality, hookimpl
from laoganbu.cli import main
from laoganbu.plugins import PluginSet
from laoganbu.reports import ReportContext, ReportSection, Section, build_report
from laoganbu.testing import plugin_set, sample_folder, sample_roster

BUILTIN = ["people", "party", "services", "roles", "money", "political", "requests", "care_plans"]


def _wucai(context: ReportContext) -> Section:
    living = sum(1 for _ in context.roster.living_cadres(context.as_of))
    return Section("五彩联动", (f"{context.area}在世离退休干部{living}人纳入五彩联动。",))


def _boom(context: ReportContext) -> Section:
    raise RuntimeError("boom")


def _services(context: ReportContext) -> Section:
    return Section("网格与服务（本地版）", ("本县自定的服务章节。",))


class County:
    """A county plugin: adds one section, replaces laoganbu's services section."""

    @hookimpl
    def laoganbu_jurisdiction(self) -> Jurisdiction:
        return Jurisdiction("140823", "闻喜县", level="county", parent="140800")

    @hookimpl
    def laoganbu_report_sections(self) -> list[ReportSection]:
        return [
            ReportSection("county.wucai", "五彩联动", _wucai, order=45),
            ReportSection("services", "网格与服务", _services, order=30),
            ReportSection("county.empty", "无内容", lambda context: None, order=50),
        ]


class Broken:
    @hookimpl
    def laoganbu_jurisdiction(self) -> Jurisdiction:
        return Jurisdiction("140823", "闻喜县", level="county", parent="140800")

    @hookimpl
    def laoganbu_report_sections(self) -> list[ReportSection]:
        return [ReportSection("broken.section", "坏章节", _boom, order=15)]


def test_laoganbu_registers_its_own_sections_through_the_hook() -> None:
    place = Locality(plugins=plugin_set())
    assert [s.key for s in place.report_sections] == BUILTIN
    assert {place.report_section_provider(k) for k in BUILTIN} == {"national"}
    report = build_report(sample_roster(), 2026, locality=place, as_of="2026-11-01")
    assert [s.title for s in report.sections] == [
        "一、基本情况", "二、党的建设", "三、网格与服务", "四、作用发挥与帮扶", "五、待遇保障",
        "六、政治待遇", "七、诉求办理", "八、一人一策",
    ]  # fmt: skip
    assert report.errors == ()


def test_a_plugin_adds_and_replaces_sections_in_its_jurisdiction_only() -> None:
    plugins = plugin_set(County(), name="county")
    county = Locality("140823", plugins=plugins)
    assert [s.key for s in county.report_sections] == [
        "people", "party", "services", "roles", "county.wucai", "county.empty", "money",
        "political", "requests", "care_plans",
    ]  # fmt: skip
    assert county.report_section_provider("services") == "county"
    report = build_report(sample_roster(), 2026, locality=county, as_of="2026-11-01")
    titles = [s.title for s in report.sections]
    assert titles == [
        "一、基本情况", "二、党的建设", "三、网格与服务（本地版）", "四、作用发挥与帮扶",
        "五、五彩联动", "六、待遇保障", "七、政治待遇", "八、诉求办理", "九、一人一策",
    ]  # fmt: skip
    assert report.sections[4].paragraphs[0].startswith("全县在世离退休干部")
    elsewhere = Locality("140900", plugins=plugins)  # another area: laoganbu's sections
    assert [s.key for s in elsewhere.report_sections] == BUILTIN


def test_a_plugin_section_that_raises_is_left_out_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    place = Locality("140823", plugins=plugin_set(Broken(), name="brokenplugin"))
    report = build_report(sample_roster(), 2026, locality=place, as_of="2026-11-01")
    assert len(report.sections) == 9  # the eight of laoganbu and the note
    note = report.sections[1]
    assert note.title == "二、坏章节" and "本节未生成" in note.paragraphs[0]
    (error,) = report.errors
    assert "brokenplugin" in error and "boom" in error and "插件出错" in error
    assert report.to_dict()["errors"] == [error]

    monkeypatch.setattr(
        laoganbu.locality,
        "installed_plugins",
        lambda disable=(): PluginSet(plugins=[("brokenplugin", Broken())]),
    )
    out = tmp_path / "r.md"
    result = CliRunner().invoke(
        main,
        ["report", "--roster", str(sample_folder()), "--period", "2026", "--format", "md",
         "--out", str(out), "--locality", "140823", "--as-of", "2026-11-01"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "warning / 提示" in result.stderr and "brokenplugin" in result.stderr
    assert result.exception is None
    assert "本节未生成" in out.read_text(encoding="utf-8")


def test_laoganbus_own_section_failing_is_not_disguised(monkeypatch: pytest.MonkeyPatch) -> None:
    import laoganbu.reports.build as build

    def broken(*args: object) -> Section:
        raise ZeroDivisionError("a bug of laoganbu's")

    monkeypatch.setattr(build, "_roles", broken)
    with pytest.raises(ZeroDivisionError):
        build_report(sample_roster(), 2026, locality=Locality(plugins=plugin_set()))


def test_sections_of_the_wrong_shape_are_a_plugin_error_not_a_crash() -> None:
    class Odd:
        @hookimpl
        def laoganbu_jurisdiction(self) -> Jurisdiction:
            return Jurisdiction("140823", "闻喜县", level="county", parent="140800")

        @hookimpl
        def laoganbu_report_sections(self) -> list[ReportSection]:
            return [ReportSection("odd.text", "文字", lambda context: "一段文字", order=45)]  # type: ignore[arg-type,return-value]

    class BadOrder:
        @hookimpl
        def laoganbu_jurisdiction(self) -> Jurisdiction:
            return Jurisdiction("140823", "闻喜县", level="county", parent="140800")

        @hookimpl
        def laoganbu_report_sections(self) -> list[ReportSection]:
            return [ReportSection("bad.order", "排序", _wucai, order="45")]  # type: ignore[arg-type]

    odd = Locality("140823", plugins=plugin_set(Odd(), name="odd"))
    report = build_report(sample_roster(), 2026, locality=odd, as_of="2026-11-01")
    assert report.sections[4].title == "五、文字" and "not a Section" in report.errors[0]
    bad = Locality("140823", plugins=plugin_set(BadOrder(), name="badorder"))
    assert [s.key for s in bad.report_sections] == BUILTIN
    assert any(e.plugin == "badorder" for e in bad.errors)
    assert len(build_report(sample_roster(), 2026, locality=bad).sections) == 8
