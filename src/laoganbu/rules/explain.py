"""How a result was reached: steps, each with the parameter values and citations it used."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from laoganbu.params.model import ParameterValue

__all__ = ["Explanation", "Step", "step"]


@attrs.frozen
class Step:
    """One step of a calculation.

    Attributes:
        text: what was done, in Chinese and English.
        parameter: the parameter used, if any.
        value: its value.
        source: the parameter value used, with its citation, status and layer.
    """

    text: str
    parameter: str | None = None
    value: Any = None
    source: ParameterValue | None = None

    def __str__(self) -> str:
        if self.parameter is None:
            return self.text
        line = f"{self.text} [{self.parameter} = {self.value!r}"
        if self.source is not None:
            line += f"; {self.source.citation}; {self.source.status}"
            if self.source.layer != "000000":
                line += f"; layer {self.source.layer}"
        return line + "]"

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text}
        if self.parameter is not None:
            data["parameter"] = self.parameter
            data["value"] = self.value
        if self.source is not None:
            c = self.source.citation
            data["source"] = {
                "id": c.source_id,
                "title": c.title,
                "number": c.number,
                "article": c.article,
                "url": c.url,
                "status": self.source.status,
                "layer": self.source.layer,
                "in_force": self.source.period_label,
            }
        return data


def step(text: str, parameter: str | None = None, used: ParameterValue | None = None) -> Step:
    """A step that used ``parameter`` (its value and citation taken from ``used``)."""
    return Step(text, parameter, None if used is None else used.value, used)


@attrs.frozen
class Explanation:
    """The steps of one calculation, in order.

    ``str()`` gives a numbered list for people; :meth:`to_list` gives data for JSON.
    """

    title: str
    steps: tuple[Step, ...]

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def __len__(self) -> int:
        return len(self.steps)

    def __str__(self) -> str:
        lines = [self.title]
        lines.extend(f"{i}. {s}" for i, s in enumerate(self.steps, 1))
        return "\n".join(lines)

    def to_list(self) -> list[dict[str, Any]]:
        return [s.to_dict() for s in self.steps]

    def sources(self) -> list[ParameterValue]:
        """The distinct parameter values used, in order of first use."""
        seen: list[ParameterValue] = []
        for s in self.steps:
            if s.source is not None and s.source not in seen:
                seen.append(s.source)
        return seen
