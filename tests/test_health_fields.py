"""The health services on a cadre's record: 最近体检时间, 家庭医生签约, 联系领导, 退休谈话 — read
both ways, checked, masked where they are health information."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from laoganbu import Cadre, read_roster, write_roster
from laoganbu.io import rows as rows_module
from laoganbu.testing import sample_folder, sample_roster

HEADER = (
    "编号,姓名,性别,出生年月,人员类别,健康状况,体检时间,是否签约家庭医生,签约时间,签约医生,"
    "联系领导,联系领导职务,退休谈话时间"
)
ROWS = [
    "C1,甲,男,1940.01,退休,重病,2025.06,是,2020.03,城关镇卫生院,张某某,县委副书记,2000.01",
    "C2,乙,男,1940.01,退休,重病,1930.06,,,,,,",  # a check before birth
    "C3,丙,男,1940.01,退休,,,否,2020.03,,,,",  # not signed, yet a date of signing
    "C4,丁,女,1941.05,退休,,2099.01,,,,,,",  # a check in the future
    "C5,戊,女,1941.05,退休,,,,,,,,2099.01",  # a talk in the future
    "C6,己,女,1941.05,退休,,,否,,,,,",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "cadres.csv").write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("columnar", [True, False])
def test_the_fields_are_read_and_checked_both_ways(
    folder: Path, columnar: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rows_module, "COLUMNAR", columnar)
    result = read_roster(folder)
    refused = {(p.record_id, p.column, p.value) for p in result.rejected}
    assert refused == {
        ("C2", "体检时间", "***"),  # the column as the file names it; the date masked
        ("C3", "是否签约家庭医生", "否"),
        ("C4", "体检时间", "***"),
        ("C5", "退休谈话时间", "2099.01"),
    }
    assert not any("1930" in (p.message + str(p.value)) for p in result.problems)
    kept = {c.id: c for c in result.roster.cadres}
    assert set(kept) == {"C1", "C6"}
    c1 = kept["C1"]
    assert (c1.family_doctor, str(c1.family_doctor_since), c1.family_doctor_provider) == (
        True,
        "2020-03",
        "城关镇卫生院",
    )
    assert (c1.liaison_leader, c1.liaison_leader_post) == ("张某某", "县委副书记")
    assert str(c1.retirement_talk_date) == "2000-01"
    assert str(c1.health.last_check) == "2025-06"
    assert kept["C6"].family_doctor is False and kept["C6"].health.is_empty


def test_the_last_check_is_masked_and_the_family_doctor_is_not(
    folder: Path, tmp_path: Path
) -> None:
    roster = read_roster(folder).roster
    c1 = next(c for c in roster.cadres if c.id == "C1")
    assert "2025" not in repr(c1.health) and c1.model_dump()["health"]["last_check"] == "***"
    revealed = c1.model_dump(mode="json", context={"reveal_pii": True})
    assert revealed["health"]["last_check"] == "2025-06"
    assert roster.frame("cadres")["health_last_check"].to_list()[0] == "***"
    assert roster.frame("cadres")["family_doctor_provider"].to_list()[0] == "城关镇卫生院"
    for reveal, shown in ((False, "***"), (True, "2025-06")):
        out = tmp_path / f"out-{reveal}"
        write_roster(roster, out, reveal_pii=reveal)
        with (out / "cadres.csv").open(encoding="utf-8-sig", newline="") as fh:
            row = next(csv.DictReader(fh))
        assert (row["最近体检时间"], row["签约医生或机构"], row["家庭医生签约"]) == (
            shown,
            "城关镇卫生院",
            "是",
        )


def test_a_standalone_record_is_checked_too() -> None:
    base = {"id": "C1", "name": "某", "sex": "男", "birth_date": "1940.01", "kind": "退休"}
    with pytest.raises(ValueError, match="家庭医生签约为“否”"):
        Cadre.model_validate({**base, "family_doctor": "否", "family_doctor_provider": "某医生"})
    with pytest.raises(ValueError, match="最近体检时间早于出生"):
        Cadre.model_validate({**base, "health": {"last_check": "1939.12"}})
    # Blank (unknown) contradicts nothing: a date of signing alone is kept.
    assert Cadre.model_validate({**base, "family_doctor_since": "2020.01"}).family_doctor is None


def test_the_sample_has_them_as_its_files_say() -> None:
    with (sample_folder() / "cadres.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    living_lixiu = [r for r in rows if r["人员类别"] == "离休" and not r["去世时间"]]
    checked = [r for r in living_lixiu if r["最近体检时间"]]
    assert len(checked) > len(living_lixiu) / 2  # most 离休 cadres had a check
    assert all(r["联系领导"] and r["联系领导职务"] for r in living_lixiu)
    living = [r for r in rows if r["人员类别"] != "遗属" and not r["去世时间"]]
    assert {r["家庭医生签约"] for r in living} == {"是", "否"}
    assert all(bool(r["签约医生或机构"]) == (r["家庭医生签约"] == "是") for r in rows)
    by_id = {c.id: c for c in sample_roster().cadres}
    signed = sum(1 for r in rows if r["家庭医生签约"] == "是")
    assert sum(1 for c in by_id.values() if c.family_doctor) == signed
    talks = sum(1 for r in rows if r["退休谈话时间"])
    assert sum(1 for c in by_id.values() if c.retirement_talk_date is not None) == talks > 0
