"""Rubrics: loading, scoring methods and their properties, missing data, ranking, plugins."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from laoganbu import Locality, RubricError
from laoganbu.assessment import (
    AssessmentData,
    Evidence,
    Indicator,
    Rubric,
    assess,
    load_rubric,
    rank,
    shortlist,
)
from laoganbu.cli import main
from laoganbu.periods import Period
from laoganbu.testing import sample_folder, sample_roster


def indicator(method: str, **extra: object) -> Indicator:
    fields: dict[str, object] = {"id": "i", "name": "指标", "weight": 10, "evidence": True}
    return Indicator.model_validate({**fields, "method": method, **extra})


def test_scoring_methods() -> None:
    assert indicator("threshold", threshold=3).score(3) == 10
    assert indicator("threshold", threshold=3).score(2.9) == 0
    assert indicator("threshold", threshold=0, lower_is_better=True).score(0) == 10
    linear = indicator("linear", lower=0.6, upper=1.0)
    assert (linear.score(0.5), linear.score(0.8), linear.score(1.2)) == (0, pytest.approx(5), 10)
    assert indicator("pass_fail").score(True) == 10 and indicator("pass_fail").score(0) == 0
    deductions = indicator("deductions", per_item=3, floor=2)
    assert (deductions.score(0), deductions.score(2), deductions.score(9)) == (10, 4, 2)


values = st.floats(min_value=-100, max_value=100, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(a=values, b=values, lower=values, span=st.floats(min_value=0.1, max_value=50))
def test_scores_are_monotone_and_bounded(a: float, b: float, lower: float, span: float) -> None:
    lo, hi = sorted((a, b))
    for ind in (
        indicator("linear", lower=lower, upper=lower + span),
        indicator("threshold", threshold=lower),
    ):
        assert 0 <= ind.score(lo) <= ind.score(hi) <= ind.weight
    fewer_is_better = indicator("deductions", per_item=span, floor=1)
    assert (
        fewer_is_better.weight
        >= fewer_is_better.score(abs(lo))
        >= fewer_is_better.score(abs(lo) + abs(hi))
        >= 1
    )


@settings(max_examples=100, deadline=None)
@given(weights=st.lists(st.integers(min_value=1, max_value=30), min_size=1, max_size=6))
def test_weights_are_respected(weights: list[int]) -> None:
    rubric = Rubric(
        name="t",
        title="t",
        source="t",
        indicators=tuple(
            Indicator(id=f"i{n}", name="x", weight=w, evidence=True, method="pass_fail")
            for n, w in enumerate(weights)
        ),
    )
    evidence = {
        f"i{n}": Evidence(f"i{n}", n % 2 == 0, "文件", "2026-01-01", "张")
        for n in range(len(weights))
    }
    data = AssessmentData(roster=sample_roster(), period=Period.parse(2026), evidence=evidence)
    result = assess(data, rubric=rubric)
    assert result.total == sum(w for n, w in enumerate(weights) if n % 2 == 0)
    assert result.percent == pytest.approx(100 * result.total / sum(weights))


def test_missing_data_is_flagged_not_silently_zero() -> None:
    rubric = load_rubric(
        Path(__file__).parent.parent / "plugins/laoganbu-xuzhou/src/laoganbu_xuzhou/wucai.toml"
    )
    data = AssessmentData(roster=sample_roster(), period=Period.parse(2026))  # no ledger
    result = assess(data, rubric=rubric)
    missing = {r.indicator.id: r.missing for r in result.missing}
    assert "green.visits" in missing and "台账" in (missing["green.visits"] or "")
    assert "gold.publicity" in missing and "佐证" in (missing["gold.publicity"] or "")
    assert "缺少数据" in str(result.explain())
    assert result.to_dict()["indicators"][0]["missing"] is None


def test_malformed_rubrics_are_named(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_text(
        'name = "r"\ntitle = "r"\nsource = "s"\n[[indicator]]\nid = "a"\nname = "a"\n'
        'weight = 5\nmetric = "x"\nevidence = true\nmethod = "linear"\n',
        encoding="utf-8",
    )
    with pytest.raises(RubricError, match=r"r\.toml: indicators\.a"):
        load_rubric(path)
    path.write_text(
        'name = "r"\ntitle = "r"\nsource = "s"\n[[indicator]]\nid = "a"\nname = "a"\n'
        'weight = 5\nmetric = "no_such_metric"\nmethod = "pass_fail"\n',
        encoding="utf-8",
    )
    data = AssessmentData(roster=sample_roster(), period=Period.parse(2026))
    with pytest.raises(RubricError, match="no_such_metric"):
        assess(data, rubric=load_rubric(path))


def test_ranking_ties_and_shortlist() -> None:
    roster = sample_roster()
    rubric = Locality().rubrics["model_branch"]
    evidence = {
        "members": Evidence("members", True, "党员违纪情况说明", "2026-12-20", "组织委员"),
        "rules": Evidence("rules", True, "五项管理制度", "2026-12-20", "书记"),
    }
    data = AssessmentData(roster=roster, period=Period.parse(2026), evidence=evidence)
    branches = sorted(o.id for o in roster.organizations if o.level.value == "branch")[:8]
    results = [assess(data, rubric=rubric, subject=("organization", b)) for b in reversed(branches)]
    ranked = rank(results)
    assert [round(r.percent, 6) for r in ranked] == sorted(
        (round(r.percent, 6) for r in ranked), reverse=True
    )
    ties = [r for r in ranked if round(r.percent, 6) == round(ranked[0].percent, 6)]
    assert [r.subject_id for r in ties] == sorted(r.subject_id for r in ties)  # stable by id
    top = shortlist(results, 3)
    assert len(top) <= 3 and all(r.grade == "示范" and not r.missing for r in top)


def test_plugin_rubrics_by_short_name() -> None:
    assert {"xinzhou", "xuzhou"} <= set(Locality().rubrics)
    runner = CliRunner()
    evidence = Path(__file__).parent / "data" / "xinzhou_evidence.csv"
    result = runner.invoke(
        main,
        ["assess", "--rubric", "xinzhou", "--roster", str(sample_folder()), "--period", "2026",
         "--records", str(sample_folder() / "records.csv"), "--evidence", str(evidence), "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["total"], data["max"], data["grade"]) == (5, 6, "基本完成")
    assert [i["id"] for i in data["indicators"] if i["missing"]] == ["observation"]
    # The 情况通报会 is counted from the ledger: each 活动编号 of the file's briefings once.
    with (sample_folder() / "records.csv").open(encoding="utf-8-sig", newline="") as f:
        held = {
            row["活动编号"]
            for row in csv.DictReader(f)
            if row["服务类型"] == "情况通报会" and row["服务日期"].startswith("2026")
        }
    briefing = next(i for i in data["indicators"] if i["id"] == "briefing")
    assert held and (briefing["value"], briefing["evidence"]) == (len(held), None)
    result = runner.invoke(
        main, ["assess", "--rubric", "nope", "--roster", str(sample_folder()), "--period", "2026"]
    )
    assert result.exit_code == 2 and "xuzhou" in result.stderr


def test_a_negative_count_of_deductions_or_an_infinite_value_is_never_scored() -> None:
    from laoganbu.assessment.rubric import Indicator
    from laoganbu.errors import InvalidValueError

    deductions = Indicator(
        id="d", name="违纪", weight=3, evidence=True, method="deductions", per_item=1
    )
    assert deductions.score(1) == 2
    with pytest.raises(InvalidValueError, match="never negative"):
        deductions.score(-5)
    linear = Indicator(
        id="l", name="率", weight=3, evidence=True, method="linear", lower=0, upper=1
    )
    with pytest.raises(InvalidValueError, match="finite"):
        linear.score(float("inf"))
