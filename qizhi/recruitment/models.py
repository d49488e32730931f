"""The 发展党员 procedure: one applicant's dated steps from the application to full membership."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.core.models import TrackedModel
from qizhi.recruitment.choices import Stage

OPEN_STAGES = (Stage.APPLICANT, Stage.ACTIVIST, Stage.CANDIDATE, Stage.PROBATIONARY)


def _member(label, related_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        "party.Membership", verbose_name=label, null=True, blank=True, on_delete=models.PROTECT,
        related_name=related_name,
    )  # fmt: skip


def _not_before(later: str, earlier: str, message) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{later}__isnull": True})
        | Q(**{f"{earlier}__isnull": True})
        | Q(**{f"{later}__gte": F(earlier)}),
        name=f"%(app_label)s_%(class)s_{later}_after_{earlier}",
        violation_error_message=message,
    )


class Applicant(TrackedModel):
    """An 入党申请人 and the dated steps of their way into the party (发展党员档案)."""

    person = models.ForeignKey(
        "org.Person", verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="party_applications"
    )
    branch = models.ForeignKey(
        "party.PartyOrg", verbose_name=_("所在党支部"), on_delete=models.PROTECT, related_name="applicants"
    )
    stage = models.CharField(
        _("所处阶段"), max_length=20, choices=Stage.choices, default=Stage.APPLICANT, editable=False
    )
    applied_on = models.DateField(_("递交入党申请书日期"))
    talked_on = models.DateField(_("谈话日期"), null=True, blank=True, editable=False)
    talked_by = models.CharField(_("谈话人"), max_length=60, blank=True, editable=False)
    activist_on = models.DateField(_("确定为入党积极分子日期"), null=True, blank=True, editable=False)
    contact_1 = _member(_("培养联系人"), "+")
    contact_2 = _member(_("培养联系人（二）"), "+")
    examined_on = models.DateField(_("最近一次考察日期"), null=True, blank=True, editable=False)
    candidate_on = models.DateField(_("列为发展对象日期"), null=True, blank=True, editable=False)
    introducer_1 = _member(_("入党介绍人"), "+")
    introducer_2 = _member(_("入党介绍人（二）"), "+")
    introduced_on = models.DateField(_("确定入党介绍人日期"), null=True, blank=True, editable=False)
    reviewed_on = models.DateField(_("政治审查日期"), null=True, blank=True, editable=False)
    training_hours = models.PositiveSmallIntegerField(
        _("集中培训学时"), null=True, blank=True, editable=False, validators=[MaxValueValidator(1000)]
    )
    trained_on = models.DateField(_("培训结业日期"), null=True, blank=True, editable=False)
    committee_on = models.DateField(_("支委会审查日期"), null=True, blank=True, editable=False)
    prereviewed_on = models.DateField(_("上级党委预审日期"), null=True, blank=True, editable=False)
    notice_from = models.DateField(_("公示开始"), null=True, blank=True, editable=False)
    notice_to = models.DateField(_("公示结束"), null=True, blank=True, editable=False)
    assembly_on = models.DateField(_("支部大会日期"), null=True, blank=True, editable=False)
    voters = models.PositiveSmallIntegerField(_("应到会有表决权的正式党员"), null=True, blank=True, editable=False)
    votes_for = models.PositiveSmallIntegerField(_("赞成"), null=True, blank=True, editable=False)
    votes_against = models.PositiveSmallIntegerField(_("反对"), null=True, blank=True, editable=False)
    votes_abstain = models.PositiveSmallIntegerField(_("弃权"), null=True, blank=True, editable=False)
    approved_on = models.DateField(_("上级党委审批日期"), null=True, blank=True, editable=False)
    membership = models.OneToOneField(
        "party.Membership", verbose_name=_("组织关系"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="application",
    )  # fmt: skip
    extended_to = models.DateField(_("预备期延长至"), null=True, blank=True, editable=False)
    converted_on = models.DateField(_("转正日期"), null=True, blank=True, editable=False)
    stopped_on = models.DateField(_("终止日期"), null=True, blank=True, editable=False)
    stop_reason = models.CharField(_("终止原因"), max_length=200, blank=True, editable=False)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_path: ClassVar[str] = "branch__unit__path"

    class Meta:
        ordering = ["branch__path", "applied_on", "pk"]
        verbose_name = _("发展党员")
        verbose_name_plural = _("发展党员")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(stage__in=OPEN_STAGES),
                name="%(app_label)s_%(class)s_one_open_application",
                violation_error_message=_("该同志已有一份正在进行的入党申请"),
            ),
            _not_before("talked_on", "applied_on", _("谈话日期不能早于申请日期")),
            _not_before("activist_on", "talked_on", _("确定为入党积极分子的日期不能早于谈话日期")),
            _not_before("candidate_on", "activist_on", _("列为发展对象的日期不能早于确定为入党积极分子的日期")),
            _not_before("assembly_on", "prereviewed_on", _("支部大会日期不能早于上级党委预审日期")),
            _not_before("approved_on", "assembly_on", _("审批日期不能早于支部大会日期")),
            models.CheckConstraint(
                condition=Q(voters__isnull=True)
                | Q(votes_for__isnull=True)
                | Q(voters__gte=F("votes_for") + F("votes_against") + F("votes_abstain")),
                name="%(app_label)s_%(class)s_votes_within_voters",
                violation_error_message=_("赞成、反对、弃权票数之和不能超过应到会有表决权的正式党员人数"),
            ),
        ]

    def __str__(self) -> str:
        return _("{person}（{stage}）").format(person=self.person, stage=self.get_stage_display())

    def get_absolute_url(self) -> str:
        return reverse("recruitment:applicant_detail", args=[self.pk])

    @property
    def open(self) -> bool:
        return self.stage in OPEN_STAGES
