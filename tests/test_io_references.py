"""What an import's problems refer to travels as data: the cascade never reads a message."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laoganbu import Problem, RecordRef, Roster, read_roster
from tests.test_columnar import _write, damage
from tests.test_io import GRIDS, cadre_csv, write


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    write(tmp_path, "grids.csv", GRIDS)
    return tmp_path


def test_problems_name_the_records_they_refer_to(folder: Path) -> None:
    write(
        folder,
        "cadres.csv",
        cadre_csv(
            "C1,张三,男,1949.12,,退休,G9,,",  # unknown grid: rejected by the reference check
            "C2,李四,男,1949.12,,退休,G3,,",
            "C2,李四,男,1949.12,,退休,G3,,",  # duplicate id
            "C3,王五,男,1949.13,,退休,G3,,",  # bad month: rejected as read
        ),
    )
    write(folder, "contacts.csv", "干部编号,联系人姓名\nC1,张小三\nC8,无主\n")
    write(folder, "organizations.csv", "编号,党组织名称,层级\nO1,第一支部,党支部\n")
    committee = ["O1,C9,书记", "O1,C3,组织委员"]
    write(folder, "committee_members.csv", "党组织编号,干部编号,职务\n" + "\n".join(committee))
    result = read_roster(folder)
    found = {(p.file, p.row): (p.code, p.refers_to) for p in result.problems if p.row}
    assert found[("cadres.csv", 2)] == ("unknown-reference", RecordRef("grids", "G9"))
    assert found[("cadres.csv", 4)] == ("duplicate-id", None)
    assert found[("contacts.csv", 2)] == ("parent-rejected", RecordRef("cadres", "C1"))
    assert found[("contacts.csv", 3)] == ("no-parent", RecordRef("cadres", "C8"))
    assert found[("committee_members.csv", 2)] == ("unknown-reference", RecordRef("cadres", "C9"))
    assert found[("committee_members.csv", 3)] == ("rejected-reference", RecordRef("cadres", "C3"))
    # As the JSON of `laoganbu validate --json` shows them.
    [shown] = [
        p for p in result.to_dict()["rejected"] if p["row"] == 2 and p["file"] == "cadres.csv"
    ]
    assert shown["refers_to"] == {"table": "grids", "id": "G9"}


def test_a_warning_about_a_committee_member_names_the_cadre(folder: Path) -> None:
    write(folder, "cadres.csv", cadre_csv("C1,张三,男,1949.12,,退休,G3,,"))
    write(folder, "organizations.csv", "编号,党组织名称,层级\nO1,第一支部,党支部\n")
    write(folder, "committee_members.csv", "党组织编号,干部编号,职务\nO1,C1,书记\n")
    [warning] = [p for p in read_roster(folder).warnings if p.code == "not-a-member"]
    assert warning.refers_to == RecordRef("cadres", "C1")
    assert (warning.file, warning.row, warning.column) == ("committee_members.csv", 2, "干部编号")


def _outcome(result: Any) -> list[tuple[Any, ...]]:
    return sorted(
        (p.file or "", p.row or 0, p.column or "", p.value or "", p.severity, p.code or "",
         str(p.refers_to))
        for p in result.problems
    )  # fmt: skip


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_rewording_the_roster_checks_changes_no_outcome(
    data: st.DataObject, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader acts on a problem's data: reword every message of the roster check and the
    same rows are rejected, at the same places, for the same records."""
    folder = tmp_path_factory.mktemp("county")
    _write(folder, data.draw(damage()))
    before = read_roster(folder)
    check = Roster.check

    def reworded(self: Roster) -> list[Problem]:
        return [attrs.evolve(p, message=f"reworded {i}") for i, p in enumerate(check(self))]

    monkeypatch.setattr(Roster, "check", reworded)
    after = read_roster(folder)
    assert _outcome(after) == _outcome(before)
    assert after.accepted == before.accepted
