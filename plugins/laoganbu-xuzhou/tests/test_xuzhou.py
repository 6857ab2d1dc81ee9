"""The Xuzhou plugin: found through its entry point and well-formed."""

from __future__ import annotations

import laoganbu_xuzhou
from laoganbu import testing


def test_installed_and_found_through_its_entry_point() -> None:
    info = testing.installed_plugin("xuzhou")
    assert info.jurisdiction is not None
    assert (info.jurisdiction.code, info.jurisdiction.name) == ("320300", "徐州市")
    assert info.jurisdiction.parent == "320000"


def test_plugin_is_well_formed() -> None:
    assert testing.plugin_errors(laoganbu_xuzhou) == []


def test_wucai_rubric_scores_the_sample() -> None:
    from laoganbu.assessment import AssessmentData, assess
    from laoganbu.periods import Period

    locality = testing.locality_for(laoganbu_xuzhou)
    rubric = locality.rubrics["xuzhou"]
    assert {i.group for i in rubric.indicators} == {
        "红色党建",
        "银发生辉",
        "绿色服务",
        "蓝色传承",
        "金色榜样",
    }
    assert rubric.total_weight == 100
    roster = testing.sample_roster()
    data = AssessmentData(
        roster=roster, period=Period.parse(2026), records=roster.service_records, locality=locality
    )
    result = assess(data, rubric=rubric)
    evidence_ids = {i.id for i in rubric.indicators if i.evidence}
    assert {r.indicator.id for r in result.missing} == evidence_ids  # none entered
    assert 0 < result.total < 100
