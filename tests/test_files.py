"""What laoganbu promises about the files it writes (#12): atomic writes, no silent overwrite,
inputs never written over, no cell a spreadsheet would evaluate."""

from __future__ import annotations

import csv
import datetime as _dt
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from laoganbu import (
    Cadre,
    Locality,
    OutputExistsError,
    OutputIsInputError,
    Period,
    Roster,
    Unit,
    UnitKind,
    read_roster,
    write_roster,
)
from laoganbu.cli import main
from laoganbu.io.files import TEMP_SUFFIX, atomic_write, check_target
from laoganbu.io.formulas import FORMULA_CHARACTERS, neutralise, restore
from laoganbu.reports import Report, Section, Table
from laoganbu.sample import generate_sample

ROOT = Path(__file__).resolve().parent.parent
GRIDS = "编号,网格名称,网格层级,上级网格\nG1,县局,1,\nG2,桐城镇,2,G1\nG3,中心村,3,G2\n"
CADRES = "编号,姓名,性别,出生年月,身份证号,人员类别,所在网格\nC1,张三,男,1949.12,,退休,G3\n"
NEGATIVE_NUMBER = re.compile(r"-\d+(?:\.\d+)?")

#: Cell text an attacker (or an unlucky typist) might put in a roster or a report.
FORMULA_TEXT = st.one_of(
    st.sampled_from(
        [
            "=1+1",
            "=cmd|' /C calc'!A0",
            '=HYPERLINK("http://example.com","点我")',
            "+1+1",
            "-1+1",
            "@SUM(A1:A2)",
            "\t=1+1",
            "\r=1+1",
            "'=1+1",
            "-3",
            "<script>alert(1)</script>",
        ]
    ),
    st.builds(
        lambda start, rest: start + rest,
        st.sampled_from(["=", "+", "-", "@", "\t", "\r", "'", "''=", " ="]),
        st.text(st.sampled_from("=+-@'1A (|!\"中文"), max_size=8),
    ),
)


def folder_roster(tmp_path: Path) -> Path:
    folder = tmp_path / "county"
    folder.mkdir()
    (folder / "grids.csv").write_text(GRIDS, encoding="utf-8-sig")
    (folder / "cadres.csv").write_text(CADRES, encoding="utf-8-sig")
    return folder


def small_roster(names: list[str]) -> Roster:
    cadres = tuple(
        Cadre(id=f"C{i}", name="张三", sex="male", birth_date="1949-12", kind="tuixiu")  # type: ignore[arg-type]
        for i in range(2)
    )
    units = tuple(Unit(id=f"U{i}", name=n, kind=UnitKind.BUREAU) for i, n in enumerate(names))
    return Roster(units=units, cadres=cadres)


def small_report(texts: list[str]) -> Report:
    first = texts[0]
    table = Table(
        key="t",
        title=first,
        headers=(first, "人数"),
        rows=(*((t, -3) for t in texts), (first, 1.5)),
        note=first,
    )
    return Report(
        title=first,
        area=first,
        jurisdiction="000000",
        period=Period.parse("2026"),
        as_of=_dt.date(2026, 11, 1),
        statistics=first,
        sections=(Section(title=first, paragraphs=tuple(texts), tables=(table,)),),
    )


# -- formulas ----------------------------------------------------------------------------------


def starts_formula(cell: str) -> bool:
    return cell[:1] != "" and cell[0] in FORMULA_CHARACTERS and not NEGATIVE_NUMBER.fullmatch(cell)


def assert_csv_evaluates_nothing(path: Path) -> None:
    with path.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            for cell in row:
                assert not starts_formula(cell), (path.name, cell)


def assert_xlsx_evaluates_nothing(path: Path) -> None:
    workbook = load_workbook(path)  # not data_only: formulas would show as formulas
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.data_type == "s"


@given(text=st.text(st.sampled_from("=+-@\t\r'a1. 中")))
def test_neutralise_quotes_formulas_and_restore_undoes_it(text: str) -> None:
    quoted = neutralise(text)
    assert restore(quoted) == text
    assert not starts_formula(quoted)
    if quoted != text:
        assert quoted == "'" + text


def test_plain_text_and_negative_numbers_are_left_alone() -> None:
    for text in ("张三", "1949-12", "-3", "-0.5", "a=b", "", "'quoted'", "'"):
        assert neutralise(text) == text
        assert restore(text) == text
    assert neutralise("-3+1") == "'-3+1"
    assert neutralise("'=1") == "''=1"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(FORMULA_TEXT.map(str.strip).filter(bool), min_size=1, max_size=4))
def test_no_roster_export_holds_a_formula(
    texts: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    roster = small_roster(texts)
    folder = tmp_path_factory.mktemp("formulas")
    write_roster(roster, folder / "csv", reveal_pii=True)
    write_roster(roster, folder / "en", headers="en")
    write_roster(roster, folder / "r.xlsx", reveal_pii=True)
    for path in [*(folder / "csv").iterdir(), *(folder / "en").iterdir()]:
        assert_csv_evaluates_nothing(path)
    assert_xlsx_evaluates_nothing(folder / "r.xlsx")
    for path in (folder / "csv", folder / "r.xlsx"):
        assert read_roster(path).roster == roster


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(FORMULA_TEXT, min_size=1, max_size=4))
def test_no_report_holds_a_formula(
    texts: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    report = small_report(texts)
    formats = Locality().report_formats
    folder = tmp_path_factory.mktemp("report")
    formats["csv"].write(report, folder / "r.csv")
    formats["xlsx"].write(report, folder / "r.xlsx")
    formats["html"].write(report, folder / "r.html")
    assert_csv_evaluates_nothing(folder / "r.csv")
    assert_xlsx_evaluates_nothing(folder / "r.xlsx")
    page = (folder / "r.html").read_text("utf-8")
    assert "<script>" not in page.split("<style>", 1)[0] + page.split("</style>", 1)[1]


def test_markdown_shows_html_and_links_in_the_data_as_text(tmp_path: Path) -> None:
    texts = ["<script>alert(1)</script>", "[点我](javascript:alert(1))", "a|b", "**粗**"]
    Locality().report_formats["md"].write(small_report(texts), tmp_path / "r.md")
    text = (tmp_path / "r.md").read_text("utf-8")
    assert "<script>" not in text and "](javascript" not in text and "**粗**" not in text
    assert "&lt;script&gt;" in text and "a\\|b" in text


def test_the_sample_county_holds_no_formula(tmp_path: Path) -> None:
    generate_sample(tmp_path, cadres=300, seed=4)
    for path in tmp_path.iterdir():
        assert_csv_evaluates_nothing(path)


def test_roster_csv_round_trips_text_that_looks_like_a_formula(tmp_path: Path) -> None:
    names = ["=1+1", "'=1+1", "''=1+1", "-1+1", "-3", "@a", "+86", "'", "'abc", "=cmd|' /C calc'"]
    roster = small_roster(names)
    write_roster(roster, tmp_path / "csv")
    cells = (tmp_path / "csv" / "units.csv").read_text("utf-8-sig")
    assert "'=1+1" in cells and "'''=1+1" in cells and "'-1+1" in cells
    assert read_roster(tmp_path / "csv").roster == roster


def test_a_hand_written_quote_is_kept_unless_it_guards_a_formula(tmp_path: Path) -> None:
    folder = folder_roster(tmp_path)
    (folder / "units.csv").write_text(
        "编号,单位名称,单位类型\nU1,'老干部局,老干部局\nU2,'=老干部局,老干部局\n", "utf-8"
    )
    names = [u.name for u in read_roster(folder).roster.units]
    assert names == ["'老干部局", "=老干部局"]


# -- atomic writes -------------------------------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import datetime, resource, signal, sys
    from pathlib import Path
    from laoganbu import Cadre, Locality, Period, Roster, write_roster
    from laoganbu.reports import Report, Section, Table

    kind, target, limit, die = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    cadres = tuple(
        Cadre(id=f"C{i}", name="李四" * 5, sex="female", birth_date="1950-01", kind="tuixiu",
              former_post="新内容" * 20)
        for i in range(400)
    )
    roster = Roster(cadres=cadres)
    table = Table(key="t", title="表", headers=("姓名", "职务"),
                  rows=tuple((c.name, c.former_post) for c in cadres))
    report = Report(title="新报告", area="县", jurisdiction="000000",
                    period=Period.parse("2026"), as_of=datetime.date(2026, 11, 1),
                    statistics="统计" * 100, sections=(Section(title="一", tables=(table,)),))
    formats = Locality().report_formats
    # Exceeding the size limit kills the process (SIGXFSZ) or fails the write (EFBIG).
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL if die == "kill" else signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    try:
        if kind.startswith("roster-"):
            write_roster(roster, target, reveal_pii=True, overwrite=True)
        else:
            formats[kind].write(report, target, overwrite=True)
    except Exception:  # EFBIG, as OSError or wrapped by lxml
        sys.exit(3)
    """
)

WRITERS = {
    "roster-csv": "county",
    "roster-xlsx": "roster.xlsx",
    "roster-json": "roster.json",
    "csv": "report.csv",
    "json": "report.json",
    "md": "report.md",
    "html": "report.html",
    "xlsx": "report.xlsx",
    "docx": "report.docx",
}


def snapshot(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {
            p.name: p.read_bytes() for p in sorted(path.iterdir()) if not p.name.startswith(".")
        }
    return {path.name: path.read_bytes()}


def old_content(path: Path) -> None:
    """Something already at ``path`` for the writer to replace."""
    if path.suffix:
        path.write_bytes(b"old content " * 1000)
    else:
        write_roster(small_roster(["旧单位"]), path, reveal_pii=True)


def run_child(kind: str, target: Path, limit: int, die: str) -> int:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, kind, str(target), str(limit), die],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
    )
    return done.returncode


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs POSIX resource limits")
@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_write_cut_short_leaves_the_old_file_whole(kind: str, tmp_path: Path) -> None:
    """The writer is killed (SIGXFSZ) or fails (EFBIG) after 0 bytes and after 3 kB: the
    target holds its old bytes, never a truncated file; a failed write leaves no temp file."""
    target = tmp_path / WRITERS[kind]
    old_content(target)
    before = snapshot(target)
    complete = run_child(kind, tmp_path / f"complete-{target.name}", 2**40, "kill")
    assert complete == 0
    new = snapshot(tmp_path / f"complete-{target.name}")
    for limit in (0, 3000):
        for die in ("kill", "error"):
            status = run_child(kind, target, limit, die)
            assert status == (-signal.SIGXFSZ if die == "kill" else 3), status
            after = snapshot(target)
            # A folder is written file by file: each file is whole, old or new.
            for name, data in after.items():
                assert data in (before.get(name), new.get(name)), (name, limit, die)
            assert after.keys() <= before.keys() | new.keys()
            leftovers = [p.name for p in target.parent.rglob(f"*{TEMP_SUFFIX}")]
            if die == "error":
                assert leftovers == [], leftovers
            for p in target.parent.rglob(f"*{TEMP_SUFFIX}"):
                p.unlink()  # what a kill leaves behind; hidden, and never the target


def test_atomic_write_removes_its_temp_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_write(target, "w", encoding="utf-8") as f:
        f.write("new, but not all of it")
        raise RuntimeError("stopped midway")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_a_writer_that_fails_midway_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from laoganbu.io import writer

    target = tmp_path / "roster.json"
    target.write_text("old", encoding="utf-8")
    monkeypatch.setattr(writer.json, "dumps", lambda *a, **k: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        write_roster(small_roster(["单位"]), target, overwrite=True)
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["roster.json"]


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "r.json"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_roster(small_roster(["单位"]), target, overwrite=True)
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "fresh.json"
    write_roster(small_roster(["单位"]), fresh)
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask


# -- no silent overwrite -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["roster.xlsx", "roster.json", "county"])
def test_write_roster_refuses_an_existing_output(name: str, tmp_path: Path) -> None:
    roster = small_roster(["单位"])
    target = tmp_path / name
    write_roster(roster, target)
    before = snapshot(target)
    with pytest.raises(OutputExistsError, match="--force") as caught:
        write_roster(small_roster(["另一个单位"]), target)
    assert isinstance(caught.value, FileExistsError) and caught.value.code == "output-exists"
    assert snapshot(target) == before
    write_roster(small_roster(["另一个单位"]), target, overwrite=True)
    assert snapshot(target) != before


def test_a_roster_folder_may_be_new_or_empty(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    write_roster(small_roster(["单位"]), tmp_path / "empty")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="not empty"):
        write_roster(small_roster(["单位"]), tmp_path / "other")
    write_roster(small_roster(["单位"]), tmp_path / "other", overwrite=True)
    assert (tmp_path / "other" / "notes.txt").read_text(encoding="utf-8") == "mine"
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputExistsError, match="not a folder"):
        write_roster(small_roster(["单位"]), tmp_path / "file", format="csv", overwrite=True)


def test_report_format_refuses_an_existing_output_and_its_inputs(tmp_path: Path) -> None:
    report = small_report(["标题"])
    fmt = Locality().report_formats["json"]
    target = fmt.write(report, tmp_path / "sub" / "r.json")
    with pytest.raises(OutputExistsError):
        fmt.write(report, target)
    fmt.write(report, target, overwrite=True)
    folder = folder_roster(tmp_path)
    for path in (folder / "cadres.csv", folder / "new.json", folder):
        with pytest.raises(OutputIsInputError, match="input"):
            fmt.write(report, path, overwrite=True, inputs=[folder])
    assert (folder / "cadres.csv").read_text("utf-8-sig") == CADRES
    assert not (folder / "new.json").exists()


def test_check_target_compares_real_paths(tmp_path: Path) -> None:
    folder = folder_roster(tmp_path)
    link = tmp_path / "link"
    link.symlink_to(folder)
    with pytest.raises(OutputIsInputError):
        check_target(link / "cadres.csv", overwrite=True, inputs=[folder])
    with pytest.raises(OutputIsInputError):  # a folder holding an input
        check_target(tmp_path, overwrite=True, inputs=[folder / "cadres.csv"], folder=True)
    assert check_target(tmp_path / "out.csv", inputs=[folder, None]) == tmp_path / "out.csv"


def test_generate_sample_refuses_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    (tmp_path / "cadres.csv").write_text("mine", encoding="utf-8")
    with pytest.raises(OutputExistsError):
        generate_sample(tmp_path, cadres=20)
    assert (tmp_path / "cadres.csv").read_text(encoding="utf-8") == "mine"


# -- the command line ----------------------------------------------------------------------------


def test_cli_report_needs_force_to_replace(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = folder_roster(tmp_path)
    out = tmp_path / "r.csv"
    args = ["report", "--roster", str(folder), "--period", "2026", "--format", "csv"]
    assert runner.invoke(main, [*args, "--out", str(out)]).exit_code == 0
    out.write_text("mine", encoding="utf-8")
    refused = runner.invoke(main, [*args, "--out", str(out)])
    assert refused.exit_code == 2
    assert "--force" in refused.stderr and "已存在" in refused.stderr
    assert out.read_text(encoding="utf-8") == "mine"
    forced = runner.invoke(main, [*args, "--out", str(out), "--force"])
    assert forced.exit_code == 0, forced.output
    assert out.read_text(encoding="utf-8-sig") != "mine"


def test_cli_report_never_writes_over_its_inputs(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = folder_roster(tmp_path)
    records = tmp_path / "records.csv"
    records.write_text("编号,干部编号,服务类型,服务日期\nR1,C1,电话,2026-03-01\n", "utf-8")
    workbook = write_roster(read_roster(folder).roster, tmp_path / "county.xlsx")
    before = {p: p.read_bytes() for p in (folder / "cadres.csv", records, workbook)}
    cases = [
        (folder, folder / "cadres.csv"),
        (folder, folder / "report.csv"),
        (folder, records),
        (workbook, workbook),
    ]
    for roster, out in cases:
        for force in ([], ["--force"]):
            result = runner.invoke(
                main,
                ["report", "--roster", str(roster), "--records", str(records), "--period",
                 "2026", "--format", "csv", "--out", str(out), *force],
            )  # fmt: skip
            assert result.exit_code == 2, (out, force, result.output)
            assert "input" in result.stderr and "输入" in result.stderr
    assert {p: p.read_bytes() for p in before} == before
    assert not (folder / "report.csv").exists()
    # --out the roster folder itself: not a file, refused by the option
    result = runner.invoke(main, ["report", "--roster", str(folder), "--period", "2026",
                                  "--format", "csv", "--out", str(folder), "--force"])  # fmt: skip
    assert result.exit_code == 2


def test_cli_sample_and_schema_need_force_for_a_folder_that_is_not_empty(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "county"
    sample = ["sample", "--cadres", "20", "--out", str(out)]
    assert runner.invoke(main, sample).exit_code == 0
    before = snapshot(out)
    refused = runner.invoke(main, [*sample[:-2], "--seed", "9", "--out", str(out)])
    assert refused.exit_code == 2 and "--force" in refused.stderr
    assert snapshot(out) == before
    assert runner.invoke(main, [*sample, "--seed", "9", "--force"]).exit_code == 0
    assert snapshot(out) != before

    schemas = tmp_path / "schemas"
    assert runner.invoke(main, ["schema", "--out", str(schemas)]).exit_code == 0
    (schemas / "Cadre.schema.json").write_text("{}", encoding="utf-8")
    assert runner.invoke(main, ["schema", "--out", str(schemas)]).exit_code == 2
    assert (schemas / "Cadre.schema.json").read_text(encoding="utf-8") == "{}"
    assert runner.invoke(main, ["schema", "--out", str(schemas), "--force"]).exit_code == 0
    assert json.loads((schemas / "Cadre.schema.json").read_text(encoding="utf-8"))["properties"]


def test_a_file_that_cannot_be_written_is_an_output_error(tmp_path: Path) -> None:
    from laoganbu.errors import OutputError
    from laoganbu.io.files import make_folder, write_text_atomic

    (tmp_path / "a-file").write_text("x")
    with pytest.raises(OutputError, match="cannot be written"):
        write_text_atomic(tmp_path / "a-file" / "report.md", "text")
    with pytest.raises(OutputError, match="cannot be written"):
        write_text_atomic(tmp_path / ("a" * 300 + ".md"), "text")
    with pytest.raises(OutputError, match="cannot be written"):
        make_folder(tmp_path / "a-file" / "charts")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_cli_output_that_cannot_be_written_exits_2(tmp_path: Path) -> None:
    roster = folder_roster(tmp_path)
    (tmp_path / "a-file").write_text("x")
    result = CliRunner().invoke(
        main,
        ["report", "--roster", str(roster), "--period", "2026", "--format", "csv",
         "--out", str(tmp_path / "a-file" / "r.csv")],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "cannot be written" in result.stderr and "无法写入" in result.stderr


def test_markdown_charts_folder_is_held_to_the_same_rules(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    report = small_report(["张三"])
    (tmp_path / "r-charts").mkdir()
    (tmp_path / "r-charts" / "kept.png").write_bytes(b"precious")
    md = Locality().report_formats["md"]
    with pytest.raises(OutputExistsError):
        md.write(report, tmp_path / "r.md")
    with pytest.raises(OutputIsInputError):
        md.write(report, tmp_path / "r.md", overwrite=True, inputs=[tmp_path / "r-charts"])
    assert (tmp_path / "r-charts" / "kept.png").read_bytes() == b"precious"
