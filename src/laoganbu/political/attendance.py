"""Attendance at political-treatment services, from the ledger, as columns.

Every attendance is a service record of one of the kinds of
:data:`~laoganbu.models.service.POLITICAL_TREATMENT`, one record per cadre attending. An
*event* (one briefing, one visit) is the records' shared :attr:`ServiceRecord.event_id
<laoganbu.models.service.ServiceRecord.event_id>`; records without one are one event per kind,
programme and date — a briefing held on one day under one programme is one briefing. A cadre
attends an event once, however often it was entered.

A record counts in a period when its date (its first day, for a date known to the month only)
falls from the period's first day to the day of the check.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING

from laoganbu.models.service import POLITICAL_TREATMENT, ServiceRecord
from laoganbu.periods import Period
from laoganbu.schedule.columns import plain_date

if TYPE_CHECKING:
    import polars as pl

__all__ = ["ATTENDANCE_COLUMNS", "attendance_frame", "events_held"]

#: The columns of :func:`attendance_frame`.
ATTENDANCE_COLUMNS = ("cadre_id", "kind", "event", "first")


def attendance_frame(
    records: Iterable[ServiceRecord] | pl.DataFrame,
    period: Period,
    day: _dt.date,
    *,
    cadres: Collection[str] | None = None,
) -> pl.DataFrame:
    """One row per cadre and political-treatment event attended from ``period``'s first day
    to ``day``: ``cadre_id``, ``kind`` (the service kind's code), ``event`` (the event's key)
    and ``first`` (the record's first day).

    Args:
        records: the ledger: records, or a polars frame of them as :func:`laoganbu.read_frame`
            reads it; checked as :func:`laoganbu.compliance` checks it (a bad date or kind is
            an error naming the row).
        cadres: count only the records of these cadres (the roster's).
    """
    import polars as pl

    from laoganbu.schedule.records import ledger_of

    ledger = ledger_of(records)
    columns = ledger.columns
    source = ledger.source
    if isinstance(source, list | tuple):
        events: list[str | None] = [r.event_id for r in source]
        event = pl.Series("event_id", events, dtype=pl.String)
    elif isinstance(records, pl.DataFrame) and "event_id" in records.columns:
        event = records.get_column("event_id").cast(pl.String).alias("event_id")
    else:
        event = pl.Series("event_id", [None] * columns.height, dtype=pl.String)
    codes = [k.value for k in POLITICAL_TREATMENT]
    start = plain_date(period.start)
    # Records of one kind, programme and date without an event id are one event.
    unnamed = pl.concat_str(
        [
            pl.lit("="),
            pl.col("kind"),
            pl.col("program_id").fill_null(""),
            pl.col("year").cast(pl.String),
            pl.col("month").cast(pl.String),
            pl.col("day").cast(pl.String).fill_null(""),
        ],
        separator="|",
    )
    named = pl.lit("#") + pl.col("event_id")
    found = (
        columns.with_columns(event)
        .filter(
            pl.col("kind").is_in(codes)
            & pl.col("first").is_between(pl.lit(start), pl.lit(plain_date(day)))
        )
        .select(
            "cadre_id",
            "kind",
            pl.when(pl.col("event_id").is_not_null()).then(named).otherwise(unnamed).alias("event"),
            "first",
        )
    )
    if cadres is not None:
        known = pl.Series(list(cadres), dtype=pl.String)
        found = found.filter(pl.col("cadre_id").is_in(known.implode()))
    return found.unique(["cadre_id", "kind", "event"], keep="first", maintain_order=True)


def events_held(attendance: pl.DataFrame) -> dict[str, tuple[int, int]]:
    """By kind code: (events held, attendances) in an :func:`attendance_frame`."""
    import polars as pl

    table = attendance.group_by("kind").agg(
        pl.col("event").n_unique().alias("events"), pl.len().alias("attendances")
    )
    return {kind: (events, count) for kind, events, count in table.iter_rows()}
