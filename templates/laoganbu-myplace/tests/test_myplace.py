"""The plugin's own tests: well-formed, layered over the national baseline, and its check."""

from __future__ import annotations

import laoganbu_myplace
from laoganbu_myplace.checks import every_cadre_has_a_phone

from laoganbu import Cadre, Roster, testing


def test_plugin_is_well_formed() -> None:
    assert testing.plugin_errors(laoganbu_myplace) == []


def test_its_layer_applies_to_its_counties() -> None:
    county = testing.locality_for(laoganbu_myplace, code="140823")
    assert county.layers == ("national", "laoganbu_myplace")
    assert county.parameters.value("age.double_high.min_age", "2026-06-01") == 75
    assert county.parameters.value("age.advanced_min", "2026-06-01") == 80  # national
    assert "myplace.birthday_visit" in {p.id for p in county.programs}


def test_phone_check() -> None:
    cadre = Cadre(id="C1", name="张三", sex="男", birth_date="1950.01", kind="退休")
    problems = list(every_cadre_has_a_phone(Roster(cadres=(cadre,))))
    assert [p.record_id for p in problems] == ["C1"]


def test_the_bundled_sample_runs_through_its_checks() -> None:
    locality = testing.locality_for(laoganbu_myplace)
    problems = locality.run_validators(testing.sample_roster())
    assert all(p.severity == "warning" for p in problems)
