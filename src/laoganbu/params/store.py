"""Parameters in force: layers composed, the nearest asked first."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from laoganbu.dates import PartialDate
from laoganbu.errors import ParameterNotInForceError, UnknownParameterError
from laoganbu.params.model import Parameter, ParameterLayer, ParameterValue

__all__ = ["Parameters", "as_day"]


def as_day(on: _dt.date | PartialDate | str) -> _dt.date:
    """A day to ask parameters about; a month-precision date means its first day."""
    if isinstance(on, str):
        on = PartialDate.parse(on)
    if isinstance(on, PartialDate):
        return _dt.date(on.year, on.month, on.day or 1)
    if isinstance(on, _dt.datetime):
        return on.date()
    return on


class Parameters:
    """Parameter layers composed: for each name and day, the nearest layer with a value in force
    that day answers.

    A county's layer may therefore override one national value for one period only, and fall
    back to the national value outside it.

    Args:
        layers: farthest (national) first, nearest last.

    Example:
        >>> from laoganbu.params import default_parameters
        >>> params = default_parameters()
        >>> params.value("retirement.male.original_age", on="2026-01-01")
        60
    """

    __slots__ = ("_cache", "_layers")

    def __init__(self, layers: Iterable[ParameterLayer]) -> None:
        self._layers: tuple[ParameterLayer, ...] = tuple(layers)
        # Answers are pure functions of (name, day) over immutable layers: memoised.
        self._cache: dict[tuple[str, _dt.date], ParameterValue] = {}

    @property
    def layers(self) -> tuple[ParameterLayer, ...]:
        return self._layers

    def __repr__(self) -> str:
        return f"Parameters({[layer.jurisdiction for layer in self._layers]!r})"

    def with_layer(self, layer: ParameterLayer) -> Parameters:
        """These parameters with ``layer`` on top (nearest)."""
        return Parameters([*self._layers, layer])

    def names(self) -> list[str]:
        """Every parameter name any layer sets, sorted."""
        return sorted({name for layer in self._layers for name in layer.parameters})

    def definition(self, name: str) -> Parameter:
        """The nearest layer's definition of ``name`` (label, unit, description, values)."""
        for layer in reversed(self._layers):
            if name in layer.parameters:
                return layer.parameters[name]
        raise UnknownParameterError(name, self.names())

    def history(self, name: str) -> list[ParameterValue]:
        """Every value of ``name`` in every layer, farthest layer first, each in date order."""
        self.definition(name)  # raises for an unknown name
        return [
            value
            for layer in self._layers
            if name in layer.parameters
            for value in layer.parameters[name].values
        ]

    def at(self, name: str, on: _dt.date | PartialDate | str) -> ParameterValue:
        """The value of ``name`` in force on ``on``, with its citation and the layer that set it.

        Raises:
            UnknownParameterError: no layer sets ``name``.
            ParameterNotInForceError: no value of ``name`` is in force that day.
        """
        day = as_day(on)
        key = (name, day)
        found = self._cache.get(key)
        if found is not None:
            return found
        known = False
        for layer in reversed(self._layers):
            parameter = layer.parameters.get(name)
            if parameter is None:
                continue
            known = True
            for value in parameter.values:
                if value.in_force(day):
                    self._cache[key] = value
                    return value
        if not known:
            raise UnknownParameterError(name, self.names())
        ranges = [v.period_label for v in self.history(name)]
        raise ParameterNotInForceError(name, day, ranges)

    def value(self, name: str, on: _dt.date | PartialDate | str) -> Any:
        """Just the value of :meth:`at`."""
        return self.at(name, on).value

    def in_force(
        self, on: _dt.date | PartialDate | str
    ) -> Iterator[tuple[Parameter, ParameterValue]]:
        """Every parameter with a value in force on ``on``, by name."""
        for name in self.names():
            try:
                value = self.at(name, on)
            except ParameterNotInForceError:
                continue
            yield self.definition(name), value

    def __contains__(self, name: object) -> bool:
        return any(name in layer.parameters for layer in self._layers)

    def __iter__(self) -> Iterator[str]:
        return iter(self.names())

    def __len__(self) -> int:
        return len(self.names())

    def jurisdictions(self) -> Sequence[str]:
        return [layer.jurisdiction for layer in self._layers]
