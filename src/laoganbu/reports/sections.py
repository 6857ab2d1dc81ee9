"""The sections of the work report, as data a plugin can add to or replace.

Each numbered section of a report is made by a :class:`ReportSection`: a key, an order and a
function from a :class:`ReportContext` (the roster, the period, the day, the locality, the
ledger) to a :class:`~laoganbu.reports.model.Section`. laoganbu's own sections (the people,
Party building, grids and services, roles and support, money paid, political treatment,
requests, 一人一策) are registered by the national baseline through the ``laoganbu_report_sections``
hook, as a locality's plugin registers its own: one with the same key in a nearer layer
replaces it, one with a new key is added, and the sections are numbered in ``order``.

A plugin's section that raises is left out of the report with a note in its place, and the
report lists the error (:attr:`~laoganbu.reports.model.Report.errors`): the rest of the
report is still written.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.locality import Locality
    from laoganbu.models.roster import Roster
    from laoganbu.models.service import ServiceRecord
    from laoganbu.periods import Period
    from laoganbu.reports.model import Section
    from laoganbu.rules.gaps import CoverageReport

__all__ = ["ReportContext", "ReportSection"]


@attrs.frozen
class ReportContext:
    """What a report section is made from.

    Attributes:
        roster: the area's roster.
        period: the period reported on.
        as_of: the day the figures are taken.
        locality: whose rules, programmes and parameters apply.
        records: the ledger of services, as records or a polars frame (see
            :func:`laoganbu.compliance`); ``None`` when the report was asked for without one.
        area: how the text names the area (``全县``).
        coverage: the roster's coverage on ``as_of`` (grids, workers, organisations), made
            once for every section.
    """

    roster: Roster
    period: Period
    as_of: _dt.date
    locality: Locality
    records: Sequence[ServiceRecord] | pl.DataFrame | None
    area: str
    coverage: CoverageReport


@attrs.frozen
class ReportSection:
    """One section of the work report, made on demand.

    Attributes:
        key: what identifies it across layers (``people``; a plugin's own, e.g.
            ``xuzhou.wucai``); a nearer layer's section with the same key replaces it.

    A section of the wrong shape (an order that is not a whole number, a ``build`` that cannot
    be called) is refused when made, so a plugin returning one is reported as a plugin error.
        title: its Chinese title without the number (``五彩联动``), for listings.
        build: makes the section from the context; ``None`` leaves it out (nothing to say).
            The section's own title is used in the report, numbered.
        order: where it goes: laoganbu's sections are 10 (the people), 20 (Party building),
            30 (grids and services), 40 (roles and support), 50 (money paid), 55 (political
            treatment), 60 (requests) and 65 (一人一策); assessment results come last.
    """

    key: str = attrs.field(validator=attrs.validators.instance_of(str))
    title: str = attrs.field(validator=attrs.validators.instance_of(str))
    build: Callable[[ReportContext], Section | None] = attrs.field(
        validator=attrs.validators.is_callable()
    )
    order: int = attrs.field(default=100, validator=attrs.validators.instance_of(int))
