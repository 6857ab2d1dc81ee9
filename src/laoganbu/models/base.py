"""What every record model shares: configuration, identifiers and consistency errors."""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any, ClassVar, Protocol, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)

from laoganbu.idnumber import PROVINCE_PREFIXES
from laoganbu.text import CONTROL_CHARACTERS, INVISIBLE, SPACE

__all__ = [
    "LIST_SEPARATOR",
    "DivisionCode",
    "FieldConflict",
    "Flag",
    "HasId",
    "IdList",
    "IdentifiedRecord",
    "Record",
    "RecordId",
    "Tag",
    "TagList",
    "Text",
    "check_amounts_written_plainly",
    "parse_flag",
    "split_list",
]

#: How laoganbu writes a list in one spreadsheet cell; reading also accepts ; ； , ， and ｜.
LIST_SEPARATOR = "、"
_LIST_SPLIT = re.compile(r"[、;；,，|｜]")
_OTHER_SEPARATORS = (";", "；", ",", "，", "|", "｜")

_TRUE = frozenset({"是", "有", "√", "✓", "y", "yes", "true", "t", "1", "on"})
_FALSE = frozenset({"否", "无", "×", "✗", "n", "no", "false", "f", "0", "off"})


def parse_flag(value: object) -> object:
    """Read 是/否 (and yes/no, true/false, 1/0, √/×) as a boolean; other values pass through
    to pydantic, which rejects them."""
    if isinstance(value, str):
        if value == "否" or value == "是":  # what nearly every cell holds: skip normalising
            return value == "是"
        key = unicodedata.normalize("NFKC", value).strip(SPACE).casefold()
        if key in _TRUE:
            return True
        if key in _FALSE:
            return False
    return value


def split_list(value: object) -> object:
    """Read one spreadsheet cell holding several items (``法律、书法``) as a list."""
    if isinstance(value, str):
        # Nearly every cell separates with 、 only: str.split is twice as fast as the pattern.
        for separator in _OTHER_SEPARATORS:
            if separator in value:
                parts = _LIST_SPLIT.split(value)
                break
        else:
            parts = value.split(LIST_SEPARATOR)
        items = list(map(str.strip, parts))
        return [item for item in items if item] if "" in items else items
    return value


#: A yes/no value; accepts 是/否 as well as the usual English forms.
Flag = Annotated[bool, BeforeValidator(parse_flag)]


def _trimmed(value: Any) -> Any:
    return value.strip(SPACE) if isinstance(value, str) else value


#: Trims text of :data:`~laoganbu.text.SPACE` before its constraints are checked (pydantic's
#: own trimming would take away control characters too).
_Trimmed = BeforeValidator(_trimmed)

#: An identifier of a record within a roster: non-empty text with no spaces and none of the
#: characters that separate list items in a cell (、 ; ， | …), so lists of ids round-trip.
RecordId = Annotated[
    str,
    _Trimmed,
    StringConstraints(
        min_length=1,
        max_length=64,
        pattern=f"^[^\\s、;；,，|｜{CONTROL_CHARACTERS}{INVISIBLE}]+$",
    ),
]

#: The pattern of :data:`Text`; an import names its failure "a control character".
TEXT_PATTERN = f"^[^{CONTROL_CHARACTERS}]*$"

#: Free text of bounded length; surrounding space is dropped.
Text = Annotated[
    str, _Trimmed, StringConstraints(min_length=1, max_length=500, pattern=TEXT_PATTERN)
]


def _known_province(code: str) -> str:
    if code[:2] not in PROVINCE_PREFIXES:
        raise ValueError(
            f"{code}: {code[:2]} is not a province in GB/T 2260 / 区划代码的省级代码无效"
        )
    return code


#: A GB/T 2260 administrative division code: 6 digits (county level), or the 9- and 12-digit
#: statistical codes of townships and villages that extend it.
DivisionCode = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{6}(?:[0-9]{3}(?:[0-9]{3})?)?$"),
    AfterValidator(_known_province),
]

#: A short label such as an area of expertise (专长) or a kind of hardship; like an id, it may
#: not contain a list separator.
Tag = Annotated[
    str,
    _Trimmed,
    StringConstraints(
        min_length=1,
        max_length=50,
        pattern=f"^[^、;；,，|｜{CONTROL_CHARACTERS}]+$",
    ),
]

#: Several ids; a single text is split at 、 ; , and the like.
IdList = Annotated[tuple[RecordId, ...], BeforeValidator(split_list)]

#: Several tags; a single text is split at 、 ; , and the like.
TagList = Annotated[tuple[Tag, ...], BeforeValidator(split_list)]


class FieldConflict(ValueError):
    """Two fields of one record disagree; :attr:`field` names the one reported against.

    When ``field`` holds nested records (a committee, a task list), :attr:`item_field` names
    the field of the nested record at fault, so that an import can point at its column.
    """

    def __init__(self, field: str, message: str, item_field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.item_field = item_field


class Record(BaseModel):
    """Base of every laoganbu model: immutable, strict about unknown fields, and never
    echoing input values in validation errors (they may be personal information)."""

    model_config = ConfigDict(
        frozen=True,
        extra="forbid",
        hide_input_in_errors=True,
        str_strip_whitespace=False,
    )

    #: The Chinese name of the record type, used in messages and exports.
    label: ClassVar[str] = ""

    def with_changes(self, **changes: Any) -> Self:
        """A validated copy with some fields replaced (models are immutable)."""
        data = self.model_dump(context={"reveal_pii": True}, round_trip=True)
        data.update(changes)
        return type(self).model_validate(data)


class IdentifiedRecord(Record):
    """A record known by its :attr:`id`: every record of a roster table (a cadre, a grid, a
    service record …) and of the child tables with ids of their own (a grid worker).

    Records kept inside another without an id of their own (a cadre's health and contacts, a
    committee member, a group's task) and the roster itself are plain :class:`Record` s.
    """

    id: RecordId = Field(title="编号")


class HasId(Protocol):
    """Anything known by a record id: an :class:`IdentifiedRecord`, or a stand-in that names
    one (what a :class:`~laoganbu.problems.Problem` needs of a record)."""

    @property
    def id(self) -> str: ...


def check_amounts_written_plainly(record: object, *names: str) -> None:
    """Refuse an amount written with an exponent (``1E+2``): no way to write money. Called by a
    money record's ``after`` validator (a check before validation would also catch a float,
    but would cost the column-by-column import a Python call a value).

    Raises:
        FieldConflict: naming the first such field.
    """
    for name in names:
        value = getattr(record, name)
        exponent = None if value is None else value.as_tuple().exponent
        if isinstance(exponent, int) and exponent > 0:
            raise FieldConflict(name, "write the amount without an exponent / 金额不用科学计数法")
