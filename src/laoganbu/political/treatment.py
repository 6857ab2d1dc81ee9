"""Political-treatment coverage (政治待遇落实情况): who took part in what, and who in nothing.

For the cadres living and in the area's care on the day of the check (the period's last day,
or ``as_of`` when earlier; :meth:`~laoganbu.Roster.living_cadres`), how many events of each
political-treatment kind each attended (:mod:`laoganbu.political.attendance`), the share of
those *eligible* for a kind who attended one, by rank (级别: the 待遇级别 where recorded, else
the 职级) and by kind of cadre, and the cadres eligible for something who took part in
nothing.

Who is eligible for a kind is the locality's setting, not laoganbu's: the cadres its
programmes of that kind serve (``who`` of each, any of them); for a kind no programme names,
the cadre kinds of the parameter ``political.audience`` (离休 and 退休 cadres nationally).
Eligibility is judged on the day of the check (a programme's age condition by the age then).
The ledger records who took part, not who was invited: a cadre "in nothing" is one with no
attendance recorded in the period.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.dates import today_date
from laoganbu.errors import InvalidValueError
from laoganbu.models.enums import CadreKind, Rank, ServiceKind
from laoganbu.models.service import POLITICAL_TREATMENT, ServiceRecord
from laoganbu.params import as_day
from laoganbu.periods import Period
from laoganbu.rules.explain import Explanation, Step, step

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.locality import Locality
    from laoganbu.models.roster import Roster
    from laoganbu.params.model import ParameterValue
    from laoganbu.programs import ServiceProgramDefinition

__all__ = ["CoverageGroup", "KindCoverage", "PoliticalCoverage", "political_coverage"]

#: How the group of cadres with no rank recorded is named.
NO_RANK = "未填级别"


@attrs.frozen
class KindCoverage:
    """One political-treatment kind over a group of cadres: how many were eligible, how many
    of them attended at least one event; ``share`` is ``None`` when none was eligible."""

    kind: ServiceKind
    eligible: int
    reached: int

    @property
    def share(self) -> float | None:
        return self.reached / self.eligible if self.eligible else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.value,
            "label": self.kind.label,
            "eligible": self.eligible,
            "reached": self.reached,
            "share": self.share,
        }


@attrs.frozen
class CoverageGroup:
    """A group of cadres (one rank, one kind of cadre, or all): those eligible for any
    political-treatment kind (``cadres``), those of them who attended anything (``reached``),
    and each kind's coverage."""

    key: str
    label: str
    cadres: int
    reached: int
    kinds: tuple[KindCoverage, ...]

    @property
    def share(self) -> float | None:
        return self.reached / self.cadres if self.cadres else None

    @property
    def untouched(self) -> int:
        return self.cadres - self.reached

    def kind(self, kind: ServiceKind | str) -> KindCoverage:
        wanted = ServiceKind.parse(kind)
        return next(k for k in self.kinds if k.kind is wanted)

    def to_dict(self) -> dict[str, Any]:
        return {
            "group": self.key,
            "label": self.label,
            "cadres": self.cadres,
            "reached": self.reached,
            "share": self.share,
            "kinds": [k.to_dict() for k in self.kinds],
        }


@attrs.frozen(eq=False)  # frames do not compare with ==
class PoliticalCoverage:
    """政治待遇落实情况 — attendance and coverage of political treatment over a period.

    Attributes:
        period: the period.
        as_of: the day of the check: cadres living and in care that day are counted, records
            up to it.
        frame: one row per cadre counted (living and in care on ``as_of``): ``cadre_id``,
            ``cadre_kind`` (code), ``rank`` (code, null when none is recorded), then per
            political kind ``<kind>`` (events attended) and ``<kind>_eligible``, and
            ``total`` (events attended of every kind).
        events: per kind, the events held in the period (attended by any of the roster's
            cadres, living now or not).
        attendances: per kind, the attendances (人次) at them.
        eligibility: per kind, who is eligible, in Chinese, and from where.
        audience: the ``political.audience`` parameter value used, if a kind needed it.
    """

    period: Period
    as_of: _dt.date
    frame: pl.DataFrame
    events: Mapping[ServiceKind, int]
    attendances: Mapping[ServiceKind, int]
    eligibility: Mapping[ServiceKind, str]
    audience: ParameterValue | None = None

    @property
    def kinds(self) -> tuple[ServiceKind, ...]:
        return POLITICAL_TREATMENT

    def overall(self) -> CoverageGroup:
        """Every cadre counted, as one group."""
        import polars as pl

        found = self._groups(pl.lit("all"), {"all": "合计"})
        if found:
            return found[0]
        return CoverageGroup("all", "合计", 0, 0, tuple(KindCoverage(k, 0, 0) for k in self.kinds))

    def by_rank(self) -> list[CoverageGroup]:
        """One group per rank, highest first, then the cadres with no rank recorded."""
        import polars as pl

        labels = {r.value: r.label for r in Rank}
        labels[""] = NO_RANK
        return self._groups(pl.col("rank").fill_null(""), labels)

    def by_cadre_kind(self) -> list[CoverageGroup]:
        """One group per kind of cadre (离休, 退休, 遗属), in that order."""
        import polars as pl

        return self._groups(pl.col("cadre_kind"), {k.value: k.label for k in CadreKind})

    def _groups(self, key: pl.Expr, labels: Mapping[str, str]) -> list[CoverageGroup]:
        import polars as pl

        codes = [k.value for k in self.kinds]
        eligible_any = pl.any_horizontal([pl.col(f"{c}_eligible") for c in codes])
        aggregates = [
            eligible_any.sum().alias("cadres"),
            (eligible_any & (pl.col("total") > 0)).sum().alias("reached"),
        ]
        for code in codes:
            mine = pl.col(f"{code}_eligible")
            aggregates.append(mine.sum().alias(f"{code}_e"))
            aggregates.append((mine & (pl.col(code) > 0)).sum().alias(f"{code}_r"))
        table = self.frame.group_by(key.alias("key")).agg(aggregates)
        rows = {row["key"]: row for row in table.iter_rows(named=True)}
        return [
            CoverageGroup(
                key,
                label,
                rows[key]["cadres"],
                rows[key]["reached"],
                tuple(
                    KindCoverage(kind, rows[key][f"{kind.value}_e"], rows[key][f"{kind.value}_r"])
                    for kind in self.kinds
                ),
            )
            for key, label in labels.items()
            if key in rows and rows[key]["cadres"]
        ]

    def untouched(self) -> list[dict[str, str | None]]:
        """The cadres eligible for some political-treatment service who took part in none in
        the period (未参加任何活动), by id: their id, kind of cadre and rank — nothing personal."""
        import polars as pl

        codes = [k.value for k in self.kinds]
        eligible_any = pl.any_horizontal([pl.col(f"{c}_eligible") for c in codes])
        left = self.frame.filter(eligible_any & (pl.col("total") == 0)).sort("cadre_id")
        return [
            {
                "cadre_id": cadre_id,
                "cadre_kind": kind,
                "cadre_kind_label": CadreKind.parse(kind).label,
                "rank": rank,
                "rank_label": NO_RANK if rank is None else Rank.parse(rank).label,
            }
            for cadre_id, kind, rank in left.select("cadre_id", "cadre_kind", "rank").iter_rows()
        ]

    def explain(self) -> Explanation:
        everyone = self.overall()
        steps = [
            Step(
                f"统计期间 {self.period.label}，核查日 {self.as_of.isoformat()}：计在世且在本地管理"
                f"服务的离退休干部 {self.frame.height} 人 / cadres living and in care on the day"
            )
        ]
        for kind in self.kinds:
            text = f"{kind.label}可参加对象：{self.eligibility[kind]} / who is eligible"
            if self.audience is not None and self.eligibility[kind].startswith("未设服务项目"):
                steps.append(step(text, "political.audience", self.audience))
            else:
                steps.append(Step(text))
        for kind in self.kinds:
            coverage = everyone.kind(kind)
            reach = ""
            if coverage.share is not None:
                reach = (
                    f"；应参加{coverage.eligible}人，参加{coverage.reached}人"
                    f"（{coverage.share:.1%}）"
                )
            steps.append(
                Step(
                    f"{kind.label}：{self.events[kind]}场（次），{self.attendances[kind]}人次"
                    f"{reach} / events, attendances, coverage"
                )
            )
        if everyone.cadres:
            steps.append(
                Step(
                    f"应享受政治待遇{everyone.cadres}人，参加过至少一项{everyone.reached}人，"
                    f"未参加任何活动{everyone.untouched}人 / took part in nothing"
                )
            )
        return Explanation("政治待遇落实情况 Political treatment", tuple(steps))

    def to_dict(self) -> dict[str, Any]:
        """The shape ``laoganbu political --json`` prints."""
        everyone = self.overall()
        return {
            "period": self.period.isoformat(),
            "as_of": self.as_of.isoformat(),
            "cadres": self.frame.height,
            "kinds": [
                {
                    "kind": kind.value,
                    "label": kind.label,
                    "events": self.events[kind],
                    "attendances": self.attendances[kind],
                    "eligibility": self.eligibility[kind],
                    **everyone.kind(kind).to_dict(),
                }
                for kind in self.kinds
            ],
            "overall": everyone.to_dict(),
            "by_rank": [g.to_dict() for g in self.by_rank()],
            "by_cadre_kind": [g.to_dict() for g in self.by_cadre_kind()],
            "untouched": self.untouched(),
            "explain": self.explain().to_list(),
        }


def _describe(programs: Sequence[ServiceProgramDefinition]) -> str:
    return "；".join(f"{p.who.describe()}（{p.name}，{p.id}）" for p in programs)


def political_coverage(
    roster: Roster,
    period: Period | str | int,
    *,
    records: Iterable[ServiceRecord] | pl.DataFrame | None = None,
    locality: Locality | None = None,
    as_of: _dt.date | str | None = None,
) -> PoliticalCoverage:
    """Who took part in which political-treatment service over ``period``, and who in none.

    ``political_coverage(roster, 2026, records=ledger, locality=place)``.

    Args:
        roster: the area's cadres.
        period: the period (``2026``, ``"2026-Q3"``, ``"2025-07..2026-06"``).
        records: the ledger: records, or a polars frame of them (:func:`laoganbu.read_frame`);
            the roster's own service records by default.
        locality: whose programmes say who is eligible, and whose parameters apply (the
            national baseline by default).
        as_of: the day of the check, when before the period's end: cadres living and in care
            that day, records up to it; by default the earlier of today and the period's end.

    Raises:
        InvalidValueError: ``as_of`` is before the period begins.
        InvalidDateError: a record's date is not a date (the row is named).
    """
    import polars as pl

    from laoganbu.locality import Locality
    from laoganbu.political.attendance import attendance_frame, events_held
    from laoganbu.programs.model import rank_of
    from laoganbu.schedule.columns import cadre_frame, eligible, plain_date

    span = Period.parse(period)
    day = plain_date(span.end)
    if as_of is None:
        # Not a day to come: the earlier of today and the period's end (a period still ahead
        # is checked at its end).
        today = today_date()
        if span.start <= today < day:
            day = today
    else:
        day = min(day, plain_date(as_day(as_of)))
        if day < span.start:
            raise InvalidValueError(
                f"as_of {day.isoformat()} is before the period {span.isoformat()} begins"
                " / 核查日早于统计期间"
            )
    place = locality if locality is not None else Locality()
    ledger = roster.service_records if records is None else records
    attendance = attendance_frame(ledger, span, day, cadres=[c.id for c in roster.cadres])
    held = events_held(attendance)

    living = list(roster.living_cadres(day))
    base = cadre_frame(living)
    ranks = [None if (r := rank_of(c)) is None else r.value for c in living]
    cadres = base.select("cadre_id", pl.col("kind").alias("cadre_kind")).with_columns(
        pl.Series("rank", ranks, dtype=pl.String)
    )
    counts = attendance.group_by("cadre_id", "kind").len()
    codes = [k.value for k in POLITICAL_TREATMENT]
    wide = (
        counts.pivot(on="kind", index="cadre_id", values="len")
        if counts.height
        else pl.DataFrame(schema={"cadre_id": pl.String})
    )
    wide = wide.with_columns(
        pl.lit(0, dtype=pl.UInt32).alias(code) for code in codes if code not in wide.columns
    )
    programs = [p for p in place.programs if p.kind in POLITICAL_TREATMENT]
    audience: ParameterValue | None = None
    described: dict[ServiceKind, str] = {}
    conditions: list[pl.Expr] = []
    on = pl.lit(day)
    for kind in POLITICAL_TREATMENT:
        mine = [p for p in programs if p.kind is kind]
        if mine:
            conditions.append(
                pl.any_horizontal([eligible(p.who, on) for p in mine]).alias(
                    f"{kind.value}_eligible"
                )
            )
            described[kind] = _describe(mine)
            continue
        if audience is None:
            audience = place.parameters.at("political.audience", day)
        kinds = [CadreKind.parse(k).value for k in audience.value]
        conditions.append(pl.col("kind").is_in(kinds).alias(f"{kind.value}_eligible"))
        described[kind] = "未设服务项目，按政治待遇对象：" + "、".join(
            CadreKind.parse(k).label for k in kinds
        )
    flags = base.select(conditions)
    frame = (
        pl.concat([cadres, flags], how="horizontal")
        .join(wide.select("cadre_id", *codes), on="cadre_id", how="left")
        .with_columns(pl.col(codes).fill_null(0).cast(pl.Int64))
        .with_columns(pl.sum_horizontal(codes).alias("total"))
        .select(
            "cadre_id",
            "cadre_kind",
            "rank",
            *(c for code in codes for c in (code, f"{code}_eligible")),
            "total",
        )
    )
    return PoliticalCoverage(
        period=span,
        as_of=day,
        frame=frame,
        events={k: held.get(k.value, (0, 0))[0] for k in POLITICAL_TREATMENT},
        attendances={k: held.get(k.value, (0, 0))[1] for k in POLITICAL_TREATMENT},
        eligibility=described,
        audience=audience,
    )
