"""Enumerations that speak both languages.

A :class:`LabeledEnum` member's value is a stable English code (what laoganbu writes); it also
has a Chinese :attr:`~LabeledEnum.label` (what a Chinese user sees) and optional aliases.
Parsing accepts any of them, ignoring case, width and surrounding space::

    CadreKind("离休") is CadreKind("lixiu") is CadreKind("LIXIU")
"""

from __future__ import annotations

import unicodedata
from enum import Enum
from typing import TYPE_CHECKING, Any, ClassVar, Self

from laoganbu.errors import UnknownEnumValueError
from laoganbu.text import SPACE

if TYPE_CHECKING:
    # pydantic is imported when a model first asks for the schema, not with the labels.
    from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
    from pydantic.json_schema import JsonSchemaValue
    from pydantic_core import core_schema

__all__ = ["LabeledEnum"]


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip(SPACE).casefold().replace(" ", "_")


class LabeledEnum(str, Enum):
    """Base class: members are declared as ``NAME = ("code", "中文标签", "alias", ...)``."""

    label: str
    aliases: tuple[str, ...]
    #: Its values are personal information (health): errors do not repeat what was given.
    personal: ClassVar[bool]

    def __init_subclass__(cls, *, personal: bool = False, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.personal = personal

    def __new__(cls, code: str, label: str, *aliases: str) -> Self:
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        member.aliases = aliases
        return member

    @classmethod
    def _lookup(cls) -> dict[str, Self]:
        table: dict[str, Self] | None = cls.__dict__.get("_lookup_table")
        if table is None:
            table = {}
            for member in cls:
                for text in (member.value, member.name, member.label, *member.aliases):
                    table.setdefault(text, member)
                    table.setdefault(_key(text), member)
            type.__setattr__(cls, "_lookup_table", table)
        return table

    @classmethod
    def _missing_(cls, value: object) -> Self:
        # Enum re-raises a ValueError from here unchanged, so ``CadreKind("bad")`` gives the
        # same bilingual error as ``CadreKind.parse("bad")``.
        return cls.parse(value)

    @classmethod
    def parse(cls, value: object) -> Self:
        """The member named by a code, label or alias; raise a bilingual error otherwise."""
        if isinstance(value, cls):
            return value
        if isinstance(value, str):
            table = cls._lookup()
            member = table.get(value)  # exact spelling: the common case in bulk imports
            if member is None:
                member = table.get(_key(value))
            if member is not None:
                return member
        choices = "、".join(f"{m.label} ({m.value})" for m in cls)
        given = "the value given" if cls.personal else repr(value)
        raise UnknownEnumValueError(
            f"{given} is not a known {cls.__name__}; expected one of / 应为: {choices}"
        )

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def __get_pydantic_core_schema__(
        cls, _source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        table = cls._lookup()

        def validate(value: object) -> LabeledEnum:
            if type(value) is str and (member := table.get(value)) is not None:
                return member
            try:
                return cls.parse(value)
            except UnknownEnumValueError as exc:
                raise ValueError(str(exc)) from None

        return core_schema.no_info_plain_validator_function(
            validate,
            json_schema_input_schema=core_schema.literal_schema([m.value for m in cls]),
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda m: m.value, when_used="json"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        result = handler(schema)
        result["title"] = cls.__name__
        result["x-labels"] = {m.value: m.label for m in cls}
        if cls.__doc__:
            result["description"] = cls.__doc__.strip().splitlines()[0]
        return result
