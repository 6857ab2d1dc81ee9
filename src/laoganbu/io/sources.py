"""Reading raw rows from CSV folders, XLSX workbooks and JSON files.

A source yields, per table, the file it came from and its rows as ``(row_number, {header: cell})``
with headers exactly as written. Nothing here interprets values; :mod:`laoganbu.io.reader` does.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import itertools
import json
import math
import re
import stat
import sys
import typing
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from laoganbu.errors import UnusableInputError
from laoganbu.io.formulas import restore
from laoganbu.io.tables import TableSchema, header_key, schema_for
from laoganbu.problems import Problem
from laoganbu.text import SPACE

__all__ = [
    "RawTable",
    "csv_table",
    "decode_csv",
    "read_source",
    "read_source_as",
    "read_text",
    "refuse_binary",
]

Cell = str | int | float | _dt.datetime | _dt.date | dict[str, Any] | list[Any] | None
#: A row's cells: aligned with the headers (CSV, XLSX), or by header (JSON).
Row = Sequence[Cell] | dict[str, Cell]


@attrs.define
class RawTable:
    """The raw rows of one table as read from one file or sheet."""

    schema: TableSchema
    file: str
    headers: list[str]
    #: ``(row number, cells)``: a list aligned with :attr:`headers` for CSV and XLSX (possibly
    #: longer, when a row has cells beyond the last header), a dict for JSON.
    rows: Iterator[tuple[int, Row]]
    encoding: str | None = None
    #: Rows hold nested objects (JSON) rather than flat cells.
    nested: bool = False
    #: Every cell is text (CSV).
    text_only: bool = False
    #: Reads the rows in chunks faster than :attr:`rows` can (CSV); see :meth:`chunks`.
    chunker: Callable[[int], Iterator[tuple[list[int], list[Row]]]] | None = None
    #: A CSV file not opened yet, to be read as columns (see ``read_source``'s ``defer``).
    deferred: Path | None = None

    def chunks(self, size: int) -> Iterator[tuple[list[int], list[Row]]]:
        """The rows, ``size`` at a time, as (row numbers, rows)."""
        if self.chunker is not None:
            yield from self.chunker(size)
            return
        rows = iter(self.rows)
        while chunk := list(itertools.islice(rows, size)):
            yield [n for n, _ in chunk], [r for _, r in chunk]


def refuse_binary(data: bytes, file: str) -> None:
    """Raise :class:`UnusableInputError` saying why when ``data`` is not text a CSV reader
    could decode: UTF-16, a workbook or other binary file."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnusableInputError(
            f"{file}: UTF-16 text (Excel's 'Unicode text'); save it as CSV UTF-8"
            " / 文件为UTF-16编码，请另存为CSV UTF-8"
        )
    if head.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        raise UnusableInputError(
            f"{file}: a workbook (or other binary file) named .csv; give workbooks as .xlsx"
            " / 这是工作簿而不是CSV文件"
        )
    # A NUL or two is damage in a cell, which rejects its row; text is not mostly NULs.
    if head.count(b"\x00") * 8 > len(head):
        raise UnusableInputError(f"{file}: binary data, not a CSV file / 不是CSV文本文件")


def decode_csv(data: bytes, file: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (with or without BOM), else GB18030 (a superset of GBK).

    Returns the text and the encoding used.
    """
    refuse_binary(data, file)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            # The BOM says UTF-8, so other bytes mean a file pieced together from two encodings.
            at = exc.start + 3
            raise UnusableInputError(
                f"{file}: starts as UTF-8 (with BOM) but line {_line_of(data, at)} (byte {at})"
                " is not UTF-8 / 文件以UTF-8开头，但该行不是UTF-8编码"
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_fails_at = exc.start
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError as exc:
        # The encoding that read further is the file's own, most likely; point at its failure.
        at = max(utf8_fails_at, exc.start)
        raise UnusableInputError(
            f"{file}: neither UTF-8 nor GBK/GB18030 text (line {_line_of(data, at)},"
            f" byte {at}) / 文件编码无法识别"
        ) from None


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _read_bytes(path: Path, label: str | Path) -> bytes:
    """The bytes of a file, or :class:`UnusableInputError` saying why it cannot be read."""
    _regular_file(path, label)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise UnusableInputError(_unreadable(label, exc)) from None


def read_text(path: Path) -> tuple[str, str]:
    """The text of a small CSV file (evidence, a list) decoded as a roster's CSV files are, and
    the encoding found; :class:`UnusableInputError` saying why it cannot be read."""
    return decode_csv(_read_bytes(path, path), str(path))


def _regular_file(path: Path, label: str | Path) -> None:
    """Refuse what is not a file on a disk: reading a named pipe (FIFO) or a device would wait
    for a writer, or read without end."""
    try:
        mode = path.stat().st_mode
    except (OSError, RuntimeError) as exc:  # RuntimeError: a loop of symbolic links
        reason = exc if isinstance(exc, OSError) else OSError(0, "a loop of symbolic links")
        raise UnusableInputError(_unreadable(label, reason)) from None
    if stat.S_ISDIR(mode):
        raise UnusableInputError(_unreadable(label, IsADirectoryError()))
    if not stat.S_ISREG(mode):
        raise UnusableInputError(
            f"{label}: not a regular file (a pipe or a device) / 不是普通文件（管道或设备）"
        )


def _unreadable(label: str | Path, exc: OSError) -> str:
    if isinstance(exc, IsADirectoryError):
        return f"{label}: a folder where a file was expected / 应为文件，却是文件夹"
    if isinstance(exc, FileNotFoundError):
        # Listed or found a moment ago: a symbolic link whose target is gone, most likely.
        return f"{label}: no such file (a link to a file that is gone?) / 文件不存在或链接已失效"
    if isinstance(exc, PermissionError):
        return f"{label}: permission denied; the file cannot be read / 没有读取权限"
    return f"{label}: cannot be read ({exc.strerror or exc}) / 无法读取"


def _missing(path: Path) -> str:
    if path.is_symlink():
        return f"{path}: a link to a file that is gone / 链接指向的文件不存在"
    return f"{path}: no such file or folder / 文件不存在"


#: The longest cell read from a CSV file: what a workbook cell holds (32,767 characters), so
#: that whatever is read can be written back to a workbook. A longer cell rejects its row.
MAX_CELL = 32_767

_LINE_END = re.compile(r"\r\n?|\n")


def _lines(text: str, start: int = 0) -> Iterator[str]:
    """The lines of ``text`` from offset ``start``, with their endings, as
    ``StringIO(text, newline="")`` gives them.

    ``StringIO`` keeps its text four bytes a character: some 250 MB for a 100,000-cadre
    county's files. Lines end at ``\n`` (``\r\n`` included); in text with a bare ``\r``
    (old Mac line endings) at ``\r`` as well.
    """
    if text.count("\r") != text.count("\r\n"):
        for match in _LINE_END.finditer(text, start):
            yield text[start : match.end()]
            start = match.end()
    else:
        find = text.find
        while (end := find("\n", start)) >= 0:
            yield text[start : end + 1]
            start = end + 1
    if start < len(text):
        yield text[start:]


@contextlib.contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    # The csv module has one limit for the whole process: change it only while reading.
    before = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _csv_error(exc: csv.Error, line: int) -> str:
    """Why the row starting at ``line`` could not be read, in English and Chinese."""
    reason = str(exc)
    if "field limit" in reason:
        return (
            f"line {line}: a cell longer than {MAX_CELL:,} characters (the most a workbook cell"
            " holds), or a quote opened in this row and not closed"
            f" / 单元格超过{MAX_CELL}个字符，或本行有未闭合的引号"
        )
    if "end of data" in reason:
        return f"line {line}: a quote opened in this row is never closed / 本行的引号未闭合"
    if "expected after" in reason:
        return (
            f"line {line}: a quote does not close its cell (text follows the closing quote, or"
            ' a quote was left open); a quote inside a quoted cell is written twice ("")'
            " / 引号未正确闭合（引号后还有文字，或引号未闭合；单元格内的引号应写作两个）"
        )
    return f"line {line}: broken CSV ({reason}) / CSV格式错误"


#: How far a row with an over-long cell is read to find where it ends (see ``_CsvRows``).
_PROBE_LIMIT = 1 << 20


def _overlong_row(text: str, offset: int) -> tuple[list[str], int] | None:
    """The cells and line count of the row at ``offset`` read without the cell limit (up to
    :data:`_PROBE_LIMIT` a cell), or ``None`` when it cannot be read even so."""
    probe = csv.reader(_lines(text, offset), strict=True)
    try:
        with _field_limit(_PROBE_LIMIT):
            cells = next(probe)
    except (csv.Error, StopIteration):
        return None
    return cells, probe.line_num


class _CsvRows:
    """The rows of one CSV text, read in chunks; a row that cannot be read rejects itself only.

    The text is held here once and split into lines as the rows are read. Quotes must close
    their cells (``strict``) and cells may be :data:`MAX_CELL` long: a row breaking either
    rule is reported as a problem at the line where it starts. Reading goes on after a row
    with an over-long cell, and after the first line of any other broken row, so that a stray
    quote costs its row and not the rest of the file.

    Rows are read a chunk at a time by the csv module; only a chunk holding a broken row is
    read again row by row, from its first line, to find where that row starts.
    """

    def __init__(self, text: str, label: str, table: str, problems: list[Problem]) -> None:
        self.text = text
        self.label = label
        self.table = table
        self.problems = problems
        self.headers: list[str] = []
        # Cells quoted against formulas on export (laoganbu.io.formulas); most files have none.
        self.quoted = "'" in text
        self._restart(0, 0)

    def _restart(self, offset: int, line: int) -> None:
        """Read on from ``offset``, where line ``line + 1`` starts."""
        self.base_offset, self.base_line = offset, line
        self.reader = csv.reader(_lines(self.text, offset), strict=True)

    def _lines_read(self) -> int:
        return self.base_line + self.reader.line_num

    def _offset(self, lines: int) -> int:
        """The offset after the first ``lines`` lines (at least those read before the reader
        was last restarted)."""
        offset = self.base_offset
        for line in itertools.islice(_lines(self.text, offset), lines - self.base_line):
            offset += len(line)
        return offset

    def read_headers(self) -> list[str]:
        try:
            with _field_limit(MAX_CELL):
                self.headers = next(self.reader, [])
        except csv.Error as exc:
            raise UnusableInputError(
                f"{self.label}: the header row is not readable: {_csv_error(exc, 1)}"
            ) from None
        return self.headers

    def chunks(self, size: int) -> Iterator[tuple[list[int], list[Row]]]:
        first = 2  # the header is row 1
        while True:
            start = self._lines_read()
            try:
                with _field_limit(MAX_CELL):
                    rows: list[list[str]] = list(itertools.islice(self.reader, size))
                numbers = list(range(first, first + len(rows)))
                taken = len(rows)
            except csv.Error:
                numbers, rows, taken = self._careful(start, first, size)
            if not taken:
                self.text = ""  # read: let the text go
                return
            first += taken
            # The first cell nearly always shows a row is not blank; look closer at the rest.
            blank = [
                i
                for i, cells in enumerate(rows)
                if not (cells and cells[0].strip(SPACE)) and not any(c.strip(SPACE) for c in cells)
            ]
            for i in reversed(blank):
                del rows[i], numbers[i]
            if self.quoted:
                rows = [[restore(c) if c[:1] == "'" else c for c in cells] for cells in rows]
            if rows:
                yield numbers, typing.cast(list[Row], rows)

    def _careful(self, start: int, first: int, size: int) -> tuple[list[int], list[list[str]], int]:
        """Up to ``size`` rows (numbered from ``first``) after the first ``start`` lines, read
        row by row; returns the row numbers and rows read and how many rows were taken."""
        self._restart(self._offset(start), start)
        numbers: list[int] = []
        rows: list[list[str]] = []
        taken = 0
        while taken < size:
            before = self._lines_read()
            try:
                with _field_limit(MAX_CELL):
                    cells = next(self.reader)
            except StopIteration:
                break
            except csv.Error as exc:
                offset = self._offset(before)
                # A row with an over-long cell is well-formed otherwise, perhaps over several
                # lines: read on after its end. Any other broken row goes on the line after
                # the one it starts at (all a stray quote takes away).
                overlong = _overlong_row(self.text, offset) if "field limit" in str(exc) else None
                cells, lines = overlong if overlong is not None else ([], 1)
                length = sum(
                    len(line) for line in itertools.islice(_lines(self.text, offset), lines)
                )
                self._restart(offset + length, before + lines)
                index = next((i for i, c in enumerate(cells) if len(c) > MAX_CELL), None)
                self.problems.append(
                    Problem(
                        file=self.label,
                        row=first + taken,
                        table=self.table,
                        column=self.headers[index]
                        if index is not None and index < len(self.headers)
                        else None,
                        message=_csv_error(exc, before + 1),
                    )
                )
            else:
                numbers.append(first + taken)
                rows.append(cells)
            taken += 1
        return numbers, rows, taken


def csv_table(path: Path, schema: TableSchema, label: str, problems: list[Problem]) -> RawTable:
    """The raw table of one CSV file, its rows read as they are asked for."""
    return _csv_table(path, schema, label, problems)


def _csv_table(path: Path, schema: TableSchema, label: str, problems: list[Problem]) -> RawTable:
    text, encoding = decode_csv(_read_bytes(path, label), label)
    source = _CsvRows(text, label, schema.name, problems)
    del text
    headers = source.read_headers()

    def rows() -> Iterator[tuple[int, Row]]:
        for numbers, cells in source.chunks(1000):
            yield from zip(numbers, cells, strict=True)

    return RawTable(schema, label, headers, rows(), encoding, text_only=True, chunker=source.chunks)


def _xlsx_tables(
    path: Path, problems: list[Problem], only: TableSchema | None = None
) -> list[RawTable]:
    """Every sheet named for a table; with ``only``, that table's sheet or the only sheet."""
    from openpyxl import load_workbook  # deferred: openpyxl is slow to import

    _regular_file(path, path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise UnusableInputError(
            f"{path}: not a readable XLSX workbook ({type(exc).__name__}) / 不是可读取的xlsx工作簿"
        ) from None
    sheets = [(sheet, schema_for(sheet.title)) for sheet in workbook.worksheets]
    if only is not None:
        named: list[tuple[Any, TableSchema | None]] = [
            (sheet, only) for sheet, schema in sheets if schema is only
        ]
        if not named and len(sheets) == 1:
            named = [(sheets[0][0], only)]
        if len(named) != 1:
            raise UnusableInputError(
                f"{path}: no sheet named {only.label} ({only.name}) / 找不到{only.label}工作表"
            )
        sheets = named
    tables = []
    for sheet, schema in sheets:
        label = f"{path.name}:{sheet.title}"
        if schema is None:
            problems.append(_unknown_table(label, sheet.title))
            continue
        it = sheet.iter_rows(values_only=True)
        with _damaged_sheet(label):
            first = next(it, None)
            formulas = _formulas_without_value(workbook, sheet)
        headers = ["" if h is None else str(h) for h in (first or ())]
        known = schema.header_map()
        read = {i for i, h in enumerate(headers) if header_key(h) in known}
        uncalculated = {row: [i for i in columns if i in read] for row, columns in formulas.items()}

        def rows(
            it: Iterator[tuple[Any, ...]] = it,
            label: str = label,
            headers: list[str] = headers,
            uncalculated: dict[int, list[int]] = uncalculated,
            table: str = schema.name,
            read: set[int] = read,
        ) -> Iterator[tuple[int, Row]]:
            # The sheet is read as the rows are asked for, so damage may show only now.
            where = [1]
            with _damaged_sheet(label, where):
                for row_number, cells in enumerate(it, start=2):
                    where[0] = row_number
                    if uncalculated.get(row_number):
                        # (before the blank test: a row of such formulas shows blank)
                        columns = uncalculated[row_number]
                        problems.append(
                            _bad_cell(label, table, row_number, headers, columns, _UNCALCULATED)
                        )
                        continue
                    if all(c is None or (isinstance(c, str) and not c.strip(SPACE)) for c in cells):
                        continue
                    errors = [i for i, c in enumerate(cells) if c in EXCEL_ERRORS and i in read]
                    if errors:
                        problems.append(
                            _bad_cell(label, table, row_number, headers, errors, _FORMULA_ERROR)
                        )
                        continue
                    yield row_number, list(cells)

        tables.append(RawTable(schema, label, headers, rows()))
    return tables


def _formulas_without_value(workbook: Any, sheet: Any) -> dict[int, list[int]]:
    """Row → the (0-based) columns of the sheet's formula cells that hold no saved value.

    Reading for values (``data_only``), openpyxl gives such a cell as blank: a workbook
    written by a program that does not calculate (pandas, openpyxl, many exporters) holds
    only the formulas. The sheet's XML is looked at again for them; a sheet without formulas
    (nearly all rosters) is passed over after a scan for ``<f``.
    """
    import xml.etree.ElementTree as ET

    from openpyxl.utils.cell import coordinate_to_tuple

    archive = getattr(workbook, "_archive", None)
    member = getattr(sheet, "_worksheet_path", None)
    if archive is None or member is None:
        return {}
    with archive.open(member) as xml:
        tail = b""
        while chunk := xml.read(1 << 20):
            # A formula element is <f …> or <x:f …>; a false match only costs the parse below.
            data = tail + chunk
            if b"<f" in data or b":f>" in data or b":f " in data:
                break
            tail = chunk[-8:]
        else:
            return {}
    found: dict[int, list[int]] = {}
    with archive.open(member) as xml:
        for _event, element in ET.iterparse(xml):
            if element.tag.rpartition("}")[2] != "c":
                continue
            children = {child.tag.rpartition("}")[2]: child for child in element}
            value = children.get("v")
            reference = element.get("r")
            # Excel saves a formula whose result is "" as t="str" with an empty <v>; programs
            # that do not calculate leave <v> out, or empty without a string type.
            empty = value is None or (not value.text and element.get("t") != "str")
            if "f" in children and empty and reference:
                row, column = coordinate_to_tuple(reference)
                found.setdefault(row, []).append(column - 1)
            element.clear()  # (each cell once looked at; rows stay, empty)
    return found


#: What a workbook shows in a cell whose formula failed; openpyxl reads them as text.
EXCEL_ERRORS: Final = frozenset(
    {"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
     "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!"}
)  # fmt: skip


#: Why a workbook cell that is read rejects its row.
_FORMULA_ERROR = (
    "a spreadsheet error (#N/A, #REF! …) where a value should be: correct the formula in Excel"
    " or WPS, or type the value / 单元格是公式错误值，请修正公式或填写数值"
)
_UNCALCULATED = (
    "a formula with no saved value: the workbook was written by a program that does not"
    " calculate; open it in Excel or WPS and save it"
    " / 公式没有计算结果，请用Excel或WPS打开并保存后再导入"
)


def _bad_cell(
    label: str, table: str, row: int, headers: list[str], columns: list[int], why: str
) -> Problem:
    return Problem(file=label, row=row, table=table, column=headers[columns[0]], message=why)


@contextlib.contextmanager
def _damaged_sheet(label: str, where: list[int] | None = None) -> Iterator[None]:
    """Turn the damage a workbook's parsers find into :class:`UnusableInputError`; ``where``
    holds the number of the last row read, when rows are being read."""
    try:
        yield
    except UnusableInputError:
        raise
    except Exception as exc:  # zipfile, zlib and XML parsers raise many kinds for damage
        # Not the parser's message: it may quote a cell, and a cell may be an ID number.
        at = f" after row {where[0]}" if where else ""
        raise UnusableInputError(
            f"{label}: the sheet is damaged{at} and cannot be read ({type(exc).__name__})"
            " / 工作表已损坏，无法读取"
        ) from None


class _BadJson(ValueError):
    """Raised from inside the JSON parser; ``token`` (a pattern) finds the place in the text."""

    def __init__(self, message: str, token: str | None = None) -> None:
        super().__init__(message)
        self.token = token


def _refuse_constant(name: str) -> Any:
    # Python's parser takes NaN and Infinity, which JSON does not have; a roster never
    # means them (a cadre named NaN is a spreadsheet's empty cell, exported).
    raise _BadJson(f"{name} is not a JSON value", re.escape(name))


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _BadJson(f"the number {text[:20]} is too large", re.escape(text))
    return value


def _no_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    data = dict(pairs)
    if len(data) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                break
            seen.add(key)
        # Python keeps the last value silently; the first (a whole table, perhaps) would be lost.
        raise _BadJson(f"the key {key!r} appears twice in one object")
    return data


#: A JSON string, passed over when looking for a token outside strings.
_JSON_STRING = r'"(?:[^"\\\n]|\\.)*"'


def _json_line(text: str, token: str) -> int | None:
    """The line of the first ``token`` (a pattern) outside JSON strings."""
    for match in re.finditer(f"{_JSON_STRING}|({token})", text):
        if match.group(1) is not None:
            return text.count("\n", 0, match.start()) + 1
    return None


def _repeated_key_line(text: str) -> int | None:
    """The line of the first key repeated within one object."""
    keys: list[set[str] | None] = []  # per open object its keys; None for an open array
    for match in re.finditer(rf"({_JSON_STRING})(\s*:)?|([\[{{])|([\]}}])", text):
        if match.group(3):
            keys.append(set() if match.group(3) == "{" else None)
        elif match.group(4):
            if keys:
                keys.pop()
        elif match.group(2) and keys and keys[-1] is not None:
            key = json.loads(match.group(1))
            if key in keys[-1]:
                return text.count("\n", 0, match.start()) + 1
            keys[-1].add(key)
    return None


def _deep_line(text: str, depth: int) -> int | None:
    """The line where arrays and objects first nest ``depth`` deep."""
    level = 0
    for match in re.finditer(rf"{_JSON_STRING}|([\[{{])|([\]}}])", text):
        if match.group(1):
            level += 1
            if level >= depth:
                return text.count("\n", 0, match.start()) + 1
        elif match.group(2):
            level -= 1
    return None


def _load_json(path: Path) -> Any:
    """A JSON file's value, or :class:`UnusableInputError` naming the file, the line and why.

    Stricter than :func:`json.loads`: a key repeated in one object, ``NaN`` and ``Infinity``
    and numbers too large for a float are refused (Python would keep the last key, or take
    the others as numbers), and so is anything Python's parser cannot take (nesting beyond
    its recursion limit, integers of thousands of digits).
    """
    data = _read_bytes(path, path)
    try:
        text = data.decode(json.detect_encoding(data))
    except UnicodeDecodeError as exc:
        raise UnusableInputError(
            f"{path}: not valid JSON (line {_line_of(data, exc.start)}, byte {exc.start}, is"
            " not UTF-8) / 不是有效的JSON（编码错误）"
        ) from None
    del data
    line: int | None = None
    try:
        return json.loads(
            text,
            object_pairs_hook=_no_repeated_keys,
            parse_constant=_refuse_constant,
            parse_float=_finite_float,
        )
    except json.JSONDecodeError as exc:
        reason, line = exc.msg, exc.lineno
    except _BadJson as exc:
        reason = str(exc)
        line = _repeated_key_line(text) if exc.token is None else _json_line(text, exc.token)
    except RecursionError:
        reason = "arrays and objects nested too deeply"
        line = _deep_line(text, 100)
    except ValueError as exc:
        # The parser's only other complaint: an integer beyond Python's digit limit.
        limit = sys.get_int_max_str_digits()
        reason = f"a number of more than {limit} digits ({exc})"
        line = _json_line(text, rf"-?\d{{{limit + 1},}}")
    where = f" at line {line}" if line is not None else ""
    raise UnusableInputError(f"{path}: not valid JSON{where}: {reason} / 不是有效的JSON")


def _json_tables(path: Path, problems: list[Problem]) -> list[RawTable]:
    return _json_tables_from(path, _load_json(path), problems)


def _json_tables_from(path: Path, data: Any, problems: list[Problem]) -> list[RawTable]:
    if not isinstance(data, dict):
        raise UnusableInputError(
            f'{path}: expected an object of tables, e.g. {{"cadres": [...]}} / 应为按表分组的对象'
        )
    tables = []
    for key, records in data.items():
        schema = schema_for(key)
        label = f"{path.name}:{key}"
        if schema is None:
            problems.append(_unknown_table(label, key))
            continue
        if not isinstance(records, list):
            raise UnusableInputError(f"{label}: expected a list of records / 应为记录列表")
        headers: list[str] = []
        for record in records:
            if isinstance(record, dict):
                headers.extend(k for k in record if k not in headers)

        def rows(
            records: list[Any] = records,
        ) -> Iterator[tuple[int, Row]]:
            for index, record in enumerate(records, start=1):
                yield index, record if isinstance(record, dict) else {"#": record}

        tables.append(RawTable(schema, label, headers, rows(), nested=True))
    return tables


def _unknown_table(label: str, name: str) -> Problem:
    return Problem(
        file=label,
        message=f"{name!r} is not a known table; it was not read / 未知的表，未读取",
        severity="warning",
    )


#: Files a folder of CSV tables may hold that are rosters of their own, not read with the CSV.
_OTHER_ROSTER_FILES = (".xlsx", ".xlsm", ".xls", ".json")


def read_source(
    path: Path,
    problems: list[Problem],
    *,
    skip: Collection[str] = (),
    skipped: dict[str, str] | None = None,
    defer: Collection[str] = (),
) -> list[RawTable]:
    """The raw tables of a folder of CSV files, an XLSX workbook, a JSON file or one CSV file.

    Files that name no table are reported as warnings in ``problems``; so are workbooks and
    JSON files in a folder of CSV tables, which are not read. Tables named in ``skip`` are not
    read (a CSV file of one is not even opened); each file or sheet left so goes into
    ``skipped``, file → table. The CSV files of a folder's tables named in ``defer`` are not
    opened either: their tables come back with :attr:`RawTable.deferred` set, for the caller
    to read (as columns).
    """
    try:
        tables = _read_source(path, problems, skip, defer)
    except OSError as exc:  # a folder that cannot be listed, a name the system refuses …
        raise UnusableInputError(_unreadable(exc.filename or path, exc)) from None
    kept = []
    for table in tables:
        if table.schema.name in skip:
            if skipped is not None:
                skipped[table.file] = table.schema.name
            continue
        kept.append(table)
    return kept


def _read_source(
    path: Path, problems: list[Problem], skip: Collection[str], defer: Collection[str] = ()
) -> list[RawTable]:
    if path.is_dir():
        tables = []
        others = []
        for file in sorted(path.iterdir()):
            suffix = file.suffix.lower()
            if suffix in _OTHER_ROSTER_FILES and not file.name.startswith("~$"):
                others.append(file)  # (~$ names are Excel's lock files)
            if suffix != ".csv":
                continue
            schema = schema_for(file.stem)
            if schema is None:
                problems.append(_unknown_table(file.name, file.stem))
                continue
            if schema.name in skip:
                # Not opened: a ledger can be far larger than the roster beside it.
                tables.append(RawTable(schema, file.name, [], iter(())))
                continue
            if schema.name in defer:
                tables.append(RawTable(schema, file.name, [], iter(()), deferred=file))
                continue
            tables.append(_csv_table(file, schema, file.name, problems))
        if not tables:
            hint = f"; to read {others[0].name}, give its path" if others else ""
            raise UnusableInputError(
                f"{path}: no roster tables (cadres.csv, grids.csv …) found{hint} / 未找到花名册表格"
            )
        for file in others:
            problems.append(
                Problem(
                    file=file.name,
                    message="a workbook or JSON file in a folder of CSV tables is not read;"
                    " give its own path to read it / 文件夹按CSV表格读取，此文件未读取",
                    severity="warning",
                )
            )
        return tables
    if not path.exists():
        raise UnusableInputError(_missing(path))
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_tables(path, problems)
    if suffix == ".json":
        return _json_tables(path, problems)
    if suffix == ".csv":
        schema = schema_for(path.stem)
        if schema is None:
            raise UnusableInputError(
                f"{path}: the file name names no table (cadres.csv, grids.csv …) / 文件名不是表名"
            )
        return [_csv_table(path, schema, path.name, problems)]
    raise UnusableInputError(
        f"{path}: give a folder of CSV files, an .xlsx workbook or a .json file"
        " / 请提供CSV文件夹、xlsx工作簿或json文件"
    )


def read_source_as(path: Path, schema: TableSchema, problems: list[Problem]) -> RawTable:
    """One file read as the table ``schema``, whatever the file is called.

    A CSV file is the table; a workbook gives the sheet named for the table, or its only sheet;
    a JSON file is a list of records, or an object holding the table under its name.
    """
    try:
        return _read_source_as(path, schema, problems)
    except OSError as exc:
        raise UnusableInputError(_unreadable(exc.filename or path, exc)) from None


def _read_source_as(path: Path, schema: TableSchema, problems: list[Problem]) -> RawTable:
    if not path.exists():
        raise UnusableInputError(_missing(path))
    if path.is_dir():
        raise UnusableInputError(_unreadable(path, IsADirectoryError()))
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_table(path, schema, path.name, problems)
    if suffix == ".xlsx":
        return _xlsx_tables(path, problems, only=schema)[0]
    if suffix == ".json":
        data = _load_json(path)
        if isinstance(data, list):
            data = {schema.name: data}
        tables = [
            t for t in _json_tables_from(path, data, problems) if t.schema.name == schema.name
        ]
        if not tables:
            raise UnusableInputError(
                f"{path}: no {schema.name!r} list found / 找不到{schema.label}"
            )
        return tables[0]
    raise UnusableInputError(
        f"{path}: give a .csv, .xlsx or .json file / 请提供csv、xlsx或json文件"
    )
