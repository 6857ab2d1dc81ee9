"""One person, one record: cadres entered twice, found by their ID number or, without one, by
name, birth month and what else the two records share.

A county's roster is merged from many units' and communities' lists, and the same person can
come in twice under two record ids. Two records with the same citizen ID number are the same
person (a 15-digit number is upgraded to 18 digits before they are compared, so the old and the
new number of one person are equal). Without a usable ID number on one of them, two records with
the same name and birth month are *likely* the same person when they also share the sex, the
former unit or the address; such a pair is scored by how much more they share. Two records that
both carry ID numbers, different ones, are two people, however alike.

The search is blocked: only records with the same ID number, or the same name and birth month,
are ever compared, never all pairs. It runs on columns (polars), so a roster of a million cadres
is searched in seconds (see ``benchmarks/bench_duplicates.py``).

Pairs a bureau has looked at and found to be two people are given as ``not_duplicates`` and
are not reported again.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import attrs

from laoganbu.dates import PartialDate
from laoganbu.errors import InvalidValueError
from laoganbu.labels import LabeledEnum
from laoganbu.privacy import Masked

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.models.roster import Roster

__all__ = ["REASONS", "DuplicatePair", "DuplicateReason", "find_duplicates", "read_not_duplicates"]


class DuplicateReason(LabeledEnum):
    """相同项 — what two records of cadres can share.

    The ID number makes a pair certain; the name and birth month make it a candidate; the
    others add to its score. Each member's first alias is its English name
    (:attr:`english`).
    """

    ID_NUMBER = ("id-number", "身份证号", "ID number")
    NAME = ("name", "姓名", "name")
    BIRTH_MONTH = ("birth-month", "出生年月", "birth month")
    SEX = ("sex", "性别", "sex")
    FORMER_UNIT = ("former-unit", "原单位", "former unit")
    ADDRESS = ("address", "居住地址", "address")
    NATIVE_PLACE = ("native-place", "籍贯", "native place")

    @property
    def english(self) -> str:
        """What is shared, in English (``birth month``)."""
        return self.aliases[0]


#: Code → ``"中文 English"`` label of each :class:`DuplicateReason` (derived from it; kept for
#: existing callers).
REASONS: Final[dict[str, str]] = {r.value: f"{r.label} {r.english}" for r in DuplicateReason}

#: How much each shared value adds to a likely pair's score (name and birth month give the
#: base). A pair sharing everything scores 0.95; a certain pair scores 1.
_BASE: Final = 0.5
_WEIGHTS: Final[dict[str, float]] = {
    "sex": 0.2,
    "former-unit": 0.1,
    "address": 0.1,
    "native-place": 0.05,
}

#: A block of one name and birth month with more records without an ID number than this is
#: compared with its first record only, so that the pairs stay as many as the records.
CROWDED: Final = 50

#: The cadre fields the search reads, as the cadres' frame names them.
_FIELDS: Final = (
    "id",
    "id_number",
    "name",
    "sex",
    "birth_date",
    "former_unit_id",
    "address",
    "native_place",
)

#: Columns compared for a likely pair: frame column → reason code.
_SHARED: Final[dict[str, str]] = {
    "sex": "sex",
    "former_unit_id": "former-unit",
    "address": "address",
    "native_place": "native-place",
}


@attrs.frozen
class DuplicatePair:
    """Two records of cadres that are, or are likely to be, one person.

    ``first`` is the record that comes first in the roster, ``second`` the later one; the pair
    names records by id only, never by their personal details.
    """

    first: str
    second: str
    #: 1.0 for the same ID number; otherwise 0.5 for the same name and birth month and more
    #: for each other value the two share (see :class:`DuplicateReason`), at most 0.95.
    score: float
    #: Codes of what the two records share (:class:`DuplicateReason` codes).
    reasons: tuple[str, ...]

    @property
    def certain(self) -> bool:
        """Whether the two share an ID number (one person, by law, has one)."""
        return "id-number" in self.reasons

    @property
    def shared_zh(self) -> str:
        """What the two records share, in Chinese (``姓名、出生年月、性别``)."""
        return "、".join(DuplicateReason.parse(r).label for r in self.reasons)

    @property
    def shared_en(self) -> str:
        """What the two records share, in English (``name, birth month, sex``)."""
        return ", ".join(DuplicateReason.parse(r).english for r in self.reasons)

    def explain(self) -> str:
        """What the two records share, in Chinese and English."""
        kind = "同一人 the same person" if self.certain else "疑为同一人 likely the same person"
        return (
            f"{self.first} / {self.second}: {kind} — {self.shared_zh}相同"
            f" (same {self.shared_en}); score {self.score:.2f}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "first": self.first,
            "second": self.second,
            "score": self.score,
            "certain": self.certain,
            "reasons": list(self.reasons),
        }


def find_duplicates(
    cadres: Roster | pl.DataFrame,
    *,
    not_duplicates: Iterable[tuple[str, str]] = (),
) -> list[DuplicatePair]:
    """The pairs of cadre records that are, or are likely to be, one person.

    Args:
        cadres: a roster, or a frame of cadres with the columns of the cadres' frame
            (:meth:`~laoganbu.Roster.frame` with ``reveal_pii=True``: a masked frame has no ID
            numbers or addresses to compare). ``id``, ``name`` and ``birth_date`` are needed;
            other columns missing count as unknown.
        not_duplicates: pairs of record ids a bureau found to be two people: not reported as
            likely pairs again (a pair sharing an ID number is reported all the same).

    Raises:
        InvalidValueError: the frame's ID numbers or addresses are masked, or it lacks
            ``id``, ``name`` or ``birth_date``.

    Returns:
        The pairs, certain ones first, then by score, each by the position of its records in
        the roster.

    Example:
        >>> from laoganbu import Roster
        >>> from laoganbu.testing import sample_roster
        >>> roster = sample_roster()
        >>> again = roster.cadres[0].model_copy(update={"id": "C99999"})
        >>> twice = roster.model_copy(update={"cadres": (*roster.cadres, again)})
        >>> [p.explain() for p in find_duplicates(twice)]  # doctest: +ELLIPSIS
        ['C00001 / C99999: 同一人 the same person — 身份证号、姓名、出生年月、...']
    """
    import polars as pl

    if isinstance(cadres, pl.DataFrame):
        for column in ("id_number", "address"):
            if (
                column in cadres.columns
                and cadres.get_column(column)
                .cast(pl.String)
                .str.contains("***", literal=True)
                .any()
            ):
                # Masked numbers that look alike are not the same number.
                raise InvalidValueError(
                    f"the frame's {column} column is masked; make it with reveal_pii=True"
                    " / 该列已脱敏，无法比对"
                )
        frame = _prepared(cadres)
    else:
        frame = _prepared(_cadres_frame(cadres))
    known = {frozenset(pair) for pair in not_duplicates}
    pairs = _certain(frame) + _likely(frame)
    # A recorded pair silences a likely match; the same ID number is one person by law.
    found = [p for p in pairs if p.certain or frozenset((p.first, p.second)) not in known]
    if not found:
        return found
    named = {p.first for p in found} | {p.second for p in found}
    order: dict[str, int] = {}
    for rid, n in (
        frame.filter(pl.col("id").is_in(pl.Series(list(named), dtype=pl.String).implode()))
        .select("id", "_n")
        .iter_rows()
    ):
        order.setdefault(rid, n)
    found.sort(key=lambda p: (-p.score, order[p.first], order[p.second]))
    return found


def _cadres_frame(roster: Roster) -> pl.DataFrame:
    """The columns the search reads, from the roster's cadres (from their columns when they
    are not made into records yet), personal values as they are (this frame stays here)."""
    import polars as pl

    from laoganbu.models.records import as_records

    records = as_records(roster.cadres)
    pending = records.pending()
    if pending is None:
        return pl.DataFrame(
            {f: [_text(v) for v in records.column(f)] for f in _FIELDS},
            schema=dict.fromkeys(_FIELDS, pl.String),
        )
    frames, made = pending
    parts = [
        f.select(
            "row",
            *[
                pl.col(c).cast(pl.String) if c in f.columns else pl.lit(None, pl.String).alias(c)
                for c in _FIELDS
            ],
        )
        for f in frames
    ]
    if made:
        parts.append(
            pl.DataFrame(
                {
                    "row": [row for row, _ in made],
                    **{f: [_text(getattr(r, f)) for _, r in made] for f in _FIELDS},
                },
                schema={"row": pl.Int64, **dict.fromkeys(_FIELDS, pl.String)},
            )
        )
    return pl.concat([p.cast({"row": pl.Int64}) for p in parts]).sort("row").drop("row")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, Masked):
        return value.reveal()
    if isinstance(value, LabeledEnum):
        return str(value.value)
    if isinstance(value, PartialDate):
        return value.isoformat()
    return str(value)


def _prepared(frame: pl.DataFrame) -> pl.DataFrame:
    import polars as pl

    missing = [c for c in _FIELDS if c not in frame.columns]
    for column in ("id", "name", "birth_date"):
        if column in missing:
            raise InvalidValueError(f"the cadres' frame has no {column!r} column / 缺少列 {column}")
    frame = frame.with_columns(pl.lit(None, pl.String).alias(c) for c in missing).select(
        pl.int_range(pl.len()).alias("_n"),
        # Blank text is no value; a blank ID number is no ID number.
        *[_blank_is_null(pl.col(c).cast(pl.String).str.strip_chars()) for c in _FIELDS],
        pl.col("birth_date").cast(pl.String).str.slice(0, 7).alias("_month"),
    )
    # A 15-digit number (as a frame may hold it) is compared as its 18-digit form.
    old = frame.filter(pl.col("id_number").str.len_chars() == 15).get_column("id_number")
    if old.len():
        upgraded = {v: _upgraded(v) for v in old.unique().to_list()}
        frame = frame.with_columns(pl.col("id_number").replace(upgraded).alias("id_number"))
    return frame


def _blank_is_null(column: pl.Expr) -> pl.Expr:
    import polars as pl

    return pl.when(column == "").then(None).otherwise(column).name.keep()


def _upgraded(number: str) -> str:
    from laoganbu.idnumber import normalize_id_number

    try:
        return normalize_id_number(number)
    except ValueError:
        return number  # not a valid number: compared as written


def _certain(frame: pl.DataFrame) -> list[DuplicatePair]:
    """Records sharing an ID number: each later one paired with the first."""
    import polars as pl

    groups = (
        frame.filter(pl.col("id_number").is_not_null() & pl.col("id_number").is_duplicated())
        .group_by("id_number")
        .agg(pl.col("_n").sort())
        .filter(pl.col("_n").list.len() > 1)
    )
    if not groups.height:
        return []
    numbers_in = groups.get_column("_n").explode()
    rows = {
        row[0]: row[1:]
        for row in frame.filter(pl.col("_n").is_in(numbers_in.implode()))
        .select("_n", "id", "name", "_month", *_SHARED)
        .rows()
    }
    pairs = []
    for numbers in groups.get_column("_n").to_list():
        first = rows[numbers[0]]
        for n in numbers[1:]:
            other = rows[n]
            reasons = ["id-number"]
            reasons += [
                r
                for r, a, b in zip(("name", "birth-month"), first[1:3], other[1:3], strict=True)
                if a is not None and a == b
            ]
            reasons += [
                code
                for code, a, b in zip(_SHARED.values(), first[3:], other[3:], strict=True)
                if a is not None and a == b
            ]
            if first[0] != other[0]:  # one record given twice is not two records
                pairs.append(DuplicatePair(first[0], other[0], 1.0, tuple(reasons)))
    return pairs


def _likely(frame: pl.DataFrame) -> list[DuplicatePair]:
    """Records with the same name and birth month, one of them without an ID number, that
    also share the sex, the former unit or the address.

    Each record without an ID number is compared with the others of its name and birth month;
    in a block of more than :data:`CROWDED` such records (a placeholder name, a list typed in
    without birth days) each is compared with the block's first record only, so that the pairs
    stay as many as the records."""
    import polars as pl

    keys = ["name", "_month"]
    named = pl.col("name").is_not_null() & pl.col("_month").is_not_null()
    # Only the blocks holding a record without an ID number can hold a pair.
    blocks = frame.filter(named & pl.col("id_number").is_null()).select(keys).unique()
    if not blocks.height:
        return []
    candidates = frame.filter(named).join(blocks, on=keys, how="semi")
    candidates = candidates.with_columns(
        pl.len().over(keys).alias("_size"), pl.col("_n").min().over(keys).alias("_head")
    ).filter(pl.col("_size") > 1)
    without = candidates.filter(pl.col("id_number").is_null())
    if not without.height:
        return []
    small = without.filter(pl.col("_size") <= CROWDED).join(
        candidates.drop("_size", "_head"), on=keys, suffix="_b"
    )
    crowded = candidates.filter(pl.col("_size") > CROWDED)
    heads = crowded.filter(pl.col("_n") == pl.col("_head")).drop("_size", "_head")
    large = (
        crowded.filter(pl.col("_n") != pl.col("_head"))
        .join(heads, on=keys, suffix="_b")
        .filter(pl.col("id_number").is_null() | pl.col("id_number_b").is_null())
    )
    columns = ["_n", "id", *_SHARED]
    joined = pl.concat(
        [
            part.select(*columns, *[f"{c}_b" for c in columns])
            for part in (small.drop("_size", "_head"), large.drop("_size", "_head"))
        ]
    ).filter(pl.col("_n") != pl.col("_n_b"))
    same = {
        code: (pl.col(c) == pl.col(f"{c}_b")).fill_null(False).alias(code)
        for c, code in _SHARED.items()
    }
    earlier = pl.col("_n") < pl.col("_n_b")
    shared = (
        joined.select(
            pl.when(earlier).then("id").otherwise("id_b").alias("first"),
            pl.when(earlier).then("id_b").otherwise("id").alias("second"),
            *same.values(),
        )
        .filter(pl.col("sex") | pl.col("former-unit") | pl.col("address"))
        .unique(["first", "second"], keep="first", maintain_order=True)
    )
    pairs = []
    for row in shared.iter_rows(named=True):
        reasons = ["name", "birth-month", *[code for code in _SHARED.values() if row[code]]]
        score = _BASE + sum(_WEIGHTS[code] for code in reasons[2:])
        pairs.append(DuplicatePair(row["first"], row["second"], round(score, 2), tuple(reasons)))
    return pairs


#: Headers of the two columns of a file of pairs that are not duplicates, in either language.
_PAIR_HEADERS: Final = (("cadre_id", "干部编号"), ("other_id", "另一干部编号"))


def read_not_duplicates(path: str | Path) -> list[tuple[str, str]]:
    """Pairs of record ids a bureau found to be two people, from a CSV file (UTF-8 or GB18030)
    with the columns ``cadre_id`` and ``other_id`` (``干部编号``, ``另一干部编号``); other
    columns (a note, who decided) are kept in the file and ignored here.

    Raises:
        UnusableInputError: the file cannot be read, lacks a column, or has rows without both
            ids (each such row is named by its number).
    """
    import csv

    from laoganbu.errors import UnusableInputError
    from laoganbu.io.sources import read_text

    file = Path(path)
    text, _encoding = read_text(file)
    rows = list(csv.reader(text.splitlines()))
    start = next((i for i, row in enumerate(rows) if any(c.strip() for c in row)), None)
    if start is None:
        raise UnusableInputError(f"{file.name}: empty / 文件为空")
    header = [h.strip().casefold() for h in rows[start]]
    where = []
    for names in _PAIR_HEADERS:
        found = next((header.index(n) for n in names if n in header), None)
        if found is None:
            raise UnusableInputError(f"{file.name}: no column {names[0]} / 缺少列「{names[1]}」")
        where.append(found)
    pairs, bad = [], []
    for number, row in enumerate(rows[start + 1 :], start=start + 2):
        if not any(cell.strip() for cell in row):
            continue
        ids = [row[i].strip() if i < len(row) else "" for i in where]
        if not all(ids):
            bad.append(number)
            continue
        pairs.append((ids[0], ids[1]))
    if bad:
        shown = ", ".join(map(str, bad[:20])) + (" …" if len(bad) > 20 else "")
        raise UnusableInputError(
            f"{file.name}: rows {shown} lack one of the two ids / 第 {shown} 行缺少编号"
        )
    return pairs
