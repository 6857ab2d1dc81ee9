"""Retired cadres (离退休干部) and survivors (遗属)."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import Any, ClassVar, Self

from pydantic import (
    Field,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    model_serializer,
    model_validator,
)

from laoganbu.dates import PartialDate, today, today_date
from laoganbu.idnumber import IdNumber
from laoganbu.models.base import (
    DivisionCode,
    FieldConflict,
    Flag,
    IdentifiedRecord,
    Record,
    RecordId,
    TagList,
    Text,
)
from laoganbu.models.enums import CadreKind, CareLevel, Ethnicity, HealthStatus, Rank, Sex
from laoganbu.privacy import Address, HealthNote, PhoneNumber, reveal_requested

__all__ = ["LIXIU_LATEST_WORK_START", "Cadre", "Contact", "Health"]

#: 离休 covers those who joined revolutionary work from 1921-07-01 to 1949-09-30
#: (《国务院关于老干部离职休养制度的几项规定》国发〔1982〕62号 第三条).
LIXIU_LATEST_WORK_START = PartialDate(1949, 9, 30)


class Health(Record):
    """健康信息 — sensitive personal information: shown and exported masked unless revealed."""

    label = "健康信息"

    status: HealthStatus | None = Field(None, title="健康状况")
    care_level: CareLevel | None = Field(None, title="护理等级")
    notes: HealthNote | None = Field(None, title="健康备注")
    #: The last health check (体检): part of the health record, so masked with it.
    last_check: PartialDate | None = Field(None, title="最近体检时间")

    @model_serializer(mode="wrap")
    def _mask(self, handler: SerializerFunctionWrapHandler, info: SerializationInfo) -> Any:
        data = handler(self)
        if reveal_requested(info.context):
            return data
        return {key: None if value is None else "***" for key, value in data.items()}

    def __repr_args__(self) -> Any:
        return [(name, "***") for name in type(self).model_fields if getattr(self, name)]

    @property
    def is_empty(self) -> bool:
        return all(getattr(self, name) is None for name in type(self).model_fields)


class Contact(Record):
    """亲属联系人 — a family contact of a cadre."""

    label = "亲属联系人"

    name: Text = Field(title="联系人姓名")
    relation: Text | None = Field(None, title="关系")
    phone: PhoneNumber | None = Field(None, title="联系电话")


class Cadre(IdentifiedRecord):
    """离退休干部 — one retired cadre, or the survivor (遗属) of a deceased 离休干部.

    Dates may be month-precision. Cross-field rules checked on construction:

    * birth date not in the future; later dates (work, Party, retirement, death, the family
      doctor's signing, the 退休谈话, the last health check) after it and not in the future;
    * no date or doctor of signing with a family doctor where 家庭医生签约 is 否;
    * an ID number's encoded birth date and sex agree with :attr:`birth_date` and :attr:`sex`;
    * a 离休 cadre joined revolutionary work by 1949-09-30;
    * a survivor names the cadre (:attr:`survivor_of`) it survives, and nobody else does;
    * organisation membership implies Party membership.
    """

    label = "离退休干部"

    id: RecordId = Field(title="编号")
    name: Text = Field(title="姓名")
    sex: Sex = Field(title="性别")
    ethnicity: Ethnicity | None = Field(None, title="民族")
    birth_date: PartialDate = Field(title="出生年月")
    id_number: IdNumber | None = Field(None, title="身份证号")
    kind: CadreKind = Field(title="人员类别")
    native_place: Text | None = Field(None, title="籍贯")
    work_start: PartialDate | None = Field(None, title="参加工作时间")
    party_join: PartialDate | None = Field(None, title="入党时间")
    retirement_date: PartialDate | None = Field(None, title="离退休时间")
    former_unit_id: RecordId | None = Field(None, title="原单位")
    former_post: Text | None = Field(None, title="原职务")
    rank: Rank | None = Field(None, title="职级")
    treatment_level: Rank | None = Field(None, title="待遇级别")
    party_member: Flag = Field(False, title="是否党员")
    organization_id: RecordId | None = Field(None, title="所在党组织")
    mobile_party_member: Flag = Field(False, title="流动党员")
    phone: PhoneNumber | None = Field(None, title="联系电话")
    address: Address | None = Field(None, title="居住地址")
    division_code: DivisionCode | None = Field(None, title="居住地区划代码")
    grid_id: RecordId | None = Field(None, title="所在网格")
    relocated: Flag = Field(False, title="易地安置")
    health: Health = Field(default_factory=Health, title="健康信息")
    # 家庭医生签约 is a service the cadre signed up for, not a medical fact: shown as it is.
    family_doctor: Flag | None = Field(None, title="家庭医生签约")
    family_doctor_since: PartialDate | None = Field(None, title="家庭医生签约时间")
    family_doctor_provider: Text | None = Field(None, title="签约医生或机构")
    # 领导干部联系老干部制度: the leader need not be anyone on the roster.
    liaison_leader: Text | None = Field(None, title="联系领导")
    liaison_leader_post: Text | None = Field(None, title="联系领导职务")
    retirement_talk_date: PartialDate | None = Field(None, title="退休谈话时间")
    lives_alone: Flag = Field(False, title="独居")
    empty_nest: Flag = Field(False, title="空巢")
    contacts: tuple[Contact, ...] = Field((), title="亲属联系人")
    expertise: TagList = Field((), title="专长")
    hardships: TagList = Field((), title="特殊困难")
    death_date: PartialDate | None = Field(None, title="去世时间")
    survivor_of: RecordId | None = Field(None, title="遗属所属干部")

    _checked_dates: ClassVar[tuple[str, ...]] = (
        "work_start",
        "party_join",
        "retirement_date",
        "death_date",
        "family_doctor_since",
        "retirement_talk_date",
    )

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        for conflict in self.conflicts():
            raise conflict
        return self

    def conflicts(self) -> list[FieldConflict]:
        """Every cross-field inconsistency of this record (empty when consistent)."""
        found: list[FieldConflict] = []
        born = self.birth_date.month_index
        now = today().month_index
        if born > now:
            found.append(
                FieldConflict("birth_date", "birth date is in the future / 出生日期晚于今天")
            )
        for name in self._checked_dates:
            value: PartialDate | None = getattr(self, name)
            if value is None:
                continue
            index = value.month_index
            if index < born or index > now:
                title = type(self).model_fields[name].title
                found.append(
                    FieldConflict(name, f"{name} is before birth / {title}早于出生")
                    if index < born
                    else FieldConflict(name, f"{name} is in the future / {title}晚于今天")
                )
        check = self.health.last_check
        if check is not None and not born <= check.month_index <= now:
            # Health is sensitive: the message names the field, never its value.
            found.append(
                FieldConflict(
                    "health",
                    "the last health check is before birth / 最近体检时间早于出生"
                    if check.month_index < born
                    else "the last health check is in the future / 最近体检时间晚于今天",
                    item_field="last_check",
                )
            )
        if self.family_doctor is False and (
            self.family_doctor_since is not None or self.family_doctor_provider is not None
        ):
            found.append(
                FieldConflict(
                    "family_doctor",
                    "not signed with a family doctor, yet a date or doctor of signing is given"
                    " / 家庭医生签约为“否”，却填写了签约时间或签约医生",
                )
            )
        if self.id_number is not None:
            found.extend(self._id_number_conflicts(self.id_number.reveal()))
        if (
            self.kind is CadreKind.LIXIU
            and self.work_start is not None
            and self.work_start.first_day > LIXIU_LATEST_WORK_START.first_day
        ):
            found.append(
                FieldConflict(
                    "work_start",
                    f"a 离休 cadre joined work by 1949-09-30, not {self.work_start}"
                    " / 离休干部参加工作时间应在1949年9月30日以前",
                )
            )
        is_survivor = self.kind is CadreKind.SURVIVOR
        if is_survivor and self.survivor_of is None:
            found.append(
                FieldConflict(
                    "survivor_of", "a survivor must name the deceased cadre / 遗属须注明所属干部"
                )
            )
        if not is_survivor and self.survivor_of is not None:
            found.append(
                FieldConflict(
                    "survivor_of", "only a survivor names a deceased cadre / 仅遗属可填写所属干部"
                )
            )
        if (self.organization_id or self.mobile_party_member) and not self.party_member:
            found.append(
                FieldConflict(
                    "party_member",
                    "a member of a Party organisation must be a Party member"
                    " / 有党组织关系者应为党员",
                )
            )
        return found

    def _id_number_conflicts(self, number: str) -> list[FieldConflict]:
        # Compared as text: this runs for every row of a bulk import.
        found = []
        b = self.birth_date
        if number[6:12] != f"{b.year:04d}{b.month:02d}" or (
            b.day is not None and int(number[12:14]) != b.day
        ):
            found.append(
                FieldConflict(
                    "id_number",
                    f"ID number encodes birth {number[6:10]}-{number[10:12]},"
                    f" record says {b.to_month()} / 身份证号中的出生日期与出生年月不符",
                )
            )
        encoded_sex = "male" if int(number[16]) % 2 else "female"
        if encoded_sex != self.sex.value:
            found.append(
                FieldConflict(
                    "id_number",
                    f"ID number encodes sex {encoded_sex}, record says {self.sex.value}"
                    " / 身份证号中的性别与记录不符",
                )
            )
        return found

    @property
    def is_alive(self) -> bool:
        """Whether the cadre is alive today in China (see :meth:`alive_on`)."""
        return self.alive_on(today_date())

    def alive_on(self, day: _dt.date | PartialDate) -> bool:
        """Whether the cadre is living on ``day``: laoganbu's one definition.

        A cadre is living on a day when born by then (a birth recorded to the month counts from
        the first day of its month) and no death is recorded or the recorded death falls after
        that day; on the day of death the cadre is no longer counted. A death recorded to the
        month only (``2026.03``) counts from the **first** day of its month, so on every day of
        that month the cadre is counted as deceased and no service falls due: the record cannot
        show the cadre alive on any day of the month, and a count at the month's end must not
        include someone known to have died within it.

        Every count of living cadres and every schedule uses this (or its batch form,
        :meth:`alive_on_each`, which agrees with it).

        Args:
            day: a day (a :class:`datetime.date`, a pendulum date or a day-precision
                :class:`~laoganbu.dates.PartialDate`); a month-precision date means its first day.

        Example:
            >>> c = Cadre(id="C1", name="某", sex="男", birth_date="1930.01", kind="退休",
            ...           death_date="2026.03")
            >>> c.alive_on(PartialDate(2026, 2, 28)), c.alive_on(PartialDate(2026, 3, 31))
            (True, False)
        """
        if isinstance(day, PartialDate):
            day = day.first_day
        elif isinstance(day, _dt.datetime):
            day = day.date()
        death = self.death_date
        return self.birth_date.first_day <= day and (death is None or death.first_day > day)

    @staticmethod
    def alive_on_each(
        death_dates: Iterable[PartialDate | None],
        day: _dt.date | PartialDate,
        births: Iterable[PartialDate] | None = None,
    ) -> list[bool]:
        """:meth:`alive_on` for a column of death dates (and of ``births``, the birth dates in
        the same order, when given) at once: one flag per date, in order.

        The batch form of the definition, for whole rosters: it compares plain integers instead
        of building a calendar date per record, and agrees with :meth:`alive_on` on every input.

        Example:
            >>> deaths = (None, PartialDate(2026, 3), PartialDate(2026, 4, 1))
            >>> Cadre.alive_on_each(deaths, PartialDate(2026, 3, 31)) == [True, False, True]
            True
        """
        # YYYYMMDD as one integer orders exactly as the calendar does; a month-only death
        # takes day 1, the first day of its month.
        if isinstance(day, PartialDate):
            key = day.year * 10_000 + day.month * 100 + (day.day or 1)
        else:
            key = day.year * 10_000 + day.month * 100 + day.day
        flags = [
            d is None or d.year * 10_000 + d.month * 100 + (d.day or 1) > key for d in death_dates
        ]
        if births is None:
            return flags
        return [
            flag and b.year * 10_000 + b.month * 100 + (b.day or 1) <= key
            for flag, b in zip(flags, births, strict=True)
        ]
