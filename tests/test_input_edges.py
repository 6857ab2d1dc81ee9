"""Inputs at the edges: each ends in a documented outcome, never a traceback (#12).

Accepted; rows rejected with problems; or :class:`UnusableInputError` naming the file (and
the line, where there is one) — nothing else.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from laoganbu import InvalidValueError, UnusableInputError, read_roster, read_table

GRIDS = "编号,网格名称,网格层级,上级网格\nG1,县局,1,\nG2,桐城镇,2,G1\nG3,中心村,3,G2\n"
HEADER = "编号,姓名,性别,出生年月,人员类别,所在网格\n"


def cadre(rid: str = "C1", name: str = "张三", born: str = "1949.12") -> dict[str, Any]:
    return {"编号": rid, "姓名": name, "性别": "男", "出生年月": born, "人员类别": "退休"}


def folder_with(tmp_path: Path, cadres: str | bytes) -> Path:
    (tmp_path / "grids.csv").write_text(GRIDS, encoding="utf-8")
    data = cadres.encode("utf-8") if isinstance(cadres, str) else cadres
    (tmp_path / "cadres.csv").write_bytes(data)
    return tmp_path


# -- files that are not there, not files, or not readable ----------------------------------------


def test_a_dangling_link_where_a_table_is_expected_is_unusable(tmp_path: Path) -> None:
    (tmp_path / "grids.csv").write_text(GRIDS, encoding="utf-8")
    (tmp_path / "cadres.csv").symlink_to(tmp_path / "gone.csv")
    with pytest.raises(UnusableInputError, match=r"^cadres.csv: no such file \(a link"):
        read_roster(tmp_path)
    with pytest.raises(UnusableInputError, match=r"cadres.csv: a link to a file that is gone"):
        read_table(tmp_path / "cadres.csv", "cadres")
    (tmp_path / "roster.json").symlink_to(tmp_path / "gone.json")
    with pytest.raises(UnusableInputError, match=r"roster.json: a link to a file that is gone"):
        read_roster(tmp_path / "roster.json")


def test_a_folder_named_like_a_table_is_unusable(tmp_path: Path) -> None:
    (tmp_path / "grids.csv").write_text(GRIDS, encoding="utf-8")
    (tmp_path / "cadres.csv").mkdir()
    with pytest.raises(UnusableInputError, match=r"^cadres.csv: a folder where a file was"):
        read_roster(tmp_path)
    with pytest.raises(UnusableInputError, match=r"cadres.csv: a folder where a file was"):
        read_table(tmp_path / "cadres.csv", "cadres")


def test_an_unreadable_file_is_unusable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = folder_with(tmp_path, HEADER)
    if os.geteuid() != 0:
        (folder / "cadres.csv").chmod(0)
    else:  # root reads whatever the mode says: let the read fail as it would for anyone else
        real = Path.read_bytes

        def refuse(self: Path) -> bytes:
            if self.name == "cadres.csv":
                raise PermissionError(13, "Permission denied", str(self))
            return real(self)

        monkeypatch.setattr(Path, "read_bytes", refuse)
    with pytest.raises(UnusableInputError, match=r"^cadres.csv: permission denied"):
        read_roster(folder)


def test_a_folder_that_cannot_be_listed_is_unusable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(self: Path) -> Any:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refuse)
    with pytest.raises(UnusableInputError, match="permission denied"):
        read_roster(tmp_path)


def test_a_workbook_next_to_csv_tables_is_not_read_and_says_so(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, HEADER + "C1,张三,男,1949.12,退休,G3\n")
    (folder / "cadres.xlsx").write_bytes(b"not read")
    (folder / "~$cadres.xlsx").write_bytes(b"Excel's lock file")
    result = read_roster(folder)
    assert result.ok
    assert [(p.file, p.severity) for p in result.warnings] == [("cadres.xlsx", "warning")]
    assert "not read" in result.warnings[0].message


def test_a_folder_holding_only_a_workbook_points_at_it(tmp_path: Path) -> None:
    (tmp_path / "roster.xlsx").write_bytes(b"")
    with pytest.raises(UnusableInputError, match=r"to read roster\.xlsx, give its path"):
        read_roster(tmp_path)


# -- JSON ------------------------------------------------------------------------------------------


def write_json(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "roster.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_json_nested_too_deep_is_unusable(tmp_path: Path) -> None:
    path = write_json(tmp_path, '{"cadres":\n' + "[" * 100_000 + "]" * 100_000 + "}")
    with pytest.raises(UnusableInputError, match=r"roster.json: not valid JSON at line 2: .*deep"):
        read_roster(path)


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_json_nan_and_infinity_are_unusable(tmp_path: Path, constant: str) -> None:
    record = json.dumps(cadre(), ensure_ascii=False).replace('"张三"', constant)
    path = write_json(tmp_path, '{"cadres": [\n' + record + "]}")
    with pytest.raises(
        UnusableInputError, match=rf"roster.json: not valid JSON at line 2: {constant} is not"
    ):
        read_roster(path)
    # The word in a string is text like any other.
    path = write_json(tmp_path, json.dumps({"cadres": [cadre(name=constant)]}))
    assert read_roster(path).roster.cadres[0].name == constant


def test_json_numbers_beyond_a_float_are_unusable(tmp_path: Path) -> None:
    path = write_json(tmp_path, '{"cadres": [\n{"编号": 1e999}]}')
    with pytest.raises(UnusableInputError, match=r"line 2: the number 1e999 is too large"):
        read_roster(path)


def test_json_integer_of_thousands_of_digits_is_unusable(tmp_path: Path) -> None:
    path = write_json(tmp_path, '{"cadres": [\n\n{"编号": ' + "9" * 5000 + "}]}")
    with pytest.raises(UnusableInputError, match=r"at line 3: a number of more than 4300 digits"):
        read_roster(path)


def test_json_repeated_key_is_unusable_and_named(tmp_path: Path) -> None:
    records = json.dumps([cadre()], ensure_ascii=False)
    path = write_json(tmp_path, f'{{"cadres": {records},\n "cadres": []}}')
    with pytest.raises(UnusableInputError, match=r"at line 2: the key 'cadres' appears twice"):
        read_roster(path)
    # in a record, too; the same key in two records is not repeated
    path = write_json(tmp_path, '{"cadres": [{"编号": "C1"},\n{"编号": "C2",\n "编号": "C3"}]}')
    with pytest.raises(UnusableInputError, match=r"at line 3: the key '编号' appears twice"):
        read_roster(path)


def test_json_that_is_not_utf8_is_unusable(tmp_path: Path) -> None:
    path = tmp_path / "roster.json"
    path.write_bytes('{"cadres": [\n{"编号": "张三"}]}'.encode("gbk"))
    with pytest.raises(UnusableInputError, match=r"roster.json: not valid JSON \(line 2"):
        read_roster(path)


def test_json_read_as_one_table_is_as_strict(tmp_path: Path) -> None:
    path = write_json(tmp_path, '[{"编号": NaN}]')
    with pytest.raises(UnusableInputError, match="NaN is not a JSON value"):
        read_table(path, "grids")


def test_json_lone_surrogate_rejects_its_row(tmp_path: Path) -> None:
    path = write_json(
        tmp_path,
        json.dumps({"grids": [{"编号": "G1", "网格名称": "\ud800", "网格层级": 1}]}),
    )
    result = read_roster(path)
    [problem] = result.rejected
    assert (problem.row, problem.column) == (1, "网格名称")


# -- CSV: one damaged cell costs its row --------------------------------------------------------


def rows(*lines: str) -> str:
    return HEADER + "".join(line + "\n" for line in lines)


def located(result: Any) -> list[tuple[int | None, str | None]]:
    return [(p.row, p.column) for p in result.rejected]


@pytest.mark.parametrize("damage", ["\x00", "\x01", "\x1b", "\x7f\x00"])
def test_a_control_character_in_a_cell_rejects_its_row(tmp_path: Path, damage: str) -> None:
    folder = folder_with(
        tmp_path, rows("C1,张三,男,1949.12,退休,G3", f"C2,李{damage}四,男,1949.12,退休,G3")
    )
    result = read_roster(folder)
    assert located(result) == [(3, "姓名")]
    assert [c.id for c in result.roster.cadres] == ["C1"]


@pytest.mark.parametrize("column", range(6))
def test_a_nul_in_any_column_rejects_its_row(tmp_path: Path, column: int) -> None:
    cells = ["C2", "李四", "男", "1949.12", "退休", "G3"]
    cells[column] = cells[column][:1] + "\x00" + cells[column][1:]
    folder = folder_with(tmp_path, rows("C1,张三,男,1949.12,退休,G3", ",".join(cells)))
    result = read_roster(folder)
    assert [p.row for p in result.rejected] == [3]
    assert [c.id for c in result.roster.cadres] == ["C1"]


def test_mostly_nul_bytes_is_binary_and_named_formats_say_what_they_are(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, b"\x00" * 100 + rows("C1").encode())
    with pytest.raises(UnusableInputError, match=r"^cadres.csv: binary data"):
        read_roster(folder)
    folder_with(tmp_path, rows("C1,张三,男,1949.12,退休,G3").encode("utf-16"))
    with pytest.raises(UnusableInputError, match=r"^cadres.csv: UTF-16 text"):
        read_roster(folder)
    folder_with(tmp_path, b"PK\x03\x04" + b"\x00" * 30)
    with pytest.raises(UnusableInputError, match=r"^cadres.csv: a workbook"):
        read_roster(folder)


def test_a_cell_beyond_the_maximum_rejects_its_row(tmp_path: Path) -> None:
    from laoganbu.io.sources import MAX_CELL

    longest = "x" * MAX_CELL
    folder = folder_with(
        tmp_path,
        rows(
            f"C1,张三,男,1949.12,退休,G3,{longest}",  # as long as may be: read (and ignored)
            f"C2,李四,男,1949.12,退休,{longest}x",
            "C3,王五,男,1949.12,退休,G3",
        ),
    )
    result = read_roster(folder)
    assert located(result) == [(3, "所在网格")]
    assert "32,767" in result.rejected[0].message
    assert [c.id for c in result.roster.cadres] == ["C1", "C3"]


def test_reading_leaves_the_csv_field_limit_as_it_was(tmp_path: Path) -> None:
    import csv

    before = csv.field_size_limit()
    read_roster(folder_with(tmp_path, rows("C1,张三,男,1949.12,退休,G3")))
    assert csv.field_size_limit() == before


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_a_stray_quote_is_reported_where_it_starts_and_costs_only_its_row(
    tmp_path: Path, newline: str
) -> None:
    lines = [
        "C1,张三,男,1949.12,退休,G3",
        'C2,"李四,男,1949.12,退休,G3',  # opened, never closed
        "C3,王五,男,1949.12,退休,G3",
        'C4,"赵六",男,1949.12,退休,G3',
        'C5,"钱七"x,男,1949.12,退休,G3',  # text after the closing quote
        'C6,"孙\n八",男,1949.12,退休,G3',  # a cell over two lines is fine
        'C7,周"九,男,1949.12,退休,G3',  # a quote inside an unquoted cell is text
        'C8,"吴十,男,1949.12,退休,G3',  # opened, never closed, to the end
    ]
    folder = folder_with(tmp_path, newline.join([HEADER.rstrip("\n"), *lines]))
    result = read_roster(folder)
    messages = {p.row: p.message for p in result.rejected}
    assert messages.keys() == {3, 6, 9}
    # C2's quote is closed by C4's: the cell ends there, where 赵 follows the quote
    assert messages[3].startswith("line 3: a quote does not close its cell")
    assert messages[6].startswith("line 6: a quote does not close its cell")
    assert messages[9].startswith("line 10: a quote opened in this row is never closed")
    assert [c.id for c in result.roster.cadres] == ["C1", "C3", "C4", "C6", "C7"]


def test_broken_rows_in_many_chunks_keep_their_numbers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from laoganbu.io import rows as rows_module

    monkeypatch.setattr(rows_module, "CHUNK", 3)
    lines = [f"C{i},张三,男,1949.12,退休,G3" for i in range(1, 21)]
    for i in (2, 3, 9, 19):
        lines[i] = f'C{i + 1},"张三"x,男,1949.12,退休,G3'
    lines.insert(12, 'C99,"多\n行",男,1949.12,退休,G3')
    result = read_roster(folder_with(tmp_path, rows(*lines)))
    # row numbers count records (the header is row 1); lines count lines
    assert {p.row: p.message[:8] for p in result.rejected} == {
        4: "line 4: ",
        5: "line 5: ",
        11: "line 11:",
        22: "line 23:",
    }
    assert len(result.roster.cadres) == 21 - 4


# -- dates in CSV ----------------------------------------------------------------------------------


def test_a_day_number_in_csv_is_refused_with_a_reason(tmp_path: Path) -> None:
    folder = folder_with(
        tmp_path,
        rows("C1,张三,男,17777,退休,G3", "C2,李四,男,1949.1,退休,G3", "C3,王五,男,1949.10,退休,G3"),
    )
    result = read_roster(folder)
    problems = {p.row: (p.column, p.message) for p in result.rejected}
    assert problems.keys() == {2, 3}
    assert problems[2][0] == "出生年月" and "day numbers only exist in workbook" in problems[2][1]
    assert "1949.01 or 1949.10" in problems[3][1]
    assert str(result.roster.cadre("C3").birth_date) == "1949-10"


def test_a_day_number_in_a_workbook_cell_is_a_date(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "grids"
    for row in [["编号", "网格名称", "网格层级", "上级网格"], ["G1", "县局", 1, None]]:
        sheet.append(row)
    cadres = book.create_sheet("cadres")
    cadres.append(["编号", "姓名", "性别", "出生年月", "人员类别"])
    cadres.append(["C1", "张三", "男", 17777, "退休"])
    cadres.append(["C2", "李四", "男", "17777", "退休"])  # a text cell: not a day number
    book.save(tmp_path / "roster.xlsx")
    result = read_roster(tmp_path / "roster.xlsx")
    assert str(result.roster.cadre("C1").birth_date) == "1948-09-01"
    assert [(p.row, p.column) for p in result.rejected] == [(3, "出生年月")]


# -- the command line: documented exit statuses, and --json always parses -----------------------


def validate(path: Path, *options: str) -> Any:
    from click.testing import CliRunner

    from laoganbu.cli import main

    return CliRunner().invoke(main, ["validate", "--roster", str(path), *options])


def test_validate_json_with_lone_surrogates_still_parses(tmp_path: Path) -> None:
    data = {"grids": [{"编号": "G1", "网格名称": "\ud800", "网格层级": 1, "\udc00": "x"}]}
    path = write_json(tmp_path, json.dumps(data))
    result = validate(path, "--json", "--reveal-pii")
    assert result.exit_code == 1, result.output
    parsed = json.loads(result.stdout)
    assert parsed["rejected"][0]["column"] == "网格名称"
    assert parsed["warnings"][0]["column"] == "\ufffd"
    # and the text output is written, not a UnicodeEncodeError
    result = validate(path, "--reveal-pii")
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_file_name_that_is_not_utf8_is_printed(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, rows("C1,张三,男,1949.12,退休,G3"))
    (folder / os.fsdecode(b"\xff\xfe.csv")).write_text("x\n", encoding="utf-8")
    result = validate(folder, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["warnings"][0]["file"] == "\ufffd\ufffd.csv"
    assert validate(folder).exit_code == 0


def test_validate_json_on_unusable_input_is_a_json_object(tmp_path: Path) -> None:
    path = write_json(tmp_path, '{"cadres": [], "cadres": []}')
    result = validate(path, "--json")
    assert result.exit_code == 2
    assert json.loads(result.stdout) == {
        "error": f"{path}: not valid JSON at line 1: the key 'cadres' appears twice in one"
        " object / 不是有效的JSON",
        "code": "unusable-input",
    }
    result = validate(tmp_path / "gone.json")
    assert result.exit_code == 2 and "no such file" in result.stderr


# -- workbooks -------------------------------------------------------------------------------------

GRID_HEADERS = ["编号", "网格名称", "网格层级", "上级网格"]


def grids_workbook(path: Path, *rows: list[object], headers: list[str] = GRID_HEADERS) -> Path:
    """A workbook with one sheet of grids, as openpyxl writes it (formulas not calculated)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "grids"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def edit_sheet(source: Path, target: Path, edit: Callable[[bytes], bytes]) -> Path:
    """``source`` copied to ``target`` with its first sheet's XML passed through ``edit``."""
    import zipfile

    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as out:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.endswith("sheet1.xml"):
                data = edit(data)
            out.writestr(item, data)
    return target


def test_a_formula_without_a_saved_value_is_reported_as_such(tmp_path: Path) -> None:
    # openpyxl writes formulas without calculating them, as pandas does.
    path = grids_workbook(
        tmp_path / "roster.xlsx",
        ["G1", "县局", 1, None],
        ["G2", '=CONCAT("桐","城镇")', 2, "G1"],
        ["G3", "中心村", "=1+2", "G2"],
        [None, None, None, None, "=1+1"],  # in a column not read: no matter
        ['="G"&5', None, None, None],  # a row of such formulas is not blank
        headers=[*GRID_HEADERS, "备注x"],
    )
    result = read_roster(path)
    problems = {(p.row, p.column): p.message for p in result.rejected}
    assert problems.keys() == {(3, "网格名称"), (4, "网格层级"), (6, "编号")}
    assert all(m.startswith("a formula with no saved value") for m in problems.values())
    assert [g.id for g in result.roster.grids] == ["G1"]


def test_a_formula_with_a_saved_value_is_read_for_its_value(tmp_path: Path) -> None:
    plain = grids_workbook(tmp_path / "plain.xlsx", ["G1", "=1", 1, None])

    def saved(data: bytes) -> bytes:  # as Excel does on saving
        data = data.replace(b"<f>1</f><v></v>", b'<f>"County"</f><v>County</v>')
        data = data.replace(b'<c r="B2">', b'<c r="B2" t="str">')
        assert b"<v>County</v>" in data
        return data

    result = read_roster(edit_sheet(plain, tmp_path / "roster.xlsx", saved))
    assert result.ok, result.problems
    assert result.roster.grid("G1").name == "County"


def test_a_damaged_sheet_is_unusable(tmp_path: Path) -> None:
    plain = grids_workbook(
        tmp_path / "plain.xlsx", *([f"G{i}", "县局", 1, None] for i in range(50))
    )
    damaged = edit_sheet(plain, tmp_path / "roster.xlsx", lambda data: data[: len(data) * 2 // 3])
    with pytest.raises(UnusableInputError, match=r"roster.xlsx:grids: the sheet is damaged"):
        read_roster(damaged)


def test_an_over_long_cell_in_a_row_over_several_lines_costs_that_row_only(
    tmp_path: Path,
) -> None:
    longest = "x" * 40_000
    folder = folder_with(
        tmp_path, rows(f'C1,{longest},男,1949.12,退休,"G\n3"', "C2,李四,男,1949.12,退休,G3")
    )
    result = read_roster(folder)
    assert located(result) == [(2, "姓名")]
    assert [c.id for c in result.roster.cadres] == ["C2"]


def test_other_commands_reading_input_exit_2_naming_the_file(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from laoganbu.cli import main
    from laoganbu.sample import generate_sample

    county = tmp_path / "county"
    generate_sample(county, cadres=20, seed=1, records=False)
    broken = write_json(tmp_path, '{"cadres": NaN}')
    runner = CliRunner()
    for args in (
        ["plan", "--roster", str(broken), "--period", "2026"],
        ["assess", "--rubric", "xinzhou", "--roster", str(broken), "--period", "2026"],
        ["compliance", "--roster", str(county), "--records", str(broken), "--as-of", "2026-06-30"],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, (args, result.output)
        assert "roster.json: not valid JSON" in result.stderr
        as_json = runner.invoke(main, [*args, "--json"])
        assert as_json.exit_code == 2
        assert json.loads(as_json.stdout)["code"] == "unusable-input"
    gbk = tmp_path / "evidence.csv"
    gbk.write_bytes("indicator,value\n观察,是\n".encode("gbk"))
    for evidence in (gbk, tmp_path / "gone.csv", tmp_path):
        result = runner.invoke(
            main,
            ["assess", "--rubric", "xinzhou", "--roster", str(county), "--period", "2026",
             "--evidence", str(evidence)],
        )  # fmt: skip
        assert result.exit_code == 2, result.output
        if evidence is gbk:  # (click itself refuses a path that is gone, or a folder)
            # Decoded as a roster's CSV files are (GBK here), then found to lack columns.
            assert "evidence.csv: columns missing: document, date, who" in result.stderr


@pytest.mark.parametrize("control", ["\x1c", "\x1d", "\x1e", "\x1f"])
def test_a_control_character_at_the_end_of_a_cell_rejects_its_row(
    tmp_path: Path, control: str
) -> None:
    # str.strip() would take these away as whitespace, and the row would pass as if clean.
    result = read_roster(folder_with(tmp_path, rows(f"C1,张三{control},男,1949.12,退休,G3")))
    [problem] = result.rejected
    assert (problem.row, problem.column) == (2, "姓名")
    assert "control character" in problem.message


def test_unicode_spaces_around_a_cell_are_trimmed(tmp_path: Path) -> None:
    result = read_roster(folder_with(tmp_path, rows("C1,\u3000张三\xa0,男,1949.12,退休,G3")))
    assert result.ok and result.roster.cadre("C1").name == "张三"


def test_a_number_in_a_json_date_is_not_a_day_number(tmp_path: Path) -> None:
    path = tmp_path / "roster.json"
    cadre = {"编号": "C1", "姓名": "张三", "性别": "男", "出生年月": 17777, "人员类别": "退休"}
    path.write_text(json.dumps({"cadres": [cadre]}, ensure_ascii=False), encoding="utf-8")
    [problem] = read_roster(path).rejected
    assert problem.column == "出生年月" and "day numbers only exist in workbook" in problem.message


@pytest.mark.parametrize("control", ["\x0b", "\x0c", "\x1c", "\x1f"])
def test_models_refuse_a_trailing_control_character_rather_than_trim_it(control: str) -> None:
    from pydantic import ValidationError

    from laoganbu import Address, Cadre

    with pytest.raises(ValidationError, match="string_pattern_mismatch"):
        Cadre(id="C1", name=f"张三{control}", sex="男", birth_date="1930.01", kind="退休")
    with pytest.raises(InvalidValueError, match="control"):
        Address(f"北京市{control}")
    assert (
        Cadre(id=" C1\u3000", name="\xa0张三 ", sex="男", birth_date="1930.01", kind="退休").id
        == "C1"
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_named_pipe_is_unusable_input_not_a_wait(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, rows("C1,张三,男,1949.12,退休,G3"))
    (folder / "cadres.csv").unlink()
    os.mkfifo(folder / "cadres.csv")
    with pytest.raises(UnusableInputError, match="not a regular file"):
        read_roster(folder)
    with pytest.raises(UnusableInputError, match="not a regular file"):
        read_table(folder / "cadres.csv", "cadres")


def test_a_loop_of_links_as_an_input_of_report_exits_2(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from laoganbu.cli import main

    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    result = CliRunner().invoke(
        main,
        ["report", "--roster", str(loop), "--period", "2026", "--format", "csv",
         "--out", str(tmp_path / "r.csv")],
    )  # fmt: skip
    assert result.exit_code == 2, result.output


def test_evidence_that_is_no_finite_number_or_a_negative_count_is_not_scored(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from laoganbu.cli import main
    from laoganbu.sample import generate_sample

    county = tmp_path / "county"
    generate_sample(county, cadres=20, seed=1, records=False)
    evidence = tmp_path / "evidence.csv"
    evidence.write_text("indicator,value,document,date,who\nx,nan,doc,2026-01-01,me\n")
    args = ["assess", "--rubric", "xinzhou", "--roster", str(county), "--period", "2026",
            "--evidence", str(evidence), "--json"]  # fmt: skip
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "not a finite number" in result.stderr
    assert json.loads(result.stdout)["code"] == "error"


def test_a_spreadsheet_error_value_rejects_its_row(tmp_path: Path) -> None:
    path = grids_workbook(
        tmp_path / "roster.xlsx",
        ["G1", "县局", 1, None],
        ["G2", "#N/A", 1, None],  # openpyxl stores these as error cells (t="e")
        ["G3", "乡镇", "#REF!", None],
    )
    assert b't="e"' in zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml")
    result = read_roster(path)
    problems = {(p.row, p.column): p.message for p in result.rejected}
    assert problems.keys() == {(3, "网格名称"), (4, "网格层级")}
    assert all(m.startswith("a spreadsheet error") for m in problems.values())
    assert [g.id for g in result.roster.grids] == ["G1"]


def test_a_formula_whose_saved_value_is_empty_text_is_blank_not_uncalculated(
    tmp_path: Path,
) -> None:
    plain = grids_workbook(tmp_path / "plain.xlsx", ["G1", "县局", 1, '=IF(TRUE,"","x")'])

    def saved(data: bytes) -> bytes:  # as Excel saves a result "": t="str", an empty value
        data = data.replace(b'<c r="D2">', b'<c r="D2" t="str">')
        assert b'<c r="D2" t="str"><f>' in data
        return data

    result = read_roster(edit_sheet(plain, tmp_path / "roster.xlsx", saved))
    assert result.ok, result.problems
    assert result.roster.grid("G1").parent_id is None


def test_a_damaged_workbook_never_quotes_a_cell(tmp_path: Path) -> None:
    grids = (["G1", "县局", 1, None], ["G2", "乡镇", 2, "G1"])
    plain = grids_workbook(tmp_path / "plain.xlsx", *grids)
    secret = b"140823193101096148X"

    def damaged(data: bytes) -> bytes:  # a number cell holding what no number is
        data = data.replace(b'<c r="C3" t="n"><v>2</v>', b'<c r="C3" t="n"><v>' + secret + b"</v>")
        assert secret in data
        return data

    with pytest.raises(UnusableInputError) as caught:
        read_roster(edit_sheet(plain, tmp_path / "roster.xlsx", damaged))
    assert secret.decode() not in str(caught.value) and "after row 2" in str(caught.value)


@pytest.mark.parametrize("column", ["身份证号", "出生年月", "人员类别"])
def test_a_trailing_control_character_is_refused_in_coded_values_too(
    tmp_path: Path, column: str
) -> None:
    cells = {"身份证号": "140823192102274490", "出生年月": "1921.02", "人员类别": "退休"}
    cells[column] += "\x1f"
    header = "编号,姓名,性别,出生年月,身份证号,人员类别,所在网格\n"
    line = f"C1,张三,男,{cells['出生年月']},{cells['身份证号']},{cells['人员类别']},G3\n"
    folder = folder_with(tmp_path, (header + line))
    [problem] = read_roster(folder).rejected
    assert problem.column == column


@pytest.mark.parametrize("rid", ["C\u200b1", "\ufeff", "C1\x7f", "\u00adC1"])
def test_an_id_with_an_invisible_character_is_refused(tmp_path: Path, rid: str) -> None:
    # It would look like C1, or like nothing, and be another id.
    [problem] = read_roster(folder_with(tmp_path, rows(f"{rid},张三,男,1949.12,退休,G3"))).rejected
    assert problem.column == "编号" and "invisible" in problem.message


@pytest.mark.parametrize("code", ["11010٣", "１１０１０１"])
def test_a_division_code_is_written_in_ascii_digits(code: str) -> None:
    # Unicode digits (Arabic-Indic, full-width) matched \d and were kept as written.
    from pydantic import TypeAdapter, ValidationError

    from laoganbu.models.base import DivisionCode

    with pytest.raises(ValidationError):
        TypeAdapter(DivisionCode).validate_python(code)


def test_a_phone_number_in_other_digits_is_refused_and_full_width_is_read() -> None:
    from laoganbu import PhoneNumber

    with pytest.raises(InvalidValueError):
        PhoneNumber("138٠٠٠٠٠٠٠٠")  # Arabic-Indic digits matched \d and were kept as written
    assert PhoneNumber("１３８００００００００").reveal() == "13800000000"
