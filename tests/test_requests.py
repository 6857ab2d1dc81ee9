"""The requests ledger (诉求台账, #15) and its follow-up: every bad row reported with its
reason both ways, the time limits judged on a day, repeats, satisfaction, and the sample's
figures checked against a count of its own file."""

from __future__ import annotations

import csv
import datetime as _dt
import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from laoganbu import (
    Cadre,
    RequestCategory,
    RequestChannel,
    RequestStatus,
    Roster,
    ServiceRequest,
    build_report,
    read_frame,
    read_table,
    review_requests,
)
from laoganbu.cli import main
from laoganbu.models.roster import LEDGERS, TABLES
from laoganbu.params import Parameters, load_layer, resolve_parameters
from laoganbu.testing import sample_folder, sample_roster

AS_OF = _dt.date(2026, 11, 1)


def _cadre(cid: str, grid: str | None = None) -> Cadre:
    return Cadre.model_validate(
        {"id": cid, "name": "某", "sex": "男", "birth_date": "1930.01", "kind": "离休",
         "work_start": "1948.03", "grid_id": grid}
    )  # fmt: skip


def _request(rid: str, received: str, **fields: object) -> ServiceRequest:
    values: dict[str, object] = {
        "id": rid, "cadre_id": "C1", "channel": "电话", "category": "医疗保健",
        "received_on": received,
    }  # fmt: skip
    values.update(fields)
    return ServiceRequest.model_validate(values)


def _closed(rid: str, received: str, closed: str, **fields: object) -> ServiceRequest:
    fields = {"status": "已办结", "assigned_to": "王某", "assigned_on": received} | fields
    return _request(rid, received, closed_on=closed, **fields)


def test_a_request_reads_both_languages_and_keeps_its_matter_private() -> None:
    r = _closed("Q1", "2026-03-02", "2026-03-05", channel="grid_worker", category="住房维修",
                matter="屋顶漏雨，老伴卧床", satisfaction="基本满意")  # fmt: skip
    assert r.channel is RequestChannel.GRID_WORKER and r.category is RequestCategory.HOUSING
    assert r.status is RequestStatus.RESOLVED and not r.open
    assert "漏雨" not in repr(r) and "漏雨" not in r.model_dump_json()
    assert "漏雨" in r.model_dump_json(context={"reveal_pii": True})
    assert "requests" in TABLES and "requests" in LEDGERS


@pytest.mark.parametrize(
    ("fields", "complaint"),
    [
        ({"received_on": "2026-03"}, "give the day"),
        ({"status": "已办结", "assigned_to": "王某"}, "needs the day it was closed"),
        ({"closed_on": "2026-03-09"}, "has no closing day"),
        ({"satisfaction": "满意"}, "no satisfaction yet"),
        ({"status": "办理中"}, "names who it was given to"),
        ({"due_on": "2026-03-01"}, "before it was received"),
        ({"assigned_on": "2026-03-01", "assigned_to": "王某"}, "before it was received"),
        ({"status": "已办结", "assigned_to": "王某", "closed_on": "2026-02-28"}, "before it"),
    ],
)
def test_inconsistent_requests_are_refused(fields: dict[str, object], complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint):
        _request("Q1", "2026-03-02", **fields)


HEADERS = (
    "编号,干部编号,诉求渠道,诉求类别,诉求内容,受理日期,承办单位,承办人,办理状态,办结日期,满意度\n"
)
ROWS = """\
Q1,C1,电话,医疗保健,想请医生上门,2026-03-02,U1,王某,已办结,2026-03-05,满意
Q2,C1,电话,医疗保健,,2026-03,,,已受理,,
Q3,C1,传真,医疗保健,,2026-03-02,,,已受理,,
Q4,C9,电话,住房,,2026-03-02,,,已受理,,
Q5,C1,电话,住房,,2026-03-02,U9,,已交办,,
Q6,C1,电话,住房,,2026-03-02,,,已受理,,不满意
"""


@pytest.mark.parametrize("against", [None, "roster"], ids=["alone", "against-roster"])
def test_bad_rows_are_reported_with_their_reason_the_same_both_ways(
    tmp_path: Path, against: str | None
) -> None:
    from laoganbu import Unit

    roster = Roster(
        cadres=(_cadre("C1"),), units=(Unit(id="U1", name="老干部局", kind="老干部局"),)
    )
    path = tmp_path / "requests.csv"
    path.write_text(HEADERS + ROWS, encoding="utf-8")
    slow = read_table(path, "requests", against=roster if against else None)
    fast = read_frame(path, "requests", against=roster if against else None)
    assert [str(p) for p in slow.problems] == [str(p) for p in fast.problems]
    by_row = {p.row: p for p in slow.problems}
    assert by_row[3].column == "受理日期" and "give the day" in by_row[3].message
    assert by_row[4].column == "诉求渠道" and "传真" in by_row[4].message
    assert by_row[7].column == "满意度"
    # The matter is personal: not repeated in any problem.
    assert not any("医生" in str(p) for p in slow.problems)
    if against is None:
        assert set(by_row) == {3, 4, 7}
        return
    assert "unknown cadres id 'C9'" in by_row[5].message
    assert "unknown units id 'U9'" in by_row[6].message
    assert fast.accepted == len(slow.roster.requests) == 1


def _review(*requests: ServiceRequest, **kw: object) -> dict[str, dict[str, object]]:
    roster = Roster(cadres=(_cadre("C1", "G1"), _cadre("C2", "G2")))
    kw = {"as_of": "2026-06-30"} | kw
    review = review_requests(roster, 2026, requests=requests, **kw)  # type: ignore[arg-type]
    return {row["id"]: row for row in review.rows()}


def test_time_limits_are_judged_on_the_day() -> None:
    rows = _review(
        # Closed on its 60th day: on time; on its 61st: late.
        _closed("A", "2026-01-05", "2026-03-06"),
        _closed("B", "2026-01-05", "2026-03-07"),
        # Open, 60 days on the day of the review: still in time; 61: overdue.
        _request("C", "2026-05-01"),
        _request("D", "2026-04-30"),
        # A promised day comes before the locality's limit.
        _closed("E", "2026-02-01", "2026-02-10", due_on="2026-02-08"),
        # Closed after the day of the review: not closed on it.
        _closed("F", "2026-06-01", "2026-07-15"),
        # Received after the day of the review: not known on it.
        _request("G", "2026-07-01"),
    )
    assert {k: r["state"] for k, r in rows.items()} == {
        "A": "on_time", "B": "late", "C": "open", "D": "overdue", "E": "late", "F": "open",
    }  # fmt: skip
    assert rows["E"]["deadline"] == "2026-02-08" and rows["F"]["closed_on"] is None


def test_late_response_counts_from_receipt_to_giving_out() -> None:
    rows = _review(
        _request("A", "2026-06-10"),  # 20 days, nobody given it
        _request("B", "2026-06-20"),  # 10 days: still in time
        _request("C", "2026-03-01", status="已交办", assigned_to="王某", assigned_on="2026-03-16"),
        _request("D", "2026-03-01", status="已交办", assigned_to="王某", assigned_on="2026-03-17"),
        _closed("E", "2026-03-01", "2026-03-02", assigned_on=None),  # settled on the spot
    )
    assert {k: r["late_response"] for k, r in rows.items()} == {
        "A": True, "B": False, "C": False, "D": True, "E": False,
    }  # fmt: skip


def test_a_repeat_is_the_same_matter_within_the_window() -> None:
    rows = _review(
        _closed("A", "2025-12-01", "2025-12-03"),  # before the period: not counted, but earlier
        _closed("B", "2026-03-01", "2026-03-02"),  # 90 days after A: a repeat
        _closed("C", "2026-05-31", "2026-06-01"),  # 91 days after B: not one
        _closed("D", "2026-06-01", "2026-06-02", category="住房"),  # another matter
        _closed("E", "2026-06-02", "2026-06-03", cadre_id="C2"),  # another cadre
    )
    assert {k: r["repeat_of"] for k, r in rows.items()} == {
        "B": "A", "C": None, "D": None, "E": None,
    }  # fmt: skip
    assert rows["E"]["grid_id"] == "G2"


def test_the_locality_sets_the_limits_by_the_day_received(tmp_path: Path) -> None:
    layer = tmp_path / "layer.toml"
    layer.write_text(
        'jurisdiction = "140823"\nname = "闻喜县"\n[sources.W]\ntitle = "闻喜县诉求办理办法"\n'
        'issuer = "闻喜县委老干部局"\ndate = "2026-04-01"\n'
        '[[parameter]]\nname = "requests.resolve_days"\n'
        '  [[parameter.values]]\n  value = 7\n  from = 2026-04-01\n  source = "W"\n'
        '  status = "official"\n',
        encoding="utf-8",
    )
    params = Parameters([*resolve_parameters(None).layers, load_layer(layer)])
    rows = _review(
        _request("A", "2026-03-31"),  # the national 60 days: to 2026-05-30
        _request("B", "2026-04-01"),  # the county's 7 days: to 2026-04-08
        as_of="2026-04-20",
        params=params,
    )
    assert rows["A"]["state"] == "open" and rows["B"]["state"] == "overdue"
    assert rows["B"]["deadline"] == "2026-04-08"


def test_links_to_service_records_are_checked_when_given() -> None:
    from laoganbu import ServiceRecord

    records = [
        ServiceRecord(id="S1", cadre_id="C1", kind="走访", date="2026-03-03"),
        ServiceRecord(id="S2", cadre_id="C2", kind="走访", date="2026-03-03"),
    ]
    request = _closed("A", "2026-03-01", "2026-03-04", service_record_ids="S1、S2、S9")
    review = review_requests(
        Roster(cadres=(_cadre("C1"), _cadre("C2"))), 2026, requests=[request],
        records=records, as_of="2026-06-30",
    )  # fmt: skip
    assert [(r, s) for r, s, _why in review.broken_links] == [("A", "S2"), ("A", "S9")]


# -- the sample county, counted from its own file --------------------------------------------


def _sample_rows() -> list[dict[str, str]]:
    with (sample_folder() / "requests.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def _day(text: str) -> _dt.date | None:
    return _dt.date.fromisoformat(text) if text else None


def _independent_count() -> Counter[str]:
    """The sample's 2026 requests as of 2026-11-01, judged by hand with the national limits."""
    counts: Counter[str] = Counter()
    for row in _sample_rows():
        received = _day(row["受理日期"])
        assert received is not None
        if not (_dt.date(2026, 1, 1) <= received <= AS_OF):
            continue
        counts["received"] += 1
        closed = _day(row["办结日期"])
        closed = closed if closed is not None and closed <= AS_OF else None
        promised = _day(row["承诺办结日期"])
        deadline = promised or received + _dt.timedelta(days=60)
        if closed is not None:
            counts["closed"] += 1
            counts["on_time" if closed <= deadline else "late"] += 1
            if row["满意度"]:
                counts["rated"] += 1
                counts[row["满意度"]] += 1
        else:
            counts["overdue" if deadline < AS_OF else "open"] += 1
    return counts


def test_the_sample_figures_agree_with_a_count_of_the_file() -> None:
    review = review_requests(sample_roster(), 2026, as_of=AS_OF)
    counts = review.counts()
    expected = _independent_count()
    for name in ("received", "closed", "on_time", "late", "open", "overdue", "rated"):
        assert counts[name] == expected[name], name
    assert counts["satisfied"] == expected["满意"]
    assert counts["dissatisfied"] == expected["不满意"]
    # The planted weak spots: a repeat by the first 离休 cadre, a housing request left open.
    assert "C00001" in set(review.repeats()["cadre_id"].to_list())
    overdue = review.overdue()
    assert ("C00003", "housing") in set(overdue.select("cadre_id", "category").iter_rows())


def test_records_and_columns_give_the_same_review() -> None:
    frame = read_frame(sample_folder() / "requests.csv", "requests").data
    by_records = review_requests(sample_roster(), 2026, as_of=AS_OF)
    by_columns = review_requests(sample_roster(), 2026, requests=frame, as_of=AS_OF)
    assert by_records.frame.equals(by_columns.frame)


def test_the_report_states_the_sample_figures() -> None:
    report = build_report(sample_roster(), 2026, as_of=AS_OF)
    (section,) = [s for s in report.sections if s.title.endswith("诉求办理")]
    text = section.paragraphs[0]
    expected = _independent_count()
    assert f"受理老干部诉求{expected['received']}件" in text
    assert f"已办结{expected['closed']}件" in text
    assert f"超时未办结{expected['overdue']}件" in text
    on_time = expected["on_time"] / (expected["on_time"] + expected["late"] + expected["overdue"])
    assert f"按时办结率{on_time:.1%}" in text
    pleased = (expected["满意"] + expected["基本满意"]) / expected["rated"]
    assert f"满意率{pleased:.1%}" in text
    (table,) = section.tables
    assert sum(row[1] for row in table.rows) == expected["received"]


def test_the_command_lists_the_overdue_and_exits_1() -> None:
    runner = CliRunner()
    folder = str(sample_folder())
    args = ["requests", "--roster", folder, "--period", "2026", "--as-of", "2026-11-01"]
    result = runner.invoke(main, args)
    assert result.exit_code == 1, result.output
    assert "超时未办结" in result.output and "C00003" in result.output
    # What a cadre asked for is personal: never printed.
    matters = {row["诉求内容"] for row in _sample_rows() if row["诉求内容"]}
    assert not any(m in result.output for m in matters)
    data = json.loads(runner.invoke(main, [*args, "--json"]).output)
    assert data["counts"]["received"] == _independent_count()["received"]
    assert not any(m in json.dumps(data, ensure_ascii=False) for m in matters)
    # Before anything was overdue: exit 0.
    early = runner.invoke(main, ["requests", "--roster", folder, "--period", "2025-01",
                                 "--as-of", "2025-01-31"])  # fmt: skip
    assert early.exit_code == 0, early.output


def test_the_command_refuses_a_roster_without_the_ledger(tmp_path: Path) -> None:
    for name in ("units", "grids", "cadres"):
        (tmp_path / f"{name}.csv").write_bytes((sample_folder() / f"{name}.csv").read_bytes())
    result = CliRunner().invoke(main, ["requests", "--roster", str(tmp_path)])
    assert result.exit_code == 2 and "未找到诉求台账" in result.output
    ledger = tmp_path / "elsewhere.csv"
    ledger.write_bytes((sample_folder() / "requests.csv").read_bytes())
    given = CliRunner().invoke(
        main,
        ["requests", "--roster", str(tmp_path), "--requests", str(ledger), "--period", "2026",
         "--as-of", "2026-11-01", "--by", "category"],
    )  # fmt: skip
    assert given.exit_code == 1 and "医疗保健" in given.output


def test_compliance_judges_the_requests_on_its_day() -> None:
    from laoganbu import compliance, plan

    roster = sample_roster()
    checked = compliance(
        roster, 2026, records=roster.service_records, requests=roster.requests, as_of=AS_OF
    )
    assert checked.requests is not None
    review = review_requests(roster, 2026, as_of=AS_OF)
    assert checked.requests.frame.equals(review.frame)
    assert checked.to_dict()["requests"]["counts"] == review.counts()
    # A plan does not say whose limits apply: it takes a review made for it.
    made = plan(roster, 2026)
    with pytest.raises(TypeError, match="RequestReview"):
        compliance(made, records=[], requests=roster.requests)
    assert compliance(made, records=[], requests=review, as_of=AS_OF).requests is review
    assert compliance(made, records=[], as_of=AS_OF).to_dict()["requests"] is None


def test_the_compliance_command_takes_the_requests() -> None:
    folder = sample_folder()
    result = CliRunner().invoke(
        main,
        ["compliance", "--roster", str(folder), "--records", str(folder / "records.csv"),
         "--requests", str(folder / "requests.csv"), "--as-of", "2026-11-01", "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["requests"]["counts"]["received"] == _independent_count()["received"]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 300),  # received, days after 2025-12-01
            st.one_of(st.none(), st.integers(0, 120)),  # closed, days after receipt
            st.one_of(st.none(), st.integers(0, 90)),  # promised, days after receipt
            st.sampled_from(["医疗保健", "住房"]),
        ),
        max_size=12,
    ),
    st.integers(0, 400),  # the day of the review, days after 2025-12-01
)
def test_the_review_agrees_with_a_plain_reckoning(
    rows: list[tuple[int, int | None, int | None, str]], review_day: int
) -> None:
    """Each request's state and repeat, as the rules say them, one request at a time."""
    start = _dt.date(2025, 12, 1)
    day = start + _dt.timedelta(days=review_day)
    requests = []
    for n, (received, closed, promised, category) in enumerate(rows):
        on = start + _dt.timedelta(days=received)
        fields: dict[str, object] = {"category": category}
        if promised is not None:
            fields["due_on"] = (on + _dt.timedelta(days=promised)).isoformat()
        if closed is None:
            requests.append(_request(f"Q{n:02d}", on.isoformat(), **fields))
        else:
            shut = (on + _dt.timedelta(days=closed)).isoformat()
            requests.append(_closed(f"Q{n:02d}", on.isoformat(), shut, **fields))
    review = review_requests(Roster(cadres=(_cadre("C1"),)), "2026", requests=requests, as_of=day)
    got = {r["id"]: (r["state"], r["repeat_of"]) for r in review.rows()}
    expected = {}
    known = sorted(
        (r for r in requests if r.received_on.first_day <= day),
        key=lambda r: (r.category.value, r.received_on.first_day, r.id),
    )
    for i, r in enumerate(known):
        received = r.received_on.first_day
        if received.year != 2026:
            continue
        deadline = r.due_on.first_day if r.due_on else received + _dt.timedelta(days=60)
        shut = r.closed_on.first_day if r.closed_on and r.closed_on.first_day <= day else None
        if shut is not None:
            state = "on_time" if shut <= deadline else "late"
        else:
            state = "overdue" if deadline < day else "open"
        before = known[i - 1] if i and known[i - 1].category is r.category else None
        repeat = (
            before.id if before and (received - before.received_on.first_day).days <= 90 else None
        )
        expected[r.id] = (state, repeat)
    assert got == expected
