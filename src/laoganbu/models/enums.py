"""The vocabulary of veteran-cadre work, each term with its Chinese label.

Codes are stable English identifiers; labels are what Chinese users see; aliases are other
ways offices write the same thing. See the glossary in the documentation.
"""

from __future__ import annotations

from laoganbu.labels import LabeledEnum

__all__ = [
    "AffinityBasis",
    "BranchKind",
    "Cadence",
    "CadreKind",
    "CareLevel",
    "CarePlanStatus",
    "CommitteeRole",
    "Ethnicity",
    "FundingSource",
    "HealthStatus",
    "LifeEventKind",
    "MeetingKind",
    "OrganizationLevel",
    "PaymentKind",
    "Rank",
    "RequestCategory",
    "RequestChannel",
    "RequestStatus",
    "Requester",
    "Satisfaction",
    "ServiceKind",
    "SetupMode",
    "Sex",
    "SupportKind",
    "TransferDirection",
    "TransferKind",
    "UnitKind",
    "VolunteerTeamKind",
]


class Sex(LabeledEnum):
    """性别 — sex as recorded."""

    MALE = ("male", "男", "m")
    FEMALE = ("female", "女", "f")


class CadreKind(LabeledEnum):
    """人员类别 — 离休干部, 退休干部, or the survivor (遗属) of a deceased 离休干部."""

    LIXIU = ("lixiu", "离休", "离休干部", "retired_before_1949")
    TUIXIU = ("tuixiu", "退休", "退休干部", "retired")
    SURVIVOR = ("survivor", "遗属", "离休干部遗属")


class Rank(LabeledEnum):
    """职级 — the rank a cadre held, also used for 待遇级别 (treatment level)."""

    PROVINCIAL_CHIEF = ("provincial_chief", "省部级正职", "正部级", "正省级")
    PROVINCIAL_DEPUTY = ("provincial_deputy", "省部级副职", "副部级", "副省级")
    BUREAU_CHIEF = ("bureau_chief", "厅局级正职", "正厅级", "正局级")
    BUREAU_DEPUTY = ("bureau_deputy", "厅局级副职", "副厅级", "副局级")
    COUNTY_CHIEF = ("county_chief", "县处级正职", "正处级", "正县级")
    COUNTY_DEPUTY = ("county_deputy", "县处级副职", "副处级", "副县级")
    SECTION_CHIEF = ("section_chief", "乡科级正职", "正科级")
    SECTION_DEPUTY = ("section_deputy", "乡科级副职", "副科级")
    STAFF = ("staff", "科员及以下", "科员", "办事员")


class HealthStatus(LabeledEnum, personal=True):
    """健康状况 — sensitive personal information."""

    GOOD = ("good", "健康", "良好")
    FAIR = ("fair", "基本健康", "一般")
    CHRONIC = ("chronic", "患慢性病", "慢性病", "患病")
    SERIOUS = ("serious", "重病", "大病", "病重")


class CareLevel(LabeledEnum, personal=True):
    """护理等级 — how far a cadre can look after themself."""

    SELF_CARE = ("self_care", "能自理", "自理", "无")
    PARTIAL = ("partial", "部分不能自理", "半失能")
    FULL = ("full", "完全不能自理", "失能", "长期完全不能自理")


class UnitKind(LabeledEnum):
    """单位类型 — the kind of work unit."""

    ORGAN = ("organ", "党政机关", "机关")
    INSTITUTION = ("institution", "事业单位")
    ENTERPRISE = ("enterprise", "国有企业", "企业")
    TOWNSHIP = ("township", "乡镇", "乡镇（街道）", "街道")
    COMMUNITY = ("community", "社区")
    VILLAGE = ("village", "村")
    BUREAU = ("bureau", "老干部局", "老干部工作部门")
    OTHER = ("other", "其他")


class OrganizationLevel(LabeledEnum):
    """党组织层级 — from the working committee down to the Party group."""

    WORKING_COMMITTEE = ("working_committee", "党工委", "离退休干部党工委")
    COMMITTEE = ("committee", "党委", "基层党委")
    GENERAL_BRANCH = ("general_branch", "党总支", "总支")
    BRANCH = ("branch", "党支部", "支部")
    GROUP = ("group", "党小组", "小组")


class SetupMode(LabeledEnum):
    """组建方式 — how a retired cadres' Party organisation was set up."""

    SINGLE_UNIT = ("single_unit", "单独组建", "单建")
    JOINT = ("joint", "联合组建", "联建")
    COMMUNITY = ("community", "依托社区")
    SENIOR_UNIVERSITY = ("senior_university", "依托老年大学")
    ACTIVITY_CENTRE = ("activity_centre", "依托活动中心", "依托老干部活动中心")


class BranchKind(LabeledEnum):
    """支部类型 — the kinds Xinzhou names; a locality may use only some."""

    UNIT = ("unit", "单位支部", "机关支部")
    TEAM = ("team", "团队支部", "兴趣团队支部")
    MOBILE = ("mobile", "流动支部", "流动党员支部")
    ONLINE = ("online", "网宣支部", "网络支部")
    COMMUNITY = ("community", "社区支部")
    RURAL = ("rural", "农村支部")


class AffinityBasis(LabeledEnum):
    """组建依据 — organised by place, interest or former trade (地缘/趣缘/业缘)."""

    PLACE = ("place", "地缘")
    INTEREST = ("interest", "趣缘")
    TRADE = ("trade", "业缘")


class CommitteeRole(LabeledEnum):
    """支委分工 — roles on a branch committee."""

    SECRETARY = ("secretary", "书记")
    DEPUTY_SECRETARY = ("deputy_secretary", "副书记")
    ORGANIZATION = ("organization", "组织委员")
    PUBLICITY = ("publicity", "宣传委员")
    DISCIPLINE = ("discipline", "纪检委员")
    MEMBER = ("member", "委员")
    GROUP_LEADER = ("group_leader", "党小组长", "组长")


class MeetingKind(LabeledEnum):
    """组织生活类型 — "三会一课" and the other duties of a branch."""

    GENERAL_MEETING = ("general_meeting", "支部党员大会", "党员大会")
    COMMITTEE_MEETING = ("committee_meeting", "支部委员会会议", "支委会")
    GROUP_MEETING = ("group_meeting", "党小组会", "党小组会议")
    PARTY_LECTURE = ("party_lecture", "党课")
    THEME_DAY = ("theme_day", "主题党日", "主题党日活动")
    LIFE_MEETING = ("life_meeting", "组织生活会")
    MEMBER_REVIEW = ("member_review", "民主评议党员", "民主评议")


class ServiceKind(LabeledEnum):
    """服务类型 — what was done for a cadre."""

    PHONE_CALL = ("phone_call", "电话问候", "电话")
    HOME_VISIT = ("home_visit", "走访", "上门走访", "走访慰问")
    HEALTH_CHECK = ("health_check", "体检", "健康体检")
    PAYMENT = ("payment", "慰问金", "发放", "补助发放")
    DELIVER_LEARNING = ("deliver_learning", "送学习")
    DELIVER_MEDICAL = ("deliver_medical", "送医疗")
    DELIVER_COMFORT = ("deliver_comfort", "送慰藉")
    DELIVER_SERVICE = ("deliver_service", "送服务")
    DELIVER_WARMTH = ("deliver_warmth", "送温馨")
    DELIVER_HEALTH = ("deliver_health", "送健康")
    CONDOLENCE = ("condolence", "吊唁慰问", "吊唁")
    FUNERAL_HELP = ("funeral_help", "协助料理后事", "料理后事", "协助办理丧事")
    BEREAVEMENT_PAYMENT = ("bereavement_payment", "丧葬抚恤", "丧葬费", "抚恤金", "丧葬补助")
    # 政治待遇 — political treatment: what laoganbu.political counts.
    DOCUMENT_READING = ("document_reading", "阅文", "阅读文件", "组织阅文", "阅读文件资料")
    BRIEFING = ("briefing", "情况通报会", "情况通报", "通报会", "听取情况通报", "形势报告会")
    STUDY_VISIT = ("study_visit", "参观考察", "参观", "考察", "参观学习", "外出参观考察")
    IMPORTANT_EVENT = (
        "important_event",
        "参加重要会议和活动",
        "重要会议",
        "重要活动",
        "重大活动",
        "庆典",
        "重要会议和重大活动",
        "参加重要会议和重大活动",
    )
    OTHER = ("other", "其他服务")


class LifeEventKind(LabeledEnum):
    """生活事件 — events that trigger a visit (e.g. Wenxi's 四必访)."""

    HOSPITALISATION = ("hospitalisation", "生病住院", "住院")
    MAJOR_FAMILY_EVENT = ("major_family_event", "家有大事", "家庭大事")
    HARDSHIP = ("hardship", "特殊困难", "困难")
    DEATH = ("death", "去世", "逝世")
    RELOCATION = ("relocation", "易地安置", "迁居")
    BIRTHDAY = ("birthday", "生日", "寿辰")
    OTHER = ("other", "其他事件")


class TransferDirection(LabeledEnum):
    """转移方向 — out of the bureau's care, or into it."""

    OUT = ("out", "转出", "迁出", "转往")
    IN = ("in", "转入", "迁入", "接收")


class TransferKind(LabeledEnum):
    """转移类型 — what moves with a cadre who moves to another area.

    ``management``: the cadre's management and services (管理服务关系) move, and with them the
    Party relation and the grid; ``party``: only the Party organisation relation (组织关系)
    moves, the services stay.
    """

    MANAGEMENT = ("management", "管理服务关系转移", "管理关系转移", "服务关系转移")
    PARTY = ("party", "组织关系转接", "党组织关系转接", "组织关系转移")


class VolunteerTeamKind(LabeledEnum):
    """志愿团队类型 — the kinds of teams through which retired cadres play a role."""

    LECTURE = ("lecture", "宣讲团", "宣讲队")
    VOLUNTEER = ("volunteer", "志愿服务队", "志愿团", "志愿队")
    EXPERT = ("expert", "老专家团", "专家团", "专家服务团")
    STUDIO = ("studio", "老党员工作室")
    INSTRUCTOR = ("instructor", "党建指导员")
    CULTURE = ("culture", "文体团队", "文艺队")


class SupportKind(LabeledEnum):
    """帮扶类型 — support a bureau gives a branch or grid (Wenxi's 三帮扶)."""

    VENUE = ("venue", "帮建阵地", "阵地", "阵地建设")
    ACTIVITY = ("activity", "帮搞活动", "活动")
    EQUIPMENT = ("equipment", "帮配设施", "设施", "配备设施")
    OTHER = ("other", "其他帮扶")


class PaymentKind(LabeledEnum):
    """发放类型 — what a payment to a cadre or survivor is (待遇发放台账).

    离休费 and 医药费 are the 两费 that must never fall into arrears; a locality's own kinds of
    money are recorded as ``other`` with the item named (``Payment.item``).
    """

    LIXIU_PAY = ("lixiu_pay", "离休费", "基本离休费")
    MEDICAL = ("medical", "医药费", "医药费报销", "医疗费")
    LIVING_ALLOWANCE = ("living_allowance", "生活补贴", "离休干部生活补贴")
    NURSING_FEE = ("nursing_fee", "护理费")
    CONDOLENCE_MONEY = ("condolence_money", "慰问金", "走访慰问金")
    HARDSHIP_AID = ("hardship_aid", "困难补助", "帮困补助", "生活困难补助")
    SURVIVOR_AID = ("survivor_aid", "遗属生活困难补助", "遗属补助", "遗属困难补助")
    FUNERAL = ("funeral", "丧葬抚恤", "丧葬费", "抚恤金", "丧葬补助费")
    OTHER = ("other", "其他", "其他发放")


class FundingSource(LabeledEnum):
    """资金来源 — who pays, which says which of the 三个机制 answers for it: the unit
    (单位尽责), social pooling (社会统筹: pension and medical insurance funds) or public finance
    (财政保障)."""

    UNIT = ("unit", "单位", "原单位", "单位尽责")
    PENSION_FUND = ("pension_fund", "社保", "养老保险", "社会保险")
    MEDICAL_INSURANCE = ("medical_insurance", "医保", "医疗保险")
    FINANCE = ("finance", "财政", "财政保障", "财政支持")
    OTHER = ("other", "其他来源")


class RequestChannel(LabeledEnum):
    """诉求渠道 — how a request reached the bureau (您点单、我服务; 信访)."""

    PHONE = ("phone", "电话", "来电", "热线电话")
    VISIT = ("visit", "来访", "上门反映", "当面反映")
    GRID_WORKER = ("grid_worker", "网格员", "网格员反映", "网格员代办")
    APP = ("app", "线上", "网上", "小程序", "手机应用")
    LETTER = ("letter", "信访", "来信", "信件")
    OTHER = ("other", "其他渠道")


class Requester(LabeledEnum):
    """诉求提出人 — who asked: the cadre, a survivor (遗属), or a relative on their behalf."""

    CADRE = ("cadre", "本人", "干部本人")
    SURVIVOR = ("survivor", "遗属")
    RELATIVE = ("relative", "亲属", "家属", "子女")
    OTHER = ("other", "其他人员", "代办人")


class RequestCategory(LabeledEnum):
    """诉求类别 — what a request is about; a locality's finer categories are written as
    ``other`` with the matter described."""

    DAILY_CARE = ("daily_care", "生活照料", "生活服务", "家政服务")
    MEDICAL = ("medical", "医疗保健", "就医", "看病就医", "医疗")
    TREATMENT = ("treatment", "待遇落实", "待遇", "两费")
    HOUSING = ("housing", "住房", "住房维修")
    ACTIVITIES = ("activities", "学习活动", "文体活动", "老年大学")
    FAMILY = ("family", "家庭事务", "家庭纠纷")
    POLICY = ("policy", "政策咨询", "咨询")
    SUGGESTION = ("suggestion", "意见建议", "建言献策", "建议")
    OTHER = ("other", "其他诉求")


class RequestStatus(LabeledEnum):
    """办理状态 — received → assigned → in progress → resolved / referred / closed unresolved."""

    RECEIVED = ("received", "已受理", "受理")
    ASSIGNED = ("assigned", "已交办", "交办")
    IN_PROGRESS = ("in_progress", "办理中", "正在办理")
    RESOLVED = ("resolved", "已办结", "办结", "已解决")
    REFERRED = ("referred", "已转办", "转办", "转交")
    CLOSED_UNRESOLVED = ("closed_unresolved", "未解决办结", "未解决", "无法解决")

    @property
    def closed(self) -> bool:
        """Whether the request is finished with (resolved, referred or closed unresolved)."""
        return self in _CLOSED_REQUESTS


_CLOSED_REQUESTS = frozenset(
    {RequestStatus.RESOLVED, RequestStatus.REFERRED, RequestStatus.CLOSED_UNRESOLVED}
)


class Satisfaction(LabeledEnum):
    """满意度 — the cadre's answer when the request is closed."""

    SATISFIED = ("satisfied", "满意", "很满意", "非常满意")
    FAIRLY = ("fairly", "基本满意", "比较满意")
    DISSATISFIED = ("dissatisfied", "不满意")


class Ethnicity(LabeledEnum):
    """民族 — the 56 ethnic groups in GB/T 3304 order, plus 其他 and 外国血统."""

    HAN = ("han", "汉族", "汉", "01")
    MONGOL = ("mongol", "蒙古族", "蒙古", "02")
    HUI = ("hui", "回族", "回", "03")
    ZANG = ("zang", "藏族", "藏", "04", "tibetan")
    UYGUR = ("uygur", "维吾尔族", "维吾尔", "05")
    MIAO = ("miao", "苗族", "苗", "06")
    YI = ("yi", "彝族", "彝", "07")
    ZHUANG = ("zhuang", "壮族", "壮", "08")
    BUYEI = ("buyei", "布依族", "布依", "09")
    CHOSEN = ("chosen", "朝鲜族", "朝鲜", "10", "korean")
    MAN = ("man", "满族", "满", "11", "manchu")
    DONG = ("dong", "侗族", "侗", "12")
    YAO = ("yao", "瑶族", "瑶", "13")
    BAI = ("bai", "白族", "白", "14")
    TUJIA = ("tujia", "土家族", "土家", "15")
    HANI = ("hani", "哈尼族", "哈尼", "16")
    KAZAK = ("kazak", "哈萨克族", "哈萨克", "17")
    DAI = ("dai", "傣族", "傣", "18")
    LI = ("li", "黎族", "黎", "19")
    LISU = ("lisu", "傈僳族", "傈僳", "20")
    VA = ("va", "佤族", "佤", "21")
    SHE = ("she", "畲族", "畲", "22")
    GAOSHAN = ("gaoshan", "高山族", "高山", "23")
    LAHU = ("lahu", "拉祜族", "拉祜", "24")
    SUI = ("sui", "水族", "水", "25")
    DONGXIANG = ("dongxiang", "东乡族", "东乡", "26")
    NAXI = ("naxi", "纳西族", "纳西", "27")
    JINGPO = ("jingpo", "景颇族", "景颇", "28")
    KIRGIZ = ("kirgiz", "柯尔克孜族", "柯尔克孜", "29")
    TU = ("tu", "土族", "土", "30")
    DAUR = ("daur", "达斡尔族", "达斡尔", "31")
    MULAO = ("mulao", "仫佬族", "仫佬", "32")
    QIANG = ("qiang", "羌族", "羌", "33")
    BLANG = ("blang", "布朗族", "布朗", "34")
    SALAR = ("salar", "撒拉族", "撒拉", "35")
    MAONAN = ("maonan", "毛南族", "毛南", "36")
    GELAO = ("gelao", "仡佬族", "仡佬", "37")
    XIBE = ("xibe", "锡伯族", "锡伯", "38")
    ACHANG = ("achang", "阿昌族", "阿昌", "39")
    PUMI = ("pumi", "普米族", "普米", "40")
    TAJIK = ("tajik", "塔吉克族", "塔吉克", "41")
    NU = ("nu", "怒族", "怒", "42")
    UZBEK = ("uzbek", "乌孜别克族", "乌孜别克", "43")
    RUSS = ("russ", "俄罗斯族", "俄罗斯", "44")
    EWENKI = ("ewenki", "鄂温克族", "鄂温克", "45")
    DEANG = ("deang", "德昂族", "德昂", "46")
    BONAN = ("bonan", "保安族", "保安", "47")
    YUGUR = ("yugur", "裕固族", "裕固", "48")
    GIN = ("gin", "京族", "京", "49")
    TATAR = ("tatar", "塔塔尔族", "塔塔尔", "50")
    DERUNG = ("derung", "独龙族", "独龙", "51")
    OROQEN = ("oroqen", "鄂伦春族", "鄂伦春", "52")
    HEZHEN = ("hezhen", "赫哲族", "赫哲", "53")
    MONBA = ("monba", "门巴族", "门巴", "54")
    LHOBA = ("lhoba", "珞巴族", "珞巴", "55")
    JINO = ("jino", "基诺族", "基诺", "56")
    OTHER = ("other", "其他", "97")
    FOREIGN_ORIGIN = ("foreign_origin", "外国血统中国籍人士", "外国血统", "98")


class Cadence(LabeledEnum):
    """周期 — how often a service is due: once (or a given number of times) in every calendar
    month, quarter or year; programmes and the measures of a 一人一策 plan say it alike."""

    MONTH = ("month", "每月", "月度", "monthly")
    QUARTER = ("quarter", "每季度", "每季", "季度", "quarterly")
    YEAR = ("year", "每年", "年度", "yearly")


class CarePlanStatus(LabeledEnum):
    """方案状态 — whether a 一人一策 plan is still followed or has ended (replaced by another,
    the cadre died or moved away)."""

    IN_FORCE = ("in_force", "执行中", "在执行", "有效")
    ENDED = ("ended", "已终止", "终止", "已停止")
