"""Personal information, masked unless revealed on purpose.

ID numbers, phone numbers, addresses and health details are personal information under PIPL
(health is *sensitive* personal information). laoganbu keeps each such string in a
:class:`Masked` value: its ``repr``, ``str``, ``format`` and every serialisation show a masked
form, so an f-string, a log line or an error message cannot leak it by accident. The real value
comes out only through :meth:`Masked.reveal`, or when a caller asks an export for it with
``reveal_pii=True`` (pydantic: ``model_dump(context={"reveal_pii": True})``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any, ClassVar, Self

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from laoganbu.errors import InvalidValueError
from laoganbu.text import CONTROL_CHARACTERS, SPACE

__all__ = [
    "REVEAL_PII",
    "Address",
    "HealthNote",
    "Masked",
    "PersonalNote",
    "PhoneNumber",
    "mask_text",
    "reveal_requested",
]

#: The serialisation-context key that asks for unmasked personal information.
REVEAL_PII = "reveal_pii"

_MASK_CHAR = "*"
#: Control characters a workbook cannot hold.
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")


def reveal_requested(context: object) -> bool:
    """Whether a pydantic serialisation context asks for personal information unmasked."""
    return isinstance(context, Mapping) and bool(context.get(REVEAL_PII, False))


def mask_text(text: str, keep_start: int, keep_end: int) -> str:
    """Replace the middle of ``text`` with ``*``, keeping the given number of characters.

    Short values are masked entirely rather than revealing most of themselves.
    """
    if len(text) <= keep_start + keep_end:
        return _MASK_CHAR * len(text)
    end = text[len(text) - keep_end :] if keep_end else ""
    return text[:keep_start] + _MASK_CHAR * (len(text) - keep_start - keep_end) + end


class Masked:
    """A string of personal information that shows itself masked.

    Subclasses set :attr:`kind` (a Chinese/English label used in messages), override
    :meth:`normalize` to validate, and :meth:`mask` to choose what stays visible.
    Two values are equal when their class and revealed text are equal.
    """

    __slots__ = ("_value",)

    kind: ClassVar[str] = "personal information / 个人信息"

    def __init__(self, value: str) -> None:
        if not isinstance(value, str):
            raise InvalidValueError(f"{self.kind}: expected text, got {type(value).__name__}")
        if _MASK_CHAR in value and self.looks_masked(value):  # cheap test first: bulk imports
            raise InvalidValueError(
                f"{self.kind} is masked ({self.mask(value)}); export with reveal_pii to keep"
                " the real value / 该值已脱敏，需导出时选择显示个人信息"
            )
        self._value = self.normalize(value)

    @classmethod
    def trusted(cls, value: str) -> Self:
        """The value of text already in canonical form (validated on its way into a frame),
        without validating it again."""
        instance = object.__new__(cls)
        instance._value = value
        return instance

    @classmethod
    def normalize(cls, value: str) -> str:
        """Validate and return the canonical form; raise :class:`InvalidValueError`.

        The base form is the text as written, without surrounding space.
        """
        text = value.strip(SPACE)
        if not text:
            raise InvalidValueError(f"{cls.kind} is empty / 为空")
        if _CONTROL.search(text):
            raise InvalidValueError(f"{cls.kind} contains a control character / 含有控制字符")
        return text

    @classmethod
    def mask(cls, value: str) -> str:
        """The masked form of a (normalised) value."""
        return _MASK_CHAR * 3

    @classmethod
    def looks_masked(cls, value: str) -> bool:
        return _MASK_CHAR * 3 in value

    def reveal(self) -> str:
        """The real value. Calling this is the explicit opt-in."""
        return self._value

    @property
    def masked(self) -> str:
        return self.mask(self._value)

    def __str__(self) -> str:
        return self.masked

    def __format__(self, spec: str) -> str:
        return format(self.masked, spec)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.masked!r})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, Masked)
        return self._value == other._value

    def __hash__(self) -> int:
        return hash((type(self).__name__, self._value))

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self._value,))

    # -- pydantic -----------------------------------------------------------------------------

    @classmethod
    def _validate(cls, value: object) -> Self:
        if isinstance(value, cls):
            return value
        if not isinstance(value, str):
            raise ValueError(f"{cls.kind}: expected text / 应为文本")
        try:
            return cls(value)
        except InvalidValueError as exc:
            raise ValueError(str(exc)) from None

    @staticmethod
    def _serialize(value: Masked, info: core_schema.SerializationInfo) -> str:
        return value.reveal() if reveal_requested(info.context) else value.masked

    @classmethod
    def __get_pydantic_core_schema__(
        cls, _source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(
            cls._validate,
            json_schema_input_schema=core_schema.str_schema(),
            serialization=core_schema.plain_serializer_function_ser_schema(
                cls._serialize, info_arg=True
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        result = handler(schema)
        result["x-personal-information"] = True
        result.setdefault("description", f"{cls.kind}; masked in exports unless revealed")
        return result


_MOBILE = re.compile(r"^(?:\+?86)?1[3-9][0-9]{9}$")
_LANDLINE = re.compile(r"^0[0-9]{2,3}-?[0-9]{7,8}(?:-[0-9]{1,6})?$")


class PhoneNumber(Masked):
    """A mainland mobile (``13812345678``) or landline (``0359-1234567``) number."""

    __slots__ = ()
    kind = "phone number / 电话号码"

    @classmethod
    def normalize(cls, value: str) -> str:
        text = super().normalize(value)
        if not text.isascii():
            text = unicodedata.normalize("NFKC", text)  # full-width digits, as typed in IMEs
        text = text.replace(" ", "")
        if not (_MOBILE.match(text) or _LANDLINE.match(text)):
            raise InvalidValueError(
                f"{cls.kind} {cls.mask(text)} is neither an 11-digit mobile nor a landline"
                " with area code / 既不是11位手机号也不是带区号的固定电话"
            )
        return text

    @classmethod
    def mask(cls, value: str) -> str:
        return mask_text(value, 3, 4) if len(value) >= 11 else mask_text(value, 2, 2)


class Address(Masked):
    """A street address; only its first few characters (province, city) stay visible."""

    __slots__ = ()
    kind = "address / 住址"

    @classmethod
    def mask(cls, value: str) -> str:
        keep = min(6, len(value) // 3)
        return value[:keep] + _MASK_CHAR * 4


class HealthNote(Masked):
    """Free-text health details: sensitive personal information, masked entirely."""

    __slots__ = ()
    kind = "health details / 健康信息"


class PersonalNote(Masked):
    """Free text about a person's circumstances (what a cadre asked for, how it was dealt
    with): it may hold family, money or health matters, so it is masked entirely."""

    __slots__ = ()
    kind = "personal details / 个人情况"
