"""一人一策: who needs a plan of their own and has none, and plans that cannot be followed.

On the day of the check, a cadre living and in the area's care needs a plan in force when of
a kind listed in ``care_plans.kinds`` (离休 by default), or of a kind listed in
``care_plans.double_high_kinds`` (离休 and 退休 by default) and in 双高期 that day, as
:func:`laoganbu.age_profile` judges it (its batch form, over the roster's columns). Both are
locality settings: a written plan per person is local practice, and no national text read for
laoganbu requires one. A cadre whose age puts them in 双高期 but whose health status is not
recorded cannot be judged: listed apart, not counted as needing a plan.

The gaps:

- **应制定未制定** — a cadre who needs a plan has none in force (never had one, or it lapsed
  or ended);
- a plan in force with no responsible staff member (责任人), or with no measure;
- a cadre with more than one plan in force (their measures would all fall due);
- a plan still in force for a cadre who has died or moved away (应终止未终止).
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.dates import PartialDate, today_date
from laoganbu.models.enums import CadreKind
from laoganbu.params import Parameters, ParameterValue, as_day, resolve_parameters
from laoganbu.rules.explain import Explanation, Step, step

if TYPE_CHECKING:
    from laoganbu.locality import Locality
    from laoganbu.models.cadre import Cadre
    from laoganbu.models.care_plan import CarePlan
    from laoganbu.models.roster import Roster

__all__ = ["CareNeed", "CarePlanGaps", "care_plan_gaps"]

#: The parameters the check reads.
PARAMETERS = (
    "care_plans.kinds",
    "care_plans.double_high_kinds",
    "age.double_high.min_age",
    "age.double_high.health_statuses",
)


@attrs.frozen
class CareNeed:
    """A cadre who needs a 一人一策 plan on the day of the check, and why.

    Attributes:
        cadre_id: the cadre.
        kind: the cadre's kind (a :class:`~laoganbu.CadreKind` code).
        by_kind: needs one for being of a kind in ``care_plans.kinds``.
        double_high: in 双高期 and of a kind in ``care_plans.double_high_kinds``.
        plan_ids: the plans in force for the cadre that day (none: a gap).
        last_plan_id: when none is in force, the latest plan the cadre had (lapsed or ended).
    """

    cadre_id: str
    kind: str
    by_kind: bool
    double_high: bool
    plan_ids: tuple[str, ...]
    last_plan_id: str | None = None

    @property
    def covered(self) -> bool:
        return bool(self.plan_ids)

    @property
    def reason(self) -> str:
        """In Chinese: ``离休干部、双高期``."""
        parts = []
        if self.by_kind:
            parts.append(f"{CadreKind.parse(self.kind).label}干部")
        if self.double_high:
            parts.append("双高期")
        return "、".join(parts)


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@attrs.frozen
class CarePlanGaps:
    """Who needs a 一人一策 plan on ``on``, who has one, and the gaps (module docstring).

    Attributes:
        needs: every cadre who needs a plan, by id.
        plans_in_force: the plans in force for living cadres in care that day.
        unstaffed: of those, the plans naming no responsible staff member (责任人).
        empty: of those, the plans with no measure.
        several: cadres with more than one plan in force.
        stale: plans in force for cadres no longer living or in care (应终止未终止).
        unknown_health: cadres of a kind listed for 双高期 (and not needing a plan by their
            kind) whose age puts them in 双高期 but whose health status is not recorded: not
            judged.
    """

    on: _dt.date
    needs: tuple[CareNeed, ...]
    plans_in_force: tuple[str, ...]
    unstaffed: tuple[str, ...]
    empty: tuple[str, ...]
    several: tuple[str, ...]
    stale: tuple[str, ...]
    unknown_health: tuple[str, ...]
    used: tuple[tuple[str, ParameterValue], ...] = attrs.field(repr=False)

    @property
    def missing(self) -> tuple[CareNeed, ...]:
        """The cadres who need a plan and have none in force (应制定未制定)."""
        return tuple(n for n in self.needs if not n.covered)

    @property
    def coverage(self) -> float | None:
        """Share of the cadres who need a plan that have one in force."""
        covered = sum(1 for n in self.needs if n.covered)
        return _share(covered, len(self.needs))

    def counts(self) -> dict[str, int]:
        """How many need a plan (and why), have one, lack one; and the plans' gaps."""
        return {
            "required": len(self.needs),
            "by_kind": sum(1 for n in self.needs if n.by_kind),
            "double_high": sum(1 for n in self.needs if n.double_high),
            "both": sum(1 for n in self.needs if n.by_kind and n.double_high),
            "covered": sum(1 for n in self.needs if n.covered),
            "missing": len(self.missing),
            "plans_in_force": len(self.plans_in_force),
            "unstaffed": len(self.unstaffed),
            "empty": len(self.empty),
            "several": len(self.several),
            "stale": len(self.stale),
            "unknown_health": len(self.unknown_health),
        }

    @property
    def ok(self) -> bool:
        """No gap: every cadre who needs a plan has one, and every plan can be followed."""
        c = self.counts()
        return not any(c[k] for k in ("missing", "unstaffed", "empty", "several", "stale"))

    def to_dict(self) -> dict[str, Any]:
        return {
            "on": self.on.isoformat(),
            "counts": self.counts(),
            "coverage": self.coverage,
            "missing": [
                {
                    "cadre_id": n.cadre_id,
                    "kind": n.kind,
                    "reason": n.reason,
                    "last_plan_id": n.last_plan_id,
                }
                for n in self.missing
            ],
            "unstaffed": list(self.unstaffed),
            "empty": list(self.empty),
            "several": list(self.several),
            "stale": list(self.stale),
            "unknown_health": list(self.unknown_health),
            "explain": self.explain().to_list(),
        }

    def explain(self) -> Explanation:
        u = dict(self.used)
        c = self.counts()

        def kinds(name: str) -> str:
            codes = u[name].value
            return "、".join(CadreKind.parse(k).label for k in codes) if codes else "无"

        statuses = "、".join(_status_label(s) for s in u["age.double_high.health_statuses"].value)
        steps: list[Step] = [
            step(
                f"须制定一人一策的人员类别：{kinds('care_plans.kinds')}（本地设定）"
                " / kinds that need a plan (a locality setting)",
                "care_plans.kinds",
                u["care_plans.kinds"],
            ),
            step(
                f"双高期须制定的人员类别：{kinds('care_plans.double_high_kinds')}（本地设定）"
                " / kinds that need one in 双高期",
                "care_plans.double_high_kinds",
                u["care_plans.double_high_kinds"],
            ),
            step(
                f"双高期：{u['age.double_high.min_age'].value}岁以上 / 双高期 from this age",
                "age.double_high.min_age",
                u["age.double_high.min_age"],
            ),
            step(
                f"且健康状况为{statuses} / with one of these health statuses",
                "age.double_high.health_statuses",
                u["age.double_high.health_statuses"],
            ),
            Step(
                f"{self.on.isoformat()} 在世且在管、须制定一人一策的 {c['required']} 人"
                f"（按人员类别 {c['by_kind']} 人、双高期 {c['double_high']} 人，两者兼有"
                f" {c['both']} 人）；已有在执行方案 {c['covered']} 人，应制定未制定"
                f" {c['missing']} 人，覆盖率 {_pct(self.coverage)}"
                f" / {c['required']} need a plan, {c['covered']} have one, {c['missing']} lack one"
            ),
        ]
        if self.unknown_health:
            steps.append(
                Step(
                    f"年龄已达双高期而健康状况未填写的 {c['unknown_health']} 人无法判断，未计入"
                    " / health not recorded: not judged"
                )
            )
        steps.append(
            Step(
                f"在执行方案 {c['plans_in_force']} 份：未明确责任人 {c['unstaffed']} 份，"
                f"无服务措施 {c['empty']} 份；一人多份在执行方案 {c['several']} 人；"
                f"干部已去世或迁出而方案未终止 {c['stale']} 份"
                " / plans in force: without a responsible person, without a measure;"
                " cadres with several; plans of cadres gone"
            )
        )
        return Explanation("一人一策 Care plans", tuple(steps))


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1%}"


def _status_label(code: str) -> str:
    from laoganbu.models.enums import HealthStatus

    return HealthStatus.parse(code).label


def care_plan_gaps(
    roster: Roster,
    *,
    on: _dt.date | PartialDate | str | None = None,
    locality: Locality | None = None,
    params: Parameters | None = None,
) -> CarePlanGaps:
    """Who needs a 一人一策 plan on ``on`` and has none, and the plans that cannot be
    followed (see the module docstring).

    Args:
        roster: the cadres and their plans (``care_plans``), with the life events and
            transfers that say who is living and in the area's care.
        on: the day of the check (today in China by default).
        locality: whose parameters say who needs a plan (the national defaults otherwise:
            离休 cadres, and 离休 and 退休 cadres in 双高期 — marked unverified, local practice).
        params: these parameters instead of the locality's.

    Example:
        >>> from laoganbu import Cadre, Roster
        >>> from laoganbu.models.care_plan import CarePlan
        >>> old = Cadre(id="C1", name="某", sex="男", birth_date="1928.03", kind="离休",
        ...     work_start="1947.05")
        >>> plan = CarePlan(id="P1", cadre_id="C1", drawn_up_on="2026-03-15",
        ...     measures=[{"kind": "走访", "cadence": "每月"}])
        >>> gaps = care_plan_gaps(Roster(cadres=[old], care_plans=[plan]), on="2026-11-01")
        >>> gaps.counts()["required"], gaps.counts()["missing"], gaps.unstaffed
        (1, 0, ('P1',))
    """
    day = today_date() if on is None else as_day(on)
    chosen = resolve_parameters(params if params is not None else locality)
    used = tuple((name, chosen.at(name, day)) for name in PARAMETERS)
    values = {name: value.value for name, value in used}
    by_kind = {CadreKind.parse(k) for k in values["care_plans.kinds"]}
    double_kinds = {CadreKind.parse(k) for k in values["care_plans.double_high_kinds"]}

    living: dict[str, Cadre] = {}
    for cadre in roster.living_cadres(day):
        living.setdefault(cadre.id, cadre)  # of records sharing an id, the first (Roster.get)
    double, unknown = _double_high(
        [c for c in living.values() if c.kind in double_kinds], day, chosen
    )

    plans_of: dict[str, list[CarePlan]] = defaultdict(list)
    for plan in roster.care_plans:
        plans_of[plan.cadre_id].append(plan)
    in_force = [p for p in roster.care_plans if p.in_force_on(day)]
    followed = [p for p in in_force if p.cadre_id in living]
    counted: dict[str, int] = defaultdict(int)
    for plan in followed:
        counted[plan.cadre_id] += 1

    needs = []
    for cadre_id in sorted(living):
        cadre = living[cadre_id]
        kind_need = cadre.kind in by_kind
        double_need = cadre_id in double
        if not (kind_need or double_need):
            continue
        current = tuple(p.id for p in plans_of.get(cadre_id, ()) if p.in_force_on(day))
        last = None
        if not current:
            earlier = [p for p in plans_of.get(cadre_id, ()) if p.first_day <= day]
            if earlier:
                last = max(earlier, key=lambda p: (p.last_day or day, p.first_day)).id
        needs.append(CareNeed(cadre_id, cadre.kind.value, kind_need, double_need, current, last))
    return CarePlanGaps(
        on=day,
        needs=tuple(needs),
        plans_in_force=tuple(p.id for p in followed),
        unstaffed=tuple(p.id for p in followed if p.responsible is None),
        empty=tuple(p.id for p in followed if not p.measures),
        several=tuple(sorted(cid for cid, n in counted.items() if n > 1)),
        stale=tuple(p.id for p in in_force if p.cadre_id not in living),
        # Those who need a plan by their kind need it whatever their health.
        unknown_health=tuple(sorted(c for c in unknown if living[c].kind not in by_kind)),
        used=used,
    )


def _double_high(
    cadres: Iterable[Cadre], day: _dt.date, params: Parameters
) -> tuple[set[str], set[str]]:
    """The ids of the ``cadres`` in 双高期 on ``day``, and of those whose age qualifies but
    whose health status is not recorded, by the batch form of :func:`laoganbu.age_profile`."""
    import polars as pl

    from laoganbu import batch

    people = list(cadres)
    if not people:
        return set(), set()
    frame = pl.DataFrame(
        {
            "id": [c.id for c in people],
            "birth_date": [c.birth_date.isoformat() for c in people],
            "health_status": [
                None if c.health.status is None else c.health.status.value for c in people
            ],
        },
        schema={"id": pl.String, "birth_date": pl.String, "health_status": pl.String},
    )
    judged = batch.age_profile(frame, on=day, params=params)
    double = set(judged.filter(pl.col("double_high").fill_null(False))["id"].to_list())
    unknown = set(
        judged.filter(pl.col("double_high").is_null() & pl.col("age").is_not_null())["id"].to_list()
    )
    return double, unknown
