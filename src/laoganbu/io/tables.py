"""How models become tables: one table (CSV file, XLSX sheet) per record type.

Columns are derived from the models: the Chinese header is the field's ``title``, the English
header its name. A nested record (a cadre's :class:`~laoganbu.Health`) is flattened into columns
(``health_status`` / 健康状况); a list of records (a cadre's contacts, a grid's workers) is a
*child table* joined to its parent by the parent's id. A list of ids or tags sits in one cell,
separated by ``、``. The documentation's "Roster files" page is generated from this module.
"""

from __future__ import annotations

import types
import typing
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Final

import attrs
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from laoganbu.dates import PartialDate
from laoganbu.models.base import Record
from laoganbu.models.cadre import Contact, Health
from laoganbu.models.care_plan import CarePlanMeasure
from laoganbu.models.grid import GridWorker
from laoganbu.models.organization import CommitteeMember
from laoganbu.models.roster import TABLES
from laoganbu.models.unit import GroupTask
from laoganbu.privacy import Masked

__all__ = [
    "ALIASES",
    "SCHEMAS",
    "Column",
    "TableSchema",
    "aliases_for",
    "header_key",
    "schema_for",
    "unwrap_annotation",
]

#: Other headers offices write for the same column (besides the title and the field name), by
#: table; ``"*"`` applies to every table that has the field. Plugins add more through the
#: ``laoganbu_column_aliases`` hook.
ALIASES: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    "*": {
        "id": ("ID", "序号编号"),
        "parent_id": ("上级", "上级编号"),
        "organization_id": ("党组织", "党组织编号"),
        "grid_id": ("网格", "网格编号"),
        "cadre_id": ("人员编号",),
    },
    "cadres": {
        "id": ("人员编号",),
        "birth_date": ("出生日期", "出生时间", "birth"),
        "id_number": ("身份证号码", "公民身份号码", "身份证"),
        "kind": ("类别", "离退休类别", "离/退休"),
        "work_start": ("参加工作日期", "参加革命工作时间"),
        "party_join": ("入党日期",),
        "retirement_date": ("离退休日期", "离休时间", "退休时间"),
        "former_unit_id": ("原工作单位", "原单位编号"),
        "organization_id": ("所在支部", "党组织关系所在支部", "党支部"),
        "phone": ("电话", "手机", "手机号码"),
        "address": ("住址", "家庭住址", "现住址"),
        "death_date": ("逝世时间", "去世日期"),
        "health_status": ("健康",),
        "health_last_check": ("体检时间", "最近一次体检时间"),
        "family_doctor": ("是否签约家庭医生", "家庭医生签约情况"),
        "family_doctor_since": ("签约时间", "家庭医生签约日期"),
        "family_doctor_provider": ("签约医生", "签约家庭医生", "签约家庭医生团队"),
        "liaison_leader": ("联系领导干部", "联系县领导"),
        "retirement_talk_date": ("退休谈话日期", "离退休谈话时间"),
    },
    "contacts": {"phone": ("电话", "手机", "手机号码")},
    "grid_workers": {"phone": ("电话", "手机", "手机号码")},
    "service_records": {"date": ("日期", "服务时间"), "kind": ("类型", "服务方式")},
    "life_events": {"date": ("日期", "发生时间"), "kind": ("类型",)},
    "meetings": {"date": ("日期", "会议日期", "时间"), "kind": ("会议类型", "类型")},
}


def aliases_for(table: str, field: str) -> tuple[str, ...]:
    """The built-in aliases of ``table``'s column ``field``."""
    return (*ALIASES.get(table, {}).get(field, ()), *ALIASES["*"].get(field, ()))


def header_key(text: str) -> str:
    """How headers are compared: width-, case- and space-insensitive."""
    return unicodedata.normalize("NFKC", text).strip().casefold().replace(" ", "")


@attrs.frozen
class Column:
    """One column of a table.

    Attributes:
        path: field names from the record down (``("health", "status")``).
        name: the English header (``health_status``).
        header: the Chinese header (``健康状况``).
        aliases: other accepted headers.
        required: the record cannot be built without it.
        personal: the :class:`~laoganbu.privacy.Masked` type of the value, or ``"health"``
            for the masked health columns; ``None`` for ordinary values.
        many: the cell holds a list separated by ``、``.
    """

    path: tuple[str, ...]
    name: str
    header: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    personal: type[Masked] | str | None = None
    many: bool = False
    date: bool = False

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.header, self.name, *self.aliases)

    def mask(self, raw: str) -> str:
        """``raw`` as it may be shown in a message."""
        if self.personal is None:
            return raw
        if isinstance(self.personal, type):
            return self.personal.mask(raw)
        return "***"


@attrs.frozen
class ParentLink:
    """How a child table joins its parent: ``key`` column holds the parent's id."""

    table: str
    field: str
    key: Column
    #: Its rows refer to other tables and are checked with the whole roster (committee members
    #: name cadres), so an import keeps them until then, to reject a bad one alone.
    checked: bool = False


@attrs.frozen
class TableSchema:
    """The columns of one table and where its records go."""

    name: str
    label: str
    model: type[Record]
    columns: tuple[Column, ...]
    parent: ParentLink | None = None

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def sheet_names(self) -> tuple[str, str]:
        return (self.label, self.name)

    def header_map(self, extra: Mapping[str, Sequence[str]] | None = None) -> dict[str, Column]:
        """Every accepted header (normalised by :func:`header_key`) → its column.

        Args:
            extra: more aliases, column name → headers (from plugins); a header that already
                means another column keeps its built-in meaning.
        """
        mapping: dict[str, Column] = {}
        columns = [*self.columns, *([self.parent.key] if self.parent else [])]
        for column in columns:
            for header in column.headers:
                mapping.setdefault(header_key(header), column)
        by_name = {c.name: c for c in columns}
        for name, headers in (extra or {}).items():
            if name in by_name:
                for header in headers:
                    mapping.setdefault(header_key(header), by_name[name])
        return mapping

    def all_columns(self) -> tuple[Column, ...]:
        return (self.parent.key, *self.columns) if self.parent else self.columns


def unwrap_annotation(annotation: Any) -> Any:
    """Strip ``Optional`` and ``Annotated`` from a field annotation."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0]
        else:
            return annotation


def _is_model_tuple(annotation: Any) -> type[BaseModel] | None:
    inner = unwrap_annotation(annotation)
    if typing.get_origin(inner) is tuple:
        item = typing.get_args(inner)[0]
        if isinstance(item, type) and issubclass(item, BaseModel):
            return item
    return None


def _column(table: str, path: tuple[str, ...], info: FieldInfo) -> Column:
    inner = unwrap_annotation(info.annotation)
    name = "_".join(path)
    personal: type[Masked] | str | None = None
    if isinstance(inner, type) and issubclass(inner, Masked):
        personal = inner
    if path[0] == "health":
        personal = "health"
    return Column(
        path=path,
        name=name,
        header=info.title or name,
        aliases=aliases_for(table, name),
        required=info.is_required(),
        personal=personal,
        many=typing.get_origin(inner) is tuple,
        date=inner is PartialDate,
    )


def _columns(table: str, model: type[BaseModel]) -> tuple[Column, ...]:
    columns: list[Column] = []
    for name, info in model.model_fields.items():
        if _is_model_tuple(info.annotation):
            continue  # a child table
        inner = unwrap_annotation(info.annotation)
        if inner is Health:
            columns.extend(
                _column(table, ("health", sub), subinfo)
                for sub, subinfo in Health.model_fields.items()
            )
            continue
        columns.append(_column(table, (name,), info))
    return tuple(columns)


def _child(
    name: str,
    label: str,
    model: type[Record],
    parent: str,
    field: str,
    key: str,
    key_title: str,
    *,
    checked: bool = False,
) -> TableSchema:
    key_column = Column(
        path=(key,), name=key, header=key_title, aliases=aliases_for(name, key), required=True
    )
    return TableSchema(
        name=name,
        label=label,
        model=model,
        columns=_columns(name, model),
        parent=ParentLink(table=parent, field=field, key=key_column, checked=checked),
    )


def _build() -> dict[str, TableSchema]:
    schemas = {
        name: TableSchema(name=name, label=model.label, model=model, columns=_columns(name, model))
        for name, model in TABLES.items()
    }
    children = [
        _child("contacts", "亲属联系人", Contact, "cadres", "contacts", "cadre_id", "干部编号"),
        _child("grid_workers", "网格员", GridWorker, "grids", "workers", "grid_id", "网格编号"),
        _child(
            "committee_members",
            "支委成员",
            CommitteeMember,
            "organizations",
            "committee",
            "organization_id",
            "党组织编号",
            checked=True,
        ),
        _child("group_tasks", "任务清单", GroupTask, "groups", "tasks", "group_id", "协作组编号"),
        _child(
            "care_plan_measures",
            "服务措施",
            CarePlanMeasure,
            "care_plans",
            "measures",
            "plan_id",
            "方案编号",
        ),
    ]
    for child in children:
        schemas[child.name] = child
    # Sanity: every list-of-records field of a model has a child table.
    for schema in list(schemas.values()):
        for fname, info in schema.model.model_fields.items():
            if _is_model_tuple(info.annotation) and not any(
                c.parent and c.parent.table == schema.name and c.parent.field == fname
                for c in children
            ):
                raise RuntimeError(f"{schema.name}.{fname} has no child table")
    return schemas


#: Every table laoganbu reads and writes, parents before children.
SCHEMAS: Final[Mapping[str, TableSchema]] = _build()


#: Other names files and sheets of a table go by.
TABLE_ALIASES: Final[Mapping[str, str]] = {
    "records": "service_records",
    "台账": "service_records",
    "服务台账": "service_records",
    "诉求": "requests",
    "诉求台账": "requests",
    "一人一策方案": "care_plans",
    "护理服务方案": "care_plans",
}


def schema_for(name_or_label: str) -> TableSchema | None:
    """The table called ``name_or_label`` (English name, Chinese label, alias or file stem)."""
    key = header_key(name_or_label)
    alias = TABLE_ALIASES.get(key)
    if alias is not None:
        return SCHEMAS[alias]
    for schema in SCHEMAS.values():
        if key in (header_key(schema.name), header_key(schema.label)):
            return schema
    return None
