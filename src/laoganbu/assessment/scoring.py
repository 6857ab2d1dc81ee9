"""Assessing a subject — a locality, unit, Party organisation or grid — with a rubric."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, overload

import attrs
from typing_extensions import deprecated

from laoganbu._deprecation import warn_deprecated
from laoganbu.assessment.metrics import METRICS, AssessmentData, Evidence, MissingData
from laoganbu.assessment.rubric import Indicator, Rubric
from laoganbu.errors import InvalidValueError, RubricError
from laoganbu.models.roster import Roster
from laoganbu.models.service import ServiceRecord
from laoganbu.periods import Period
from laoganbu.rules.explain import Explanation, Step

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.locality import Locality

__all__ = [
    "AssessmentResult",
    "IndicatorResult",
    "assess",
    "rank",
    "shortlist",
    "subject_roster",
]

SubjectKind = Literal["locality", "unit", "organization", "grid"]


@attrs.frozen
class IndicatorResult:
    """One indicator's value, score and what backs it; ``missing`` says why it has none."""

    indicator: Indicator
    value: Any
    score: float
    evidence: Evidence | None = None
    missing: str | None = None

    @property
    def max(self) -> float:
        return self.indicator.weight


@attrs.frozen
class AssessmentResult:
    """A rubric applied to one subject over one period."""

    rubric: Rubric
    subject_kind: SubjectKind
    subject_id: str
    subject_name: str
    period: str
    indicators: tuple[IndicatorResult, ...]

    @property
    def total(self) -> float:
        return sum(r.score for r in self.indicators)

    @property
    def percent(self) -> float:
        """The total as a percentage of the rubric's total weight."""
        return 100 * self.total / self.rubric.total_weight

    @property
    def grade(self) -> str:
        return self.rubric.grade(self.percent)

    @property
    def missing(self) -> list[IndicatorResult]:
        """Indicators without data or evidence: scored 0, and listed so nobody mistakes it."""
        return [r for r in self.indicators if r.missing is not None]

    def explain(self) -> Explanation:
        steps = [
            Step(f"{self.rubric.title}（{self.rubric.source}）— {self.subject_name}，{self.period}")
        ]
        for r in self.indicators:
            i = r.indicator
            if r.missing is not None:
                steps.append(
                    Step(f"{i.name}：缺少数据，记0分 / no data, 0 of {i.weight:g}: {r.missing}")
                )
                continue
            backing = ""
            if r.evidence is not None:
                e = r.evidence
                backing = f"；佐证：{e.document}（{e.date}，{e.who}）"
            steps.append(
                Step(
                    f"{i.name}：{_show(r.value)} → {r.score:.2f}/{i.weight:g} 分"
                    f"（{i.method}）{backing}"
                )
            )
        steps.append(
            Step(
                f"合计 {self.total:.2f}/{self.rubric.total_weight:g}，"
                f"{self.percent:.1f}%，等次：{self.grade}"
            )
        )
        return Explanation("考核 Assessment", tuple(steps))

    def to_dict(self) -> dict[str, Any]:
        """The shape ``laoganbu assess --json`` prints."""
        return {
            "rubric": self.rubric.name,
            "title": self.rubric.title,
            "subject": {
                "kind": self.subject_kind,
                "id": self.subject_id,
                "name": self.subject_name,
            },
            "period": self.period,
            "total": round(self.total, 4),
            "max": self.rubric.total_weight,
            "percent": round(self.percent, 4),
            "grade": self.grade,
            "indicators": [
                {
                    "id": r.indicator.id,
                    "name": r.indicator.name,
                    "group": r.indicator.group,
                    "weight": r.indicator.weight,
                    "value": r.value,
                    "score": round(r.score, 4),
                    "missing": r.missing,
                    "evidence": None if r.evidence is None else attrs.asdict(r.evidence),
                }
                for r in self.indicators
            ],
            "explain": self.explain().to_list(),
        }


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1%}" if 0 <= value <= 1 else f"{value:.2f}"
    return str(value)


def subject_roster(roster: Roster, kind: SubjectKind, subject_id: str | None) -> tuple[Roster, str]:
    """The part of ``roster`` a subject answers for, and the subject's name.

    A unit answers for its former staff and the organisations covering it; an organisation for
    itself, the organisations beneath it and their members; a grid for itself, the grids
    beneath it and the cadres placed in them.
    """
    if kind == "locality":
        return roster, subject_id or "全辖区"
    if subject_id is None:
        raise RubricError(f"a {kind} assessment needs the {kind}'s id")
    if kind == "unit":
        unit = roster.unit(subject_id)
        cadres = [c for c in roster.cadres if c.former_unit_id == subject_id]
        orgs = [o for o in roster.organizations if subject_id in o.unit_ids]
        name = unit.name
    elif kind == "organization":
        org = roster.organization(subject_id)
        ids = _descendants(subject_id, [(o.id, o.parent_id) for o in roster.organizations])
        orgs = [o for o in roster.organizations if o.id in ids]
        cadres = [c for c in roster.cadres if c.organization_id in ids]
        name = org.name
    elif kind == "grid":
        grid = roster.grid(subject_id)
        ids = _descendants(subject_id, [(g.id, g.parent_id) for g in roster.grids])
        cadres = [c for c in roster.cadres if c.grid_id in ids]
        orgs = []
        name = grid.name
    else:  # pragma: no cover - typed
        raise RubricError(f"unknown subject kind {kind!r}")
    cadre_ids = {c.id for c in cadres}
    org_ids = {o.id for o in orgs}
    teams = tuple(
        t
        for t in roster.volunteer_teams
        if set(t.member_ids) & cadre_ids or t.organization_id in org_ids
    )
    part = Roster.model_construct(
        None,
        units=roster.units,
        grids=roster.grids,
        organizations=tuple(orgs),
        cadres=tuple(cadres),
        service_records=tuple(r for r in roster.service_records if r.cadre_id in cadre_ids),
        life_events=tuple(e for e in roster.life_events if e.cadre_id in cadre_ids),
        transfers=tuple(t for t in roster.transfers if t.cadre_id in cadre_ids),
        meetings=tuple(m for m in roster.meetings if m.organization_id in org_ids),
        volunteer_teams=teams,
        volunteer_activities=tuple(
            a for a in roster.volunteer_activities if a.team_id in {t.id for t in teams}
        ),
        groups=roster.groups,
    )
    return part, name


def _descendants(root: str, edges: Sequence[tuple[str, str | None]]) -> set[str]:
    children: dict[str | None, list[str]] = {}
    for child, parent in edges:
        children.setdefault(parent, []).append(child)
    found, todo = {root}, [root]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


@overload
def assess(
    roster: Roster,
    period: Period | str | int,
    *,
    rubric: Rubric,
    locality: Locality | None = None,
    records: Iterable[ServiceRecord] | pl.DataFrame | None = None,
    evidence: Mapping[str, Evidence] | None = None,
    subject: tuple[SubjectKind, str | None] = ("locality", None),
) -> AssessmentResult: ...


@overload
def assess(
    roster: AssessmentData,
    /,
    *,
    rubric: Rubric,
    subject: tuple[SubjectKind, str | None] = ("locality", None),
) -> AssessmentResult: ...


@overload
@deprecated("assess(rubric, data) is deprecated; use assess(data, rubric=…)")
def assess(
    roster: Rubric,
    period: AssessmentData,
    /,
    *,
    subject: tuple[SubjectKind, str | None] = ("locality", None),
) -> AssessmentResult: ...


def assess(
    roster: Roster | AssessmentData | Rubric | None = None,
    period: Any = None,
    *,
    rubric: Rubric | None = None,
    data: AssessmentData | None = None,
    locality: Locality | None = None,
    records: Iterable[ServiceRecord] | pl.DataFrame | None = None,
    evidence: Mapping[str, Evidence] | None = None,
    subject: tuple[SubjectKind, str | None] = ("locality", None),
) -> AssessmentResult:
    """Score every indicator of ``rubric`` for ``subject`` over ``period``.

    ``assess(roster, "2026", rubric=r, locality=place, records=ledger, evidence=entered)``
    gathers the data and scores it; ``assess(data, rubric=r)`` scores
    :class:`AssessmentData` gathered earlier. ``subject`` is ``("locality", None)`` (the
    whole roster) or ``("unit" | "organization" | "grid", id)``. The order of 0.x,
    ``assess(rubric, data)``, still works for one release with a :class:`DeprecationWarning`.

    An indicator whose metric has no data, or whose evidence was not entered, scores 0 and is
    listed in :attr:`AssessmentResult.missing` with the reason — never silently.

    Raises:
        RubricError: an indicator names a metric laoganbu does not have.
        RecordNotFoundError: the subject is not in the roster.
    """
    if data is not None:  # assess(rubric, data=…) or assess(rubric=…, data=…), as 0.x took
        if period is not None or (roster is not None and not isinstance(roster, Rubric)):
            raise TypeError("assess() got the data twice")
        if isinstance(roster, Rubric):
            if rubric is not None:
                raise TypeError("assess() got the rubric twice")
            rubric = roster
        warn_deprecated("assess(rubric, data)", "assess(data, rubric=…)")
        roster, period = data, None
    if isinstance(roster, Rubric):
        if rubric is not None or not isinstance(period, AssessmentData):
            raise TypeError("assess() takes a roster and a period, or data, then keywords")
        warn_deprecated("assess(rubric, data)", "assess(data, rubric=…)")
        rubric, data = roster, period
    elif isinstance(roster, AssessmentData):
        if period is not None or locality is not None or records is not None or evidence:
            raise TypeError("assess(): data carries its period, locality, ledger and evidence")
        data = roster
    elif isinstance(roster, Roster):
        if period is None:
            raise TypeError("assess() needs a period")
        data = AssessmentData(
            roster=roster,
            period=Period.parse(period),
            records=records,  # a frame is made records (AssessmentData's converter)
            evidence=dict(evidence or {}),
            locality=locality,
        )
    else:
        raise TypeError("assess() takes a roster and a period, or AssessmentData")
    if rubric is None:
        raise TypeError("assess() needs rubric=")
    kind, subject_id = subject
    part, name = subject_roster(data.roster, kind, subject_id)
    scoped = attrs.evolve(data, roster=part)
    results = []
    for indicator in rubric.indicators:
        results.append(_score(indicator, scoped))
    return AssessmentResult(
        rubric=rubric,
        subject_kind=kind,
        subject_id=subject_id or "",
        subject_name=name,
        period=data.period.isoformat(),
        indicators=tuple(results),
    )


def _score(indicator: Indicator, data: AssessmentData) -> IndicatorResult:
    if indicator.evidence:
        entered = data.evidence.get(indicator.id)
        if entered is None:
            return IndicatorResult(
                indicator, None, 0.0, missing="no evidence entered / 未录入佐证材料"
            )
        try:
            points = indicator.score(entered.value)
        except InvalidValueError as exc:
            # Unusable evidence is reported like missing evidence, never scored.
            return IndicatorResult(indicator, entered.value, 0.0, entered, missing=str(exc))
        return IndicatorResult(indicator, entered.value, points, entered)
    assert indicator.metric is not None
    found = METRICS.get(indicator.metric)
    if found is None:
        raise RubricError(
            f"indicator {indicator.id}: no metric {indicator.metric!r};"
            f" known: {', '.join(sorted(METRICS))}"
        )
    try:
        value = found[0](data)
    except MissingData as exc:
        return IndicatorResult(indicator, None, 0.0, missing=str(exc))
    return IndicatorResult(indicator, value, indicator.score(value))


def rank(results: Iterable[AssessmentResult]) -> list[AssessmentResult]:
    """Results best first. Ties are broken, in order, by: fewer indicators without data; the
    higher score on each indicator, heaviest first; the subject's id (so the order is stable)."""

    def key(result: AssessmentResult) -> tuple[Any, ...]:
        by_weight = sorted(result.indicators, key=lambda r: (-r.indicator.weight, r.indicator.id))
        return (
            -round(result.percent, 9),
            len(result.missing),
            tuple(-round(r.score, 9) for r in by_weight),
            result.subject_id,
        )

    return sorted(results, key=key)


def shortlist(results: Iterable[AssessmentResult], count: int) -> list[AssessmentResult]:
    """ "双先" candidates: the best ``count`` results graded in the rubric's top band, with no
    indicator lacking data, in :func:`rank` order."""
    ranked = rank(results)
    eligible = [r for r in ranked if r.grade == r.rubric.grades[0][0] and not r.missing]
    return eligible[:count]
