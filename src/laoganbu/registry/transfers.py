"""Moving away and moving in: the outgoing record, the transfer file, the incoming record.

The sending bureau records an outgoing :class:`~laoganbu.models.transfer.Transfer` and sends a
*transfer file* (:class:`TransferFile`, JSON): the cadre's record, where they go, the documents
sent — exactly what the receiving bureau needs, personal values masked unless the sender chose
to reveal them. The receiving bureau's import recognises the person by ID number
(:func:`receive`), links them, and records an incoming transfer; someone it cannot find is
proposed as a new record (from a revealed file) or reported.

After a management transfer the sending roster keeps the cadre's record (with the outgoing
transfer, services stop from its date) and the receiving roster has it (services start). A
transfer whose cadre is in neither roster is an unknown reference on either side's check.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final, Literal

import attrs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from laoganbu.dates import PartialDate, today_date
from laoganbu.errors import InvalidValueError, UnusableInputError
from laoganbu.idnumber import IdNumber, normalize_id_number
from laoganbu.models.base import DivisionCode, RecordId, TagList, Text
from laoganbu.models.cadre import Cadre
from laoganbu.models.enums import TransferDirection, TransferKind
from laoganbu.models.roster import Roster
from laoganbu.models.transfer import CARE_KINDS, PARTY_KINDS, Transfer, state_on
from laoganbu.privacy import REVEAL_PII

__all__ = [
    "TRANSFER_FORMAT",
    "IncomingTransfer",
    "OutgoingTransfer",
    "TransferArea",
    "TransferFile",
    "read_transfer_file",
    "receive",
    "transfer_out",
]

#: The format tag of a transfer file; a file of another format is refused.
TRANSFER_FORMAT: Final = "laoganbu-transfer/1"

#: Fields of a cadre that name records of the sending roster: their ids mean nothing to the
#: receiving bureau, so the file carries names instead (and the receiving record leaves them
#: blank to be filled from its own roster).
_LOCAL_REFERENCES: Final = ("former_unit_id", "organization_id", "grid_id")


class TransferArea(BaseModel):
    """One side of a transfer: the bureau (or Party organisation) and its area."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Text = Field(title="名称", description="e.g. 闻喜县委老干部局")
    division_code: DivisionCode | None = Field(None, title="区划代码")


class TransferFile(BaseModel):
    """转移材料 — what a receiving bureau needs of a cadre who moves to it.

    ``cadre`` is the cadre's record as JSON (its contacts and health with it): personal values
    (ID number, phones, address, health) in full only when ``revealed``, masked otherwise. The
    fields naming the sending roster's records are blank there; ``former_unit``,
    ``organization`` and ``grid`` give their names.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["laoganbu-transfer/1"] = Field(TRANSFER_FORMAT, title="格式")
    transfer_id: RecordId = Field(title="转出记录编号")
    kind: TransferKind = Field(title="转移类型")
    date: PartialDate = Field(title="转移日期")
    sent_on: PartialDate = Field(title="发送日期")
    sender: TransferArea = Field(title="转出方")
    receiver: TransferArea = Field(title="接收方")
    reason: Text | None = Field(None, title="转移原因")
    documents: TagList = Field((), title="随转材料")
    revealed: bool = Field(False, title="个人信息未脱敏")
    cadre: dict[str, Any] = Field(title="干部信息")
    former_unit: Text | None = Field(None, title="原单位名称")
    organization: Text | None = Field(None, title="原所在党组织名称")
    grid: Text | None = Field(None, title="原所在网格名称")

    def to_json(self) -> str:
        return self.model_dump_json(indent=1)

    def __repr_args__(self) -> Any:
        # The cadre's values may be revealed: a repr (a log, a notebook) names the person only.
        for name, value in super().__repr_args__():
            if name == "cadre":
                yield name, f"<{self.cadre.get('name')} {self.cadre.get('id')}>"
            else:
                yield name, value


@attrs.frozen
class OutgoingTransfer:
    """A cadre leaving: the record for the sending roster and the cadre it concerns."""

    record: Transfer
    cadre: Cadre
    sender: TransferArea
    receiver: TransferArea
    former_unit: str | None = None
    organization: str | None = None
    grid: str | None = None

    def file(self, *, reveal_pii: bool = False, sent_on: PartialDate | None = None) -> TransferFile:
        """The transfer file; personal values masked unless ``reveal_pii`` (then the receiving
        bureau can recognise the person by ID number and add the record as it is)."""
        data = self.cadre.model_dump(mode="json", context={REVEAL_PII: reveal_pii})
        for name in _LOCAL_REFERENCES:
            data[name] = None
        day = today_date()
        return TransferFile(
            transfer_id=self.record.id,
            kind=self.record.kind,
            date=self.record.date,
            sent_on=sent_on or PartialDate(day.year, day.month, day.day),
            sender=self.sender,
            receiver=self.receiver,
            reason=self.record.reason,
            documents=self.record.documents,
            revealed=reveal_pii,
            cadre=data,
            former_unit=self.former_unit,
            organization=self.organization,
            grid=self.grid,
        )


@attrs.frozen
class IncomingTransfer:
    """A cadre arriving, as the receiving roster sees them.

    Attributes:
        cadre_id: the roster's record of the person, when found; else the id proposed for a
            new record.
        linked: how the person was found: ``"id_number"`` (certain), ``"name_and_birth"`` (a
            masked file: name, birth month and the ID number's visible digits agree; check it)
            or ``None`` (not in the roster).
        record: the incoming transfer to add to the roster's transfers.
        proposed: a new cadre record made from a revealed file when the person is not in the
            roster (its references to units, organisations and grids blank), to check and add;
            ``None`` otherwise.
        problems: what the bureau must still do, in Chinese and English.
    """

    cadre_id: str
    linked: Literal["id_number", "name_and_birth"] | None
    record: Transfer
    proposed: Cadre | None
    problems: tuple[str, ...]


def transfer_out(
    roster: Roster,
    cadre_id: str,
    *,
    date: _dt.date | PartialDate | str,
    sender: TransferArea | str,
    receiver: TransferArea | str,
    kind: TransferKind | str = TransferKind.MANAGEMENT,
    reason: str | None = None,
    documents: Iterable[str] = (),
    transfer_id: str | None = None,
) -> OutgoingTransfer:
    """Record a cadre moving away: the outgoing transfer and what the file will carry.

    Args:
        roster: the sending roster.
        cadre_id: the cadre who moves.
        date: the day the transfer takes effect (services stop from it, for a management
            transfer; membership ends, for either kind).
        sender: this bureau (a name, or a :class:`TransferArea` with the division code).
        receiver: the receiving bureau, likewise.
        kind: ``management`` (管理服务关系转移: services, Party relation and grid move) or
            ``party`` (组织关系转接: only the Party relation).
        documents: the documents sent (介绍信, 档案, 党员组织关系介绍信 …).
        transfer_id: the outgoing record's id (default: ``T`` and the next free number).

    Raises:
        RecordNotFoundError: no such cadre.
        InvalidValueError: the cadre is not living on ``date``, or already moved away by then
            (out of the area's care, or, for a Party transfer, the Party relation).
    """
    when = PartialDate.parse(date) if isinstance(date, str) else _as_partial(date)
    kind = TransferKind.parse(kind) if isinstance(kind, str) else kind
    cadre = roster.cadre(cadre_id)
    if not roster.alive_on(cadre, when):
        raise InvalidValueError(
            f"cadre {cadre_id!r} is not living on {when}: a death is recorded instead"
            f" / 干部 {cadre_id} 在 {when} 已去世，不能转出"
        )
    moves = roster.transfers_of(cadre_id)
    kinds = CARE_KINDS if kind is TransferKind.MANAGEMENT else PARTY_KINDS
    if moves and not state_on(moves, when, kinds):
        raise InvalidValueError(
            f"cadre {cadre_id!r} has moved away by {when} already / 干部 {cadre_id} 此前已转出"
        )
    later = [t for t in moves if t.date.first_day > when.first_day]
    if later:
        raise InvalidValueError(
            f"cadre {cadre_id!r} has a transfer recorded after {when} ({later[0].id},"
            f" {later[0].date}): record moves in the order they happen"
            f" / 干部 {cadre_id} 在 {when} 之后已有转移记录 {later[0].id}"
        )
    record = Transfer(
        id=transfer_id or _next_id([t.id for t in roster.transfers], "T"),
        cadre_id=cadre_id,
        direction=TransferDirection.OUT,
        kind=kind,
        date=when,
        counterpart=_area(receiver).name,
        counterpart_division=_area(receiver).division_code,
        reason=reason,
        documents=tuple(documents),
    )
    return OutgoingTransfer(
        record=record,
        cadre=cadre,
        sender=_area(sender),
        receiver=_area(receiver),
        former_unit=_name(roster, "units", cadre.former_unit_id),
        organization=_name(roster, "organizations", cadre.organization_id),
        grid=_name(roster, "grids", cadre.grid_id),
    )


def read_transfer_file(path: str | os.PathLike[str]) -> TransferFile:
    """A transfer file read and validated.

    Raises:
        UnusableInputError: not a transfer file (unreadable, not JSON, another format, or a
            field that does not validate — each named, values not echoed).
    """
    from laoganbu.io.sources import read_text

    text, _ = read_text(Path(path))
    try:
        return TransferFile.model_validate_json(text)
    except ValidationError as exc:
        reasons = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'the file'}: {e['msg']}"
            for e in exc.errors(include_input=False)
        )
        raise UnusableInputError(
            f"{path}: not a transfer file / 不是有效的转移材料: {reasons}"
        ) from None


def receive(
    roster: Roster,
    transfer: TransferFile,
    *,
    transfer_id: str | None = None,
    new_cadre_id: str | None = None,
) -> IncomingTransfer:
    """Recognise an arriving cadre in the receiving ``roster`` and make the incoming record.

    The person is found by ID number (upgraded to 18 digits) when the file is revealed; in a
    masked file by name, birth month and the ID number's visible digits. Someone not found is
    proposed as a new record when the file is revealed (its references to the sending roster
    blank), and reported when it is masked: a masked record cannot be added as it is.

    Args:
        transfer_id: the incoming record's id (default: ``T`` and the next free number).
        new_cadre_id: the id of the proposed new record (default: the roster's next free id of
            the cadres' own pattern, e.g. ``C03001``).
    """
    data = transfer.cadre
    linked: Literal["id_number", "name_and_birth"] | None = None
    found: str | None = None
    problems: list[str] = []
    number = data.get("id_number")
    if transfer.revealed and isinstance(number, str) and number:
        wanted = normalize_id_number(number)
        for cadre in roster.cadres:
            if cadre.id_number is not None and cadre.id_number.reveal() == wanted:
                found, linked = cadre.id, "id_number"
                break
    if found is None:
        alike = [c for c in roster.cadres if _alike(c, data, transfer.revealed)]
        if len(alike) == 1:
            found, linked = alike[0].id, "name_and_birth"
            problems.append(
                f"found {found!r} by name and birth month, not by ID number: check it is the"
                f" same person / 按姓名和出生年月匹配到 {found}，请核实是否同一人"
            )
        elif len(alike) > 1:
            ids = ", ".join(c.id for c in alike)
            problems.append(
                f"several records alike ({ids}): link by hand / 多条记录相似（{ids}），请人工确认"
            )
    proposed: Cadre | None = None
    if found is None:
        new_id = new_cadre_id or _next_id(list(_cadre_ids(roster)), "C")
        if transfer.revealed:
            try:
                proposed = Cadre.model_validate({**data, "id": new_id})
            except ValidationError as exc:
                fields = ", ".join(".".join(map(str, e["loc"])) for e in exc.errors())
                problems.append(
                    f"the file's cadre record does not validate ({fields}): enter it by hand"
                    f" / 转移材料中的干部信息不完整（{fields}），请手工录入"
                )
            else:
                problems.append(
                    f"not in this roster: a new record {new_id!r} is proposed; check it, fill its"
                    " grid, Party organisation and former unit, and add it"
                    f" / 花名册中无此人：建议新增记录 {new_id}，"
                    "核实并补填网格、党组织、原单位后录入"
                )
        else:
            problems.append(
                "not in this roster and the file is masked: ask the sender for a revealed file"
                " or enter the cadre by hand / 花名册中无此人，且转移材料已脱敏：请转出方提供"
                "未脱敏材料或手工录入"
            )
        found = new_id
    if linked is not None:
        same = [
            t
            for t in roster.transfers_of(found)
            if t.direction is TransferDirection.IN and t.date == transfer.date
        ]
        if same:
            problems.append(
                f"this move is recorded already (transfer {same[0].id!r}): do not add it again"
                f" / 该转入已有记录 {same[0].id}，请勿重复录入"
            )
    record = Transfer(
        id=transfer_id or _next_id([t.id for t in roster.transfers], "T"),
        cadre_id=found,
        direction=TransferDirection.IN,
        kind=transfer.kind,
        date=transfer.date,
        counterpart=transfer.sender.name,
        counterpart_division=transfer.sender.division_code,
        reason=transfer.reason,
        documents=transfer.documents,
        notes=f"转出记录 {transfer.transfer_id}",
    )
    return IncomingTransfer(
        cadre_id=found, linked=linked, record=record, proposed=proposed, problems=tuple(problems)
    )


def _alike(cadre: Cadre, data: dict[str, Any], revealed: bool) -> bool:
    """The same name and birth month; and, for a masked ID number, the same visible digits."""
    if cadre.name != data.get("name"):
        return False
    birth = data.get("birth_date")
    try:
        month = PartialDate.parse(birth).month_index if isinstance(birth, str) else None
    except ValueError:
        return False
    if month != cadre.birth_date.month_index:
        return False
    number = data.get("id_number")
    if not isinstance(number, str) or not number or cadre.id_number is None:
        return True
    own = IdNumber.mask(cadre.id_number.reveal()) if not revealed else cadre.id_number.reveal()
    return own == number


def _cadre_ids(roster: Roster) -> Iterable[str]:
    from laoganbu.models.records import as_records

    return as_records(roster.cadres).ids()


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def _next_id(ids: Iterable[str], prefix: str) -> str:
    """The next free id of the pattern most ids follow (``C03001`` after ``C03000``), or
    ``prefix`` and a number."""
    taken = set(ids)
    numbers: dict[str, list[str]] = {}
    for rid in taken:
        match = _NUMBERED.match(rid)
        if match:
            numbers.setdefault(match.group(1), []).append(match.group(2))
    if numbers:
        head = max(numbers, key=lambda h: (len(numbers[h]), h))
        digits = numbers[head]
        number, width = max(int(d) for d in digits), max(len(d) for d in digits)
    else:
        head, number, width = prefix, 0, 4
    while True:
        number += 1
        candidate = f"{head}{number:0{width}d}"
        if candidate not in taken:
            return candidate


def _area(area: TransferArea | str) -> TransferArea:
    return area if isinstance(area, TransferArea) else TransferArea(name=area)


def _name(roster: Roster, table: str, record_id: str | None) -> str | None:
    if record_id is None:
        return None
    record = roster._by_id(table).get(record_id)
    return None if record is None else str(record.name)


def _as_partial(day: _dt.date | PartialDate) -> PartialDate:
    if isinstance(day, PartialDate):
        return day
    return PartialDate(day.year, day.month, day.day)
