"""The sample county with duplicates planted on request (#18): every planted pair is reported, by
the finder and by the roster check, and no other pair."""

from __future__ import annotations

import csv
import json
import math
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from laoganbu import read_roster
from laoganbu.cli import main
from laoganbu.errors import InvalidValueError
from laoganbu.registry import apply_merges, find_duplicates, propose_merges
from laoganbu.sample import PLANTED_DUPLICATES, PLANTED_NO_ID, PLANTED_SAME_ID, generate_sample

#: (seed, pairs planted): seed 0 is the bundled county's.
COUNTIES = [(0, 20), (11, 9)]


def planted_pairs(folder: Path) -> list[dict[str, str]]:
    with (folder / PLANTED_DUPLICATES).open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def cadre_rows(folder: Path) -> dict[str, dict[str, str]]:
    with (folder / "cadres.csv").open(encoding="utf-8-sig", newline="") as f:
        return {row["编号"]: row for row in csv.DictReader(f)}


def expected(planted: list[dict[str, str]]) -> dict[tuple[str, str], bool]:
    """(original, copy) → whether the finder must be certain of the pair."""
    return {(p["干部编号"], p["重复录入编号"]): p["类型"] == PLANTED_SAME_ID for p in planted}


@pytest.fixture(scope="module", params=COUNTIES, ids=lambda c: f"seed{c[0]}-{c[1]}pairs")
def planted(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, int]:
    """A 3,000-cadre county with pairs planted, and its seed."""
    seed, pairs = request.param
    folder = tmp_path_factory.mktemp("planted") / "county"
    counts = generate_sample(folder, cadres=3000, seed=seed, duplicates=pairs, records=False)
    assert counts["cadres"] == 3000 + pairs
    return folder, seed


@pytest.fixture
def county(planted: tuple[Path, int]) -> Path:
    return planted[0]


def test_the_pairs_are_planted_as_asked(county: Path) -> None:
    planted = planted_pairs(county)
    rows = cadre_rows(county)
    same = [p for p in planted if p["类型"] == PLANTED_SAME_ID]
    assert len(same) == math.ceil(len(planted) / 2)
    assert {p["类型"] for p in planted} == {PLANTED_SAME_ID, PLANTED_NO_ID}
    originals = [p["干部编号"] for p in planted]
    copies = [p["重复录入编号"] for p in planted]
    assert len(set(originals)) == len(originals)
    assert set(originals) <= set(list(rows)[:3000])
    assert copies == list(rows)[3000:]  # after the county's cadres, new ids
    old_form = 0
    for p in planted:
        first, second = rows[p["干部编号"]], rows[p["重复录入编号"]]
        for column in ("姓名", "性别"):
            assert first[column] == second[column]
        number, again = first["身份证号"], second["身份证号"]
        if p["类型"] == PLANTED_SAME_ID:
            assert again in (number, number[:6] + number[8:17])
            old_form += len(again) == 15
        else:
            assert again == "" and number
            assert any(first[c] and first[c] == second[c] for c in ("原单位", "居住地址"))
    assert old_form == len(same) // 2  # every second one
    # Nobody refers to a copy: no survivor's link, committee seat, team, contact or ledger.
    assert not [c for c in copies if any(row["遗属所属干部"] == c for row in rows.values())]
    for path in county.glob("*.csv"):
        if path.name != "cadres.csv":
            text = path.read_text(encoding="utf-8-sig")
            assert not [c for c in copies if c in text], path.name


def test_every_planted_pair_is_reported_and_no_other(county: Path) -> None:
    want = expected(planted_pairs(county))
    result = read_roster(county, ledgers=())
    pairs = find_duplicates(result.roster)
    assert {(p.first, p.second): p.certain for p in pairs} == want
    assert len(pairs) == len(want)
    # The check: one warning a pair, on the copy's row, naming the original; nothing else.
    assert result.ok
    rows = {rid: n for n, rid in enumerate(cadre_rows(county), start=2)}
    code = {True: "duplicate-person", False: "likely-duplicate"}
    assert sorted(
        (p.row, p.code, p.refers_to.id if p.refers_to else "") for p in result.problems
    ) == sorted((rows[second], code[certain], first) for (first, second), certain in want.items())
    out = CliRunner().invoke(main, ["validate", "--roster", str(county), "--json"])
    assert out.exit_code == 0, out.output
    warnings = json.loads(out.output)["warnings"]
    assert sorted(w["code"] for w in warnings) == sorted(code[c] for c in want.values())


def test_the_county_is_the_clean_one_with_copies_after_it(
    planted: tuple[Path, int], tmp_path: Path
) -> None:
    county, seed = planted
    clean = tmp_path / "clean"
    generate_sample(clean, cadres=3000, seed=seed, records=False)
    assert sorted(p.name for p in county.iterdir()) == sorted(
        [*(p.name for p in clean.iterdir()), "planted"]
    )
    for path in sorted(clean.iterdir()):
        copied = (county / path.name).read_bytes()
        if path.name == "cadres.csv":
            assert copied.startswith(path.read_bytes())
        else:
            assert copied == path.read_bytes(), path.name
    # The clean county's 3,000 cadres hold no pair at all.
    assert find_duplicates(read_roster(clean, ledgers=()).roster) == []


def test_the_planted_copies_merge_back(county: Path) -> None:
    roster = read_roster(county, ledgers=()).roster
    result = apply_merges(roster, propose_merges(roster, find_duplicates(roster)))
    assert {c.id for c in result.merged_away} == {p["重复录入编号"] for p in planted_pairs(county)}
    assert len(result.roster.cadres) == 3000
    assert find_duplicates(result.roster) == []
    assert [p for p in result.roster.check() if p.severity == "error"] == []


@settings(max_examples=8, deadline=None)
@given(cadres=st.integers(1, 150), seed=st.integers(0, 10_000), share=st.floats(0, 1))
def test_small_counties_report_their_planted_pairs(cadres: int, seed: int, share: float) -> None:
    pairs = round(cadres * share)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate_sample(folder, cadres=cadres, seed=seed, duplicates=pairs, records=False)
        want = expected(planted_pairs(folder)) if pairs else {}
        result = read_roster(folder, ledgers=())
    found = {(p.first, p.second): p.certain for p in find_duplicates(result.roster)}
    assert found.items() >= want.items()
    # Anything more can only be a copy without an ID number that also matches someone else of
    # its name and birth month: never two of the county's own cadres.
    blank = {second for (_, second), certain in want.items() if not certain}
    assert all(not certain and blank & {a, b} for (a, b), certain in found.items() - want.items())
    assert result.ok


def test_how_many_can_be_planted(tmp_path: Path) -> None:
    for wrong in (-1, 11):
        with pytest.raises(InvalidValueError, match="duplicates"):
            generate_sample(tmp_path / str(wrong), cadres=10, duplicates=wrong)
    runner = CliRunner()
    out = tmp_path / "county"
    args = ["sample", "--cadres", "40", "--no-records", "--out", str(out)]
    result = runner.invoke(main, [*args, "--plant-duplicates", "41"])
    assert result.exit_code == 2 and "--plant-duplicates" in result.output
    assert not out.exists()
    result = runner.invoke(main, [*args, "--plant-duplicates", "40"])
    assert result.exit_code == 0, result.output
    assert len(planted_pairs(out)) == 40
    assert PLANTED_DUPLICATES in result.output.replace("\\", "/")
    again = tmp_path / "again"
    generate_sample(again, cadres=40, duplicates=40, records=False)
    for name in ("cadres.csv", PLANTED_DUPLICATES):  # the same seed plants the same pairs
        assert (again / name).read_bytes() == (out / name).read_bytes(), name
    # Written again without duplicates, the list of the earlier run goes with its copies.
    result = runner.invoke(main, [*args, "--force"])
    assert result.exit_code == 0, result.output
    assert not (out / PLANTED_DUPLICATES).exists() and not (out / "planted").exists()
    assert len(cadre_rows(out)) == 40
