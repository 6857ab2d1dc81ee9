"""离休 status, age, Party organisation rules, coverage and report statistics."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laoganbu import (
    Cadre,
    Grid,
    GridWorker,
    InvalidValueError,
    Meeting,
    PartyOrganization,
    Roster,
    Unit,
    age_profile,
    coverage,
    lixiu_status,
    meeting_duties,
    organization_form,
    term_status,
    work_report_statistics,
)
from laoganbu.models.enums import MeetingKind
from laoganbu.rules import age_bands
from laoganbu.rules.statistics import count_text

# -- 离休 ----------------------------------------------------------------------------------------

# §2.2 test vectors: joining date → months of extra allowance per year since 2011.
ALLOWANCE_2011 = [
    ("1936-05", 3),
    ("1937-07-06", 3),
    ("1937-07-07", 2.5),
    ("1942-12-31", 2.5),
    ("1943-01-01", 2),
    ("1945-09-02", 2),
    ("1945-09-03", 1),
    ("1949-09-30", 1),
]


@pytest.mark.parametrize(("joined", "months"), ALLOWANCE_2011)
def test_allowance_since_2011(joined: str, months: float) -> None:
    status = lixiu_status(joined, on="2026-01-01")
    assert status.eligible is True and status.allowance_months == months


def test_not_lixiu_after_the_cut_off() -> None:
    for joined in ("1949-10-01", "1949.10", "1955.03"):
        status = lixiu_status(joined, on="2026-01-01")
        assert status.eligible is False and status.period is None


def test_the_1982_rule_before_2011() -> None:
    assert [lixiu_status(d, on="2005-06-01").allowance_months for d, _ in ALLOWANCE_2011[::2]] == [
        2,
        1.5,
        1,
        0,
    ]


def test_nursing_fees_by_period() -> None:
    assert lixiu_status("1940.03", on="2026-01-01").nursing_fee == 400
    assert lixiu_status("1947.03", on="2026-01-01").nursing_fee == 200
    assert lixiu_status("1947.03", on="2026-01-01").nursing_fee_fully_dependent == 2500
    assert lixiu_status("1947.03", on="2008-01-01").nursing_fee is None  # none in force yet


@pytest.mark.parametrize("month", ["1937.07", "1945.09"])
def test_boundary_months_are_ambiguous_not_guessed(month: str) -> None:
    status = lixiu_status(month, on="2026-01-01")
    assert status.ambiguous and status.period is None and status.allowance_months is None
    assert len(status.candidates) == 2
    assert "需要具体日期" in str(status.explain())


@pytest.mark.parametrize(
    ("month", "key"), [("1942.12", "anti_japanese_early"), ("1949.09", "liberation")]
)
def test_months_wholly_inside_a_period_are_decided(month: str, key: str) -> None:
    status = lixiu_status(month, on="2026-01-01")
    assert status.period is not None and status.period.key == key


# -- age -------------------------------------------------------------------------------------


def test_age_profile_and_double_high() -> None:
    p = age_profile("1940.03", on="2026-11-01", health="重病")
    assert (p.age, p.band, p.elderly, p.advanced, p.double_high) == (
        86,
        "80–89岁",
        True,
        True,
        True,
    )
    assert age_profile("1940.03", on="2026-11-01", health="健康").double_high is False
    assert age_profile("1940.03", on="2026-11-01").double_high is None
    assert age_profile("1960.03", on="2026-11-01", health="重病").double_high is False
    assert age_profile("1966.11", on="2026-11-01").age == 60  # birthday month counts as reached
    assert age_profile("1966.12", on="2026-11-01").age == 59
    with pytest.raises(InvalidValueError):
        age_profile("1990.01", on="1980-01-01")


@settings(max_examples=200, deadline=None)
@given(age=st.integers(min_value=0, max_value=130))
def test_age_bands_partition_all_ages(age: int) -> None:
    bands = age_bands(on="2026-01-01")
    labels = [label for label in bands.labels if bands.label(age) == label]
    assert len(labels) == 1
    index = bands.index(age)
    bounds = (0, *bands.bounds, 10**9)
    assert bounds[index] <= age < bounds[index + 1]


# -- Party organisation ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("members", "level", "committee"),
    [
        (0, None, False),
        (2, None, False),
        (3, "branch", False),
        (6, "branch", False),
        (7, "branch", True),
        (49, "branch", True),
        (50, "general_branch", True),
        (99, "general_branch", True),
        (100, "committee", True),
    ],
)
def test_organization_form(members: int, level: str | None, committee: bool) -> None:
    form = organization_form(members, on="2026-01-01")
    assert (form.level.value if form.level else None) == level
    assert form.committee_required is committee
    assert form.joint is (level is None)


@pytest.mark.parametrize("bad", [-1, 2.5, True, "3"])
def test_bad_member_counts_are_refused(bad: object) -> None:
    with pytest.raises(InvalidValueError):
        organization_form(bad)  # type: ignore[arg-type]


def test_terms() -> None:
    branch = PartyOrganization(id="O1", name="一支部", level="党支部", term_start="2022.06")
    assert term_status(branch, on="2025-05-01").expired is False
    assert term_status(branch, on="2025-07-01").expired is True
    community = branch.model_copy(update={"branch_kind": "社区支部"})
    community = PartyOrganization.model_validate(community.model_dump(context={"reveal_pii": True}))
    assert term_status(community, on="2026-01-01").term_end.isoformat() == "2027-06"
    unknown = PartyOrganization(id="O2", name="二支部", level="党支部")
    assert term_status(unknown, on="2026-01-01").expired is None


BRANCH = PartyOrganization(id="O1", name="一支部", level="党支部")


def _meetings(kinds_and_dates: list[tuple[str, str]]) -> list[Meeting]:
    return [
        Meeting(id=f"M{i}", organization_id="O1", kind=kind, date=date)
        for i, (kind, date) in enumerate(kinds_and_dates)
    ]


def test_meeting_duties_met_missed_and_not_yet_due() -> None:
    meetings = _meetings(
        [
            ("支部党员大会", "2026.02"),
            ("支部党员大会", "2026.05"),
            ("主题党日", "2026.01"),
            ("支部党员大会", "2026.12"),  # after as_of: cannot count yet
        ]
    )
    report = meeting_duties(BRANCH, meetings, "2026", as_of="2026-08-15")
    general = {
        w.window.isoformat(): w.status
        for w in report.windows
        if w.kind is MeetingKind.GENERAL_MEETING
    }
    assert general == {
        "2026-Q1": "met",
        "2026-Q2": "met",
        "2026-Q3": "not_yet_due",
        "2026-Q4": "not_yet_due",
    }
    theme = [w.status for w in report.windows if w.kind is MeetingKind.THEME_DAY]
    assert theme[:7] == ["met"] + ["missed"] * 6 and set(theme[7:]) == {"not_yet_due"}
    committee = {w.status for w in report.windows if w.kind is MeetingKind.COMMITTEE_MEETING}
    assert committee == {"not_applicable"}  # no committee
    with_committee = meeting_duties(BRANCH, meetings, "2026", as_of="2026-08-15", formal_members=9)
    assert with_committee.count("missed", MeetingKind.COMMITTEE_MEETING) == 7
    assert 0 < report.fulfilment < 1


def test_meeting_duties_only_for_branches() -> None:
    general = PartyOrganization(id="O9", name="总支", level="党总支")
    with pytest.raises(InvalidValueError, match="党支部"):
        meeting_duties(general, [], "2026")


kinds = st.sampled_from([k.label for k in MeetingKind])
months = st.integers(min_value=1, max_value=12)


@settings(max_examples=60, deadline=None)
@given(
    records=st.lists(st.tuples(kinds, months), max_size=30),
    seed=st.integers(min_value=0, max_value=1000),
)
def test_meeting_duties_stable_under_record_order(
    records: list[tuple[str, int]], seed: int
) -> None:
    meetings = _meetings([(k, f"2026.{m:02d}") for k, m in records])
    shuffled = list(meetings)
    random.Random(seed).shuffle(shuffled)
    a = meeting_duties(
        BRANCH, meetings, "2026", as_of="2026-09-30", formal_members=8, has_groups=True
    )
    b = meeting_duties(
        BRANCH, shuffled, "2026", as_of="2026-09-30", formal_members=8, has_groups=True
    )
    assert a.windows == b.windows


# -- coverage and statistics ---------------------------------------------------------------------


def _roster() -> Roster:
    grids = (
        Grid(id="G1", name="局", level=1),
        Grid(id="G2", name="东社区", level=2, parent_id="G1"),
        Grid(
            id="G3",
            name="甲小区",
            level=3,
            parent_id="G2",
            workers=(GridWorker(id="W", name="王"),),
        ),
        Grid(id="G4", name="乙小区", level=3, parent_id="G2"),
    )

    def cadre(i: int, **extra: object) -> Cadre:
        fields: dict[str, object] = {
            "id": f"C{i}",
            "name": f"人{i}",
            "sex": "男",
            "birth_date": "1950.01",
            "kind": "退休",
            "grid_id": "G3",
            "party_member": True,
            "former_unit_id": "U1",
        }
        fields.update(extra)
        return Cadre.model_validate(fields)

    cadres = (
        cadre(1, organization_id="O1"),
        cadre(2),
        cadre(3),
        cadre(4, grid_id="G4"),
        cadre(5, party_member=False, grid_id=None),
        cadre(6, kind="离休", birth_date="1928.03", work_start="1946.05", party_member=False),
        cadre(
            7,
            kind="离休",
            birth_date="1925.03",
            work_start="1945.01",
            death_date="2025.03",
            party_member=False,
        ),
    )
    return Roster(
        units=(Unit(id="U1", name="县教育局", kind="机关"),),
        grids=grids,
        organizations=(PartyOrganization(id="O1", name="一支部", level="党支部"),),
        cadres=cadres,
    )


def test_coverage_finds_each_gap() -> None:
    report = coverage(_roster(), on="2026-11-01")
    assert report.unorganized_member_ids == ("C2", "C3", "C4")
    assert [(g.kind, g.place_id) for g in report.branch_gaps] == [
        ("unit", "U1"),
        ("community", "G2"),
    ]
    assert report.ungridded_cadre_ids == ("C5",)
    assert report.grids_without_worker == ("G4",)
    assert report.organization_coverage == 0.25 and report.living == 6


def test_work_report_statistics() -> None:
    stats = work_report_statistics(
        _roster(), on="2026-11-01", area="全县", party_members_total=40, organizations_total=10
    )
    assert (stats.retired, stats.lixiu, stats.party_members, stats.organizations) == (6, 1, 4, 1)
    assert stats.lixiu_average_age == 98
    assert stats.lixiu_yearly_decline == pytest.approx(1 / 3)
    # C6 (离休, 98) is of the 双高期 age with no health status recorded: not counted either way.
    assert (stats.double_high, stats.double_high_undecided) == (0, 1)
    assert stats.paragraph() == (
        "全县离退休干部有6人，其中离休干部1人、退休干部5人，离休干部平均年龄98.0岁，近3年减少1人。"
        "处于“双高期”（高龄和高发病）的离退休干部0人，另有1人已达双高期年龄、健康状况未登记。"
        "离退休干部党员4人，占全县党员总数的10.0%；离退休干部党组织1个，占基层党组织总数的10.0%。"
    )
    bare = work_report_statistics(_roster(), on="2026-11-01")
    assert "占" not in bare.paragraph()
    with pytest.raises(InvalidValueError):
        work_report_statistics(_roster(), party_members_total=-1)


@pytest.mark.parametrize(
    ("n", "text"),
    [(3000, "3000"), (10000, "1万"), (32456, "3.2万多"), (20500, "2万多"), (183600, "18.3万多")],
)
def test_count_text(n: int, text: str) -> None:
    assert count_text(n) == text


def test_work_report_statistics_on_29_february_looks_back_to_28_february() -> None:
    stats = work_report_statistics(_roster(), on="2028-02-29", years=1)
    assert stats.on.isoformat() == "2028-02-29" and stats.years == 1


@pytest.mark.parametrize(
    ("decline", "said"),
    [(0.0, None), (1 / 3, "，近3年减少1人"), (2 / 3, "，并且以每年1人左右的速度在减少"),
     (4.0, "，并且以每年4人左右的速度在减少")],
)  # fmt: skip
def test_the_paragraph_states_both_kinds_and_the_decline_properly(
    decline: float, said: str | None
) -> None:
    import datetime as _dt

    from laoganbu.rules.statistics import WorkReportStatistics

    stats = WorkReportStatistics(
        area="全县", on=_dt.date(2026, 12, 31), retired=120, lixiu=10, tuixiu=110, survivors=2,
        lixiu_average_age=95.0, lixiu_yearly_decline=decline, years=3, party_members=80,
        organizations=4, party_members_total=None, organizations_total=None,
    )  # fmt: skip
    text = stats.paragraph()
    assert text.startswith(
        "全县离退休干部有120人，其中离休干部10人、退休干部110人，离休干部平均年龄95.0岁"
    )
    assert ("减少" in text) == (said is not None)
    if said is not None:
        assert said in text


def test_without_a_living_lixiu_cadre_the_decline_names_them() -> None:
    import datetime as _dt

    from laoganbu.rules.statistics import WorkReportStatistics

    stats = WorkReportStatistics(
        area="全县", on=_dt.date(2026, 12, 31), retired=90, lixiu=0, tuixiu=90, survivors=0,
        lixiu_average_age=None, lixiu_yearly_decline=1 / 3, years=3, party_members=50,
        organizations=2, party_members_total=None, organizations_total=None,
    )  # fmt: skip
    assert "退休干部90人，离休干部近3年减少1人。" in stats.paragraph()
