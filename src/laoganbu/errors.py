"""The one exception hierarchy of laoganbu.

Every error the library raises on purpose derives from :class:`LaoganbuError` and also from the
builtin it most resembles, so callers may catch either::

    LaoganbuError
    ├── InvalidValueError (ValueError)      a single value cannot be parsed or is out of range
    │   ├── InvalidDateError                 a date in none of the accepted forms, or impossible
    │   ├── InvalidIdNumberError             a GB 11643 citizen ID number that fails its checks
    │   ├── InvalidPeriodError               a period (month, quarter, year, range) not understood
    │   └── UnknownEnumValueError            a label or code that names no member of an enum
    ├── RosterError (ValueError)             a roster that cannot be used as a whole
    │   └── UnusableInputError               a file or folder that cannot be read as a roster
    ├── RecordNotFoundError (LookupError)    an id that names no record of a roster
    ├── ParameterError                       a policy parameter cannot be given
    │   ├── UnknownParameterError (LookupError)     no layer sets a parameter of that name
    │   ├── ParameterNotInForceError (LookupError)  no value in force on the day asked
    │   └── ParameterFileError (ValueError)         a parameter file that cannot be read
    ├── ProgramFileError (ValueError)        a service-programme file that cannot be read
    ├── RubricError (ValueError)             a rubric that cannot be read or used
    ├── ReportError                          a report that cannot be rendered
    ├── OutputError (OSError)                a file cannot be written (folder missing, no room …)
    │   └── OutputExistsError (FileExistsError)  a path to write exists, overwriting not asked
    │       └── OutputIsInputError           a path to write is one of the command's inputs
    ├── PluginError                          a plugin failed to load, raised, or returned bad data
    └── StoreError                           a ledger store cannot be used (laoganbu.store)
        ├── StoreUnavailableError (ConnectionError)  unreachable, or no such database
        ├── NotAStoreError (ValueError)      a database that is not a laoganbu store (yet)
        ├── StoreTooNewError                 a store written by a newer laoganbu
        └── VersionConflictError             a record changed since it was read (stale version)

Rejected rows of an import are *data*, not exceptions: see :class:`laoganbu.Problem`.
Each class carries a stable ``code``, documented on the errors reference page.
Messages never contain unmasked personal information.
"""

from __future__ import annotations

__all__ = [
    "InvalidDateError",
    "InvalidIdNumberError",
    "InvalidPeriodError",
    "InvalidValueError",
    "LaoganbuError",
    "MissingDataError",
    "NotAStoreError",
    "OutputError",
    "OutputExistsError",
    "OutputIsInputError",
    "ParameterError",
    "ParameterFileError",
    "ParameterNotInForceError",
    "PluginError",
    "ProgramFileError",
    "RecordNotFoundError",
    "ReportError",
    "RosterError",
    "RubricError",
    "StoreError",
    "StoreTooNewError",
    "StoreUnavailableError",
    "UnknownEnumValueError",
    "UnknownParameterError",
    "UnusableInputError",
    "VersionConflictError",
]


class LaoganbuError(Exception):
    """Root of every error laoganbu raises on purpose."""

    code: str = "laoganbu"


class InvalidValueError(LaoganbuError, ValueError):
    """A single value cannot be parsed or is out of range."""

    code = "invalid-value"


class InvalidDateError(InvalidValueError):
    """A date in none of the accepted forms, or a date that does not exist."""

    code = "invalid-date"


class InvalidIdNumberError(InvalidValueError):
    """A citizen ID number (GB 11643) that fails its length, date or check-digit test."""

    code = "invalid-id-number"


class InvalidPeriodError(InvalidValueError):
    """A period's text or bounds could not be understood (see :class:`laoganbu.Period`)."""

    code = "invalid-period"


class UnknownEnumValueError(InvalidValueError):
    """A label or code that names no member of an enumeration."""

    code = "unknown-enum-value"


class RosterError(LaoganbuError, ValueError):
    """A roster that cannot be used as a whole."""

    code = "roster"


class UnusableInputError(RosterError):
    """A file or folder that cannot be read as a roster at all (exit status 2 of the CLI)."""

    code = "unusable-input"


class RecordNotFoundError(LaoganbuError, LookupError):
    """An id that names no record of a roster."""

    code = "record-not-found"


class ParameterError(LaoganbuError):
    """A policy parameter cannot be given (see :class:`laoganbu.params.store.Parameters`)."""

    code = "parameter"


class UnknownParameterError(ParameterError, LookupError):
    """No layer sets a parameter of that name.

    Attributes:
        name: the name asked for.
    """

    code = "unknown-parameter"

    def __init__(self, name: str, known: list[str] | None = None) -> None:
        import difflib

        close = difflib.get_close_matches(name, known or [], n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        super().__init__(f"no parameter named {name!r}{hint} / 没有这个参数")
        self.name = name


class ParameterNotInForceError(ParameterError, LookupError):
    """A parameter has no value in force on the day asked — laoganbu does not guess one.

    Attributes:
        name: the parameter.
        on: the day asked about.
    """

    code = "parameter-not-in-force"

    def __init__(self, name: str, on: object, ranges: list[str]) -> None:
        spans = "、".join(ranges) or "none"
        super().__init__(
            f"{name} has no value in force on {on} (in force: {spans}) / 该日期没有有效的参数值"
        )
        self.name = name
        self.on = on


class ParameterFileError(ParameterError, ValueError):
    """A parameter file that cannot be read; the message names the file and the parameter."""

    code = "parameter-file"


class ProgramFileError(LaoganbuError, ValueError):
    """A service-programme file that cannot be read; the message names the file, the programme
    and the field."""

    code = "program-file"


class RubricError(LaoganbuError, ValueError):
    """A rubric that cannot be read or used: a malformed file, an unknown short name or metric.
    The message names the rubric file, the indicator and the field."""

    code = "rubric"


class MissingDataError(LaoganbuError, LookupError):
    """An assessment metric without the data it needs (the ledger, a meeting record …); the
    indicator is reported as missing, not scored, and the message says what to give."""

    code = "missing-data"


class ReportError(LaoganbuError):
    """A report that cannot be rendered: an unknown format, a missing optional component
    (charts need ``laoganbu[reports]``), or a file that cannot be written."""

    code = "report"


class OutputError(LaoganbuError, OSError):
    """A file cannot be written: its folder is missing or is a file, the name is too long, the
    disk is full, permission is denied … The file at that path, if any, is left as it was."""

    code = "output"


class OutputExistsError(OutputError, FileExistsError):
    """A file or folder to write exists already, and replacing it was not asked for
    (``overwrite=True``; ``--force`` on the command line). A folder counts as existing when it
    holds anything. Also raised for a folder where a file is to go, or the other way round."""

    code = "output-exists"


class OutputIsInputError(OutputExistsError):
    """The path to write is one of the command's own inputs, lies inside one, or holds one;
    refused even with ``overwrite=True`` (``--force``)."""

    code = "output-is-input"


class PluginError(LaoganbuError):
    """A plugin failed to load, raised, or returned data of the wrong shape.

    laoganbu reports these rather than raising them where it can: the plugin's contribution is
    left out and the other plugins still count (see :attr:`laoganbu.plugins.PluginSet.errors`).

    Attributes:
        plugin: the plugin's name (its entry-point name).
        hook: the hook concerned, if any.
    """

    code = "plugin"

    def __init__(self, plugin: str, message: str, *, hook: str | None = None) -> None:
        where = f"plugin {plugin!r}" + (f" ({hook})" if hook else "")
        super().__init__(f"{where}: {message} / 插件出错")
        self.plugin = plugin
        self.hook = hook


class StoreError(LaoganbuError):
    """A ledger store (:mod:`laoganbu.store`) cannot be used; raised itself when the store's
    optional dependencies are missing (the message says what to install)."""

    code = "store"


class StoreUnavailableError(StoreError, ConnectionError):
    """The database cannot be reached or opened: a server that does not answer, a refused
    login, an SQLite file that does not exist (only ``init`` creates one). Nothing was
    changed."""

    code = "store-unavailable"


class NotAStoreError(StoreError, ValueError):
    """The database is not a laoganbu store: it holds other tables, is not a database at all,
    or is empty (``laoganbu db init`` makes it a store). Nothing was changed."""

    code = "not-a-store"


class StoreTooNewError(StoreError):
    """The store was written by a newer laoganbu (its schema revision is unknown to this one):
    upgrade laoganbu rather than risk writing a layout it does not know. Nothing was changed.

    Attributes:
        revision: the store's schema revision.
    """

    code = "store-too-new"

    def __init__(self, message: str, revision: str | None = None) -> None:
        super().__init__(message)
        self.revision = revision


class VersionConflictError(StoreError):
    """A record was changed by someone else since it was read: the version given as expected
    is not the record's current version. Nothing was written; read the record again, apply the
    change to what it is now, and write with its current version.

    Attributes:
        table: the record's table.
        record_id: the record's id.
        expected: the version the writer had read.
        current: the record's version in the store.
    """

    code = "version-conflict"

    def __init__(self, table: str, record_id: str, expected: int, current: int | None) -> None:
        now = "no version (it does not exist)" if not current else f"version {current}"
        super().__init__(
            f"{table} record {record_id!r} was changed since it was read: expected version"
            f" {expected}, the store has {now}; read it again and redo the change"
            f" / 记录 {record_id} 已被他人修改（应为第 {expected} 版，现为第 {current or 0} 版），"
            "请重新读取后再改"
        )
        self.table = table
        self.record_id = record_id
        self.expected = expected
        self.current = current
