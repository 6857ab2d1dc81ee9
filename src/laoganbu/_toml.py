"""Reading the TOML data files laoganbu and its plugins ship (parameters, programmes, rubrics)."""

from __future__ import annotations

import tomllib
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from laoganbu.errors import LaoganbuError

__all__ = ["read_toml"]


def read_toml(
    path: str | Path | Traversable, error: type[LaoganbuError], what: str
) -> dict[str, Any]:
    """The table of a TOML file, a path or a package resource; ``error`` names the file when it
    cannot be read or parsed (``what`` is the file's kind in Chinese, for the message)."""
    try:
        text = (
            Path(path).read_text("utf-8")
            if isinstance(path, str | Path)
            else path.read_text("utf-8")
        )
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot be read ({exc}) / {what}无法读取") from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise error(f"{path}: not valid TOML ({exc}) / {what}格式错误") from None
