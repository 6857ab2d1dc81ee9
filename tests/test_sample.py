"""The synthetic county: determinism, shape, and every row valid against the models."""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import laoganbu.sample
from laoganbu import (
    CadreKind,
    CommitteeRole,
    HealthStatus,
    OrganizationLevel,
    PartialDate,
    Roster,
    age_on,
    read_roster,
)
from laoganbu.cli import main
from laoganbu.io.tables import SCHEMAS, Column
from laoganbu.models import Record
from laoganbu.models.roster import TABLES
from laoganbu.sample import SAMPLE_AS_OF, generate_sample
from laoganbu.testing import sample_folder

AS_OF = PartialDate.parse(SAMPLE_AS_OF)
MOBILE = re.compile(r"^1[3-9]\d{9}$")


# -- reading the files back with nothing but SCHEMAS -------------------------------------------


def _record(columns: Sequence[Column], cells: Sequence[str]) -> dict[str, Any]:
    """Model input from one row: blank cells left out, health cells nested."""
    assert len(cells) == len(columns)
    data: dict[str, Any] = {}
    for column, cell in zip(columns, cells, strict=True):
        if cell == "":
            continue
        if len(column.path) == 2:
            data.setdefault(column.path[0], {})[column.path[1]] = cell
        else:
            data[column.path[0]] = cell
    return data


def read_tables(folder: Path) -> dict[str, list[list[str]]]:
    """Every CSV file as rows of cells, after checking its encoding and header."""
    tables: dict[str, list[list[str]]] = {}
    for name, schema in SCHEMAS.items():
        path = folder / ("records.csv" if name == "service_records" else schema.file_name)
        if not path.exists():
            continue
        data = path.read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), name
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
        assert rows[0] == [c.header for c in schema.all_columns()], name
        tables[name] = rows[1:]
    return tables


def load(folder: Path) -> Roster:
    """Validate every row against its model and build the roster, children in their parents."""
    tables = read_tables(folder)
    children: dict[str, dict[str, list[tuple[str, Record]]]] = defaultdict(dict)
    for name, schema in SCHEMAS.items():
        if schema.parent is None or name not in tables:
            continue
        for key, *cells in tables[name]:
            child = schema.model.model_validate(_record(schema.columns, cells))
            by_parent = children[schema.parent.table].setdefault(key, [])
            by_parent.append((schema.parent.field, child))
    records: dict[str, list[Record]] = {}
    for name in TABLES:
        schema = SCHEMAS[name]
        records[name] = []
        for cells in tables.get(name, []):
            data = _record(schema.columns, cells)
            for field, child in children[name].pop(data["id"], []):
                data.setdefault(field, []).append(child)
            records[name].append(schema.model.model_validate(data))
    assert not any(children.values()), "child rows whose parent is missing"
    return Roster.model_validate(records)


# -- the base county (N = 3000) --------------------------------------------------------------


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], Roster]:
    folder = tmp_path_factory.mktemp("county")
    counts = generate_sample(folder, cadres=3000, seed=0)
    return folder, counts, load(folder)


def test_counts_match_the_files(county: tuple[Path, dict[str, int], Roster]) -> None:
    folder, counts, _ = county
    tables = read_tables(folder)
    assert counts == {name: len(rows) for name, rows in tables.items()}
    assert set(counts) == set(SCHEMAS)
    assert list(counts) == [name for name in SCHEMAS if name in counts]


def test_roster_is_clean(county: tuple[Path, dict[str, int], Roster]) -> None:
    folder, _, roster = county
    assert roster.check() == []
    result = read_roster(folder)
    assert result.problems == ()
    assert result.accepted["cadres"] == 3000


def test_shape_follows_wenxi(county: tuple[Path, dict[str, int], Roster]) -> None:
    _, counts, roster = county
    levels = Counter(g.level for g in roster.grids)
    assert levels == {1: 1, 2: 25, 3: 213}
    for grid in roster.grids:
        if grid.level == 3:
            assert 1 <= len(grid.workers) <= 2
            assert all(w.phone is not None and MOBILE.match(w.phone.reveal()) for w in grid.workers)
    kinds = Counter(u.kind.label for u in roster.units)
    assert kinds["老干部局"] == 1 and kinds["乡镇"] == 12 and kinds["社区"] == 15
    assert 35 <= kinds["党政机关"] + kinds["事业单位"] + kinds["国有企业"] <= 55
    orgs = Counter(o.level for o in roster.organizations)
    assert orgs == {
        OrganizationLevel.WORKING_COMMITTEE: 1,
        OrganizationLevel.GENERAL_BRANCH: 2,
        OrganizationLevel.BRANCH: 52,
    }
    people = Counter((c.kind, c.is_alive) for c in roster.cadres)
    assert 10 <= people[CadreKind.LIXIU, True] <= 40
    assert 5 <= people[CadreKind.LIXIU, False] <= 40
    assert 3 <= people[CadreKind.SURVIVOR, True] <= 30
    living_members = sum(1 for c in roster.cadres if c.is_alive and c.party_member)
    assert 1550 <= living_members <= 1850  # Wenxi: 1,688
    assert len(roster.volunteer_teams) == 4
    assert {t.name for t in roster.volunteer_teams} >= {"“培根铸魂”宣讲团"}
    assert 30 <= len(roster.volunteer_activities) <= 60  # Wenxi: "40余次"
    assert 1 <= len(roster.groups) <= 2 and all(g.tasks for g in roster.groups)
    assert counts["contacts"] > 2000 and counts["life_events"] > 200 and counts["meetings"] > 1000


def test_party_organisations(county: tuple[Path, dict[str, int], Roster]) -> None:
    _, _, roster = county
    members: dict[str, set[str]] = defaultdict(set)
    for cadre in roster.cadres:
        if cadre.organization_id:
            members[cadre.organization_id].add(cadre.id)
            assert cadre.is_alive and cadre.party_member
        elif cadre.is_alive and cadre.party_member:
            pytest.fail(f"living party member {cadre.id} in no organisation")
    branches = [o for o in roster.organizations if o.level is OrganizationLevel.BRANCH]
    assert set(members) == {b.id for b in branches}  # members sit in branches only
    top = next(o for o in roster.organizations if o.parent_id is None)
    for branch in branches:
        assert 1 <= len(members[branch.id]) <= 50
        assert branch.parent_id is not None and branch.branch_kind is not None
        roles = [m.role for m in branch.committee]
        if len(members[branch.id]) >= 7:
            assert sorted(roles) == sorted(
                [CommitteeRole.SECRETARY, CommitteeRole.ORGANIZATION, CommitteeRole.PUBLICITY]
            )
        else:
            assert roles == [CommitteeRole.SECRETARY]
        assert {m.cadre_id for m in branch.committee} <= members[branch.id]
    under_general = [b for b in branches if b.parent_id != top.id]
    assert 2 <= len(under_general) <= 12
    assert len({b.setup_mode for b in branches}) >= 4
    assert 1 <= sum(b.model_branch for b in branches) <= 8
    for meeting in roster.meetings:
        assert PartialDate(2025, 1, 1) <= meeting.date <= AS_OF
        assert meeting.attendee_ids
        assert set(meeting.attendee_ids) <= members[meeting.organization_id]


def test_cadres_look_real(county: tuple[Path, dict[str, int], Roster]) -> None:
    _, _, roster = county
    grids = {g.id: g for g in roster.grids}
    numbers = set()
    for cadre in roster.cadres:
        assert cadre.id_number is not None
        number = cadre.id_number.reveal()
        assert number.startswith("140823") and number not in numbers
        numbers.add(number)
        assert cadre.birth_date <= AS_OF
        for value in (cadre.work_start, cadre.party_join, cadre.retirement_date):
            assert value is None or cadre.birth_date < value <= AS_OF
        if cadre.kind is CadreKind.LIXIU:
            assert 1920 <= cadre.birth_date.year <= 1932
            assert cadre.work_start is not None and cadre.work_start <= PartialDate(1949, 9)
        elif cadre.kind is CadreKind.TUIXIU:
            assert 1940 <= cadre.birth_date.year <= 1966
            assert cadre.retirement_date is not None
            age = age_on(cadre.birth_date, cadre.retirement_date)
            assert 55 <= age <= 61
        if cadre.is_alive:
            assert cadre.grid_id is not None and grids[cadre.grid_id].level == 3
            assert cadre.address is not None
            assert cadre.address.reveal().startswith(("山西省", "陕西省", "北京市", "广东省"))
            if not cadre.relocated:
                assert cadre.address.reveal().startswith("山西省运城市闻喜县")
            if cadre.phone is not None:
                assert MOBILE.match(cadre.phone.reveal())
        else:
            assert cadre.death_date is not None and cadre.death_date <= AS_OF
        for contact in cadre.contacts:
            assert contact.phone is None or MOBILE.match(contact.phone.reveal())
    for event in roster.life_events:
        assert event.date <= AS_OF


def test_older_cadres_are_less_healthy(county: tuple[Path, dict[str, int], Roster]) -> None:
    _, _, roster = county
    ill = {HealthStatus.CHRONIC, HealthStatus.SERIOUS}

    def share_ill(low: int, high: int) -> float:
        group = [
            c
            for c in roster.cadres
            if c.is_alive
            and c.health.status is not None
            and low <= age_on(c.birth_date, AS_OF) < high
        ]
        return sum(c.health.status in ill for c in group) / len(group)

    assert share_ill(0, 70) < share_ill(70, 80) < share_ill(80, 200)


def test_cells_are_written_as_offices_write_them(
    county: tuple[Path, dict[str, int], Roster],
) -> None:
    folder, _, _ = county
    rows = read_tables(folder)["cadres"]
    columns = {c.name: i for i, c in enumerate(SCHEMAS["cadres"].all_columns())}

    def values(name: str) -> set[str]:
        return {row[columns[name]] for row in rows}

    assert values("kind") == {"离休", "退休", "遗属"}
    assert values("sex") == {"男", "女"}
    assert values("party_member") == {"是", "否"}
    births = values("birth_date")
    assert any(re.fullmatch(r"\d{4}\.\d{2}", b) for b in births)
    assert any(re.fullmatch(r"\d{4}-\d{2}", b) for b in births)
    assert any("年" in b for b in births)
    assert any(re.fullmatch(r"\d{4}\.\d{2}\.\d{2}", b) for b in births)
    assert any("、" in v for v in values("expertise"))


# -- determinism, small counties, progress ---------------------------------------------------


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert generate_sample(first, cadres=400, seed=7) == generate_sample(second, cadres=400, seed=7)
    generate_sample(other, cadres=400, seed=8)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert (first / "cadres.csv").read_bytes() != (other / "cadres.csv").read_bytes()


def test_without_planted_duplicates_the_county_is_the_bundled_one(tmp_path: Path) -> None:
    # Planting is opt-in: at 0 (the default) not one byte changes, and nothing more is written.
    out = tmp_path / "county"
    result = CliRunner().invoke(main, ["sample", "--plant-duplicates", "0", "--out", str(out)])
    assert result.exit_code == 0, result.output
    bundled = sample_folder()
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in bundled.iterdir())
    for path in bundled.iterdir():
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


@settings(max_examples=12, deadline=None)
@given(cadres=st.integers(1, 150), seed=st.integers(0, 10_000))
def test_small_counties_are_valid(cadres: int, seed: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        counts = generate_sample(Path(tmp), cadres=cadres, seed=seed)
        roster = load(Path(tmp))
    assert counts["cadres"] == len(roster.cadres) == cadres
    assert roster.check() == []
    assert all(c.grid_id for c in roster.cadres if c.is_alive)


def test_progress_reports_rows_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(laoganbu.sample, "_PROGRESS_EVERY", 100)
    seen: list[int] = []
    generate_sample(tmp_path / "a", cadres=350, seed=1, progress=seen.append)
    assert seen == [100, 200, 300, 350]
    seen.clear()
    generate_sample(tmp_path / "b", cadres=300, seed=1, progress=seen.append)
    assert seen == [100, 200, 300]


def test_larger_counties_get_more_branches_and_grids(tmp_path: Path) -> None:
    counts = generate_sample(tmp_path, cadres=7_000, seed=2)
    roster = read_roster(tmp_path)
    assert roster.problems == ()
    sizes = Counter(c.organization_id for c in roster.roster.cadres if c.organization_id)
    assert max(sizes.values()) <= 50
    assert counts["organizations"] > 2 * 52
    assert sum(g.level == 3 for g in roster.roster.grids) == round(213 * 7_000 / 3_000)


def test_needs_at_least_one_cadre(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        generate_sample(tmp_path, cadres=0)


def test_ledger_is_realistic_and_optional(
    county: tuple[Path, dict[str, int], Roster], tmp_path: Path
) -> None:
    _, counts, roster = county
    records = roster.service_records
    assert counts["service_records"] == len(records) > 10 * len(list(roster.living_cadres()))
    living = {c.id for c in roster.cadres}
    assert all(r.cadre_id in living and r.date.isoformat() < "2026-11-01" for r in records)
    kinds = {r.kind.value for r in records}
    assert {"phone_call", "home_visit", "health_check", "deliver_learning"} <= kinds
    counts = generate_sample(tmp_path, cadres=200, seed=1, records=False)
    assert "service_records" not in counts and not (tmp_path / "records.csv").exists()
