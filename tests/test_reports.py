"""Reports rendered in every format and read back with real readers: headers, numbers equal
to the computed ones, masking, fonts and page set-up."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from laoganbu import Locality, build_report
from laoganbu.cli import main
from laoganbu.reports import Report
from laoganbu.testing import sample_folder, sample_roster


@pytest.fixture(scope="module")
def report() -> Report:
    roster = sample_roster()
    return build_report(
        roster,
        2026,
        locality=Locality("000000"),
        records=roster.service_records,
        as_of="2026-11-01",
        area="全县",
        party_members_total=16880,
        organizations_total=1650,
    )


@pytest.fixture(scope="module")
def phones() -> list[str]:
    """Unmasked phone numbers of cadres listed for follow-up."""
    return [c.phone.reveal() for c in sample_roster().cadres if c.phone is not None]


def render(report: Report, tmp_path: Path, name: str, reveal: bool = False) -> Path:
    fmt = Locality().report_formats[name]
    path = tmp_path / f"report{fmt.suffix}"
    fmt.render(report, path, reveal)
    return path


def table(report: Report, key: str) -> object:
    return next(t for t in report.tables() if t.key == key)


def test_the_report_holds_the_computed_figures(report: Report) -> None:
    assert report.statistics.startswith("全县离退休干部有2920人，其中离休干部17人")
    people = table(report, "people")
    assert dict(people.rows)["合计"] == sum(1 for _ in sample_roster().living_cadres())  # type: ignore[attr-defined]
    assert {t.key for t in report.tables()} >= {
        "people",
        "age_bands",
        "organizations",
        "services_by_program",
        "follow_up",
    }
    assert {c.key for c in report.charts()} == {
        "age_pyramid",
        "coverage_by_grid",
        "compliance_trend",
    }


def test_xlsx(report: Report, tmp_path: Path, phones: list[str]) -> None:
    wb = load_workbook(render(report, tmp_path, "xlsx"))
    assert wb.sheetnames[0] == "概况" and wb["概况"]["A3"].value == report.statistics
    sheet = wb["离退休干部基本情况"]
    assert [c.value for c in sheet[1]] == ["类别", "人数"] and sheet[1][0].font.bold
    assert {r[0]: r[1] for r in sheet.iter_rows(min_row=2, values_only=True)} == dict(
        table(report, "people").rows  # type: ignore[attr-defined]
    )
    follow = wb["需跟进的服务（逾期未办）"]
    cells = [str(c) for row in follow.iter_rows(values_only=True) for c in row]
    assert any("****" in c for c in cells) and not set(cells) & set(phones)


def test_docx_layout_fonts_and_masking(report: Report, tmp_path: Path, phones: list[str]) -> None:
    document = docx.Document(str(render(report, tmp_path, "docx")))
    section = document.sections[0]
    # Word stores lengths in twentieths of a point: compare to a tenth of a millimetre.
    sizes = (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin)  # fmt: skip
    assert [round(x.mm, 1) for x in sizes] == [210, 297, 37, 35, 28, 26]
    title = document.paragraphs[0]
    assert title.text == report.title
    east_asia = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia"
    assert title.runs[0]._element.rPr.rFonts.get(east_asia) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    body = next(p for p in document.paragraphs if p.text == report.statistics)
    assert (
        body.runs[0]._element.rPr.rFonts.get(east_asia) == "仿宋_GB2312"
        and body.runs[0].font.size.pt == 16
    )
    assert len(document.inline_shapes) == 3  # the charts
    texts = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "类别" in texts and not set(texts) & set(phones)
    footer = section.footer.paragraphs[0]._element.xml
    assert "PAGE" in footer


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self.images: list[str] = []
        self.headers: list[str] = []
        self._th = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs).get("src") or "")
        self._th = tag == "th"

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._th:
            self.headers.append(data)


def test_html(report: Report, tmp_path: Path, phones: list[str]) -> None:
    parser = _Collect()
    parser.feed(render(report, tmp_path, "html").read_text("utf-8"))
    assert report.statistics in parser.text
    assert len(parser.images) == 3 and all(
        i.startswith("data:image/png;base64,") for i in parser.images
    )
    assert "联系电话" in parser.headers and not set(parser.text) & set(phones)


def test_reveal_is_an_explicit_opt_in(report: Report, tmp_path: Path, phones: list[str]) -> None:
    rows = json.loads(render(report, tmp_path, "json", reveal=True).read_text("utf-8"))
    follow = next(t for s in rows["sections"] for t in s["tables"] if t["key"] == "follow_up")
    assert any(r[-1] in phones for r in follow["rows"])
    masked = json.loads(render(report, tmp_path, "json").read_text("utf-8"))
    follow = next(t for s in masked["sections"] for t in s["tables"] if t["key"] == "follow_up")
    assert not any(r[-1] in phones for r in follow["rows"])


def test_csv_and_markdown(report: Report, tmp_path: Path) -> None:
    with render(report, tmp_path, "csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [report.title] and ["# 离退休干部基本情况"] in rows
    md = render(report, tmp_path, "md")
    text = md.read_text("utf-8")
    assert text.startswith(f"# {report.title}") and "| 类别 | 人数 |" in text
    assert (md.parent / "report-charts" / "age_pyramid.png").exists()


def test_cli_report_every_format(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = sample_folder()
    for fmt in ("md", "html", "xlsx", "docx", "csv", "json"):
        out = tmp_path / f"r.{fmt}"
        result = runner.invoke(
            main,
            ["report", "--roster", str(folder), "--records", str(folder / "records.csv"),
             "--period", "2026", "--as-of", "2026-11-01", "--format", fmt, "--out", str(out)],
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert out.exists() and out.stat().st_size > 1000
    result = runner.invoke(
        main,
        [
            "report",
            "--roster",
            str(folder),
            "--period",
            "2026",
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "x"),
        ],
    )
    assert result.exit_code == 2 and "docx" in result.stderr


# -- the report is right (#16) ----------------------------------------------------------------


def test_a_countys_report_is_named_for_the_county_not_the_nation() -> None:
    from laoganbu.plugins import PluginSet
    from laoganbu.reports.build import UNNAMED_AREA, area_name

    roster = sample_roster()
    # No plugin at all: the name comes from the roster's top unit (中共闻喜县委老干部局).
    bare = Locality(plugins=PluginSet(entry_points=False))
    assert area_name(roster, bare) == "闻喜县"
    report = build_report(roster, 2026, locality=bare)
    assert (report.title, report.area) == ("闻喜县2026年离退休干部工作报告", "全县")
    assert "全国" not in json.dumps(report.to_dict(), ensure_ascii=False)
    # The user names it: a name, or how the text says it.
    named = build_report(roster, 2026, area="运城市")
    assert (named.title, named.area) == ("运城市2026年离退休干部工作报告", "全市")
    assert named.statistics.startswith("全市")
    assert build_report(roster, 2026, area="全县").title.startswith("闻喜县")
    # Nothing to go by: 本地区, never 全国.
    from laoganbu import Roster

    assert area_name(Roster(), bare) == UNNAMED_AREA


def test_rates_print_as_percentages_in_every_format(tmp_path: Path) -> None:
    from laoganbu.reports.model import Rate, Section, Table, cell_text

    assert (cell_text(Rate(1.0)), cell_text(Rate(0.0)), cell_text(Rate(0.9333))) == (
        "100.0%",
        "0.0%",
        "93.3%",
    )
    assert cell_text(1.0) == "1" and cell_text(0.5) == "0.5"  # a plain number stays one
    base = build_report(sample_roster(), 2026)
    rates = Table("rates", "完成率", ("对象", "完成率"), (("甲", Rate(1.0)), ("乙", Rate(0.0))))
    report = attrs_evolve(base, sections=(Section("测试", (), (rates,)),))
    md = render(report, tmp_path, "md").read_text(encoding="utf-8")
    assert "| 甲 | 100.0% |" in md and "| 乙 | 0.0% |" in md
    html = render(report, tmp_path, "html").read_text(encoding="utf-8")
    assert ">100.0%<" in html and ">0.0%<" in html
    rows = list(csv.reader(render(report, tmp_path, "csv").open(encoding="utf-8-sig")))
    assert ["甲", "100.0%"] in rows and ["乙", "0.0%"] in rows
    sheet = load_workbook(render(report, tmp_path, "xlsx"))["完成率"]
    assert [(c.value, c.number_format) for c in sheet["B"][1:]] == [(1.0, "0.0%"), (0.0, "0.0%")]
    text = "\n".join(c.text for t in docx.Document(str(render(report, tmp_path, "docx"))).tables
                     for row in t.rows for c in row.cells)  # fmt: skip
    assert "100.0%" in text and "0.0%" in text


def attrs_evolve(report: Report, **changes: object) -> Report:
    import attrs

    return attrs.evolve(report, **changes)


def test_items_of_cadres_in_no_grid_are_labelled() -> None:
    from laoganbu.schedule import compliance, plan

    roster = sample_roster()
    place = Locality("140823")
    result = compliance(
        plan(roster, 2026, locality=place), records=roster.service_records, as_of="2026-11-01"
    )
    names = {r.key: r.name for r in result.by_grid()}
    assert names["—"] == "未入网格"  # cadres who died within the year, never placed
    assert all(name not in ("—", "") for name in names.values())


def test_the_report_command_takes_aliases_writes_to_stdout_and_names_the_area() -> None:
    folder = str(sample_folder())
    runner = CliRunner()
    args = ["report", "--roster", folder, "--period", "2026", "--as-of", "2026-11-01"]
    result = runner.invoke(main, [*args, "--format", "markdown", "--out", "-"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# 闻喜县2026年离退休干部工作报告")
    assert "![" not in result.stdout and "全国" not in result.stdout
    named = runner.invoke(main, [*args, "--format", "json", "--out", "-", "--area", "全县"])
    assert json.loads(named.stdout)["area"] == "全县"
    binary = runner.invoke(main, [*args, "--format", "excel", "--out", "-"])
    assert binary.exit_code == 2 and "标准输出仅限文本格式" in binary.output


def test_a_plugin_format_that_raises_is_a_named_plugin_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import laoganbu.locality
    from laoganbu import hookimpl
    from laoganbu.plugins import PluginSet
    from laoganbu.reports.formats import ReportFormat

    def render(report: Report, path: Path, reveal: bool) -> None:
        raise RuntimeError("boom")

    class Broken:
        @hookimpl
        def laoganbu_report_formats(self) -> list[ReportFormat]:
            return [ReportFormat("broken", "坏格式", ".txt", render)]

    monkeypatch.setattr(
        laoganbu.locality,
        "installed_plugins",
        lambda disable=(): PluginSet(plugins=[("brokenplugin", Broken())]),
    )
    result = CliRunner().invoke(
        main,
        ["report", "--roster", str(sample_folder()), "--period", "2026", "--format", "broken",
         "--out", str(tmp_path / "r.txt")],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "brokenplugin" in result.output and "boom" in result.output
    assert "插件出错" in result.output and isinstance(result.exception, SystemExit)
    assert not (tmp_path / "r.txt").exists()


def test_the_area_is_the_bureaus_and_a_name_may_begin_with_quan() -> None:
    from laoganbu import Roster, Unit
    from laoganbu.plugins import PluginSet
    from laoganbu.reports.build import area_name

    bare = Locality(plugins=PluginSet(entry_points=False))
    units = (
        Unit(id="U9", name="忻州市人民医院", kind="institution", division_code="140900"),
        Unit(id="U1", name="中共夏县委老干部局", kind="bureau", division_code="140828"),
    )
    assert area_name(Roster(units=units), bare) == "夏县"
    organ = (Unit(id="U2", name="中共运城市委组织部", kind="organ"),)
    assert area_name(Roster(units=organ), bare) == "运城市"
    roster = sample_roster()
    quan = build_report(roster, 2026, area="全椒县")
    assert (quan.title, quan.area) == ("全椒县2026年离退休干部工作报告", "全县")
    blank = build_report(roster, 2026, area="  ")
    assert blank.title.startswith("闻喜县") and blank.area == "全县"


def test_a_bug_in_a_built_in_format_is_not_blamed_on_a_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import laoganbu.reports.formats as formats

    def broken(report: Report, reveal: bool, charts_dir: Path | None = None) -> str:
        raise KeyError("grid_id")

    monkeypatch.setattr(formats, "markdown_text", broken)
    result = CliRunner().invoke(
        main,
        ["report", "--roster", str(sample_folder()), "--period", "2026", "--format", "md",
         "--out", str(tmp_path / "r.md")],
    )  # fmt: skip
    assert isinstance(result.exception, KeyError)  # a traceback for laoganbu's own bug
    assert "插件出错" not in result.output


# -- the report states what the documents state (#16): each figure against the files ----------


def _sample_rows(name: str) -> list[dict[str, str]]:
    with (sample_folder() / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _first_day(text: str) -> str:
    """A date as the files write it (``2026.03``, ``2026年9月`` …) as an ISO day, a month
    being its first day."""
    from laoganbu import PartialDate

    return PartialDate.parse(text).first_day.isoformat()


def test_the_report_states_grids_organisations_volunteers_and_support() -> None:
    from collections import Counter

    as_of = "2026-11-01"
    report = build_report(sample_roster(), 2026, as_of=as_of)
    text = json.dumps(report.to_dict(), ensure_ascii=False)
    tables = {t.key: {row[0]: row[1:] for row in t.rows} for t in report.tables()}

    grids = _sample_rows("grids")
    levels = Counter(g["网格层级"] for g in grids)
    words = {"1": "一级", "2": "二级", "3": "三级"}
    counts = "、".join(f"{words[k]}网格{levels[k]}个" for k in sorted(levels))
    assert f"共设{counts}" in text
    staffed = {w["网格编号"] for w in _sample_rows("grid_workers")}
    second = [g["编号"] for g in grids if g["网格层级"] == "2"]
    covered = [
        s for s in second
        if (kids := [g["编号"] for g in grids if g["上级网格"] == s]) and set(kids) <= staffed
    ]  # fmt: skip
    assert f"{len(second)}个二级网格（乡镇、社区）中{len(covered)}个实现全覆盖" in text
    # Townships by where the living cadres live: every one in a grid with a worker.
    cadres = _sample_rows("cadres")
    left = {
        t["干部编号"] for t in _sample_rows("transfers")
        if (t["转移类型"], t["转移方向"]) == ("管理服务关系转移", "转出") and t["转移日期"] <= as_of
    }  # fmt: skip
    living = [
        c for c in cadres
        if not (c["去世时间"] and _first_day(c["去世时间"]) <= as_of) and c["编号"] not in left
    ]  # fmt: skip
    # Inside the county (the top grid's code); a bottom grid with a worker covers its people.
    county_code = next(g["区划代码"] for g in grids if g["网格层级"] == "1")
    bottom_staffed = {g["编号"] for g in grids if g["网格层级"] == "3"} & staffed
    towns: dict[str, set[bool]] = {}
    outside = 0
    for c in living:
        code = c["居住地区划代码"]
        if not code.startswith(county_code):
            outside += 1
        elif len(code) >= 9 and code[6:9] != "000":
            towns.setdefault(code[:9], set()).add(c["所在网格"] in bottom_staffed)
    whole = [t for t, flags in towns.items() if flags == {True}]
    assert f"按居住地统计，{len(towns)}个乡镇（街道）中{len(whole)}个实现全覆盖" in text
    assert outside and f"另有{outside}人居住在本县以外" in text

    orgs = _sample_rows("organizations")
    branch_kinds = Counter(o["支部类型"] or "未注明" for o in orgs if o["层级"] == "党支部")
    assert {k: v[0] for k, v in tables["branch_kinds"].items() if k != "合计"} == branch_kinds
    modes = Counter(o["组建方式"] or "未注明" for o in orgs if o["层级"] in ("党支部", "党总支"))
    assert {k: v[0] for k, v in tables["setup_modes"].items() if k != "合计"} == modes

    teams = _sample_rows("volunteer_teams")
    members = {m for t in teams for m in t["成员"].split("、") if m}
    dead = {
        c["编号"]
        for c in _sample_rows("cadres")
        if c["去世时间"] and _first_day(c["去世时间"]) <= as_of
    }
    gone = {
        t["干部编号"] for t in _sample_rows("transfers")
        if (t["转移类型"], t["转移方向"]) == ("管理服务关系转移", "转出") and t["转移日期"] <= as_of
    }  # fmt: skip
    activities = [
        a for a in _sample_rows("volunteer_activities") if a["活动日期"].startswith("2026")
    ]
    attended = sum(len([p for p in a["参加人员"].split("、") if p]) for a in activities)
    hours = sum(float(a["服务时长（小时）"] or 0) for a in activities)
    assert (
        f"志愿团队{len(teams)}支、志愿者{len(members - dead - gone)}人；"
        f"期内开展志愿服务活动{len(activities)}次、参与{attended}人次，活动时长合计{hours:g}小时"
    ) in text

    supports = [s for s in _sample_rows("supports") if s["日期"].startswith("2026")]
    by_kind = Counter(s["帮扶类型"] for s in supports)
    amounts: Counter[str] = Counter()
    unpriced: Counter[str] = Counter()
    for s in supports:
        if s["投入金额（元）"]:
            amounts[s["帮扶类型"]] += int(s["投入金额（元）"])
        else:
            unpriced[s["帮扶类型"]] += 1  # not 0 yuan: not recorded
    expected = {
        k: (by_kind[k], "未记录" if unpriced[k] == by_kind[k] else amounts[k]) for k in by_kind
    }
    found = {
        k: (v[0], v[1] if isinstance(v[1], str) else int(v[1]))
        for k, v in tables["supports"].items()
        if k != "合计"
    }
    assert found == expected
    said = f"期内帮扶{len(supports)}次，投入{sum(amounts.values()):,}元"
    said += f"（其中{sum(unpriced.values())}次未记录金额）" if unpriced else ""
    assert said in text
    # 离休 and 退休 both stated.
    cadres = report.statistics.split("，")[1]
    assert cadres.startswith("其中离休干部") and "退休干部" in cadres


def test_without_the_reports_extra_md_and_html_are_written_without_charts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import laoganbu.reports.charts as charts

    monkeypatch.setattr(charts, "charts_available", lambda: False)
    report = build_report(sample_roster(), 2026)
    md = render(report, tmp_path, "md")
    text = md.read_text(encoding="utf-8")
    assert "图表未绘制" in text and "laoganbu" in text and "![" not in text
    assert not (tmp_path / "report-charts").exists()
    page = render(report, tmp_path, "html").read_text(encoding="utf-8")
    assert "laoganbu[reports]" in page and "data:image/png" not in page


def test_the_roles_section_counts_only_what_happened_by_the_day_of_the_report() -> None:
    as_of = "2026-03-31"
    report = build_report(sample_roster(), 2026, as_of=as_of)
    roles = next(s for s in report.sections if s.title.endswith("作用发挥与帮扶"))
    activities = [
        a for a in _sample_rows("volunteer_activities") if "2026-01-01" <= a["活动日期"] <= as_of
    ]
    supports = [
        s for s in _sample_rows("supports") if "2026-01-01" <= _first_day(s["日期"]) <= as_of
    ]
    assert f"期内开展志愿服务活动{len(activities)}次" in roles.paragraphs[0]
    assert roles.paragraphs[1].startswith(f"期内帮扶{len(supports)}次")
    # Teams formed after the day are not yet counted.
    early = build_report(sample_roster(), 2020)
    teams = [
        t for t in _sample_rows("volunteer_teams") if _first_day(t["成立时间"]) <= "2020-12-31"
    ]
    assert next(s for s in early.sections if s.title.endswith("作用发挥与帮扶")).paragraphs[0] == (
        f"志愿团队{len(teams)}支、志愿者0人；期内开展志愿服务活动0次、参与0人次。"
        if teams
        else "志愿团队：无数据。"
    )


def test_every_format_carries_the_sections_text(tmp_path: Path) -> None:
    report = build_report(sample_roster(), 2026, as_of="2026-11-01")
    said = next(s for s in report.sections if s.title.endswith("作用发挥与帮扶")).paragraphs[0]
    rows = list(csv.reader(render(report, tmp_path, "csv").open(encoding="utf-8-sig")))
    assert [said] in rows
    sheet = load_workbook(render(report, tmp_path, "xlsx"))["概况"]
    assert said in [c.value for c in sheet["A"]]
    text = "\n".join(
        p.text for p in docx.Document(str(render(report, tmp_path, "docx"))).paragraphs
    )
    assert said in text
    assert said in render(report, tmp_path, "md").read_text(encoding="utf-8")


def test_a_township_not_fully_covered_is_named_with_its_people() -> None:
    import datetime as dt

    from laoganbu import Cadre, Locality, Roster
    from laoganbu.models.grid import Grid, GridWorker
    from laoganbu.reports.build import _township_text

    def cadre(cid: str, code: str | None, grid: str | None) -> Cadre:
        return Cadre.model_validate(
            {"id": cid, "name": "某", "sex": "男", "birth_date": "1950.01", "kind": "退休",
             "division_code": code, "grid_id": grid}
        )  # fmt: skip

    roster = Roster(
        grids=(
            Grid(id="R", name="局", level=1, division_code="140823"),
            Grid(id="T", name="桐城镇", level=2, parent_id="R", division_code="140823100"),
            Grid(
                id="A",
                name="甲村",
                level=3,
                parent_id="T",
                workers=(GridWorker(id="W", name="王"),),
            ),
            Grid(id="B", name="乙村", level=3, parent_id="T"),
        ),
        cadres=(
            cadre("C1", "140823100201", "A"),
            cadre("C2", "140823100202", "B"),  # a grid without a worker
            cadre("C3", "140823200201", "A"),
            cadre("C4", None, None),
            cadre("C5", "110108001001", "A"),  # lives in another county
            cadre("C6", "140823000000", "A"),  # a code that stops at the county
            cadre("C7", "140823200202", "T"),  # in a second-level grid: not covered
        ),
    )
    place = Locality()
    day = dt.date(2026, 11, 1)
    text = _township_text(roster, day, place, "全县")
    assert text.startswith("按居住地统计，2个乡镇（街道）中0个实现全覆盖")
    assert "桐城镇（1人）、140823200（1人）尚未全覆盖" in text
    assert text.endswith(
        "；另有1人居住在本县以外、1人居住地区划代码未细化到乡镇、1人居住地区划代码不详。"
    )
    assert _township_text(Roster(), day, place, "全县") == "乡镇覆盖：无居住地区划代码数据。"


def test_a_report_with_a_rubric_and_the_ledger_as_columns() -> None:
    """--records is read as columns; the assessment takes them as records (it crashed)."""
    folder = sample_folder()
    result = CliRunner().invoke(
        main,
        ["report", "--roster", str(folder), "--records", str(folder / "records.csv"),
         "--period", "2026", "--as-of", "2026-11-01", "--rubric", "xuzhou",
         "--locality", "320300", "--format", "json", "--out", "-"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    (assessed,) = json.loads(result.stdout)["assessments"]
    visits = next(i for i in assessed["indicators"] if i["id"] == "green.visits")
    assert visits["missing"] is None and visits["value"] is not None  # the ledger was used


def test_the_report_states_the_money_paid_against_the_files() -> None:
    """慰问金 total and the people reached, and every kind, counted from payments.csv (#15)."""
    from collections import Counter
    from decimal import Decimal

    as_of = "2026-11-01"
    report = build_report(sample_roster(), 2026, as_of=as_of)
    money = next(s for s in report.sections if s.title.endswith("待遇保障"))
    rows = [
        p for p in _sample_rows("payments")
        if p["发放日期"].startswith("2026") and _first_day(p["发放日期"]) <= as_of
    ]  # fmt: skip
    gifts = [p for p in rows if p["发放类型"] == "慰问金"]
    total = sum((Decimal(p["金额（元）"]) for p in gifts), Decimal(0))
    people = len({p["干部编号"] for p in gifts})
    assert gifts and f"走访慰问{people}人，发放慰问金{total:,.0f}元" in money.paragraphs[0]
    by_kind = Counter(p["发放类型"] for p in rows)
    table = money.tables[0]
    assert {r[0]: r[1] for r in table.rows if r[0] != "合计"} == by_kind
    everyone = sum((Decimal(p["金额（元）"]) for p in rows), Decimal(0))
    assert table.rows[-1] == ("合计", len(rows), len({p["干部编号"] for p in rows}), everyone)


def test_the_report_states_the_arrears_against_the_files() -> None:
    """Months of 离休费 and 护理费 with no payment, January to October, for the 离休 cadres
    living and in the county's care all year, counted from the files (#15)."""
    from collections import defaultdict

    report = build_report(sample_roster(), 2026, as_of="2026-11-01")
    money = next(s for s in report.sections if s.title.endswith("待遇保障"))
    moved = {t["干部编号"] for t in _sample_rows("transfers")}
    lixiu = {
        c["编号"] for c in _sample_rows("cadres")
        if c["人员类别"] == "离休" and not c["去世时间"] and c["编号"] not in moved
    }  # fmt: skip
    paid: dict[tuple[str, str], set[str]] = defaultdict(set)
    for p in _sample_rows("payments"):
        paid[p["干部编号"], p["发放类型"]].add(p["所属期间起"][:7])
    months = [f"2026-{m:02d}" for m in range(1, 11)]
    missing = {
        kind: [(cid, m) for cid in lixiu for m in months if m not in paid[cid, kind]]
        for kind in ("离休费", "护理费")
    }
    # 医药费: claims of 2026 with no reimbursement naming them, 30 days past by 2026-11-01.
    reimbursed = {p["报销单号"] for p in _sample_rows("payments") if p["报销单号"]}
    missing["医药费"] = [
        (c["干部编号"], c["申请日期"][:7]) for c in _sample_rows("medical_claims")
        if c["申请日期"].startswith("2026") and c["申请日期"] < "2026-10-02"
        and c["报销单号"] not in reimbursed
    ]  # fmt: skip
    order = ("离休费", "医药费", "护理费")  # as the summary sorts them: by code
    expected = [
        (kind, len(missing[kind]), len({cid for cid, _m in missing[kind]}))
        for kind in order
        if missing[kind]
    ]
    assert expected  # the sample plants arrears of both
    table = next(t for t in money.tables if t.key == "arrears")
    assert [(r[0], r[2], r[3]) for r in table.rows] == expected
    mechanism = {"离休费": "财政保障", "护理费": "财政保障", "医药费": "社会统筹"}
    for kind, n, people in expected:
        unit = "笔" if kind == "医药费" else "个月"  # 医药费 is owed by claims
        assert f"{kind}{n}{unit}（{people}人，{mechanism[kind]}）" in money.paragraphs[1]
