from django.db import models
from django.utils.translation import gettext_lazy as _


class CareKind(models.TextChoices):
    VISIT = "visit", _("走访看望")
    CONDOLENCE = "condolence", _("节日慰问")
    ACTIVITY = "activity", _("文体、参观活动")


class Occasion(models.TextChoices):
    SPRING_FESTIVAL = "spring_festival", _("春节")
    LABOUR_DAY = "labour_day", _("“五一”国际劳动节")
    PARTY_DAY = "party_day", _("“七一”建党节")
    DOUBLE_NINTH = "double_ninth", _("“九九”重阳节")
    ILLNESS = "illness", _("生病住院")
    OTHER = "other", _("其他")


class AidStatus(models.TextChoices):
    PENDING = "pending", _("待决定")
    GRANTED = "granted", _("已帮扶")
    DECLINED = "declined", _("不予帮扶")
