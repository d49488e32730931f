from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Where an applicant stands in the 发展党员 procedure (发展党员工作细则, 2014)."""

    APPLICANT = "applicant", _("入党申请人")
    ACTIVIST = "activist", _("入党积极分子")
    CANDIDATE = "candidate", _("发展对象")
    PROBATIONARY = "probationary", _("预备党员")
    FULL = "full", _("正式党员")
    STOPPED = "stopped", _("已终止")


class Step(models.TextChoices):
    """A dated step of the procedure, in its order."""

    TALK = "talk", _("谈话")
    ACTIVIST = "activist", _("确定为入党积极分子")
    EXAMINATION = "examination", _("半年考察")
    CANDIDATE = "candidate", _("列为发展对象")
    INTRODUCERS = "introducers", _("确定入党介绍人")
    REVIEW = "review", _("政治审查")
    TRAINING = "training", _("集中培训")
    COMMITTEE = "committee", _("支委会审查")
    PREREVIEW = "prereview", _("上级党委预审")
    NOTICE = "notice", _("公示")
    ASSEMBLY = "assembly", _("支部大会讨论")
    APPROVAL = "approval", _("上级党委审批")
    CONVERSION = "conversion", _("转正")
    EXTENSION = "extension", _("延长预备期")
    STOP = "stop", _("终止（取消预备党员资格或停止发展）")
