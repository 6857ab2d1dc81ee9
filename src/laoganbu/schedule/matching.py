"""Which ledger record serves which due item: the rules of :func:`~laoganbu.compliance`, on
columns.

The rules, per cadre (the module docstring of :mod:`laoganbu.schedule.ledger` gives their
reasons): records naming a programme (*pool 1*) are matched before records matched by service
kind alone (*pool 2*, shared by the programmes of that kind, taken in programme-id order);
first on time, each item in window order taking the first unused record not ended before its
window, when that record starts within the window; then late, each item whose window has ended
taking the first unused record after it. A record serves at most one item.

On columns, a match is a count and a look-up: with the records of a pool sorted by date,
item *i* of a window takes the record whose place is the number of records before the
window's first day, plus *i*; late, item *i* takes the place ``i + max(c_j - j, j <= i)`` where
``c_j`` counts the records up to item *j*'s last day (each late item takes the first record
after its window not taken by an earlier one). These hold when a cadre's windows of one
programme are disjoint or identical and its records are dated to the day; the few cadres for
whom they are not (two hospital stays a day apart, a record dated to the month) are matched
by the per-item rules themselves (:func:`match_one_cadre`), so every cadre is matched exactly as
the rules say.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from laoganbu.models.service import ServiceRecord

if TYPE_CHECKING:
    import polars as pl

__all__ = ["among", "match", "match_one_cadre"]

_KEYS = ["code", "pool"]


def among(column: str, values: pl.Series) -> pl.Expr:
    """Whether each value of ``column`` is one of ``values`` (a whole column of them)."""
    import polars as pl

    return pl.col(column).is_in(values.implode())


def _new_run(keys: Sequence[str]) -> pl.Expr:
    """Whether each row starts a run of equal ``keys`` (rows sorted so that equal keys are
    consecutive). Runs stand in for windowed expressions (``over``), which are slow with
    millions of small groups."""
    import polars as pl

    return pl.any_horizontal([pl.col(k) != pl.col(k).shift() for k in keys]).fill_null(True)


def _run_rank(keys: Sequence[str]) -> pl.Expr:
    """Each row's place in its run of equal ``keys`` (0 for the first)."""
    import polars as pl

    row = pl.int_range(pl.len(), dtype=pl.Int64)
    return row - pl.when(_new_run(keys)).then(row).forward_fill()


def _counted(
    items: pl.DataFrame, records: pl.DataFrame, at: str, *, inclusive: bool
) -> pl.DataFrame:
    """The items, in item order, each with ``c``: how many of its pool's records are dated
    before its ``at`` day (on or before it when ``inclusive``). One sort of items and records
    together: a record counts for the items after it."""
    import polars as pl

    side = 2 if inclusive else 0  # an item sorts after (or before) the records of its day
    stream = pl.concat(
        [
            items.with_columns(pl.col(at).alias("t"), pl.lit(side, pl.Int8).alias("is")),
            records.select(*_KEYS, pl.col("first").alias("t"), pl.lit(1, pl.Int8).alias("is")),
        ],
        how="diagonal_relaxed",
    ).sort([*_KEYS, "t", "is"])
    record = (pl.col("is") == 1).cast(pl.Int64)
    seen = record.cum_sum()
    before = seen - pl.when(_new_run(_KEYS)).then(seen - record).forward_fill()
    return (
        stream.with_columns(before.alias("c"))
        .filter(pl.col("is") != 1)
        .sort("item")
        .drop("t", "is")
    )


def _placed(records: pl.DataFrame) -> pl.DataFrame:
    """Records with their place (``at``) in their pool, by date then id."""
    return records.sort([*_KEYS, "first", "id"]).with_columns(_run_rank(_KEYS).alias("at"))


def _on_time(items: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    import polars as pl

    if items.is_empty() or records.is_empty():
        return pl.DataFrame(schema={"item": pl.UInt32, "pos": pl.UInt32})
    # Item k of identical windows takes the k-th record from the window's first day.
    wanted = _counted(items, records, "start", inclusive=False).with_columns(
        (pl.col("c") + _run_rank([*_KEYS, "start", "end"])).alias("at")
    )
    found = wanted.join(_placed(records), on=[*_KEYS, "at"], how="inner", suffix="_r")
    return found.filter(pl.col("first") <= pl.col("end")).select("item", "pos")


def _late(items: pl.DataFrame, records: pl.DataFrame) -> pl.DataFrame:
    import polars as pl

    if items.is_empty() or records.is_empty():
        return pl.DataFrame(schema={"item": pl.UInt32, "pos": pl.UInt32})
    # at_j = j + max(c_i - i, i <= j) within each run: a running maximum over all rows, each
    # run lifted above the ones before it.
    lift = _new_run(_KEYS).cast(pl.Int64).cum_sum() * 2**32
    j = _run_rank(_KEYS)
    wanted = _counted(items, records, "end", inclusive=True).with_columns(
        (j + (lift + pl.col("c") - j).cum_max() - lift).alias("at")
    )
    found = wanted.join(_placed(records), on=[*_KEYS, "at"], how="inner")
    return found.select("item", "pos")


def match(
    items: pl.DataFrame,
    records: pl.DataFrame,
    kinds: Mapping[str, str],
    day: _dt.date,
) -> pl.DataFrame:
    """Matches ``(item, pos)`` of the items and records of cadres the counting rules hold for.

    Args:
        items: ``item``, ``code`` (the cadre's), ``program_id``, ``start``, ``end``, in item
            order.
        records: usable records: ``pos``, ``id``, ``code``, ``kind``, ``program_id``,
            ``first``.
        kinds: each programme's service kind, by programme id.
        day: the check day.
    """
    import polars as pl

    order = sorted(kinds)
    program_pool = {pid: n for n, pid in enumerate(order)}
    kind_pool = {k: len(order) + n for n, k in enumerate(sorted(set(kinds.values())))}
    named = records.filter(pl.col("program_id").is_not_null()).with_columns(
        pl.col("program_id").replace_strict(program_pool, return_dtype=pl.Int64).alias("pool")
    )
    by_kind = records.filter(
        pl.col("program_id").is_null() & pl.col("kind").is_in(list(kind_pool))
    ).with_columns(pl.col("kind").replace_strict(kind_pool, return_dtype=pl.Int64).alias("pool"))
    items = items.with_columns(
        pl.col("program_id").replace_strict(program_pool, return_dtype=pl.Int64).alias("pool"),
        pl.col("program_id")
        .replace_strict({p: kind_pool[k] for p, k in kinds.items()}, return_dtype=pl.Int64)
        .alias("kind_pool"),
    )
    found: list[pl.DataFrame] = []
    used = pl.Series("pos", [], dtype=pl.UInt32)

    def open_items(more: pl.Expr | None = None) -> pl.DataFrame:
        done = pl.concat(found)["item"] if found else pl.Series([], dtype=pl.UInt32)
        left = items.filter(~among("item", done))
        return left if more is None else left.filter(more)

    for step in (_on_time, _late):
        late = pl.col("end") < day if step is _late else None
        new = step(open_items(late), named.filter(~among("pos", used)))
        found.append(new)
        used = pl.concat([used, new["pos"]])
        for program_id in order:
            mine = open_items(late).filter(pl.col("program_id") == program_id)
            if mine.is_empty():
                continue
            mine = mine.with_columns(pl.col("kind_pool").alias("pool"))
            pool = by_kind.filter(
                (pl.col("pool") == mine["pool"][0])
                & among("code", mine["code"].unique())
                & ~among("pos", used)
            )
            new = step(mine, pool)
            found.append(new)
            used = pl.concat([used, new["pos"]])
    return pl.concat(found)


def match_one_cadre(
    items: Sequence[tuple[int, str, _dt.date, _dt.date]],
    records: Sequence[ServiceRecord],
    kinds: Mapping[str, Any],
    day: _dt.date,
) -> dict[int, ServiceRecord]:
    """The per-item rules for one cadre: ``items`` are ``(index, programme, start, end)`` in
    item order; the result maps an item's index to the record that serves it.

    Records naming a programme are matched before records matched by kind alone, so a visit
    recorded "for the festival" is never taken by the quarterly visit while the festival
    waits; records inside a window are matched before any makes an earlier item late.
    """
    by_program: dict[str, list[tuple[int, _dt.date, _dt.date]]] = {}
    for index, program_id, start, end in items:
        by_program.setdefault(program_id, []).append((index, start, end))
    ordered = sorted(records, key=lambda r: (r.date.sort_key(), r.id))
    buckets = []
    for program_id, mine_items in by_program.items():
        kind = kinds[program_id]
        mine = [r for r in ordered if r.program_id == program_id]
        by_kind = [r for r in ordered if r.program_id is None and r.kind is kind]
        order = sorted(mine_items, key=lambda i: (i[1], i[2]))
        buckets.append((order, mine, by_kind))
    used: set[str] = set()
    found_for: dict[int, ServiceRecord] = {}
    for pool in (1, 2):  # on time
        for order, mine, by_kind in buckets:
            for index, start, end in order:
                if index in found_for:
                    continue
                for record in mine if pool == 1 else by_kind:
                    if record.id in used or record.date.last_day < start:
                        continue
                    if record.date.first_day <= end:
                        found_for[index] = record
                        used.add(record.id)
                    break
    for pool in (1, 2):  # late
        for order, mine, by_kind in buckets:
            for index, _start, end in order:
                if index in found_for or end >= day:
                    continue
                for record in mine if pool == 1 else by_kind:
                    if record.id not in used and record.date.first_day > end:
                        found_for[index] = record
                        used.add(record.id)
                        break
    return found_for
