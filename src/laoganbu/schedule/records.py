"""The ledger as columns for :func:`~laoganbu.compliance`: which records are usable, and the
:class:`~laoganbu.Problem` of each that is not.

A record is checked as the per-item engine checked it, in input order, the first failing check
naming its problem: an id used by an earlier record; an exact repeat of an earlier record (same
cadre, kind, programme and date, among those with new ids); an unknown cadre; an unknown
programme; a date after the check day.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Sequence
from operator import attrgetter
from typing import TYPE_CHECKING

from laoganbu.models.service import ServiceRecord
from laoganbu.problems import Problem, RecordRef

if TYPE_CHECKING:
    import polars as pl

__all__ = ["check_records", "ledger_frame"]


def ledger_frame(records: Sequence[ServiceRecord]) -> pl.DataFrame:
    """One row per record, in input order (``pos``): id, cadre, kind code, programme, the
    date's parts (``day`` null when known to the month) and its first day, and whether it
    carries an amount."""
    import polars as pl

    # C-level attribute getters: this runs over every record of a ledger of millions.
    def column(name: str) -> list[object]:
        return list(map(attrgetter(name), records))

    frame = pl.DataFrame(
        {
            "id": column("id"),
            "cadre_id": column("cadre_id"),
            "kind": column("kind"),  # a str enum: its text is the kind's code
            "program_id": column("program_id"),
            "year": column("date.year"),
            "month": column("date.month"),
            "day": column("date.day"),
            "paid": [amount is not None for amount in column("amount")],
        },
        schema={
            "id": pl.String,
            "cadre_id": pl.String,
            "kind": pl.String,
            "program_id": pl.String,
            "year": pl.Int32,
            "month": pl.Int8,
            "day": pl.Int8,
            "paid": pl.Boolean,
        },
    ).with_row_index("pos")
    return frame.with_columns(pl.date("year", "month", pl.col("day").fill_null(1)).alias("first"))


def check_records(
    ledger: pl.DataFrame, program_ids: Collection[str], day: _dt.date
) -> tuple[pl.DataFrame, list[Problem]]:
    """The usable rows of ``ledger``, and a problem for each of the others, sorted by record
    id (records of one id in input order). A record's cadre is known when its ``code`` (the
    cadre's number) is not null."""
    import polars as pl

    fresh = pl.col("id").is_first_distinct()
    content = pl.struct("cadre_id", "kind", "program_id", "year", "month", "day")
    checked = ledger.with_columns(
        pl.when(~fresh).then(pl.lit("duplicate-id")).alias("problem")
    ).with_columns(
        # An exact repeat is one among the records whose ids are new.
        pl.when(pl.col("problem").is_null() & ~content.is_first_distinct().over("problem"))
        .then(pl.lit("repeated-record"))
        .otherwise(pl.col("problem"))
        .alias("problem")
    )
    known_cadre = pl.col("code").is_not_null()
    known_program = pl.col("program_id").is_null() | pl.col("program_id").is_in(
        pl.Series(list(program_ids), dtype=pl.String).implode()
    )
    checked = checked.with_columns(
        pl.when(pl.col("problem").is_not_null())
        .then(pl.col("problem"))
        .when(~known_cadre)
        .then(pl.lit("unknown-cadre"))
        .when(~known_program)
        .then(pl.lit("unknown-programme"))
        .when(pl.col("first") > day)
        .then(pl.lit("after-check-day"))
        .alias("problem")
    )
    usable = checked.filter(pl.col("problem").is_null()).drop("problem")
    bad = checked.filter(pl.col("problem").is_not_null()).sort(["id", "pos"])
    return usable, [_problem(row, day) for row in bad.iter_rows(named=True)]


def _problem(row: dict[str, object], day: _dt.date) -> Problem:
    code = str(row["problem"])
    record_id = str(row["id"])
    refers_to = None
    if code == "duplicate-id":
        message = f"duplicate record id {record_id!r} / 记录编号重复"
    elif code == "repeated-record":
        message = "repeats another record (same cadre, kind, date) / 重复记录"
    elif code == "unknown-cadre":
        code = "unknown-reference"
        refers_to = RecordRef("cadres", str(row["cadre_id"]))
        message = f"unknown cadre {row['cadre_id']!r} / 未知的离退休干部编号"
    elif code == "unknown-programme":
        code = "unknown-reference"
        refers_to = RecordRef("programs", str(row["program_id"]))
        message = f"unknown programme {row['program_id']!r} / 未知的服务项目"
    else:
        date = f"{row['year']:04d}-{row['month']:02d}"
        if row["day"] is not None:
            date += f"-{row['day']:02d}"
        message = f"dated {date}, after the check day {day.isoformat()} / 记录日期晚于核查日期"
    return Problem(
        message=message,
        table="service_records",
        record_id=record_id,
        field=None,
        severity="error",
        code=code,
        refers_to=refers_to,
    )
