"""Roster import and export: formats, encodings, reject records, round trips."""

from __future__ import annotations

import gc
import json
import re
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from openpyxl import Workbook, load_workbook

from laoganbu import (
    Cadre,
    CadreKind,
    Roster,
    UnusableInputError,
    id_check_character,
    read_roster,
    read_table,
    write_roster,
)
from laoganbu.io import rows as rows_module
from tests.strategies import rosters

GRIDS = "编号,网格名称,网格层级,上级网格\nG1,县局,1,\nG2,桐城镇,2,G1\nG3,中心村,3,G2\n"


def good_id(prefix17: str) -> str:
    return prefix17 + id_check_character(prefix17)


def write(folder: Path, name: str, text: str, encoding: str = "utf-8-sig") -> None:
    (folder / name).write_bytes(text.encode(encoding))


def cadre_csv(*rows: str) -> str:
    header = "编号,姓名,性别,出生年月,身份证号,人员类别,所在网格,健康状况,参加工作时间\n"
    return header + "".join(r + "\n" for r in rows)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path, "grids.csv", GRIDS)
    return tmp_path


def by_row(result: object) -> dict[tuple[str | None, int | None], str]:
    return {(p.file, p.row): p.message for p in result.rejected}  # type: ignore[attr-defined]


# -- reading -----------------------------------------------------------------------------------


def test_reads_a_clean_folder(folder: Path) -> None:
    male = good_id("14082319491231001")
    write(folder, "cadres.csv", cadre_csv(f"C1,张三,男,1949.12,{male},退休,G3,一般,1968.09"))
    result = read_roster(folder)
    assert result.ok and not result.problems
    cadre = result.roster.cadre("C1")
    assert cadre.kind is CadreKind.TUIXIU
    assert cadre.id_number is not None and cadre.id_number.reveal() == male
    assert result.accepted["cadres"] == 1
    assert result.accepted["grids"] == 3


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_detects_encoding(folder: Path, encoding: str) -> None:
    write(folder, "cadres.csv", cadre_csv("C1,张三,男,1949.12,,退休,G3,一般,"), encoding)
    result = read_roster(folder)
    assert result.ok
    assert result.roster.cadre("C1").name == "张三"
    expected = {"gbk": "gb18030"}.get(encoding, encoding)
    assert result.files["cadres.csv"] == expected


def test_mixed_encodings_are_unusable_and_say_where(folder: Path) -> None:
    first = cadre_csv("C1,张三,男,1949.12,,退休,G3,一般,").encode("utf-8-sig")
    gbk_line = "C2,李四,男,1950.01,,退休,G3,一般,\n".encode("gbk")
    (folder / "cadres.csv").write_bytes(first + gbk_line)
    with pytest.raises(UnusableInputError, match=r"cadres.csv: starts as UTF-8.* line 3 "):
        read_roster(folder)
    (folder / "cadres.csv").write_bytes(first[3:] + b"C3,\x80\xff\n")
    with pytest.raises(UnusableInputError, match=r"neither UTF-8 nor GBK/GB18030 text \(line 3,"):
        read_roster(folder)


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_and_a_cell_over_two_lines(folder: Path, newline: str) -> None:
    header = "编号,姓名,性别,出生年月,人员类别,所在网格,原职务"
    rows = ["C1,张三,男,1949.12,退休,G3,局长", 'C2,李四,女,1950.01,退休,G3,"副局长\n兼书记"', ""]
    write(folder, "cadres.csv", newline.join([header, *rows]))
    result = read_roster(folder)
    assert result.ok, result.problems
    assert [c.id for c in result.roster.cadres] == ["C1", "C2"]
    assert result.roster.cadre("C2").former_post == "副局长\n兼书记"


def test_row_numbers_count_blank_rows(folder: Path) -> None:
    write(
        folder,
        "cadres.csv",
        cadre_csv("C1,张三,男,1949.12,,退休,G3,,", ",,,,,,,,", "C2,李四,女,1950.13,,退休,G3,,"),
    )
    result = read_roster(folder)
    assert [(p.row, p.column) for p in result.rejected] == [(4, "出生年月")]


def test_broken_csv_rejects_its_row_and_says_where(folder: Path) -> None:
    big = "x" * 200_000  # beyond the csv module's field size limit, and a workbook cell's
    write(
        folder,
        "cadres.csv",
        cadre_csv("C1,张三,男,1949.12,,退休,G3,,", f"C2,{big},女,1950.01,,退休,G3,,"),
    )
    result = read_roster(folder)
    assert [(p.row, p.column) for p in result.rejected] == [(3, "姓名")]
    assert result.rejected[0].message.startswith("line 3: a cell longer than 32,767 characters")
    assert [c.id for c in result.roster.cadres] == ["C1"]
    write(folder, "cadres.csv", '编号,"姓名\n')
    with pytest.raises(UnusableInputError, match=r"cadres.csv: the header row is not readable"):
        read_roster(folder)


def test_damaged_sample_reports_every_bad_row_and_accepts_the_rest(folder: Path) -> None:
    male = good_id("14082319491231001")
    bad_check = male[:-1] + ("0" if male[-1] != "0" else "1")
    rows = [
        f"C1,张三,男,1949.12,{male},退休,G3,一般,1968.09",  # good
        f"C2,李四,男,1949.12,{bad_check},退休,G3,一般,1968.09",  # bad check digit
        "C3,王五,男,1949.02.30,,退休,G3,一般,",  # impossible date
        "C4,赵六,男,1950.01,,退休,G99,一般,",  # unknown grid
        "C5,钱七,男,1950.01,,休息,G3,一般,",  # unknown enum value
        "C6,孙八,女,1952.03,,退休,G3,一般,",  # good
    ]
    write(folder, "cadres.csv", cadre_csv(*rows), "gbk")
    result = read_roster(folder)
    rejected = by_row(result)
    assert set(rejected) == {("cadres.csv", n) for n in (3, 4, 5, 6)}
    assert "校验码" in rejected[("cadres.csv", 3)]
    assert "不存在" in rejected[("cadres.csv", 4)] or "no day" in rejected[("cadres.csv", 4)]
    assert "G99" in rejected[("cadres.csv", 5)]
    assert "CadreKind" in rejected[("cadres.csv", 6)] and "离休" in rejected[("cadres.csv", 6)]
    assert [c.id for c in result.roster.cadres] == ["C1", "C6"]
    columns = {p.row: p.column for p in result.rejected}
    assert columns == {3: "身份证号", 4: "出生年月", 5: "所在网格", 6: "人员类别"}
    # personal values are masked in reports
    bad = next(p for p in result.rejected if p.row == 3)
    assert bad.value is not None and bad_check not in bad.value and "*" in bad.value
    assert bad_check not in bad.message


def test_personal_values_are_revealed_only_when_asked(folder: Path) -> None:
    male = good_id("14082319491231001")
    bad_check = male[:-1] + ("0" if male[-1] != "0" else "1")
    write(
        folder,
        "cadres.csv",
        cadre_csv(
            f"C1,张三,男,1949.12,{bad_check},退休,G3,一般,",
            "C2,李四,男,1950.01,,退休,G3,肺癌晚期,",
            "C3,王五,男,1950.01,,退休,G3,病,",  # a part of the accepted labels
        ),
    )
    masked = {p.row: p for p in read_roster(folder).rejected}
    assert bad_check not in str(masked[2]) and masked[2].value and "*" in masked[2].value
    # a health status is masked in the value, and its enumeration does not quote it
    assert "肺癌" not in str(masked[3]) and masked[3].value == "***"
    assert "HealthStatus" in masked[3].message
    assert "患慢性病 (chronic)" in masked[4].message  # the accepted labels are left intact
    shown = {p.row: p for p in read_roster(folder, reveal_pii=True).rejected}
    assert shown[2].value == bad_check
    assert shown[3].value == "肺癌晚期"
    assert "肺癌晚期" not in shown[3].message  # a personal enum never quotes the value
    assert "HealthStatus" in shown[3].message


def test_control_characters_are_refused_where_a_workbook_could_not_hold_them(
    folder: Path, tmp_path: Path
) -> None:
    rows = ["C1,张\x01三,男,1949.12,,退休,G3,,", "C2,李\x1f四,男,1949.12,,退休,G3,,",
            'C3,"王\n五",男,1949.12,,退休,G3,,', "C4,赵六\t,男,1949.12,,退休,G3,,"]  # fmt: skip
    write(folder, "cadres.csv", cadre_csv(*rows))
    result = read_roster(folder)
    problems = {(p.file, p.row, p.column): p.message for p in result.rejected}
    assert problems == {
        ("cadres.csv", 2, "姓名"): "contains a control character / 含有控制字符",
        ("cadres.csv", 3, "姓名"): "contains a control character / 含有控制字符",
    }
    # line breaks and tabs are text: kept, and a workbook holds them
    assert [c.name for c in result.roster.cadres] == ["王\n五", "赵六"]
    write_roster(result.roster, tmp_path / "out.xlsx", reveal_pii=True)
    again = read_roster(tmp_path / "out.xlsx")
    assert [c.name for c in again.roster.cadres] == ["王\n五", "赵六"]


def test_cross_field_conflict_is_reported_against_its_column(folder: Path) -> None:
    female_id = good_id("14082319491231002")
    write(folder, "cadres.csv", cadre_csv(f"C1,张三,男,1949.12,{female_id},退休,G3,,"))
    [problem] = read_roster(folder).rejected
    assert problem.column == "身份证号"
    assert "性别" in problem.message


def test_english_headers_and_aliases(folder: Path) -> None:
    text = "id,name,sex,出生日期,kind,网格\nC1,Zhang San,male,1949-12,tuixiu,G3\n"
    write(folder, "cadres.csv", text)
    result = read_roster(folder)
    assert result.ok, result.problems
    assert result.roster.cadre("C1").grid_id == "G3"


def test_unknown_column_is_a_warning_not_silence(folder: Path) -> None:
    write(
        folder,
        "cadres.csv",
        "编号,姓名,性别,出生年月,人员类别,所在网格,爱好\nC1,张三,男,1949.12,退休,G3,下棋\n",
    )
    result = read_roster(folder)
    assert result.ok
    [warning] = result.warnings
    assert warning.column == "爱好"


def test_missing_required_column_is_unusable(folder: Path) -> None:
    write(folder, "cadres.csv", "编号,性别\nC1,男\n")
    with pytest.raises(UnusableInputError, match="姓名"):
        read_roster(folder)


def test_two_columns_meaning_the_same_field_is_unusable(folder: Path) -> None:
    write(
        folder,
        "cadres.csv",
        "编号,姓名,name,性别,出生年月,人员类别\nC1,张三,张三,男,1949.12,退休\n",
    )
    with pytest.raises(UnusableInputError, match="both mean"):
        read_roster(folder)


def test_no_tables_is_unusable(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(UnusableInputError):
        read_roster(tmp_path)


def test_undecodable_file_is_unusable(folder: Path) -> None:
    (folder / "cadres.csv").write_bytes(b"\xff\xfe\x00a\x00b")
    with pytest.raises(UnusableInputError):
        read_roster(folder)


def test_duplicate_id_keeps_first_and_reports_second(folder: Path) -> None:
    write(
        folder,
        "cadres.csv",
        cadre_csv("C1,张三,男,1949.12,,退休,G3,,", "C1,李四,女,1950.12,,退休,G3,,"),
    )
    result = read_roster(folder)
    assert result.roster.cadre("C1").name == "张三"
    [problem] = result.rejected
    assert problem.row == 3 and "duplicate" in problem.message


def test_an_id_whose_first_row_fails_is_judged_by_its_later_row(folder: Path) -> None:
    rows = ["C1,张三,X,1949.12,,退休,G3,,",  # fails: sex
            "C1,张三,男,1949.12,,退休,G9,,",  # same id: accepted, then its grid is unknown
            "C2,李四,X,1949.12,,退休,G3,,", "C2,李四,男,1949.12,,退休,G3,,",  # the copy stands
            "C3,王五,男,1949.12,,退休,G8,,"]  # fmt: skip
    write(folder, "cadres.csv", cadre_csv(*rows))
    result = read_roster(folder)
    assert [c.id for c in result.roster.cadres] == ["C2"]
    rejected = by_row(result)
    assert set(rejected) == {("cadres.csv", n) for n in (2, 3, 4, 6)}
    assert "G9" in rejected[("cadres.csv", 3)]
    assert not [p for p in result.roster.check() if p.severity == "error"]


def test_rejection_cascades_with_a_reason(folder: Path) -> None:
    write(folder, "grids.csv", GRIDS + "G4,坏网格,3,G2,x\n".replace(",x", "") + "G5,错层,3,G1\n")
    write(folder, "cadres.csv", cadre_csv("C1,张三,男,1949.12,,退休,G5,,"))
    result = read_roster(folder)
    messages = by_row(result)
    assert "level" in messages[("grids.csv", 6)]
    assert (
        "rejected" in messages[("cadres.csv", 2)]
        and "grids.csv row 6" in messages[("cadres.csv", 2)]
    )


def test_child_rows_attach_and_orphans_are_reported(folder: Path) -> None:
    write(folder, "cadres.csv", cadre_csv("C1,张三,男,1949.12,,退休,G3,,"))
    write(
        folder,
        "contacts.csv",
        "干部编号,联系人姓名,关系,联系电话\nC1,张小三,儿子,13812345678\nC9,某某,女儿,\nC1,李,配偶,123\n",
    )
    result = read_roster(folder)
    assert [c.name for c in result.roster.cadre("C1").contacts] == ["张小三"]
    rejected = by_row(result)
    assert ("contacts.csv", 3) in rejected and "C9" in rejected[("contacts.csv", 3)]
    assert ("contacts.csv", 4) in rejected  # bad phone
    assert result.accepted["contacts"] == 1


def test_a_child_row_that_fails_is_rejected_alone(folder: Path) -> None:
    cadres = ("C1,张三,男,1949.12,,退休,G3,,", "C2,李四,男,1949.12,,退休,G3,,")
    write(folder, "cadres.csv", cadre_csv(*cadres, "C3,王五,男,1949.13,,退休,G3,,"))
    write(folder, "organizations.csv", "编号,党组织名称,层级\nO1,第一支部,党支部\n")
    committee = ["O1,C1,书记", "O1,C9,副书记", "O1,C3,组织委员", "O1,C1,纪检委员", "O1,C2,宣传委员"]
    write(folder, "committee_members.csv", "党组织编号,干部编号,职务\n" + "\n".join(committee))
    result = read_roster(folder)
    assert [m.cadre_id for m in result.roster.organization("O1").committee] == ["C1", "C2"]
    problems = {(p.file, p.row): p for p in result.rejected}
    assert set(problems) == {("cadres.csv", 4), *(("committee_members.csv", n) for n in (3, 4, 5))}
    unknown, cascaded, twice = (problems[("committee_members.csv", n)] for n in (3, 4, 5))
    assert (unknown.column, unknown.value) == ("干部编号", "C9") and "unknown" in unknown.message
    assert (cascaded.column, cascaded.value) == ("干部编号", "C3")
    assert "cadres.csv row 4" in cascaded.message
    assert (twice.column, twice.value) == ("干部编号", "C1") and "two committee" in twice.message
    assert result.accepted["organizations"] == 1 and result.accepted["committee_members"] == 2


def test_child_rows_of_a_record_rejected_by_the_reference_check_are_reported(
    folder: Path,
) -> None:
    write(
        folder,
        "cadres.csv",
        cadre_csv("C1,张三,男,1949.12,,退休,G9,,", "C2,李四,男,1949.12,,退休,G3,,"),
    )
    write(folder, "contacts.csv", "干部编号,联系人姓名\nC1,张小三\nC2,李小四\nC1,张小五\n")
    write(folder, "organizations.csv", "编号,党组织名称,层级,上级党组织\nO1,第一支部,党支部,O9\n")
    write(folder, "committee_members.csv", "党组织编号,干部编号,职务\nO1,C2,书记\n")
    result = read_roster(folder)
    problems = {(p.file, p.row): p.message for p in result.rejected}
    assert set(problems) == {
        ("cadres.csv", 2), ("organizations.csv", 2),
        ("contacts.csv", 2), ("contacts.csv", 4), ("committee_members.csv", 2),
    }  # fmt: skip
    assert "its cadres record 'C1' was rejected (cadres.csv row 2)" in problems[("contacts.csv", 4)]
    assert "organizations.csv row 2" in problems[("committee_members.csv", 2)]
    assert result.accepted["contacts"] == 1


def test_a_committee_member_outside_the_organisation_is_warned_at_its_row(folder: Path) -> None:
    write(folder, "cadres.csv", cadre_csv("C1,张三,男,1949.12,,退休,G3,,"))
    write(folder, "organizations.csv", "编号,党组织名称,层级\nO1,第一支部,党支部\n")
    write(folder, "committee_members.csv", "党组织编号,干部编号,职务\nO1,C1,书记\n")
    [warning] = [p for p in read_roster(folder).warnings if "not a member" in p.message]
    assert (warning.file, warning.row, warning.column, warning.value) == (
        "committee_members.csv", 2, "干部编号", "C1",
    )  # fmt: skip


def test_a_task_claimed_by_a_stranger_is_rejected_alone(folder: Path) -> None:
    write(
        folder,
        "units.csv",
        "编号,单位名称,单位类型\nU1,甲局,党政机关\nU2,乙局,党政机关\nU3,丙局,党政机关\n",
    )
    write(folder, "groups.csv", "编号,协作组名称,组长单位,成员单位\nX1,第一协作组,U1,U1、U2\n")
    tasks = ["X1,2025,联学,U1", "X1,2025,联办,U2、U3", "X1,2026,联建,U2"]
    write(folder, "group_tasks.csv", "协作组编号,年度,任务,认领单位\n" + "\n".join(tasks))
    result = read_roster(folder)
    assert [t.title for t in result.roster.table("groups")[0].tasks] == ["联学", "联建"]
    [problem] = result.rejected
    assert (problem.file, problem.row, problem.column) == ("group_tasks.csv", 3, "认领单位")
    assert problem.value == "U2、U3" and "U3" in problem.message


def test_nested_children_in_json_still_reject_their_record(tmp_path: Path) -> None:
    org = {"id": "O1", "name": "第一支部", "level": "党支部",
           "committee": [{"cadre_id": "C9", "role": "书记"}]}  # fmt: skip
    path = tmp_path / "roster.json"
    path.write_text(json.dumps({"organizations": [org]}, ensure_ascii=False), encoding="utf-8")
    result = read_roster(path)
    assert not result.roster.organizations
    [problem] = result.rejected
    assert problem.record_id == "O1" and "C9" in problem.message
    # with a row of the child table naming the same cadre: that row is refused on its own
    # (two roles), and the organisation for its nested member, as before
    member = {"organization_id": "O1", "cadre_id": "C9", "role": "副书记"}
    data = {"organizations": [org], "committee_members": [member]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = read_roster(path)
    assert not result.roster.organizations
    assert {(p.table, p.row) for p in result.rejected} == {
        ("organizations", 1), ("committee_members", 1),
    }  # fmt: skip


def test_living_cadre_without_grid_is_a_warning(folder: Path) -> None:
    write(folder, "cadres.csv", cadre_csv("C1,张三,男,1949.12,,退休,,,"))
    result = read_roster(folder)
    assert result.ok
    [warning] = result.warnings
    assert warning.row == 2 and warning.column == "所在网格"


def test_xlsx_with_excel_serial_dates_and_numbers(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "网格"
    for row in [
        ["编号", "网格名称", "网格层级", "上级网格"],
        ["G1", "县局", 1, None],
        ["G2", "镇", 2, "G1"],
        ["G3", "村", 3, "G2"],
    ]:
        ws.append(row)
    ws2 = wb.create_sheet("离退休干部")
    ws2.append(["编号", "姓名", "性别", "出生年月", "人员类别", "所在网格", "联系电话"])
    ws2.append(["C1", "张三", "男", 18264, "退休", "G3", 13812345678])  # 1950-01-01
    ws2.append(["C2", "李四", "女", "1950.02", "退休", "G3", None])
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    result = read_roster(path)
    assert result.ok, result.problems
    assert str(result.roster.cadre("C1").birth_date) == "1950-01-01"
    phone = result.roster.cadre("C1").phone
    assert phone is not None and phone.reveal() == "13812345678"


def test_id_number_stored_as_a_spreadsheet_number_is_rejected(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "cadres"
    ws.append(["id", "name", "sex", "birth_date", "kind", "id_number"])
    ws.append(
        ["C1", "张三", "男", "1949.12", "退休", float(good_id("14082319491231001")[:17] + "1")]
    )
    path = tmp_path / "r.xlsx"
    wb.save(path)
    assert not read_roster(path).ok


def test_json_input_with_chinese_keys(tmp_path: Path) -> None:
    path = tmp_path / "r.json"
    data = {
        "网格": [{"编号": "G1", "网格名称": "县局", "网格层级": 1}],
        "cadres": [
            {"id": "C1", "name": "张三", "sex": "男", "birth_date": "1949年12月", "kind": "退休"},
            {"id": "C2", "name": "李四", "sex": "女", "birth_date": "1949年13月", "kind": "退休"},
        ],
    }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = read_roster(path)
    assert [c.id for c in result.roster.cadres] == ["C1"]
    [problem] = result.rejected
    assert (problem.file, problem.row, problem.column) == ("r.json:cadres", 2, "birth_date")


# -- writing and round trips ---------------------------------------------------------------------


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(roster=rosters())
@pytest.mark.parametrize("suffix", ["", ".xlsx", ".json"])
def test_export_import_round_trip(
    roster: Roster, suffix: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("rt") / f"roster{suffix}"
    write_roster(roster, path, reveal_pii=True)
    result = read_roster(path)
    assert not result.rejected, result.rejected
    assert result.roster == roster


@settings(max_examples=10, deadline=None)
@given(roster=rosters())
def test_english_headers_round_trip(
    roster: Roster, tmp_path_factory: pytest.TempPathFactory
) -> None:
    path = tmp_path_factory.mktemp("en")
    write_roster(roster, path, reveal_pii=True, headers="en")
    assert read_roster(path).roster == roster


def test_export_is_masked_by_default(tmp_path: Path) -> None:
    male = good_id("14082319491231001")
    cadre = Cadre.model_validate(
        {
            "id": "C1",
            "name": "张三",
            "sex": "男",
            "birth_date": "1949.12",
            "kind": "退休",
            "id_number": male,
            "phone": "13812345678",
            "address": "山西省运城市闻喜县桐城镇中心路12号",
            "health": {"status": "重病", "notes": "心脏病"},
        }
    )
    roster = Roster(cadres=(cadre,))
    for target in (tmp_path / "csv", tmp_path / "r.xlsx", tmp_path / "r.json"):
        write_roster(roster, target)
        if target.suffix == ".xlsx":
            wb = load_workbook(target)
            blob = "".join(
                str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
            )
        elif target.suffix == ".json":
            blob = target.read_text(encoding="utf-8")
        else:
            blob = "".join(p.read_text(encoding="utf-8-sig") for p in target.iterdir())
        for secret in (male, "13812345678", "中心路12号", "心脏病", "重病"):
            assert secret not in blob, (target, secret)
    # a masked export read back says why the values are refused
    result = read_roster(tmp_path / "csv")
    assert any("masked" in p.message for p in result.rejected)


def test_xlsx_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    roster = Roster(
        cadres=(
            Cadre(id="C1", name="=1+1", sex="male", birth_date="1949-12", kind="tuixiu"),  # type: ignore[arg-type]
        )
    )
    path = tmp_path / "r.xlsx"
    write_roster(roster, path)
    assert read_roster(path).roster.cadre("C1").name == "=1+1"


# -- one table on its own ------------------------------------------------------------------------

RECORDS = "编号,干部编号,服务类型,服务日期,金额（元）\n"


def _roster_with_one_cadre(folder: Path) -> Roster:
    write(folder, "cadres.csv", cadre_csv("C1,张三,男,1949.12,,退休,G3,一般,1968.09"))
    result = read_roster(folder)
    assert result.ok
    return result.roster


def test_read_table_checks_references_against_a_roster(folder: Path, tmp_path: Path) -> None:
    roster = _roster_with_one_cadre(folder)
    ledger = tmp_path / "ledger.csv"  # named for no table: the caller says which it is
    rows = [
        "R1,C1,电话,2026-03-01,",
        "R2,C9,走访,2026-03,",
        "R1,C1,走访,2026-04,",
        "R3,C1,休息,2026-04,",
    ]
    ledger.write_bytes((RECORDS + "".join(r + "\n" for r in rows)).encode("gbk"))
    result = read_table(ledger, "服务记录", against=roster)
    assert [r.id for r in result.roster.service_records] == ["R1"]
    assert result.roster.cadres == ()  # only the table read
    assert by_row(result).keys() == {("ledger.csv", 3), ("ledger.csv", 4), ("ledger.csv", 5)}
    assert "C9" in by_row(result)[("ledger.csv", 3)]
    assert "duplicate" in by_row(result)[("ledger.csv", 4)]
    assert result.files == {"ledger.csv": "gb18030"}


def test_read_table_without_a_roster_checks_only_the_file(tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.json"
    ledger.write_text(
        json.dumps([{"id": "R1", "cadre_id": "C9", "kind": "phone_call", "date": "2026-01"}]),
        encoding="utf-8",
    )
    result = read_table(ledger, "service_records")
    assert result.ok and [r.cadre_id for r in result.roster.service_records] == ["C9"]


def test_read_table_takes_the_only_sheet_of_a_workbook(folder: Path, tmp_path: Path) -> None:
    roster = _roster_with_one_cadre(folder)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sheet1"
    ws.append(["编号", "干部编号", "服务类型", "服务日期"])
    ws.append(["R1", "C1", "走访", "2026.05"])
    wb.save(tmp_path / "ledger.xlsx")
    result = read_table(tmp_path / "ledger.xlsx", "service_records", against=roster)
    assert result.ok and len(result.roster.service_records) == 1


def test_read_table_refuses_a_child_or_unknown_table(tmp_path: Path) -> None:
    with pytest.raises(UnusableInputError, match="not a roster table"):
        read_table(tmp_path / "x.csv", "contacts")
    with pytest.raises(UnusableInputError, match="not a roster table"):
        read_table(tmp_path / "x.csv", "nonsense")
    with pytest.raises(UnusableInputError, match="no such file"):
        read_table(tmp_path / "missing.csv", "service_records")


def test_aliases_belong_to_their_table(folder: Path) -> None:
    # 类型 means a meeting's kind, never a cadre's; 类别 means a cadre's kind.
    write(
        folder,
        "cadres.csv",
        cadre_csv("C1,张三,男,1949.12,,退休,G3,一般,1968.09").replace("人员类别", "类别"),
    )
    assert read_roster(folder).ok
    write(
        folder,
        "cadres.csv",
        cadre_csv("C1,张三,男,1949.12,,退休,G3,一般,1968.09").replace("人员类别", "类型"),
    )
    with pytest.raises(UnusableInputError, match="人员类别"):
        read_roster(folder)


@pytest.mark.parametrize("columnar", [True, False])
def test_short_and_long_rows_are_read_with_a_warning(
    folder: Path, columnar: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows_module, "COLUMNAR", columnar)
    rows = [
        "C1,张三,男,1949.12,,退休,G3",
        "C2,李四,男,1950.01,,退休,G3,一般,1968.09,多余",
        "C3,王五,男",
    ]
    write(folder, "cadres.csv", cadre_csv(*rows))
    result = read_roster(folder)
    warnings = {(p.row, p.column): p.message for p in result.warnings}
    assert set(warnings) == {(2, "健康状况"), (3, "#10"), (4, "出生年月")}
    assert "7 cells and the header 9" in warnings[(2, "健康状况")]
    assert "the 1 imported after it" in warnings[(2, "健康状况")]
    assert "按空白处理" in warnings[(2, "健康状况")]
    assert [c.id for c in result.roster.cadres] == ["C1", "C2"]  # C3 lacks its birth date and kind
    assert {p.row for p in result.rejected} == {4}
    # cells missing only under columns that are not imported (unnamed, unknown) lose nothing
    write(folder, "grids.csv", GRIDS.replace("上级网格\n", "上级网格,备注,\n"))
    grids = [p for p in read_roster(folder).warnings if p.file == "grids.csv"]
    assert grids and not [p for p in grids if "cells and the header" in p.message]


def test_a_workbook_row_without_its_trailing_cells_is_not_short(tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "grids"
    for row in GRIDS.splitlines():
        ws.append([cell or None for cell in row.split(",")])
    wb.save(tmp_path / "full.xlsx")
    # Tools other than Excel often leave out the sheet's <dimension>; a row then reads only as
    # far as its last cell (the level-1 grid has no parent: 3 cells under 4 headers).
    with (
        zipfile.ZipFile(tmp_path / "full.xlsx") as src,
        zipfile.ZipFile(tmp_path / "roster.xlsx", "w") as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            dst.writestr(item, data)
    result = read_roster(tmp_path / "roster.xlsx")
    assert result.ok and not result.warnings, result.problems


def test_extra_aliases_from_a_locality(folder: Path) -> None:
    text = cadre_csv("C1,张三,男,1949.12,,退休,G3,一般,1968.09").replace("所在网格", "包联网格")
    write(folder, "cadres.csv", text)
    assert read_roster(folder, aliases={"cadres": {"grid_id": ["包联网格"]}}).ok
    result = read_roster(folder)
    assert any(p.column == "包联网格" and p.severity == "warning" for p in result.problems)


def test_json_nested_children_and_child_table_rows_both_count(tmp_path: Path) -> None:
    path = tmp_path / "roster.json"
    cadre = {"id": "C1", "name": "张三", "sex": "男", "birth_date": "1949.12", "kind": "退休"}
    path.write_text(
        json.dumps(
            {
                "cadres": [{**cadre, "contacts": [{"name": "张小", "relation": "女儿"}]}],
                "contacts": [{"cadre_id": "C1", "name": "张大", "relation": "儿子"}],
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    result = read_roster(path)
    assert [c.name for c in result.roster.cadres[0].contacts] == ["张小", "张大"]


def test_records_read_share_equal_fields_sets_safely(folder: Path) -> None:
    rows = [f"C{i},张{i},男,1949.12,,退休,G3,一般,1968.09" for i in range(3)]
    write(folder, "cadres.csv", cadre_csv(*rows))
    a, b, c = read_roster(folder).roster.cadres
    assert a.__pydantic_fields_set__ is b.__pydantic_fields_set__ is c.__pydantic_fields_set__
    changed = a.model_copy(update={"native_place": "山西闻喜"})
    assert "native_place" in changed.__pydantic_fields_set__
    assert "native_place" not in b.__pydantic_fields_set__
    assert "native_place" not in b.model_dump(exclude_unset=True)
    assert "native_place" in changed.model_dump(exclude_unset=True)


def test_import_leaves_the_garbage_collector_as_it_found_it(folder: Path) -> None:
    write(folder, "cadres.csv", cadre_csv("C1,张三,男,1949.12,,退休,G3,,"))
    assert gc.isenabled()
    read_roster(folder)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        read_roster(folder)
        assert not gc.isenabled()
    finally:
        gc.enable()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        read_roster(folder)
        # A program's frozen objects stay frozen, and the import adds none. (Not ==: a frozen
        # object may be freed meanwhile, by another thread's work for instance.)
        assert 0 < gc.get_freeze_count() <= frozen
    finally:
        gc.unfreeze()


def test_progress_of_a_table_read_as_columns(tmp_path: Path) -> None:
    rows = "".join(f"U{i},单位{i},老干部局\n" for i in range(20_001))
    write(tmp_path, "units.csv", "编号,单位名称,单位类型\n" + rows)
    calls: list[tuple[str, int]] = []
    result = read_roster(tmp_path, progress=lambda table, n: calls.append((table, n)))
    assert result.ok and len(result.roster.units) == 20_001
    assert calls == [("units", 10_000), ("units", 20_000)]


def test_progress_every_ten_thousand_rows(tmp_path: Path) -> None:
    rows = "".join(f"G{i},网格{i},1,\n" for i in range(10_001))
    write(tmp_path, "grids.csv", "编号,网格名称,网格层级,上级网格\n,,,\n" + rows)
    calls: list[tuple[str, int]] = []
    result = read_roster(tmp_path, progress=lambda table, n: calls.append((table, n)))
    assert result.ok and len(result.roster.grids) == 10_001
    assert calls == [("grids", 10_000)]
