"""The Wenxi plugin: found through its entry point, well-formed, and its grid checks."""

from __future__ import annotations

from pathlib import Path

import laoganbu_wenxi
from laoganbu import Cadre, Grid, GridWorker, Roster, testing
from laoganbu_wenxi.grid import grid_coverage


def test_installed_and_found_through_its_entry_point() -> None:
    info = testing.installed_plugin("wenxi")
    assert info.jurisdiction is not None
    assert (info.jurisdiction.code, info.jurisdiction.name) == ("140823", "闻喜县")
    assert info.jurisdiction.parent == "140800"  # 运城市
    assert "laoganbu_roster_validators" in info.hooks


def test_plugin_is_well_formed() -> None:
    assert testing.plugin_errors(laoganbu_wenxi) == []


def test_locality_layers() -> None:
    locality = testing.locality_for(laoganbu_wenxi)
    assert locality.code == "140823"
    assert locality.layers == ("national", "laoganbu_wenxi")


def test_the_bundled_sample_passes_the_grid_checks() -> None:
    locality = testing.locality_for(laoganbu_wenxi)
    assert locality.run_validators(testing.sample_roster()) == []


def _grids(*, worker: bool = True) -> tuple[Grid, ...]:
    workers = (GridWorker(id="W1", name="李网格"),) if worker else ()
    return (
        Grid(id="G1", name="县老干部局", level=1),
        Grid(id="G2", name="桐城镇", level=2, parent_id="G1", division_code="140823100"),
        Grid(
            id="G3",
            name="中心村",
            level=3,
            parent_id="G2",
            division_code="140823100201",
            workers=workers,
        ),
        Grid(id="G4", name="东镇", level=2, parent_id="G1"),
    )


def _cadre(division: str, *, relocated: bool = False) -> Cadre:
    return Cadre(
        id="C1",
        name="张三",
        sex="男",
        birth_date="1950.01",
        kind="退休",
        grid_id="G3",
        division_code=division,
        relocated=relocated,
    )


def test_grid_checks_find_each_gap() -> None:
    roster = Roster(grids=_grids(worker=False), cadres=(_cadre("140823101001"),))
    found = {(p.record_id, p.field): p for p in grid_coverage(roster)}
    assert set(found) == {("G4", "id"), ("G3", "workers"), ("C1", "grid_id")}
    assert all(p.severity == "warning" for p in found.values())
    assert "纵向到底" in found[("G4", "id")].message
    assert "网格员" in found[("G3", "workers")].message
    assert "四就近" in found[("C1", "grid_id")].message


def test_a_cadre_near_home_or_relocated_is_fine() -> None:
    grids = _grids()[:3]
    assert list(grid_coverage(Roster(grids=grids, cadres=(_cadre("140823100201"),)))) == []
    relocated = Roster(grids=grids, cadres=(_cadre("610113", relocated=True),))
    assert list(grid_coverage(relocated)) == []


def test_sanbangfu_summary_check_and_headers(tmp_path: Path) -> None:
    from decimal import Decimal

    from laoganbu import SupportRecord, read_roster
    from laoganbu_wenxi.sanbangfu import support_has_amount, support_summary

    supports = (
        SupportRecord(id="S1", kind="帮配设施", date="2026.03", grid_id="G2", amount="38000"),
        SupportRecord(id="S2", kind="帮建阵地", date="2025.06", organization_id="O1"),
        SupportRecord(id="S3", kind="帮搞活动", date="2026.05", organization_id="O1"),
    )
    roster = Roster(supports=supports)
    assert support_summary(roster, "2026") == [
        ("帮搞活动", 1, Decimal(0)),
        ("帮配设施", 1, Decimal(38000)),
        ("合计", 2, Decimal(38000)),
    ]
    assert [p.record_id for p in support_has_amount(roster)] == ["S2"]
    (tmp_path / "grids.csv").write_text(
        "编号,网格名称,网格层级,上级网格\nG1,局,1,\nG2,镇,2,G1\n", "utf-8"
    )
    (tmp_path / "supports.csv").write_text(
        "编号,三帮扶类型,日期,受帮扶网格,投资金额\nS1,帮配设施,2026.03,G2,38000\n", "utf-8"
    )
    result = read_roster(tmp_path, locality=testing.locality_for(laoganbu_wenxi))
    assert result.ok and result.roster.supports[0].amount == 38000


def test_nearer_programme_replaces_the_national_one_with_the_same_id() -> None:
    from laoganbu import Locality

    national = {p.id: p for p in Locality().programs}
    wenxi = {p.id: p for p in testing.locality_for(laoganbu_wenxi).programs}
    assert national["festival_visit"].jurisdiction == "000000"
    assert wenxi["festival_visit"].jurisdiction == "140823"  # replaced, not added twice
    assert {k.value for k in wenxi["festival_visit"].who.kinds} == {"lixiu", "tuixiu", "survivor"}
    assert {"health_check", "relocated_visit", "wenxi.monthly_call"} <= set(wenxi)
    assert len(wenxi) == len(set(wenxi)) == 16
