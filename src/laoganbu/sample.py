"""A deterministic synthetic county (示例县) for demonstrations, tests and benchmarks.

:func:`generate_sample` writes invented people — no real person's data — shaped after Wenxi
county (闻喜县, Yuncheng, Shanxi; division code 140823) as the seeds describe it: a three-level
service grid (the bureau; 12 townships and the communities; villages and residential compounds),
a 离退休干部党工委 with two 党总支 and about fifty 党支部, four volunteer teams and a Hainan-style
collaboration group. Everything is sized from the number of cadres asked for, so the same code
writes a 50-person toy and a million-person stress test. Cadres are streamed to disk: only their
ids (as integers) are kept, per Party branch and volunteer team. On request, some people are
entered a second time (``duplicates``), as a county merging units' lists would, for the
duplicate finder to be tried on; the pairs are listed beside the tables.

Output is a folder of CSV files as an office would keep them: UTF-8 with a byte-order mark,
Chinese headers in the order of :data:`laoganbu.io.tables.SCHEMAS`, enum values as Chinese
labels, yes/no as 是/否, lists joined with ``、`` and dates written in the forms clerks use
(``1958.03``, ``1958-03``, ``1958年3月``, with a day where records give one). The same
``(cadres, seed)`` always writes byte-identical files: all randomness comes from seeded
:class:`random.Random` streams and no date is later than :data:`SAMPLE_AS_OF`.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as _dt
import math
import operator
import random
import re
import shutil
from array import array
from bisect import bisect, bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import Any, Final, Self

from laoganbu.errors import InvalidValueError
from laoganbu.idnumber import id_check_character
from laoganbu.io.files import AtomicFile, check_target, make_folder
from laoganbu.io.tables import SCHEMAS
from laoganbu.models.enums import (
    AffinityBasis,
    BranchKind,
    Cadence,
    CadreKind,
    CareLevel,
    CommitteeRole,
    Ethnicity,
    HealthStatus,
    LifeEventKind,
    MeetingKind,
    OrganizationLevel,
    Rank,
    RequestCategory,
    ServiceKind,
    SetupMode,
    Sex,
    SupportKind,
    UnitKind,
    VolunteerTeamKind,
)

__all__ = [
    "PLANTED_DUPLICATES",
    "PLANTED_NO_ID",
    "PLANTED_SAME_ID",
    "SAMPLE_AS_OF",
    "generate_sample",
]

#: No generated date is later than this day, so output never depends on the clock.
SAMPLE_AS_OF: Final = "2026-11-01"
#: The latest month written at month precision (the month before :data:`SAMPLE_AS_OF`).
_LAST_MI: Final = 2026 * 12 + 9
_AS_OF_MI: Final = 2026 * 12 + 10
#: Meetings, activities and most life events fall from here on.
_RECENT_MI: Final = 2025 * 12

_COUNTY = "140823"
_PLACE = "山西省运城市闻喜县"
#: The county the seeds describe has this many cadres; the other tables scale from it.
_BASE_CADRES = 3000
_BRANCH_CAP = 50  # "党支部党员人数一般不超过50人" (支部工作条例 第四条)
_PROGRESS_EVERY = 10_000

# -- vocabulary -----------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


#: Surnames, each repeated by how common it is around Yuncheng (裴, 薛, 畅, 卫 are local).
_SURNAMES = "".join(
    entry[0] * int(entry[1:] or 1)
    for entry in _words(
        "王14 李10 张10 刘8 杨7 郭7 赵6 陈6 裴5 薛5 梁4 吴4 孙4 马4 高4 贾4 卫3 畅3 姚3 宁3 董3 "
        "柴3 冯3 段3 程2 任2 郝2 田2 杜2 乔2 史2 黄2 周2 徐2 胡2 朱2 原 景 荆 樊 阎 尚 范"
    )
)
_MALE_CHARS = "建国军平志明华强伟忠文武德福海林斌荣庆生春安民宏永新兴振旺学俊杰东晋峰刚勇红卫"
_FEMALE_CHARS = "秀英兰桂芳玉珍凤霞梅琴丽娟萍敏红艳淑芬云莲娥翠香彩霞荣爱琳静慧巧月花"


@cache
def _given_names(chars: str) -> tuple[str, ...]:
    names = list(chars) + [a + b for a in chars for b in chars if a != b]
    return tuple(names)


_ETHNICITIES = (Ethnicity.HAN.label,) * 993 + (
    (Ethnicity.HUI.label,) * 4 + (Ethnicity.MAN.label,) * 2 + (Ethnicity.MONGOL.label,)
)
_NATIVE_TUIXIU = (
    ("山西闻喜",) * 16
    + ("山西夏县", "山西绛县", "山西运城", "山西新绛", "山西垣曲", "山西侯马")
    + ("河南灵宝", "陕西韩城")
)
_NATIVE_LIXIU = _words(
    "山西闻喜 山西闻喜 山西夏县 山西绛县 河北平山 山东莱芜 河南林州 陕西延川 河北阜平 山西武乡"
)
_EXPERTISE = _words(
    "书法 书法 绘画 摄影 诗词 文艺 戏曲 太极拳 法律 医疗 中医 农业技术 药材种植 教育 党史宣讲 "
    "财会 文史"
)
_EXPERT_SKILLS = frozenset({"法律", "医疗", "中医", "农业技术", "药材种植", "财会"})
_LECTURE_SKILLS = frozenset({"党史宣讲", "教育", "文史", "诗词"})
_HARDSHIPS = ("因病致困", "住房困难", "子女失业", "配偶重病", "失独", "独居高龄")
_DISEASES = _words(
    "高血压 糖尿病 冠心病 慢性阻塞性肺疾病 脑梗死后遗症 阿尔茨海默病 骨质疏松 帕金森病 "
    "慢性肾病 恶性肿瘤术后"
)
_HOSPITAL_NOTES = _words("因{}住院治疗 {}加重，入县人民医院 {}复查住院 因{}转运城市中心医院治疗")
_FAMILY_NOTES = ("孙子结婚", "孙女考入大学", "老伴去世", "乔迁新居", "子女结婚", "重孙出生")
_RELATIONS_CHILD = ("儿子", "儿子", "女儿", "女儿", "儿媳", "女婿", "孙子", "孙女", "侄子")
_MOBILE_PREFIXES = _words(
    "134 135 136 137 138 139 150 151 152 157 158 159 182 183 187 188 "
    "130 131 132 155 156 185 186 166 133 153 180 181 189 177 199"
)
_RELOCATED = (
    ("山西省运城市盐湖区", "140802"),
    ("山西省运城市盐湖区", "140802"),
    ("山西省太原市小店区", "140105"),
    ("山西省运城市夏县", "140828"),
    ("山西省临汾市尧都区", "141002"),
    ("陕西省西安市雁塔区", "610113"),
    ("北京市海淀区", "110108"),
    ("广东省深圳市南山区", "440305"),
)
_COMPOUNDS = _words(
    "锦绣 阳光 幸福 和谐 龙腾 盛世 康馨 凤凰 书香 滨河 世纪 金色 华庭 御景 翠竹 涑水 桐乡 文苑 "
    "东方 裴柏"
)
_COMPOUND_SUFFIXES = ("小区", "小区", "花园", "苑", "家园")
_FAMILY_COMPOUNDS = _words(
    "县委家属院 政府家属院 教育局家属院 人民医院家属院 公安局家属院 水利局家属院 粮食局家属院 "
    "供销社家属院"
)
_VILLAGE_A = "上下东西南北前后中大小新王李张郭裴柏杨刘薛董宋"
_VILLAGE_B = "家庄峪坡沟堡院底头营寨店岭坪湾河"

# -- the county -----------------------------------------------------------------------------

#: (name, GB/T 2260 township code suffix, how many level-3 grids at the base size)
_TOWNSHIPS: tuple[tuple[str, str, int], ...] = (
    ("桐城镇", "100", 8),
    ("郭家庄镇", "101", 12),
    ("东镇", "102", 13),
    ("礼元镇", "103", 11),
    ("河底镇", "104", 12),
    ("畖底镇", "105", 10),
    ("薛店镇", "106", 11),
    ("凹底镇", "107", 12),
    ("阳隅乡", "200", 10),
    ("后宫乡", "201", 11),
    ("裴社乡", "202", 10),
    ("神柏乡", "203", 9),
)
#: (name, township index) — 13 in the county seat 桐城镇, 2 in 东镇.
_COMMUNITIES: tuple[tuple[str, int], ...] = (
    ("东街社区", 0),
    ("西街社区", 0),
    ("南街社区", 0),
    ("北街社区", 0),
    ("涑水社区", 0),
    ("文化社区", 0),
    ("桐乡社区", 0),
    ("华鑫社区", 0),
    ("德馨社区", 0),
    ("和平社区", 0),
    ("新建社区", 0),
    ("景苑社区", 0),
    ("秀水社区", 0),
    ("东苑社区", 2),
    ("宏达社区", 2),
)
#: Level-2 community grids: 15 communities in 13 grids (two pairs share one), with how many
#: compounds (level-3 grids) each has at the base size. 12 + 13 = the seed's 25.
_COMMUNITY_GRIDS: tuple[tuple[tuple[int, ...], int], ...] = (
    ((0,), 7),
    ((1,), 7),
    ((2,), 6),
    ((3,), 7),
    ((4, 12), 6),
    ((5,), 7),
    ((6,), 6),
    ((7,), 7),
    ((8,), 6),
    ((9,), 7),
    ((10, 11), 6),
    ((13,), 6),
    ((14,), 6),
)

#: County organs and institutions: (key, name, kind, relative number of retirees).
_UNITS: tuple[tuple[str, str, UnitKind, float], ...] = (
    ("xwb", "中共闻喜县委办公室", UnitKind.ORGAN, 3),
    ("rd", "闻喜县人大常委会办公室", UnitKind.ORGAN, 2),
    ("zfb", "闻喜县人民政府办公室", UnitKind.ORGAN, 3),
    ("zx", "政协闻喜县委员会办公室", UnitKind.ORGAN, 2),
    ("jw", "闻喜县纪委监委", UnitKind.ORGAN, 2),
    ("zzb", "中共闻喜县委组织部", UnitKind.ORGAN, 2),
    ("xcb", "中共闻喜县委宣传部", UnitKind.ORGAN, 1.5),
    ("tzb", "中共闻喜县委统战部", UnitKind.ORGAN, 1),
    ("zfw", "中共闻喜县委政法委员会", UnitKind.ORGAN, 1),
    ("fgj", "闻喜县发展和改革局", UnitKind.ORGAN, 2),
    ("jyj", "闻喜县教育局", UnitKind.ORGAN, 4),
    ("kjj", "闻喜县科学技术局", UnitKind.ORGAN, 1),
    ("gxj", "闻喜县工业和信息化局", UnitKind.ORGAN, 1.5),
    ("gaj", "闻喜县公安局", UnitKind.ORGAN, 6),
    ("mzj", "闻喜县民政局", UnitKind.ORGAN, 2),
    ("sfj", "闻喜县司法局", UnitKind.ORGAN, 1.5),
    ("czj", "闻喜县财政局", UnitKind.ORGAN, 3),
    ("rsj", "闻喜县人力资源和社会保障局", UnitKind.ORGAN, 2),
    ("zrj", "闻喜县自然资源局", UnitKind.ORGAN, 2.5),
    ("zjj", "闻喜县住房和城乡建设局", UnitKind.ORGAN, 2.5),
    ("jtj", "闻喜县交通运输局", UnitKind.ORGAN, 2),
    ("slj", "闻喜县水利局", UnitKind.ORGAN, 3),
    ("nyj", "闻喜县农业农村局", UnitKind.ORGAN, 4),
    ("lyj", "闻喜县林业局", UnitKind.ORGAN, 2),
    ("swj", "闻喜县商务局", UnitKind.ORGAN, 1.5),
    ("wlj", "闻喜县文化和旅游局", UnitKind.ORGAN, 1.5),
    ("wjw", "闻喜县卫生健康委员会", UnitKind.ORGAN, 2),
    ("tyj", "闻喜县退役军人事务局", UnitKind.ORGAN, 1),
    ("yjj", "闻喜县应急管理局", UnitKind.ORGAN, 1),
    ("sjj", "闻喜县审计局", UnitKind.ORGAN, 1),
    ("scj", "闻喜县市场监督管理局", UnitKind.ORGAN, 3),
    ("tjj", "闻喜县统计局", UnitKind.ORGAN, 1),
    ("ybj", "闻喜县医疗保障局", UnitKind.ORGAN, 0.5),
    ("fy", "闻喜县人民法院", UnitKind.ORGAN, 3),
    ("jcy", "闻喜县人民检察院", UnitKind.ORGAN, 2),
    ("zgh", "闻喜县总工会", UnitKind.ORGAN, 1),
    ("twx", "共青团闻喜县委员会", UnitKind.ORGAN, 0.5),
    ("fl", "闻喜县妇女联合会", UnitKind.ORGAN, 0.5),
    ("kx", "闻喜县科学技术协会", UnitKind.ORGAN, 0.5),
    ("wxzx", "闻喜县闻喜中学", UnitKind.INSTITUTION, 6),
    ("zyzx", "闻喜县职业中学", UnitKind.INSTITUTION, 3),
    ("syxx", "闻喜县实验小学", UnitKind.INSTITUTION, 3),
    ("rmyy", "闻喜县人民医院", UnitKind.INSTITUTION, 6),
    ("zyyy", "闻喜县中医医院", UnitKind.INSTITUTION, 3),
    ("jkzx", "闻喜县疾病预防控制中心", UnitKind.INSTITUTION, 1.5),
    ("gbds", "闻喜县融媒体中心", UnitKind.INSTITUTION, 1),
    ("njzx", "闻喜县农业技术推广中心", UnitKind.INSTITUTION, 2),
    ("gxs", "闻喜县供销合作社联合社", UnitKind.ENTERPRISE, 1.5),
)
_TOWNSHIP_RETIREES = 4.0  # relative weight of each township government as a former unit
_BUREAU_RETIREES = 0.5

#: Former posts by unit kind and rank group (0 staff, 1 section deputy, 2 section chief,
#: 3 county deputy, 4 county chief and above).
_POSTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "organ": (
        ("科员", "一级科员", "四级主任科员", "办事员"),
        ("副科长", "副主任", "三级主任科员", "副局长"),
        ("科长", "主任", "一级主任科员", "局长", "党组书记"),
        ("二级调研员", "副县长", "县人大常委会副主任", "县政协副主席"),
        ("一级调研员", "县人大常委会主任", "县政协主席", "县长"),
    ),
    "institution": (
        ("教师", "医师", "会计", "技术员"),
        ("高级教师", "主治医师", "副校长", "副院长"),
        ("校长", "院长", "副主任医师", "党支部书记"),
        ("党委书记", "主任医师", "正高级教师"),
        ("党委书记", "院长"),
    ),
    "township": (
        ("科员", "站长", "办事员"),
        ("副镇长", "人大副主席", "党委委员", "副乡长"),
        ("镇长", "乡长", "党委书记", "人大主席"),
        ("党委书记", "二级调研员"),
        ("党委书记", "一级调研员"),
    ),
    "bureau": (
        ("科员",),
        ("副局长",),
        ("局长",),
        ("局长",),
        ("局长",),
    ),
}
_RANK_GROUP = {
    Rank.STAFF: 0,
    Rank.SECTION_DEPUTY: 1,
    Rank.SECTION_CHIEF: 2,
    Rank.COUNTY_DEPUTY: 3,
    Rank.COUNTY_CHIEF: 4,
    Rank.BUREAU_DEPUTY: 4,
    Rank.BUREAU_CHIEF: 4,
}
_RANKS_TUIXIU = (
    (Rank.STAFF, 380),
    (Rank.SECTION_DEPUTY, 240),
    (Rank.SECTION_CHIEF, 240),
    (Rank.COUNTY_DEPUTY, 92),
    (Rank.COUNTY_CHIEF, 40),
    (Rank.BUREAU_DEPUTY, 3),
)
_RANKS_LIXIU = (
    (Rank.SECTION_CHIEF, 300),
    (Rank.COUNTY_DEPUTY, 350),
    (Rank.COUNTY_CHIEF, 250),
    (Rank.BUREAU_DEPUTY, 80),
    (Rank.BUREAU_CHIEF, 20),
)
_RANK_UP = {
    Rank.STAFF: Rank.SECTION_DEPUTY,
    Rank.SECTION_DEPUTY: Rank.SECTION_CHIEF,
    Rank.SECTION_CHIEF: Rank.COUNTY_DEPUTY,
    Rank.COUNTY_DEPUTY: Rank.COUNTY_CHIEF,
    Rank.COUNTY_CHIEF: Rank.BUREAU_DEPUTY,
    Rank.BUREAU_DEPUTY: Rank.BUREAU_CHIEF,
    Rank.BUREAU_CHIEF: Rank.BUREAU_CHIEF,
}
_SENIOR_RANKS = frozenset(
    {Rank.COUNTY_DEPUTY, Rank.COUNTY_CHIEF, Rank.BUREAU_DEPUTY, Rank.BUREAU_CHIEF}
)

#: Health status probabilities (健康, 基本健康, 患慢性病; the rest 重病) by age band.
_HEALTH_BY_AGE = (
    (0, (0.42, 0.78, 0.98)),
    (70, (0.22, 0.60, 0.94)),
    (80, (0.08, 0.38, 0.86)),
    (90, (0.02, 0.20, 0.70)),
)
_STATUS = (HealthStatus.GOOD, HealthStatus.FAIR, HealthStatus.CHRONIC, HealthStatus.SERIOUS)

_TEAM_KINDS = (
    ("“培根铸魂”宣讲团", VolunteerTeamKind.LECTURE),
    ("“守护绿色生态”志愿团", VolunteerTeamKind.VOLUNTEER),
    ("“助力转型”老专家志愿团", VolunteerTeamKind.EXPERT),
    ("“家门口”志愿服务者团队", VolunteerTeamKind.VOLUNTEER),
)
_ACTIVITIES: dict[VolunteerTeamKind, tuple[str, ...]] = {
    VolunteerTeamKind.LECTURE: (
        "学习党的二十届四中全会精神进社区宣讲",
        "“我的入党故事”进校园",
        "红色家风家训宣讲",
        "“学党史、颂党恩、助振兴”进基层",
        "抗战胜利80周年主题宣讲",
        "“银辉添新彩”故事报告会",
    ),
    VolunteerTeamKind.VOLUNTEER: (
        "涑水河沿岸环境清理",
        "义务植树",
        "义务写春联",
        "防范电信诈骗宣传",
        "为独居老人理发",
        "文明交通劝导",
        "垃圾分类宣传",
    ),
    VolunteerTeamKind.EXPERT: (
        "药材种植技术指导",
        "企业解困座谈",
        "义诊进乡村",
        "卫生防疫知识讲座",
        "小麦病虫害防治指导",
        "法律咨询进社区",
    ),
}
_THEME_DAY_TOPICS = _words(
    "新春走访慰问困难党员 学习党的创新理论 学雷锋志愿服务 清明祭扫革命烈士墓 "
    "“五一”劳动光荣主题学习 安全生产宣传 庆祝建党节，重温入党誓词 “八一”拥军优属 "
    "学习贯彻党纪学习教育成果 庆祝新中国成立主题活动 重阳敬老主题活动 学习新修订的党内法规"
)
_LECTURE_TOPICS = _words(
    "学习习近平新时代中国特色社会主义思想 学习党的二十届三中全会精神 "
    "学习党的二十届四中全会精神 《中国共产党支部工作条例（试行）》解读 弘扬伟大建党精神 "
    "纪念抗战胜利80周年 离退休干部如何发挥正能量作用"
)
_GENERAL_TOPICS = _words(
    "传达上级会议精神，部署本季度工作 通报党费收缴情况 讨论发展“四就近”活动 审议支部年度工作计划"
)
_COMMITTEE_TOPICS = _words(
    "研究本月组织生活安排 研究走访慰问困难党员 研究党员教育管理工作 研究支部阵地建设"
)
_GROUP_TASKS = (
    ("联学", "联合开展党的二十届四中全会精神专题学习"),
    ("联学", "组织离退休干部党员集中学习研讨"),
    ("联办", "联合举办重阳节敬老文艺演出"),
    ("联办", "联合组织老干部健康体检"),
    ("联办", "联合开展“四必访”走访慰问"),
    ("联建", "共建共享老干部活动阵地"),
    ("联建", "联合创建示范党支部"),
    ("联建", "结对帮扶困难老党员"),
)

# -- output ---------------------------------------------------------------------------------

_CADRE_FIELDS = _words(
    "id name sex ethnicity birth_date id_number kind native_place work_start party_join "
    "retirement_date former_unit_id former_post rank treatment_level party_member "
    "organization_id mobile_party_member phone address division_code grid_id relocated "
    "health_status health_care_level health_notes lives_alone empty_nest expertise hardships "
    "death_date survivor_of "
    # _Care's cells, last: the columns before them are written as they always were.
    "health_last_check family_doctor family_doctor_since family_doctor_provider liaison_leader "
    "liaison_leader_post retirement_talk_date"
)
_YES, _NO = "是", "否"
_SEX_LABELS = (Sex.FEMALE.label, Sex.MALE.label)


class _Sink:
    """A file-like target for :func:`csv.writer` that collects lines in a list."""

    __slots__ = ("write",)

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


class _Table:
    """One CSV file being written: header row, then rows given in a fixed field order that is
    mapped onto the schema's column order (a column this module does not fill stays blank)."""

    def __init__(
        self, folder: Path, name: str, fields: Sequence[str], file_name: str | None = None
    ) -> None:
        schema = SCHEMAS[name]
        columns = schema.all_columns()
        known = {c.name for c in columns}
        strangers = [f for f in fields if f not in known]
        if strangers:
            raise RuntimeError(f"{name}: the schema has no column {strangers} (models changed?)")
        index = {f: i for i, f in enumerate(fields)}
        unfilled = [c.name for c in columns if c.required and c.name not in index]
        if unfilled:
            raise RuntimeError(f"{name}: required columns {unfilled} are not generated")
        blank = len(fields)
        self._pick = operator.itemgetter(*[index.get(c.name, blank) for c in columns])
        self._same = [c.name for c in columns] == list(fields)
        self.name = name
        self.count = 0
        self._commas = len(columns) - 1
        # Written beside its final name and renamed when complete (laoganbu.io.files).
        self._file = AtomicFile(
            folder / (file_name or schema.file_name), "w", encoding="utf-8-sig", newline=""
        )
        self._lines: list[str] = []
        self._csv = csv.writer(_Sink(self._lines), lineterminator="\r\n")
        self._csv.writerow([c.header for c in columns])

    def row(self, values: list[str]) -> None:
        """Write one row; ``values`` follow the field order given at construction."""
        if self._same:
            cells: Sequence[str] = values
        else:
            values.append("")
            cells = self._pick(values)
        line = ",".join(cells)
        # What csv.writer would write, without its per-cell cost, unless a cell needs quoting.
        if line.count(",") != self._commas or '"' in line or "\n" in line or "\r" in line:
            self._csv.writerow(cells)
        else:
            self._lines.append(line + "\r\n")
        self.count += 1
        if len(self._lines) >= 4096:
            self.flush()

    def flush(self) -> None:
        self._file.file.write("".join(self._lines))
        self._lines.clear()

    def close(self) -> None:
        """Write what is left and put the file in place."""
        self.flush()
        self._file.commit()

    def abort(self) -> None:
        """Drop the file: whatever was at its name stays."""
        self._file.abort()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


# -- dates ----------------------------------------------------------------------------------


@cache
def _month_texts() -> tuple[tuple[str, ...], ...]:
    """Month index (from 1900-01) → text, in three styles: ``1958.03``, ``1958-03``,
    ``1958年3月``."""
    months = [(y, m) for y in range(1900, 2041) for m in range(1, 13)]
    return (
        tuple(f"{y}.{m:02d}" for y, m in months),
        tuple(f"{y}-{m:02d}" for y, m in months),
        tuple(f"{y}年{m}月" for y, m in months),
    )


_MI_BASE = 1900 * 12


def _day_text(months: tuple[str, ...], y: int, m: int, d: int) -> str:
    """A day in the style of ``months`` (one of :func:`_month_texts`)."""
    sample = months[0]
    if sample[4] == ".":
        return f"{y}.{m:02d}.{d:02d}"
    if sample[4] == "-":
        return f"{y}-{m:02d}-{d:02d}"
    return f"{y}年{m}月{d}日"


def _person_name(r: Callable[[], float], male: bool) -> str:
    given = _given_names(_MALE_CHARS if male else _FEMALE_CHARS)
    return _SURNAMES[int(r() * len(_SURNAMES))] + given[int(r() * len(given))]


def _mobile(r: Callable[[], float]) -> str:
    return _MOBILE_PREFIXES[int(r() * len(_MOBILE_PREFIXES))] + f"{int(r() * 1e8):08d}"


def _iso_day(y: int, m: int, d: int) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}"


def _retirement_mi(birth_mi: int, at_sixty: bool) -> int:
    """Statutory retirement month (month index) under the 2024 progressive reform.

    Men, and women cadres at 县处级 and above, retire at 60; other women cadres at 55
    ("原法定退休年龄为五十五周岁"). Those born from 1965-01 (men) or 1970-01 (F55) retire one
    month later for every 4 birth-months, up to 36 months (国务院办法 第一条 and 附件1–2).
    """
    if at_sixty:
        base, start = 60 * 12, 1965 * 12
    else:
        base, start = 55 * 12, 1970 * 12
    d = birth_mi - start
    delay = 0 if d < 0 else min(d // 4 + 1, 36)
    return birth_mi + base + delay


# -- the county's structure -----------------------------------------------------------------


@dataclass(slots=True)
class _Unit:
    id: str
    name: str
    kind: UnitKind
    division_code: str
    parent_id: str = ""
    weight: float = 0.0
    posts: str = "organ"
    short: str = ""
    township: int = -1  # the township index of a township government


@dataclass(slots=True)
class _Grid:
    id: str
    name: str
    level: int
    parent_id: str
    division_code: str
    address: str = ""  # address prefix of a level-3 grid
    compound: bool = False


@dataclass(slots=True)
class _Branch:
    """A Party organisation; for a branch, also who may join it and its members so far."""

    id: str
    name: str
    level: OrganizationLevel
    parent_id: str
    setup_mode: SetupMode | None = None
    branch_kind: BranchKind | None = None
    affinity: AffinityBasis | None = None
    unit_ids: tuple[str, ...] = ()
    division_code: str = _COUNTY
    target: float = 0.0
    #: indices into the unit list a member retired from (empty: any), and how often
    units: tuple[int, ...] = ()
    unit_share: float = 1.0
    #: the level-2 grid members live in (-1: anywhere), and how often
    l2: int = -1
    l2_share: float = 1.0
    mobile: bool = False
    members: array[int] = field(default_factory=lambda: array("i"))
    retired: array[int] = field(default_factory=lambda: array("i"))
    fit: bytearray = field(default_factory=bytearray)


@dataclass(slots=True)
class _Team:
    id: str
    name: str
    kind: VolunteerTeamKind
    formed: str
    organization_id: str
    members: array[int] = field(default_factory=lambda: array("i"))


def _largest_remainder(total: int, shares: Sequence[float], minimum: int = 1) -> list[int]:
    """Split ``total`` into integers proportional to ``shares``, each at least ``minimum``."""
    n = len(shares)
    if total <= n * minimum:
        return [minimum] * n
    spare = total - n * minimum
    whole = sum(shares)
    raw = [spare * s / whole for s in shares]
    counts = [math.floor(x) for x in raw]
    order = sorted(range(n), key=lambda i: (counts[i] - raw[i], i))
    for i in order[: spare - sum(counts)]:
        counts[i] += 1
    return [c + minimum for c in counts]


_CN_DIGITS = "零一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 40 → 四十, 105 → 一百零五; Arabic digits from 10000."""
    if n >= 10_000:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    parts: list[str] = []
    zero = False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = (n // value) % 10
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(_CN_DIGITS[digit] + unit)
            zero = False
        elif parts:
            zero = True
    return "".join(parts)


def _cumulative(weights: Iterable[float]) -> list[float]:
    total = 0.0
    out = []
    for w in weights:
        total += w
        out.append(total)
    return out


def _lookup_table(items: Sequence[tuple[object, float]], size: int) -> list[int]:
    """A list of ``size`` indices in which each item appears in proportion to its weight, for
    a draw with one ``random()`` call."""
    cum = _cumulative(w for _, w in items)
    return [bisect(cum, (k + 0.5) * cum[-1] / size) for k in range(size)]


class _County:
    """Units, grids, Party organisations, teams and groups, sized for ``n`` cadres."""

    def __init__(self, n: int, rng: random.Random) -> None:
        self.n = n
        scale = n / _BASE_CADRES
        self.rng = rng
        self._units()
        self._grids(scale)
        self._organizations(scale)
        self._teams(scale)

    # units ---------------------------------------------------------------------------------

    def _units(self) -> None:
        units = [_Unit("U001", "中共闻喜县委老干部局", UnitKind.BUREAU, _COUNTY)]
        units[0].weight, units[0].posts, units[0].short = _BUREAU_RETIREES, "bureau", "县老干部局"
        self.unit_key: dict[str, int] = {"lgbj": 0}
        for key, name, kind, weight in _UNITS:
            short = name.replace("中共闻喜县委", "县委").replace("闻喜县", "县")
            unit = _Unit(f"U{len(units) + 1:03d}", name, kind, _COUNTY, weight=weight, short=short)
            unit.posts = "organ" if kind is UnitKind.ORGAN else "institution"
            self.unit_key[key] = len(units)
            units.append(unit)
        self.township_unit: list[int] = []
        for t, (name, code, _) in enumerate(_TOWNSHIPS):
            unit = _Unit(
                f"U{len(units) + 1:03d}",
                f"闻喜县{name}",
                UnitKind.TOWNSHIP,
                _COUNTY + code,
                weight=_TOWNSHIP_RETIREES,
                posts="township",
                short=name,
                township=t,
            )
            self.township_unit.append(len(units))
            units.append(unit)
        self.community_unit: list[int] = []
        seq = [0] * len(_TOWNSHIPS)
        for name, t in _COMMUNITIES:
            seq[t] += 1
            town = units[self.township_unit[t]]
            unit = _Unit(
                f"U{len(units) + 1:03d}",
                f"{_TOWNSHIPS[t][0]}{name}",
                UnitKind.COMMUNITY,
                f"{town.division_code}{seq[t]:03d}",
                parent_id=town.id,
                short=name,
            )
            self.community_unit.append(len(units))
            units.append(unit)
        self.units = units
        former = [(i, u.weight) for i, u in enumerate(units) if u.weight > 0]
        table = _lookup_table(former, 4096)
        self.former_table = [former[k][0] for k in table]

    # grids ---------------------------------------------------------------------------------

    def _grids(self, scale: float) -> None:
        rng = self.rng
        # level 2: townships, then community grids
        l2_specs: list[tuple[str, str, str, int, bool]] = []  # name, code, addr, base, compound
        for name, code, base in _TOWNSHIPS:
            l2_specs.append((name, _COUNTY + code, f"{_PLACE}{name}", base, False))
        for members, base in _COMMUNITY_GRIDS:
            comm = [self.units[self.community_unit[c]] for c in members]
            name = comm[0].short if len(comm) == 1 else "".join(u.short[:-2] for u in comm) + "社区"
            town = _TOWNSHIPS[_COMMUNITIES[members[0]][1]][0]
            addr = f"{_PLACE}{town}{comm[0].short}"
            l2_specs.append((name, comm[0].division_code, addr, base, True))
        n_l3 = max(len(l2_specs), round(213 * scale))
        width = max(4, len(str(1 + len(l2_specs) + n_l3)))
        grids = [_Grid(f"G{1:0{width}d}", "闻喜县委老干部局", 1, "", _COUNTY)]
        self.l2_first: list[int] = []  # the grid index of each level-2 grid
        for name, code, _addr, _base, _compound in l2_specs:
            self.l2_first.append(len(grids))
            grids.append(_Grid(f"G{len(grids) + 1:0{width}d}", name, 2, grids[0].id, code))
        per_l2 = _largest_remainder(n_l3, [s[3] for s in l2_specs])
        self.l2_children: list[list[int]] = []
        weights: list[tuple[int, float]] = []
        for l2, (spec, count) in enumerate(zip(l2_specs, per_l2, strict=True)):
            _name, code, addr, _base, compound = spec
            parent = grids[self.l2_first[l2]]
            children: list[int] = []
            used: set[str] = set()
            for k in range(count):
                name = self._l3_name(rng, compound, used, k)
                if compound:
                    gcode, gaddr = code, f"{addr}{name}"
                else:
                    gcode = f"{code}{200 + k % 800:03d}"
                    gaddr = f"{addr}{name}"
                children.append(len(grids))
                weights.append((len(grids), 2.2 if compound else 0.55))
                grid = _Grid(
                    f"G{len(grids) + 1:0{width}d}", name, 3, parent.id, gcode, gaddr, compound
                )
                grids.append(grid)
            self.l2_children.append(children)
        self.grids = grids
        table = _lookup_table(weights, 8192)
        self.grid_table = [weights[k][0] for k in table]

    @staticmethod
    def _l3_name(rng: random.Random, compound: bool, used: set[str], k: int) -> str:
        for _ in range(6):
            if compound:
                if rng.random() < 0.3:
                    name = rng.choice(_FAMILY_COMPOUNDS)
                else:
                    name = rng.choice(_COMPOUNDS) + rng.choice(_COMPOUND_SUFFIXES)
            else:
                a, b = rng.choice(_VILLAGE_A), rng.choice(_VILLAGE_B)
                name = f"{a}{b}村" if rng.random() < 0.6 else f"{a}{rng.choice(_VILLAGE_A)}{b}村"
            if name not in used:
                used.add(name)
                return name
        name = f"{name[:-1]}{_cn_number(k + 1)}{'区' if compound else '组'}"
        used.add(name)
        return name

    # Party organisations -------------------------------------------------------------------

    def _templates(self) -> list[_Branch]:
        """The county's 52 branches at the base size, most essential first."""
        u, units = self.unit_key, self.units
        out: list[_Branch] = []

        def branch(name: str, parent_id: str = "", **kw: Any) -> _Branch:
            b = _Branch("", name, OrganizationLevel.BRANCH, parent_id, **kw)
            b.unit_ids = tuple(units[i].id for i in b.units) if not b.unit_ids else b.unit_ids
            out.append(b)
            return b

        branch(
            "闻喜县老干部活动中心离退休干部党支部",
            setup_mode=SetupMode.ACTIVITY_CENTRE,
            branch_kind=BranchKind.TEAM,
            affinity=AffinityBasis.INTEREST,
            unit_ids=(units[0].id,),
            target=40,
        )
        unit_keys = _words("gaj xwb zfb czj nyj rsj zjj fy jcy slj zrj scj")
        systems = {"edu": _words("jyj wxzx zyzx syxx"), "health": _words("wjw rmyy zyyy jkzx")}
        joints = (
            ("县直群团组织离退休干部联合党支部", ("zgh", "twx", "fl", "kx")),
            ("县直综合部门离退休干部联合党支部", ("tjj", "sjj", "ybj", "yjj", "tyj")),
            ("县委工作部门离退休干部联合党支部", ("zzb", "xcb", "tzb", "zfw")),
        )
        # Interleaved so that a small county still gets a mix of kinds.
        plan: list[tuple[str, int]] = []
        for i in range(len(_COMMUNITY_GRIDS)):
            if i < len(_TOWNSHIPS):
                plan.append(("town", i))
            plan.append(("comm", i))
            if i < len(unit_keys):
                plan.append(("unit", i))
            if i < len(systems["edu"]):
                plan += [("edu", i), ("health", i)]
            if i < len(joints):
                plan.append(("joint", i))
            if i in (2, 5, 8):
                plan.append(("special", i))
        for what, i in plan:
            if what == "town":
                unit = self.township_unit[i]
                branch(
                    f"{_TOWNSHIPS[i][0]}离退休干部党支部",
                    setup_mode=SetupMode.SINGLE_UNIT,
                    branch_kind=BranchKind.RURAL,
                    affinity=AffinityBasis.PLACE,
                    units=(unit,),
                    unit_share=0.65,
                    l2=i,
                    l2_share=0.9,
                    division_code=units[unit].division_code,
                    target=40,
                )
            elif what == "comm":
                cunits = tuple(self.community_unit[c] for c in _COMMUNITY_GRIDS[i][0])
                grid = self.grids[self.l2_first[len(_TOWNSHIPS) + i]]
                branch(
                    f"{grid.name}离退休干部党支部",
                    setup_mode=SetupMode.COMMUNITY,
                    branch_kind=BranchKind.COMMUNITY,
                    affinity=AffinityBasis.PLACE,
                    unit_ids=tuple(units[c].id for c in cunits),
                    l2=len(_TOWNSHIPS) + i,
                    division_code=units[cunits[0]].division_code,
                    target=35,
                )
            elif what in ("unit", "edu", "health"):
                k = u[unit_keys[i] if what == "unit" else systems[what][i]]
                branch(
                    f"{units[k].short}离退休干部党支部",
                    setup_mode=SetupMode.SINGLE_UNIT,
                    branch_kind=BranchKind.UNIT,
                    affinity=AffinityBasis.TRADE,
                    units=(k,),
                    target=30,
                    parent_id="" if what == "unit" else what,  # a 党总支, resolved later
                )
            elif what == "joint":
                name, keys = joints[i]
                branch(
                    name,
                    setup_mode=SetupMode.JOINT,
                    branch_kind=BranchKind.UNIT,
                    affinity=AffinityBasis.TRADE,
                    units=tuple(u[key] for key in keys),
                    target=22,
                )
            elif i == 2:
                branch(
                    "闻喜县老年大学离退休干部党支部",
                    setup_mode=SetupMode.SENIOR_UNIVERSITY,
                    branch_kind=BranchKind.TEAM,
                    affinity=AffinityBasis.INTEREST,
                    unit_ids=(units[0].id,),
                    target=30,
                )
            elif i == 5:
                branch(
                    "闻喜县离退休干部流动党员党支部",
                    setup_mode=SetupMode.JOINT,
                    branch_kind=BranchKind.MOBILE,
                    affinity=AffinityBasis.PLACE,
                    unit_ids=(units[0].id,),
                    mobile=True,
                    target=12,
                )
            else:
                branch(
                    "闻喜县离退休干部网宣党支部",
                    setup_mode=SetupMode.ACTIVITY_CENTRE,
                    branch_kind=BranchKind.ONLINE,
                    affinity=AffinityBasis.INTEREST,
                    unit_ids=(units[0].id,),
                    target=15,
                )
        return out

    def _organizations(self, scale: float) -> None:
        rng = self.rng
        templates = self._templates()
        expected_members = 0.57 * self.n
        wanted = max(
            1,
            round(len(templates) * scale),
            math.ceil(expected_members / (_BRANCH_CAP * 0.7)),
        )
        branches: list[_Branch] = []
        if wanted <= len(templates):
            branches = list(templates[:wanted])
        else:
            copies = _largest_remainder(wanted, [1.0] * len(templates))
            for template, k in zip(templates, copies, strict=True):
                for c in range(k):
                    b = _Branch(**{f: getattr(template, f) for f in _BRANCH_COPY})
                    if k > 1:
                        b.name = f"{template.name[:-3]}第{_cn_number(c + 1)}党支部"
                    if b.parent_id:  # copy c of a system's branches sits under its copy c
                        b.parent_id = f"{b.parent_id}/{c}"
                    branches.append(b)
        system_names = {"edu": "县教育系统离退休干部", "health": "县卫生健康系统离退休干部"}
        keys = list(dict.fromkeys(b.parent_id for b in branches if b.parent_id))
        keys.sort(key=lambda k: (k.split("/")[0] != "edu", int(k.partition("/")[2] or 0)))
        width = max(4, len(str(1 + len(keys) + len(branches))))
        top = _Branch(
            f"O{1:0{width}d}",
            "中共闻喜县离退休干部工作委员会",
            OrganizationLevel.WORKING_COMMITTEE,
            "",
            unit_ids=(self.units[0].id,),
        )
        orgs = [top]
        generals: dict[str, _Branch] = {}
        for key in keys:
            system, _, copy = key.partition("/")
            several = sum(k.startswith(system) for k in keys) > 1
            name = system_names[system] + (f"第{_cn_number(int(copy) + 1)}" if several else "")
            g = _Branch(
                f"O{len(orgs) + 1:0{width}d}",
                f"{name}党总支",
                OrganizationLevel.GENERAL_BRANCH,
                top.id,
                setup_mode=SetupMode.JOINT,
                affinity=AffinityBasis.TRADE,
            )
            generals[key] = g
            orgs.append(g)
        for b in branches:
            b.id = f"O{len(orgs) + 1:0{width}d}"
            if b.parent_id:
                g = generals[b.parent_id]
                b.parent_id = g.id
                g.unit_ids = tuple(dict.fromkeys((*g.unit_ids, *b.unit_ids)))
            else:
                b.parent_id = top.id
            orgs.append(b)
        self.orgs = orgs
        self.branches = branches
        self.branch_table = _lookup_table([(b, b.target) for b in branches], 8192)
        # formed / term / model branch, decided now so the stream does not disturb them
        self.formed: dict[str, str] = {top.id: "2016-06"}
        for g in generals.values():
            self.formed[g.id] = f"2017-{rng.randint(3, 9):02d}"
        self.terms: dict[str, tuple[int, int]] = {}
        for o in orgs:
            if o.level is OrganizationLevel.BRANCH:
                y = rng.choice((2016, 2017, 2017, 2018, 2018, 2019, 2020, 2021, 2022, 2023))
                self.formed[o.id] = f"{y}-{rng.randint(1, 12):02d}"
            years = 5 if o.branch_kind in (BranchKind.COMMUNITY, BranchKind.RURAL) else 3
            formed_mi = _mi_of(self.formed[o.id])
            # the current term began within the last term length, after the formation
            start = max(formed_mi, _LAST_MI - 12 * years + 1 + rng.randrange(12 * years - 1))
            self.terms[o.id] = (start, start + 12 * years)
        n_model = max(1, round(len(branches) * 0.08)) if len(branches) >= 4 else 0
        self.model_branches = {b.id for b in rng.sample(branches, n_model)}

    # volunteer teams -----------------------------------------------------------------------

    def _teams(self, scale: float) -> None:
        rng = self.rng
        n = round(len(_TEAM_KINDS) * scale) if scale > 1 else max(1, min(4, self.n // 25))
        width = max(2, len(str(n)))
        teams: list[_Team] = []
        for k in range(n):
            base, kind = _TEAM_KINDS[k % len(_TEAM_KINDS)]
            if k < len(_TEAM_KINDS):
                name, formed = base, f"2021-{rng.randint(3, 9):02d}"
            else:
                round_, _ = divmod(k - len(_TEAM_KINDS), len(_TEAM_KINDS))
                town = _TOWNSHIPS[round_ % len(_TOWNSHIPS)][0]
                serial = round_ // len(_TOWNSHIPS) + 1
                name = f"{town}{base}" + (f"第{_cn_number(serial)}分队" if serial > 1 else "")
                formed = f"{rng.randint(2022, 2024)}-{rng.randint(1, 12):02d}"
            teams.append(_Team(f"T{k + 1:0{width}d}", name, kind, formed, self.orgs[0].id))
        self.teams = teams


_BRANCH_COPY = _words(
    "id name level parent_id setup_mode branch_kind affinity unit_ids division_code target "
    "units unit_share l2 l2_share mobile"
)


def _mi_of(text: str) -> int:
    y, m = text.split("-")[:2]
    return int(y) * 12 + int(m) - 1


def _mi_text(mi: int) -> str:
    return f"{mi // 12:04d}-{mi % 12 + 1:02d}"


# -- the cadre stream -----------------------------------------------------------------------


#: Each pool of pre-drawn attribute bundles holds this many, or fewer for a small county.
_POOL = 4096


@dataclass(frozen=True, slots=True)
class _Health:
    """One pre-drawn combination of the health and living-situation cells."""

    status: str
    care: str
    notes: str
    fit: bool  # well enough for volunteering: 健康/基本健康 and 能自理
    hospital: float  # chance of a hospital stay in the life-event window
    hospital_note: str
    alone: bool
    empty_nest: bool
    hardship: str


def _draw_health(rng: random.Random, age_band: int, survivor: bool) -> _Health:
    r = rng.random
    if r() < 0.03:
        status = care = None
    else:
        cuts = _HEALTH_BY_AGE[age_band][1]
        x = r()
        status = _STATUS[0 if x < cuts[0] else 1 if x < cuts[1] else 2 if x < cuts[2] else 3]
        x = r()
        old = age_band >= 3 or (age_band == 2 and r() < 0.5)  # 85 and over, roughly
        care = None
        if status is HealthStatus.SERIOUS:
            care = CareLevel.FULL if x < 0.35 else CareLevel.PARTIAL if x < 0.75 else None
        elif status is HealthStatus.CHRONIC:
            full, part = (0.08, 0.38) if old else (0.02, 0.10)
            care = CareLevel.FULL if x < full else CareLevel.PARTIAL if x < part else None
        elif status is HealthStatus.FAIR and old and x < 0.1:
            care = CareLevel.PARTIAL
        care = care or CareLevel.SELF_CARE
    notes = ""
    disease = rng.choice(_DISEASES)
    if status in (HealthStatus.CHRONIC, HealthStatus.SERIOUS) and r() < 0.7:
        notes = disease
        other = rng.choice(_DISEASES)
        if r() < 0.3 and other != notes:
            notes = f"{notes}、{other}"
    hospital = 0.03
    if status is not None:
        hospital = _HOSPITAL_CHANCE[status]
    alone = r() < (0.35 if survivor else 0.12 if age_band >= 2 else 0.05)
    empty_nest = alone or r() < (0.5 if age_band >= 2 else 0.3)
    hardship = ""
    if survivor:
        if r() < 0.3:
            hardship = "遗属生活困难"
    elif r() < 0.02 + (0.1 if status is HealthStatus.SERIOUS else 0) + 0.05 * alone:
        hardship = rng.choice(_HARDSHIPS)
    return _Health(
        status.label if status else "",
        care.label if care else "",
        notes,
        status in (HealthStatus.GOOD, HealthStatus.FAIR) and care is CareLevel.SELF_CARE,
        hospital,
        rng.choice(_HOSPITAL_NOTES).format(disease),
        alone,
        empty_nest,
        hardship,
    )


@dataclass(frozen=True, slots=True)
class _CheckParts:
    seq: tuple[str, ...]
    seq_check: tuple[str, ...]
    combine: dict[tuple[str, str], str]


@cache
def _check_parts() -> _CheckParts:
    """:func:`~laoganbu.idnumber.id_check_character` split in two, for speed.

    The check character depends only on a weighted digit sum modulo 11, and that sum adds up
    over disjoint digit positions. So the character of ``date14 + seq3`` follows from the
    characters of ``date14 + "000"`` and ``"0" * 14 + seq3``; ``combine`` maps each pair to
    it, worked out once with ``id_check_character`` itself on representatives of each class.
    """
    zeros = "0" * 14
    seq = tuple(f"{k:03d}" for k in range(1000))
    seq_check = tuple(id_check_character(zeros + s) for s in seq)
    seq_rep: dict[str, str] = {}
    for s, c in zip(seq, seq_check, strict=True):
        seq_rep.setdefault(c, s)
    date_rep: dict[str, str] = {}
    k = 0
    while len(date_rep) < len(seq_rep):
        digits = f"{k:014d}"
        date_rep.setdefault(id_check_character(digits + "000"), digits)
        k += 1
    combine = {
        (a, b): id_check_character(da + sb)
        for a, da in date_rep.items()
        for b, sb in seq_rep.items()
    }
    return _CheckParts(seq, seq_check, combine)


#: Chance of a hospital stay in the life-event window (2024 on), by health status.
_HOSPITAL_CHANCE = {
    HealthStatus.SERIOUS: 0.6,
    HealthStatus.CHRONIC: 0.25,
    HealthStatus.FAIR: 0.08,
    HealthStatus.GOOD: 0.03,
}

#: Age in completed years → index into :data:`_HEALTH_BY_AGE`.
_AGE_BAND = tuple(
    max(k for k, (lower, _) in enumerate(_HEALTH_BY_AGE) if age >= lower) for age in range(131)
)


#: The ledger year: services from its start to the day before :data:`SAMPLE_AS_OF`.
_LEDGER_YEAR: Final = 2026
_LEDGER_LAST_MONTH: Final = 10
#: Festival days of the ledger year and the visit window before each (14 days).
_LEDGER_FESTIVALS: Final = (("春节", 2, 17), ("中秋节", 9, 25), ("重阳节", 10, 18))
_DELIVERIES: Final = (
    ServiceKind.DELIVER_LEARNING,
    ServiceKind.DELIVER_MEDICAL,
    ServiceKind.DELIVER_COMFORT,
    ServiceKind.DELIVER_SERVICE,
    ServiceKind.DELIVER_WARMTH,
    ServiceKind.DELIVER_HEALTH,
)


class _Ledger:
    """Writes ``records.csv``: the services of the ledger year a bureau like Wenxi's records —
    a call a month and a visit a quarter for each retired cadre, festival visits (also to
    survivors), the yearly health check and the six home services (六上门) for 离休 cadres, and
    a visit after each hospitalisation. Most are on time, some late, some missing. Its own
    random stream, so the other tables do not change with it."""

    def __init__(self, table: _Table, rng: random.Random) -> None:
        self.table = table
        self.r = rng.random
        self.count = 0
        self.width = 7
        # The days the current cadre is in the county's care: services only then (a cadre
        # who moves away or arrives within the year; see _Moves).
        self.since, self.until = _dt.date.min, _dt.date.max
        #: Who is served, for the political treatment written last (_political_records).
        self.served = _Served()

    def _row(
        self, cid: str, kind: ServiceKind, day: _dt.date, program: str = "", event: str = ""
    ) -> None:
        self.count += 1
        self.table.row(
            [f"R{self.count:0{self.width}d}", cid, kind.label, day.isoformat(), program, event]
        )

    def _day(self, first: _dt.date, last: _dt.date) -> _dt.date:
        return first + _dt.timedelta(days=int(self.r() * ((last - first).days + 1)))

    def _done(
        self, first: _dt.date, last: _dt.date, on_time: float, late: float
    ) -> _dt.date | None:
        """A day within [first, last] (on time), a little after it (late), or ``None``. For a
        cadre who moves away within the window, the window ends the day before the move: the
        bureau serves the cadre before they leave."""
        if first < self.until <= last:
            last = max(first, self.until - _dt.timedelta(days=1))
        x = self.r()
        if x < on_time:
            return self._day(first, last)
        if x < on_time + late:
            return last + _dt.timedelta(days=1 + int(self.r() * 20))
        return None

    def _write(self, cid: str, kind: ServiceKind, day: _dt.date | None, program: str = "") -> None:
        if day is not None and day < _LEDGER_END and self.since <= day < self.until:
            self._row(cid, kind, day, program)

    def services(self, cid: str, kind: CadreKind, treatment: Rank | None = None) -> None:
        self.served.add(cid, kind, treatment, self.since, self.until)
        y = _LEDGER_YEAR
        if kind is not CadreKind.SURVIVOR:
            for m in range(1, _LEDGER_LAST_MONTH + 1):
                first = _dt.date(y, m, 1)
                last = _dt.date(y + m // 12, m % 12 + 1, 1) - _dt.timedelta(days=1)
                self._write(cid, ServiceKind.PHONE_CALL, self._done(first, last, 0.92, 0.04))
            for q in range(4):
                first = _dt.date(y, 3 * q + 1, 1)
                last = _dt.date(y + (q == 3), (3 * q + 3) % 12 + 1, 1) - _dt.timedelta(days=1)
                self._write(cid, ServiceKind.HOME_VISIT, self._done(first, last, 0.9, 0.05))
        for _name, m, d in _LEDGER_FESTIVALS:
            day = _dt.date(y, m, d)
            done = self._done(day - _dt.timedelta(days=14), day, 0.88, 0.05)
            self._write(cid, ServiceKind.HOME_VISIT, done, "festival_visit")
        if kind is CadreKind.LIXIU:
            check = self._done(_dt.date(y, 3, 1), _dt.date(y, 10, 31), 0.85, 0.0)
            self._write(cid, ServiceKind.HEALTH_CHECK, check, "health_check")
            for service in _DELIVERIES:
                done = self._done(_dt.date(y, 1, 1), _dt.date(y, 10, 31), 0.75, 0.0)
                self._write(cid, service, done)

    def after(self, cid: str, day_text: str) -> None:
        """A visit after a hospitalisation on ``day_text`` (ISO), in the ledger year."""
        day = _dt.date.fromisoformat(day_text)
        if day.year == _LEDGER_YEAR:
            self._write(
                cid,
                ServiceKind.HOME_VISIT,
                self._done(day, day + _dt.timedelta(days=3), 0.85, 0.08),
            )


_LEDGER_END: Final = _dt.date(2026, 11, 1)


class _Served:
    """The living cadres the ledger serves, kept small (a county may have a million): their
    numbers by group — 离休; 退休 of 县处级副职 or above by 待遇级别; other 退休 — and the care
    window of those who moved within the year."""

    def __init__(self) -> None:
        self.lixiu = array("l")
        self.senior = array("l")
        self.others = array("l")
        self.windows: dict[int, tuple[_dt.date, _dt.date]] = {}
        self.width = 5

    def add(
        self, cid: str, kind: CadreKind, rank: Rank | None, since: _dt.date, until: _dt.date
    ) -> None:
        if kind is CadreKind.SURVIVOR:
            return
        n = int(cid[1:])
        self.width = len(cid) - 1
        if kind is CadreKind.LIXIU:
            self.lixiu.append(n)
        elif rank in _SENIOR_RANKS:
            self.senior.append(n)
        else:
            self.others.append(n)
        if since != _dt.date.min or until != _dt.date.max:
            self.windows[n] = (since, until)

    def cid(self, n: int) -> str:
        return f"C{n:0{self.width}d}"

    def in_care(self, n: int, day: _dt.date) -> bool:
        since, until = self.windows.get(n, (_dt.date.min, _dt.date.max))
        return since <= day < until


#: The sample's political-treatment events of the ledger year (政治待遇): (event id, kind, day,
#: who is invited — ``lixiu``, ``senior`` 退休, ``others`` —, the share of them who come).
_POLITICAL_EVENTS: Final = (
    ("ZZ2026-B1", ServiceKind.BRIEFING, _dt.date(2026, 1, 22), "lixiu senior", 0.85),
    ("ZZ2026-V1", ServiceKind.STUDY_VISIT, _dt.date(2026, 4, 16), "lixiu senior others", 0.02),
    ("ZZ2026-E1", ServiceKind.IMPORTANT_EVENT, _dt.date(2026, 6, 30), "lixiu senior", 0.4),
    ("ZZ2026-B2", ServiceKind.BRIEFING, _dt.date(2026, 7, 16), "lixiu senior", 0.7),
    ("ZZ2026-V2", ServiceKind.STUDY_VISIT, _dt.date(2026, 9, 10), "senior others", 0.02),
    ("ZZ2026-E2", ServiceKind.IMPORTANT_EVENT, _dt.date(2026, 10, 15), "lixiu senior", 0.35),
)


def _political_records(ledger: _Ledger, rng: random.Random) -> None:
    """The political treatment of the ledger year, after every other service: 阅文 each month
    for 离休 cadres and 退休 cadres of 县处级副职 and above (about two in three come each
    month), two 情况通报会, two 参观考察 and two important meetings (七一, 重阳) with their
    invited and the share who come. Every living 离休 cadre attends at least one briefing:
    one who missed both is entered at the second. Most 退休 cadres below 县处级 take part in
    nothing — the coverage a report shows. One record per cadre and event, all of an event
    sharing its id (活动编号)."""
    served = ledger.served
    r = rng.random
    y = _LEDGER_YEAR
    for m in range(1, _LEDGER_LAST_MONTH + 1):
        day = _dt.date(y, m, 8 + int(r() * 14))
        event = f"ZZ{y}-R{m:02d}"
        for n in (*served.lixiu, *served.senior):
            if r() < 0.65 and served.in_care(n, day):
                ledger._row(served.cid(n), ServiceKind.DOCUMENT_READING, day, event=event)
    briefed: set[int] = set()
    for event, kind, day, groups, share in _POLITICAL_EVENTS:
        second_briefing = event == "ZZ2026-B2"
        for group in groups.split():
            for n in getattr(served, group):
                if not served.in_care(n, day):
                    continue
                missed = second_briefing and group == "lixiu" and n not in briefed
                if r() < share or missed:
                    ledger._row(served.cid(n), kind, day, event=event)
                    if kind is ServiceKind.BRIEFING:
                        briefed.add(n)


#: Where cadres of the sample move to or come from: other bureaus of Shanxi.
_ELSEWHERE: Final = (
    ("运城市盐湖区委老干部局", "140802"),
    ("太原市委老干部局", "140100"),
    ("临汾市尧都区委老干部局", "141002"),
    ("夏县委老干部局", "140828"),
    ("绛县委老干部局", "140826"),
)
_MOVE_REASONS: Final = ("随子女居住", "易地安置", "异地养老")
TRANSFER_FIELDS: Final = (
    "id",
    "cadre_id",
    "direction",
    "kind",
    "date",
    "counterpart",
    "counterpart_division",
    "reason",
    "documents",
)


class _Moves:
    """Writes ``transfers.csv``: a few living 退休 cadres move away within the ledger year
    (管理服务关系转移 out), a few arrived in it (转入), and a few Party members' relations move
    (组织关系转接). Its own random stream, so the other tables do not change with it; the
    ledger of a cadre who moves holds services only for the days in the county's care."""

    def __init__(self, table: _Table, rng: random.Random) -> None:
        self.table = table
        self.r = rng.random
        self.count = 0

    def _row(self, cid: str, direction: str, kind: str, day: _dt.date, docs: str) -> None:
        self.count += 1
        name, code = _ELSEWHERE[int(self.r() * len(_ELSEWHERE))]
        reason = _MOVE_REASONS[int(self.r() * len(_MOVE_REASONS))] if kind != "组织关系转接" else ""
        self.table.row(
            [f"T{self.count:04d}", cid, direction, kind, day.isoformat(), name, code, reason, docs]
        )

    def _day(self) -> _dt.date:
        # A day of February to October of the ledger year.
        return _dt.date(_LEDGER_YEAR, 2, 1) + _dt.timedelta(days=int(self.r() * 270))

    def draw(self, cid: str, party: bool) -> tuple[_dt.date, _dt.date]:
        """Maybe a move for a living 退休 cadre; the days in the county's care."""
        x = self.r()
        if x < 0.004:
            day = self._day()
            self._row(cid, "转出", "管理服务关系转移", day, "介绍信、干部档案")
            return _dt.date.min, day
        if x < 0.007:
            day = self._day()
            self._row(cid, "转入", "管理服务关系转移", day, "介绍信、干部档案")
            return day, _dt.date.max
        if party and x < 0.01:
            self._row(cid, "转出", "组织关系转接", self._day(), "党员组织关系介绍信")
        return _dt.date.min, _dt.date.max


#: The county leaders who each keep in touch with some 离休 cadres (领导干部联系老干部制度):
#: posts of a county's leadership; the names are drawn.
_LIAISON_POSTS: Final = (
    "县委书记",
    "县长",
    "县委副书记",
    "县人大常委会主任",
    "县政协主席",
    "县委常委、组织部部长",
    "县委常委、宣传部部长",
    "副县长",
)
#: A family doctor signed with the county hospital's team rather than the clinic nearby.
_COUNTY_TEAM: Final = "闻喜县人民医院家庭医生团队"


class _Care:
    """The cells of health services and contacts a bureau records for each cadre: the last
    health check (最近体检时间; most living 离休 cadres had 2025's, the year before the ledger,
    whose own checks are in ``records.csv``), signing with a family doctor (是/否 for every
    living 离休 and 退休 cadre; the clinic of the cadre's township or community, or the county
    hospital's team), the county leader who keeps in touch with each living 离休 cadre, and the
    退休谈话 of cadres retired since 2016. Its own random stream, so that the other cells and
    tables do not change with it."""

    def __init__(self, county: _County, rng: random.Random) -> None:
        self.r = rng.random
        names = {g.id: g.name for g in county.grids}
        # Each bottom grid's clinic: its township's 卫生院 or its community's 卫生服务站.
        self.clinic = [
            names.get(g.parent_id, "").removesuffix("社区") + "社区卫生服务站"
            if names.get(g.parent_id, "").endswith("社区")
            else names.get(g.parent_id, "") + "卫生院"
            for g in county.grids
        ]
        self.leaders = [(_person_name(self.r, self.r() < 0.8), post) for post in _LIAISON_POSTS]

    def cells(self, kind: CadreKind, age: int, alive: bool, grid: int, ret_mi: int) -> list[str]:
        """``health_last_check`` … ``retirement_talk_date`` of one cadre, as written."""
        r = self.r
        check = signed = since = doctor = leader = post = talk = ""
        lixiu = kind is CadreKind.LIXIU
        if alive and kind is not CadreKind.SURVIVOR:
            if r() < (0.9 if lixiu else 0.25):
                check = _iso_day(2025, 3 + int(r() * 8), 1 + int(r() * 28))
            if r() < (0.85 if lixiu else 0.6 if age >= 80 else 0.35):
                signed = _YES
                since = _mi_text((2017 + int(r() * 9)) * 12 + int(r() * 12))
                doctor = _COUNTY_TEAM if r() < 0.15 or grid < 0 else self.clinic[grid]
            else:
                signed = _NO
            if lixiu:
                leader, post = self.leaders[int(r() * len(self.leaders))]
        if kind is CadreKind.TUIXIU and ret_mi >= 2016 * 12 and r() < 0.9:
            talk = _mi_text(ret_mi)
        return [check, signed, since, doctor, leader, post, talk]


class _People:
    """Writes cadres with their contacts and life events, one row at a time.

    Cells that do not depend on each other's exact values (name; ethnicity, native place and
    expertise; the health and living-situation cells by age band) come from pools of
    pre-drawn bundles: one random number picks a whole bundle, which is what keeps a row
    cheap.
    """

    def __init__(
        self,
        county: _County,
        rng: random.Random,
        cadres: _Table,
        contacts: _Table,
        events: _Table,
        ledger: _Ledger | None = None,
        moves: _Moves | None = None,
    ) -> None:
        self.ledger = ledger
        self.moves = moves
        self.county = county
        self.rng = rng
        self.r = rng.random
        self.cadres, self.contacts, self.events = cadres, contacts, events
        n = county.n
        self.width = max(5, len(str(n)))
        self.event_width = max(5, len(str(2 * n)))
        self.event_count = 0
        self.months = _month_texts()
        self.id_dates: dict[int, tuple[str, str]] = {}
        self.id_counts: dict[int, int] = {}
        self.rank_tuixiu = [_RANKS_TUIXIU[k][0] for k in _lookup_table(_RANKS_TUIXIU, 1000)]
        self.rank_lixiu = [_RANKS_LIXIU[k][0] for k in _lookup_table(_RANKS_LIXIU, 1000)]
        years = [(y, float(y - 1936) ** 1.3) for y in range(1940, 1967)]
        self.birth_years = [years[k][0] for k in _lookup_table(years, 2048)]
        self.unit_ids = [u.id for u in county.units]
        self.grid_ids = [g.id for g in county.grids]
        self.deceased_lixiu: list[int] = []
        #: Who is paid (离休 cadres, survivors, the oldest 退休): (id, kind, joined, death, birth,
        #: fully dependent).
        self.paid: list[tuple[str, CadreKind, int, int, int, bool]] = []
        team_skill: dict[VolunteerTeamKind, list[int]] = {}
        for i, t in enumerate(county.teams):
            team_skill.setdefault(t.kind, []).append(i)
        self.team_skill = team_skill
        self.team_count = len(county.teams)
        # ~25 members a team at the base size, whatever the county's size
        self.team_chance = 0.055 * self.team_count / max(1.0, 4 * n / _BASE_CADRES)
        #: Cadres to be entered a second time: their rows are kept as written.
        self.keep: frozenset[int] = frozenset()
        self.kept: dict[int, list[str]] = {}
        self.care: _Care | None = None
        self._pools()

    def _pools(self) -> None:
        rng = self.rng
        pool = self.pool = min(_POOL, 64 * (1 + self.county.n // 16))
        r = rng.random
        male = _given_names(_MALE_CHARS)
        female = _given_names(_FEMALE_CHARS)
        self.given = (female, male)

        def about(natives: Sequence[str], skilled: float) -> tuple[str, str, str]:
            expertise = ""
            if r() < skilled:
                expertise = rng.choice(_EXPERTISE)
                other = rng.choice(_EXPERTISE)
                if r() < 0.3 and other != expertise:
                    expertise = f"{expertise}、{other}"
            return rng.choice(_ETHNICITIES), rng.choice(natives), expertise

        self.about_tuixiu = tuple(about(_NATIVE_TUIXIU, 0.18) for _ in range(pool))
        self.about_lixiu = tuple(about(_NATIVE_LIXIU, 0.18) for _ in range(pool))
        self.about_survivor = tuple(about(_NATIVE_TUIXIU, 0.0) for _ in range(pool))
        self.health = tuple(
            tuple(_draw_health(rng, band, False) for _ in range(pool))
            for band in range(len(_HEALTH_BY_AGE))
        )
        self.health_survivor = tuple(
            tuple(_draw_health(rng, band, True) for _ in range(pool))
            for band in range(len(_HEALTH_BY_AGE))
        )
        self.flat_suffix = tuple(
            f"{rng.randint(1, 24)}号楼{rng.randint(1, 4)}单元"
            f"{rng.randint(1, 7)}0{rng.randint(1, 3)}室"
            for _ in range(pool)
        )
        self.house_suffix = tuple(f"{k}号" for k in range(1, 261))
        self.elsewhere = tuple(
            (
                f"{place}{rng.choice(_COMPOUNDS)}小区{rng.randint(1, 30)}号楼"
                f"{rng.randint(1, 4)}单元{rng.randint(1, 18)}0{rng.randint(1, 4)}室",
                code,
            )
            for place, code in (rng.choice(_RELOCATED) for _ in range(pool))
        )
        # family contacts: (relation, given name to follow the cadre's surname, or a full name)
        kin: list[tuple[str, str, str]] = []
        for _ in range(pool):
            relation = rng.choice(_RELATIONS_CHILD)
            if relation in ("儿子", "孙子", "侄子"):
                kin.append((relation, rng.choice(male), ""))
            elif relation in ("女儿", "孙女"):
                kin.append((relation, rng.choice(female), ""))
            else:
                given = male if relation == "女婿" else female
                kin.append((relation, "", rng.choice(_SURNAMES) + rng.choice(given)))
        self.kin = tuple(kin)

    def cid(self, i: int) -> str:
        return f"C{i + 1:0{self.width}d}"

    # small helpers -------------------------------------------------------------------------

    def _id_number(self, y: int, m: int, d: int, male: bool) -> str:
        """A GB 11643 number for this birth day and sex, unique within the county: each
        (day, sex) hands out sequence numbers in a scrambled order."""
        key = (y * 100 + m) * 100 + d
        date = self.id_dates.get(key)
        if date is None:
            prefix = f"{_COUNTY}{key:08d}"
            date = self.id_dates[key] = (prefix, id_check_character(prefix + "000"))
        count_key = key * 2 + male
        k = self.id_counts.get(count_key, 0)
        self.id_counts[count_key] = k + 1
        seq = ((k * 37 + key % 499) % 499) * 2 + 2 - male  # 1–997 for men, 2–998 for women
        checks = _check_parts()
        return date[0] + checks.seq[seq] + checks.combine[date[1], checks.seq_check[seq]]

    def _event(self, cadre_id: str, kind: LifeEventKind, date: str, notes: str) -> None:
        self.event_count += 1
        ident = f"E{self.event_count:0{self.event_width}d}"
        self.events.row([ident, cadre_id, kind.label, date, notes])

    def _recent_day(self, low_mi: int, high_mi: int) -> str:
        r = self.r
        y, m0 = divmod(low_mi + int(r() * (high_mi - low_mi + 1)), 12)
        return f"{y:04d}-{m0 + 1:02d}-{1 + int(r() * 28):02d}"

    # the row -------------------------------------------------------------------------------

    def write(self, i: int, kind: CadreKind, *, dead: bool = False, of: int = -1) -> None:
        """Write cadre ``i`` of ``kind``; a survivor names cadre ``of``."""
        if self.ledger is not None:
            self.ledger.since, self.ledger.until = _dt.date.min, _dt.date.max
        r = self.r
        county = self.county
        pool = self.pool
        cid = f"C{i + 1:0{self.width}d}"
        x = r()
        mtext = self.months[0 if x < 0.6 else 1 if x < 0.9 else 2]
        lixiu = kind is CadreKind.LIXIU
        survivor = kind is CadreKind.SURVIVOR
        # who: sex, birth, rank, retirement ---------------------------------------------------
        rank: Rank | None = None
        treatment: Rank | None = None
        work_mi = party_mi = ret_mi = death_mi = -1
        party = False
        if lixiu:
            male = r() < 0.85
            first = 1920 if dead else 1924
            birth_mi = (first + int(r() * (11 if dead else 9))) * 12 + int(r() * 12)
            # joined revolutionary work from the age of 14, by 1949-09
            low = max(birth_mi + 14 * 12, 1937 * 12 + 6)
            work_mi = low + int(r() * (1949 * 12 + 8 - low + 1))
            ret_mi = max(birth_mi + (60 if male else 55) * 12, 1982 * 12 + int(r() * 12))
            rank = self.rank_lixiu[int(r() * 1000)]
            treatment = _RANK_UP[rank] if r() < 0.4 else rank
            party = r() < 0.92
            party_mi = min(work_mi + int(r() * 48), 1956 * 12)
            if dead:
                death_mi = max(ret_mi + 12, (2008 + int(r() * 17)) * 12 + int(r() * 12))
                death_mi = min(death_mi, _LAST_MI)
                self.deceased_lixiu.append(i)
            about = self.about_lixiu
        elif survivor:
            male = r() < 0.1
            birth_mi = (1926 + int(r() * 20)) * 12 + int(r() * 12)
            about = self.about_survivor
        else:
            male = r() < 0.62
            rank = self.rank_tuixiu[int(r() * 1000)]
            at_sixty = male or rank in _SENIOR_RANKS
            while True:
                birth_mi = self.birth_years[int(r() * 2048)] * 12 + int(r() * 12)
                ret_mi = _retirement_mi(birth_mi, at_sixty)
                if ret_mi <= _LAST_MI:
                    break
            treatment = rank
            if rank is Rank.SECTION_CHIEF and r() < 0.15:
                treatment = Rank.COUNTY_DEPUTY
            elif rank is Rank.STAFF and r() < 0.1:
                treatment = Rank.SECTION_DEPUTY
            work_mi = birth_mi + 204 + int(r() * 96)
            party = r() < 0.58
            if party:
                low = max(work_mi + 12, birth_mi + 20 * 12)
                high = min(ret_mi - 12, birth_mi + 50 * 12)
                party_mi = low + int(r() * (high - low))
            age = (_AS_OF_MI - birth_mi) // 12
            if r() < (0.012 if age < 75 else 0.03 if age < 85 else 0.07):
                death_mi = max(ret_mi + 1, 2024 * 12 + int(r() * 34))
                if death_mi > _LAST_MI:
                    death_mi = -1
            about = self.about_tuixiu
        by, bm0 = divmod(birth_mi, 12)
        bd = 1 + int(r() * 28)
        if r() < (0.1 if lixiu else 0.3):
            birth = _day_text(mtext, by, bm0 + 1, bd)
        else:
            birth = mtext[birth_mi - _MI_BASE]
        age = (_AS_OF_MI - birth_mi) // 12
        alive = death_mi < 0
        # Party branch, former unit, home ------------------------------------------------------
        branch = self._branch() if party and alive else None
        unit = -1
        if not survivor:
            if branch is not None and branch.units and r() < branch.unit_share:
                unit = branch.units[int(r() * len(branch.units))]
            else:
                unit = county.former_table[int(r() * 4096)]
        grid = -1
        mobile = relocated = False
        address = division = ""
        if alive:
            if branch is not None and branch.l2 >= 0 and r() < branch.l2_share:
                children = county.l2_children[branch.l2]
                grid = children[int(r() * len(children))]
            elif unit >= 0 and (town := county.units[unit].township) >= 0 and r() < 0.6:
                children = county.l2_children[town]
                grid = children[int(r() * len(children))]
            else:
                grid = county.grid_table[int(r() * 8192)]
            if branch is not None and branch.mobile:
                relocated = mobile = True
            else:
                relocated = r() < (0.08 if lixiu else 0.025)
                mobile = relocated and branch is not None and r() < 0.2
            if relocated:
                address, division = self.elsewhere[int(r() * pool)]
            else:
                g = county.grids[grid]
                division = g.division_code
                if g.compound:
                    address = g.address + self.flat_suffix[int(r() * pool)]
                else:
                    address = g.address + self.house_suffix[int(r() * 260)]
        # the bundles ------------------------------------------------------------------------
        band = _AGE_BAND[age]
        h = (self.health_survivor if survivor else self.health)[band][int(r() * pool)]
        ethnicity, native, expertise = about[int(r() * pool)]
        givens = self.given[male]
        name = _SURNAMES[int(r() * len(_SURNAMES))] + givens[int(r() * len(givens))]
        post = ""
        if unit >= 0 and rank is not None:
            u = county.units[unit]
            posts = _POSTS[u.posts][_RANK_GROUP[rank]]
            post = posts[int(r() * len(posts))]
            if u.posts == "township":
                post = (
                    post.replace("镇长", "乡长")
                    if u.short[-1] == "乡"
                    else post.replace("乡长", "镇长")
                )
        if alive:
            phone = _mobile(r) if r() < (0.75 if age >= 90 else 0.93) else ""
            alone, empty_nest, hardship = h.alone, h.empty_nest, h.hardship
        else:
            phone, alone, empty_nest, hardship = "", False, False, ""
        row = [
            cid,
            name,
            _SEX_LABELS[male],
            ethnicity,
            birth,
            self._id_number(by, bm0 + 1, bd, male),
            kind.label,
            native,
            mtext[work_mi - _MI_BASE] if work_mi >= 0 else "",
            mtext[party_mi - _MI_BASE] if party else "",
            mtext[ret_mi - _MI_BASE] if ret_mi >= 0 else "",
            self.unit_ids[unit] if unit >= 0 else "",
            post,
            rank.label if rank is not None else "",
            treatment.label if treatment is not None else "",
            _YES if party else _NO,
            branch.id if branch is not None else "",
            _YES if mobile else _NO,
            phone,
            address,
            division,
            self.grid_ids[grid] if grid >= 0 else "",
            _YES if relocated else _NO,
            h.status,
            h.care,
            h.notes,
            _YES if alone else _NO,
            _YES if empty_nest else _NO,
            expertise,
            hardship,
            mtext[death_mi - _MI_BASE] if death_mi >= 0 else "",
            f"C{of + 1:0{self.width}d}" if survivor else "",
        ]
        if self.care is not None:
            row += self.care.cells(kind, age, alive, grid, ret_mi)
        if i in self.keep:
            self.kept[i] = row.copy()  # the table may append to the list it is given
        self.cadres.row(row)
        if (lixiu or survivor or age >= 85) and (alive or death_mi >= _PAID_FROM_MI):
            self.paid.append((cid, kind, work_mi, death_mi, birth_mi, h.care == _FULL_CARE))
        if not alive:
            if death_mi >= 2024 * 12:
                self._event(cid, LifeEventKind.DEATH, _mi_text(death_mi), "")
            return
        # family contacts ---------------------------------------------------------------------
        x = r()
        if x >= 0.2:
            contacts, kin = self.contacts, self.kin
            for _ in range(1 if x < 0.65 else 2):
                relation, given, full = kin[int(r() * pool)]
                phone = _mobile(r) if r() < 0.95 else ""
                contacts.row([cid, full or name[0] + given, relation, phone])
        # the branch, a team ------------------------------------------------------------------
        fit = h.fit and age <= 80 and not relocated
        if branch is not None:
            branch.members.append(i)
            branch.retired.append(ret_mi)
            branch.fit.append(fit)
        if fit and r() < self.team_chance:
            self._join_team(i, expertise)
        if self.moves is not None and kind is CadreKind.TUIXIU:
            care = self.moves.draw(cid, branch is not None)
            if self.ledger is not None:
                self.ledger.since, self.ledger.until = care
        if self.ledger is not None:
            self.ledger.services(cid, kind, treatment)
        # life events (2024 on) ---------------------------------------------------------------
        low = max(2024 * 12, birth_mi)
        if r() < h.hospital:
            day = self._recent_day(low, _LAST_MI)
            self._event(cid, LifeEventKind.HOSPITALISATION, day, h.hospital_note)
            if self.ledger is not None:
                self.ledger.after(cid, day)
        if r() < 0.03:
            note = _FAMILY_NOTES[int(r() * len(_FAMILY_NOTES))]
            self._event(
                cid, LifeEventKind.MAJOR_FAMILY_EVENT, self._recent_day(low, _LAST_MI), note
            )
        if hardship and r() < 0.6:
            self._event(cid, LifeEventKind.HARDSHIP, self._recent_day(low, _LAST_MI), hardship)
        if relocated and r() < 0.3:
            day = self._recent_day(low, _LAST_MI)
            self._event(cid, LifeEventKind.RELOCATION, day, "随子女易地居住")
        if age >= 79:
            for decade in (80, 90, 100):
                mi = birth_mi + decade * 12
                if _RECENT_MI <= mi <= _LAST_MI:
                    self._event(cid, LifeEventKind.BIRTHDAY, _mi_text(mi), f"{decade}岁寿辰")

    def _branch(self) -> _Branch | None:
        """A branch with room, drawn in proportion to each branch's expected size."""
        branches = self.county.branches
        if not branches:
            return None
        k = self.county.branch_table[int(self.r() * 8192)]
        b = branches[k]
        if len(b.members) < _BRANCH_CAP:
            return b
        for step in range(1, len(branches)):
            b = branches[(k + step) % len(branches)]
            if len(b.members) < _BRANCH_CAP:
                return b
        return None

    def _join_team(self, i: int, expertise: str) -> None:
        teams = self.county.teams
        choices: list[int] | None = None
        if expertise:
            first = expertise.split("、")[0]
            if first in _EXPERT_SKILLS:
                choices = self.team_skill.get(VolunteerTeamKind.EXPERT)
            elif first in _LECTURE_SKILLS:
                choices = self.team_skill.get(VolunteerTeamKind.LECTURE)
        if not choices:
            choices = list(range(len(teams)))
        team = teams[choices[int(self.r() * len(choices))]]
        if len(team.members) < 80:
            team.members.append(i)


# -- after the stream: organisations, meetings, teams ----------------------------------------


def _committee(
    branch: _Branch, start_mi: int, order: list[int], rng: random.Random
) -> list[tuple[int, CommitteeRole]]:
    """书记 alone below 7 members; 书记, 组织委员 and 宣传委员 from 7 (支部工作条例 第二十条)."""
    n = len(order)
    if n == 0:
        return []
    roles = [CommitteeRole.SECRETARY]
    if n >= 7:
        roles += [CommitteeRole.ORGANIZATION, CommitteeRole.PUBLICITY]
    fit_then = [k for k in order if branch.fit[k] and branch.retired[k] <= start_mi]
    pool = fit_then if len(fit_then) >= len(roles) else [k for k in order if branch.fit[k]]
    if len(pool) < len(roles):
        pool = order
    chosen = rng.sample(pool, len(roles))
    return [(branch.members[k], role) for k, role in zip(chosen, roles, strict=True)]


class _Meetings:
    """The meetings table, numbering meetings as they are written."""

    def __init__(self, table: _Table, width: int) -> None:
        self.table = table
        self.width = width
        self.count = 0

    def write(
        self, org_id: str, kind: MeetingKind, date: tuple[int, int, int], topic: str, ids: str
    ) -> None:
        self.count += 1
        ident = f"M{self.count:0{self.width}d}"
        self.table.row([ident, org_id, kind.label, _iso_day(*date), topic, ids])


def _window(ids: Sequence[str], share: float, rng: random.Random) -> str:
    """About ``share`` of ``ids`` (at least one), as a cell: a rotating window is cheap."""
    n = len(ids)
    k = max(1, min(n, round(n * share)))
    start = int(rng.random() * n)
    chosen = list(ids[start : start + k])
    if len(chosen) < k:
        chosen.extend(ids[: k - len(chosen)])
    return "、".join(chosen)


def _branch_meetings(
    branch: _Branch,
    ids: list[str],
    retired: list[int],
    committee: list[str],
    meetings: _Meetings,
    rng: random.Random,
) -> None:
    """三会一课 in 2025–2026 up to :data:`SAMPLE_AS_OF`: a 主题党日 every month on a fixed day,
    a 党员大会 and a 党课 every quarter, a monthly 支委会 when there is a committee, and the
    year's 组织生活会 with 民主评议党员 each January."""
    theme_day = 5 + int(rng.random() * 20)
    quarter_day = 10 + int(rng.random() * 18)
    for mi in range(_RECENT_MI, _LAST_MI + 1):
        y, m0 = divmod(mi, 12)
        m = m0 + 1
        eligible = ids[: bisect_right(retired, mi)]
        if not eligible:
            continue
        if m == 1:
            date = (y, 1, 10 + int(rng.random() * 15))
            topic = f"{y - 1}年度组织生活会"
            meetings.write(
                branch.id, MeetingKind.LIFE_MEETING, date, topic, _window(eligible, 0.9, rng)
            )
            topic = f"{y - 1}年度民主评议党员"
            meetings.write(
                branch.id, MeetingKind.MEMBER_REVIEW, date, topic, _window(eligible, 0.9, rng)
            )
        if committee:
            members = [c for c in committee if c in eligible] or committee[:1]
            meetings.write(
                branch.id,
                MeetingKind.COMMITTEE_MEETING,
                (y, m, max(1, theme_day - 3)),
                _COMMITTEE_TOPICS[int(rng.random() * len(_COMMITTEE_TOPICS))],
                "、".join(members),
            )
        share = 0.6 + rng.random() * 0.35
        meetings.write(
            branch.id,
            MeetingKind.THEME_DAY,
            (y, m, theme_day),
            _THEME_DAY_TOPICS[m0],
            _window(eligible, share, rng),
        )
        if m % 3 == 0:
            share = 0.75 + rng.random() * 0.2
            topic = _GENERAL_TOPICS[int(rng.random() * len(_GENERAL_TOPICS))]
            meetings.write(
                branch.id,
                MeetingKind.GENERAL_MEETING,
                (y, m, quarter_day),
                topic,
                _window(eligible, share, rng),
            )
            topic = _LECTURE_TOPICS[int(rng.random() * len(_LECTURE_TOPICS))]
            meetings.write(
                branch.id,
                MeetingKind.PARTY_LECTURE,
                (y, m, quarter_day),
                topic,
                _window(eligible, share, rng),
            )


def _write_organizations(
    county: _County, folder: Path, people: _People, rng: random.Random
) -> dict[str, int]:
    mtext = _month_texts()[0]
    est = sum(70 for b in county.branches if len(b.members))
    meeting_width = max(5, len(str(est)))
    with (
        _Table(
            folder,
            "organizations",
            (
                "id",
                "name",
                "level",
                "parent_id",
                "setup_mode",
                "branch_kind",
                "affinity_basis",
                "unit_ids",
                "division_code",
                "formed_on",
                "term_start",
                "term_end",
                "model_branch",
            ),
        ) as orgs,
        _Table(folder, "committee_members", ("organization_id", "cadre_id", "role")) as comm,
        _Table(
            folder,
            "meetings",
            ("id", "organization_id", "kind", "date", "topic", "attendee_ids"),
        ) as meet,
    ):
        meetings = _Meetings(meet, meeting_width)
        for org in county.orgs:
            start, end = county.terms[org.id]
            is_branch = org.level is OrganizationLevel.BRANCH
            orgs.row(
                [
                    org.id,
                    org.name,
                    org.level.label,
                    org.parent_id,
                    org.setup_mode.label if org.setup_mode else "",
                    org.branch_kind.label if org.branch_kind else "",
                    org.affinity.label if org.affinity else "",
                    "、".join(org.unit_ids),
                    org.division_code,
                    county.formed[org.id].replace("-", "."),
                    mtext[start - _MI_BASE],
                    mtext[end - _MI_BASE],
                    _YES if org.id in county.model_branches else _NO,
                ]
            )
            if not is_branch or not org.members:
                continue
            order = sorted(range(len(org.members)), key=lambda k: (org.retired[k], k))
            committee = _committee(org, start, order, rng)
            for cadre, role in committee:
                comm.row([org.id, people.cid(cadre), role.label])
            ids = [people.cid(org.members[k]) for k in order]
            retired = [org.retired[k] for k in order]
            committee_ids = [people.cid(c) for c, _ in committee] if len(committee) > 1 else []
            _branch_meetings(org, ids, retired, committee_ids, meetings, rng)
    return {"organizations": orgs.count, "committee_members": comm.count, "meetings": meet.count}


_SUPPORT_ITEMS: Final = (
    (SupportKind.EQUIPMENT, ("空调", "会议桌椅", "棋牌桌椅", "图书柜", "健身器材", "电视机")),
    (SupportKind.VENUE, ("活动室修缮", "党员活动室改造", "阅览室建设")),
    (SupportKind.ACTIVITY, ("重阳节文艺汇演", "书画展", "红色教育观摩", "健康讲座")),
)


def _write_supports(county: _County, out: Path, rng: random.Random) -> dict[str, int]:
    """三帮扶: support the bureau gives to "基础较好、条件成熟" branches and grids (the Wenxi
    bureau's work report: over a million yuan for air conditioners, meeting and game tables …),
    about one in five."""
    r = rng.random
    fields = ("id", "kind", "date", "organization_id", "grid_id", "unit_id", "amount", "items")
    targets: list[tuple[str, str]] = [
        ("organization_id", b.id) for b in county.branches if b.level is OrganizationLevel.BRANCH
    ]
    targets += [("grid_id", g.id) for g in county.grids if g.level == 2]
    with _Table(out, "supports", fields) as table:
        n = 0
        for field_name, target in targets:
            if r() >= 0.2:
                continue
            for _ in range(1 + int(r() * 2)):
                kind, items = _SUPPORT_ITEMS[int(r() * len(_SUPPORT_ITEMS))]
                chosen = "、".join(sorted({items[int(r() * len(items))] for _ in range(2)}))
                n += 1
                month = 2024 * 12 + int(r() * 34)
                amount = (2 + int(r() * 58)) * 1000 if kind is not SupportKind.ACTIVITY else 0
                table.row(
                    [
                        f"S{n:04d}",
                        kind.label,
                        f"{month // 12}-{month % 12 + 1:02d}",
                        target if field_name == "organization_id" else "",
                        target if field_name == "grid_id" else "",
                        county.units[0].id,
                        str(amount) if amount else "",
                        chosen,
                    ]
                )
        return {"supports": table.count}


#: The payments ledger starts in 2025-01 and runs to the month before the as-of day.
_PAID_FROM_MI: Final = 2025 * 12
_FULL_CARE: Final = CareLevel.FULL.label


def _festival_day(year: int, key: str) -> _dt.date:
    """The day of a festival in ``year``, as :mod:`laoganbu.observances` computes it."""
    from laoganbu.observances import festivals

    return next(f.date for f in festivals(year) if f.key == key)


@cache
def _lixiu_rates(joined: int) -> tuple[int, int, float]:
    """护理费, the fully dependent 护理费 and 生活补贴 months for a joining month, by the national
    parameters of 2025 (:func:`laoganbu.lixiu_status`); a month that straddles a period
    boundary is taken at its last day, the later period."""
    from laoganbu.dates import PartialDate
    from laoganbu.rules.lixiu import lixiu_status

    month = PartialDate.from_month_index(joined)
    status = lixiu_status(month.last_day, on=_dt.date(2025, 1, 1))
    assert status.nursing_fee is not None and status.nursing_fee_fully_dependent is not None
    return status.nursing_fee, status.nursing_fee_fully_dependent, status.allowance_months or 0


def _write_payments(people: _People, out: Path, rng: random.Random) -> dict[str, int]:
    """The 待遇发放台账 from 2025-01 to the month before the as-of day: a 离休 cadre's 离休费
    (from public finance) and 护理费 every month to the month of death, the year's 生活补贴 in
    December, 医药费 reimbursements a few times a year; a survivor's monthly 遗属生活困难补助; a
    春节 慰问金 for each of them and for the 退休 cadres of 85 and over.

    Each 离休 cadre's 基本离休费 is in ``pay_bases`` from 2025-01. Two arrears are planted, and
    listed in the docs: the first living 离休 cadre's 离休费 is not
    paid for 2026-09 and 2026-10, and the second's 护理费 stops after 2026-05. Two clearance
    plans (``clearance_plans``): one for the first's arrears, drawn up 2026-10-20, due by the
    end of the year; one for the third's 护理费 of 2026-03, missed and paid back on 2026-06-10
    (cleared). The second's arrears have none. The county's 2026 budgets (``budgets``) of
    慰问金 and survivors' aid. Each 医药费 reimbursement answers a claim (``medical_claims``)
    submitted on the 5th; the fourth living 离休 cadre's claim of 2026-08-12 is never
    reimbursed (医药费 in arrears)."""
    r = rng.random
    fields = (
        "id", "cadre_id", "kind", "period_from", "period_to", "amount", "source", "paid_on",
        "claim_id",
    )  # fmt: skip
    claim_fields = ("id", "cadre_id", "submitted_on", "amount", "approved", "source")
    festivals = {year: _festival_day(year, "chunjie") for year in (2025, 2026)}
    with (
        _Table(out, "payments", fields) as table,
        _Table(out, "pay_bases", ("id", "cadre_id", "valid_from", "amount", "basis")) as bases,
        _Table(out, "clearance_plans", _PLAN_FIELDS) as plans,
        _Table(out, "budgets", ("id", "year", "kind", "amount", "notes")) as budgets,
        _Table(out, "medical_claims", claim_fields) as claims,
    ):
        width = max(5, len(str(40 * len(people.paid))))
        n = 0

        def pay(cid: str, kind: str, first: int, last: int, amount: int | str, source: str,
                paid_on: str, claim: str = "") -> None:  # fmt: skip
            nonlocal n
            n += 1
            table.row(
                [
                    f"P{n:0{width}d}",
                    cid,
                    kind,
                    _mi_text(first),
                    _mi_text(last) if last != first else "",
                    str(amount),
                    source,
                    paid_on,
                    claim,
                ]
            )

        def claim(cid: str, submitted: str, amount: str, source: str) -> str:
            """A claim of medical expenses, approved in full; its number."""
            number = f"M{claims.count + 1:0{width}d}"
            claims.row([number, cid, submitted, amount, amount, source])
            return number

        living = [cid for cid, kind, _j, death, _b, _f in people.paid
                  if kind is CadreKind.LIXIU and death < 0]  # fmt: skip
        unpaid = {(cid, "离休费", mi) for cid in living[:1] for mi in (_LAST_MI - 1, _LAST_MI)}
        unpaid |= {
            (cid, "护理费", mi) for cid in living[1:2] for mi in range(2026 * 12 + 5, _AS_OF_MI)
        }
        unpaid |= {(cid, "护理费", 2026 * 12 + 2) for cid in living[2:3]}
        owed: dict[tuple[str, str], int] = {}  # what the clearance plans clear, a month
        for cid, kind, joined, death, _birth, dependent in people.paid:
            last = _LAST_MI if death < 0 else min(death, _LAST_MI)
            alive_on = {year: death < 0 or death >= year * 12 + 1 for year in festivals}
            if kind is CadreKind.LIXIU:
                base = 5600 + 10 * int(r() * 400)
                bases.row([f"B{bases.count + 1:05d}", cid, "2025-01", str(base), "2025年核定"])
                fee, dependent_fee, allowance = _lixiu_rates(joined)
                fee = dependent_fee if dependent else fee
                owed[cid, "离休费"], owed[cid, "护理费"] = base, fee
                for mi in range(_PAID_FROM_MI, last + 1):
                    day = f"{_mi_text(mi)}-05"
                    if (cid, "离休费", mi) not in unpaid:
                        pay(cid, "离休费", mi, mi, base, "财政", day)
                    if (cid, "护理费", mi) not in unpaid:
                        pay(cid, "护理费", mi, mi, fee, "财政", day)
                    if r() < 0.3:
                        amount = f"{300 + int(r() * 30000)}.{int(r() * 100):02d}"
                        source = "医保" if r() < 0.6 else "财政"
                        number = claim(cid, f"{_mi_text(mi)}-05", amount, source)
                        pay(cid, "医药费", mi, mi, amount, source, f"{_mi_text(mi)}-25", number)
                if death < 0 or death >= 2026 * 12:  # lived through 2025: the year's allowance
                    amount = f"{base * allowance:.2f}"
                    pay(cid, "生活补贴", 2025 * 12, 2025 * 12 + 11, amount, "财政", "2025-12-20")
                gift = 1000
            elif kind is CadreKind.SURVIVOR:
                for mi in range(_PAID_FROM_MI, last + 1):
                    pay(cid, "遗属生活困难补助", mi, mi, 600, "财政", f"{_mi_text(mi)}-05")
                gift = 500
            else:
                gift = 500
            for year, festival in festivals.items():
                if alive_on[year] and festival.year * 12 + festival.month - 1 <= last:
                    given = festival - _dt.timedelta(days=3 + int(r() * 10))
                    mi = given.year * 12 + given.month - 1
                    pay(cid, "慰问金", mi, mi, gift, "单位", given.isoformat())
        march = 2026 * 12 + 2
        for cid in living[2:3]:  # the missed month paid back
            pay(cid, "护理费", march, march, owed[cid, "护理费"], "财政", "2026-06-10")
            plans.row(["K00001", cid, "护理费", "2026-03", "", str(owed[cid, "护理费"]), "财政",
                       "2026-05-15", "2026-06-30"])  # fmt: skip
        for cid in living[3:4]:  # a claim of August never reimbursed
            claim(cid, "2026-08-12", "12345.60", "医保")
        for cid in living[:1]:
            amount = str(2 * owed[cid, "离休费"])
            plans.row(["K00002", cid, "离休费", _mi_text(_LAST_MI - 1), _mi_text(_LAST_MI),
                       amount, "财政", "2026-10-20", "2026-12-31"])  # fmt: skip
        # The year's budgets of the county as a whole, by its people: 慰问金 and survivors' aid.
        survivors = sum(1 for _c, kind, *_rest in people.paid if kind is CadreKind.SURVIVOR)
        gifts = 1000 * len(living) + 500 * (len(people.paid) - len(living))
        if gifts:  # a county of a handful may have no one to budget for
            budgets.row(["Y001", "2026", "慰问金", str(gifts), "春节走访慰问"])
        if survivors:
            budgets.row(["Y002", "2026", "遗属生活困难补助", str(600 * 12 * survivors), ""])
        return {
            "payments": table.count,
            "pay_bases": bases.count,
            "clearance_plans": plans.count,
            "budgets": budgets.count,
            "medical_claims": claims.count,
        }


_PLAN_FIELDS: Final = (
    "id", "cadre_id", "kind", "months_from", "months_to", "amount", "source", "drawn_up_on",
    "deadline",
)  # fmt: skip


#: What cadres ask for, by category: (code, weight, what the matter reads like).
_REQUEST_CATEGORIES: Final = (
    (
        "daily_care",
        0.25,
        ("需要上门理发", "家中水管漏水需维修", "申请助餐服务", "需要陪同外出办事"),
    ),
    ("medical", 0.25, ("希望医生上门诊疗", "联系住院床位", "办理异地就医备案", "慢性病用药配送")),
    ("treatment", 0.10, ("询问护理费标准", "医药费报销进度", "生活补贴发放时间")),
    ("housing", 0.08, ("楼道加装扶手", "老旧住房屋顶漏雨")),
    ("activities", 0.10, ("报名老年大学书法班", "希望组织参观学习", "订阅学习资料")),
    ("family", 0.07, ("子女赡养纠纷调解", "老伴住院无人照料")),
    ("policy", 0.10, ("咨询离休干部待遇政策", "咨询遗属补助政策")),
    ("suggestion", 0.05, ("建议增加活动中心开放时间", "建议网格员每月上门一次")),
)
#: How requests arrive: (label, weight).
_REQUEST_CHANNELS: Final = (
    ("电话", 0.40), ("网格员", 0.25), ("来访", 0.15), ("线上", 0.10), ("信访", 0.10),
)  # fmt: skip


def _write_requests(people: _People, out: Path, rng: random.Random) -> dict[str, int]:
    """The 诉求台账 from 2025-01 to the day before the as-of day: the cadres paid by the
    bureau (离休 cadres, survivors, the oldest 退休) ask for something about once a year (a
    relative asks for one cadre in four), by phone, through the grid worker or in person. Most
    are given to a unit within a few days and closed within a month; one in twenty waits
    weeks to be given out, one in sixteen takes two months or more, and some are still open
    on the as-of day.

    Planted, and listed in the docs: the first living 离休 cadre asks again about a doctor's
    visit (医疗保健) five weeks after the first request was closed (a repeat), and the
    second's request about housing has been open since 2026-06 (overdue)."""
    r = rng.random
    fields = (
        "id", "cadre_id", "requester", "channel", "category", "matter", "received_on",
        "assigned_unit_id", "assigned_to", "assigned_on", "due_on", "status", "closed_on",
        "satisfaction",
    )  # fmt: skip
    as_of = _dt.date.fromisoformat(SAMPLE_AS_OF)
    first = _dt.date(2025, 1, 1)
    categories = [c for c, _w, _m in _REQUEST_CATEGORIES]
    matters = {c: m for c, _w, m in _REQUEST_CATEGORIES}
    by_category = _lookup_table([(c, w) for c, w, _m in _REQUEST_CATEGORIES], 100)
    by_channel = _lookup_table(_REQUEST_CHANNELS, 100)
    workers = [_person_name(r, r() < 0.5) for _ in range(12)]
    units = people.unit_ids[:12]
    rows: list[tuple[_dt.date, list[str]]] = []

    def day(d: _dt.date | None) -> str:
        return "" if d is None else d.isoformat()

    def request(cid: str, requester: str, category: str, received: _dt.date,
                handled: tuple[int, int] | None = None) -> None:  # fmt: skip
        channel = _REQUEST_CHANNELS[by_channel[int(r() * 100)]][0]
        matter = matters[category][int(r() * len(matters[category]))]
        unit = units[0] if r() < 0.6 else units[int(r() * len(units))]
        worker = workers[int(r() * len(workers))]
        # Days to give it out and to close it: drawn, unless planted.
        give, close = handled or (
            int(r() * 4) if r() > 0.05 else 16 + int(r() * 20),
            2 + int(r() * 28) if r() > 0.0625 else 61 + int(r() * 60),
        )
        assigned = received + _dt.timedelta(days=give)
        closed: _dt.date | None = received + _dt.timedelta(days=max(close, give))
        due = received + _dt.timedelta(days=7) if category == "daily_care" and r() < 0.5 else None
        if assigned >= as_of:
            status, unit_cell, worker_cell, assigned_cell, closed = "已受理", "", "", None, None
        else:
            unit_cell, worker_cell, assigned_cell = unit, worker, assigned
            assert closed is not None
            if closed >= as_of:
                status, closed = "办理中", None
            else:
                draw = r()
                status = "已办结" if draw < 0.9 else "已转办" if draw < 0.96 else "未解决办结"
        satisfaction = ""
        if closed is not None:
            slow = (closed - received).days > 60 or status == "未解决办结"
            draw = r() + (0.5 if slow else 0)
            satisfaction = "满意" if draw < 0.8 else "基本满意" if draw < 0.95 else "不满意"
        rows.append(
            (
                received,
                [
                    cid, requester, channel, RequestCategory.parse(category).label, matter,
                    received.isoformat(), unit_cell, worker_cell, day(assigned_cell),
                    day(due), status, day(closed), satisfaction,
                ],
            )
        )  # fmt: skip

    living = [cid for cid, kind, _j, death, _b, _f in people.paid
              if kind is CadreKind.LIXIU and death < 0]  # fmt: skip
    span = (as_of - first).days
    for cid, kind, _joined, death, _birth, _dependent in people.paid:
        # Alive to the month of death (its 28th, so as not to reckon the month's length).
        end = as_of if death < 0 else min(as_of, _dt.date(death // 12, death % 12 + 1, 28))
        for _ in range(2):
            received = first + _dt.timedelta(days=int(r() * span))
            if received >= end or r() < 0.15:
                continue
            requester = "遗属" if kind is CadreKind.SURVIVOR else "亲属" if r() < 0.25 else "本人"
            request(cid, requester, categories[by_category[int(r() * 100)]], received)
    if living:
        planted = _dt.date(2026, 3, 2)
        request(living[0], "本人", "medical", planted, (1, 10))
        request(living[0], "本人", "medical", planted + _dt.timedelta(days=45), (1, 6))
    if len(living) > 1:
        request(living[1], "本人", "housing", _dt.date(2026, 6, 8), (2, 400))
    rows.sort(key=lambda row: (row[0], row[1][0]))
    width = max(5, len(str(len(rows))))
    with _Table(out, "requests", fields) as table:
        for n, (_received, values) in enumerate(rows, 1):
            table.row([f"Q{n:0{width}d}", *values])
        return {"requests": table.count}


#: The measures of the sample's 一人一策 plans: (service kind, cadence, times a window,
#: details), the first two in every plan, the third in some.
_CARE_MEASURES: Final = (
    (ServiceKind.HOME_VISIT, "每月", 1, ""),
    (ServiceKind.DELIVER_MEDICAL, "每季度", 1, "上门测量血压血糖，核对用药"),
    (ServiceKind.PHONE_CALL, "每月", 2, ""),
)
_CARE_NOTES: Final = ("独居，子女在外地", "老伴同住，需助餐", "行动不便，需陪同就医", "")
_CARE_WINDOWS: Final = {"每月": 1, "每季度": 3}


def _care_plan_people(out: Path, cadres: int) -> tuple[list[list[str]], list[list[str]]]:
    """The living 离休 cadres, and the living 退休 cadres in 双高期 on :data:`SAMPLE_AS_OF`
    (80 or older, 患慢性病 or 重病: the national defaults of ``age.double_high.*``), each as
    ``[id, birth, former unit, arrived]`` from the files written (the county's own
    ``cadres`` rows, not planted copies); a cadre moved away is left out, one who arrived
    carries the day."""
    from laoganbu.dates import PartialDate, age_on

    columns = [c.name for c in SCHEMAS["cadres"].all_columns()]
    at = {name: columns.index(name) for name in columns}
    moves: dict[str, tuple[str, str]] = {}
    with (out / "transfers.csv").open(encoding="utf-8-sig", newline="") as f:
        _header, *rows = list(csv.reader(f))
        tcols = [c.name for c in SCHEMAS["transfers"].all_columns()]
        for row in rows:
            cells = dict(zip(tcols, row, strict=True))
            if cells["kind"] == "管理服务关系转移":
                moves[cells["cadre_id"]] = (cells["direction"], cells["date"])
    lixiu: list[list[str]] = []
    double: list[list[str]] = []
    as_of = PartialDate.parse(SAMPLE_AS_OF)
    with (out / "cadres.csv").open(encoding="utf-8-sig", newline="") as f:
        reader = csv.reader(f)
        next(reader)
        for n, row in enumerate(reader):
            if n >= cadres:
                break
            direction, day = moves.get(row[at["id"]], ("", ""))
            if row[at["death_date"]] or direction == "转出":
                continue
            person = [row[at["id"]], row[at["birth_date"]], row[at["former_unit_id"]], day]
            if row[at["kind"]] == CadreKind.LIXIU.label:
                lixiu.append(person)
            elif (
                row[at["kind"]] == CadreKind.TUIXIU.label
                and row[at["health_status"]]
                in (HealthStatus.CHRONIC.label, HealthStatus.SERIOUS.label)
                and age_on(PartialDate.parse(row[at["birth_date"]]), as_of) >= 80
            ):
                double.append(person)
    return lixiu, double


def _write_care_plans(
    out: Path, cadres: int, rng: random.Random, records: int | None
) -> dict[str, int]:
    """一人一策: a plan for every living 离休 cadre and every living 退休 cadre in 双高期 on
    the as-of day, drawn up in 2024–2025 (a cadre who turned 80 or arrived later: a week or
    two after), each with a responsible staff member of the cadre's former unit and two or
    three measures (a visit a month, a home medical call a quarter, some two calls a month);
    the ledger (``records.csv``, when written) gets the measures' services of 2026, each
    naming its programme (``care_plan.home_visit.month`` …), each in its window.

    Planted, and listed in the docs: the third living 离休 cadre has no plan, the fourth's
    lapsed at the end of 2026-06 (有效期至 2026-06), the fifth's names no responsible staff
    member; the first 退休 cadre in 双高期 has no plan and the second's has no measure."""
    from laoganbu.dates import PartialDate

    r = rng.random
    lixiu, double = _care_plan_people(out, cadres)
    as_of = _dt.date.fromisoformat(SAMPLE_AS_OF)
    plans: list[tuple[str, list[str], _dt.date, str, int, bool]] = []
    skipped = {p[0] for p in lixiu[2:3] + double[:1]}
    lapsed = {p[0] for p in lixiu[3:4]}
    unstaffed = {p[0] for p in lixiu[4:5]}
    empty = {p[0] for p in double[1:2]}
    for group, person in [("lixiu", p) for p in lixiu] + [("double", p) for p in double]:
        cid, birth, _unit, arrived = person
        if cid in skipped:
            continue
        start = _dt.date(2024, 3, 1) + _dt.timedelta(days=int(r() * 660))
        if group == "double":
            eighty = PartialDate.parse(birth).add_months(80 * 12).first_day
            start = max(start, _dt.date(eighty.year, eighty.month, 1) + _dt.timedelta(days=5))
            start += _dt.timedelta(days=int(r() * 20))
        if arrived:
            start = _dt.date.fromisoformat(arrived) + _dt.timedelta(days=7 + int(r() * 14))
        # Some days of the first window left for its services (two calls, two days).
        start = min(start, as_of - _dt.timedelta(days=20))
        start = start.replace(day=min(start.day, 25))
        measures = 0 if cid in empty else 3 if r() < 0.4 else 2
        plans.append((cid, person, start, "2026-06" if cid in lapsed else "", measures,
                      cid in unstaffed))  # fmt: skip
    width = max(4, len(str(len(plans))))
    ledger: list[list[str]] = []
    fields = (
        "id", "cadre_id", "responsible", "responsible_unit_id", "drawn_up_on", "reviewed_on",
        "valid_until", "status", "notes",
    )  # fmt: skip
    with (
        _Table(out, "care_plans", fields) as table,
        _Table(
            out, "care_plan_measures", ("plan_id", "kind", "cadence", "count", "details")
        ) as measure_table,
    ):
        for n, (cid, person, start, until, measures, no_one) in enumerate(plans, 1):
            pid = f"CP{n:0{width}d}"
            reviewed = ""
            if start.year < 2026 and r() < 0.6:
                reviewed = (_dt.date(2026, 1, 5) + _dt.timedelta(days=int(r() * 240))).isoformat()
            note = _CARE_NOTES[int(r() * len(_CARE_NOTES))]
            staff = "" if no_one else _person_name(r, r() < 0.5)
            table.row([pid, cid, staff, person[2] if staff else "", start.isoformat(), reviewed,
                       until, "执行中", note])  # fmt: skip
            last = _dt.date(2026, 6, 30) if until else _LEDGER_END - _dt.timedelta(days=1)
            taken: set[tuple[str, _dt.date]] = set()
            for kind, cadence, times, details in _CARE_MEASURES[:measures]:
                measure_table.row([pid, kind.label, cadence, str(times), details])
                program = f"care_plan.{kind.value}.{Cadence.parse(cadence).value}"
                step = _CARE_WINDOWS[cadence]
                for m in range(1, 13, step):
                    after = _LEDGER_YEAR * 12 + m - 1 + step  # the month after the window
                    end = _dt.date(after // 12, after % 12 + 1, 1) - _dt.timedelta(days=1)
                    first = max(_dt.date(_LEDGER_YEAR, m, 1), start)
                    end = min(end, last)
                    if first > end:
                        continue
                    for _ in range(times):
                        # On time: a record after its window would leave the window's item
                        # to take the cadre's other services of the kind (the ledger's rules).
                        low, high = first, end
                        span = (high - low).days + 1
                        drawn = int(r() * span)
                        # Two services of one programme on one day would be one record twice
                        # (an exact repeat, which the ledger check sets aside): the next free day.
                        for k in range(span):
                            day = low + _dt.timedelta(days=(drawn + k) % span)
                            if (program, day) not in taken:
                                break
                        taken.add((program, day))
                        ledger.append([cid, kind.label, day.isoformat(), program])
        counts = {"care_plans": table.count, "care_plan_measures": measure_table.count}
    if records is not None and ledger:
        counts["service_records"] = _append_records(out, records, ledger)
    return counts


def _append_records(out: Path, written: int, rows: list[list[str]]) -> int:
    """``records.csv`` again, with ``rows`` (cadre, kind, date, programme) after the
    ``written`` rows it holds, numbered on from them; the count of its rows."""
    fields = ("id", "cadre_id", "kind", "date", "program_id")
    path = out / "records.csv"
    with (
        path.open(encoding="utf-8-sig", newline="") as old,
        _Table(out, "service_records", fields, file_name="records.csv") as table,
    ):
        old.readline()  # the header, which the table has written
        table.flush()
        shutil.copyfileobj(old, table._file.file)
        table.count = written
        for row in rows:
            table.row([f"R{table.count + 1:07d}", *row])
        return table.count


def _write_teams(
    county: _County, folder: Path, people: _People, rng: random.Random
) -> dict[str, int]:
    width = max(4, len(str(14 * len(county.teams))))
    with (
        _Table(
            folder,
            "volunteer_teams",
            ("id", "name", "kind", "formed_on", "organization_id", "leader_id", "member_ids"),
        ) as teams,
        _Table(
            folder,
            "volunteer_activities",
            ("id", "team_id", "date", "title", "participant_ids", "hours"),
        ) as acts,
    ):
        count = 0
        for team in county.teams:
            ids = [people.cid(i) for i in team.members]
            leader = ids[int(rng.random() * len(ids))] if ids else ""
            teams.row(
                [
                    team.id,
                    team.name,
                    team.kind.label,
                    team.formed,
                    team.organization_id,
                    leader,
                    "、".join(ids),
                ]
            )
            if not ids:
                continue
            titles = _ACTIVITIES.get(team.kind, _ACTIVITIES[VolunteerTeamKind.VOLUNTEER])
            n_acts = 9 + int(rng.random() * 5)
            months = sorted(
                _RECENT_MI + int(rng.random() * (_LAST_MI - _RECENT_MI + 1)) for _ in range(n_acts)
            )
            for mi in months:
                count += 1
                y, m0 = divmod(mi, 12)
                hours = (2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0)[int(rng.random() * 7)]
                acts.row(
                    [
                        f"A{count:0{width}d}",
                        team.id,
                        _iso_day(y, m0 + 1, 1 + int(rng.random() * 28)),
                        titles[int(rng.random() * len(titles))],
                        _window(ids, 0.4 + rng.random() * 0.5, rng),
                        f"{hours:g}",
                    ]
                )
    return {"volunteer_teams": teams.count, "volunteer_activities": acts.count}


def _write_structure(county: _County, folder: Path, rng: random.Random) -> dict[str, int]:
    counts: dict[str, int] = {}
    with _Table(folder, "units", ("id", "name", "kind", "division_code", "parent_id")) as t:
        for u in county.units:
            t.row([u.id, u.name, u.kind.label, u.division_code, u.parent_id])
        counts["units"] = t.count
    with (
        _Table(folder, "groups", ("id", "name", "lead_unit_id", "member_unit_ids")) as groups,
        _Table(folder, "group_tasks", _words("group_id year title category claimed_by")) as gt,
    ):
        key = county.unit_key
        specs = [
            ("县直机关第一联系协作组", ["zzb", "xcb", "tzb", "zfw", "xwb", "zfb"]),
            ("教育卫健系统联系协作组", ["jyj", "wxzx", "zyzx", "syxx", "wjw", "rmyy", "zyyy"]),
        ]
        for k, (name, keys) in enumerate(specs[: 1 if county.n < 1000 else 2]):
            gid = f"XZ{k + 1:02d}"
            members = [county.units[key[k]].id for k in keys]
            groups.row([gid, name, members[0], "、".join(members)])
            for year in (2025, 2026):
                for category, title in rng.sample(_GROUP_TASKS, 5):
                    claimed = rng.sample(members, 1 + int(rng.random() * 3))
                    gt.row([gid, str(year), title, category, "、".join(claimed)])
        counts["groups"] = groups.count
        counts["group_tasks"] = gt.count
    with (
        _Table(folder, "grids", ("id", "name", "level", "parent_id", "division_code")) as grids,
        _Table(folder, "grid_workers", ("grid_id", "id", "name", "phone")) as workers,
    ):
        width = max(5, len(str(2 * len(county.grids))))
        for g in county.grids:
            grids.row([g.id, g.name, str(g.level), g.parent_id, g.division_code])
            if g.level != 3:
                continue
            for _ in range(1 + (rng.random() < 0.4)):
                wid = f"W{workers.count + 1:0{width}d}"
                name = _person_name(rng.random, rng.random() < 0.4)
                workers.row([g.id, wid, name, _mobile(rng.random)])
        counts["grids"] = grids.count
        counts["grid_workers"] = workers.count
    return counts


# -- duplicates planted on request ----------------------------------------------------------

#: Where :func:`generate_sample` lists the duplicates it planted, inside the county's folder.
#: A subfolder, because a CSV file among the tables would be reported as an unknown table.
PLANTED_DUPLICATES: Final = "planted/duplicates.csv"
#: The kinds of planted pair (the list's ``类型``): the finder reports the first as certain,
#: the second as likely.
PLANTED_SAME_ID: Final = "同一身份证号"
PLANTED_NO_ID: Final = "未填身份证号"
_PLANTED_HEADER = ("干部编号", "重复录入编号", "类型", "说明")
_FIELD = {name: k for k, name in enumerate(_CADRE_FIELDS)}


def _plan_duplicates(cadres: int, duplicates: int, rng: random.Random) -> list[tuple[int, str]]:
    """Which cadres are entered again, in the order their copies are written, and how: half
    (rounded up) with their ID number, the rest without."""
    originals = rng.sample(range(cadres), duplicates)
    kinds = [PLANTED_SAME_ID] * math.ceil(duplicates / 2)
    kinds += [PLANTED_NO_ID] * (duplicates - len(kinds))
    rng.shuffle(kinds)
    return list(zip(originals, kinds, strict=True))


def _copy(row: list[str], kind: str, old_number: bool, rng: random.Random) -> tuple[list[str], str]:
    """The row a second list would hold for the same person, and a note on how it differs.

    Another clerk writes the birth to the month in a style of their own; a copy without an
    ID number still shares the name, sex and birth month, and the former unit or the address
    (a unit's list has no address, a community's no former unit), as the finder needs."""
    copy = row.copy()
    born = re.match(r"(\d{4})\D(\d{1,2})", row[_FIELD["birth_date"]])
    assert born is not None  # written by _People.write: 1958.03, 1958-03-12, 1958年3月 …
    y, m = int(born[1]), int(born[2])
    copy[_FIELD["birth_date"]] = _month_texts()[int(rng.random() * 3)][y * 12 + m - 1 - _MI_BASE]
    number = row[_FIELD["id_number"]]
    if kind == PLANTED_SAME_ID:
        if old_number:
            # A list kept since before the 18-digit numbers (GB 11643-1999) holds the old
            # form: no century, no check character. The import upgrades it.
            copy[_FIELD["id_number"]] = number[:6] + number[8:17]
            return copy, "重复记录为15位旧号"
        return copy, ""
    copy[_FIELD["id_number"]] = ""
    unit, address = row[_FIELD["former_unit_id"]], row[_FIELD["address"]]
    x = rng.random()
    if unit and address and x < 1 / 3:
        copy[_FIELD["address"]] = ""
        address = ""
    elif unit and address and x < 2 / 3:
        copy[_FIELD["former_unit_id"]] = copy[_FIELD["former_post"]] = ""
        unit = ""
    if rng.random() < 0.5:
        copy[_FIELD["phone"]] = ""
    shared = "、".join(label for label, v in (("原单位", unit), ("居住地址", address)) if v)
    return copy, f"姓名、性别、出生年月、{shared}相同"


def _plant_duplicates(
    people: _People, table: _Table, plan: Sequence[tuple[int, str]], rng: random.Random
) -> list[tuple[str, str, str, str]]:
    """Write the planted copies at the end of the cadres' table, as a county appending a
    unit's or community's list would, under new ids that nobody refers to; return the rows
    of :data:`PLANTED_DUPLICATES`."""
    listed = []
    same_id = 0
    for k, (i, kind) in enumerate(plan):
        cid = people.cid(people.county.n + k)
        old_number = False
        if kind == PLANTED_SAME_ID:
            same_id += 1
            old_number = same_id % 2 == 0  # every second one
        copy, note = _copy(people.kept[i], kind, old_number, rng)
        copy[_FIELD["id"]] = cid
        table.row(copy)
        listed.append((people.cid(i), cid, kind, note))
    return listed


def _write_planted(out: Path, listed: Iterable[tuple[str, str, str, str]]) -> None:
    """Write :data:`PLANTED_DUPLICATES` as the tables are written: UTF-8 with BOM, CRLF."""
    target = out / PLANTED_DUPLICATES
    make_folder(target.parent)
    with AtomicFile(target, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(_PLANTED_HEADER)
        writer.writerows(listed)


# -- entry point ----------------------------------------------------------------------------


def generate_sample(
    out: Path,
    *,
    cadres: int = 3000,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
    records: bool = True,
    overwrite: bool = False,
    duplicates: int = 0,
) -> dict[str, int]:
    """Write a synthetic county of ``cadres`` people into the folder ``out``.

    One ``<table>.csv`` per table of :data:`laoganbu.io.tables.SCHEMAS`, UTF-8 with BOM and
    Chinese headers, the service records as ``records.csv`` (the ledger of 2026 up to
    :data:`SAMPLE_AS_OF`: about 18 rows a cadre); :func:`laoganbu.read_roster` reads the
    folder back with no problem reported. The same ``cadres`` and ``seed`` always write the
    same bytes. At the base size (3,000) the county has 1 + 25 + 213 grids, 1 党工委, 2 党总支
    and 52 党支部 holding about 1,700 Party members, ~30 离休 cadres and their survivors, four
    volunteer teams and two collaboration groups; larger counties get more level-3 grids,
    branches (at most 50 members each) and teams in proportion. About 0.4 % of the living
    退休 cadres moved away within 2026 and 0.3 % arrived (``transfers.csv``; their services
    in the ledger are those of the days in the county's care), and 0.3 % of the Party members'
    relations moved (组织关系转接). The living 离休 cadres and the 退休 cadres in 双高期 have
    一人一策 plans (``care_plans``), their services in the ledger, with five gaps planted.

    Args:
        out: the folder to write; created if missing. It must be empty unless ``overwrite``.
            Each file is written atomically (see :mod:`laoganbu.io.files`).
        cadres: how many people the cadre table holds (离休, 退休 and 遗属), at least 1.
        seed: the random seed.
        records: write ``records.csv`` too.
        progress: called with the number of cadre rows written so far, every 10,000 rows and
            once at the end.
        overwrite: write into a folder that holds files already; files of the same names are
            replaced, others left alone.
        duplicates: how many of the people to enter a second time, to try the duplicate
            finder (:func:`laoganbu.registry.find_duplicates`) on: half of them (rounded up)
            with the same ID number under a new record id, every second of those with the
            number's 15-digit form; the others with the ID number left blank and the same
            name, sex, birth month and former unit or address. The copies come after the
            county's cadres, under ids that follow theirs (``C03001`` …), and nothing refers
            to them; :data:`PLANTED_DUPLICATES` lists each pair (``干部编号``, the original;
            ``重复录入编号``, the copy; ``类型``, :data:`PLANTED_SAME_ID` or
            :data:`PLANTED_NO_ID`; ``说明``). With 0, the default, the files are those written
            without this option, byte for byte.

    Returns:
        The number of rows written per table (child tables such as ``contacts`` included);
        the cadres' count includes the planted copies.

    Raises:
        OutputExistsError: ``out`` is not empty and ``overwrite`` is false.
        InvalidValueError: ``duplicates`` is negative or more than ``cadres``.
    """
    if cadres < 1:
        raise InvalidValueError("cadres must be at least 1 / 人数至少为1")
    if not 0 <= duplicates <= cadres:
        raise InvalidValueError(
            f"duplicates must be from 0 to the number of cadres ({cadres}), not {duplicates}"
            " / 重复录入人数应在0与干部人数之间"
        )
    out = check_target(out, overwrite=overwrite, folder=True)
    make_folder(out)

    def stream(part: str) -> random.Random:
        return random.Random(f"laoganbu-sample/{seed}/{part}")

    county = _County(cadres, stream("county"))
    counts = _write_structure(county, out, stream("structure"))
    n_lixiu = max(2, round(cadres * 0.011)) if cadres >= 20 else 0
    n_dead = n_lixiu // 2
    n_survivors = max(1, round(n_dead * 0.6)) if n_dead else 0
    rng = stream("cadres")
    dead = set(rng.sample(range(n_lixiu), n_dead))
    survivor_rng = stream("survivors")
    fields = ("id", "cadre_id", "kind", "date", "program_id", "event_id")
    if not records:
        (out / "records.csv").unlink(missing_ok=True)  # a ledger of an earlier run
    record_table = (
        _Table(out, "service_records", fields, file_name="records.csv") if records else None
    )
    # Drawn from a stream of their own, so that the county itself is the same either way.
    plan = _plan_duplicates(cadres, duplicates, stream("duplicates")) if duplicates else []
    if not plan:
        # The list of an earlier run would name copies that are not there.
        with contextlib.suppress(OSError):
            (out / PLANTED_DUPLICATES).unlink()
            (out / PLANTED_DUPLICATES).parent.rmdir()  # only if nothing else is in it
    with (
        record_table or contextlib.nullcontext(),
        _Table(out, "cadres", _CADRE_FIELDS) as cadre_table,
        _Table(out, "contacts", ("cadre_id", "name", "relation", "phone")) as contact_table,
        _Table(out, "life_events", ("id", "cadre_id", "kind", "date", "notes")) as event_table,
        _Table(out, "transfers", TRANSFER_FIELDS) as transfer_table,
    ):
        ledger = _Ledger(record_table, stream("records")) if record_table else None
        moves = _Moves(transfer_table, stream("transfers"))
        people = _People(county, rng, cadre_table, contact_table, event_table, ledger, moves)
        people.keep = frozenset(i for i, _kind in plan)
        people.care = _Care(county, stream("care"))
        first_survivor = cadres - n_survivors
        for i in range(cadres):
            if i < n_lixiu:
                people.write(i, CadreKind.LIXIU, dead=i in dead)
            elif i < first_survivor:
                people.write(i, CadreKind.TUIXIU)
            else:
                k = i - first_survivor
                order = people.deceased_lixiu
                if k == 0:
                    survivor_rng.shuffle(order)
                people.write(i, CadreKind.SURVIVOR, of=order[k])
            if progress is not None and (i + 1) % _PROGRESS_EVERY == 0:
                progress(i + 1)
        if progress is not None and cadres % _PROGRESS_EVERY:
            progress(cadres)
        if ledger is not None:
            _political_records(ledger, stream("political"))
        planted = _plant_duplicates(people, cadre_table, plan, stream("duplicates/copies"))
        counts["cadres"] = cadre_table.count
        counts["contacts"] = contact_table.count
        counts["life_events"] = event_table.count
        counts["transfers"] = transfer_table.count
        if record_table is not None:
            counts["service_records"] = record_table.count
    counts.update(_write_organizations(county, out, people, stream("organizations")))
    counts.update(_write_teams(county, out, people, stream("teams")))
    counts.update(_write_supports(county, out, stream("supports")))
    counts.update(_write_payments(people, out, stream("payments")))
    counts.update(_write_requests(people, out, stream("requests")))
    counts.update(
        _write_care_plans(out, cadres, stream("care_plans"), counts.get("service_records"))
    )
    if planted:
        _write_planted(out, planted)
    return {name: counts[name] for name in SCHEMAS if name in counts}
