"""How a value that pydantic refuses is explained to the person who wrote the cell."""

from __future__ import annotations

from pydantic_core import ErrorDetails

from laoganbu.models.base import TEXT_PATTERN

__all__ = ["message_for"]

_MESSAGES = {
    "missing": "required value is missing / 必填项为空",
    "string_too_long": "too long (at most {max_length} characters) / 超过最大长度",
    "string_too_short": "empty / 为空",
    "int_parsing": "not a whole number / 不是整数",
    "int_from_float": "not a whole number / 不是整数",
    "float_parsing": "not a number / 不是数字",
    "decimal_parsing": "not a number / 不是数字",
    "decimal_max_places": "more than 2 decimal places / 小数位超过2位",
    "bool_parsing": "not a yes/no value (是/否) / 应为“是”或“否”",
    "bool_type": "not a yes/no value (是/否) / 应为“是”或“否”",
    "literal_error": "must be one of {expected} / 取值应为 {expected}",
    "greater_than_equal": "must be at least {ge} / 不能小于 {ge}",
    "less_than_equal": "must be at most {le} / 不能大于 {le}",
    "too_short": "must not be empty / 不能为空",
    "extra_forbidden": "unknown field / 未知字段",
    "string_unicode": "holds a broken character (a lone surrogate), not text / 含有无效字符",
}


def message_for(error: ErrorDetails, field: str) -> str:
    """The bilingual reason for ``error`` in the cell of ``field``."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "string_pattern_mismatch":
        if field.endswith("division_code"):
            return "not a 6-, 9- or 12-digit division code / 区划代码应为6、9或12位数字"
        if ctx.get("pattern") == TEXT_PATTERN:
            return "contains a control character / 含有控制字符"
        return (
            "may not contain spaces, list separators (、;,|), control or invisible characters"
            " / 不能含空格、分隔符（、;,|）、控制字符或不可见字符"
        )
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    template = _MESSAGES.get(kind)
    if template is None:
        return f"{error['msg']} / 取值无效"
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return template
