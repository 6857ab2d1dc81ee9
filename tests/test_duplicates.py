"""One person, one record: cadres entered twice are found, by ID number or by what they share."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from laoganbu import Roster, Unit, read_roster
from laoganbu.cli import main
from laoganbu.errors import InvalidValueError, UnusableInputError
from laoganbu.idnumber import id_check_character
from laoganbu.io import reader as reader_module
from laoganbu.models.cadre import Cadre
from laoganbu.registry import DuplicatePair, find_duplicates, read_not_duplicates
from laoganbu.testing import sample_folder


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample county (3,000 cadres) with two people entered a second time: one
    with the same ID number, one without an ID number."""
    folder = tmp_path_factory.mktemp("planted") / "county"
    shutil.copytree(sample_folder(), folder)
    path = folder / "cadres.csv"
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    header = rows[0]
    again = [*rows[5]]
    again[0] = "X1"
    without = [*rows[9]]
    without[0] = "X2"
    without[header.index("身份证号")] = ""
    rows += [again, without]
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return folder


def test_every_planted_pair_is_found_and_no_other(planted: Path) -> None:
    result = read_roster(planted, ledgers=())
    pairs = find_duplicates(result.roster)
    assert [(p.first, p.second, p.certain) for p in pairs] == [
        ("C00005", "X1", True),
        ("C00009", "X2", False),
    ]
    assert pairs[0].score == 1.0 and 0.5 < pairs[1].score < 1.0
    assert {"name", "birth-month", "sex"} <= set(pairs[1].reasons)
    warnings = {(p.row, p.code, p.refers_to.id if p.refers_to else None) for p in result.warnings}
    assert warnings == {(3002, "duplicate-person", "C00005"), (3003, "likely-duplicate", "C00009")}
    shown = next(p for p in result.warnings if p.code == "duplicate-person")
    assert shown.column == "身份证号" and "*" in (shown.value or "")  # masked


def test_the_clean_sample_has_no_pair() -> None:
    result = read_roster(sample_folder(), ledgers=())
    assert find_duplicates(result.roster) == []
    assert not [p for p in result.problems if p.code in ("duplicate-person", "likely-duplicate")]


def test_columns_and_records_find_the_same_pairs(
    planted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lazy = read_roster(planted, ledgers=())
    assert not lazy.roster.cadres.made
    with monkeypatch.context() as m:
        m.setattr(reader_module, "COLUMNAR_LEDGERS", False)
        rows = read_roster(planted, ledgers=())
    assert find_duplicates(lazy.roster) == find_duplicates(rows.roster)
    assert lazy.problems == rows.problems
    frame = lazy.roster.frame("cadres", reveal_pii=True)
    assert find_duplicates(frame) == find_duplicates(lazy.roster)


def number(first17: str) -> str:
    return first17 + id_check_character(first17)


ONE = number("11010519400512123")
OTHER = number("11010519400512401")


def cadre(rid: str, **changes: object) -> Cadre:
    data: dict[str, object] = {
        "id": rid,
        "name": "王建国",
        "sex": "男",
        "birth_date": "1940-05",
        "kind": "退休",
    }
    data.update(changes)
    return Cadre.model_validate(data)


def test_a_15_digit_number_and_its_18_digit_form_are_one_person() -> None:
    old = cadre("A", id_number="110105400512123", birth_date="1940-05")
    new = cadre("B", id_number=ONE, name="王建囯")
    # The 15-digit number is upgraded when read; the two are then equal.
    assert old.id_number is not None and old.id_number.reveal() == new.id_number.reveal()  # type: ignore[union-attr]
    (pair,) = find_duplicates(Roster(cadres=(old, new)))
    assert pair.certain and pair.reasons[0] == "id-number" and "name" not in pair.reasons


def test_what_makes_a_likely_pair() -> None:
    no_id = cadre("A")
    # Different ID numbers: two people, however alike.
    assert (
        find_duplicates(
            Roster(
                cadres=(
                    cadre("A", id_number=ONE),
                    cadre("B", id_number=OTHER),
                )
            )
        )
        == []
    )
    # The same name and birth month and sex, one without an ID number: likely.
    (pair,) = find_duplicates(Roster(cadres=(no_id, cadre("B", id_number=ONE))))
    assert pair == DuplicatePair("A", "B", 0.7, ("name", "birth-month", "sex"))
    # Another sex and nothing else shared: not a pair; the same former unit makes it one.
    other = cadre("B", sex="女")
    assert find_duplicates(Roster(cadres=(no_id, other))) == []
    unit_a, unit_b = cadre("A", former_unit_id="U1"), cadre("B", sex="女", former_unit_id="U1")
    (pair,) = find_duplicates(Roster(cadres=(unit_a, unit_b)))
    assert pair.reasons == ("name", "birth-month", "former-unit") and pair.score == 0.6
    # Another birth month: never compared.
    assert find_duplicates(Roster(cadres=(no_id, cadre("B", birth_date="1940-06")))) == []


def test_known_pairs_are_not_reported_again(tmp_path: Path) -> None:
    roster = Roster(cadres=(cadre("A"), cadre("B")))
    assert len(find_duplicates(roster)) == 1
    assert find_duplicates(roster, not_duplicates=[("B", "A")]) == []
    same = Roster(cadres=(cadre("A", id_number=ONE), cadre("B", id_number=ONE)))
    assert len(find_duplicates(same, not_duplicates=[("A", "B")])) == 1
    path = tmp_path / "two-people.csv"
    path.write_text("干部编号,另一干部编号,说明\nA,B,父子同名\n\n", encoding="utf-8")
    assert read_not_duplicates(path) == [("A", "B")]
    path.write_text("cadre_id,other_id\nA,\n,B\nA,B\n", encoding="gb18030")
    with pytest.raises(UnusableInputError, match="rows 2, 3"):
        read_not_duplicates(path)
    path.write_text("\n\nCadre_ID,Other_ID\nA,B\n", encoding="utf-8-sig")
    assert read_not_duplicates(path) == [("A", "B")]  # blank lines before, headers in any case
    path.write_text("cadre_id,note\nA,B\n", encoding="utf-8")
    with pytest.raises(UnusableInputError, match="other_id"):
        read_not_duplicates(path)


def test_a_masked_frame_is_refused(planted: Path) -> None:
    masked = read_roster(planted, ledgers=()).roster.frame("cadres")
    with pytest.raises(InvalidValueError, match="reveal_pii"):
        find_duplicates(masked)
    with pytest.raises(InvalidValueError, match="birth_date"):
        find_duplicates(masked.select("id", "name"))


def test_the_dedup_command(planted: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["dedup", "--roster", str(planted), "--json"])
    assert result.exit_code == 1, result.output
    pairs = json.loads(result.output)["pairs"]
    assert [(p["first"], p["second"], p["certain"]) for p in pairs] == [
        ("C00005", "X1", True),
        ("C00009", "X2", False),
    ]
    known = tmp_path / "known.csv"
    known.write_text("cadre_id,other_id\nC00009,X2\nC00005,X1\n", encoding="utf-8")
    result = runner.invoke(
        main, ["dedup", "--roster", str(planted), "--not-duplicates", str(known), "--json"]
    )
    # A recorded pair silences a likely match, never the same ID number.
    assert result.exit_code == 1
    assert [p["second"] for p in json.loads(result.output)["pairs"]] == ["X1"]
    result = runner.invoke(main, ["dedup", "--roster", str(sample_folder())])
    assert result.exit_code == 0
    result = runner.invoke(main, ["dedup", "--roster", str(tmp_path / "nowhere"), "--json"])
    assert result.exit_code == 2 and json.loads(result.output)["code"] == "unusable-input"


# -- merging -----------------------------------------------------------------------------------


def twice(roster: Roster, rid: str, copy: str) -> Roster:
    """``roster`` in which every reference to ``rid`` (and the record itself) is ``copy``,
    with the original record ``rid`` added at the end: one person, two records, everything
    on the second."""
    text = roster.model_dump_json(context={"reveal_pii": True}).replace(f'"{rid}"', f'"{copy}"')
    moved = Roster.model_validate_json(text)
    return moved.model_copy(update={"cadres": (*moved.cadres, roster.cadre(rid))})


def test_a_merge_moves_every_reference_and_keeps_the_record_merged_away() -> None:
    from laoganbu.registry import MergeProposal, MergeStep, apply_merges
    from laoganbu.testing import sample_roster

    roster = sample_roster()
    # A cadre on a committee, with services and meetings: references of many kinds.
    seat = next(o.committee[0] for o in roster.organizations if o.committee)
    rid = seat.cadre_id
    assert any(r.cadre_id == rid for r in roster.service_records)
    doubled = twice(roster, rid, "X9")
    # The copy stands in for the cadre everywhere; only the duplicate is new.
    assert [p for p in doubled.check() if p.code != "duplicate-person"] == roster.check()
    (pair,) = [p for p in find_duplicates(doubled) if "X9" in (p.first, p.second)]
    assert pair.certain
    proposal = MergeProposal(merges=(MergeStep(survivor=rid, merged="X9"),))
    result = apply_merges(doubled, proposal)
    assert '"X9"' not in result.roster.model_dump_json(context={"reveal_pii": True})
    assert result.roster == roster.model_copy(
        update={"cadres": (*[c for c in roster.cadres if c.id != rid], roster.cadre(rid))}
    )
    assert result.roster.check() == roster.check()
    assert result.merged_away == (doubled.cadre("X9"),)
    moved = {(c.table, c.field) for c in result.changes}
    assert {("service_records", "cadre_id"), ("organizations", "committee")} <= moved
    assert all(c.before == "X9" and c.after == rid for c in result.changes if c.field != "id")
    assert "X9" in json.dumps(result.to_dict())  # the record merged away is kept


def test_a_proposal_takes_what_the_survivor_lacks() -> None:
    from laoganbu.registry import apply_merges, propose_merges

    first = cadre("A", id_number=ONE)
    second = cadre("B", id_number=ONE, former_unit_id="U1", expertise=("书法",))
    roster = Roster(cadres=(first, second))
    proposal = propose_merges(roster, find_duplicates(roster))
    (step,) = proposal.merges
    assert (step.survivor, step.merged) == ("A", "B")
    assert step.take_from_merged == ("former_unit_id", "expertise")
    (kept,) = apply_merges(roster, proposal).roster.cadres
    assert kept.id == "A" and kept.former_unit_id == "U1" and kept.expertise == ("书法",)


def test_proposals_that_cannot_be_applied_are_refused() -> None:
    from pydantic import ValidationError

    from laoganbu.registry import MergeProposal, MergeStep, apply_merges

    with pytest.raises(ValidationError, match="itself"):
        MergeStep(survivor="A", merged="A")
    with pytest.raises(ValidationError, match="字段无效"):
        MergeStep(survivor="A", merged="B", take_from_merged=("id",))
    with pytest.raises(ValidationError, match="merged twice"):
        MergeProposal(
            merges=(MergeStep(survivor="A", merged="B"), MergeStep(survivor="C", merged="B"))
        )
    with pytest.raises(ValidationError, match="both survivor and merged"):
        MergeProposal(
            merges=(MergeStep(survivor="A", merged="B"), MergeStep(survivor="B", merged="C"))
        )
    with pytest.raises(InvalidValueError, match="Z"):
        apply_merges(
            Roster(cadres=(cadre("A"),)),
            MergeProposal(merges=(MergeStep(survivor="A", merged="Z"),)),
        )


def test_dedup_proposes_and_merge_applies(planted: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    proposal = tmp_path / "proposal.json"
    result = runner.invoke(main, ["dedup", "--roster", str(planted), "--propose", str(proposal)])
    assert result.exit_code == 1 and proposal.exists()
    assert [m["merged"] for m in json.loads(proposal.read_text("utf-8"))["merges"]] == ["X1", "X2"]
    out = tmp_path / "merged"
    result = runner.invoke(
        main, ["merge", "--roster", str(planted), "--proposal", str(proposal), "--out", str(out)]
    )
    assert result.exit_code == 2 and "--reveal-pii" in result.output and not out.exists()
    log = tmp_path / "log.json"
    args = [
        "merge",
        "--roster",
        str(planted),
        "--proposal",
        str(proposal),
        "--out",
        str(out),
        "--reveal-pii",
    ]
    result = runner.invoke(main, [*args, "--log", str(log)])
    assert result.exit_code == 0, result.output
    merged = read_roster(out)
    assert merged.ok and not merged.warnings
    assert len(merged.roster.cadres) == len(read_roster(planted).roster.cadres) - 2
    assert {c["id"] for c in json.loads(log.read_text("utf-8"))["merged_away"]} == {"X1", "X2"}
    result = runner.invoke(main, args)  # the folder holds the merged roster now
    assert result.exit_code == 2 and "--force" in result.output
    bad = tmp_path / "bad.json"
    bad.write_text('{"merges": [{"survivor": "C00001", "merged": "NOBODY"}]}', encoding="utf-8")
    result = runner.invoke(
        main,
        [
            "merge",
            "--roster",
            str(planted),
            "--proposal",
            str(bad),
            "--out",
            str(tmp_path / "o2"),
            "--reveal-pii",
        ],
    )
    assert result.exit_code == 2 and "NOBODY" in result.output


def test_fields_taken_must_agree_with_those_kept() -> None:
    from laoganbu.registry import MergeProposal, MergeStep, apply_merges

    # The survivor has no ID number; the other's says another birth month.
    survivor = cadre("A", birth_date="1941-05")
    other = cadre("B", id_number=ONE)
    roster = Roster(cadres=(survivor, other))
    proposal = MergeProposal(
        merges=(MergeStep(survivor="A", merged="B", take_from_merged=("id_number",)),)
    )
    with pytest.raises(InvalidValueError, match="'A' merging 'B'") as caught:
        apply_merges(roster, proposal)
    assert ONE not in str(caught.value)  # the number is not echoed


def test_frames_as_users_give_them() -> None:
    import polars as pl

    base = {"id": ["A", "B", "C", "D"], "name": ["王一", "王一", None, None]}
    base["birth_date"] = ["1940-05", "1940-05-09", "1941-01", "1941-01"]
    frame = pl.DataFrame(
        {**base, "id_number": ["", " ", "110105400512123", ONE], "sex": ["male"] * 4}
    )
    pairs = find_duplicates(frame)
    # Blank ID numbers are none; a 15-digit number is its 18-digit form; no name, no reason.
    assert [(p.first, p.second, p.certain) for p in pairs] == [("C", "D", True), ("A", "B", False)]
    assert "name" not in pairs[0].reasons
    nulls = pl.DataFrame(
        {**base, "id_number": [None] * 4, "address": [None] * 4, "sex": ["male"] * 4}
    )
    assert [(p.first, p.second) for p in find_duplicates(nulls)] == [("A", "B")]
    real = pl.DataFrame({**base, "address": ["北京市*区1号"] * 4})
    assert find_duplicates(real)  # a star in an address is not a mask


def test_a_crowded_block_stays_linear() -> None:
    import polars as pl

    from laoganbu.registry.duplicates import CROWDED

    n = CROWDED * 4
    frame = pl.DataFrame(
        {
            "id": [f"P{i}" for i in range(n)],
            "name": ["未知"] * n,
            "birth_date": ["1940-05"] * n,
            "sex": ["male"] * n,
            "id_number": [None] * n,
        }
    )
    pairs = find_duplicates(frame)
    assert len(pairs) == n - 1 and {p.first for p in pairs} == {"P0"}
    # Records with different ID numbers are never joined, however many share a name.
    many = frame.with_columns(
        pl.format("1101051940051{}", pl.int_range(pl.len()).cast(pl.String).str.zfill(5)).alias(
            "id_number"
        )
    )
    assert find_duplicates(many) == []


def test_three_records_of_one_person_become_one() -> None:
    from laoganbu.registry import apply_merges, propose_merges

    a = cadre("A", id_number=ONE)
    b = cadre("B", id_number=ONE, former_unit_id="U1")
    c = cadre("C", id_number=ONE, expertise=("书法",))
    roster = Roster(cadres=(a, b, c))
    proposal = propose_merges(roster, find_duplicates(roster))
    assert [(s.survivor, s.merged) for s in proposal.merges] == [("A", "B"), ("A", "C")]
    (kept,) = apply_merges(roster, proposal).roster.cadres
    assert kept.former_unit_id == "U1" and kept.expertise == ("书法",)


def test_a_proposal_leaves_out_what_would_disagree() -> None:
    from laoganbu.registry import apply_merges, propose_merges

    # A likely pair: the other's ID number says the 12th, the survivor the 20th of the month.
    survivor = cadre("A", birth_date="1940-05-20", former_unit_id="U1")
    other = cadre("B", birth_date="1940-05", id_number=ONE, party_member=True, organization_id="O1")
    roster = Roster(cadres=(survivor, other))
    (step,) = propose_merges(roster, find_duplicates(roster)).merges
    assert "id_number" not in step.take_from_merged
    assert {"party_member", "organization_id"} <= set(step.take_from_merged)  # together
    (kept,) = apply_merges(roster, propose_merges(roster, find_duplicates(roster))).roster.cadres
    assert kept.party_member and kept.organization_id == "O1" and kept.id_number is None


def test_one_seat_a_cadre_and_links_followed() -> None:
    from laoganbu.models.organization import PartyOrganization
    from laoganbu.registry import MergeProposal, MergeStep, apply_merges

    org = PartyOrganization.model_validate(
        {
            "id": "O1",
            "name": "第一支部",
            "level": "党支部",
            "committee": [
                {"cadre_id": "A", "role": "书记"},
                {"cadre_id": "B", "role": "宣传委员"},
            ],
        }
    )
    a = cadre("A", party_member=True, organization_id="O1")
    b = cadre("B", party_member=True, organization_id="O1")
    deceased = cadre("D", kind="离休", death_date="2020-01")
    twin = cadre("E", kind="离休", death_date="2020-01")
    widow = cadre("W", sex="女", name="李氏", kind="遗属", survivor_of="E")
    roster = Roster(cadres=(a, b, deceased, twin, widow), organizations=(org,))
    proposal = MergeProposal(
        merges=(MergeStep(survivor="A", merged="B"), MergeStep(survivor="D", merged="E"))
    )
    result = apply_merges(roster, proposal)
    (merged_org,) = result.roster.organizations
    assert [(m.cadre_id, m.role.value) for m in merged_org.committee] == [("A", "secretary")]
    assert result.roster.cadre("W").survivor_of == "D"
    assert not [p for p in result.roster.check() if p.severity == "error"]


def test_one_record_given_twice_is_not_a_pair() -> None:
    one = cadre("A", id_number=ONE)
    assert find_duplicates(Roster.model_construct(cadres=(one, one))) == []


def test_validate_leaves_out_pairs_recorded_as_two_people(planted: Path, tmp_path: Path) -> None:
    result = read_roster(planted, ledgers=(), not_duplicates=[("X2", "C00009"), ("C00005", "X1")])
    assert [p.code for p in result.warnings] == ["duplicate-person"]  # a shared ID stays
    known = tmp_path / "known.csv"
    known.write_text("干部编号,另一干部编号\nC00009,X2\n", encoding="utf-8")
    out = CliRunner().invoke(
        main, ["validate", "--roster", str(planted), "--not-duplicates", str(known), "--json"]
    )
    assert out.exit_code == 0, out.output
    codes = [w["code"] for w in json.loads(out.output)["warnings"]]
    assert codes == ["duplicate-person"]


def test_a_likely_pair_of_a_man_and_a_woman_is_listed_but_not_proposed() -> None:
    from laoganbu.registry import propose_merges

    roster = Roster(
        units=(Unit(id="U1", name="局", kind="bureau"),),
        cadres=(
            cadre("A", former_unit_id="U1"),
            cadre("B", former_unit_id="U1", sex="女"),
            cadre("C", former_unit_id="U1", birth_date="1941-05"),
            cadre("D", former_unit_id="U1", birth_date="1941-05"),
        ),
    )
    pairs = find_duplicates(roster)
    assert {(p.first, p.second) for p in pairs} == {("A", "B"), ("C", "D")}
    assert [(m.survivor, m.merged) for m in propose_merges(roster, pairs).merges] == [("C", "D")]
