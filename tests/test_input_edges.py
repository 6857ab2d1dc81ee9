"""Inputs at the edges: each ends in a documented outcome, never a traceback (#12).

Accepted; rows rejected with problems; or :class:`UnusableInputError` naming the file (and
the line, where there is one) — nothing else.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from laoganbu import UnusableInputError, read_roster, read_table

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
