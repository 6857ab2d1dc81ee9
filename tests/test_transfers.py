"""Moving away and moving in (#18): the outgoing record, the transfer file, the incoming one.

A transfer written by one sample county and read by another links the person, and both
counties' checks pass; from the transfer's date the services move with the person.
"""

from __future__ import annotations

import csv
import datetime as _dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from laoganbu import Cadre, Locality, PartialDate, Roster, Transfer, read_roster
from laoganbu.cli import main
from laoganbu.errors import InvalidValueError, UnusableInputError
from laoganbu.models.transfer import CARE_KINDS, out_intervals, state_on
from laoganbu.registry import (
    TransferArea,
    read_transfer_file,
    receive,
    transfer_out,
)
from laoganbu.sample import generate_sample
from laoganbu.schedule import plan
from tests.schedule_strategies import rosters

WENXI = TransferArea(name="闻喜县委老干部局", division_code="140823")
YANHU = TransferArea(name="运城市盐湖区委老干部局", division_code="140802")


@pytest.fixture(scope="module")
def counties(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("counties")
    generate_sample(root / "a", cadres=300, seed=1)
    generate_sample(root / "b", cadres=300, seed=2)
    return root / "a", root / "b"


def _errors(roster: Roster) -> list[str]:
    return [str(p) for p in roster.check() if p.severity == "error"]


def _mover(roster: Roster) -> Cadre:
    return next(
        c
        for c in roster.cadres
        if c.kind.value == "tuixiu"
        and c.is_alive
        and c.id_number is not None
        and c.party_member
        and not roster.transfers_of(c.id)
    )


def _calls(roster: Roster, cadre_id: str) -> list[int]:
    items = plan(roster, 2026, locality=Locality("140823")).for_cadre(cadre_id)
    return [i.start.month for i in items if i.program_id == "wenxi.monthly_call"]


def test_a_transfer_between_two_sample_counties_links_the_person(
    counties: tuple[Path, Path],
) -> None:
    a = read_roster(counties[0]).roster
    b = read_roster(counties[1]).roster
    assert _errors(a) == [] and _errors(b) == []
    mover = _mover(a)
    moved = transfer_out(
        a, mover.id, date="2026-06-15", sender=WENXI, receiver=YANHU, documents=["介绍信", "档案"]
    )
    sent = moved.file(reveal_pii=True)
    # The file travels as JSON.
    sent = type(sent).model_validate_json(sent.to_json())

    arriving = receive(b, sent)
    assert arriving.linked is None and arriving.proposed is not None
    assert arriving.proposed.id_number == mover.id_number
    assert (arriving.proposed.organization_id, arriving.proposed.grid_id) == (None, None)
    a2 = a.model_copy(update={"transfers": (*a.transfers, moved.record)})
    b2 = b.model_copy(
        update={
            "cadres": (*b.cadres, arriving.proposed),
            "transfers": (*b.transfers, arriving.record),
        }
    )
    # Both checks pass; the person is in the receiving roster, linked by ID number from now on.
    assert _errors(a2) == [] and _errors(b2) == []
    again = receive(b2, sent)
    assert (again.linked, again.cadre_id, again.proposed) == ("id_number", arriving.cadre_id, None)
    # Services stop at the sending end and start at the receiving end: June's window starts
    # before the move, July's after it.
    assert _calls(a2, mover.id) == [1, 2, 3, 4, 5, 6]
    assert _calls(b2, arriving.cadre_id) == [7, 8, 9, 10, 11, 12]
    # Counted where the person is on each day; the Party membership leaves with the person.
    assert mover.id in {c.id for c in a2.living_cadres(_dt.date(2026, 6, 14))}
    assert mover.id not in {c.id for c in a2.living_cadres(_dt.date(2026, 6, 15))}
    assert not a2.member_on(mover.id, _dt.date(2026, 6, 15))
    assert a2.member_on(mover.id, _dt.date(2026, 6, 14))
    assert b2.in_care_on(arriving.cadre_id, _dt.date(2026, 6, 15))
    assert not b2.in_care_on(arriving.cadre_id, _dt.date(2026, 6, 14))


def test_someone_in_neither_roster_after_a_transfer_is_a_problem_on_both_sides(
    counties: tuple[Path, Path],
) -> None:
    a = read_roster(counties[0]).roster
    b = read_roster(counties[1]).roster
    mover = _mover(a)
    moved = transfer_out(a, mover.id, date="2026-06-15", sender=WENXI, receiver=YANHU)
    arriving = receive(b, moved.file(reveal_pii=True))
    # The sender deleted the record instead of keeping it; the receiver never added it.
    a2 = a.model_copy(
        update={
            "cadres": tuple(c for c in a.cadres if c.id != mover.id),
            "transfers": (moved.record,),
        }
    )
    b2 = b.model_copy(update={"transfers": (arriving.record,)})
    for roster in (a2, b2):
        found = [(p.table, p.code) for p in roster.check() if p.table == "transfers"]
        assert found == [("transfers", "unknown-reference")]


def test_a_masked_file_links_by_name_birth_month_and_visible_digits_or_reports(
    counties: tuple[Path, Path],
) -> None:
    a = read_roster(counties[0]).roster
    b = read_roster(counties[1]).roster
    mover = _mover(a)
    masked = transfer_out(a, mover.id, date="2026-06-15", sender=WENXI, receiver=YANHU).file()
    assert masked.revealed is False
    text = masked.to_json()
    assert mover.id_number is not None and mover.id_number.reveal() not in text
    if mover.phone is not None:
        assert mover.phone.reveal() not in text
    unknown = receive(b, masked)
    assert unknown.linked is None and unknown.proposed is None
    assert any("脱敏" in p for p in unknown.problems)
    # The receiving roster holds the person already: found, to be confirmed.
    b2 = b.model_copy(update={"cadres": (*b.cadres, mover.with_changes(id="X1"))})
    found = receive(b2, masked)
    assert (found.linked, found.cadre_id) == ("name_and_birth", "X1")
    assert found.problems


def test_a_cadre_cannot_be_transferred_after_death_or_twice(counties: tuple[Path, Path]) -> None:
    a = read_roster(counties[0]).roster
    dead = next(c for c in a.cadres if c.death_date is not None)
    with pytest.raises(InvalidValueError, match="去世"):
        transfer_out(a, dead.id, date="2026-12-01", sender=WENXI, receiver=YANHU)
    mover = _mover(a)
    moved = transfer_out(a, mover.id, date="2026-06-15", sender=WENXI, receiver=YANHU)
    a2 = a.model_copy(update={"transfers": (moved.record,)})
    with pytest.raises(InvalidValueError, match="已转出"):
        transfer_out(a2, mover.id, date="2026-08-01", sender=WENXI, receiver=YANHU)
    # A Party transfer moves the membership only: services stay.
    party = transfer_out(
        a, mover.id, date="2026-06-15", sender=WENXI, receiver=YANHU, kind="组织关系转接"
    )
    a3 = a.model_copy(update={"transfers": (party.record,)})
    assert a3.in_care_on(mover.id, _dt.date(2026, 7, 1))
    assert not a3.member_on(mover.id, _dt.date(2026, 7, 1))
    assert _calls(a3, mover.id) == list(range(1, 13))


def test_a_file_that_is_not_a_transfer_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps({"format": "something-else/1"}), encoding="utf-8")
    with pytest.raises(UnusableInputError, match="format"):
        read_transfer_file(path)


# -- the one rule: state_on and its columnar form -------------------------------------------


def _transfer(i: int, direction: str, day: _dt.date) -> Transfer:
    return Transfer(
        id=f"T{i}",
        cadre_id="C1",
        direction=direction,
        kind="management",
        date=PartialDate(day.year, day.month, day.day),
        counterpart="某局",
    )


moves = st.lists(
    st.tuples(
        st.sampled_from(["out", "in"]), st.dates(_dt.date(2025, 1, 1), _dt.date(2026, 12, 31))
    ),
    max_size=5,
)


@given(moves=moves, day=st.dates(_dt.date(2024, 12, 1), _dt.date(2027, 1, 31)))
def test_the_spans_out_agree_with_the_state_on_each_day(
    moves: list[tuple[str, _dt.date]], day: _dt.date
) -> None:
    transfers = [_transfer(i, d, when) for i, (d, when) in enumerate(moves)]
    inside = state_on(transfers, day, CARE_KINDS)
    spans = out_intervals(transfers, CARE_KINDS)
    out = any(
        (start is None or day >= start) and (until is None or day < until) for start, until in spans
    )
    assert inside == (not out)


# -- the commands ------------------------------------------------------------------------------


def _append_row(folder: Path, table: str, text: str) -> None:
    """Add the command's printed row (header and one row) to ``table``'s CSV file."""
    header, row = text.strip().splitlines()[-2:]
    path = folder / f"{table}.csv"
    if path.exists():
        with path.open(encoding="utf-8-sig", newline="") as fh:
            existing = list(csv.reader(fh))
        assert existing[0] == next(csv.reader([header]))
        with path.open("a", encoding="utf-8-sig", newline="") as fh:
            fh.write(row + "\r\n")
    else:
        path.write_text("\ufeff" + header + "\r\n" + row + "\r\n", encoding="utf-8")


def test_transfer_out_then_in_through_the_command_line(
    counties: tuple[Path, Path], tmp_path: Path
) -> None:
    import shutil

    a, b = tmp_path / "a", tmp_path / "b"
    shutil.copytree(counties[0], a)
    shutil.copytree(counties[1], b)
    mover = _mover(read_roster(a).roster)
    # The sample counties record a few moves of their own.
    before = {f: len(read_roster(f).roster.transfers) for f in (a, b)}
    runner = CliRunner()
    sent = tmp_path / "transfer.json"
    out = runner.invoke(
        main,
        ["transfer", "out", "--roster", str(a), "--cadre", mover.id, "--date", "2026-06-15",
         "--from", "闻喜县委老干部局", "--from-division", "140823",
         "--to", "运城市盐湖区委老干部局", "--document", "介绍信", "--out", str(sent),
         "--reveal-pii"],
    )  # fmt: skip
    assert out.exit_code == 0, out.output
    _append_row(a, "transfers", out.stdout)
    masked = runner.invoke(
        main,
        ["transfer", "out", "--roster", str(a), "--cadre", mover.id, "--date", "2026-06-15",
         "--from", "闻喜县委老干部局", "--to", "某局", "--out", str(tmp_path / "m.json")],
    )  # fmt: skip
    assert masked.exit_code == 2 and "已转出" in masked.output  # moved away already

    proposal = tmp_path / "new"
    refused = runner.invoke(
        main,
        ["transfer", "in", "--roster", str(b), "--file", str(sent), "--propose", str(proposal)],
    )
    assert refused.exit_code == 2 and "--reveal-pii" in refused.output
    arriving = runner.invoke(
        main,
        [
            "transfer",
            "in",
            "--roster",
            str(b),
            "--file",
            str(sent),
            "--propose",
            str(proposal),
            "--reveal-pii",
        ],
    )
    assert arriving.exit_code == 1, arriving.output
    new = read_roster(proposal).roster.cadres
    assert len(new) == 1
    # The bureau adds the proposed record and the incoming row; then both counties validate.
    with (proposal / "cadres.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    with (b / "cadres.csv").open(encoding="utf-8-sig", newline="") as fh:
        header = next(csv.reader(fh))
    assert rows[0] == header
    with (b / "cadres.csv").open("a", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, lineterminator="\r\n").writerow(rows[1])
    _append_row(b, "transfers", arriving.stdout)
    for folder in (a, b):
        checked = runner.invoke(main, ["validate", "--roster", str(folder), "--ledgers", "--json"])
        assert checked.exit_code == 0, checked.output
        result = json.loads(checked.output)
        assert (result["rejected"], result["accepted"]["transfers"]) == ([], before[folder] + 1)
    linked = runner.invoke(main, ["transfer", "in", "--roster", str(b), "--file", str(sent)])
    assert linked.exit_code == 0 and new[0].id in linked.output


# -- found in review ----------------------------------------------------------------------------


def _moved_roster() -> Roster:
    """Two living cadres of one branch and grid; C1 moved away (management) on 2026-03-01."""
    from laoganbu import Grid, PartyOrganization

    def cadre(cid: str) -> Cadre:
        return Cadre(
            id=cid, name=f"人{cid}", sex="男", birth_date="1950.01", kind="退休",
            party_member=True, organization_id="O1", grid_id="G3",
        )  # fmt: skip

    moved = Transfer(
        id="T1", cadre_id="C1", direction="转出", kind="管理服务关系转移", date="2026-03-01",
        counterpart="某局",
    )  # fmt: skip
    grids = (
        Grid(id="G1", name="局", level=1),
        Grid(id="G2", name="东社区", level=2, parent_id="G1"),
        Grid(id="G3", name="甲", level=3, parent_id="G2"),
    )
    return Roster(
        grids=grids,
        organizations=(PartyOrganization(id="O1", name="一支部", level="党支部"),),
        cadres=(cadre("C1"), cadre("C2")),
        transfers=(moved,),
    )


def test_moving_away_is_not_dying_and_leaves_the_party_counts() -> None:
    from laoganbu import coverage, summarize, work_report_statistics

    roster = _moved_roster()
    day = PartialDate(2026, 6, 1)
    summary = summarize(roster, day)
    assert (summary.living, summary.deceased, summary.party_members) == (1, 0, 1)
    # Dying after moving away is another bureau's death.
    died = roster.model_copy(
        update={"cadres": (roster.cadres[0].with_changes(death_date="2026-05"), roster.cadres[1])}
    )
    assert summarize(died, day).deceased == 0
    assert work_report_statistics(roster, on=day).party_members == 1
    assert coverage(roster, on=day).party_members == 1
    # A Party transfer only: still served and counted, not a member of the branch.
    party = roster.model_copy(
        update={"transfers": (roster.transfers[0].with_changes(kind="组织关系转接"),)}
    )
    summary = summarize(party, day)
    assert (summary.living, summary.party_members) == (2, 1)
    assert roster.alive_on("C1", "2026-06-01") and not roster.in_care_on("C1", "2026-06-01")


def test_the_command_line_reads_the_transfers(tmp_path: Path) -> None:
    from laoganbu import write_roster

    write_roster(_moved_roster(), tmp_path / "county", reveal_pii=True)
    result = CliRunner().invoke(
        main,
        ["plan", "--roster", str(tmp_path / "county"), "--period", "2026", "--locality", "140823",
         "--json"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "rejected" not in result.output
    calls = {
        (i["cadre_id"], i["start"][:7])
        for i in json.loads(result.stdout)
        if i["program_id"] == "wenxi.monthly_call"
    }
    assert sorted(m for c, m in calls if c == "C1") == ["2026-01", "2026-02"]
    assert len([m for c, m in calls if c == "C2"]) == 12


def test_a_moved_away_cadre_without_a_grid_is_not_warned_about() -> None:
    roster = _moved_roster()
    gone = roster.model_copy(
        update={"cadres": (roster.cadres[0].with_changes(grid_id=None), roster.cadres[1])}
    )
    assert [p.record_id for p in gone.check() if p.field == "grid_id"] == []


def test_a_revealed_transfer_file_does_not_show_the_person_in_its_repr(
    counties: tuple[Path, Path],
) -> None:
    a = read_roster(counties[0]).roster
    mover = _mover(a)
    sent = transfer_out(a, mover.id, date="2026-06-15", sender=WENXI, receiver=YANHU).file(
        reveal_pii=True
    )
    assert mover.id_number is not None
    assert mover.id_number.reveal() in sent.to_json()  # revealed: the explicit choice
    assert mover.id_number.reveal() not in repr(sent)
    assert mover.name in repr(sent)


def test_moves_are_recorded_in_order_and_once(counties: tuple[Path, Path], tmp_path: Path) -> None:
    a = read_roster(counties[0]).roster
    b = read_roster(counties[1]).roster
    mover = _mover(a)
    later = transfer_out(a, mover.id, date="2026-09-01", sender=WENXI, receiver=YANHU, kind="party")
    a2 = a.model_copy(update={"transfers": (later.record,)})
    with pytest.raises(InvalidValueError, match="之后已有转移记录"):
        transfer_out(a2, mover.id, date="2026-06-15", sender=WENXI, receiver=YANHU)
    sent = transfer_out(a, mover.id, date="2026-06-15", sender=WENXI, receiver=YANHU).file(
        reveal_pii=True
    )
    path = tmp_path / "t.json"
    path.write_text(sent.to_json(), encoding="utf-8")
    assert read_transfer_file(str(path)) == sent  # a path as text
    first = receive(b, sent)
    assert first.proposed is not None
    b2 = b.model_copy(update={"cadres": (*b.cadres, first.proposed), "transfers": (first.record,)})
    again = receive(b2, sent)
    assert again.linked == "id_number"
    assert any("已有记录" in p for p in again.problems)
    # A transfer after the death is warned about.
    dead = next(c for c in a.cadres if c.death_date is not None)
    late = Transfer(
        id="T9", cadre_id=dead.id, direction="转出", kind="management", date="2026-12-01",
        counterpart="某局",
    )  # fmt: skip
    a3 = a.model_copy(update={"transfers": (late,)})
    assert [p.code for p in a3.check() if p.table == "transfers"] == ["transfer-after-death"]


def test_transfer_in_refuses_a_proposal_it_cannot_write(
    counties: tuple[Path, Path], tmp_path: Path
) -> None:
    a = read_roster(counties[0]).roster
    sent = transfer_out(a, _mover(a).id, date="2026-06-15", sender=WENXI, receiver=YANHU)
    path = tmp_path / "t.json"
    path.write_text(sent.file(reveal_pii=True).to_json(), encoding="utf-8")
    for target in ("new.csv", "new.txt"):
        result = CliRunner().invoke(
            main,
            ["transfer", "in", "--roster", str(counties[1]), "--file", str(path),
             "--propose", str(tmp_path / target), "--reveal-pii"],
        )  # fmt: skip
        assert result.exit_code == 2 and "须为文件夹" in result.output
        assert not (tmp_path / target).exists()


@given(roster=rosters(), day=st.dates(_dt.date(2024, 12, 1), _dt.date(2027, 1, 31)))
def test_the_batch_count_of_the_living_agrees_with_in_care_on(
    roster: Roster, day: _dt.date
) -> None:
    # living_cadres is the batch form of in_care_on (deaths from either record, transfers).
    assert list(roster.living_cadres(day)) == [
        c for c in roster.cadres if roster.in_care_on(c, day)
    ]
