"""The 双高期 over a roster (``laoganbu.double_high``): who is judged, the boundaries, privacy,
agreement with the per-person rule, the statistics paragraph and the command."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from laoganbu import (
    Cadre,
    Grid,
    LifeEvent,
    Locality,
    Roster,
    Transfer,
    Unit,
    age_profile,
    build_report,
    double_high,
    work_report_statistics,
)
from laoganbu.cli import main
from laoganbu.params import default_parameters, load_layer
from laoganbu.testing import sample_folder, sample_roster

ON = "2026-11-01"


def cadre(cid: str, birth: str, health: str | None = None, **extra: Any) -> Cadre:
    fields: dict[str, Any] = {
        "id": cid,
        "name": f"人{cid}",
        "sex": "男",
        "birth_date": birth,
        "kind": "退休",
        "grid_id": "G3",
        "former_unit_id": "U1",
    }
    if health is not None:
        fields["health"] = {"status": health}
    fields.update(extra)
    return Cadre.model_validate(fields)


@pytest.fixture(scope="module")
def roster() -> Roster:
    cadres = (
        cadre("A80", "1946.11", "重病"),  # 80 on the day: the first month of the age
        cadre("A79", "1946.12", "重病"),  # 79 until December
        cadre("ADAY", "1946-11-15", "患慢性病"),  # to the day: 80 only from the 15th
        cadre("CHRONIC", "1940.01", "患慢性病", grid_id="G4", former_unit_id=None),
        cadre("WELL", "1935.06", "健康"),
        cadre("FAIR", "1935.06", "基本健康"),
        cadre("UNKNOWN", "1938.02"),  # of the age, no health status: undecided
        cadre("YOUNG", "1960.02"),  # no status, too young: simply out
        cadre("DIED", "1930.01", "重病", death_date="2026.10"),
        cadre("DIES", "1930.01", "重病", death_date="2026-11-01"),  # not living on the day
        cadre("LATER", "1930.01", "重病", death_date="2026-11-02"),  # still living
        cadre("EVENT", "1931.01", "重病"),  # a 去世 life event only
        cadre("GONE", "1932.01", "重病"),  # moved away before the day
        cadre("CAME", "1932.01", "重病", grid_id=None),  # arrived before the day, no grid yet
        cadre("LEAVES", "1932.01", "重病"),  # moves away after the day
        cadre("LIXIU", "1928.03", "重病", kind="离休", work_start="1946.05"),
        cadre("H", "1925.01", kind="离休", work_start="1945.01", death_date="2020.01"),
        cadre("WIDOW", "1930.05", "重病", kind="遗属", survivor_of="H", former_unit_id=None),
    )
    moves = (
        Transfer(id="T1", cadre_id="GONE", direction="转出", kind="管理服务关系转移",
                 date="2026-06-01", counterpart="太原市委老干部局"),
        Transfer(id="T2", cadre_id="CAME", direction="转入", kind="管理服务关系转移",
                 date="2026-05-01", counterpart="太原市委老干部局"),
        Transfer(id="T3", cadre_id="LEAVES", direction="转出", kind="管理服务关系转移",
                 date="2026-12-01", counterpart="太原市委老干部局"),
    )  # fmt: skip
    return Roster(
        units=(Unit(id="U1", name="县教育局", kind="机关"),),
        grids=(
            Grid(id="G1", name="局", level=1),
            Grid(id="G2", name="东街社区", level=2, parent_id="G1"),
            Grid(id="G3", name="甲小区", level=3, parent_id="G2"),
            Grid(id="G4", name="乙小区", level=3, parent_id="G2"),
        ),
        cadres=cadres,
        life_events=(LifeEvent(id="E1", cadre_id="EVENT", kind="去世", date="2026-09-03"),),
        transfers=moves,
    )


def ids(found: Any, *, undecided: bool = False) -> set[str]:
    return {r["id"] for r in found.rows() if (r["double_high"] is None) == undecided}


def test_who_is_in_the_double_high_phase(roster: Roster) -> None:
    found = double_high(roster, ON)
    assert ids(found) == {"A80", "CHRONIC", "LATER", "CAME", "LEAVES", "LIXIU"}
    assert ids(found, undecided=True) == {"UNKNOWN"}
    assert (found.count, found.undecided) == (6, 1)
    # Living and in care: not DIED, DIES, EVENT, GONE, H; the widow is not judged.
    assert found.living == len(list(roster.living_cadres(ON))) - 1
    assert (found.living, found.survivors) == (12, 1)
    # A month later, ADAY and A79 are 80 too; LEAVES has left, LATER has died.
    later = double_high(roster, "2026-12-01")
    assert ids(later) == {"A80", "A79", "ADAY", "CHRONIC", "CAME", "LIXIU"}
    # ADAY turns 80 on the 15th: not on the 14th.
    assert "ADAY" not in ids(double_high(roster, "2026-11-14"))
    assert "ADAY" in ids(double_high(roster, "2026-11-15"))


def test_counts_by_grid_unit_and_kind(roster: Roster) -> None:
    found = double_high(roster, ON)
    by_grid = [(c.key, c.name, c.double_high, c.undecided) for c in found.counts("grid")]
    assert by_grid == [
        ("G3", "东街社区甲小区", 4, 1),
        ("G4", "东街社区乙小区", 1, 0),
        (None, "未编入网格", 1, 0),
    ]
    by_unit = [(c.key, c.name, c.double_high, c.undecided) for c in found.counts("unit")]
    assert by_unit == [("U1", "县教育局", 5, 1), (None, "未填写原单位", 1, 0)]
    by_kind = [(c.key, c.name, c.double_high, c.undecided) for c in found.counts("kind")]
    assert by_kind == [("lixiu", "离休", 1, 0), ("tuixiu", "退休", 5, 1)]
    for by in ("grid", "unit", "kind"):
        counted = found.counts(by)  # type: ignore[arg-type]
        assert sum(c.double_high for c in counted) == found.count
        assert sum(c.undecided for c in counted) == found.undecided
    with pytest.raises(Exception, match="grid, unit or kind"):
        found.counts("township")  # type: ignore[arg-type]


def test_health_is_shown_only_when_revealed(roster: Roster) -> None:
    found = double_high(roster, ON)
    masked = {r["id"]: r for r in found.rows()}
    assert masked["A80"]["health_status"] == "***" and masked["A80"]["health_label"] == "***"
    assert masked["UNKNOWN"]["health_status"] is None  # nothing recorded, nothing to hide
    assert set(masked["A80"]) >= {"id", "name", "grid_id", "former_unit_id", "age"}
    shown = {r["id"]: r for r in found.rows(reveal_pii=True)}
    assert (shown["A80"]["health_status"], shown["A80"]["health_label"]) == ("serious", "重病")
    assert set(found.frame()["health_status"].drop_nulls()) == {"***"}
    assert set(found.frame(reveal_pii=True)["health_status"].drop_nulls()) == {
        "serious",
        "chronic",
    }
    # Neither the repr nor the people of the JSON (the criterion names the statuses, of course).
    assert "people" not in found.to_dict()  # a list of named people: only when asked for
    text = repr(found) + json.dumps(found.to_dict(people=True)["people"], ensure_ascii=False)
    assert not re.search("serious|chronic|重病|慢性", text)
    assert "人A80" not in repr(found)  # no one named in a repr either
    shown_json = found.to_dict(reveal_pii=True, people=True)["people"]
    assert "重病" in json.dumps(shown_json, ensure_ascii=False)


def test_explain_cites_the_unverified_parameters(roster: Roster) -> None:
    found = double_high(roster, ON)
    steps = found.explain().steps
    assert [s.parameter for s in steps if s.parameter] == [
        "age.double_high.min_age",
        "age.double_high.health_statuses",
    ]
    assert all(s.source is not None and s.source.status == "unverified" for s in steps[1:3])
    assert not found.local and found.criterion() == "年满80周岁且健康状况为患慢性病、重病"
    data = found.to_dict()
    assert (data["double_high"], data["undecided"], data["survivors"]) == (6, 1, 1)
    assert [c["key"] for c in data["by_kind"]] == ["lixiu", "tuixiu"]


def test_a_locality_sets_its_own_criterion(roster: Roster, tmp_path: Path) -> None:
    layer = tmp_path / "county.toml"
    layer.write_text(
        'jurisdiction = "140823"\nname = "闻喜县"\n\n'
        '[sources.X]\ntitle = "某县双高期老干部服务管理办法"\nissuer = "某县"\ndate = "2024"\n\n'
        '[[parameter]]\nname = "age.double_high.min_age"\n'
        '  [[parameter.values]]\n  value = 85\n  from = 2020-01-01\n  source = "X"\n\n'
        '[[parameter]]\nname = "age.double_high.health_statuses"\n'
        '  [[parameter.values]]\n  value = ["serious"]\n  from = 2020-01-01\n  source = "X"\n',
        encoding="utf-8",
    )
    params = default_parameters().with_layer(load_layer(layer))
    found = double_high(roster, ON, params=params)
    assert found.local and found.criterion() == "年满85周岁且健康状况为重病"
    # CHRONIC (86, chronic) and A80 (80) are out; UNKNOWN (88) is still undecided.
    assert ids(found) == {"LATER", "CAME", "LEAVES", "LIXIU"}
    assert ids(found, undecided=True) == {"UNKNOWN"}


@pytest.mark.parametrize("on", ["2026-11-01", "2025-03-15", "2024-12-31", "2029-06-30"])
def test_the_view_agrees_with_the_per_person_rule_on_the_sample(on: str) -> None:
    sample = sample_roster()
    found = double_high(sample, on)
    expected: dict[bool | None, set[str]] = {True: set(), None: set()}
    judged = 0
    for c in sample.living_cadres(on):
        if c.kind.value == "survivor":
            continue
        judged += 1
        verdict = age_profile(c.birth_date, on=on, health=c.health.status).double_high
        if verdict is not False:
            expected[verdict].add(c.id)
    assert found.living == judged
    assert ids(found) == expected[True] and ids(found, undecided=True) == expected[None]
    assert found.count > 0 and found.undecided > 0


# -- the statistics, against the sample's files read without laoganbu --------------------------


def _rows(name: str) -> list[dict[str, str]]:
    with (sample_folder() / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _ymd(text: str) -> tuple[int, int, int | None]:
    """A date as a clerk wrote it (1958.03, 1958-03-12, 1958年3月5日): year, month, day."""
    found = re.fullmatch(r"(\d{4})\D(\d{1,2})(?:\D(\d{1,2})日?)?月?", text)
    assert found is not None, text
    return int(found[1]), int(found[2]), int(found[3]) if found[3] else None


def _first_day(text: str) -> tuple[int, int, int]:
    y, m, d = _ymd(text)
    return y, m, d or 1


def _independent_count(on: tuple[int, int, int]) -> tuple[int, int, int]:
    """(in the 双高期, undecided, living cadres judged) on ``on``: 80 or older and 患慢性病 or
    重病, the national default; living, in care, not a survivor."""
    deaths = {
        e["干部编号"]: _first_day(e["发生日期"])
        for e in _rows("life_events")
        if e["事件类型"] == "去世"
    }
    moves: dict[str, list[tuple[tuple[int, int, int], str]]] = {}
    for t in _rows("transfers"):
        if t["转移类型"] == "管理服务关系转移":
            moves.setdefault(t["干部编号"], []).append((_first_day(t["转移日期"]), t["转移方向"]))
    high = undecided = judged = 0
    for c in _rows("cadres"):
        if c["人员类别"] == "遗属":
            continue
        death = _first_day(c["去世时间"]) if c["去世时间"] else deaths.get(c["编号"])
        if _first_day(c["出生年月"]) > on or (death is not None and death <= on):
            continue
        if c["编号"] in moves:
            ordered = sorted(moves[c["编号"]])
            inside = ordered[0][1] == "转出"  # before the first move: where it took them from
            for day, direction in ordered:
                if day <= on:
                    inside = direction == "转入"
            if not inside:
                continue
        judged += 1
        y, m, d = _ymd(c["出生年月"])
        months = (on[0] * 12 + on[1]) - (y * 12 + m)
        if d is not None and on[2] < d:
            months -= 1
        if months // 12 < 80:
            continue
        if c["健康状况"] in ("患慢性病", "重病"):
            high += 1
        elif not c["健康状况"]:
            undecided += 1
    return high, undecided, judged


@pytest.mark.parametrize("on", ["2026-11-01", "2026-03-14"])
def test_the_statistics_count_the_double_high_as_the_files_do(on: str) -> None:
    day = tuple(int(part) for part in on.split("-"))
    high, undecided, judged = _independent_count(day)  # type: ignore[arg-type]
    stats = work_report_statistics(sample_roster(), on=on, area="全县")
    assert (stats.double_high, stats.double_high_undecided, stats.retired) == (
        high,
        undecided,
        judged,
    )
    said = f"处于“双高期”（高龄和高发病）的离退休干部{high}人，另有{undecided}人已达双高期年龄"
    assert said in stats.paragraph()
    assert stats.to_dict()["double_high"] == high
    steps = [s.parameter for s in stats.explain().steps if s.parameter]
    assert steps == ["age.double_high.min_age", "age.double_high.health_statuses"]


def test_the_report_states_the_count_and_the_criterion() -> None:
    high, undecided, _ = _independent_count((2026, 11, 1))
    report = build_report(sample_roster(), 2026, as_of=ON, locality=Locality())
    assert f"处于“双高期”（高龄和高发病）的离退休干部{high}人" in report.statistics
    people = report.sections[0].paragraphs[0]
    assert "按年满80周岁且健康状况为患慢性病、重病统计（国家未作统一规定" in people
    assert f"另有{undecided}人已达双高期年龄、健康状况未登记" in people


def test_the_paragraph_without_undecided_cadres_says_nothing_of_them() -> None:
    import datetime as _dt

    from laoganbu.rules.statistics import WorkReportStatistics

    stats = WorkReportStatistics(
        area="全县", on=_dt.date(2026, 12, 31), retired=120, lixiu=10, tuixiu=110, survivors=2,
        lixiu_average_age=95.0, lixiu_yearly_decline=0.0, years=3, party_members=80,
        organizations=4, party_members_total=None, organizations_total=None, double_high=12,
    )  # fmt: skip
    assert "离休干部平均年龄95.0岁。处于“双高期”（高龄和高发病）的离退休干部12人。离退休" in (
        stats.paragraph()
    )
    unset = attrs_evolve(stats, double_high=None)
    assert "双高期" not in unset.paragraph()


def attrs_evolve(value: Any, **changes: Any) -> Any:
    import attrs

    return attrs.evolve(value, **changes)


# -- the command -----------------------------------------------------------------------------


def test_the_command_counts_by_grid_and_lists_people_masked() -> None:
    folder = str(sample_folder())
    runner = CliRunner()
    args = ["double-high", "--roster", folder, "--on", ON]
    high, undecided, judged = _independent_count((2026, 11, 1))
    plain = runner.invoke(main, args)
    assert plain.exit_code == 0, plain.output
    said = f"离退休干部 {judged} 人中处于双高期 {high} 人，健康状况未登记无法判断 {undecided} 人"
    assert said in plain.stdout.replace("\n", "")
    assert "默认口径（未核实）" in plain.stdout and "东街社区" in plain.stdout
    listed = runner.invoke(main, [*args, "--by", "unit", "--people", "--explain"])
    assert listed.exit_code == 0, listed.output
    assert "县教育局" in listed.stdout and "健康状况" in listed.stdout
    assert "重病" not in listed.stdout.replace("患慢性病、重病", "")
    assert "age.double_high.min_age" in listed.stdout
    shown = runner.invoke(main, [*args, "--people", "--reveal-pii"])
    assert "重病" in shown.stdout.replace("患慢性病、重病", "")


def test_the_command_as_json() -> None:
    runner = CliRunner()
    args = ["double-high", "--roster", str(sample_folder()), "--on", ON, "--json"]
    high, undecided, _ = _independent_count((2026, 11, 1))
    counts = json.loads(runner.invoke(main, args).stdout)
    assert "people" not in counts  # who is in the 双高期 is health information: --people
    data = json.loads(runner.invoke(main, [*args, "--people"]).stdout)
    assert (data["double_high"], data["undecided"]) == (high, undecided)
    assert sum(c["double_high"] for c in data["by_grid"]) == high
    assert len(data["people"]) == high + undecided
    assert {p["health_status"] for p in data["people"]} == {"***", None}
    revealed = json.loads(runner.invoke(main, [*args, "--people", "--reveal-pii"]).stdout)
    assert {p["health_status"] for p in revealed["people"]} == {"chronic", "serious", None}
