"""Party dues of retired members (#15): the rule of 中组发〔2008〕3号 第五条 as cited data, exact
money, and a batch form that agrees with it."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from laoganbu import InvalidValueError, Locality, party_dues
from laoganbu.cli import main
from laoganbu.params import Parameters, load_layer

ON = "2026-01-01"


@pytest.mark.parametrize(
    ("base", "dues"),
    [("4000", "20.00"), ("5000", "25.00"), ("5000.01", "50.00"), ("6000", "60.00"),
     (0, "0.00"), ("5,200.50", "52.01"), (Decimal("4999.99"), "25.00")],
)  # fmt: skip
def test_the_policy_vectors(base: object, dues: str) -> None:
    assert str(party_dues(base, on=ON).monthly) == dues  # type: ignore[arg-type]


def test_a_flat_rate_of_the_whole_base_not_a_marginal_one() -> None:
    above = party_dues("6000", on=ON)
    assert above.above_threshold and above.rate == Decimal("0.01")
    assert above.monthly == Decimal("60.00")  # not 25 + 10


@pytest.mark.parametrize(
    ("base", "reason"),
    [(5200.5, "not a float"), ("5200.505", "finer than a fen"), ("-1", "negative"),
     ("abc", "not an amount"), ("NaN", "not an amount"), (True, "not a float")],
)  # fmt: skip
def test_amounts_are_exact_or_refused(base: object, reason: str) -> None:
    with pytest.raises(InvalidValueError, match=reason):
        party_dues(base, on=ON)  # type: ignore[arg-type]


def test_the_explanation_cites_the_documents_and_the_base_of_its_day() -> None:
    now = str(party_dues("5200", on=ON, hardship=True).explain())
    assert "中组发〔2008〕3号" in now and "第五条" in now and "组电明字〔2017〕5号" in now
    assert "基本离退休费或基本养老金" in now and "少交或免交" in now
    before = str(party_dues("5200", on="2012-06-01").explain())
    assert "实际领取的离退休费总额" in before and "组电明字" not in before
    with pytest.raises(Exception, match="party_dues"):
        party_dues("5200", on="2008-03-31")  # before the rule


def test_a_locality_sets_its_own_threshold(tmp_path: Path) -> None:
    layer_file = tmp_path / "shanxi.toml"
    layer_file.write_text(
        'jurisdiction = "140000"\nname = "山西省"\n\n'
        '[sources.X]\ntitle = "某省实施细则"\nissuer = "某省委组织部"\ndate = "2025"\n\n'
        '[[parameter]]\nname = "party_dues.retired.threshold"\n'
        "  [[parameter.values]]\n  value = 6000\n  from = 2025-01-01\n"
        '  source = "X"\n  status = "unverified"\n',
        encoding="utf-8",
    )
    national = Locality().parameters
    params = Parameters([*national.layers, load_layer(layer_file)])
    assert party_dues("5500", on=ON, params=params).monthly == Decimal("27.50")
    assert party_dues("5500", on=ON).monthly == Decimal("55.00")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=10**9), min_size=1, max_size=20))
def test_the_batch_form_agrees_with_the_rule(bases: list[int]) -> None:
    import polars as pl

    from laoganbu import batch

    frame = batch.party_dues(pl.DataFrame({"base_fen": bases}), on=ON)
    for fen, rate, dues in frame.select("base_fen", "party_dues_rate", "party_dues_fen").rows():
        one = party_dues(Decimal(fen) / 100, on=ON)
        assert Decimal(rate) == one.rate and Decimal(dues) / 100 == one.monthly


def test_the_batch_form_on_pandas_and_its_nulls() -> None:
    pd = pytest.importorskip("pandas")
    from laoganbu import batch

    frame = batch.party_dues(pd.DataFrame({"base_fen": [400_000, 520_050, -5]}), on=ON)
    assert frame["party_dues_fen"].tolist()[:2] == [2000, 5201]
    assert pd.isna(frame["party_dues_fen"].iloc[2])


def test_the_command() -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["party-dues", "--base", "5200.50", "--on", ON, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["monthly"] == "52.01" and data["rate"] == "0.01" and data["explain"]
    refused = runner.invoke(main, ["party-dues", "--base", "5200.505", "--json"])
    assert refused.exit_code == 2 and json.loads(refused.stdout)["code"] == "invalid-value"
