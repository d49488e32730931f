from django.db import models
from django.utils.translation import gettext_lazy as _


class BusinessLine(models.TextChoices):
    NOTARY = "notary", _("公证")
    LAWYERS = "lawyers", _("律师与法律服务")
    LEGAL_AID = "legal_aid", _("法律援助")
    MEDIATION = "mediation", _("人民调解")
    CORRECTION = "correction", _("社区矫正")
    RESETTLEMENT = "resettlement", _("安置帮教")
    FORENSIC = "forensic", _("司法鉴定")
    PUBLICITY = "publicity", _("普法")


class TimeAggregation(models.TextChoices):
    SUM = "sum", _("期间合计")
    PERIOD_END = "period_end", _("期末值")
