"""Statutory retirement: every row of the comparison tables in the policy reference (§1.3,
§1.4) as acceptance tests, properties of the rule, and bad input."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from laoganbu import (
    InvalidDateError,
    ParameterNotInForceError,
    UnknownEnumValueError,
    statutory_retirement,
)
from laoganbu.rules import RetirementCategory

ON = "2026-11-01"

# (出生时间, category, 改革后法定退休年龄 as (years, months), 改革后退休时间, 延迟月数)
TABLE_ROWS = [
    # 附件1 男职工
    ("1964-12", "male", (60, 0), "2024-12", 0),
    ("1965-01", "male", (60, 1), "2025-02", 1),
    ("1965-04", "male", (60, 1), "2025-05", 1),
    ("1965-05", "male", (60, 2), "2025-07", 2),
    ("1965-12", "male", (60, 3), "2026-03", 3),
    ("1966-01", "male", (60, 4), "2026-05", 4),
    ("1967-05", "male", (60, 8), "2028-01", 8),
    ("1970-05", "male", (61, 5), "2031-10", 17),
    ("1975-06", "male", (62, 8), "2038-02", 32),
    ("1976-08", "male", (62, 11), "2039-07", 35),
    ("1976-09", "male", (63, 0), "2039-09", 36),
    ("1976-12", "male", (63, 0), "2039-12", 36),
    ("1988-09", "male", (63, 0), "2051-09", 36),
    # 附件2 原法定退休年龄五十五周岁的女职工
    ("1969-12", "female-cadre", (55, 0), "2024-12", 0),
    ("1970-01", "female-cadre", (55, 1), "2025-02", 1),
    ("1970-05", "female-cadre", (55, 2), "2025-07", 2),
    ("1970-06", "female-cadre", (55, 2), "2025-08", 2),
    ("1970-09", "female-cadre", (55, 3), "2025-12", 3),
    ("1971-04", "female-cadre", (55, 4), "2026-08", 4),
    ("1971-06", "female-cadre", (55, 5), "2026-11", 5),
    ("1974-10", "female-cadre", (56, 3), "2031-01", 15),
    ("1981-08", "female-cadre", (57, 11), "2039-07", 35),
    ("1981-09", "female-cadre", (58, 0), "2039-09", 36),
    ("1981-12", "female-cadre", (58, 0), "2039-12", 36),
    ("1988-09", "female-cadre", (58, 0), "2046-09", 36),
    # 附件3 原法定退休年龄五十周岁的女职工
    ("1974-12", "female-worker", (50, 0), "2024-12", 0),
    ("1975-01", "female-worker", (50, 1), "2025-02", 1),
    ("1975-02", "female-worker", (50, 1), "2025-03", 1),
    ("1975-03", "female-worker", (50, 2), "2025-05", 2),
    ("1975-06", "female-worker", (50, 3), "2025-09", 3),
    ("1976-06", "female-worker", (50, 9), "2027-03", 9),
    ("1977-01", "female-worker", (51, 1), "2028-02", 13),
    ("1984-10", "female-worker", (54, 11), "2039-09", 59),
    ("1984-11", "female-worker", (55, 0), "2039-11", 60),
    ("1984-12", "female-worker", (55, 0), "2039-12", 60),
    ("1995-12", "female-worker", (55, 0), "2050-12", 60),
]


@pytest.mark.parametrize(("birth", "category", "age", "month", "delay"), TABLE_ROWS)
def test_official_table_rows(
    birth: str, category: str, age: tuple[int, int], month: str, delay: int
) -> None:
    result = statutory_retirement(birth, category, on=ON)
    assert (result.age_years, result.age_extra_months) == age
    assert result.retirement_month.isoformat() == month
    assert result.delay_months == delay


# (category, birth, statutory month, earliest age and month, latest age and month) — §1.4
FLEXIBLE_ROWS = [
    ("male", "1965-01", "2025-02", (60, 0), "2025-01", (63, 1), "2028-02"),
    ("male", "1976-09", "2039-09", (60, 0), "2036-09", (66, 0), "2042-09"),
    ("female-cadre", "1970-01", "2025-02", (55, 0), "2025-01", (58, 1), "2028-02"),
    ("female-cadre", "1981-09", "2039-09", (55, 0), "2036-09", (61, 0), "2042-09"),
    ("female-worker", "1980-01", "2032-08", (50, 0), "2030-01", (55, 7), "2035-08"),
    ("female-worker", "1982-01", "2035-08", (50, 7), "2032-08", (56, 7), "2038-08"),
    ("female-worker", "1984-11", "2039-11", (52, 0), "2036-11", (58, 0), "2042-11"),
]


@pytest.mark.parametrize(
    ("category", "birth", "month", "early_age", "early", "late_age", "late"), FLEXIBLE_ROWS
)
def test_flexible_window_rows(
    category: str,
    birth: str,
    month: str,
    early_age: tuple[int, int],
    early: str,
    late_age: tuple[int, int],
    late: str,
) -> None:
    r = statutory_retirement(birth, category, on=ON)
    assert r.retirement_month.isoformat() == month
    assert divmod(r.earliest_age_months, 12) == early_age
    assert r.earliest_month.isoformat() == early
    assert divmod(r.latest_age_months, 12) == late_age
    assert r.latest_month.isoformat() == late


def test_some_calendar_months_have_no_retirees() -> None:
    # 1976-08 → 2039-07 and 1976-09 → 2039-09: nobody retires in 2039-08.
    months = {
        statutory_retirement(f"{y}-{m:02d}", "male", on=ON).retirement_month.isoformat()
        for y in (1976, 1977)
        for m in range(1, 13)
    }
    assert "2039-07" in months and "2039-09" in months and "2039-08" not in months


def test_categories_in_chinese_and_english() -> None:
    for text in ("male", "男", "男职工", "M", "附件1"):
        assert RetirementCategory.parse(text) is RetirementCategory.MALE
    for text in ("female-cadre", "female_cadre", "女干部", "F55"):
        assert RetirementCategory.parse(text) is RetirementCategory.FEMALE_CADRE
    for text in ("female-worker", "女工人", "f50", "原法定退休年龄为五十周岁的女职工"):
        assert RetirementCategory.parse(text) is RetirementCategory.FEMALE_WORKER


def test_day_of_birth_is_ignored() -> None:
    a = statutory_retirement("1970-05-01", "male", on=ON)
    b = statutory_retirement("1970-05-31", "male", on=ON)
    assert (
        a.retirement_month
        == b.retirement_month
        == statutory_retirement("1970.05", "男", on=ON).retirement_month
    )


def test_before_the_reform_the_original_ages_apply() -> None:
    r = statutory_retirement("1970-05", "male", on="2020-01-01")
    assert (r.age_months, r.delay_months, r.reformed) == (720, 0, False)
    assert "尚未施行" in str(r.explain())


def test_bad_input_is_refused_clearly() -> None:
    with pytest.raises(UnknownEnumValueError, match="female-cadre"):
        statutory_retirement("1970-05", "female")
    with pytest.raises(InvalidDateError):
        statutory_retirement("1970-13", "male")
    with pytest.raises(ParameterNotInForceError, match=r"retirement\.male\.original_age"):
        statutory_retirement("1950-05", "male", on="1970-01-01")


def test_explanation_cites_every_parameter_used() -> None:
    r = statutory_retirement("1971-04", "female-cadre", on=ON)
    explanation = r.explain()
    cited = {s.parameter for s in explanation if s.parameter}
    assert cited == {name for name, _ in r.used}
    assert any("第一条" in str(v.citation) for v in explanation.sources())
    assert r.to_dict()["explain"] == explanation.to_list()
    assert set(r.to_dict()) == {
        "age_years",
        "age_months",
        "retirement_month",
        "earliest_month",
        "latest_month",
        "explain",
    }


# -- properties ----------------------------------------------------------------------------

CAPS = {"male": (720, 36, 4), "female-cadre": (660, 36, 4), "female-worker": (600, 60, 2)}
birth_months = st.integers(min_value=1940 * 12, max_value=2005 * 12 - 1)
categories = st.sampled_from(sorted(CAPS))


def _month(index: int) -> str:
    return f"{index // 12}-{index % 12 + 1:02d}"


@settings(max_examples=300, deadline=None)
@given(birth=birth_months, category=categories)
def test_age_never_decreases_with_later_birth(birth: int, category: str) -> None:
    a = statutory_retirement(_month(birth), category, on=ON)
    b = statutory_retirement(_month(birth + 1), category, on=ON)
    assert b.age_months >= a.age_months
    assert b.age_months - a.age_months <= 1  # one month at a time
    assert b.retirement_month.month_index > a.retirement_month.month_index


@settings(max_examples=300, deadline=None)
@given(birth=birth_months, category=categories)
def test_age_between_base_and_cap_and_steps_as_the_rule_says(birth: int, category: str) -> None:
    base, cap, step = CAPS[category]
    r = statutory_retirement(_month(birth), category, on=ON)
    assert base <= r.age_months <= base + cap
    start = {"male": 1965, "female-cadre": 1970, "female-worker": 1975}[category] * 12
    expected = 0 if birth < start else min((birth - start) // step + 1, cap)
    assert r.delay_months == expected
    assert r.original_age_months <= r.earliest_age_months <= r.age_months <= r.latest_age_months
    assert r.age_months - r.earliest_age_months <= 36 and r.latest_age_months - r.age_months == 36
