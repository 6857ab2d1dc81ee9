"""JSON Schema of every model, for systems that exchange laoganbu data."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from laoganbu import models

__all__ = ["json_schemas"]


def json_schemas() -> dict[str, dict[str, Any]]:
    """Model name → its JSON Schema: the roster's models, and the data files a locality writes
    (service programmes and rubrics)."""
    from laoganbu.assessment import Indicator, Rubric
    from laoganbu.programs import Eligibility, ServiceProgramDefinition

    result: dict[str, dict[str, Any]] = {}
    bases = (models.Record, models.IdentifiedRecord)  # what records share, not a record
    for name in models.__all__:
        obj = getattr(models, name)
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj not in bases:
            result[name] = obj.model_json_schema()
    for extra in (ServiceProgramDefinition, Eligibility, Rubric, Indicator):
        result[extra.__name__] = extra.model_json_schema()
    return result
