"""JSON Schema of every model, for systems that exchange laoganbu data."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from laoganbu import models

__all__ = ["json_schemas"]


def json_schemas() -> dict[str, dict[str, Any]]:
    """Model name → its JSON Schema (validation mode: what laoganbu accepts)."""
    result: dict[str, dict[str, Any]] = {}
    for name in models.__all__:
        obj = getattr(models, name)
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj is not models.Record:
            result[name] = obj.model_json_schema()
    return result
