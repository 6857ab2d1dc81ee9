"""A roster read as columns makes its records on first use, and behaves as if it held them."""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import polars
import pytest
from polars.testing import assert_frame_equal

from laoganbu import Roster, read_roster
from laoganbu.io import rows as rows_module
from laoganbu.models.records import Records, as_records
from laoganbu.models.roster import TABLES
from laoganbu.sample import generate_sample


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("county")
    generate_sample(folder, cadres=300, seed=5, records=False)
    return folder


def fresh(county: Path) -> Roster:
    return read_roster(county).roster


def by_rows(county: Path, monkeypatch: pytest.MonkeyPatch) -> Roster:
    with monkeypatch.context() as m:
        m.setattr(rows_module, "COLUMNAR", False)
        return read_roster(county).roster


def test_an_import_leaves_the_large_tables_as_columns(county: Path) -> None:
    roster = fresh(county)
    cadres = roster.cadres
    assert isinstance(cadres, Records)
    assert not cadres.made
    assert len(cadres) == 300 and roster.counts()["cadres"] == 300
    assert "made on first use" in repr(cadres)
    assert cadres.ids()[:1] == ["C00001"]
    assert not cadres.made  # answered from the columns
    first = cadres[0]
    assert cadres.made and first.id == "C00001"


def test_records_made_late_equal_those_made_row_by_row(
    county: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = fresh(county), by_rows(county, monkeypatch)
    for name in TABLES:
        assert fast.table(name) == slow.table(name), name
        assert slow.table(name) == fast.table(name), name
    assert fast == slow
    assert fast.model_dump(context={"reveal_pii": True}) == slow.model_dump(
        context={"reveal_pii": True}
    )
    assert fast.model_dump_json() == slow.model_dump_json()


def test_answers_from_the_columns_agree_with_the_records(county: Path) -> None:
    lazy = fresh(county).cadres
    made = Records(fresh(county).cadres)  # every record made
    assert made.made
    assert sorted(lazy.ids()) == sorted(made.ids())
    for field in ("organization_id", "grid_id", "former_unit_id", "survivor_of"):
        assert dict(zip(lazy.ids(), lazy.column(field), strict=True)) == dict(
            zip(made.ids(), made.column(field), strict=True)
        ), field
        assert lazy.distinct(field) == made.distinct(field)
    assert not lazy.made
    widowed = lazy.where(survivor_of=lambda s: s is not None)
    assert widowed == made.where(survivor_of=lambda s: s is not None)
    assert [c.id for c in widowed] == sorted(c.id for c in widowed)  # row order
    assert not lazy.made  # only those were made
    wanted = {"C00002", "C00007", "nobody"}
    assert lazy.pick(wanted) == made.pick(wanted) and set(lazy.pick(wanted)) == wanted - {"nobody"}


def test_revised_drops_and_replaces_in_place(county: Path) -> None:
    lazy = fresh(county).cadres
    made = Records(fresh(county).cadres)
    renamed = made[3].model_copy(update={"name": "改名"})
    a = lazy.revised({"C00002"}, {renamed.id: renamed})
    b = made.revised({"C00002"}, {renamed.id: renamed})
    assert not a.made and len(a) == len(made) - 1
    assert a == b
    assert a[2] == renamed and a[2].name == "改名"


def test_a_roster_read_as_columns_checks_as_one_built_directly(county: Path) -> None:
    lazy = fresh(county)
    problems = lazy.check()
    assert not lazy.cadres.made  # a clean roster's cadres need no records to be checked
    built = Roster(**{name: tuple(lazy.table(name)) for name in TABLES})
    assert problems == built.check()


def test_lookups_pickling_and_copies(county: Path) -> None:
    roster = fresh(county)
    assert roster.cadre("C00003").id == "C00003"
    assert roster.get("grids", roster.grids[0].id) == roster.grids[0]
    again = pickle.loads(pickle.dumps(roster))
    assert again == roster and isinstance(again.cadres, Records)
    assert roster.model_copy(deep=True) == roster
    extended = roster.cadres + (roster.cadres[0],)  # noqa: RUF005 - the sequence adds
    assert isinstance(extended, tuple) and len(extended) == len(roster.cadres) + 1
    assert as_records(roster.cadres) is roster.cadres
    assert Roster.model_validate({"cadres": roster.cadres}).cadres == roster.cadres


def test_a_sequence_is_not_equal_to_a_list_or_a_string() -> None:
    assert Records([1, 2]) == (1, 2)
    assert Records([1, 2]) != [1, 2]  # as a tuple is not equal to a list
    assert Records("ab") != "ab"
    assert hash(Records((1, 2))) == hash((1, 2))


def test_a_frame_from_the_columns_equals_one_from_the_records(
    county: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Columns left out (a flag, a list, health) and cells left blank: the record's defaults.
    folder = tmp_path / "county"
    shutil.copytree(county, folder)
    cadres = polars.read_csv(folder / "cadres.csv", infer_schema=False)
    cadres = cadres.drop("独居", "专长", "护理等级").with_columns(
        polars.when(polars.int_range(polars.len()) % 3 == 0)
        .then(polars.lit(None))
        .otherwise(polars.col(c))
        .alias(c)
        for c in ("空巢", "特殊困难", "健康状况", "居住地址")
    )
    cadres.write_csv(folder / "cadres.csv")
    lazy, slow = fresh(folder), by_rows(folder, monkeypatch)
    assert not lazy.cadres.made
    for reveal in (False, True):
        assert_frame_equal(
            lazy.frame("cadres", reveal_pii=reveal), slow.frame("cadres", reveal_pii=reveal)
        )
    assert not lazy.cadres.made
    assert lazy.frame("cadres").get_column("retirement_category").null_count() == 0


def test_a_file_with_only_the_required_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No grid and no survivor column: every cadre is tested on the fields' defaults.
    (tmp_path / "cadres.csv").write_text(
        "编号,姓名,性别,出生年月,人员类别\nC1,张三,男,1930.01,离休\nC2,李四,女,1935.05,退休\n",
        encoding="utf-8",
    )
    fast = read_roster(tmp_path)
    with monkeypatch.context() as m:
        m.setattr(rows_module, "COLUMNAR", False)
        slow = read_roster(tmp_path)
    assert fast.problems == slow.problems and len(fast.warnings) == 2
    assert fast.roster == slow.roster


def test_copies_do_not_share_their_lookups(county: Path) -> None:
    roster = fresh(county)
    first = roster.cadres[0]
    roster.cadre(first.id)  # indexed
    renamed = first.model_copy(update={"name": "改名"})
    other = roster.model_copy(update={"cadres": (renamed, *roster.cadres[1:])})
    assert other.cadre(first.id).name == "改名"
    assert roster.cadre(first.id).name == first.name


def test_answers_about_other_fields_come_from_the_records(county: Path) -> None:
    lazy = fresh(county).cadres
    made = Records(fresh(county).cadres)
    for field in ("id_number", "health", "contacts", "sex", "birth_date", "lives_alone"):
        assert lazy.column(field) == made.column(field), field
    assert "*" in repr(lazy.column("id_number")[0])  # masked, as a record shows it
    women = lazy.where(sex=lambda s: s.value == "female")
    assert women == made.where(sex=lambda s: s.value == "female") and women


def test_tables_read_row_by_row_are_tuples(county: Path) -> None:
    roster = fresh(county)
    assert isinstance(roster.grids, tuple) and isinstance(roster.organizations, tuple)
    assert isinstance(roster.cadres, Records)
