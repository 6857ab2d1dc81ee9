"""Follow-up of what cadres ask for (诉求办理): late, repeated and unsatisfied requests.

Each request received in the period (up to the day of the review) is judged against two
duties, both locality parameters: to be given to a unit or a worker within
``requests.respond_days`` of receipt (交办), and to be closed by the day promised for it, or
within ``requests.resolve_days`` of receipt when none was promised (办结). A request on the same
matter — the same cadre, the same category — within ``requests.repeat_window_days`` of an
earlier one is a repeat: the earlier answer did not settle it. The values in force on the day
each request was received apply to it.

On the day of the review a request is ``on_time`` (closed by its deadline), ``late`` (closed
after it), ``open`` (not closed, deadline not passed) or ``overdue`` (not closed, deadline
passed). A request closed after the day of the review counts as not yet closed: what is known
on a day does not depend on when the review is run.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.dates import PartialDate, first_day_column, today_date
from laoganbu.models.enums import RequestCategory, RequestChannel, Satisfaction
from laoganbu.models.records import as_records
from laoganbu.params import as_day, resolve_parameters
from laoganbu.periods import Period
from laoganbu.rules.explain import Explanation, Step, step

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.locality import Locality
    from laoganbu.models.request import ServiceRequest
    from laoganbu.models.roster import Roster
    from laoganbu.models.service import ServiceRecord
    from laoganbu.params import Parameters

__all__ = ["REQUEST_COLUMNS", "REQUEST_STATES", "RequestReview", "review_requests"]

#: The parameters the review reads.
PARAMETERS = ("requests.respond_days", "requests.resolve_days", "requests.repeat_window_days")

#: Where a request stands on the day of the review, with its Chinese label.
REQUEST_STATES: dict[str, str] = {
    "on_time": "按时办结",
    "late": "超时办结",
    "open": "办理中",
    "overdue": "超时未办结",
}

#: The columns of :attr:`RequestReview.frame`, with their Chinese labels.
REQUEST_COLUMNS: dict[str, str] = {
    "id": "编号",
    "cadre_id": "干部编号",
    "grid_id": "所在网格",
    "channel": "诉求渠道",
    "category": "诉求类别",
    "received_on": "受理日期",
    "unit_id": "承办单位",
    "deadline": "办结时限",
    "closed_on": "办结日期",
    "state": "时限状态",
    "late_response": "交办超时",
    "repeat_of": "重复诉求",
    "satisfaction": "满意度",
}

#: The dates of a request, as the requests table names them.
_DATES = ("received_on", "assigned_on", "due_on", "closed_on")


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@attrs.frozen
class RequestReview:
    """The requests received in ``period`` up to ``as_of``, judged on ``as_of``.

    ``frame`` has one row a request (``REQUEST_COLUMNS``): dates as dates, codes as codes,
    ``closed_on`` null when not closed by ``as_of``, ``repeat_of`` the earlier request it
    repeats. ``broken_links`` are (request, service record, why) for links to service records
    that do not exist or are another cadre's, when the review was given the service records.
    """

    period: Period
    as_of: _dt.date
    frame: pl.DataFrame
    broken_links: tuple[tuple[str, str, str], ...]
    used: tuple[tuple[str, Any], ...] = attrs.field(repr=False)

    def __len__(self) -> int:
        return self.frame.height

    def _count(self, expr: pl.Expr) -> int:
        return int(self.frame.select(expr.sum()).item() or 0)

    def counts(self) -> dict[str, int]:
        """How many were received, closed, in each state, answered late, repeats, and the
        satisfaction of those closed (``rated``: those with an answer)."""
        import polars as pl

        state = pl.col("state")
        closed = pl.col("closed_on").is_not_null()
        rated = closed & pl.col("satisfaction").is_not_null()
        return {
            "received": len(self),
            "closed": self._count(closed),
            **{name: self._count(state == name) for name in REQUEST_STATES},
            "late_response": self._count(pl.col("late_response")),
            "repeats": self._count(pl.col("repeat_of").is_not_null()),
            "rated": self._count(rated),
            **{
                s.value: self._count(rated & (pl.col("satisfaction") == s.value))
                for s in Satisfaction
            },
        }

    @staticmethod
    def _rates(counts: dict[str, int]) -> dict[str, float | None]:
        judged = counts["on_time"] + counts["late"] + counts["overdue"]
        pleased = counts[Satisfaction.SATISFIED.value] + counts[Satisfaction.FAIRLY.value]
        return {
            # Of those whose outcome is known: closed, or past their deadline.
            "on_time_rate": _rate(counts["on_time"], judged),
            # 满意率 as bureaus count it: 满意 and 基本满意 of those who answered.
            "satisfaction_rate": _rate(pleased, counts["rated"]),
        }

    def rates(self) -> dict[str, float | None]:
        """按时办结率 (on time, of those closed or past their deadline) and 满意率 (满意 and
        基本满意, of those who answered); ``None`` where nothing counts."""
        return self._rates(self.counts())

    def overdue(self) -> pl.DataFrame:
        """The requests not closed and past their deadline, oldest first."""
        import polars as pl

        return self.frame.filter(pl.col("state") == "overdue").sort("deadline", "id")

    def repeats(self) -> pl.DataFrame:
        """The requests that repeat an earlier one on the same matter."""
        import polars as pl

        return self.frame.filter(pl.col("repeat_of").is_not_null())

    def by(self, column: str) -> pl.DataFrame:
        """Counts and rates by ``grid_id``, ``unit_id``, ``channel`` or ``category``: received,
        closed, on time, overdue, rated, pleased (满意 and 基本满意), and the two rates."""
        import polars as pl

        if column not in ("grid_id", "unit_id", "channel", "category"):
            raise ValueError(f"cannot group requests by {column!r}")
        closed = pl.col("closed_on").is_not_null()
        rated = closed & pl.col("satisfaction").is_not_null()
        pleased = rated & pl.col("satisfaction").is_in(
            [Satisfaction.SATISFIED.value, Satisfaction.FAIRLY.value]
        )
        state = pl.col("state")
        table = self.frame.group_by(column).agg(
            pl.len().alias("received"),
            closed.sum().alias("closed"),
            (state == "on_time").sum().alias("on_time"),
            (state == "overdue").sum().alias("overdue"),
            state.is_in(["on_time", "late", "overdue"]).sum().alias("judged"),
            rated.sum().alias("rated"),
            pleased.sum().alias("pleased"),
        )
        return table.with_columns(
            pl.when(pl.col("judged") > 0)
            .then(pl.col("on_time") / pl.col("judged"))
            .alias("on_time_rate"),
            pl.when(pl.col("rated") > 0)
            .then(pl.col("pleased") / pl.col("rated"))
            .alias("satisfaction_rate"),
        ).sort(column, nulls_last=True)

    def rows(self) -> list[dict[str, Any]]:
        """One dict a request, dates as ISO text, with Chinese labels. What the cadre asked
        for and how it ended are not here: they are personal (the requests table has them)."""
        out = []
        for row in self.frame.select(list(REQUEST_COLUMNS)).iter_rows(named=True):
            for name in ("received_on", "deadline", "closed_on"):
                if row[name] is not None:
                    row[name] = row[name].isoformat()
            row["channel_label"] = RequestChannel.parse(row["channel"]).label
            row["category_label"] = RequestCategory.parse(row["category"]).label
            row["state_label"] = REQUEST_STATES[row["state"]]
            if row["satisfaction"] is not None:
                row["satisfaction_label"] = Satisfaction.parse(row["satisfaction"]).label
            out.append(row)
        return out

    def explain(self) -> Explanation:
        used = dict(self.used)
        counts = self.counts()
        rates = self.rates()
        on_time = rates["on_time_rate"]
        pleased = rates["satisfaction_rate"]
        steps = [
            Step(
                f"{self.period.label}受理诉求 {counts['received']} 件（截至"
                f" {self.as_of.isoformat()}）/ {counts['received']} requests received in"
                f" {self.period.isoformat()} up to {self.as_of.isoformat()}"
            ),
            step(
                f"受理后 {used['requests.respond_days'].value} 日内交办；超时交办或未交办"
                f" {counts['late_response']} 件 / to be given out within"
                f" {used['requests.respond_days'].value} days: {counts['late_response']} were not",
                "requests.respond_days",
                used["requests.respond_days"],
            ),
            step(
                f"未承诺办结日期的，受理后 {used['requests.resolve_days'].value} 日内办结；"
                f"按时办结 {counts['on_time']}、超时办结 {counts['late']}、"
                f"超时未办结 {counts['overdue']}、办理中 {counts['open']}"
                + ("" if on_time is None else f"，按时办结率 {on_time:.1%}")
                + f" / closed within {used['requests.resolve_days'].value} days unless a day was"
                " promised",
                "requests.resolve_days",
                used["requests.resolve_days"],
            ),
            step(
                f"同一干部同类诉求 {used['requests.repeat_window_days'].value} 日内再次提出为"
                f"重复诉求：{counts['repeats']} 件 / the same matter again within"
                f" {used['requests.repeat_window_days'].value} days: {counts['repeats']}",
                "requests.repeat_window_days",
                used["requests.repeat_window_days"],
            ),
            Step(
                f"已办结并评价 {counts['rated']} 件，满意 {counts['satisfied']}、基本满意"
                f" {counts['fairly']}、不满意 {counts['dissatisfied']}"
                + ("" if pleased is None else f"，满意率 {pleased:.1%}")
                + " / satisfaction of those closed and rated"
            ),
            Step(
                "各件按其受理当日有效的参数判断 / each request by the parameters in force on"
                " the day it was received"
            ),
        ]
        if self.broken_links:
            steps.append(
                Step(
                    f"关联服务记录有误 {len(self.broken_links)} 处 / {len(self.broken_links)}"
                    " links to service records that do not hold"
                )
            )
        return Explanation("诉求办理 Follow-up of requests", tuple(steps))

    def to_dict(self) -> dict[str, Any]:
        counts = self.counts()
        return {
            "period": self.period.isoformat(),
            "as_of": self.as_of.isoformat(),
            "counts": counts,
            **self._rates(counts),
            "by_unit": self.by("unit_id").to_dicts(),
            "by_grid": self.by("grid_id").to_dicts(),
            "broken_links": [
                {"request": r, "service_record": s, "why": why} for r, s, why in self.broken_links
            ],
            "rows": self.rows(),
            "explain": self.explain().to_list(),
        }


def _requests_frame(requests: Iterable[ServiceRequest] | pl.DataFrame) -> pl.DataFrame:
    """The requests' columns the review reads, dates as dates: from a frame as
    :func:`laoganbu.read_frame` gives it, or from records."""
    import polars as pl

    from laoganbu.io.frames import records_frame
    from laoganbu.models.request import ServiceRequest

    if not isinstance(requests, pl.DataFrame):
        requests = records_frame(ServiceRequest, list(requests))
    wanted = ["id", "cadre_id", "channel", "category", "assigned_unit_id", "status"]
    wanted += ["satisfaction", "service_record_ids"]
    present = [c for c in wanted if c in requests.columns]
    return requests.select(
        *present,
        *(
            pl.lit([], pl.List(pl.String)).alias(c)
            if c == "service_record_ids"
            else pl.lit(None, pl.String).alias(c)
            for c in wanted
            if c not in requests.columns
        ),
        *(
            first_day_column(pl.col(c).cast(pl.String)).alias(c)
            if c in requests.columns
            else pl.lit(None, pl.Date).alias(c)
            for c in _DATES
        ),
    ).rename({"assigned_unit_id": "unit_id"})


def _in_force(params: Parameters, days: pl.Series) -> pl.DataFrame:
    """Each day's values of the parameters, one row a distinct day."""
    import polars as pl

    unique = days.drop_nulls().unique().sort().to_list()
    return pl.DataFrame(
        {
            "received_on": unique,
            **{
                name.rsplit(".", 1)[1]: [int(params.value(name, d)) for d in unique]
                for name in PARAMETERS
            },
        },
        schema={"received_on": pl.Date, **{n.rsplit(".", 1)[1]: pl.Int64 for n in PARAMETERS}},
    )


def _broken_links(
    frame: pl.DataFrame, records: Iterable[ServiceRecord] | pl.DataFrame
) -> tuple[tuple[str, str, str], ...]:
    import polars as pl

    if isinstance(records, pl.DataFrame):
        owners = dict(zip(records["id"].to_list(), records["cadre_id"].to_list(), strict=True))
    else:
        owners = {r.id: r.cadre_id for r in records}
    broken = []
    linked = frame.filter(pl.col("service_record_ids").list.len() > 0)
    for rid, cadre_id, links in linked.select("id", "cadre_id", "service_record_ids").iter_rows():
        for link in links:
            owner = owners.get(link)
            if owner is None:
                broken.append((rid, link, "no such service record / 无此服务记录"))
            elif owner != cadre_id:
                broken.append(
                    (rid, link, f"a service record of {owner}, not {cadre_id} / 非本人服务记录")
                )
    return tuple(broken)


def review_requests(
    roster: Roster,
    period: Period | str | int,
    *,
    requests: Iterable[ServiceRequest] | pl.DataFrame | None = None,
    records: Iterable[ServiceRecord] | pl.DataFrame | None = None,
    as_of: _dt.date | PartialDate | str | None = None,
    locality: Locality | None = None,
    params: Parameters | None = None,
) -> RequestReview:
    """The requests received in ``period``, judged on ``as_of``.

    Args:
        roster: the cadres (for each cadre's grid).
        period: ``2026``, ``2026-Q3``, ``2026-01..2026-06`` …
        requests: the requests ledger: records, or the frame :func:`laoganbu.read_frame`
            reads; ``roster.requests`` by default. Earlier requests than the period's count
            for finding repeats.
        records: the service records, to check the requests' links to them.
        as_of: the day of the review: the earlier of today and the period's end by default.
            A request received later is not known on it.
        locality: whose parameters apply (the national baseline by default).
        params: these parameters instead of the locality's.

    Example:
        >>> from laoganbu.testing import sample_roster
        >>> review = review_requests(sample_roster(), 2026, as_of="2026-11-01")
        >>> review.counts()["received"] > 0
        True
    """
    import polars as pl

    span = Period.parse(period)
    end = _dt.date(span.end.year, span.end.month, span.end.day)
    day = min(today_date(), end) if as_of is None else as_day(as_of)
    chosen = resolve_parameters(params if params is not None else locality)
    source = roster.requests if requests is None else requests
    frame = _requests_frame(source).filter(pl.col("received_on") <= day)
    # Repeats: the previous request of the same cadre on the same category, before the
    # period's start too.
    frame = frame.sort("cadre_id", "category", "received_on", "id").with_columns(
        pl.col("received_on").shift(1).over("cadre_id", "category").alias("_previous_on"),
        pl.col("id").shift(1).over("cadre_id", "category").alias("_previous"),
    )
    start = _dt.date(span.start.year, span.start.month, span.start.day)
    frame = frame.filter(pl.col("received_on") >= start)
    frame = frame.join(_in_force(chosen, frame["received_on"]), on="received_on", how="left")
    days = pl.duration(days=1)
    deadline = pl.coalesce("due_on", pl.col("received_on") + days * pl.col("resolve_days"))
    # Closed after the day of the review: not known to be closed on it.
    closed = pl.when(pl.col("closed_on") <= day).then(pl.col("closed_on"))
    answered = pl.coalesce("assigned_on", "closed_on")
    respond_by = pl.col("received_on") + days * pl.col("respond_days")
    frame = frame.with_columns(deadline.alias("deadline"), closed.alias("closed_on")).with_columns(
        pl.when(pl.col("closed_on").is_not_null())
        .then(
            pl.when(pl.col("closed_on") <= pl.col("deadline"))
            .then(pl.lit("on_time"))
            .otherwise(pl.lit("late"))
        )
        .when(pl.col("deadline") < day)
        .then(pl.lit("overdue"))
        .otherwise(pl.lit("open"))
        .alias("state"),
        # Given out on a day not recorded (a unit named, or a status past 已受理, without a
        # 交办日期): whether in time is not known — null, not late.
        pl.when(
            pl.col("assigned_on").is_null()
            & (pl.col("unit_id").is_not_null() | (pl.col("status") != "received"))
            & (pl.col("closed_on").is_null())
        )
        .then(pl.lit(None, pl.Boolean))
        .when(answered.is_null() | (answered > day))
        .then(respond_by < day)
        .otherwise(answered > respond_by)
        .alias("late_response"),
        pl.when(
            pl.col("_previous_on").is_not_null()
            & (
                pl.col("received_on") - pl.col("_previous_on")
                <= days * pl.col("repeat_window_days")
            )
        )
        .then(pl.col("_previous"))
        .alias("repeat_of"),
        pl.when(pl.col("closed_on") <= day).then(pl.col("satisfaction")).alias("satisfaction"),
    )
    cadres = as_records(roster.cadres)
    grids = pl.DataFrame(
        {"cadre_id": cadres.column("id"), "grid_id": cadres.column("grid_id")},
        schema={"cadre_id": pl.String, "grid_id": pl.String},
    )
    frame = frame.join(grids, on="cadre_id", how="left")
    broken = () if records is None else _broken_links(frame, records)
    frame = frame.select(list(REQUEST_COLUMNS)).sort("received_on", "id")
    used = tuple((name, chosen.at(name, day)) for name in PARAMETERS)
    return RequestReview(period=span, as_of=day, frame=frame, broken_links=broken, used=used)
