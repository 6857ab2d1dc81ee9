"""Export a roster as a folder of CSV files, an XLSX workbook or a JSON file.

Personal information is masked unless ``reveal_pii=True``; a masked export is for reading, an
unmasked one round-trips through :func:`laoganbu.read_roster` to an equal roster.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterator
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import IO, Any, Literal

from laoganbu.dates import PartialDate
from laoganbu.errors import InvalidValueError
from laoganbu.io.files import atomic_write, check_target, make_folder, write_text_atomic
from laoganbu.io.formulas import neutralise
from laoganbu.io.tables import SCHEMAS, Column, TableSchema
from laoganbu.labels import LabeledEnum
from laoganbu.models.base import LIST_SEPARATOR
from laoganbu.models.roster import Roster
from laoganbu.privacy import REVEAL_PII, Masked

__all__ = ["Format", "Headers", "write_roster"]

Format = Literal["csv", "xlsx", "json"]
Headers = Literal["zh", "en"]


def _format_value(value: Any, headers: Headers, reveal: bool) -> str:
    if value is None:
        return ""
    if isinstance(value, Masked):
        return value.reveal() if reveal else value.masked
    if isinstance(value, LabeledEnum):
        return value.label if headers == "zh" else value.value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, bool):
        return ("是" if value else "否") if headers == "zh" else ("true" if value else "false")
    if isinstance(value, PartialDate):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return LIST_SEPARATOR.join(_format_value(v, headers, reveal) for v in value)
    if isinstance(value, Decimal | int | float | str):
        return str(value)
    raise TypeError(f"cannot write {type(value).__name__}")


def _cell(record: Any, column: Column, headers: Headers, reveal: bool) -> str:
    value = record
    for part in column.path:
        value = getattr(value, part)
    if column.personal == "health" and value is not None and not reveal:
        return "***"
    return _format_value(value, headers, reveal)


def _rows(
    roster: Roster, schema: TableSchema, headers: Headers, reveal: bool
) -> Iterator[list[str]]:
    if schema.parent is None:
        for record in roster.table(schema.name):
            yield [_cell(record, c, headers, reveal) for c in schema.columns]
        return
    for parent in roster.table(schema.parent.table):
        for child in getattr(parent, schema.parent.field):
            yield [parent.id] + [_cell(child, c, headers, reveal) for c in schema.columns]


def _header_row(schema: TableSchema, headers: Headers) -> list[str]:
    return [c.header if headers == "zh" else c.name for c in schema.all_columns()]


def write_roster(
    roster: Roster,
    path: str | os.PathLike[str],
    *,
    format: Format | None = None,
    reveal_pii: bool = False,
    headers: Headers = "zh",
    overwrite: bool = False,
) -> Path:
    """Write ``roster`` to ``path`` and return the path written.

    Each file is written atomically (see :mod:`laoganbu.io.files`), and CSV cells a
    spreadsheet would take for a formula are quoted (see :mod:`laoganbu.io.formulas`);
    :func:`laoganbu.read_roster` undoes the quote.

    Args:
        format: ``"csv"`` (a folder, one UTF-8-with-BOM file per table), ``"xlsx"`` (one sheet
            per table) or ``"json"``; by default taken from the suffix of ``path`` (a path with
            no suffix is a CSV folder).
        reveal_pii: write ID numbers, phones, addresses and health details unmasked.
        headers: Chinese (``"zh"``, with Chinese labels for coded values) or English
            (``"en"``, with codes) column headers.
        overwrite: replace an existing file; for a CSV folder, write into a folder that holds
            files already (the table files are replaced, other files left alone).

    Raises:
        OutputExistsError: ``path`` exists (a folder: is not empty) and ``overwrite`` is false.
    """
    target = Path(path)
    fmt = format or _infer_format(target)
    if fmt not in ("csv", "xlsx", "json"):
        raise InvalidValueError(f"unknown format {fmt!r}; use csv, xlsx or json")
    check_target(target, overwrite=overwrite, folder=fmt == "csv")
    if fmt == "csv":
        make_folder(target)
        for schema in SCHEMAS.values():
            with atomic_write(
                target / schema.file_name, "w", encoding="utf-8-sig", newline=""
            ) as fh:
                writer = csv.writer(fh)
                writer.writerow(_header_row(schema, headers))
                for row in _rows(roster, schema, headers, reveal_pii):
                    writer.writerow(list(map(neutralise, row)))
    elif fmt == "xlsx":
        with atomic_write(target) as fh:
            _write_xlsx(roster, fh, headers, reveal_pii)
    else:
        data = roster.model_dump(mode="json", context={REVEAL_PII: reveal_pii})
        write_text_atomic(target, json.dumps(data, ensure_ascii=False, indent=1))
    return target


def _infer_format(target: Path) -> Format:
    suffix = target.suffix.lower()
    if suffix in ("", ".csv"):
        return "csv"
    if suffix == ".xlsx":
        return "xlsx"
    if suffix == ".json":
        return "json"
    raise InvalidValueError(f"cannot tell the format from {target.name!r}; pass format=")


def _text_cell(sheet: Any, cell_type: Any, value: str) -> Any:
    # openpyxl stores a string starting with "=" as a formula; a name or note never is one.
    if not value.startswith("="):
        return value
    cell = cell_type(sheet, value=value)
    cell.data_type = "s"
    return cell


def _write_xlsx(roster: Roster, target: IO[bytes], headers: Headers, reveal: bool) -> None:
    from openpyxl import Workbook  # deferred: openpyxl is slow to import
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for schema in SCHEMAS.values():
        sheet = workbook.create_sheet(schema.label if headers == "zh" else schema.name)
        sheet.freeze_panes = "A2"
        header_cells = []
        for text in _header_row(schema, headers):
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for row in _rows(roster, schema, headers, reveal):
            sheet.append([_text_cell(sheet, WriteOnlyCell, value) for value in row])
    workbook.save(target)
