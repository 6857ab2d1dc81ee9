"""双高期 over a roster: the cadres old and ill enough for the closest care, by grid and unit.

:func:`laoganbu.age_profile` tells whether one person is in the 双高期 (高龄和高发病) on a day;
:func:`double_high` asks the same of a whole roster at once, through the rule's batch form
(:func:`laoganbu.batch.age_profile`) over the roster's columns, and counts the cadres it finds
by grid, former unit and kind.

Who is judged: the cadres (离休 and 退休) living on the day and in the area's care, as every count
of living cadres takes them (:meth:`laoganbu.Roster.living_cadres`). Survivors (遗属) are not:
the 双高期 is said of 老干部 themselves — the phase that sets how closely the bureau serves a
cadre — and a survivor is a cadre's dependant, served by other rules (遗属生活困难补助, visits).
The living survivors are counted in the result, so that nobody leaves the count unseen.

A cadre of the age whose health status is not recorded cannot be judged: such cadres are
counted and listed apart (``undecided``), never taken as out of the 双高期.

No national text defines the 双高期 by numbers: the age (``age.double_high.min_age``) and the
health statuses (``age.double_high.health_statuses``) are parameters a locality sets, and the
national values are marked unverified.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final, Literal

import attrs

from laoganbu.dates import PartialDate, first_day_column, today_date
from laoganbu.errors import InvalidValueError
from laoganbu.models.enums import CadreKind, HealthStatus
from laoganbu.params import ParameterValue, as_day, resolve_parameters
from laoganbu.rules.explain import Explanation, Step, step

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.locality import Locality
    from laoganbu.models.roster import Roster
    from laoganbu.params import Parameters

__all__ = ["DOUBLE_HIGH_COLUMNS", "DoubleHigh", "DoubleHighCount", "double_high"]

#: The columns of :meth:`DoubleHigh.frame`, with their Chinese labels.
DOUBLE_HIGH_COLUMNS: Final[dict[str, str]] = {
    "id": "编号",
    "name": "姓名",
    "kind": "人员类别",
    "grid_id": "所在网格",
    "former_unit_id": "原单位",
    "age": "年龄（周岁）",
    "double_high": "双高期",
    "health_status": "健康状况",
}

#: The parameters the view reads, as :func:`laoganbu.age_profile` does for 双高期.
_PARAMETERS: Final = ("age.double_high.min_age", "age.double_high.health_statuses")

#: What a count can be taken by.
By = Literal["grid", "unit", "kind"]
_BY_COLUMN: Final[dict[str, str]] = {"grid": "grid_id", "unit": "former_unit_id", "kind": "kind"}
_NONE_NAME: Final[dict[str, str]] = {"grid": "未编入网格", "unit": "未填写原单位", "kind": ""}

#: What a masked health status shows.
_MASK: Final = "***"


@attrs.frozen
class DoubleHighCount:
    """How many cadres of one grid, unit or kind are in the 双高期, and how many cannot be
    judged.

    Attributes:
        key: the grid's or unit's id, or the kind's code; ``None`` for the cadres with no grid
            (or former unit) recorded.
        name: its name (a bottom grid with the grid above it: ``东街社区甲小区``), or
            ``未编入网格`` / ``未填写原单位``.
        double_high: cadres in the 双高期.
        undecided: cadres of the age whose health status is not recorded.
    """

    key: str | None
    name: str
    double_high: int
    undecided: int

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen(eq=False)
class DoubleHigh:
    """The cadres in the 双高期 on one day (see the module docstring for who is judged).

    Attributes:
        on: the day.
        living: living 离休 and 退休 cadres in the area's care, each judged.
        survivors: living survivors in care: not judged (the 双高期 is said of cadres).
        count: cadres in the 双高期.
        undecided: cadres of the age whose health status is not recorded: neither in nor out.

    The cadres themselves come from :meth:`rows` and :meth:`frame`, whose health status is
    masked unless revealed: being listed here already says a cadre is old and ill (health is
    sensitive personal information), so the lists are for those who serve them.
    """

    on: _dt.date
    living: int
    survivors: int
    count: int
    undecided: int
    #: The cadres in the 双高期 or undecided, health unmasked: read through frame() and rows().
    _people: pl.DataFrame = attrs.field(repr=False, alias="people")
    #: Grid id → name and unit id → name, for the counts.
    _names: Mapping[str, Mapping[str, str]] = attrs.field(repr=False, alias="names")
    used: tuple[tuple[str, ParameterValue], ...] = attrs.field(repr=False)

    @property
    def min_age(self) -> int:
        """The 双高期 age in force on the day (``age.double_high.min_age``)."""
        value: int = dict(self.used)["age.double_high.min_age"].value
        return value

    @property
    def health_statuses(self) -> tuple[HealthStatus, ...]:
        """The health statuses that, at the age, mean the 双高期, in the enum's order."""
        listed = {HealthStatus.parse(v) for v in dict(self.used)[_PARAMETERS[1]].value}
        return tuple(s for s in HealthStatus if s in listed)

    @property
    def local(self) -> bool:
        """Whether the locality set the criterion (both parameters): the national values are
        only a default, unverified (no national text defines the 双高期)."""
        return all(value.layer != "000000" for _, value in self.used)

    def criterion(self) -> str:
        """The criterion in words, as a report states it (``年满80周岁且健康状况为患慢性病、重病``
        by the national default)."""
        statuses = "、".join(s.label for s in self.health_statuses)
        return f"年满{self.min_age}周岁且健康状况为{statuses}"

    def frame(self, *, reveal_pii: bool = False) -> pl.DataFrame:
        """The cadres in the 双高期 (``double_high`` true) and those undecided (null), one row
        each, by id: :data:`DOUBLE_HIGH_COLUMNS`, codes as codes. ``health_status`` is masked
        (``***``) unless ``reveal_pii``; it is null for the undecided, whose status is not
        recorded."""
        import polars as pl

        if reveal_pii:
            return self._people
        masked = pl.when(pl.col("health_status").is_not_null()).then(pl.lit(_MASK))
        return self._people.with_columns(masked.alias("health_status"))

    def rows(self, *, reveal_pii: bool = False) -> list[dict[str, Any]]:
        """:meth:`frame` as dicts, with the Chinese labels and the names of grid and unit
        beside the codes; health masked unless ``reveal_pii``."""
        grids, units = self._names["grid"], self._names["unit"]
        found = []
        for row in self._people.iter_rows(named=True):
            status = row["health_status"]
            label = None if status is None else HealthStatus.parse(status).label
            found.append(
                {
                    "id": row["id"],
                    "name": row["name"],
                    "kind": row["kind"],
                    "kind_label": CadreKind.parse(row["kind"]).label,
                    "grid_id": row["grid_id"],
                    "grid_name": grids.get(row["grid_id"] or "", None),
                    "former_unit_id": row["former_unit_id"],
                    "unit_name": units.get(row["former_unit_id"] or "", None),
                    "age": row["age"],
                    "double_high": row["double_high"],
                    "status_label": "双高期" if row["double_high"] else "待定（健康状况未登记）",
                    "health_status": status if reveal_pii or status is None else _MASK,
                    "health_label": label if reveal_pii or label is None else _MASK,
                }
            )
        return found

    def counts(self, by: By = "grid") -> list[DoubleHighCount]:
        """The cadres in the 双高期 and undecided, by ``grid`` (the bottom grid a cadre sits
        in), ``unit`` (the former unit) or ``kind`` (离休, 退休); in order of id (kinds in the
        enum's order), those with none recorded last. Groups with no one to count are left
        out.

        Raises:
            InvalidValueError: ``by`` is none of the three.
        """
        import polars as pl

        column = _BY_COLUMN.get(by)
        if column is None:
            raise InvalidValueError(
                f"cannot count by {by!r}: by grid, unit or kind / 只能按网格、单位或类别统计"
            )
        table = (
            self._people.group_by(column)
            .agg(
                pl.col("double_high").fill_null(False).sum().alias("double_high"),
                pl.col("double_high").is_null().sum().alias("undecided"),
            )
            .rows()
        )
        order = {k.value: n for n, k in enumerate(CadreKind)}
        table.sort(key=lambda r: (r[0] is None, order.get(r[0], 0) if by == "kind" else r[0]))
        return [
            DoubleHighCount(key, self._name(by, key), int(high), int(undecided))
            for key, high, undecided in table
        ]

    def _name(self, by: str, key: str | None) -> str:
        if key is None:
            return _NONE_NAME[by]
        if by == "kind":
            return CadreKind.parse(key).label
        return self._names[by].get(key, key)

    def explain(self) -> Explanation:
        used = dict(self.used)
        statuses = "、".join(s.label for s in self.health_statuses)
        codes = ", ".join(s.value for s in self.health_statuses)
        day = self.on.isoformat()
        steps = [
            Step(
                f"截至 {day} 在世且由本地服务管理的离退休干部 {self.living} 人；遗属"
                f" {self.survivors} 人不计（双高期指老干部本人）/ {self.living} living cadres in"
                f" care on {day}; {self.survivors} survivors not judged"
            ),
            step(
                f"双高期年龄：年满 {self.min_age} 周岁 / from the age of {self.min_age}",
                "age.double_high.min_age",
                used["age.double_high.min_age"],
            ),
            step(
                f"双高期健康状况：{statuses} / with a health status of {codes}",
                "age.double_high.health_statuses",
                used["age.double_high.health_statuses"],
            ),
            Step(f"处于双高期 {self.count} 人 / {self.count} in the 双高期"),
            Step(
                f"年龄已达线、健康状况未登记，无法判断的 {self.undecided} 人（另列，不计入）"
                f" / {self.undecided} of the age with no health status recorded: listed apart"
            ),
        ]
        return Explanation("双高期 Double-high phase", tuple(steps))

    def to_dict(self, *, reveal_pii: bool = False, people: bool = False) -> dict[str, Any]:
        """The counts, and with ``people`` the list of who is in the 双高期 — a list of named
        people with a health condition, which is health information: asked for explicitly."""
        data = {
            "on": self.on.isoformat(),
            "criterion": self.criterion(),
            "living": self.living,
            "survivors": self.survivors,
            "double_high": self.count,
            "undecided": self.undecided,
            "by_grid": [c.to_dict() for c in self.counts("grid")],
            "by_unit": [c.to_dict() for c in self.counts("unit")],
            "by_kind": [c.to_dict() for c in self.counts("kind")],
            "explain": self.explain().to_list(),
        }
        if people:
            data["people"] = self.rows(reveal_pii=reveal_pii)
        return data


def double_high(
    roster: Roster,
    on: _dt.date | PartialDate | str | None = None,
    *,
    locality: Locality | None = None,
    params: Parameters | None = None,
) -> DoubleHigh:
    """Who of ``roster`` is in the 双高期 on ``on`` (today in China by default).

    Living 离休 and 退休 cadres in the area's care are judged by the batch form of
    :func:`laoganbu.age_profile`, over the roster's columns; survivors are counted apart, not
    judged (see the module docstring).

    Args:
        roster: the cadres, with the life events and transfers that record deaths and moves.
        on: the day; a month means its first day.
        locality: whose parameters apply (the national baseline by default).
        params: these parameters instead of the locality's.

    Example:
        >>> from laoganbu import Cadre, Roster
        >>> roster = Roster(cadres=[
        ...     Cadre(id="C1", name="甲", sex="男", birth_date="1940.03", kind="退休",
        ...           health={"status": "重病"}),
        ...     Cadre(id="C2", name="乙", sex="女", birth_date="1941.05", kind="退休")])
        >>> found = double_high(roster, on="2026-11-01")
        >>> found.count, found.undecided, [r["health_status"] for r in found.rows()]
        (1, 1, ['***', None])
    """
    import polars as pl

    from laoganbu.batch import age_profile
    from laoganbu.models.transfer import CARE_KINDS, state_on

    store = resolve_parameters(params if params is not None else locality)
    day = today_date() if on is None else as_day(on)
    used = tuple((name, store.at(name, day)) for name in _PARAMETERS)
    # Health as codes, for the rule: the view masks it again in what it shows.
    cadres = roster.frame("cadres", reveal_pii=True).select(
        "id", "name", "kind", "birth_date", "death_date", "grid_id", "former_unit_id",
        "health_status",
    )  # fmt: skip
    death = pl.col("death_date")
    events = roster.death_events()
    if events:
        # A death recorded only as a 去世 life event (Roster.death_of).
        recorded = pl.col("id").replace_strict(
            list(events),
            [e.date.isoformat() for e in events.values()],
            default=None,
            return_dtype=pl.String,
        )
        death = pl.coalesce(death, recorded)
    plain = _dt.date(day.year, day.month, day.day)  # polars takes no pendulum date
    alive = (first_day_column(pl.col("birth_date")) <= plain) & (
        death.is_null() | (first_day_column(death) > plain)
    )
    away = [
        cadre_id
        for cadre_id, moves in roster.transfers_by_cadre().items()
        if not state_on(moves, day, CARE_KINDS)
    ]
    in_care = ~pl.col("id").is_in(pl.Series(away, dtype=pl.String).implode())
    living = cadres.filter(alive & in_care)
    survivor = pl.col("kind") == CadreKind.SURVIVOR.value
    judged = age_profile(living.filter(~survivor), on=day, params=store)
    concerned = (
        judged.filter(pl.col("double_high").is_null() | pl.col("double_high"))
        .select(list(DOUBLE_HIGH_COLUMNS))
        .sort("id", maintain_order=True)
    )
    high = concerned.get_column("double_high")
    grids = {g.id: g for g in roster.grids}
    names = {
        "grid": {
            gid: (grids[g.parent_id].name if g.parent_id in grids and g.level > 2 else "") + g.name
            for gid, g in grids.items()
        },
        "unit": {u.id: u.name for u in roster.units},
    }
    return DoubleHigh(
        on=day,
        living=judged.height,
        survivors=living.height - judged.height,
        count=int(high.sum() or 0),
        undecided=high.null_count(),
        people=concerned,
        names=names,
        used=used,
    )
