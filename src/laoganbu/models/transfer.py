"""Moving away and moving in: a cadre leaving the bureau's care or coming into it.

A move is recorded on each side as a :class:`Transfer` — outgoing (转出) where the cadre leaves,
incoming (转入) where the cadre arrives — with its date, the other side and the documents sent.
What moves is the transfer's kind: the management and services (管理服务关系, which take the
Party relation and the grid with them) or the Party relation alone (组织关系转接).

From a transfer's date, as from a death's, a cadre's state changes under one rule
(:func:`state_on`): the last transfer on or before a day says whether the cadre is in (转入)
or out (转出); before any, the cadre is where the first transfer took them from. A date known to
the month counts from the month's first day.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence

from pydantic import Field

from laoganbu.dates import PartialDate
from laoganbu.models.base import DivisionCode, IdentifiedRecord, RecordId, TagList, Text
from laoganbu.models.enums import TransferDirection, TransferKind

__all__ = ["CARE_KINDS", "PARTY_KINDS", "Transfer", "out_intervals", "state_on"]

#: The kinds of transfer that move the bureau's care (services, grid): management only.
CARE_KINDS = frozenset({TransferKind.MANAGEMENT})
#: The kinds that move the Party relation: both.
PARTY_KINDS = frozenset({TransferKind.MANAGEMENT, TransferKind.PARTY})


class Transfer(IdentifiedRecord):
    """转移记录 — a cadre moving out of the bureau's care or into it (易地安置, moving to live
    with children, 组织关系转接 …): one row per move on each side."""

    label = "转移记录"

    id: RecordId = Field(title="编号")
    cadre_id: RecordId = Field(title="干部编号")
    direction: TransferDirection = Field(title="转移方向")
    kind: TransferKind = Field(title="转移类型")
    date: PartialDate = Field(title="转移日期")
    counterpart: Text = Field(title="对方单位", description="转往或转自的老干部工作部门、党组织")
    counterpart_division: DivisionCode | None = Field(None, title="对方区划代码")
    reason: Text | None = Field(None, title="转移原因")
    documents: TagList = Field((), title="随转材料")
    notes: Text | None = Field(None, title="备注")


def _first_day(day: _dt.date | PartialDate) -> _dt.date:
    if isinstance(day, PartialDate):
        return day.first_day
    if isinstance(day, _dt.datetime):
        return day.date()
    return day


def state_on(
    transfers: Iterable[Transfer], day: _dt.date | PartialDate, kinds: Iterable[TransferKind]
) -> bool:
    """Whether a cadre is *in* on ``day`` by the ``transfers`` of ``kinds`` (one cadre's).

    The last such transfer on or before ``day`` decides (转入: in, 转出: out); of two on one
    day, the later recorded. Before any, the cadre is where the first one took them from: in
    before a first 转出, out before a first 转入. With none, in.

    Example:
        >>> t = Transfer(id="T1", cadre_id="C1", direction="转出", kind="管理服务关系转移",
        ...              date="2026-05-20", counterpart="某市委老干部局")
        >>> state_on([t], PartialDate(2026, 5, 19), CARE_KINDS)
        True
        >>> state_on([t], PartialDate(2026, 5, 20), CARE_KINDS)
        False
    """
    wanted = frozenset(kinds)
    relevant: Sequence[Transfer] = sorted(
        (t for t in transfers if t.kind in wanted), key=lambda t: t.date.first_day
    )
    if not relevant:
        return True
    on = _first_day(day)
    state = relevant[0].direction is TransferDirection.OUT
    for transfer in relevant:
        if transfer.date.first_day > on:
            break
        state = transfer.direction is TransferDirection.IN
    return state


def out_intervals(
    transfers: Iterable[Transfer], kinds: Iterable[TransferKind]
) -> list[tuple[_dt.date | None, _dt.date | None]]:
    """The spans in which a cadre is *out* by :func:`state_on`, as ``[from, until)`` pairs of
    days (``None``: open), in order: the columnar form of the same rule."""
    wanted = frozenset(kinds)
    relevant = sorted((t for t in transfers if t.kind in wanted), key=lambda t: t.date.first_day)
    if not relevant:
        return []
    spans: list[tuple[_dt.date | None, _dt.date | None]] = []
    inside = relevant[0].direction is TransferDirection.OUT  # before the first transfer
    out_since: _dt.date | None = None  # out from the start, when not inside
    for transfer in relevant:
        day = transfer.date.first_day
        now_in = transfer.direction is TransferDirection.IN
        if inside and not now_in:
            out_since = day
        elif not inside and now_in:
            spans.append((out_since, day))
        inside = now_in
    if not inside:
        spans.append((out_since, None))
    return spans
