"""Political treatment (#15): attendance, eligibility by programmes, coverage, the report's
section against an independent count of the sample's files, and the command."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from laoganbu import (
    Cadre,
    InvalidValueError,
    Jurisdiction,
    Locality,
    PartialDate,
    Roster,
    ServiceKind,
    ServiceRecord,
    Transfer,
    build_report,
    hookimpl,
    political_coverage,
    read_frame,
)
from laoganbu.cli import main
from laoganbu.models.service import POLITICAL_TREATMENT
from laoganbu.programs import ServiceProgramDefinition
from laoganbu.testing import plugin_set, sample_folder, sample_roster

AS_OF = "2026-11-01"
LABELS = {k.label: k for k in POLITICAL_TREATMENT}


# -- an independent count of the sample's files -----------------------------------------------


def _rows(name: str) -> list[dict[str, str]]:
    with (sample_folder() / f"{name}.csv").open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _day(text: str) -> str:
    """A date as the files write it as an ISO day, a month being its first day."""
    return PartialDate.parse(text).first_day.isoformat()


def _count_files() -> dict[str, Any]:
    cadres = {row["编号"]: row for row in _rows("cadres")}
    moves: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for row in _rows("transfers"):
        if row["转移类型"] == "管理服务关系转移":
            moves[row["干部编号"]].append((_day(row["转移日期"]), row["转移方向"]))

    def in_care(cid: str) -> bool:
        death = cadres[cid]["去世时间"]
        if death and _day(death) <= AS_OF:
            return False
        mine = sorted(moves.get(cid, []))
        before = [direction for day, direction in mine if day <= AS_OF]
        if before:
            return before[-1] == "转入"
        return not mine or mine[0][1] != "转入"

    audience = {
        cid for cid, row in cadres.items() if row["人员类别"] in ("离休", "退休") and in_care(cid)
    }
    events: dict[ServiceKind, set[str]] = defaultdict(set)
    attendances: dict[ServiceKind, set[tuple[str, str]]] = defaultdict(set)
    took_part: set[str] = set()
    for row in _rows("records"):
        kind = LABELS.get(row["服务类型"])
        day = _day(row["服务日期"])
        if kind is None or not "2026-01-01" <= day <= AS_OF or row["干部编号"] not in cadres:
            continue
        event = row["活动编号"] or f"{kind}|{row['服务项目']}|{row['服务日期']}"
        events[kind].add(event)
        attendances[kind].add((row["干部编号"], event))
        took_part.add(row["干部编号"])
    lixiu = {cid for cid in audience if cadres[cid]["人员类别"] == "离休"}
    return {
        "events": {k: len(v) for k, v in events.items()},
        "attendances": {k: len(v) for k, v in attendances.items()},
        "audience": audience,
        "reached": audience & took_part,
        "lixiu": lixiu,
        "lixiu_reached": lixiu & took_part,
    }


@pytest.fixture(scope="module")
def files() -> dict[str, Any]:
    return _count_files()


def test_the_report_states_political_treatment_against_the_files(files: dict[str, Any]) -> None:
    roster = sample_roster()
    report = build_report(roster, 2026, records=roster.service_records, as_of=AS_OF)
    section = next(s for s in report.sections if s.title.endswith("政治待遇"))
    text = section.paragraphs[0]
    events, attendances = files["events"], files["attendances"]
    assert all(events.get(k) for k in POLITICAL_TREATMENT)  # the sample holds every kind
    reading, briefing = ServiceKind.DOCUMENT_READING, ServiceKind.BRIEFING
    assert f"组织阅文{events[reading]}次、{attendances[reading]}人次" in text
    assert f"召开情况通报会{events[briefing]}场、{attendances[briefing]}人次" in text
    assert files["lixiu"] and files["lixiu_reached"] == files["lixiu"]
    assert f"{len(files['lixiu'])}名离休干部全部参加政治待遇活动" in text
    audience, reached = files["audience"], files["reached"]
    untouched = len(audience) - len(reached)
    assert untouched > 0  # some are left out
    assert (
        f"应享受政治待遇的{len(audience)}人中{len(reached)}人至少参加一项，"
        f"未参加任何活动的{untouched}人" in text
    )
    kinds, groups = section.tables
    assert [(r[0], r[1], r[2]) for r in kinds.rows] == [
        (k.label, events[k], attendances[k]) for k in POLITICAL_TREATMENT
    ]
    assert groups.rows[-1][:4] == ("合计", len(audience), len(reached), untouched)


def test_the_command_lists_who_took_part_in_nothing(files: dict[str, Any]) -> None:
    folder = sample_folder()
    args = ["political", "--roster", str(folder), "--period", "2026", "--as-of", AS_OF, "--json"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1, result.output  # 1: some took part in nothing
    data = json.loads(result.stdout)
    left = {row["cadre_id"] for row in data["untouched"]}
    assert left == files["audience"] - files["reached"]
    assert all(set(row) == {"cadre_id", "cadre_kind", "cadre_kind_label", "rank", "rank_label"}
               for row in data["untouched"])  # fmt: skip
    assert [k["events"] for k in data["kinds"]] == [files["events"][k] for k in POLITICAL_TREATMENT]
    text = CliRunner().invoke(main, args[:-1])
    assert text.exit_code == 1 and "未参加任何活动" in text.stdout


def test_a_frame_and_records_give_the_same_coverage() -> None:
    roster = sample_roster()
    frame = read_frame(sample_folder() / "records.csv", "service_records", against=roster).data
    by_frame = political_coverage(roster, 2026, records=frame, as_of=AS_OF)
    by_records = political_coverage(roster, 2026, as_of=AS_OF)  # the roster's own records
    assert by_frame.frame.equals(by_records.frame)
    assert by_frame.to_dict() == by_records.to_dict()


# -- eligibility, events and care, on a county built by hand ----------------------------------


def _cadre(cid: str, kind: str = "退休", **fields: Any) -> Cadre:
    return Cadre.model_validate(
        {"id": cid, "name": "某", "sex": "男", "birth_date": "1950-03", "kind": kind, **fields}
    )


def _record(rid: str, cid: str, kind: str, date: str, **fields: Any) -> ServiceRecord:
    return ServiceRecord.model_validate(
        {"id": rid, "cadre_id": cid, "kind": kind, "date": date, **fields}
    )


class County:
    """阅文 for 离休 cadres and for 退休 cadres of 县处级副职 and above (two programmes)."""

    @hookimpl
    def laoganbu_jurisdiction(self) -> Jurisdiction:
        return Jurisdiction("140823", "闻喜县", level="county", parent="140800")

    @hookimpl
    def laoganbu_service_programs(self) -> list[ServiceProgramDefinition]:
        common = {"kind": "阅文", "cadence": "month", "source": "本县规定（示例）"}
        return [
            ServiceProgramDefinition.model_validate(
                {
                    "id": "county.reading",
                    "name": "离休干部阅文",
                    "who": {"kinds": ["离休"]},
                    **common,
                }
            ),
            ServiceProgramDefinition.model_validate(
                {
                    "id": "county.reading_senior",
                    "name": "县处级以上退休干部阅文",
                    "who": {"kinds": ["退休"], "min_rank": "副处级"},
                    **common,
                }
            ),
        ]


def _county() -> tuple[Roster, tuple[ServiceRecord, ...]]:
    roster = Roster(
        cadres=(
            _cadre("C1", "离休", rank="正科级"),
            _cadre("C2", rank="正处级"),
            _cadre("C3", rank="正科级", treatment_level="副处级"),  # the 待遇级别 decides
            _cadre("C4", rank="科员"),
            _cadre("C5"),  # no rank
            _cadre("C6", rank="副处级", death_date="2026-05"),
            _cadre("C7", rank="副处级"),  # moved away in June
            _cadre("C8", "遗属", survivor_of="C9"),
        ),
        transfers=(
            Transfer.model_validate(
                {
                    "id": "T1",
                    "cadre_id": "C7",
                    "direction": "转出",
                    "kind": "管理服务关系转移",
                    "date": "2026-06-01",
                    "counterpart": "太原市委老干部局",
                }
            ),
        ),
    )
    records = (
        # One 阅文 session without an event id: one event of two attendances.
        _record("R1", "C1", "阅文", "2026-03-10"),
        _record("R2", "C2", "阅读文件", "2026-03-10"),
        _record("R3", "C2", "阅文", "2026-03-10"),  # entered twice: attended once
        _record("R4", "C6", "阅文", "2026-04-10"),  # died since: counted in 人次, not in coverage
        # A briefing with an event id over two days of records (the clerk's dates differ).
        _record("R5", "C1", "情况通报会", "2026-06-20", event_id="B1"),
        _record("R6", "C4", "情况通报会", "2026-06-21", event_id="B1"),
        _record("R7", "C7", "参观考察", "2026-05-10"),  # moved away since: not counted as in care
        _record("R8", "C4", "电话问候", "2026-05-10"),  # not political treatment
        _record("R9", "C5", "庆典", "2025-10-01"),  # before the period
        _record("R10", "C5", "重要会议", "2026-11-20"),  # after the day of the check
        _record("R11", "X9", "阅文", "2026-03-10"),  # not the roster's
    )
    return roster, records


def test_eligibility_comes_from_the_programmes_and_the_audience_parameter() -> None:
    roster, records = _county()
    place = Locality("140823", plugins=plugin_set(County(), name="county"))
    found = political_coverage(roster, 2026, records=records, locality=place, as_of="2026-11-01")
    assert found.frame["cadre_id"].to_list() == ["C1", "C2", "C3", "C4", "C5", "C8"]
    reading = ServiceKind.DOCUMENT_READING
    assert (found.events[reading], found.attendances[reading]) == (2, 3)
    assert (found.events[ServiceKind.BRIEFING], found.attendances[ServiceKind.BRIEFING]) == (1, 2)
    assert found.events[ServiceKind.IMPORTANT_EVENT] == 0
    everyone = found.overall()
    # 阅文 by the programmes: C1 (离休), C2 and C3 (副处级 and above, C3 by 待遇级别).
    assert (everyone.kind(reading).eligible, everyone.kind(reading).reached) == (3, 2)
    assert "county.reading_senior" in found.eligibility[reading]
    # The others by political.audience: 离休 and 退休 cadres, not the survivor.
    briefing = everyone.kind(ServiceKind.BRIEFING)
    assert (briefing.eligible, briefing.reached) == (5, 2)
    assert found.eligibility[ServiceKind.BRIEFING].startswith("未设服务项目")
    assert (everyone.cadres, everyone.reached, everyone.untouched) == (5, 3, 2)
    assert [row["cadre_id"] for row in found.untouched()] == ["C3", "C5"]
    assert [(g.label, g.cadres, g.reached) for g in found.by_rank()] == [
        ("县处级正职", 1, 1), ("县处级副职", 1, 0), ("乡科级正职", 1, 1), ("科员及以下", 1, 1),
        ("未填级别", 1, 0),
    ]  # fmt: skip
    assert [(g.label, g.cadres, g.reached) for g in found.by_cadre_kind()] == [
        ("离休", 1, 1), ("退休", 4, 2)
    ]  # fmt: skip
    explained = str(found.explain())
    assert "political.audience" in explained and "中办发〔2016〕3号" in explained
    data = found.to_dict()
    assert data["cadres"] == 6 and data["overall"]["reached"] == 3
    assert json.dumps(data, ensure_ascii=False)  # plain data


def test_nationally_every_political_kind_is_for_lixiu_and_tuixiu_cadres() -> None:
    roster, records = _county()
    found = political_coverage(roster, "2026", records=records)
    assert {found.overall().kind(k).eligible for k in POLITICAL_TREATMENT} == {5}
    assert [p for p in Locality().programs if p.kind in POLITICAL_TREATMENT] == []


def test_a_day_of_the_check_before_the_period_is_refused() -> None:
    roster, records = _county()
    with pytest.raises(InvalidValueError, match="before the period"):
        political_coverage(roster, 2026, records=records, as_of="2025-12-31")


def test_an_empty_county_has_no_shares() -> None:
    found = political_coverage(Roster(), 2026, records=())
    assert found.overall().share is None and found.untouched() == []
    assert found.to_dict()["kinds"][0]["share"] is None


def test_the_command_exits_0_when_everyone_took_part_and_2_without_a_ledger(
    tmp_path: Path,
) -> None:
    from laoganbu.sample import generate_sample

    county = tmp_path / "county"
    generate_sample(county, cadres=40, seed=3, records=False)
    runner = CliRunner()
    gone = runner.invoke(main, ["political", "--roster", str(county), "--period", "2026"])
    assert gone.exit_code == 2 and "未找到服务台账" in gone.stderr
    found = political_coverage(read_frame_roster(county), 2026, records=())
    ledger = tmp_path / "ledger.csv"
    with ledger.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["编号", "干部编号", "服务类型", "服务日期", "活动编号"])
        for n, cid in enumerate(found.frame["cadre_id"], 1):
            writer.writerow([f"R{n}", cid, "情况通报会", "2026-07-01", "B1"])
    args = ["political", "--roster", str(county), "--records", str(ledger), "--period", "2026"]
    done = runner.invoke(main, args)
    assert done.exit_code == 0, done.output
    assert "未参加任何活动 Took part in nothing：0 人" in done.stdout


def read_frame_roster(folder: Path) -> Roster:
    from laoganbu import read_roster

    return read_roster(folder).roster


# -- the columns agree with a count record by record ------------------------------------------

_KINDS = [*POLITICAL_TREATMENT, ServiceKind.PHONE_CALL]


@st.composite
def _ledgers(draw: Any) -> tuple[Roster, list[ServiceRecord], str]:
    n = draw(st.integers(0, 6))
    cadres = []
    for i in range(n):
        kind = draw(st.sampled_from(["离休", "退休", "遗属"]))
        death = draw(st.one_of(st.none(), st.sampled_from(["2026-03", "2026-08-15", "2025-12"])))
        rank = draw(st.one_of(st.none(), st.sampled_from(["副处级", "科员", "正厅级"])))
        of = {"survivor_of": "C99"} if kind == "遗属" else {}
        cadres.append(_cadre(f"C{i}", kind, death_date=death, rank=rank, **of))
    ids = [c.id for c in cadres] + ["X1"]
    records = []
    for j in range(draw(st.integers(0, 12))):
        day = draw(st.sampled_from(["2026-01-05", "2026-01", "2026-06-30", "2026-10-01",
                                    "2025-12-31", "2026-12-01"]))  # fmt: skip
        records.append(
            _record(
                f"R{j}",
                draw(st.sampled_from(ids)),
                draw(st.sampled_from(_KINDS)).value,
                day,
                event_id=draw(st.one_of(st.none(), st.sampled_from(["E1", "E2"]))),
                program_id=None,
            )
        )
    return (
        Roster(cadres=tuple(cadres)),
        records,
        draw(st.sampled_from(["2026-10-31", "2026-06-30"])),
    )


@settings(max_examples=60, deadline=None)
@given(_ledgers())
def test_the_columns_agree_with_a_count_record_by_record(
    case: tuple[Roster, list[ServiceRecord], str],
) -> None:
    roster, records, as_of = case
    found = political_coverage(roster, 2026, records=records, as_of=as_of)
    day = dt.date.fromisoformat(as_of)
    known = {c.id for c in roster.cadres}
    seen: set[tuple[str, str, str]] = set()
    for r in records:
        first = r.date.first_day
        counted = r.kind in POLITICAL_TREATMENT and r.cadre_id in known
        if counted and dt.date(2026, 1, 1) <= first <= day:
            event = r.event_id or f"{r.kind.value}|{r.date.isoformat()}"
            seen.add((r.cadre_id, r.kind.value, event))
    for kind in POLITICAL_TREATMENT:
        mine = {(c, e) for c, k, e in seen if k == kind.value}
        assert found.attendances[kind] == len(mine)
        assert found.events[kind] == len({e for _c, e in mine})
    living = [c for c in roster.cadres if roster.in_care_on(c, day)]
    assert found.frame["cadre_id"].to_list() == [c.id for c in living]
    per_cadre = {
        (row["cadre_id"], kind.value): row[kind.value]
        for row in found.frame.iter_rows(named=True)
        for kind in POLITICAL_TREATMENT
    }
    for c in living:
        for kind in POLITICAL_TREATMENT:
            expected = sum(1 for cid, k, _e in seen if cid == c.id and k == kind.value)
            assert per_cadre[(c.id, kind.value)] == expected
    audience = [c for c in living if c.kind.value in ("lixiu", "tuixiu")]
    reached = [c for c in audience if any(cid == c.id for cid, _k, _e in seen)]
    assert (found.overall().cadres, found.overall().reached) == (len(audience), len(reached))
