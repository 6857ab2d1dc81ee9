"""The ledger store (#17): the same tests on SQLite (a file) and on a real PostgreSQL server."""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

pytest.importorskip("sqlalchemy", reason="the store's extra is not installed")

import sqlalchemy as sa
from click.testing import CliRunner

import laoganbu.store
from laoganbu.cli import main
from laoganbu.errors import (
    InvalidValueError,
    NotAStoreError,
    OutputExistsError,
    StoreError,
    StoreTooNewError,
    StoreUnavailableError,
    VersionConflictError,
)
from laoganbu.io.reader import read_roster
from laoganbu.io.tables import SCHEMAS
from laoganbu.models import LifeEvent, Payment, ServiceRecord, Transfer
from laoganbu.models.roster import Roster
from laoganbu.testing import sample_folder
from tests.postgres import create_database

ROOT = Path(__file__).resolve().parent.parent

BACKENDS = ["sqlite", "postgresql"]


def _new_url(request: pytest.FixtureRequest, tmp_path: Path, template: str | None = None) -> str:
    if request.param == "sqlite":
        path = tmp_path / f"county-{uuid.uuid4().hex[:8]}.db"
        if template is not None:
            shutil.copyfile(template, path)
        return f"sqlite:///{path}"
    server: str = request.getfixturevalue("postgres_server")
    return create_database(server, f"t{uuid.uuid4().hex[:12]}", template)


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of each backend."""
    return _new_url(request, tmp_path)


_TEMPLATES: dict[str, str] = {}


@pytest.fixture(params=BACKENDS)
def sample_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store of each backend holding the sample county, imported once a session and
    copied for each test (a file copy; a PostgreSQL template database)."""
    backend = request.param
    if backend not in _TEMPLATES:
        folder = tmp_path_factory.mktemp("template")
        first = _new_url(request, folder)
        with laoganbu.store.open(first) as store:
            store.init()
            store.import_roster(sample_folder(), actor="导入员", reason="initial import")
        _TEMPLATES[backend] = (
            first.removeprefix("sqlite:///") if backend == "sqlite" else first.rsplit("/", 1)[1]
        )
    return _new_url(request, tmp_path_factory.mktemp("copy"), _TEMPLATES[backend])


@pytest.fixture
def store(sample_url: str) -> Iterator[laoganbu.store.Store]:
    with laoganbu.store.open(sample_url) as opened:
        yield opened


def _same_tables(a: Roster, b: Roster) -> None:
    for name in SCHEMAS:
        left, right = a.frame(name, reveal_pii=True), b.frame(name, reveal_pii=True)
        assert left.equals(right), name


def _file_rows(folder: Path) -> dict[str, int]:
    """Data rows per table, counted in the sample's CSV files with the csv module."""
    names = {s.file_name: s.name for s in SCHEMAS.values()}
    names["records.csv"] = "service_records"
    counts = {}
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            counts[names[path.name]] = sum(1 for _ in csv.reader(fh)) - 1
    return counts


# -- making a store, importing ---------------------------------------------------------------


def test_init_makes_a_store_and_is_repeatable(url: str) -> None:
    store = laoganbu.store.open(url)
    with pytest.raises(StoreError, match="db init"):  # a file not there; an empty database
        store.roster()
    assert store.init() == "0001_initial"
    assert store.init() == "0001_initial"  # nothing to do the second time
    assert len(store.roster().cadres) == 0
    store.close()


def test_the_sample_county_goes_in_and_comes_back_the_same(url: str) -> None:
    with laoganbu.store.open(url) as store:
        store.init()
        done = store.import_roster(sample_folder(), actor="导入员")
        read = read_roster(sample_folder())
        assert done.ok and done.problems == read.problems
        # Every row of the files is one version: counted in the files themselves.
        rows = _file_rows(sample_folder())
        assert dict(done.written) == {name: rows[name] for name in done.written}
        _same_tables(store.roster(), read.roster)
        assert tuple(store.roster().cadres) == tuple(read.roster.cadres)


def test_importing_the_same_content_again_writes_nothing(store: laoganbu.store.Store) -> None:
    before = store.history("cadres", "C00001")
    again = store.import_roster(sample_folder(), actor="另一人")
    assert sum(again.written.values()) == 0
    rows = _file_rows(sample_folder())
    assert again.unchanged == sum(n for t, n in rows.items() if SCHEMAS[t].parent is None)
    assert store.history("cadres", "C00001") == before


def test_rejected_rows_are_reported_as_validate_reports_them(url: str, tmp_path: Path) -> None:
    folder = tmp_path / "roster"
    shutil.copytree(sample_folder(), folder)
    cadres = folder / "cadres.csv"
    lines = cadres.read_text(encoding="utf-8-sig").splitlines()
    lines[5] = lines[5].replace(lines[5].split(",")[4], "1949.13", 1)  # an impossible month
    cadres.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    read = read_roster(folder)
    assert read.rejected
    with laoganbu.store.open(url) as store:
        store.init()
        done = store.import_roster(folder, actor="导入员")
        assert done.problems == read.problems and not done.ok
        _same_tables(store.roster(), read.roster)


def test_a_roster_given_as_records_is_checked_first(url: str) -> None:
    roster = read_roster(sample_folder()).roster
    broken = Roster(cadres=(roster.cadres[0].model_copy(update={"grid_id": "NO-SUCH"}),))
    with laoganbu.store.open(url) as store:
        store.init()
        with pytest.raises(InvalidValueError, match="nothing imported"):
            store.import_roster(broken, actor="导入员")
        assert len(store.roster().cadres) == 0


_KILLED_IMPORT = """
import sys, time
import laoganbu.store
from laoganbu.store import writing
from laoganbu.testing import sample_folder

insert = writing.insert_versions
def slow(connection, rows):
    insert(connection, rows)
    if rows and rows[0]["table_name"] == "cadres":
        print("inserted", flush=True)
        time.sleep(600)
writing.insert_versions = slow
laoganbu.store.open(sys.argv[1]).import_roster(sample_folder(), actor="killed")
"""


def test_a_killed_import_leaves_the_store_as_it_was(url: str) -> None:
    with laoganbu.store.open(url) as store:
        store.init()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(_KILLED_IMPORT), url],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    assert process.stdout.readline().strip() == "inserted"  # the units … cadres are written
    process.send_signal(signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 30
    with laoganbu.store.open(url) as store:
        while True:  # PostgreSQL notices the dropped connection and rolls back
            try:
                roster = store.roster()
                break
            except StoreError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert roster.counts() == dict.fromkeys(roster.counts(), 0)
        done = store.import_roster(sample_folder(), actor="导入员")
        assert done.written["cadres"] == _file_rows(sample_folder())["cadres"]


# -- changes over a year ---------------------------------------------------------------------


def _living_cadre_with_care(roster: Roster) -> str:
    for cadre in roster.living_cadres("2026-12-31"):
        if (
            cadre.health.care_level is not None
            and cadre.grid_id
            and not roster.transfers_of(cadre.id)
        ):
            return cadre.id
    raise AssertionError("the sample has no such cadre")


def test_a_year_of_changes_gives_the_roster_as_of_any_day(store: laoganbu.store.Store) -> None:
    roster = store.roster()
    mover = _living_cadre_with_care(roster)
    start = roster.cadre(mover)
    other_grid = next(g.id for g in roster.grids if g.level == 3 and g.id != start.grid_id)
    levels = ["self_care", "partial", "full"]
    new_level = next(v for v in levels if v != start.health.care_level.value)
    dying = next(c.id for c in roster.living_cadres("2026-12-31") if c.id != mover)

    # 1 March: the care level changes.
    current = store.get("cadres", mover)
    health = current.record.health.model_copy(update={"care_level": new_level})
    version = store.update(
        current.record.model_copy(update={"health": health}),
        expected_version=current.version,
        valid_from="2026-03-01",
        actor="王科员",
        reason="评估为新的照护等级",
    )
    assert version == 2
    # 1 May: moves to another grid within the county.
    current = store.get("cadres", mover)
    store.update(
        current.record.model_copy(update={"grid_id": other_grid}),
        expected_version=current.version,
        valid_from="2026-05-01",
        actor="王科员",
        reason="迁居",
    )
    # 10 June: a death, as a life event and the record's 去世时间.
    store.append(
        "life_events",
        [LifeEvent(id="E90001", cadre_id=dying, kind="去世", date="2026-06-10")],
        actor="王科员",
    )
    died = store.get("cadres", dying)
    store.update(
        died.record.model_copy(update={"death_date": "2026-06-10"}),
        expected_version=died.version,
        valid_from="2026-06-10",
        actor="王科员",
        reason="去世",
    )
    # Services and payments through the year.
    store.append(
        "service_records",
        [
            ServiceRecord(id="R9000001", cadre_id=mover, kind="上门走访", date="2026-02-15"),
            ServiceRecord(id="R9000002", cadre_id=mover, kind="电话问候", date="2026-07-20"),
        ],
        actor="网格员",
    )
    store.append(
        "payments",
        [
            Payment(
                id="P90001",
                cadre_id=mover,
                kind="护理费",
                period_from="2026-04",
                amount=Decimal("300"),
                paid_on="2026-04-05",
            )
        ],
        actor="财务",
    )
    # 1 September: moves away (a management transfer).
    store.append(
        "transfers",
        [
            Transfer(
                id="T9001",
                cadre_id=mover,
                direction="转出",
                kind="管理服务关系转移",
                date="2026-09-01",
                counterpart="太原市委老干部局",
            )
        ],
        actor="王科员",
    )

    def on(day: str) -> Roster:
        return store.roster(as_of=day)

    jan, apr, may, jun, aug, oct_ = (
        on(d) for d in ("2026-01-31", "2026-04-30", "2026-05-31", "2026-06-30", "2026-08-31",
                        "2026-10-31")
    )  # fmt: skip
    assert jan.cadre(mover).health.care_level == start.health.care_level
    assert apr.cadre(mover).health.care_level.value == new_level
    assert apr.cadre(mover).grid_id == start.grid_id
    assert may.cadre(mover).grid_id == other_grid
    assert may.cadre(mover).health.care_level.value == new_level  # both changes hold
    assert may.alive_on(dying, "2026-05-31") and may.cadre(dying).death_date is None
    assert jun.cadre(dying).death_date is not None and not jun.alive_on(dying, "2026-06-30")
    assert "E90001" not in {e.id for e in may.life_events}
    assert "E90001" in {e.id for e in jun.life_events}
    services = {r.id for r in apr.service_records if r.cadre_id == mover}
    assert "R9000001" in services and "R9000002" not in services
    assert "R9000002" in {r.id for r in aug.service_records}
    assert "P90001" not in {p.id for p in jan.payments}
    assert "P90001" in {p.id for p in apr.payments}
    assert aug.in_care_on(mover, "2026-08-31")
    assert not oct_.in_care_on(mover, "2026-10-31")
    # Records as they stand now, with every ledger row.
    now = store.roster()
    assert now.cadre(mover).grid_id == other_grid
    assert {"R9000001", "R9000002"} <= {r.id for r in now.service_records}

    history = store.history("cadres", mover)
    assert [v.version for v in history] == [1, 2, 3]
    assert [v.valid_from for v in history] == [None, dt.date(2026, 3, 1), dt.date(2026, 5, 1)]
    assert [v.reason for v in history] == ["initial import", "评估为新的照护等级", "迁居"]
    assert history[2].values == {"grid_id": other_grid}
    assert history[1].actor == "王科员" and history[1].recorded_at.tzinfo is not None
    about = store.cadre_history(mover)
    ids = {v.record_id for v in about}
    assert {mover, "R9000001", "R9000002", "P90001", "T9001"} <= ids


def test_a_change_back_dated_under_a_later_one_holds_from_its_day(
    store: laoganbu.store.Store,
) -> None:
    roster = store.roster()
    cadre_id = _living_cadre_with_care(roster)
    old_grid = roster.cadre(cadre_id).grid_id
    grid = next(g.id for g in roster.grids if g.level == 3 and g.id != old_grid)
    first = store.get("cadres", cadre_id)
    store.update(
        first.record.model_copy(update={"grid_id": grid}),
        expected_version=1,
        valid_from="2027-05-01",
        actor="甲",
        reason="迁居",
    )
    # Recorded later, holding from February: the phone number changed.
    now = store.get("cadres", cadre_id)
    store.update(
        now.record.model_copy(update={"phone": "13900000000"}),
        expected_version=2,
        valid_from="2027-02-01",
        actor="乙",
        reason="补录",
    )
    march, june = store.roster("2027-03"), store.roster("2027-06-30")
    assert march.cadre(cadre_id).phone.reveal() == "13900000000"
    assert march.cadre(cadre_id).grid_id == old_grid
    assert june.cadre(cadre_id).phone.reveal() == "13900000000"
    assert june.cadre(cadre_id).grid_id == grid
    added = store.get("cadres", cadre_id).record.model_copy(update={"id": "C99999"})
    store.update(added, expected_version=0, valid_from="2027-07-01", actor="甲", reason="新增")
    assert "C99999" not in {c.id for c in store.roster("2027-06-30").cadres}
    assert "C99999" in {c.id for c in store.roster("2027-07-01").cadres}
    with pytest.raises(InvalidValueError, match="cannot hold"):
        store.update(added, expected_version=1, valid_from="2027-01-01", actor="甲", reason="早")


def _other_grids(store: laoganbu.store.Store, but: str) -> list[str]:
    return [g.id for g in store.roster().grids if g.level == 3 and g.id != but]


def test_a_month_given_as_valid_from_holds_from_its_first_day(
    store: laoganbu.store.Store,
) -> None:
    c = store.get("cadres", "C00001")
    store.update(
        c.record.model_copy(update={"liaison_leader": "新"}),
        expected_version=1,
        valid_from="2027-03",
        actor="甲",
        reason="调整",
    )
    assert store.history("cadres", "C00001")[-1].valid_from == dt.date(2027, 3, 1)
    assert store.roster("2027-03-01").cadre("C00001").liaison_leader == "新"


def test_a_correction_applies_after_what_it_corrects(store: laoganbu.store.Store) -> None:
    c = store.get("cadres", "C00001")
    old = c.record.grid_id
    moved, corrected = _other_grids(store, old)[:2]
    store.update(
        c.record.model_copy(update={"grid_id": moved}),
        expected_version=1,
        valid_from="2026-05-01",
        actor="甲",
        reason="迁居",
    )
    c = store.get("cadres", "C00001")
    changed = {"grid_id": corrected, "liaison_leader": "更正后"}
    version = store.update(
        c.record.model_copy(update=changed),
        expected_version=2,
        valid_from=None,
        actor="乙",
        reason="更正",
    )
    # The grid set by the move is corrected from the move's day, the leader from the start:
    # one version each.
    assert version == 4
    assert store.get("cadres", "C00001").record.grid_id == corrected
    assert store.roster().cadre("C00001").grid_id == corrected
    april = store.roster("2026-04-30").cadre("C00001")
    assert april.grid_id == old and april.liaison_leader == "更正后"
    history = store.history("cadres", "C00001")
    assert [(v.valid_from, set(v.values)) for v in history[2:]] == [
        (None, {"liaison_leader"}),
        (dt.date(2026, 5, 1), {"grid_id"}),
    ]


def test_importing_again_after_a_later_dated_change_writes_nothing(
    store: laoganbu.store.Store,
) -> None:
    c = store.get("cadres", "C00001")
    moved = _other_grids(store, c.record.grid_id)[0]
    store.update(
        c.record.model_copy(update={"grid_id": moved}),
        expected_version=1,
        valid_from="2099-05-01",
        actor="甲",
        reason="迁居",
    )
    # As of today the files say what the store holds: the move from 2099 is not undone.
    done = store.import_roster(sample_folder(), actor="导入员")
    assert sum(done.written.values()) == 0
    assert store.get("cadres", "C00001").record.grid_id == moved
    assert store.roster("2099-04-30").cadre("C00001").grid_id == c.record.grid_id


def test_an_import_changes_only_the_files_and_columns_it_holds(
    store: laoganbu.store.Store, tmp_path: Path
) -> None:
    before = store.roster()
    partial = tmp_path / "partial"
    partial.mkdir()
    for name in ("units", "groups", "grids", "organizations", "cadres"):
        shutil.copy(sample_folder() / f"{name}.csv", partial)
    done = store.import_roster(partial, actor="甲")
    assert sum(done.written.values()) == 0
    assert done.unchanged == sum(_file_rows(partial).values())
    _same_tables(store.roster(), before)  # contacts, grid workers, committees, tasks kept
    # A column missing says nothing about its values; a value changed in a column there is
    # changed.
    path = partial / "cadres.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    gone, leader = rows[0].index("居住地址"), rows[0].index("联系领导")
    rows[1][leader] = "新联系领导"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(r[:gone] + r[gone + 1 :] for r in rows)
    done = store.import_roster(partial, actor="甲", valid_from="2027-01-01")
    assert dict(done.written) == {name: int(name == "cadres") for name in done.written}
    after = store.roster()
    assert [c.address for c in after.cadres] == [c.address for c in before.cadres]
    assert sum(c.address is not None for c in after.cadres) > 0
    assert after.cadre(rows[1][0]).liaison_leader == "新联系领导"
    assert store.history("cadres", rows[1][0])[-1].values == {"liaison_leader": "新联系领导"}


# -- two writers -----------------------------------------------------------------------------


def test_the_second_of_two_clerks_is_refused(sample_url: str) -> None:
    with laoganbu.store.open(sample_url) as one, laoganbu.store.open(sample_url) as two:
        first, second = one.get("cadres", "C00002"), two.get("cadres", "C00002")
        assert first.version == second.version == 1
        one.update(
            first.record.model_copy(update={"address": "山西省运城市某街1号"}),
            expected_version=first.version,
            valid_from="2027-01-01",
            actor="甲",
            reason="搬家",
        )
        with pytest.raises(VersionConflictError, match="expected version 1") as caught:
            two.update(
                second.record.model_copy(update={"liaison_leader": "某某"}),
                expected_version=second.version,
                valid_from="2027-01-01",
                actor="乙",
                reason="调整联系领导",
            )
        assert caught.value.current == 2 and caught.value.code == "version-conflict"
        assert [v.actor for v in two.history("cadres", "C00002")] == ["导入员", "甲"]


def test_two_writers_at_once_one_wins(sample_url: str) -> None:
    """Two clerks writing the same cadre at the same moment, from two connections: one
    version is written, the other refused — on SQLite the second waits for the lock, on
    PostgreSQL the version's uniqueness decides."""
    from concurrent.futures import ThreadPoolExecutor

    stores = [laoganbu.store.open(sample_url) for _ in range(2)]
    read = [s.get("cadres", "C00004") for s in stores]

    def write(i: int) -> str:
        changed = read[i].record.model_copy(update={"liaison_leader": f"领导{i}"})
        try:
            stores[i].update(
                changed, expected_version=1, valid_from=None, actor=f"clerk{i}", reason="改"
            )
        except VersionConflictError as refused:
            return f"refused: the store has version {refused.current}"
        return "written"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(write, range(2)))
    assert outcomes == ["refused: the store has version 2", "written"]
    assert [v.version for v in stores[0].history("cadres", "C00004")] == [1, 2]
    for s in stores:
        s.close()


# -- ledgers ---------------------------------------------------------------------------------


def test_ledgers_are_appended_and_corrections_supersede(store: laoganbu.store.Store) -> None:
    row = ServiceRecord(id="R9100001", cadre_id="C00001", kind="电话问候", date="2027-02-01")
    assert store.append("service_records", [row], actor="甲") == 1
    assert store.append("service_records", [row], actor="甲") == 0  # held already
    fixed = row.model_copy(update={"kind": "上门走访"})
    with pytest.raises(InvalidValueError, match="needs a reason"):
        store.append("service_records", [fixed], actor="甲")
    with pytest.raises(InvalidValueError, match="names the version"):
        store.append("service_records", [fixed], actor="甲", reason="类型录错")
    assert (
        store.append("service_records", [fixed], actor="甲", reason="类型录错", expected_version=1)
        == 1
    )
    versions = store.history("service_records", "R9100001")
    assert [v.values["kind"] for v in versions] == ["phone_call", "home_visit"]
    now = [r for r in store.roster().service_records if r.id == "R9100001"]
    assert [r.kind.value for r in now] == ["home_visit"]
    with pytest.raises(InvalidValueError, match="not in the store"):
        store.append(
            "service_records",
            [row.model_copy(update={"id": "R9100002", "cadre_id": "C99999"})],
            actor="甲",
        )
    with pytest.raises(InvalidValueError, match="append a correction"):
        store.update(fixed, expected_version=2, valid_from=None, actor="甲", reason="改")
    with pytest.raises(InvalidValueError, match="update"):
        store.append("cadres", [store.get("cadres", "C00001").record], actor="甲")


def test_a_stale_ledger_correction_is_refused(store: laoganbu.store.Store) -> None:
    """Two clerks correcting the same payment: the second, made from the version both read,
    is refused and writes nothing."""
    pid = store.roster().payments[0].id
    a, b = store.get("payments", pid), store.get("payments", pid)
    raised = a.record.model_copy(update={"amount": a.record.amount + 100})
    store.append("payments", [raised], actor="甲", reason="金额", expected_version=a.version)
    noted = b.record.model_copy(update={"notes": "已核对"})
    with pytest.raises(VersionConflictError, match="expected version 1") as caught:
        store.append(
            "payments", [noted], actor="乙", reason="补注", expected_version={pid: b.version}
        )
    assert caught.value.current == 2
    assert store.get("payments", pid).record.amount == a.record.amount + Decimal(100)
    assert [v.actor for v in store.history("payments", pid)] == ["导入员", "甲"]


def test_writes_are_checked_as_the_roster_is(store: laoganbu.store.Store) -> None:
    transfer = Transfer(id="T-X", cadre_id="C99999", direction="转出",
                        kind="管理服务关系转移", date="2026-09-01", counterpart="某局")  # fmt: skip
    with pytest.raises(InvalidValueError, match="not in the store"):
        store.append("transfers", [transfer], actor="甲")
    plan = store.roster().care_plans[0]
    with pytest.raises(InvalidValueError, match="U-NOPE"):
        store.update(
            plan.model_copy(update={"responsible_unit_id": "U-NOPE"}),
            expected_version=1,
            valid_from=None,
            actor="甲",
            reason="改",
        )
    # A grid made the child of its own child.
    roster = store.roster()
    top = next(g for g in roster.grids if g.level == 2)
    child = next(g for g in roster.grids if g.parent_id == top.id)
    with pytest.raises(InvalidValueError, match="fails the roster's checks"):
        store.update(
            top.model_copy(update={"parent_id": child.id}),
            expected_version=1,
            valid_from=None,
            actor="甲",
            reason="改",
        )
    assert [len(store.history(t, i)) for t, i in
            (("care_plans", plan.id), ("grids", top.id))] == [1, 1]  # fmt: skip
    # A ledger row before its cadre is on the roster.
    added = store.get("cadres", "C00001").record.model_copy(update={"id": "C99999"})
    store.update(added, expected_version=0, valid_from="2027-05-31", actor="甲", reason="转入")
    early = ServiceRecord(id="R-N", cadre_id="C99999", kind="上门走访", date="2027-05-10")
    with pytest.raises(InvalidValueError, match="before cadre 'C99999'"):
        store.append("service_records", [early], actor="甲")


def test_a_roster_as_of_a_day_passes_its_own_checks(url: str, tmp_path: Path) -> None:
    """Imported as holding from 2026: the ledger rows dated before are left out of a roster
    as of a day in 2025, which then passes its checks and reads back whole."""
    with laoganbu.store.open(url) as store:
        store.init()
        store.import_roster(sample_folder(), actor="导入员", valid_from="2026-01")
        early = store.roster("2025-06-30")
        assert early.counts() == dict.fromkeys(early.counts(), 0)
        later = store.roster("2026-06-30")
        assert not [p for p in later.check() if p.severity == "error"]
        assert len(later.cadres) == _file_rows(sample_folder())["cadres"]
        store.export_roster(tmp_path / "out", actor="甲", purpose="备份", as_of="2026-06-30")
        _same_tables(read_roster(tmp_path / "out").roster, later)


def test_the_database_refuses_to_change_a_version_or_a_reveal(sample_url: str) -> None:
    with laoganbu.store.open(sample_url) as store:
        store.reveal("cadres", "C00001", actor="甲", purpose="核对")
    engine = sa.create_engine(sample_url)
    for statement in (
        "UPDATE laoganbu_versions SET actor = 'x'",
        "DELETE FROM laoganbu_versions",
        "DELETE FROM laoganbu_reveals",
        "UPDATE laoganbu_reveals SET purpose = ''",
    ):
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as c:
            c.exec_driver_sql(statement)
    engine.dispose()


# -- personal information --------------------------------------------------------------------


def test_revealing_needs_a_name_and_a_purpose_and_is_logged(
    store: laoganbu.store.Store,
) -> None:
    masked = store.get("cadres", "C00001").record
    assert "*" in masked.id_number.masked
    with pytest.raises(InvalidValueError, match="purpose"):
        store.reveal("cadres", "C00001", actor="王科员", purpose=" ")
    assert store.reveal_log() == ()
    values = store.reveal("cadres", "C00001", actor="王科员", purpose="办理体检")
    assert values["id_number"] == masked.id_number.reveal()
    assert values["contacts"] and "name" in values["contacts"][0]
    store.reveal("cadres", "C00002", actor="李科长", purpose="核对遗属待遇")
    log = store.reveal_log()
    assert [(e.seq, e.actor, e.record_id) for e in log] == [
        (1, "王科员", "C00001"),
        (2, "李科长", "C00002"),
    ]
    assert "id_number" in log[0].fields and log[0].purpose == "办理体检"
    assert log[0].revealed_at <= log[1].revealed_at
    assert json.loads(json.dumps(log[0].to_dict()))["table"] == "cadres"
    shown = store.history("cadres", "C00001")[0]
    assert masked.id_number.reveal() not in json.dumps(shown.to_dict(), ensure_ascii=False)
    assert masked.id_number.reveal() not in shown.explain()
    # A version's values are masked too: only reveal() gives them, logged.
    assert shown.values["id_number"] == masked.id_number.masked
    assert values["phone"] and values["phone"] not in str(shown.values)
    about = store.cadre_history("C00001")
    assert masked.id_number.reveal() not in repr([v.values for v in about])
    assert len(store.reveal_log()) == 2


# -- what is not a store ---------------------------------------------------------------------


def test_a_store_of_a_newer_laoganbu_is_refused(url: str) -> None:
    kept_open = laoganbu.store.open(url)
    kept_open.init()
    assert not kept_open.reveal_log()  # checked in full, and in use
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.exec_driver_sql("UPDATE laoganbu_alembic_version SET version_num = '0099_future'")
    engine.dispose()
    # A client kept open on a shared server notices the upgrade at its next transaction.
    with pytest.raises(StoreTooNewError):
        kept_open.reveal_log()
    kept_open.close()
    with laoganbu.store.open(url) as store:
        with pytest.raises(StoreTooNewError, match="newer laoganbu") as caught:
            store.roster()
        assert caught.value.revision == "0099_future"
        with pytest.raises(StoreTooNewError):
            store.init()
    result = CliRunner().invoke(main, ["db", "log", "--url", url])
    assert result.exit_code == 2 and "newer laoganbu" in result.stderr
    assert "Traceback" not in result.output


def test_a_database_of_other_tables_is_not_a_store(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as c:
        c.exec_driver_sql("CREATE TABLE accounts (id INTEGER PRIMARY KEY)")
    engine.dispose()
    with laoganbu.store.open(url) as store, pytest.raises(NotAStoreError, match="accounts"):
        store.init()
    result = CliRunner().invoke(main, ["db", "history", "--url", url, "--cadre", "C00001"])
    assert result.exit_code == 2 and "not a laoganbu store" in result.stderr


def test_unreachable_and_missing_databases_are_clear(tmp_path: Path) -> None:
    runner = CliRunner()
    for url in (
        "postgresql+psycopg://nobody@127.0.0.1:1/none",
        f"sqlite:///{tmp_path / 'missing.db'}",
        "not a url",
    ):
        result = runner.invoke(main, ["db", "log", "--url", url])
        assert result.exit_code == 2, url
        assert result.stderr.startswith("error: ") and "Traceback" not in result.output
        with pytest.raises(StoreUnavailableError):
            laoganbu.store.open(url).roster()
    # A URL that cannot be read is never echoed: it may hold a password.
    for url in ("postgresql+psycopg://u:s3cret@host:abc/db", "u:s3cret@host/db"):
        result = runner.invoke(main, ["db", "log", "--url", url])
        assert result.exit_code == 2 and "cannot be read" in result.stderr, url
        assert "s3cret" not in result.output and "Traceback" not in result.output
        with pytest.raises(StoreUnavailableError) as caught:
            laoganbu.store.open(url)
        assert "s3cret" not in str(caught.value)
    not_sqlite = tmp_path / "roster.csv"
    not_sqlite.write_text("编号,姓名\n" * 100, encoding="utf-8")
    with pytest.raises(NotAStoreError, match="not a database"):
        laoganbu.store.open(f"sqlite:///{not_sqlite}").init()


def test_without_the_extra_the_store_says_what_to_install() -> None:
    code = (
        "import sys; sys.modules['sqlalchemy'] = None\n"
        "from laoganbu.cli import main\n"
        "main(['db', 'init', '--url', 'sqlite:///never.db'])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "pip install 'laoganbu[store]'" in done.stderr


def test_import_laoganbu_loads_no_database_library() -> None:
    code = "import sys, laoganbu, laoganbu.store; print('sqlalchemy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


# -- export, and the command line ------------------------------------------------------------


def test_export_then_import_loses_nothing(store: laoganbu.store.Store, tmp_path: Path) -> None:
    cadre = store.get("cadres", "C00003")
    store.update(
        cadre.record.model_copy(update={"liaison_leader": "新领导"}),
        expected_version=1,
        valid_from="2027-01-01",
        actor="甲",
        reason="调整",
    )
    out = tmp_path / "export"
    store.export_roster(out, actor="甲", purpose="备份")
    assert store.reveal_log()[-1].fields == ("*",)
    with pytest.raises(OutputExistsError, match="not empty"):
        store.export_roster(out, actor="甲", purpose="备份")
    assert len(store.reveal_log()) == 1  # refused before anything was revealed
    target = tmp_path / "again.db"
    with laoganbu.store.open(f"sqlite:///{target}") as copy:
        copy.init()
        done = copy.import_roster(out, actor="甲")
        assert done.ok
        _same_tables(copy.roster(), store.roster())
        _same_tables(read_roster(out).roster, store.roster())


def test_the_db_commands(tmp_path: Path) -> None:
    runner = CliRunner()
    url = f"sqlite:///{tmp_path / 'county.db'}"
    init = runner.invoke(main, ["db", "init", "--url", url])
    assert init.exit_code == 0, init.output
    args = ["db", "import", "--url", url, "--roster", str(sample_folder()), "--actor", "导入员"]
    first = runner.invoke(main, [*args, "--json"])
    assert first.exit_code == 0, first.output
    assert json.loads(first.stdout)["written"]["cadres"] == _file_rows(sample_folder())["cadres"]
    second = runner.invoke(main, args)
    assert second.exit_code == 0 and "imported: 0 versions written," in second.stdout
    bad_day = runner.invoke(main, [*args, "--valid-from", "2026-13"])
    assert bad_day.exit_code == 2 and bad_day.stderr.startswith("error: --valid-from: ")
    history = runner.invoke(main, ["db", "history", "--url", url, "--cadre", "C00001"])
    assert history.exit_code == 0 and "C00001" in history.stdout
    with laoganbu.store.open(url) as store:
        secret = store.get("cadres", "C00001").record.id_number.reveal()
    assert secret not in history.stdout
    out = tmp_path / "out"
    masked = runner.invoke(main, ["db", "export", "--url", url, "--out", str(out)])
    assert masked.exit_code == 2 and "--reveal-pii" in masked.stderr
    exported = runner.invoke(
        main,
        ["db", "export", "--url", url, "--out", str(out), "--as-of", "2026-06-30",
         "--reveal-pii", "--actor", "甲", "--purpose", "备份"],
    )  # fmt: skip
    assert exported.exit_code == 0, exported.output
    assert read_roster(out).ok
    log = runner.invoke(main, ["db", "log", "--url", url, "--json"])
    assert log.exit_code == 0
    assert [e["purpose"] for e in json.loads(log.stdout)] == ["备份"]
    csv_out = tmp_path / "log.csv"
    written = runner.invoke(main, ["db", "log", "--url", url, "--out", str(csv_out)])
    assert written.exit_code == 0 and "备份" in csv_out.read_text(encoding="utf-8-sig")


def test_a_postgresql_database_not_in_utf8_or_a_role_without_rights_is_clear(
    postgres_server: str,
) -> None:
    """Chinese names need UTF8: another encoding is refused before anything is written; a login
    the server refuses is a clear error, exit 2, not a traceback."""
    import psycopg

    plain = postgres_server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(f"{plain}/postgres", autocommit=True) as connection:
        connection.execute(
            "CREATE DATABASE latin ENCODING 'LATIN1' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0"
        )
        connection.execute("CREATE ROLE clerk LOGIN")
    with pytest.raises(NotAStoreError, match="UTF8"):
        laoganbu.store.open(f"{postgres_server}/latin").init()
    url = create_database(postgres_server, "rights")
    laoganbu.store.open(url).init()
    with psycopg.connect(f"{plain}/rights", autocommit=True) as connection:
        connection.execute("REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC")
    clerk = url.replace("//laoganbu@", "//clerk@")
    result = CliRunner().invoke(main, ["db", "log", "--url", clerk])
    assert result.exit_code == 2 and "permission denied" in result.stderr, result.output
    assert "Traceback" not in result.output
