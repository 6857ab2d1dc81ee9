"""One argument order for the main entry points: roster, period, then keywords (#16).

The orders of 0.x keep working for one release with a DeprecationWarning, and give the same
result as the new order.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from laoganbu import Locality, Roster
from laoganbu.assessment import AssessmentData, assess, load_rubric
from laoganbu.periods import Period
from laoganbu.schedule import compliance, plan
from laoganbu.testing import sample_roster

WUCAI = Path(__file__).parent.parent / "plugins/laoganbu-xuzhou/src/laoganbu_xuzhou/wucai.toml"


@pytest.fixture(scope="module")
def county() -> Roster:
    return sample_roster()


def quietly(call: Callable[[], Any]) -> Any:
    """The call's result; it must not warn."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


def test_plan_takes_roster_then_period(county: Roster) -> None:
    place = Locality("140823")
    new = quietly(lambda: plan(county, "2026", locality=place))
    with pytest.deprecated_call(match=r"plan\(roster, period, locality=…\)"):
        old = plan(county, place, "2026")  # type: ignore[call-overload]
    assert new.items == old.items
    with pytest.deprecated_call():
        listed = plan(county, place.programs, "2026")  # type: ignore[call-overload]
    assert listed.items == quietly(lambda: plan(county, 2026, programs=place.programs)).items
    # The spellings of 0.x by keyword: the period named, a locality given as the programmes.
    for call in (
        lambda: plan(county, place, period="2026"),  # type: ignore[call-overload]
        lambda: plan(county, programs=place, period="2026"),  # type: ignore[call-overload]
        lambda: plan(roster=county, programs=place, period="2026"),  # type: ignore[call-overload]
    ):
        with pytest.deprecated_call():
            assert call().items == new.items
    assert quietly(lambda: plan(county, period="2026", locality=place)).items == new.items


def test_plan_without_a_locality_is_the_national_baseline(county: Roster) -> None:
    assert plan(county, 2026).items == plan(county, 2026, locality=Locality()).items


def test_compliance_from_a_roster_or_a_plan(county: Roster) -> None:
    place = Locality("140823")
    ledger = county.service_records
    made = plan(county, 2026, locality=place)
    from_roster = quietly(
        lambda: compliance(county, 2026, locality=place, records=ledger, as_of="2026-11-01")
    )
    from_plan = quietly(lambda: compliance(made, records=ledger, as_of="2026-11-01"))
    with pytest.deprecated_call(match=r"compliance\(plan, records=…\)"):
        old = compliance(made, ledger, "2026-11-01")  # type: ignore[call-overload]
    assert from_roster.counts() == from_plan.counts() == old.counts()
    assert old.counts()["met"] > 1000
    # The ledger is always given: a roster read without its ledgers has none.
    with pytest.raises(TypeError, match="records="):
        compliance(made, as_of="2026-11-01")  # type: ignore[call-overload]
    # The spellings of 0.x by keyword.
    with pytest.deprecated_call():
        by_keyword = compliance(plan=made, records=ledger, as_of="2026-11-01")  # type: ignore[call-overload]
    assert by_keyword.counts() == old.counts()


def test_assess_from_a_roster_or_gathered_data(county: Roster) -> None:
    rubric = load_rubric(WUCAI)
    place = Locality("320300")
    records = county.service_records
    new = quietly(lambda: assess(county, 2026, rubric=rubric, locality=place, records=records))
    data = AssessmentData(
        roster=county, period=Period.parse(2026), records=tuple(records), locality=place
    )
    gathered = quietly(lambda: assess(data, rubric=rubric))
    with pytest.deprecated_call(match=r"assess\(data, rubric=…\)"):
        old = assess(rubric, data)  # type: ignore[call-overload]
    assert new.to_dict() == gathered.to_dict() == old.to_dict()
    for call in (
        lambda: assess(rubric=rubric, data=data),  # type: ignore[call-overload]
        lambda: assess(rubric, data=data),  # type: ignore[call-overload]
    ):
        with pytest.deprecated_call():
            assert call().to_dict() == new.to_dict()


def test_assess_takes_the_ledger_as_a_frame(county: Roster) -> None:
    from laoganbu.io.frames import records_frame
    from laoganbu.models import ServiceRecord

    rubric = load_rubric(WUCAI)
    place = Locality("320300")
    records = county.service_records
    frame = records_frame(ServiceRecord, records)
    as_objects = assess(county, 2026, rubric=rubric, locality=place, records=records)
    as_frame = assess(county, 2026, rubric=rubric, locality=place, records=frame)
    assert as_frame.to_dict() == as_objects.to_dict()


@pytest.mark.parametrize(
    "call",
    [
        lambda r, p: plan(r, Locality(), "2026", "extra"),
        lambda r, p: plan(r, Locality(), "2026", locality=Locality()),
        lambda r, p: compliance(r),
        lambda r, p: compliance(r, 2026),
        lambda r, p: compliance(p, plan=p, records=()),
        lambda r, p: compliance(p, locality=Locality()),
        lambda r, p: compliance(p, r.service_records, records=r.service_records),
        lambda r, p: assess(r, 2026),
        lambda r, p: assess(AssessmentData(roster=r, period=Period.parse(2026)), 2026),
    ],
    ids=[
        "plan-too-many",
        "plan-old-and-new",
        "compliance-no-period",
        "compliance-no-records",
        "compliance-plan-twice",
        "compliance-plan-and-locality",
        "compliance-records-twice",
        "assess-no-rubric",
        "assess-data-and-period",
    ],
)
def test_mixed_orders_are_refused(county: Roster, call: Any) -> None:
    small = Roster(cadres=county.cadres[:3])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        with pytest.raises(TypeError):
            call(small, plan(small, 2026))


def test_names_of_0x_still_work_with_a_warning() -> None:
    """The unused ServiceProgram model goes next release (it warns, and still works); the
    plugins' loader is named for what it returns (#16)."""
    import laoganbu
    import laoganbu.models
    from laoganbu import plugins
    from laoganbu.models.service import ServiceProgram
    from laoganbu.programs import ServiceProgramDefinition

    for package in (laoganbu, laoganbu.models):
        with pytest.deprecated_call(match="ServiceProgramDefinition"):
            old_model = package.ServiceProgram
        assert old_model is ServiceProgram and old_model is not ServiceProgramDefinition
        # What 0.x code made with it still works for this release.
        assert old_model(id="P", name="走访", kind="home_visit", source="本地").kind.value == (
            "home_visit"
        )
        assert "ServiceProgram" not in dir(package) and "ServiceProgram" not in package.__all__
    with pytest.deprecated_call(match="installed_plugins"):
        old = plugins.default_plugins()
    assert old is plugins.installed_plugins()
    assert "national" in old.names()
