"""Building a work report from a roster, the ledger and (optionally) a rubric."""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from laoganbu.dates import PartialDate, age_on
from laoganbu.labels import LabeledEnum
from laoganbu.models.enums import (
    BranchKind,
    CadreKind,
    OrganizationLevel,
    SetupMode,
    Sex,
    SupportKind,
    VolunteerTeamKind,
)
from laoganbu.models.grid import BOTTOM_GRID_LEVEL
from laoganbu.models.roster import Roster
from laoganbu.models.service import ServiceRecord
from laoganbu.params import as_day
from laoganbu.periods import Period
from laoganbu.reports.care_plans import care_plans_section
from laoganbu.reports.followup import requests_section
from laoganbu.reports.model import Chart, Rate, Report, Section, Table
from laoganbu.reports.money import money_section
from laoganbu.reports.money import yuan_text as _yuan
from laoganbu.reports.political import political_section
from laoganbu.reports.sections import ReportContext, ReportSection

if TYPE_CHECKING:
    import polars as pl

    from laoganbu.assessment import AssessmentResult
    from laoganbu.locality import Locality

__all__ = ["UNNAMED_AREA", "area_name", "build_report"]

_CN_NUMERALS = "一二三四五六七八九十"


def _pct(part: int, whole: int) -> Rate | None:
    return Rate(part / whole) if whole else None


def _rate(value: float | None) -> Rate | None:
    return None if value is None else Rate(value)


def build_report(
    roster: Roster,
    period: Period | str | int,
    *,
    locality: Locality | None = None,
    records: Sequence[ServiceRecord] | pl.DataFrame | None = None,
    as_of: _dt.date | PartialDate | str | None = None,
    area: str | None = None,
    party_members_total: int | None = None,
    organizations_total: int | None = None,
    assessments: Sequence[AssessmentResult] = (),
) -> Report:
    """A work report for ``period``: the statistics paragraph, the people, Party building,
    grids and services (with the ledger, if given), the items to follow up, and assessment
    results.

    Args:
        roster: the area's roster.
        period: the period reported on (usually a year).
        locality: whose programmes and parameters apply; national by default.
        records: the ledger of services, as records or as a frame (what
            :func:`~laoganbu.read_frame` reads; see :func:`~laoganbu.compliance`); without it
            the services section says so.
        as_of: the day the figures are taken (the end of the period by default).
        area: the area's name (``闻喜县``: the title says it, the text says 全县) or how the
            text names it (``全县``); by default from the locality, or the roster's top unit
            (:func:`area_name`).
        party_members_total: all Party members of the area, for the share.
        organizations_total: all base Party organisations of the area, for the share.
        assessments: results to include.
    """
    from laoganbu.locality import Locality
    from laoganbu.rules.gaps import coverage
    from laoganbu.rules.statistics import work_report_statistics

    period = Period.parse(period)
    place = locality if locality is not None else Locality()
    day = period.end if as_of is None else as_day(as_of)
    # ``area`` may be the area's name (闻喜县, 全椒县) or how the text names it (全县).
    area = (area or "").strip() or None
    if area is not None and not _AREA_WORDS.match(area):
        name = area
        area = None
    else:
        name = area_name(roster, place)
    if area is None:
        area = _area_word(name)
    stats = work_report_statistics(
        roster,
        on=day,
        area=area,
        party_members_total=party_members_total,
        organizations_total=organizations_total,
        locality=place,
    )
    context = ReportContext(
        roster=roster,
        period=period,
        as_of=day,
        locality=place,
        records=records,
        area=area,
        coverage=coverage(roster, on=day, params=place),
    )
    sections, errors = _sections(context)
    if assessments:
        sections.append(_assessments(assessments))
    sections = [
        Section(f"{_CN_NUMERALS[i]}、{s.title}", s.paragraphs, s.tables, s.charts)
        for i, s in enumerate(sections)
    ]
    return Report(
        title=f"{name}{period.label}离退休干部工作报告",
        area=area,
        jurisdiction=place.code,
        period=period,
        as_of=day,
        statistics=stats.paragraph(),
        sections=tuple(sections),
        assessments=tuple(assessments),
        errors=tuple(errors),
    )


def _sections(context: ReportContext) -> tuple[list[Section], list[str]]:
    """The locality's sections in order; a plugin's that raises is left out with a note in its
    place and its error listed (laoganbu's own are not disguised: they raise)."""
    from laoganbu.errors import PluginError

    place = context.locality
    made: list[Section] = []
    errors: list[str] = []
    for section in place.report_sections:
        plugin = place.report_section_provider(section.key)
        try:
            built = section.build(context)
            if built is not None and not isinstance(built, Section):
                raise TypeError(f"it made a {type(built).__name__}, not a Section or None")
        except Exception as exc:
            if plugin is None or place.plugins.is_builtin(plugin):
                raise
            error = PluginError(
                plugin,
                f"report section {section.key!r} failed ({type(exc).__name__}: {exc})",
                hook="laoganbu_report_sections",
            )
            errors.append(str(error))
            made.append(Section(section.title, (f"本节未生成 / left out: {error}",)))
            continue
        if built is not None:
            made.append(built)
    return made, errors


def _people_section(context: ReportContext) -> Section:
    return _people(context.roster, context.as_of, context.locality)


def _party_section(context: ReportContext) -> Section:
    c = context
    return _party(c.roster, c.coverage, c.period, c.as_of, c.locality)


def _services_section(context: ReportContext) -> Section:
    c = context
    return _services(c.roster, c.records, c.period, c.as_of, c.locality, c.coverage, c.area)


def _roles_section(context: ReportContext) -> Section:
    return _roles(context.roster, context.period, context.as_of)


#: laoganbu's own sections, which the national baseline registers (``laoganbu_report_sections``).
BUILTIN_SECTIONS: tuple[ReportSection, ...] = (
    ReportSection("people", "基本情况", _people_section, order=10),
    ReportSection("party", "党的建设", _party_section, order=20),
    ReportSection("services", "网格与服务", _services_section, order=30),
    ReportSection("roles", "作用发挥与帮扶", _roles_section, order=40),
    ReportSection("money", "待遇保障", money_section, order=50),
    ReportSection("requests", "诉求办理", requests_section, order=60),
    ReportSection("political", "政治待遇", political_section, order=55),
    ReportSection("care_plans", "一人一策", care_plans_section, order=65),
)


#: A bureau's or organisation department's name: the area it serves, then the office.
_OFFICE = re.compile(
    r"^(?:中共|中国共产党)?(?P<area>.+?(?:自治区|自治州|自治县|省|市|州|盟|地区|县|旗|区))党?委?"
    r"(?:老干部局|老干部工作局|离退休干部工作局|离退休干部局|老干部处|组织部)"
)

#: What a report calls an area it cannot name.
UNNAMED_AREA = "本地区"


def area_name(roster: Roster, locality: Locality) -> str:
    """The name of the area a roster covers, for a report's title (闻喜县).

    The locality's own area when a plugin serves exactly that code; else the area of the
    roster's bureau — a top unit (without a parent) of kind 老干部局: the area a plugin serves
    at its division code, or the area its name begins with (``中共闻喜县委老干部局``: 闻喜县);
    else the area an office's name among the top units begins with (``中共夏县委组织部``);
    else ``本地区``. Other top units (a hospital, a former unit elsewhere) are not asked. A
    county's report is never called 全国 for want of a plugin.
    """
    from laoganbu.models.enums import UnitKind

    served = locality.jurisdiction
    if served is not None and served.code == locality.code and locality.code != "000000":
        return served.name
    by_code = {j.code: j.name for j in locality.plugins.jurisdictions.values()}
    tops = [u for u in roster.units if u.parent_id is None]
    bureaus = [u for u in tops if u.kind is UnitKind.BUREAU]
    for unit in bureaus:
        if unit.division_code is not None and unit.division_code in by_code:
            return by_code[unit.division_code]
    for unit in (*bureaus, *(u for u in tops if u.kind is not UnitKind.BUREAU)):
        match = _OFFICE.match(unit.name)
        if match:
            return match.group("area")
    return UNNAMED_AREA


#: The words a report's text may name its area by, given as ``area=``.
_AREA_WORDS = re.compile(r"^(?:全(?:国|省|市|县|区|旗|州|盟|地区)|本地区)$")


def _area_word(name: str) -> str:
    """How a report's text names its area: 全市, 全县, 全省 …"""
    if name == UNNAMED_AREA:
        return name
    for suffix in ("自治州", "地区", "市", "县", "区", "旗", "盟", "州", "省"):
        if name.endswith(suffix):
            return f"全{suffix.removeprefix('自治')}"
    return "全国" if name == "全国" else f"全{name}"


def _people(roster: Roster, day: _dt.date, place: Locality) -> Section:
    from laoganbu.rules.age import age_bands

    when = PartialDate(day.year, day.month, day.day)
    scheme = age_bands(on=day, params=place)
    living = list(roster.living_cadres(day))
    kinds = Counter(c.kind for c in living)
    bands = tuple(scheme.labels)
    by_band: dict[tuple[str, Sex], int] = defaultdict(int)
    for c in living:
        age = age_on(c.birth_date, when)
        band = scheme.label(age)
        by_band[(band, c.sex)] += 1
    table = Table(
        "people",
        "离退休干部基本情况",
        ("类别", "人数"),
        (*((k.label, kinds.get(k, 0)) for k in CadreKind), ("合计", len(living))),
    )
    ages = Table(
        "age_bands",
        "年龄结构",
        ("年龄段", "男", "女", "合计"),
        tuple(
            (
                b,
                by_band[(b, Sex.MALE)],
                by_band[(b, Sex.FEMALE)],
                by_band[(b, Sex.MALE)] + by_band[(b, Sex.FEMALE)],
            )
            for b in bands
        ),
    )
    pyramid = Chart(
        "age_pyramid",
        "年龄结构（人）",
        "pyramid",
        bands,
        (
            ("男", tuple(float(by_band[(b, Sex.MALE)]) for b in bands)),
            ("女", tuple(float(by_band[(b, Sex.FEMALE)]) for b in bands)),
        ),
        unit="人",
    )
    return Section("基本情况", (_double_high_text(roster, day, place),), (table, ages), (pyramid,))


def _double_high_text(roster: Roster, day: _dt.date, place: Locality) -> str:
    """Who is in the 双高期, and by which criterion: no national text sets one."""
    from laoganbu.rules.double_high_roster import double_high

    found = double_high(roster, day, locality=place)
    kinds = {c.key: c.double_high for c in found.counts("kind")}
    basis = "本地设定的口径" if found.local else "国家未作统一规定，此为默认口径，可由本地另行设定"
    text = (
        f"“双高期”（高龄和高发病）按{found.criterion()}统计（{basis}）。处于“双高期”的"
        f"离退休干部{found.count}人，其中离休干部{kinds.get(CadreKind.LIXIU.value, 0)}人、"
        f"退休干部{kinds.get(CadreKind.TUIXIU.value, 0)}人"
    )
    if found.undecided:
        text += f"；另有{found.undecided}人已达双高期年龄、健康状况未登记，无法判断，应补录"
    return text + "。"


def _party(roster: Roster, gaps: Any, period: Period, day: _dt.date, place: Locality) -> Section:
    from laoganbu.rules.party import DutyStatus, branch_meeting_duties

    levels = Counter(o.level for o in roster.organizations)
    orgs = Table(
        "organizations",
        "离退休干部党组织",
        ("层级", "数量"),
        tuple((level.label, levels.get(level, 0)) for level in OrganizationLevel),
    )
    met = due = 0
    rows = []
    for org in sorted(roster.organizations, key=lambda o: o.id):
        if org.level is not OrganizationLevel.BRANCH:
            continue
        report = branch_meeting_duties(roster, org.id, period, as_of=day, params=place)
        m, x = report.count(DutyStatus.MET), report.count(DutyStatus.MISSED)
        met, due = met + m, due + m + x
        rows.append((org.name, m, x, _rate(report.fulfilment)))
    duties = Table(
        "meeting_duties",
        "组织生活完成情况",
        ("党支部", DutyStatus.MET.label, DutyStatus.MISSED.label, "完成率"),
        tuple(rows),
    )
    text = (
        f"离退休干部党员{gaps.party_members}人，编入党组织"
        f"{gaps.party_members - len(gaps.unorganized_member_ids)}人"
        + (
            f"，覆盖率{gaps.organization_coverage:.1%}"
            if gaps.organization_coverage is not None
            else ""
        )
        + f"；应建未建党组织{len(gaps.branch_gaps)}处。"
    )
    if due:
        text += f"各党支部组织生活到期{due}项，完成{met}项，完成率{met / due:.1%}。"
    branches = [o for o in roster.organizations if o.level is OrganizationLevel.BRANCH]
    kinds = _label_counts(
        "branch_kinds", "党支部类型", "支部类型", BranchKind, [o.branch_kind for o in branches]
    )
    # How a branch or general branch was set up; a working committee or 党委 has no such mode.
    set_up = (OrganizationLevel.BRANCH, OrganizationLevel.GENERAL_BRANCH)
    modes = _label_counts(
        "setup_modes",
        "党组织组建方式",
        "组建方式",
        SetupMode,
        [o.setup_mode for o in roster.organizations if o.level in set_up],
        note="党支部、党总支",
    )
    return Section("党的建设", (text,), (orgs, kinds, modes, duties))


def _label_counts(
    key: str,
    title: str,
    header: str,
    labels: Iterable[LabeledEnum],
    values: Sequence[LabeledEnum | None],
    note: str | None = None,
) -> Table:
    """How many of ``values`` hold each label (those held, in the enum's order), 未注明 for
    ``None``, and the total."""
    counts = Counter(values)
    return Table(
        key,
        title,
        (header, "数量"),
        (
            *((label.label, counts[label]) for label in labels if counts[label]),
            *((("未注明", counts[None]),) if counts[None] else ()),
            ("合计", len(values)),
        ),
        note=note,
    )


def _grid_text(roster: Roster) -> str:
    """Grids at every level, and which second-level grids (乡镇、社区) are fully covered: every
    third-level grid under them has a grid worker."""
    levels = Counter(g.level for g in roster.grids)
    if not levels:
        return "网格：无数据。"
    counts = "、".join(
        f"{_LEVEL_WORDS.get(level, f'{level}级')}网格{levels[level]}个" for level in sorted(levels)
    )
    second = [g for g in roster.grids if g.level == BOTTOM_GRID_LEVEL - 1]
    children: dict[str, list[Any]] = defaultdict(list)
    for g in roster.grids:
        if g.level == BOTTOM_GRID_LEVEL and g.parent_id is not None:
            children[g.parent_id].append(g)
    open_ = [
        g.name for g in second if not children[g.id] or not all(c.workers for c in children[g.id])
    ]
    text = f"共设{counts}"
    if second:
        text += f"；{len(second)}个二级网格（乡镇、社区）中{len(second) - len(open_)}个实现全覆盖"
        if open_:
            shown = "、".join(open_[:5]) + ("等" if len(open_) > 5 else "")
            text += f"，{shown}尚未全覆盖（有三级网格未配备网格员或未设三级网格）"
    return text + "。"


_LEVEL_WORDS = {1: "一级", 2: "二级", 3: "三级"}

#: Digits of a GB/T 2260 code that name a township (乡镇、街道): 6 for the county, 3 more.
_TOWNSHIP_DIGITS = 9


def _area_prefix(roster: Roster, place: Locality) -> str | None:
    """The leading digits of the GB/T 2260 codes inside the report's area: the locality's code,
    else the code of the roster's bureau or top grid, without its trailing ``00`` pairs
    (``140823``; ``1408`` for a city)."""
    codes: list[str | None] = [] if place.code == "000000" else [place.code]
    codes += [u.division_code for u in roster.units if u.parent_id is None]
    codes += [g.division_code for g in roster.grids if g.level == 1]
    code = next((c for c in codes if c), None)
    if code is None:
        return None
    code = code[:6]
    while len(code) > 2 and code.endswith("00"):
        code = code[:-2]
    return code


def _township_text(roster: Roster, day: _dt.date, place: Locality, area: str) -> str:
    """Coverage per township (乡镇、街道) by where the cadres live: a township is fully covered
    when every living cadre or survivor in the area's care who lives there (the first 9 digits
    of 居住地区划代码) is in a bottom-level grid that has a grid worker. The township is named by
    the grid or unit with its 9-digit code, else by the code. Those living outside the area,
    those whose code stops at the county, and those without a code are counted apart."""
    staffed = {g.id for g in roster.grids if g.level == BOTTOM_GRID_LEVEL and g.workers}
    prefix = _area_prefix(roster, place)
    people: dict[str, list[bool]] = defaultdict(list)
    outside = county_only = unknown = 0
    for cadre in roster.living_cadres(day):
        code = cadre.division_code
        if code is None:
            unknown += 1
        elif prefix is not None and not code.startswith(prefix):
            outside += 1
        elif len(code) < _TOWNSHIP_DIGITS or code[6:_TOWNSHIP_DIGITS] == "000":
            county_only += 1
        else:
            people[code[:_TOWNSHIP_DIGITS]].append(cadre.grid_id in staffed)
    if not people:
        return "乡镇覆盖：无居住地区划代码数据。"
    names = {u.division_code: u.name for u in roster.units if u.division_code}
    names.update({g.division_code: g.name for g in roster.grids if g.division_code})
    open_ = {code: flags.count(False) for code, flags in people.items() if not all(flags)}
    text = (
        f"按居住地统计，{len(people)}个乡镇（街道）中{len(people) - len(open_)}个实现全覆盖"
        "（在世离退休干部及遗属均编入基层网格、所在网格均配备网格员）"
    )
    if open_:
        shown = "、".join(
            f"{names.get(code, code)}（{count}人）" for code, count in sorted(open_.items())[:5]
        )
        text += f"，{shown}{'等' if len(open_) > 5 else ''}尚未全覆盖"
    here = f"本{area[1:]}" if area.startswith("全") else "本地区"
    apart = [
        f"{outside}人居住在{here}以外" if outside else "",
        f"{county_only}人居住地区划代码未细化到乡镇" if county_only else "",
        f"{unknown}人居住地区划代码不详" if unknown else "",
    ]
    if any(apart):
        text += "；另有" + "、".join(part for part in apart if part)
    return text + "。"


def _roles(roster: Roster, period: Period, day: _dt.date) -> Section:
    """Volunteers and activities, and the support given, in the period up to ``day``."""

    def counted(date: PartialDate) -> bool:
        return period.contains(date.first_day) and date.first_day <= day

    teams = [
        t
        for t in roster.volunteer_teams
        if t.formed_on is None or t.formed_on.first_day <= day  # formed by then
    ]
    volunteers = len(roster.volunteers_on(day))
    team_ids = {t.id for t in teams}
    activities = [
        a for a in roster.volunteer_activities if counted(a.date) and a.team_id in team_ids
    ]
    attended = sum(len(a.participant_ids) for a in activities)
    hours = sum((Decimal(str(a.hours)) for a in activities if a.hours), Decimal(0))
    if teams:
        text = (
            f"志愿团队{len(teams)}支、志愿者{volunteers}人；期内开展志愿服务活动{len(activities)}次、"
            f"参与{attended}人次"
            + (f"，活动时长合计{hours.normalize():f}小时" if hours else "")
            + "。"
        )
    else:
        text = "志愿团队：无数据。"
    by_kind = Counter(t.kind for t in teams)
    team_table = Table(
        "volunteer_teams",
        "志愿团队",
        ("团队类型", "团队数"),
        (*((k.label, by_kind[k]) for k in VolunteerTeamKind if by_kind[k]), ("合计", len(teams))),
    )
    given = [s for s in roster.supports if counted(s.date)]
    count: Counter[SupportKind] = Counter(s.kind for s in given)
    amount: dict[SupportKind, Decimal] = defaultdict(Decimal)
    unpriced: Counter[SupportKind] = Counter()
    for s in given:
        if s.amount is None:
            unpriced[s.kind] += 1  # not 0 yuan: the amount is not recorded
        else:
            amount[s.kind] += s.amount
    total = sum(amount.values(), Decimal(0))
    if given:
        support_text = f"期内帮扶{len(given)}次，投入{_yuan(total)}元"
        missing = sum(unpriced.values())
        support_text += f"（其中{missing}次未记录金额）。" if missing else "。"
    else:
        support_text = "帮扶：期内无记录。"

    def priced(kind: SupportKind) -> Decimal | str:
        return "未记录" if unpriced[kind] == count[kind] else amount[kind]

    support_table = Table(
        "supports",
        "帮扶情况",
        ("帮扶类型", "次数", "投入金额（元）"),
        (
            *((k.label, count[k], priced(k)) for k in SupportKind if count[k]),
            ("合计", len(given), total),
        ),
    )
    return Section("作用发挥与帮扶", (text, support_text), (team_table, support_table))


def _services(
    roster: Roster,
    records: Sequence[ServiceRecord] | pl.DataFrame | None,
    period: Period,
    day: _dt.date,
    place: Locality,
    gaps: Any,
    area: str,
) -> Section:
    gridded = gaps.living - len(gaps.ungridded_cadre_ids)
    staffed = gaps.bottom_grids - len(gaps.grids_without_worker)
    grid_text = (
        f"在世离退休干部及遗属{gaps.living}人，编入基层网格{gridded}人；"
        f"基层网格{gaps.bottom_grids}个，配备网格员{staffed}个。"
        + _grid_text(roster)
        + _township_text(roster, day, place, area)
    )
    if records is None:
        return Section("网格与服务", (grid_text, "未提供服务台账，服务完成情况从略。"))
    from laoganbu.schedule import compliance
    from laoganbu.schedule.ledger import ItemStatus

    result = compliance(
        roster, period, locality=place, records=records, as_of=day, amount_of=place.parameters.value
    )
    counts = result.counts()
    text = (
        f"期内应办服务{len(result.statuses)}项，按时完成{counts['met']}项、逾期完成{counts['late']}项、"
        f"未完成{counts['missed'] + counts['overdue']}项、未到期{counts['upcoming']}项"
        + (f"，完成率{result.rate:.1%}" if result.rate is not None else "")
        + "。"
    )
    names = {p.id: p.name for p in result.plan.programs}
    by_program = Table(
        "services_by_program",
        "服务项目完成情况",
        ("服务项目", *(s.label for s in ItemStatus), "完成率"),
        tuple(
            (
                names[pid],
                *c.values(),
                _pct(c["met"] + c["late"], sum(c.values()) - c["upcoming"]),
            )
            for pid, c in result._program_counts().items()
        ),
    )
    grids = sorted((r for r in result.by_grid() if r.due), key=lambda r: (r.rate or 0, r.key))
    lowest = Table(
        "lowest_grids",
        "服务完成率较低的网格",
        ("网格", "应办", "已办", "完成率"),
        tuple((r.name, r.due, r.done, _rate(r.rate)) for r in grids[:10]),
    )
    l2 = _by_level2(roster, result)
    chart = Chart(
        "coverage_by_grid",
        "各社区（乡镇）网格服务完成率",
        "barh",
        tuple(n for n, _ in l2),
        (("完成率", tuple(v for _, v in l2)),),
        unit="%",
    )
    trend = _trend(result, period)
    trend_chart = Chart(
        "compliance_trend",
        "逐月服务完成率",
        "line",
        tuple(m for m, _ in trend),
        (("完成率", tuple(v for _, v in trend)),),
        unit="%",
    )
    follow = _follow_up(roster, result, names, day)
    return Section(
        "网格与服务",
        (grid_text, text),
        (by_program, lowest, follow),
        (chart, trend_chart),
    )


def _by_level2(roster: Roster, result: Any) -> list[tuple[str, float]]:
    parent = {g.id: g.parent_id for g in roster.grids}
    names = {g.id: g.name for g in roster.grids}
    due: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for row in result.by_grid():
        top = parent.get(row.key) or row.key
        due[top] += row.due
        done[top] += row.done
    return sorted(
        ((names.get(k, k), 100 * done[k] / due[k]) for k in due if due[k] and k in names),
        key=lambda x: x[1],
    )


def _trend(result: Any, period: Period) -> list[tuple[str, float]]:
    due: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for item, status, _ in result.items():
        if status == "upcoming":
            continue
        month = (
            f"{item.end.month}月"
            if period.start.year == period.end.year
            else item.end.strftime("%Y-%m")
        )
        due[month] += 1
        done[month] += status in ("met", "late")
    order = [
        f"{m.start.month}月" if period.start.year == period.end.year else m.isoformat()
        for m in period.months()
    ]
    return [(m, 100 * done[m] / due[m]) for m in order if due[m]]


def _follow_up(roster: Roster, result: Any, names: dict[str, str], day: _dt.date) -> Table:
    from laoganbu.schedule.ledger import ItemStatus

    # Only cadres living on the report's day are followed up; for the others there is no one
    # to visit.
    cadres = {c.id: c for c in roster.living_cadres(day)}
    grids = {g.id: g.name for g in roster.grids}
    rows = []
    for item, status, _ in result.items():
        if status not in ("overdue", "missed"):
            continue
        c = cadres.get(item.cadre_id)
        if c is None:
            continue
        rows.append(
            (
                c.name,
                grids.get(c.grid_id or "", ""),
                names[item.program_id],
                item.reason,
                item.end,
                ItemStatus.parse(status).label,
                c.phone,
            )
        )
    rows.sort(key=lambda r: (r[1], r[0], r[4]))
    return Table(
        "follow_up",
        "需跟进的服务（逾期未办）",
        ("姓名", "网格", "服务项目", "事由", "截止日期", "状态", "联系电话"),
        tuple(rows[:200]),
        note=f"共{len(rows)}项，列出前200项" if len(rows) > 200 else None,
    )


def _assessments(results: Sequence[AssessmentResult]) -> Section:
    from laoganbu.assessment import rank

    ranked = rank(results)
    table = Table(
        "assessment",
        f"{results[0].rubric.title}考核结果",
        ("名次", "考核对象", "得分", "得分率", "等次", "缺少数据的指标"),
        tuple(
            (
                i,
                r.subject_name,
                round(r.total, 2),
                Rate(r.percent / 100),
                r.grade,
                "、".join(m.indicator.name for m in r.missing),
            )
            for i, r in enumerate(ranked, 1)
        ),
    )
    return Section("考核情况", (), (table,))
