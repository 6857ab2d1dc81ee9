"""Read a ledger straight into columns: :func:`read_frame`.

A CSV ledger is parsed by polars and its cells recognised by column expressions
(``laoganbu.io.recognize``); no record object is made. Rows the expressions are unsure of,
and rows sharing an id, go to the row-by-row import (:mod:`laoganbu.io.reader`) — the
reference this path is tested against — which judges and words them exactly as
:func:`~laoganbu.read_table` does. A file the columns cannot take whole (quoted cells, a workbook,
JSON, a table with nested fields) is read row by row and its records turned into columns.
"""

from __future__ import annotations

import csv
import operator
import os
from collections.abc import Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.errors import UnusableInputError
from laoganbu.io.cells import SourceRow
from laoganbu.io.formulas import restore
from laoganbu.io.frame_result import FrameResult
from laoganbu.io.frames import (
    REFERENCES,
    FieldKind,
    field_kind,
    field_kinds,
    frame_records,
    frame_schema,
    records_frame,
)
from laoganbu.io.reader import _long_lived_allocations, _merge_aliases, _problem_order, _Reader
from laoganbu.io.recognize import SUSPECT, Recogniser, recogniser
from laoganbu.io.rows import RowReader
from laoganbu.io.sources import (
    MAX_CELL,
    RawTable,
    _csv_error,
    _read_bytes,
    decode_csv,
    refuse_binary,
)
from laoganbu.io.tables import Column, TableSchema, schema_for, unwrap_annotation
from laoganbu.models.enums import LifeEventKind
from laoganbu.models.roster import TABLES, Roster
from laoganbu.problems import Problem
from laoganbu.text import SPACE

if TYPE_CHECKING:
    import polars as pl

__all__ = ["read_frame"]

#: Cells recognised together (see ``recognise``): a chunk's cells split out of their lines are
#: held until it is recognised, so a wide table (a cadre's 32 columns) takes fewer rows at once.
_CELLS = 1_000_000

_BOM = b"\xef\xbb\xbf"

#: What the csv module raises for a cell over its limit: how the CSV reader words that row.
_FIELD_LIMIT = csv.Error(f"field larger than field limit ({MAX_CELL})")

#: The ASCII unit separator, which no roster cell may hold: lines are read whole with it.
_UNIT = "\x1f"


def read_frame(
    path: str | os.PathLike[str],
    table: str,
    *,
    against: Roster | None = None,
    aliases: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
    reveal_pii: bool = False,
) -> FrameResult:
    """Read one file as one table, held as columns: a ledger of millions of rows without a
    record object per row.

    Rows are checked, rejected and reported exactly as :func:`~laoganbu.read_table` does (the
    same problems, file, row, column as written, value masked, bilingual reason); the accepted
    rows are a polars frame (see :class:`FrameResult`), one row each, in the file's order.

    CSV files in the forms laoganbu writes are read as columns; anything else (quoted cells,
    other spellings of dates and labels, a workbook or JSON) is read row by row, with the same
    outcome, more slowly.

    Args:
        path: the file (CSV, workbook or JSON, as for :func:`~laoganbu.read_table`).
        table: a table of :data:`~laoganbu.models.roster.TABLES` whose fields are all flat
            (the ledgers: ``service_records``, ``life_events``, ``supports`` …), by name or
            Chinese label.
        against: the roster the records belong to; references are checked against it.
        aliases: more accepted column headers, table → column name → headers.
        reveal_pii: show personal values in problems as written instead of masked.

    Raises:
        UnusableInputError: the file cannot be read, or ``table`` is not a flat table.

    Example:
        >>> from laoganbu import read_frame
        >>> from laoganbu.testing import sample_folder
        >>> result = read_frame(sample_folder() / "records.csv", "service_records")
        >>> result.frame().columns[:4] == ["row", "id", "cadre_id", "kind"]
        True
    """
    schema = schema_for(table)
    if schema is None or schema.name not in TABLES:
        names = "、".join(TABLES)
        raise UnusableInputError(f"{table!r} is not a roster table ({names}) / 不是花名册表名")
    if field_kinds(schema.model) is None:
        raise UnusableInputError(
            f"{schema.name} has nested fields and is not held as one frame; read it with"
            " read_roster and use Roster.frame / 该表含嵌套字段，请用 read_roster 读取"
        )
    with _long_lived_allocations():
        rows = RowReader(None, _merge_aliases(aliases), reveal_pii=reveal_pii)
        return _FrameReader(_Reader(rows), schema).read(Path(path), against)


@attrs.frozen
class _Recognised:
    """A CSV file as the expressions see it (see :meth:`_FrameReader.recognise`)."""

    label: str
    encoding: str
    raw: RawTable
    header_problems: list[Problem]
    #: The file's rows a chunk at a time: the rows recognised (``row``, ``line`` and a value
    #: column per column of the file), and the others (``row``, ``line``).
    chunks: Iterator[tuple[pl.DataFrame, pl.DataFrame]]


@attrs.frozen
class _Judged:
    """Rows judged row by row: the records accepted and the rows they came from."""

    model: Any
    records: list[Any]
    rows: list[int]

    def frame(self) -> pl.DataFrame:
        import polars as pl

        return records_frame(
            self.model, self.records, reveal_pii=True, extra={"row": self.rows}
        ).cast(pl.Schema(_schema(self.model)), strict=True)


class _FrameReader:
    def __init__(self, reader: _Reader, schema: TableSchema) -> None:
        self.reader = reader
        self.schema = schema
        self.model = schema.model
        #: How each field is held, for a table a frame holds whole (the ledgers).
        self.kinds = field_kinds(schema.model) or {}
        #: column name → header as written (see :class:`~laoganbu.io.cells.SourceRow`).
        self.headed: dict[str, str] = {}
        #: The rows the roster check judges for more than their references (see
        #: :func:`_judged_beyond_references`), when read against a roster.
        self.beyond: pl.Expr | None = None
        #: row → its amounts as written (500, where the frame holds 500.00), of the rows
        #: ``beyond`` picks: the check words its problems with them as read_table does.
        self.written: dict[int, dict[str, Any]] = {}

    @property
    def problems(self) -> list[Any]:
        return self.reader.problems

    def read(self, path: Path, against: Roster | None) -> FrameResult:
        fast = self._fast(path, against) if path.suffix.lower() == ".csv" else None
        if fast is None:
            return self._row_by_row(path, against)
        label, encoding, frame = fast
        if against is not None:
            frame = self._references(frame, against, label)
        self.problems.sort(key=_problem_order)
        return FrameResult(
            table=self.schema.name,
            model=self.model,
            data=frame,
            problems=tuple(self.problems),
            files={label: encoding},
        )

    def _row_by_row(self, path: Path, against: Roster | None) -> FrameResult:
        result = self.reader.read_one(path, self.schema.name, against)
        records = result.roster.table(self.schema.name)
        origin = self.reader.origin.get(self.schema.name, {})
        frame = records_frame(
            self.model,
            records,
            reveal_pii=True,
            extra={"row": [origin[r.id].row for r in records]},
        )
        return FrameResult(
            table=self.schema.name,
            model=self.model,
            data=frame,
            problems=result.problems,
            files=result.files,
        )

    def _fast(self, path: Path, against: Roster | None) -> tuple[str, str, pl.DataFrame] | None:
        """The accepted rows of a ledger as a frame, or ``None`` when the file is not one the
        columns can read whole (then nothing has been reported yet). Read ``against`` a roster,
        the amounts of the rows its check judges beyond their references are kept as written
        (:attr:`written`)."""
        import polars as pl

        if _checks_across_fields(self.model):
            return None
        found = self.recognise(path)
        if found is None:
            return None
        schema = pl.Schema(_schema(self.model))
        if against is not None:
            self.beyond = _judged_beyond_references(self.schema.name, against)
        amounts = [n for n, kind in self.kinds.items() if kind.kind == "decimal"]
        parts: list[pl.DataFrame] = []
        set_aside: list[pl.DataFrame] = []
        for accepted, others in found.chunks:
            part = accepted.select(
                "row",
                *[_with_default(n, kind, accepted.columns) for n, kind in self.kinds.items()],
            )
            if self.beyond is not None and amounts:
                # Still as written (a recogniser gives an amount's text).
                for row, *values in part.filter(self.beyond).select("row", *amounts).iter_rows():
                    self.written[row] = {
                        n: None if v is None else Decimal(v)
                        for n, v in zip(amounts, values, strict=True)
                    }
            parts.append(part.cast(schema, strict=True))
            set_aside.append(others)
        frame = pl.concat(parts) if parts else _empty(self.model)
        others = pl.concat(set_aside) if set_aside else pl.DataFrame({"row": [], "line": []})
        if others.height:
            judged = self.judge(found, others)
            extra = judged.frame()
            if self.beyond is not None and amounts:
                picked = set(extra.filter(self.beyond).get_column("row").to_list())
                for record, row in zip(judged.records, judged.rows, strict=True):
                    if row in picked:
                        self.written[row] = {n: getattr(record, n) for n in amounts}
            frame = pl.concat([frame, extra], how="vertical").sort("row")
        else:
            self.problems.extend(found.header_problems)
        return found.label, found.encoding, frame

    def recognise(self, path: Path) -> _Recognised | None:
        """The rows of a CSV file whose cells the expressions recognise, their values in
        columns named as the table's columns, and the others; ``None`` when the file is not one
        the columns can read whole (then nothing has been reported yet)."""
        import polars as pl

        label = path.name  # as the row-by-row import names a file read on its own
        data = _read_bytes(path, label)
        lines, encoding = self._lines(data, label)
        if lines is None or lines.height == 0:
            return None
        first = lines.item(0, "line")
        if first is None or not first.strip(SPACE):
            return None  # no header: the row-by-row import says what is wrong
        headers = first.split(",")
        raw = RawTable(self.schema, label, headers, iter(()), encoding, text_only=True)
        before = len(self.problems)
        columns = self.reader.rows.map_headers(raw)  # may raise: a required column missing
        header_problems = self.problems[before:]
        del self.problems[before:]
        self.headed = {column.name: header for header, column in columns.items()}
        plan = {f"c{i}": columns[h] for i, h in enumerate(headers) if h in columns}
        parent = self.schema.parent
        recognisers: dict[str, Recogniser] = {}
        # Dates written 1949年9月 are looked for only in a file that has a 年 somewhere.
        chinese = bool(lines.slice(1).get_column("line").str.contains("年", literal=True).any())
        for source, column in plan.items():
            if parent is not None and column.name == parent.key.name:
                recognisers[source] = _parent_key
                continue
            kind = _kind_of(self.model, column.path)
            recognise = recogniser(kind, chinese_dates=chinese) if kind is not None else None
            if recognise is None:
                return None
            recognisers[source] = recognise
        width = len(headers)
        # Split once into a column of its own: an expression repeated per cell is split again
        # for every cell (ten times slower on a table of thirty columns).
        split = pl.col("line").str.split(",").alias("_cells")
        cells = [pl.col("_cells").list.len().fill_null(0).alias("_width")] + [
            pl.col("_cells").list.get(i, null_on_oob=True).alias(f"c{i}") for i in range(width)
        ]
        values: list[pl.Expr] = []
        line = pl.col("line")
        oks: list[pl.Expr] = [
            pl.col("_width") == width,
            # A line no longer than a cell may be (the longest a workbook cell holds).
            line.str.len_chars() <= MAX_CELL,
            ~line.str.contains(SUSPECT),
        ]
        for source, column in plan.items():
            value, ok = recognisers[source](pl.col(source))
            values.append(value.alias(column.name))
            oks.append(ok.fill_null(False))
        shared = self._shared_ids(lines, plan)
        if shared is not None:
            # Rows sharing an id are judged in order by the row-by-row import (the first one
            # accepted keeps the id).
            oks.append(~pl.col("row").is_in(shared.implode()))
        size = max(_CELLS // width, 1000)

        def chunks() -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
            # A chunk at a time: its cells, split out of the lines, are held for it alone.
            for start in range(1, lines.height, size):
                part = (
                    lines.lazy()
                    .slice(start, size)
                    .with_row_index("row", offset=start + 1)
                    .with_columns(split)
                    .with_columns(cells)
                    .select("row", "line", pl.all_horizontal(oks).alias("_ok"), *values)
                    .collect()
                )
                ok = part.get_column("_ok")
                yield (
                    (part if ok.all() else part.filter(ok)).drop("_ok"),
                    part.filter(~ok).select("row", "line"),
                )

        return _Recognised(
            label=label,
            encoding=encoding,
            raw=raw,
            header_problems=header_problems,
            chunks=chunks(),
        )

    @staticmethod
    def _shared_ids(lines: pl.DataFrame, plan: dict[str, Column]) -> pl.Series | None:
        """The rows whose id another row has too (``None`` when every id is its own); a child
        row (a contact) has no id of its own."""
        import polars as pl

        index = next((int(s[1:]) for s, c in plan.items() if c.path[0] == "id"), None)
        if index is None:
            return None
        ids = (
            lines.lazy()
            .slice(1)
            .with_row_index("row", offset=2)
            .select(
                "row",
                pl.col("line")
                .str.split(",")
                .list.get(index, null_on_oob=True)
                .str.strip_chars(SPACE)
                # The row-by-row import restores '=R1 (quoted against formulas on export) to
                # =R1 before it compares ids: dropping any one leading quote here may only
                # send more rows there.
                .str.strip_prefix("'")
                .alias("id"),
            )
            .collect()
        )
        if ids.get_column("id").n_unique() == ids.height:
            return None  # counted first: a clean file is spared the second pass
        shared = (pl.col("id") != "") & pl.col("id").is_duplicated()
        found: pl.Series = ids.filter(shared.fill_null(False)).get_column("row")
        return found

    @staticmethod
    def _lines(data: bytes, label: str) -> tuple[pl.DataFrame | None, str]:
        """The file's lines, each whole, and its encoding; no lines when the file has cells
        the columns cannot split safely."""
        import polars as pl

        refuse_binary(data, label)  # as the CSV reader refuses it
        if (
            b'"' in data  # quoted cells, perhaps over several lines
            or _UNIT.encode() in data
            or (b"\r" in data and data.count(b"\r") != data.count(b"\r\n"))  # old Mac ends
        ):
            return None, ""
        # polars passes over a UTF-8 BOM itself (no copy of the file without it).
        encoding = "utf-8-sig" if data.startswith(_BOM) else "utf-8"
        # Each line whole (no cell holds the separator), to be split after: blank lines are
        # kept (as null), so that rows are numbered as the row-by-row import numbers them.
        options: dict[str, Any] = {
            "has_header": False,
            "separator": _UNIT,
            "quote_char": None,
            "schema": {"line": pl.String},
        }
        try:
            return pl.read_csv(data, **options), encoding
        except pl.exceptions.ComputeError:
            # Not UTF-8: GBK, as decode_csv reads it, or a clear error saying what it is.
            text, encoding = decode_csv(data, label)
            return pl.read_csv(text.encode(), **options), encoding

    def judge(
        self,
        found: _Recognised,
        others: pl.DataFrame,
        children: dict[str, dict[str, list[Any]]] | None = None,
    ) -> _Judged:
        """The rows the expressions were unsure of (``row``, ``line``), judged row by row as
        the row-by-row import judges them (which also reports the headers' own problems)."""
        table = self.raw_rows(found, others)
        with self.reader.rows.quiet():  # their rows were counted as the chunks were read
            records = self.reader._read_table(table, children if children is not None else {})
        origin = self.reader.origin[self.schema.name]
        return _Judged(self.model, records, [origin[r.id].row for r in records])

    def raw_rows(self, found: _Recognised, others: pl.DataFrame) -> RawTable:
        """The rows ``others`` (``row``, ``line``) of the file as the CSV reader gives them to
        the rows' judge."""
        raw = found.raw

        def rows() -> Iterator[tuple[int, list[str]]]:
            # What the CSV reader does before a row reaches the rows' judge (io.sources): a
            # row with an over-long cell is reported there, blank rows are passed over, and
            # cells quoted against formulas are restored.
            for number, line in others.sort("row").iter_rows():
                cells = [] if line is None else line.split(",")
                long = next((i for i, c in enumerate(cells) if len(c) > MAX_CELL), None)
                if long is not None:
                    self.problems.append(
                        Problem(
                            file=raw.file,
                            row=number,
                            table=raw.schema.name,
                            column=raw.headers[long] if long < len(raw.headers) else None,
                            message=_csv_error(_FIELD_LIMIT, number),
                        )
                    )
                elif any(c.strip(SPACE) for c in cells):
                    yield number, [restore(c) if c[:1] == "'" else c for c in cells]

        return RawTable(raw.schema, raw.file, raw.headers, rows(), raw.encoding, text_only=True)

    def _references(self, frame: pl.DataFrame, against: Roster, label: str) -> pl.DataFrame:
        """``frame`` less the rows whose references do not resolve in ``against``, each
        reported as :func:`~laoganbu.read_table` reports it, and with the warnings of the rows
        the roster check judges for more than their references (the deaths' check)."""
        import polars as pl

        references = REFERENCES.get(self.schema.name)
        if references is None:
            suspect = pl.lit(True)  # references unknown here: let the roster check judge all
        else:
            suspect = pl.lit(False)
            for field, target in references.items():
                known = pl.Series(list(map(_id, against.table(target))), dtype=pl.String)
                column = pl.col(field)
                if self.kinds[field].kind == "list":
                    found = column.list.eval(pl.element().is_in(known.implode())).list.all()
                    suspect |= ~found
                else:
                    suspect |= column.is_not_null() & ~column.is_in(known.implode())
            if self.beyond is not None:
                suspect |= self.beyond
        doubtful = frame.filter(suspect)
        if not doubtful.height:
            return frame
        records = frame_records(self.model, doubtful)
        if self.written:
            # An amount in the check's words and values as written, as read_table gives it.
            records = [
                record.model_copy(update=self.written[row]) if row in self.written else record
                for record, row in zip(records, doubtful.get_column("row").to_list(), strict=True)
            ]
        origin = self.reader.origin.setdefault(self.schema.name, {})
        for record, number in zip(records, doubtful["row"], strict=True):
            origin.setdefault(record.id, SourceRow(label, number, self.headed))
        roster = self.reader.references.run({self.schema.name: records}, against)
        kept = pl.Series(list(map(_id, roster.table(self.schema.name))), dtype=pl.String)
        return frame.filter(~suspect | pl.col("id").is_in(kept.implode()))


_id = operator.attrgetter("id")


def _judged_beyond_references(table: str, against: Roster) -> pl.Expr:
    """The rows of ``table`` that :meth:`~laoganbu.Roster.check` may warn about with their
    references resolved: those its deaths' check reads. Every 去世 life event (one is judged
    with the cadre's 去世时间 and the cadre's other 去世 events: ``death-dates-differ``,
    ``death-date-missing``, ``death-recorded-twice``) and every amount paid for a cadre
    ``against`` records as deceased, in the service records or the payments
    (``paid-after-death``). More rows than warned about may be
    given: the check judges each as the row-by-row import does."""
    import polars as pl

    if table == "life_events":
        return pl.col("kind").eq(LifeEventKind.DEATH.value)
    if table in ("service_records", "payments"):
        deceased = pl.Series(list(against.deaths()), dtype=pl.String)
        return pl.col("amount").is_not_null() & pl.col("cadre_id").is_in(deceased.implode())
    return pl.lit(False)


def _parent_key(cell: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """A child row's parent id, as the row-by-row import takes it (the cell's text); a blank
    one is judged there (and reported)."""
    return cell, cell != ""


def _with_default(name: str, kind: FieldKind, present: list[str]) -> pl.Expr:
    """The column ``name`` of a ledger's frame, its field's default where blank."""
    import polars as pl

    column = pl.col(name) if name in present else pl.lit(None)
    if kind.default is not None and kind.kind != "list":
        column = column.fill_null(kind.default)
    return column.alias(name)


def _kind_of(model: Any, path: tuple[str, ...]) -> FieldKind | None:
    """How the column at ``path`` (a field, or a nested record's field) is held."""
    if len(path) == 1:
        return field_kind(model, path[0])
    inner = unwrap_annotation(model.model_fields[path[0]].annotation)
    return field_kind(inner, path[1]) if len(path) == 2 else None


def _checks_across_fields(model: Any) -> bool:
    """Whether the model checks its fields against each other (not done in columns here)."""
    return bool(model.__pydantic_decorators__.model_validators)


def _schema(model: Any) -> dict[str, pl.DataType]:
    import polars as pl

    return {"row": pl.Int64(), **frame_schema(model)}


def _empty(model: Any) -> pl.DataFrame:
    import polars as pl

    return pl.DataFrame(schema=_schema(model))
