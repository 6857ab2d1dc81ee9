"""What a parameter is: values with effective dates, each citing its source."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs

from laoganbu.labels import LabeledEnum

__all__ = ["Citation", "Parameter", "ParameterLayer", "ParameterValue", "Status"]


class Status(LabeledEnum):
    """依据状态 — how sure a parameter's value is.

    Seen in official text; stated consistently by independent secondary sources; or resting on
    a weak source or none — a value a locality should check and may set.
    """

    OFFICIAL = ("official", "官方文本")
    SECONDARY = ("secondary", "二手来源一致")
    UNVERIFIED = ("unverified", "未核实")


#: Code → Chinese label of each :class:`Status` (derived from it; kept for existing callers).
STATUS_LABELS: Mapping[str, str] = {s.value: s.label for s in Status}


def _as_status(value: Status | str) -> Status:
    return Status.parse(value)


@attrs.frozen
class Citation:
    """The document a value comes from.

    Attributes:
        source_id: short id of the source within its layer's file (``"R2"``).
        title: the document's title (``国务院关于渐进式延迟法定退休年龄的办法``).
        issuer: who issued it.
        number: its document number (``人社部发〔2024〕94号``), if it has one.
        date: when it was issued or adopted, as written (``2024-09-13``).
        article: the article or table the value comes from (``第一条``).
        url: where it can be read, when known.
    """

    source_id: str
    title: str
    issuer: str | None = None
    number: str | None = None
    date: str | None = None
    article: str | None = None
    url: str | None = None

    def __str__(self) -> str:
        parts = [f"《{self.title}》"]
        if self.number:
            parts.append(self.number)
        if self.article:
            parts.append(self.article)
        return " ".join(parts)


@attrs.frozen
class ParameterValue:
    """One value of a parameter and the days it is in force.

    Attributes:
        value: a number, text, flag, list or table (a mapping), as the rule needs it.
        valid_from: first day in force.
        valid_to: last day in force, inclusive; ``None`` while still in force.
        citation: where the value comes from.
        status: how sure it is (see :data:`Status`).
        note: why the value is what it is, when the citation alone does not say.
        layer: the jurisdiction code of the layer that set it (``"000000"`` national).
    """

    value: Any
    valid_from: _dt.date
    valid_to: _dt.date | None
    citation: Citation
    status: Status = attrs.field(default=Status.OFFICIAL, converter=_as_status)
    note: str | None = None
    layer: str = "000000"

    def in_force(self, on: _dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    @property
    def period_label(self) -> str:
        end = "今" if self.valid_to is None else self.valid_to.isoformat()
        return f"{self.valid_from.isoformat()}至{end}"


@attrs.frozen
class Parameter:
    """A named quantity a rule uses, with every value it has had.

    Attributes:
        name: dotted English name (``retirement.male.original_age``).
        label: Chinese name (``男职工原法定退休年龄``).
        unit: what the number counts (``years``, ``months``, ``yuan/month`` …), if anything.
        description: what it means and where the rule uses it.
        values: its values, in order of ``valid_from``, not overlapping.
    """

    name: str
    label: str
    unit: str | None
    description: str
    values: tuple[ParameterValue, ...]


@attrs.frozen
class ParameterLayer:
    """The parameters one jurisdiction sets: one data file.

    Attributes:
        jurisdiction: GB/T 2260 code of the area (``"000000"`` for the nation).
        name: the area's name (``全国``, ``闻喜县``).
        parameters: by name.
        origin: the file it was read from.
    """

    jurisdiction: str
    name: str
    parameters: Mapping[str, Parameter]
    origin: str | None = None
