"""Study plans and their materials, what each person studied, their reflections, and work logs."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.roles import Action
from qizhi.core import bounds
from qizhi.core.models import TrackedModel, UnitScopedModel
from qizhi.core.scoping import ScopedQuerySet, ancestor_paths
from qizhi.core.workflow import WorkflowMixin
from qizhi.study.choices import MaterialKind

MINUTES_IN_A_DAY = 24 * 60


class ParticipantQuerySet(ScopedQuerySet):
    """Scoped as usual, and a plan (or its materials) is also *visible* to the people it is for:
    the current members of its party organization or, for a unit-wide plan, the unit's staff — a
    member granted only on a 司法所 still reads the bureau branch's plan on their my-study page."""

    personal = True  # the plans of the user's own branch, group and unit
    plan_prefix = ""  # the lookup from this model to its plan

    def for_action(self, user, action: str):
        scoped = super().for_action(user, action)
        if action != Action.VIEW or not user.is_authenticated:
            return scoped
        from qizhi.org.models import Person, Unit
        from qizhi.party.models import Membership

        person = Person.objects.filter(user=user).values_list("unit__path", flat=True).first()
        if person is None:
            return scoped
        p = self.plan_prefix
        current = Membership.objects.filter(person__user=user, ended_on__isnull=True)
        ancestors = ancestor_paths(person, Unit.steplen)
        mine = (
            Q(**{f"{p}party_org__in": current.values("branch_id")})
            | Q(**{f"{p}party_org__in": current.exclude(group=None).values("group_id")})
            | Q(**{f"{p}party_org__isnull": True, f"{p}unit__path__in": ancestors})
        )
        return scoped | self.filter(mine)


class MaterialQuerySet(ParticipantQuerySet):
    plan_prefix = "plan__"


class PersonalQuerySet(ScopedQuerySet):
    """A person's own study records, reflections and work logs: scoped as usual, and always the
    owner's to read and change (a member granted on a 司法所 but kept on the 办公室's roll still
    keeps their own log). Acting for someone else needs APPROVE in study (``services.may_act_for``)."""

    personal = True  # the user's own records

    def for_action(self, user, action: str):
        scoped = super().for_action(user, action)
        if not user.is_authenticated or action not in (Action.VIEW, Action.CHANGE, Action.DELETE):
            return scoped
        return scoped | self.filter(person__user=user)


PersonalManager = models.Manager.from_queryset(PersonalQuerySet)


class StudyPlan(UnitScopedModel):
    """学习计划: what an organization's members are to study in a period (seed 004's appendix)."""

    title = models.CharField(_("计划名称"), max_length=200)
    party_org = models.ForeignKey(
        "party.PartyOrg",
        verbose_name=_("党组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="study_plans",
        help_text=_("留空则面向所属单位的全体在职人员"),
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("完成期限"))
    description = models.TextField(_("说明"), blank=True)

    objects = models.Manager.from_queryset(ParticipantQuerySet)()

    class Meta:
        ordering = ["-start_date", "-pk"]
        verbose_name = _("学习计划")
        verbose_name_plural = _("学习计划")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("完成期限不能早于开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("study:studyplan_detail", args=[self.pk])


class Material(TrackedModel):
    """One entry of a plan's 学习资料目录: a document, book, speech or video, required or optional."""

    plan = models.ForeignKey("study.StudyPlan", verbose_name=_("学习计划"), on_delete=models.CASCADE,
                             related_name="materials")  # fmt: skip
    number = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("资料名称"), max_length=300)
    kind = models.CharField(_("类型"), max_length=20, choices=MaterialKind.choices, default=MaterialKind.DOCUMENT)
    required = models.BooleanField(_("必学"), default=True)
    due_date = models.DateField(_("学习期限"), null=True, blank=True, help_text=_("留空则为计划的完成期限"))

    objects = models.Manager.from_queryset(MaterialQuerySet)()

    scope_path: ClassVar[str] = "plan__unit__path"

    class Meta:
        ordering = ["plan", "number", "pk"]
        verbose_name = _("学习资料")
        verbose_name_plural = _("学习资料")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="%(app_label)s_%(class)s_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def get_absolute_url(self) -> str:
        return self.plan.get_absolute_url() + f"#material-{self.pk}"

    @property
    def deadline(self):
        return self.due_date or self.plan.end_date


class StudyRecord(TrackedModel):
    """学习笔记: one sitting of a person's study — the material, the day, the minutes, the notes."""

    date_bounds: ClassVar[dict] = {"date": bounds.DONE}

    person = models.ForeignKey("org.Person", verbose_name=_("学习人"), on_delete=models.PROTECT,
                               related_name="study_records")  # fmt: skip
    material = models.ForeignKey(
        "study.Material", verbose_name=_("学习资料"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="records", help_text=_("自学内容可不选"),
    )  # fmt: skip
    date = models.DateField(_("学习日期"))
    minutes = models.PositiveSmallIntegerField(
        _("学习时长（分钟）"),
        validators=[
            MinValueValidator(1, _("学习时长至少1分钟")),
            MaxValueValidator(MINUTES_IN_A_DAY, _("学习时长不能超过一天24小时（1440分钟）")),
        ],
    )
    notes = models.TextField(_("学习笔记"), blank=True)

    objects = PersonalManager()

    scope_path: ClassVar[str] = "person__unit__path"

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("学习记录")
        verbose_name_plural = _("学习记录")
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0) & Q(minutes__lte=MINUTES_IN_A_DAY),
                name="%(app_label)s_%(class)s_minutes_in_a_day",
                violation_error_message=_("学习时长应在1至1440分钟之间"),
            ),
        ]
        indexes = [models.Index(fields=["person", "date"], name="study_record_person_date")]

    def __str__(self) -> str:
        what = self.material.title if self.material_id else _("自学")
        return _("{person}{date}学习{what}").format(
            person=self.person, date=self.date.strftime("%Y年%m月%d日"), what=what
        )

    def get_absolute_url(self) -> str:
        return reverse("study:studyrecord_detail", args=[self.pk])


class Reflection(WorkflowMixin, TrackedModel):
    """心得体会: a person's written reflection, submitted to and reviewed by the branch secretary."""

    person = models.ForeignKey("org.Person", verbose_name=_("作者"), on_delete=models.PROTECT,
                               related_name="reflections")  # fmt: skip
    plan = models.ForeignKey("study.StudyPlan", verbose_name=_("学习计划"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="reflections")  # fmt: skip
    title = models.CharField(_("题目"), max_length=200)
    content = models.TextField(_("内容"))
    review_comment = models.TextField(_("审阅意见"), blank=True, editable=False)

    objects = PersonalManager()

    scope_path: ClassVar[str] = "person__unit__path"

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("心得体会")
        verbose_name_plural = _("心得体会")

    def __str__(self) -> str:
        return _("{person}：{title}").format(person=self.person, title=self.title)

    def get_absolute_url(self) -> str:
        return reverse("study:reflection_detail", args=[self.pk])


class WorkLog(TrackedModel):
    """工作日志 (seed 003): one staff member's entry for one day."""

    date_bounds: ClassVar[dict] = {"date": bounds.DONE}

    person = models.ForeignKey("org.Person", verbose_name=_("填写人"), on_delete=models.PROTECT,
                               related_name="work_logs")  # fmt: skip
    date = models.DateField(_("日期"))
    content = models.TextField(_("工作内容"))
    target = models.CharField(_("关联目标任务"), max_length=200, blank=True)

    objects = PersonalManager()

    scope_path: ClassVar[str] = "person__unit__path"

    class Meta:
        ordering = ["-date", "person__pinyin", "pk"]
        verbose_name = _("工作日志")
        verbose_name_plural = _("工作日志")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "date"],
                name="%(app_label)s_%(class)s_one_a_day",
                violation_error_message=_("此人当天已有工作日志，请修改原日志"),
            ),
        ]

    def __str__(self) -> str:
        return _("{person}{date}工作日志").format(person=self.person, date=self.date.strftime("%Y年%m月%d日"))

    def get_absolute_url(self) -> str:
        return reverse("study:worklog_detail", args=[self.pk])
