"""The ledger as columns for :func:`~laoganbu.compliance`: which records are usable, and the
:class:`~laoganbu.Problem` of each that is not.

The ledger comes as record objects (:func:`ledger_frame`) or as a polars frame in the
convention of :mod:`laoganbu.io.frames` (:func:`frame_ledger`); either way the engine works on
the same columns, and a :class:`Ledger` makes record objects back only for the places asked
for.

A record is checked as the per-item engine checked it, in input order, the first failing check
naming its problem: an id used by an earlier record; an exact repeat of an earlier record (same
cadre, kind, programme and date, among those with new ids); an unknown cadre; an unknown
programme; a date after the check day.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Collection, Iterable, Sequence
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING

import attrs

from laoganbu.dates import _MAX_YEAR, _MIN_YEAR, first_day_column
from laoganbu.errors import InvalidDateError, InvalidValueError
from laoganbu.models.enums import ServiceKind
from laoganbu.models.service import ServiceRecord
from laoganbu.problems import Problem, RecordRef

if TYPE_CHECKING:
    import polars as pl

__all__ = ["Ledger", "check_records", "frame_ledger", "ledger_frame", "ledger_of"]


@attrs.frozen(eq=False)  # frames do not compare with ==
class Ledger:
    """The ledger as the engine's columns (:attr:`columns`, as :func:`ledger_frame` makes
    them) and what they were made from (:attr:`source`): the record objects, or the frame's
    record fields checked and cast (:func:`frame_ledger`), row for row."""

    columns: pl.DataFrame
    source: list[ServiceRecord] | tuple[ServiceRecord, ...] | pl.DataFrame

    def records(self, positions: Sequence[int]) -> list[ServiceRecord]:
        """The records at ``positions`` (places in the ledger), in that order; from a frame,
        made from those rows only."""
        if isinstance(self.source, list | tuple):
            return [self.source[at] for at in positions]
        if not positions:
            return []
        import polars as pl

        from laoganbu.io.frames import frame_records

        rows = self.source.select(pl.all().gather(list(positions)))
        found: list[ServiceRecord] = frame_records(ServiceRecord, rows)
        return found

    def amounts(self, positions: Sequence[int]) -> list[Decimal | None]:
        """The amounts of the records at ``positions``, in that order."""
        if isinstance(self.source, list | tuple):
            return [self.source[at].amount for at in positions]
        import polars as pl

        values: list[Decimal | None] = (
            self.source["amount"].gather(pl.Series(list(positions), dtype=pl.UInt32)).to_list()
        )
        return values


def ledger_of(records: Iterable[ServiceRecord] | pl.DataFrame) -> Ledger:
    """The ledger of ``records``: objects, or a polars frame (see :func:`frame_ledger`)."""
    import polars as pl

    if isinstance(records, pl.DataFrame):
        return frame_ledger(records)
    objects = records if isinstance(records, list | tuple) else list(records)
    return Ledger(ledger_frame(objects), objects)


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


#: A date as frames write it (:mod:`laoganbu.io.frames`); whether it is a real day is asked of
#: polars' date parser, which reads ``2026-1-5`` too, hence the form first.
_DATE_FORM = r"^[0-9]{4}-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12][0-9]|3[01]))?$"
#: The record fields compliance reads from a frame; the others (provider, notes) and any other
#: columns are left in the frame, unread.
_READ = ("id", "cadre_id", "kind", "date", "program_id", "amount")


def frame_ledger(frame: pl.DataFrame) -> Ledger:
    """The ledger of a frame of service records (the convention of :mod:`laoganbu.io.frames`),
    its columns as :func:`ledger_frame` makes them from the same records as objects, with
    polars expressions only.

    A missing optional column counts as null throughout. Raises
    :class:`~laoganbu.InvalidValueError` for a missing required column, a column of another
    type, an empty required value or an unknown service kind, and
    :class:`~laoganbu.InvalidDateError` for a date not written ``YYYY-MM`` or ``YYYY-MM-DD``
    or that does not exist: a record object could hold none of these, and the results must
    be the same as from objects.
    """
    import polars as pl

    from laoganbu.io.frames import field_kinds, frame_schema

    kinds = field_kinds(ServiceRecord)
    assert kinds is not None  # a service record's fields all have columns
    schema = frame_schema(ServiceRecord)
    has = frame.schema
    for name, kind in kinds.items():
        if name not in has:
            if kind.required:
                raise InvalidValueError(
                    f"the ledger frame has no column {name!r} (it has"
                    f" {', '.join(map(repr, has)) or 'none'}) / 服务记录表缺少列 {name}"
                )
            continue
        dtype = has[name]
        decimal = kind.kind == "decimal"
        # A column of nothing but nulls may come as polars' Null type; categories are text.
        fits = (
            isinstance(dtype, pl.Null)
            or (decimal and isinstance(dtype, pl.Decimal))
            or (not decimal and isinstance(dtype, pl.String | pl.Categorical | pl.Enum))
        )
        if not fits:
            wanted = "Decimal" if decimal else "String (text)"
            raise InvalidValueError(
                f"the ledger frame's column {name!r} holds {dtype}, not {wanted}"
                f" / 服务记录表的列 {name} 类型不对，应为{'金额（Decimal）' if decimal else '文本'}"
            )

    def read(name: str) -> pl.Expr:
        if name not in has:
            return pl.lit(None, dtype=schema[name]).alias(name)
        if isinstance(has[name], pl.Decimal):
            return pl.col(name)  # an amount keeps its places: a cast to the field's may round
        return pl.col(name).cast(schema[name])

    fields = frame.select(read(name) for name in _READ)
    required = [name for name in _READ if kinds[name].required]
    empty = fields.select(pl.col(required).null_count()).row(0)
    for name, count in zip(required, empty, strict=True):
        if count:
            _refuse(
                fields,
                pl.col(name).is_null(),
                InvalidValueError,
                f"the ledger frame's column {name!r} is empty in {count:,} rows",
                f"服务记录表的列 {name} 有空值",
            )

    text = pl.col("date")
    first = first_day_column(text)
    columns = fields.select(
        "id",
        "cadre_id",
        "kind",
        "program_id",
        first.alias("first"),
        (text.str.len_bytes() == 10).alias("to_day"),
        pl.col("amount").is_not_null().alias("paid"),
        (
            text.str.contains(_DATE_FORM)
            & first.is_not_null()
            & first.dt.year().is_between(_MIN_YEAR, _MAX_YEAR)
        ).alias("real"),
        pl.col("kind").is_in([k.value for k in ServiceKind]).alias("known_kind"),
    )
    bad_dates = columns.height - columns["real"].sum()
    if bad_dates:
        _refuse(
            fields,
            ~columns["real"],
            InvalidDateError,
            f"the ledger frame's column 'date' holds {bad_dates:,} values that are no date"
            " written YYYY-MM or YYYY-MM-DD",
            "服务日期应写作 YYYY-MM 或 YYYY-MM-DD 且日期存在",
            show="date",
        )
    bad_kinds = columns.height - columns["known_kind"].sum()
    if bad_kinds:
        _refuse(
            fields,
            ~columns["known_kind"],
            InvalidValueError,
            f"the ledger frame's column 'kind' holds {bad_kinds:,} values that are no service"
            " kind's code (such as 'phone_call')",
            "服务类型应为英文代码（如 phone_call）",
            show="kind",
        )
    day = pl.col("first")
    ledger = columns.with_row_index("pos").select(
        "pos",
        "id",
        "cadre_id",
        "kind",
        "program_id",
        day.dt.year().cast(pl.Int32).alias("year"),
        day.dt.month().cast(pl.Int8).alias("month"),
        pl.when(pl.col("to_day")).then(day.dt.day().cast(pl.Int8)).alias("day"),
        "paid",
        "first",
    )
    return Ledger(ledger, fields)


def _refuse(
    frame: pl.DataFrame,
    bad: pl.Expr | pl.Series,
    error: type[InvalidValueError],
    english: str,
    chinese: str,
    *,
    show: str | None = None,
) -> None:
    """Raise ``error`` naming the first row of ``frame`` that is ``bad`` (counted from 0)."""
    first = frame.with_row_index("_at").filter(bad).row(0, named=True)
    where = f"frame row {first['_at']}"
    value = "" if show is None else f": {first[show]!r}"
    raise error(f"{english} (the first at {where}{value}) / {chinese}")


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
