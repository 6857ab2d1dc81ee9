"""The Xinzhou plugin: found through its entry point, well-formed, and its branch checks."""

from __future__ import annotations

import laoganbu_xinzhou
from laoganbu import Locality, PartyOrganization, Roster, testing
from laoganbu_xinzhou.branches import branch_kind_counts, branch_organisation


def test_installed_and_found_through_its_entry_point() -> None:
    info = testing.installed_plugin("xinzhou")
    assert info.jurisdiction is not None
    assert (info.jurisdiction.code, info.jurisdiction.level) == ("140900", "city")


def test_plugin_is_well_formed() -> None:
    assert testing.plugin_errors(laoganbu_xinzhou) == []


def test_applies_to_its_counties_but_not_its_neighbours() -> None:
    plugins = testing.plugin_set(laoganbu_xinzhou)
    assert Locality("140902", plugins=plugins).layers == ("national", "laoganbu_xinzhou")
    assert Locality("140823", plugins=plugins).layers == ("national",)  # 闻喜县 is in 运城市


def _branch(oid: str, **fields: str) -> PartyOrganization:
    return PartyOrganization(id=oid, name=f"第{oid}支部", level="党支部", **fields)  # type: ignore[arg-type]


def test_branches_must_say_kind_and_basis() -> None:
    roster = Roster(
        organizations=(
            _branch("1", branch_kind="团队支部", affinity_basis="趣缘"),
            _branch("2", branch_kind="流动支部"),
            _branch("3"),
            PartyOrganization(id="9", name="总支", level="党总支"),
        )
    )
    found = {(p.record_id, p.field) for p in branch_organisation(roster)}
    assert found == {("2", "affinity_basis"), ("3", "branch_kind"), ("3", "affinity_basis")}
    counts = branch_kind_counts(roster)
    assert list(counts) == ["团队支部", "流动支部", "网宣支部", "社区支部", "农村支部", "其他"]
    assert counts["团队支部"] == 1 and counts["流动支部"] == 1 and counts["其他"] == 1


def test_liugeyi_rubric_from_evidence() -> None:
    from laoganbu.assessment import AssessmentData, Evidence, assess
    from laoganbu.periods import Period

    rubric = testing.locality_for(laoganbu_xinzhou).rubrics["xinzhou"]
    assert [i.name for i in rubric.indicators] == [
        "听取一次汇报",
        "召开一次情况通报会",
        "组织一次领导组协调会",
        "安排一次党性教育",
        "部署一次观摩活动",
        "开展一次集中走访慰问",
    ]
    done = {
        i.id: Evidence(i.id, True, "会议纪要", "2026-06-01", "办公室") for i in rubric.indicators
    }
    data = AssessmentData(roster=Roster(), period=Period.parse(2026), evidence=done)
    assert assess(data, rubric=rubric).grade == "全部完成"
