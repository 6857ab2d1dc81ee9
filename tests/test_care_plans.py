"""一人一策 (#15): the plans and their measures read both ways with every bad row's reason, the
measures as items of plan and compliance (against the per-item reference engine), the gaps,
and the report's figures checked against a count of the sample's own files."""

from __future__ import annotations

import csv
import datetime as _dt
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from laoganbu import (
    Cadre,
    CarePlan,
    CarePlanStatus,
    InvalidValueError,
    Locality,
    PartialDate,
    Roster,
    ServiceKind,
    ServiceProgramDefinition,
    ServiceRecord,
    Transfer,
    age_profile,
    build_report,
    care_plan_gaps,
    compliance,
    plan,
    read_roster,
)
from laoganbu.cli import main
from laoganbu.io.tables import SCHEMAS
from laoganbu.models.enums import Cadence
from laoganbu.models.roster import LEDGERS, TABLES
from laoganbu.params import Parameters, load_layer, resolve_parameters
from laoganbu.rules.care_plans import _double_high
from laoganbu.schedule.care_plans import measure_reason
from laoganbu.testing import sample_folder, sample_roster
from tests.schedule_strategies import PERIODS, ledgers, programme_lists, rosters
from tests.strategies import partial_dates
from tests.test_columnar import assert_same, read_both
from tests.test_schedule_columns import assert_same_compliance, assert_same_plan

AS_OF = _dt.date(2026, 11, 1)


def _cadre(cid: str = "C1", **fields: Any) -> Cadre:
    values: dict[str, Any] = {
        "id": cid, "name": "某", "sex": "男", "birth_date": "1927.05", "kind": "离休",
        "work_start": "1946.10",
    }  # fmt: skip
    values.update(fields)
    if values["kind"] != "离休":
        values.pop("work_start")
    return Cadre.model_validate(values)


def _plan(pid: str = "CP1", cadre: str = "C1", **fields: Any) -> CarePlan:
    values: dict[str, Any] = {
        "id": pid, "cadre_id": cadre, "responsible": "李网格", "drawn_up_on": "2025-06-01",
        "measures": [{"kind": "走访", "cadence": "每月"}],
    }  # fmt: skip
    values.update(fields)
    return CarePlan.model_validate(values)


# -- the model ---------------------------------------------------------------------------------


def test_a_plan_reads_either_language_and_keeps_health_private() -> None:
    p = _plan(
        status="in_force",
        notes="老伴卧床，子女在外地",
        measures=[
            {"kind": "home_visit", "cadence": "month"},
            {"kind": "送医疗", "cadence": "每季", "count": 2, "details": "糖尿病，上门测血糖"},
        ],
    )
    assert p.status is CarePlanStatus.IN_FORCE
    assert p.measures[1].kind is ServiceKind.DELIVER_MEDICAL
    assert p.measures[1].cadence is Cadence.QUARTER and p.measures[1].count == 2
    assert p.measures[1].describe() == "送医疗：每季度2次"
    for secret in ("糖尿病", "卧床"):
        assert secret not in repr(p) and secret not in p.model_dump_json()
        assert secret in p.model_dump_json(context={"reveal_pii": True})
    assert "care_plans" in TABLES and "care_plans" not in LEDGERS
    assert SCHEMAS["care_plan_measures"].parent is not None
    schema = CarePlan.model_json_schema()
    assert schema["properties"]["responsible"]["title"] == "责任人"
    assert "CarePlan" in __import__("laoganbu.schema").schema.json_schemas()


@pytest.mark.parametrize(
    ("fields", "complaint"),
    [
        ({"valid_until": "2025-05"}, "before the plan was drawn up"),
        ({"reviewed_on": "2025-05-31"}, "before the plan was drawn up"),
        ({"status": "已终止"}, "needs the day it ended"),
        ({"ended_on": "2026-03-01"}, "has no end"),
        ({"status": "已终止", "ended_on": "2025-01"}, "before the plan was drawn up"),
        ({"measures": [{"kind": "走访", "cadence": "每周"}]}, "cadence"),
        ({"measures": [{"kind": "走访", "cadence": "每月", "count": 0}]}, "count"),
    ],
)
def test_inconsistent_plans_are_refused(fields: dict[str, Any], complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint):
        _plan(**fields)


def test_a_plan_is_in_force_from_its_first_day_to_its_last() -> None:
    p = _plan(drawn_up_on="2026-03", valid_until="2026-09", status="已终止", ended_on="2026-08-20")
    assert p.first_day == _dt.date(2026, 3, 1) and p.last_day == _dt.date(2026, 8, 20)
    assert p.in_force_on("2026-03-01") and p.in_force_on(PartialDate(2026, 8, 20))
    assert not p.in_force_on(_dt.date(2026, 8, 21)) and not p.in_force_on("2026-02-28")
    # A month is not before a day within it.
    assert _plan(drawn_up_on="2026-03-15", reviewed_on="2026-03").reviewed_on is not None
    assert _plan().last_day is None and _plan().in_force_on("2040-01-01")


# -- reading the files, both ways ---------------------------------------------------------------

PLANS = """\
编号,干部编号,责任人,责任单位,制定日期,评估日期,有效期至,方案状态,终止日期,备注
CP1,C1,李网格,U1,2025-03-02,,,执行中,,老伴卧床
CP2,C1,王某,,2025-03,,2024-12,执行中,,
CP3,C9,王某,,2025-03-02,,,执行中,,
CP4,C1,王某,U9,2025-03-02,,,执行中,,
CP5,C1,王某,,2025-03-02,,,已终止,,
CP6,C1,王某,,2025-03-02,,,暂停,,
CP7,C1,,,2025/13/01,,,执行中,,
CP8,C1,王某,,2025-03-02,,,,,
"""
MEASURES = """\
方案编号,服务类型,周期,每周期次数,措施内容
CP1,走访,每月,,
CP1,送医疗,每季度,2,糖尿病，上门测血糖
CP1,走访,每周,,
CP1,电话问候,每月,0,
CP3,走访,每月,,
CP8,体检,每年,1,
CP99,走访,每月,,
"""


def _county(folder: Path) -> Path:
    folder.mkdir()
    (folder / "units.csv").write_text("编号,单位名称,单位类型\nU1,老干部局,老干部局\n", "utf-8")
    (folder / "cadres.csv").write_text(
        "编号,姓名,性别,出生年月,人员类别,参加工作时间\nC1,王某,男,1927.05,离休,1946.10\n", "utf-8"
    )
    (folder / "care_plans.csv").write_text(PLANS, "utf-8")
    (folder / "care_plan_measures.csv").write_text(MEASURES, "utf-8")
    return folder


def test_bad_rows_are_reported_with_their_reason_the_same_both_ways(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = read_both(_county(tmp_path / "county"), monkeypatch)
    assert_same(fast, slow)
    by_row: dict[tuple[str, int], list[Any]] = {}
    for p in fast.problems:
        assert p.file is not None and p.row is not None
        by_row.setdefault((p.file, p.row), []).append(p)

    def one(file: str, row: int) -> Any:
        (problem,) = by_row[(file, row)]
        return problem

    assert one("care_plans.csv", 3).column == "有效期至"
    assert "before the plan was drawn up" in one("care_plans.csv", 3).message
    assert "unknown cadres id 'C9'" in one("care_plans.csv", 4).message
    assert "unknown units id 'U9'" in one("care_plans.csv", 5).message
    assert one("care_plans.csv", 6).column == "终止日期"
    assert (
        one("care_plans.csv", 7).column == "方案状态" and "暂停" in one("care_plans.csv", 7).message
    )
    assert one("care_plans.csv", 8).column == "制定日期"
    assert one("care_plan_measures.csv", 4).column == "周期"
    assert one("care_plan_measures.csv", 5).column == "每周期次数"
    # The measure of a plan rejected for its cadre goes with it; one of no plan is named so.
    assert "CP3" in str(one("care_plan_measures.csv", 6))
    assert one("care_plan_measures.csv", 8).code == "no-parent"
    # Health details are never repeated in a problem.
    assert not any("糖尿病" in str(p) or "卧床" in str(p) for p in fast.problems)
    plans = {p.id: p for p in fast.roster.care_plans}
    assert set(plans) == {"CP1", "CP8"}
    assert [m.kind.value for m in plans["CP1"].measures] == ["home_visit", "deliver_medical"]
    assert plans["CP8"].status is CarePlanStatus.IN_FORCE  # blank: 执行中


@pytest.mark.parametrize("suffix", ["", ".xlsx", ".json"])
def test_plans_go_out_and_come_back(tmp_path: Path, suffix: str) -> None:
    from laoganbu import write_roster

    measure = {"kind": "送医疗", "cadence": "每季度", "count": 2, "details": "上门测血糖"}
    roster = Roster(cadres=[_cadre()], care_plans=[_plan(notes="老伴卧床", measures=[measure])])
    out = write_roster(roster, tmp_path / f"county{suffix}", reveal_pii=True)
    back = read_roster(out)
    assert back.ok and back.roster.care_plans == roster.care_plans
    masked = write_roster(roster, tmp_path / f"masked{suffix}")
    text = "".join(p.read_bytes().decode("utf-8", "replace") for p in
                   ([*masked.iterdir()] if masked.is_dir() else [masked]))  # fmt: skip
    assert "血糖" not in text and "卧床" not in text


def test_the_sample_reads_the_same_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    fast, slow = read_both(sample_folder(), monkeypatch)
    assert fast.ok and len(fast.roster.care_plans) > 100
    assert_same(fast, slow)


# -- the measures as items ------------------------------------------------------------------


def _items(roster: Roster, period: str = "2026", **kw: Any) -> list[tuple[Any, ...]]:
    due = plan(roster, period, programs=[], **kw)
    return [(i.program_id, i.start.isoformat(), i.end.isoformat(), i.reason) for i in due]


def test_a_monthly_measure_is_twelve_items_a_year() -> None:
    items = _items(Roster(cadres=[_cadre()], care_plans=[_plan()]))
    assert len(items) == 12
    assert items[0] == ("care_plan.home_visit.month", "2026-01-01", "2026-01-31",
                        "每月（一人一策 CP1 第1项）")  # fmt: skip
    assert items[0][3] == measure_reason("CP1", 1, Cadence.MONTH)
    assert items[-1][1:3] == ("2026-12-01", "2026-12-31")


def test_a_plan_drawn_up_mid_year_starts_then() -> None:
    drawn = _plan(
        drawn_up_on="2026-07-15",
        measures=[{"kind": "走访", "cadence": "每月"}, {"kind": "体检", "cadence": "每年"}],
    )
    items = _items(Roster(cadres=[_cadre()], care_plans=[drawn]))
    monthly = [i for i in items if i[0] == "care_plan.home_visit.month"]
    assert len(monthly) == 6 and monthly[0][1:3] == ("2026-07-15", "2026-07-31")
    assert [i for i in items if i[0] == "care_plan.health_check.year"] == [
        ("care_plan.health_check.year", "2026-07-15", "2026-12-31", "每年（一人一策 CP1 第2项）")
    ]
    # Not in the plan of a period before it.
    assert _items(Roster(cadres=[_cadre()], care_plans=[drawn]), "2026-Q2") == []


def test_a_cadre_who_dies_has_no_more_items() -> None:
    dead = _cadre(death_date="2026-09-14")
    items = _items(Roster(cadres=[dead], care_plans=[_plan()]))
    assert [i[1] for i in items][-1] == "2026-09-01" and len(items) == 9
    # Recorded as a life event only, the same.
    from laoganbu import LifeEvent

    event = LifeEvent(id="E1", cadre_id="C1", kind="去世", date="2026-09-14")
    assert _items(Roster(cadres=[_cadre()], life_events=[event], care_plans=[_plan()])) == items


def test_a_plan_that_ends_or_lapses_stops_and_a_cadre_away_is_not_served() -> None:
    ended = _plan(status="已终止", ended_on="2026-06-10",
                  measures=[{"kind": "走访", "cadence": "每季度", "count": 2}])  # fmt: skip
    items = _items(Roster(cadres=[_cadre()], care_plans=[ended]))
    assert [i[1:3] for i in items] == [("2026-01-01", "2026-03-31")] * 2 + [
        ("2026-04-01", "2026-06-10")
    ] * 2
    lapsed = _plan(valid_until="2026-02")
    assert len(_items(Roster(cadres=[_cadre()], care_plans=[lapsed]))) == 2
    away = Transfer(id="T1", cadre_id="C1", direction="转出", kind="管理服务关系转移",
                    date="2026-05-20", counterpart="某局")  # fmt: skip
    moved = _items(Roster(cadres=[_cadre()], transfers=[away], care_plans=[_plan()]))
    assert [i[1] for i in moved][-1] == "2026-05-01" and len(moved) == 5


def test_care_plans_can_be_left_out_and_the_ids_are_reserved() -> None:
    roster = Roster(cadres=[_cadre()], care_plans=[_plan()])
    assert _items(roster, care_plans=False) == []
    due = plan(roster, 2026, locality=Locality())
    assert "care_plan.home_visit.month" in {p.id for p in due.programs}
    assert due.by_program()["care_plan.home_visit.month"] == 12
    assert due.by_program()["health_check"] == 1  # the locality's programmes as ever
    # An earlier plan's programmes given again: the measures come from the plans, once.
    again = plan(roster, 2026, programs=due.programs)
    assert again.frame.equals(due.frame) and again.by_program() == due.by_program()
    clash = ServiceProgramDefinition(id="care_plan.home_visit.month", name="x", kind="走访",
                                     cadence="month", source="t")  # fmt: skip
    with pytest.raises(InvalidValueError, match="care_plan"):
        plan(roster, 2026, programs=[clash])


def test_compliance_judges_the_measures_like_any_item() -> None:
    roster = Roster(cadres=[_cadre()], care_plans=[_plan()])
    records = [
        ServiceRecord(id="R1", cadre_id="C1", kind="走访", date="2026-01-10",
                      program_id="care_plan.home_visit.month"),
        ServiceRecord(id="R2", cadre_id="C1", kind="走访", date="2026-03-02"),
        ServiceRecord(id="R3", cadre_id="C1", kind="走访", date="2026-04-02",
                      program_id="care_plan.phone_call.month"),
    ]  # fmt: skip
    result = compliance(roster, 2026, records=records, as_of="2026-04-15")
    rows = (
        result.frame.filter(result.frame["program_id"] == "care_plan.home_visit.month")
        .select("status", "record_id")
        .rows()
    )
    assert rows[:4] == [("met", "R1"), ("missed", None), ("met", "R2"), ("upcoming", None)]
    # A record naming a measure's programme the plan does not have is reported.
    assert [p.record_id for p in result.problems] == ["R3"]
    without = compliance(roster, 2026, records=records, as_of="2026-04-15", care_plans=False)
    assert "care_plan.home_visit.month" not in set(without.frame["program_id"].to_list())


@st.composite
def care_plans(draw: st.DrawFn, ids: list[str]) -> list[CarePlan]:
    """Plans for known and unknown cadres, drawn up to the day or the month, some lapsing or
    ending, some overlapping, with measures of every cadence and count."""
    found = []
    for n in range(draw(st.integers(0, 5))):
        drawn: PartialDate = draw(partial_dates(2024, 2026))
        data: dict[str, Any] = {
            "id": f"P{n % 4}",  # now and then the same id twice
            "cadre_id": draw(st.sampled_from([*ids, "Z"])),
            "drawn_up_on": drawn,
            "measures": [
                {
                    "kind": draw(st.sampled_from(["phone_call", "home_visit"])),
                    "cadence": draw(st.sampled_from(["month", "quarter", "year"])),
                    "count": draw(st.sampled_from([1, 1, 2])),
                }
                for _ in range(draw(st.integers(0, 3)))
            ],
        }
        end: PartialDate = draw(partial_dates(2024, 2027))
        if end.last_day >= drawn.first_day:
            choice = draw(st.sampled_from(["none", "valid", "ended", "both"]))
            if choice in ("valid", "both"):
                data["valid_until"] = end
            if choice in ("ended", "both"):
                data["status"], data["ended_on"] = "已终止", end
        found.append(CarePlan.model_validate(data))
    return found


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), roster=rosters(), period=st.sampled_from(PERIODS), as_of=st.dates(
    _dt.date(2025, 3, 1), _dt.date(2027, 3, 1)))  # fmt: skip
def test_the_measures_are_planned_and_checked_as_the_reference_does(
    data: st.DataObject, roster: Roster, period: str, as_of: _dt.date
) -> None:
    ids = sorted({c.id for c in roster.cadres})
    roster = roster.model_copy(update={"care_plans": tuple(data.draw(care_plans(ids)))})
    programs = data.draw(st.one_of(st.just([]), programme_lists()))
    new, old = assert_same_plan(roster, programs, period)
    measures = [p for p in new.programs if p.id.startswith("care_plan.")]
    records = data.draw(ledgers(roster, [*programs, *measures]))
    assert_same_compliance(new, old, records, as_of=as_of)


# -- who needs a plan -------------------------------------------------------------------------


def _gaps(*cadres: Cadre, plans: tuple[CarePlan, ...] = (), **kw: Any) -> Any:
    return care_plan_gaps(Roster(cadres=cadres, care_plans=plans), on=AS_OF, **kw)


def test_who_needs_a_plan_on_the_day() -> None:
    gaps = _gaps(
        _cadre("L1"),  # 离休: needs one, has it
        _cadre("L2"),  # 离休: needs one, has none
        _cadre("L3", death_date="2026-05"),  # died: no longer
        _cadre("T1", kind="退休", birth_date="1944.02", health={"status": "重病"}),  # 双高期
        _cadre("T2", kind="退休", birth_date="1944.02", health={"status": "健康"}),  # healthy
        _cadre("T3", kind="退休", birth_date="1950.02", health={"status": "重病"}),  # under 80
        _cadre("T4", kind="退休", birth_date="1940.02"),  # health not recorded
        _cadre(
            "S1", kind="遗属", birth_date="1930.02", health={"status": "重病"}, survivor_of="L3"
        ),
        plans=(_plan("CP1", "L1"), _plan("CP2", "T1", responsible=None, measures=[])),
    )
    assert [(n.cadre_id, n.reason, n.covered) for n in gaps.needs] == [
        ("L1", "离休干部", True), ("L2", "离休干部", False), ("T1", "双高期", True),
    ]  # fmt: skip
    assert [n.cadre_id for n in gaps.missing] == ["L2"]
    assert gaps.unstaffed == ("CP2",) and gaps.empty == ("CP2",)
    assert gaps.unknown_health == ("T4",)
    counts = gaps.counts()
    assert (counts["required"], counts["covered"], counts["missing"]) == (3, 2, 1)
    assert gaps.coverage == pytest.approx(2 / 3) and not gaps.ok
    data = gaps.to_dict()
    assert data["missing"] == [
        {"cadre_id": "L2", "kind": "lixiu", "reason": "离休干部", "last_plan_id": None}
    ]
    json.dumps(data, ensure_ascii=False)
    text = str(gaps.explain())
    assert "care_plans.kinds" in text and "care_plans.double_high_kinds" in text
    assert "本地设定" in text and "unverified" in text


def test_lapsed_several_and_stale_plans() -> None:
    gaps = _gaps(
        _cadre("L1"),
        _cadre("L2"),
        _cadre("L3", death_date="2026-05"),
        plans=(
            _plan("CP1", "L1", valid_until="2026-06"),  # lapsed before the day
            _plan("CP2", "L2"),
            _plan("CP3", "L2", drawn_up_on="2026-01-10"),
            _plan("CP4", "L3"),  # its cadre died: 应终止未终止
            _plan("CP5", "L1", drawn_up_on="2026-12-01"),  # not yet
        ),
    )
    (missing,) = gaps.missing
    assert (missing.cadre_id, missing.last_plan_id) == ("L1", "CP1")
    assert gaps.several == ("L2",) and gaps.stale == ("CP4",)
    assert gaps.plans_in_force == ("CP2", "CP3")


def test_the_locality_says_who_needs_one(tmp_path: Path) -> None:
    layer = tmp_path / "layer.toml"
    layer.write_text(
        'jurisdiction = "140823"\nname = "闻喜县"\n'
        '[sources.W]\ntitle = "闻喜县一人一策办法（示例）"\n'
        'issuer = "闻喜县委老干部局"\ndate = "2026-01-01"\n'
        '[[parameter]]\nname = "care_plans.double_high_kinds"\n'
        '  [[parameter.values]]\n  value = []\n  from = 2026-01-01\n  source = "W"\n'
        '  status = "official"\n',
        encoding="utf-8",
    )
    params = Parameters([*resolve_parameters(None).layers, load_layer(layer)])
    ill = _cadre("T1", kind="退休", birth_date="1944.02", health={"status": "重病"})
    assert [n.cadre_id for n in _gaps(ill).needs] == ["T1"]
    assert _gaps(ill, params=params).needs == ()
    # Before the county's value is in force, the national one.
    before = care_plan_gaps(Roster(cadres=[ill]), on="2025-12-31", params=params)
    assert [n.cadre_id for n in before.needs] == ["T1"]


@settings(max_examples=60, deadline=None)
@given(
    births=st.lists(partial_dates(1930, 1960), min_size=1, max_size=8),
    statuses=st.lists(
        st.sampled_from([None, "good", "fair", "chronic", "serious"]), min_size=8, max_size=8
    ),
    day=st.dates(_dt.date(2020, 1, 1), _dt.date(2030, 12, 31)),
)
def test_double_high_agrees_with_the_per_record_rule(
    births: list[PartialDate], statuses: list[str | None], day: _dt.date
) -> None:
    people = [
        _cadre(f"T{i}", kind="退休", birth_date=b, health={"status": s})
        for i, (b, s) in enumerate(zip(births, statuses, strict=False))
    ]
    double, unknown = _double_high(people, day, resolve_parameters(None))
    for c in people:
        profile = age_profile(c.birth_date, on=day, health=c.health.status)
        assert (c.id in double) == (profile.double_high is True)
        assert (c.id in unknown) == (profile.double_high is None)


# -- the sample and the report, against a count of the files ---------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    with (sample_folder() / f"{name}.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _independent_count() -> dict[str, Any]:
    """Who needs a plan on 2026-11-01 and who has one, from the sample's CSV files: living (no
    去世时间, no 去世 event), not moved away, 离休 — or 离休/退休, 80 or older and 患慢性病 or
    重病 (the national defaults)."""
    dead = {r["干部编号"] for r in _rows("life_events") if r["事件类型"] == "去世"}
    away: dict[str, str] = {}
    for r in sorted(_rows("transfers"), key=lambda r: r["转移日期"]):
        if r["转移类型"] == "管理服务关系转移" and r["转移日期"] <= "2026-11-01":
            away[r["干部编号"]] = r["转移方向"]
    needs: dict[str, set[str]] = {}
    for r in _rows("cadres"):
        cid = r["编号"]
        if r["去世时间"] or cid in dead or away.get(cid) == "转出":
            continue
        y, m, d = re.match(r"(\d{4})\D+(\d{1,2})(?:\D+(\d{1,2}))?", r["出生年月"]).groups()  # type: ignore[union-attr]
        age = 2026 - int(y) - (1 if (int(m), int(d or 1)) > (11, 1) else 0)
        why = set()
        if r["人员类别"] == "离休":
            why.add("kind")
        if (
            r["人员类别"] in ("离休", "退休")
            and age >= 80
            and r["健康状况"] in ("患慢性病", "重病")
        ):
            why.add("double")
        if why:
            needs[cid] = why
    measures: dict[str, int] = {}
    for r in _rows("care_plan_measures"):
        measures[r["方案编号"]] = measures.get(r["方案编号"], 0) + 1
    in_force = [
        r
        for r in _rows("care_plans")
        if r["方案状态"] == "执行中"
        and r["制定日期"] <= "2026-11-01"
        and (not r["有效期至"] or r["有效期至"] >= "2026-11")
    ]
    covered = {r["干部编号"] for r in in_force} & set(needs)
    return {
        "required": len(needs),
        "kind": sum(1 for w in needs.values() if "kind" in w),
        "double": sum(1 for w in needs.values() if "double" in w),
        "both": sum(1 for w in needs.values() if len(w) == 2),
        "covered": len(covered),
        "missing": sorted(set(needs) - covered),
        "plans": len(in_force),
        "unstaffed": sum(1 for r in in_force if not r["责任人"]),
        "empty": sum(1 for r in in_force if r["编号"] not in measures),
    }


def test_the_sample_has_its_planted_gaps() -> None:
    gaps = care_plan_gaps(sample_roster(), on=AS_OF)
    expected = _independent_count()
    assert [n.cadre_id for n in gaps.missing] == expected["missing"] == [
        "C00005", "C00008", "C00047",
    ]  # fmt: skip
    assert {n.cadre_id: n.last_plan_id for n in gaps.missing}["C00008"] == "CP0003"
    assert gaps.unstaffed == ("CP0004",) and gaps.empty == ("CP0017",)
    assert gaps.several == () and gaps.stale == ()


def test_the_report_states_the_figures_of_the_files() -> None:
    report = build_report(sample_roster(), 2026, as_of=AS_OF)
    (section,) = [s for s in report.sections if s.title.endswith("一人一策")]
    expected = _independent_count()
    text = section.paragraphs[0]
    assert f"须制定一人一策的{expected['required']}人" in text
    assert f"离休干部{expected['kind']}人、双高期{expected['double']}人" in text
    assert f"两者兼有{expected['both']}人" in text
    assert f"已有在执行方案{expected['covered']}人" in text
    assert f"应制定未制定{len(expected['missing'])}人" in text
    quality = section.paragraphs[1]
    assert f"在执行方案{expected['plans']}份" in quality
    assert f"未明确责任人{expected['unstaffed']}份、无服务措施{expected['empty']}份" in quality
    (table,) = section.tables
    rows = {row[0]: row[1:4] for row in table.rows}
    assert rows["合计"] == (expected["required"], expected["covered"], len(expected["missing"]))
    assert rows["离休干部"][0] == expected["kind"] and rows["双高期"][0] == expected["double"]


def test_the_sample_ledger_serves_the_measures_without_taking_other_services() -> None:
    roster = sample_roster()
    for code in ("000000", "140823"):
        place = Locality(code)
        args = {"locality": place, "records": roster.service_records, "as_of": AS_OF}
        result = compliance(roster, 2026, **args)
        measures = result.frame.filter(result.frame["program_id"].str.starts_with("care_plan."))
        assert set(measures["status"].to_list()) == {"met", "upcoming"}
        alone = compliance(roster, 2026, care_plans=False, **args)
        others = result.frame.filter(~result.frame["program_id"].str.starts_with("care_plan."))
        assert others.select("status", "record_id").equals(
            alone.frame.select("status", "record_id")
        )


def test_the_command_lists_who_has_no_plan_and_exits_1(tmp_path: Path) -> None:
    runner = CliRunner()
    folder = str(sample_folder())
    args = ["care-plans", "--roster", folder, "--as-of", "2026-11-01"]
    result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "应制定未制定" in result.output and "C00047" in result.output
    assert "CP0004" in result.output and "CP0017" in result.output
    data = json.loads(runner.invoke(main, [*args, "--json"]).output)
    assert data["counts"]["missing"] == 3
    assert [m["cadre_id"] for m in data["missing"]] == ["C00005", "C00008", "C00047"]
    # A county whose every plan is in order: exit 0.
    county = tmp_path / "county"
    county.mkdir()
    (county / "cadres.csv").write_text(
        "编号,姓名,性别,出生年月,人员类别,参加工作时间\nC1,王某,男,1927.05,离休,1946.10\n", "utf-8"
    )
    (county / "care_plans.csv").write_text(
        "编号,干部编号,责任人,制定日期\nCP1,C1,李网格,2025-01-01\n", "utf-8"
    )
    (county / "care_plan_measures.csv").write_text(
        "方案编号,服务类型,周期\nCP1,走访,每月\n", "utf-8"
    )
    fine = runner.invoke(main, ["care-plans", "--roster", str(county), "--as-of", "2026-11-01"])
    assert fine.exit_code == 0, fine.output
    assert read_roster(county).ok
