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
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from laoganbu.models.service import ServiceRecord

if TYPE_CHECKING:
    import polars as pl

__all__ = ["among", "match", "match_by_rules", "match_one_cadre", "needs_rules"]

#: Bits of a sort key below the pool: the day (days since 1970, offset to stay positive) and
#: whether an item sorts before (0) or after (2) the records (1) of its day.
_DAY_BITS = 20
_DAY_OFFSET = 1 << 19


def _last(items: pl.DataFrame) -> int:
    """The highest item number of ``items``."""
    return int(items.select("item").max().item())


def _no_pairs() -> pl.DataFrame:
    import polars as pl

    return pl.DataFrame(schema={"item": pl.UInt32, "rank": pl.Int64})


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


def _day_key(day: pl.Expr, side: int) -> pl.Expr:
    """A sort key for a cadre's pool (``group``), a day within it, then ``side``."""
    import polars as pl

    days = day.cast(pl.Int32).cast(pl.Int64) + _DAY_OFFSET
    return (pl.col("group") * (1 << _DAY_BITS) + days) * 4 + side


def _counted(
    items: pl.DataFrame, records: pl.DataFrame, at: str, *, inclusive: bool
) -> pl.DataFrame:
    """The items, each with ``c``: how many of its pool's records are dated before its ``at``
    day (on or before it when ``inclusive``). One stable sort of items and records together: a
    record counts for the items after it. The items come out pool by pool, in item order
    within a pool (a pool's windows are disjoint or the same, so by day is by item)."""
    import polars as pl

    side = 2 if inclusive else 0  # an item sorts after (or before) the records of its day
    stream = pl.concat(
        [
            items.with_columns(_day_key(pl.col(at), side).alias("key"), pl.lit(False).alias("r")),
            records.select(
                "group", _day_key(pl.col("first"), 1).alias("key"), pl.lit(True).alias("r")
            ),
        ],
        how="diagonal_relaxed",
    ).sort("key", maintain_order=True)
    record = pl.col("r").cast(pl.Int64)
    seen = record.cum_sum()
    before = seen - pl.when(_new_run(["group"])).then(seen - record).forward_fill()
    return stream.with_columns(before.alias("c")).filter(~pl.col("r")).drop("key", "r")


def _placed(records: pl.DataFrame, size: int) -> pl.DataFrame:
    """Records with ``slot``: their pool (``group``) and their place in it, by date then id, as
    one number. The records are sorted by pool, then ``rank`` (date, then id)."""
    import polars as pl

    return records.with_columns((pl.col("group") * size + _run_rank(["group"])).alias("slot"))


def _on_time(items: pl.DataFrame, records: pl.DataFrame, size: int) -> pl.DataFrame:
    import polars as pl

    if items.is_empty() or records.is_empty():
        return _no_pairs()
    # Item k of identical windows takes the k-th record from the window's first day.
    wanted = _counted(items, records, "start", inclusive=False).with_columns(
        (pl.col("group") * size + pl.col("c") + _run_rank(["group", "start", "end"])).alias("slot")
    )
    found = wanted.join(_placed(records, size).select("slot", "rank", "first"), on="slot")
    return found.filter(pl.col("first") <= pl.col("end")).select("item", "rank")


def _late(items: pl.DataFrame, records: pl.DataFrame, size: int) -> pl.DataFrame:
    import polars as pl

    if items.is_empty() or records.is_empty():
        return _no_pairs()
    # slot_j = j + max(c_i - i, i <= j) within each pool: a running maximum over all rows,
    # each pool lifted above the ones before it.
    lift = _new_run(["group"]).cast(pl.Int64).cum_sum() * (1 << 40)
    j = _run_rank(["group"])
    at = j + (lift + pl.col("c") - j).cum_max() - lift
    wanted = _counted(items, records, "end", inclusive=True).with_columns(
        (pl.col("group") * size + at).alias("slot")
    )
    found = wanted.join(_placed(records, size).select("slot", "rank"), on="slot")
    return found.select("item", "rank")


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

    if items.is_empty() or not kinds:
        # Nothing due (a plan of no programmes): nothing to match.
        return pl.DataFrame(schema={"item": pl.UInt32, "pos": records.schema.get("pos", pl.Int64)})
    order = sorted(kinds)
    program_pool = {pid: n for n, pid in enumerate(order)}
    kind_pool = {k: len(order) + n for n, k in enumerate(sorted(set(kinds.values())))}
    pools = len(order) + len(kind_pool)
    # A record's place among its cadre's records (by date, then id) is its rank.
    records = (
        records.filter(pl.col("program_id").is_not_null() | pl.col("kind").is_in(list(kind_pool)))
        .sort("code", "first", "id")
        .with_row_index("rank")
        .with_columns(
            pl.when(pl.col("program_id").is_not_null())
            .then(pl.col("program_id").replace_strict(program_pool, default=-1))
            .otherwise(pl.col("kind").replace_strict(kind_pool, default=-1))
            .cast(pl.Int64)
            .alias("pool"),
            pl.col("rank").cast(pl.Int64),
        )
        .with_columns((pl.col("code").cast(pl.Int64) * pools + pl.col("pool")).alias("group"))
    )
    # A slot numbers a pool's places; a wanted place may lie past the pool's last record (by
    # at most the items wanting one), and must not reach into the next pool's slots.
    size = records.height + items.height + 1
    # By pool, then date and id: every filter below keeps this order, which _placed needs.
    records = records.sort(pl.col("group") * size + pl.col("rank"))
    named = records.filter(pl.col("program_id").is_not_null())
    by_kind = records.filter(pl.col("program_id").is_null())
    code = pl.col("code").cast(pl.Int64) * pools
    items = items.with_columns(
        (code + pl.col("program_id").replace_strict(program_pool, return_dtype=pl.Int64)).alias(
            "group"
        ),
        (
            code
            + pl.col("program_id").replace_strict(
                {p: kind_pool[k] for p, k in kinds.items()}, return_dtype=pl.Int64
            )
        ).alias("kind_group"),
    )
    per_program = items.partition_by("program_id", as_dict=True, include_key=True)
    # What is taken so far, by item number and by record rank.
    done = pl.Series([False]).extend_constant(False, items["item"].len() and _last(items))
    used = pl.Series([False]).extend_constant(False, records.height)
    found: list[pl.DataFrame] = []

    def take(new: pl.DataFrame) -> None:
        found.append(new)
        done.scatter(new["item"], True)
        used.scatter(new["rank"], True)

    def open_items(frame: pl.DataFrame, late: bool) -> pl.DataFrame:
        frame = frame.filter(~done.gather(frame["item"]))
        return frame.filter(pl.col("end") < day) if late else frame

    for step, late in ((_on_time, False), (_late, True)):
        pool = named.filter(~used.gather(named["rank"]))
        mine = open_items(items.filter(among("group", pool["group"].unique())), late)
        take(step(mine, pool, size))
        for program_id in order:
            part = per_program.get((program_id,))
            if part is None:
                continue
            mine = open_items(part, late).with_columns(pl.col("kind_group").alias("group"))
            if mine.is_empty():
                continue
            pool = by_kind.filter(among("group", mine["group"].unique()))
            pool = pool.filter(~used.gather(pool["rank"]))
            take(step(mine, pool, size))
    pairs = pl.concat(found) if found else _no_pairs()
    return pairs.join(records.select("rank", "pos"), on="rank").select("item", "pos")


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


def needs_rules(items: pl.DataFrame, usable: pl.DataFrame) -> pl.Series:
    """The cadres (codes) the counting rules of :func:`match` do not hold for: a record dated
    to the month, or two windows of one programme that overlap without being the same."""
    import polars as pl

    # Items are in order: by cadre, programme and window.
    same = (pl.col("code") == pl.col("code").shift()) & (
        pl.col("program_id") == pl.col("program_id").shift()
    )
    previous_start = pl.col("start").shift()
    previous_end = pl.col("end").shift()
    overlapping = items.filter(
        same
        & (previous_end >= pl.col("start"))
        & ~((previous_start == pl.col("start")) & (previous_end == pl.col("end")))
    )["code"]
    month_dated = usable.filter(pl.col("day").is_null())["code"]
    return pl.concat([overlapping, month_dated]).unique()


def match_by_rules(
    items: pl.DataFrame,
    usable: pl.DataFrame,
    hard: pl.Series,
    records: Callable[[Sequence[int]], Sequence[ServiceRecord]],
    programs: dict[str, Any],
    day: _dt.date,
) -> pl.DataFrame:
    """Matches ``(item, pos)`` for the ``hard`` cadres, one cadre at a time by the rules.

    ``records`` makes the records at places of the ledger: asked once, for the usable records
    of the hard cadres that have items (from a frame, only those are made as objects)."""
    import polars as pl

    mine: dict[int, list[tuple[int, str, _dt.date, _dt.date]]] = {}
    for item, code, program_id, start, end in (
        items.filter(among("code", hard))
        .select("item", "code", "program_id", "start", "end")
        .iter_rows()
    ):
        mine.setdefault(code, []).append((item, program_id, start, end))
    theirs: dict[int, list[int]] = {}
    for code, pos in usable.filter(among("code", hard)).select("code", "pos").iter_rows():
        if code in mine:
            theirs.setdefault(code, []).append(pos)
    wanted = [pos for positions in theirs.values() for pos in positions]
    at = dict(zip(wanted, records(wanted), strict=True))
    kinds = {pid: p.kind for pid, p in programs.items()}
    pairs: list[tuple[int, int]] = []
    for code, cadre_items in mine.items():
        positions = {at[pos].id: pos for pos in theirs.get(code, ())}
        found = match_one_cadre(cadre_items, [at[p] for p in positions.values()], kinds, day)
        pairs.extend((item, positions[record.id]) for item, record in found.items())
    return pl.DataFrame(pairs, schema={"item": pl.UInt32, "pos": pl.UInt32}, orient="row")
