"""Reading and writing rosters: CSV folders (UTF-8 or GBK), XLSX workbooks and JSON."""

from laoganbu.io.reader import read_roster, read_table
from laoganbu.io.result import ImportResult
from laoganbu.io.tables import SCHEMAS, Column, TableSchema
from laoganbu.io.writer import write_roster

__all__ = [
    "SCHEMAS",
    "Column",
    "ImportResult",
    "TableSchema",
    "read_roster",
    "read_table",
    "write_roster",
]
