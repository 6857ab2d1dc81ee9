"""The roster (who and what exists) and the ledgers (what happened) are read apart: a ledger
that is not asked for is not even opened."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from laoganbu import InvalidValueError, UnusableInputError, read_roster
from laoganbu.cli import main
from laoganbu.io.tables import schema_for
from laoganbu.models.roster import LEDGERS
from laoganbu.sample import generate_sample


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("county")
    generate_sample(folder, cadres=60, seed=3)
    # Bytes no reader would accept: opening the ledger would make the input unusable.
    (folder / "records.csv").write_bytes(b"\xff\xfe\x00\x00" * 64)
    return folder


def test_a_ledger_not_asked_for_is_not_opened(county: Path) -> None:
    result = read_roster(county, ledgers=())
    present = {p.name: schema_for(p.stem) for p in county.glob("*.csv")}
    assert result.skipped == {
        name: schema.name for name, schema in present.items() if schema and schema.name in LEDGERS
    }
    assert result.skipped["records.csv"] == "service_records" and len(result.skipped) > 1
    assert all(not result.roster.table(name) for name in LEDGERS)
    assert result.ok and result.roster.cadres


def test_ledgers_asked_for_are_read_and_checked(county: Path) -> None:
    result = read_roster(county, ledgers=["生活事件", "meetings"])
    assert result.roster.life_events and result.roster.meetings
    assert not result.roster.service_records
    assert "records.csv" in result.skipped and "life_events.csv" not in result.skipped


def test_all_ledgers_is_the_default(county: Path) -> None:
    with pytest.raises(UnusableInputError, match=r"records\.csv"):
        read_roster(county)


def test_a_name_that_is_no_ledger_is_refused(county: Path) -> None:
    with pytest.raises(InvalidValueError, match="not a ledger"):
        read_roster(county, ledgers=["cadres"])


def test_validate_checks_the_roster_and_names_the_ledgers_it_left(county: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["validate", "--roster", str(county), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["skipped"]["records.csv"] == "service_records"
    text = runner.invoke(main, ["validate", "--roster", str(county)])
    assert "not read / 未读取" in text.output and "records.csv" in text.output
    with_ledgers = runner.invoke(main, ["validate", "--roster", str(county), "--ledgers"])
    assert with_ledgers.exit_code == 2  # the damaged ledger is read now
