"""The Xinzhou plugin: found through its entry point, well-formed, and its branch checks."""

from __future__ import annotations

import laoganbu_xinzhou
from laoganbu import Cadre, Locality, PartyOrganization, Roster, ServiceRecord, testing
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


def test_liugeyi_rubric_from_evidence_and_the_ledger() -> None:
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
        i.id: Evidence(i.id, True, "会议纪要", "2026-06-01", "办公室")
        for i in rubric.indicators
        if i.evidence
    }
    assert set(done) == {"report", "coordination", "education", "observation", "visits"}
    roster = Roster(cadres=(_cadre("C1", "离休"), _cadre("C2", "退休")))
    # Two attendances of one briefing (one 活动编号) and a 阅文: one briefing held.
    ledger = (
        _record("R1", "C1", "情况通报会", "2026-06-20", event_id="B1"),
        _record("R2", "C2", "情况通报会", "2026-06-20", event_id="B1"),
        _record("R3", "C1", "阅文", "2026-03-10"),
    )
    data = AssessmentData(roster=roster, period=Period.parse(2026), evidence=done, records=ledger)
    result = assess(data, rubric=rubric)
    briefing = next(r for r in result.indicators if r.indicator.id == "briefing")
    assert (briefing.value, briefing.score, briefing.missing) == (1, 1.0, None)
    assert result.grade == "全部完成"
    # No briefing in the ledger: the item is not done; no ledger: it is missing, not zero.
    without = AssessmentData(
        roster=roster, period=Period.parse(2026), evidence=done, records=ledger[2:]
    )
    briefing = next(
        r for r in assess(without, rubric=rubric).indicators if r.indicator.id == "briefing"
    )
    assert (briefing.value, briefing.score) == (0, 0.0)
    unknown = AssessmentData(roster=roster, period=Period.parse(2026), evidence=done)
    briefing = next(
        r for r in assess(unknown, rubric=rubric).indicators if r.indicator.id == "briefing"
    )
    assert briefing.missing is not None and "台账" in briefing.missing


def test_the_yearly_briefing_is_a_programme_for_lixiu_and_senior_retired_cadres() -> None:
    from laoganbu import compliance, political_coverage

    place = testing.locality_for(laoganbu_xinzhou)
    briefings = [p for p in place.programs if p.kind.value == "briefing"]
    assert [p.id for p in briefings] == ["xinzhou.briefing", "xinzhou.briefing_senior"]
    assert all(p.cadence is not None and p.cadence.value == "year" for p in briefings)
    roster = Roster(
        cadres=(
            _cadre("C1", "离休"),
            _cadre("C2", "退休", treatment_level="副处级"),
            _cadre("C3", "退休", rank="科员"),
        )
    )
    ledger = (
        _record("R1", "C1", "情况通报会", "2026-06-20", event_id="B1"),
        _record("R2", "C3", "情况通报会", "2026-06-20", event_id="B1"),
    )
    done = compliance(roster, 2026, locality=place, records=ledger, as_of="2027-01-31")
    statuses = {
        (i.cadre_id, status)
        for i, status, _record in done.items()
        if i.program_id.startswith("xinzhou.")
    }
    assert statuses == {("C1", "met"), ("C2", "missed")}
    found = political_coverage(roster, 2026, records=ledger, locality=place)
    briefing = found.overall().kind("briefing")
    # Eligible by the programmes: C1 and C2; C3 attended, but is not invited by them.
    assert (briefing.eligible, briefing.reached) == (2, 1)
    assert found.events[briefing.kind] == 1 and found.attendances[briefing.kind] == 2
    assert "xinzhou.briefing_senior" in found.eligibility[briefing.kind]


def _cadre(cid: str, kind: str, **fields: str) -> Cadre:
    return Cadre(id=cid, name="某", sex="男", birth_date="1940-01", kind=kind, **fields)  # type: ignore[arg-type]


def _record(rid: str, cid: str, kind: str, date: str, **fields: str) -> ServiceRecord:
    return ServiceRecord(id=rid, cadre_id=cid, kind=kind, date=date, **fields)  # type: ignore[arg-type]
