from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DEPARTMENT_OF_JUSTICE = "department_of_justice", _("司法厅")
    BUREAU = "bureau", _("司法局")
    COURT = "court", _("法院")
    DEPARTMENT = "department", _("内设科室")
    JUDICIAL_OFFICE = "judicial_office", _("司法所")
    NOTARY_OFFICE = "notary_office", _("公证处")
    LEGAL_AID_CENTER = "legal_aid_center", _("法律援助中心")
    LAW_FIRM = "law_firm", _("律师事务所")
    LEGAL_SERVICE_OFFICE = "legal_service_office", _("法律服务所")
    TRIBUNAL = "tribunal", _("人民法庭")
    ASSOCIATION = "association", _("协会")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Education(models.TextChoices):
    POSTGRADUATE = "postgraduate", _("研究生")
    BACHELOR = "bachelor", _("大学本科")
    JUNIOR_COLLEGE = "junior_college", _("大学专科")
    SECONDARY = "secondary", _("中专")
    HIGH_SCHOOL = "high_school", _("高中")
    BELOW = "below", _("初中及以下")


class PoliticalStatus(models.TextChoices):
    PARTY_MEMBER = "party_member", _("中共党员")
    PROBATIONARY = "probationary", _("中共预备党员")
    LEAGUE_MEMBER = "league_member", _("共青团员")
    DEMOCRATIC_PARTY = "democratic_party", _("民主党派")
    MASSES = "masses", _("群众")


PARTY_STATUSES = (PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY)

# The 56 ethnic groups, as a 花名册 writes them.
ETHNICITIES = [
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
]
ETHNICITY_CHOICES = [(name, name) for name in ETHNICITIES]
