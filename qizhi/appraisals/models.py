"""民主评议党员: rounds, who may vote (the roll), the secret ballots, the grades, and 述职述廉 reports.
The same rounds, rolls and ballots carry the secret vote of a 换届选举 (``Round.election``).

The secrecy rests on the shape of two tables (see ``docs/appraisals.md``):

- ``RollEntry`` says who is on an electorate and whether they have voted: no timestamp, no history;
- ``Ballot`` is what was voted: pre-allocated blank at opening with a random id, filled by a cast,
  with no person, user, time or order; no history, no log, no notification.

Neither table references the other, and the seal (``services.seal``) rewrites both in random order so
that no system column or physical order ties a roll row to its ballot.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.appraisals.choices import DEFAULT_DIMENSIONS, ElectorateKind, Mark, RoundState
from qizhi.core.models import TrackedModel, UnitScopedModel


def default_dimensions() -> list[str]:
    return list(DEFAULT_DIMENSIONS)


class Round(UnitScopedModel):
    """One 民主评议党员 of a party organization (or a unit) for a year, with its voting window."""

    party_org = models.ForeignKey(
        "party.PartyOrg", verbose_name=_("党组织"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="appraisal_rounds",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("年度"))
    title = models.CharField(_("名称"), max_length=100)
    state = models.CharField(_("状态"), max_length=20, choices=RoundState.choices, default=RoundState.DRAFT)
    opens_at = models.DateTimeField(_("投票开始"))
    closes_at = models.DateTimeField(_("投票截止"))
    dimensions = models.JSONField(_("评议内容"), default=default_dimensions)
    subjects = models.ManyToManyField("org.Person", verbose_name=_("评议对象"), related_name="appraisal_rounds")
    # A round may be the secret ballot of a 换届选举: its subjects are the candidates, its marks votes.
    election = models.OneToOneField(
        "party.Election", verbose_name=_("换届选举"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="ballot_round",
    )  # fmt: skip

    class Meta:
        ordering = ["-year", "unit__path", "title"]
        verbose_name = _("民主评议")
        verbose_name_plural = _("民主评议")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="%(app_label)s_%(class)s_closes_after_opening",
                violation_error_message=_("投票截止时间应晚于开始时间"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="%(app_label)s_%(class)s_year_in_range",
                violation_error_message=_("年度应在2000年至2100年之间"),
            ),
            models.UniqueConstraint(
                fields=["unit", "year", "title"],
                name="%(app_label)s_%(class)s_one_title_per_year",
                violation_error_message=_("本单位该年度已有同名的民主评议"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("appraisals:round_detail", args=[self.pk])

    @property
    def is_election(self) -> bool:
        return self.election_id is not None


class Electorate(TrackedModel):
    """One declared body of voters of a round (the branch's members, or all staff of the unit)."""

    round = models.ForeignKey(Round, verbose_name=_("民主评议"), on_delete=models.CASCADE, related_name="electorates")
    kind = models.CharField(_("评议主体"), max_length=20, choices=ElectorateKind.choices)

    scope_path: ClassVar[str] = "round__unit__path"

    class Meta:
        ordering = ["round", "kind"]
        verbose_name = _("评议主体")
        verbose_name_plural = _("评议主体")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind"],
                name="%(app_label)s_%(class)s_one_per_kind",
                violation_error_message=_("该评议已有此评议主体"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return self.round.get_absolute_url()


class RollEntry(models.Model):
    """A voter on an electorate's roll and whether they have voted: deliberately no timestamp, no
    history, no author (the roll must not say when someone voted)."""

    electorate = models.ForeignKey(Electorate, on_delete=models.CASCADE, related_name="roll")
    person = models.ForeignKey("org.Person", on_delete=models.CASCADE, related_name="+")
    voted = models.BooleanField(_("已投"), default=False)

    class Meta:
        verbose_name = _("投票人名册")
        verbose_name_plural = _("投票人名册")
        constraints = [
            models.UniqueConstraint(
                fields=["electorate", "person"],
                name="%(app_label)s_%(class)s_once_per_electorate",
                violation_error_message=_("此人已在该评议主体的名册中"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.electorate} · {self.person_id}"


class Ballot(models.Model):
    """A secret ballot: blank until cast; no person, user, time or ordering, only its electorate, its
    marks ``{subject person id: {dimension: mark}}`` and the digest of the voter's receipt code."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    electorate = models.ForeignKey(Electorate, on_delete=models.CASCADE, related_name="ballots")
    filled = models.BooleanField(default=False)
    receipt_digest = models.CharField(max_length=64, blank=True)
    marks = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("选票")
        verbose_name_plural = _("选票")
        constraints = [
            models.CheckConstraint(
                condition=Q(filled=False, receipt_digest="") | Q(filled=True) & ~Q(receipt_digest=""),
                name="%(app_label)s_%(class)s_filled_has_receipt",
                violation_error_message=_("已投选票必须有回执"),
            )
        ]

    def __str__(self) -> str:
        return str(_("选票"))


class Grade(TrackedModel):
    """The 等次 the branch committee gives a member after the ballots are sealed, verified by the branch."""

    round = models.ForeignKey(Round, verbose_name=_("民主评议"), on_delete=models.CASCADE, related_name="grades")
    person = models.ForeignKey(
        "org.Person", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="appraisal_grades"
    )
    grade = models.CharField(_("评定等次"), max_length=20, choices=Mark.choices)
    reason = models.CharField(_("理由"), max_length=300, blank=True, help_text=_("评为不合格时必须填写"))

    scope_path: ClassVar[str] = "round__unit__path"

    class Meta:
        ordering = ["round", "person__pinyin"]
        verbose_name = _("评定等次")
        verbose_name_plural = _("评定等次")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"],
                name="%(app_label)s_%(class)s_one_per_person",
                violation_error_message=_("该党员在本次评议中已有等次"),
            ),
            models.CheckConstraint(
                condition=~Q(grade=Mark.INCOMPETENT) | ~Q(reason=""),
                name="%(app_label)s_%(class)s_incompetent_has_reason",
                violation_error_message=_("评为不合格必须填写理由"),
            ),
        ]

    def __str__(self) -> str:
        return _("{person} {round}：{grade}").format(
            person=self.person, round=self.round, grade=self.get_grade_display()
        )

    def get_absolute_url(self) -> str:
        return reverse("appraisals:grade_detail", args=[self.pk])


class DutyReport(TrackedModel):
    """A member's yearly 述职述廉报告: on duty and on integrity, submitted before the round opens."""

    person = models.ForeignKey(
        "org.Person", verbose_name=_("报告人"), on_delete=models.PROTECT, related_name="duty_reports"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    duty = models.TextField(_("述职"), max_length=5000)
    integrity = models.TextField(_("述廉"), max_length=5000)
    submitted_on = models.DateField(_("提交日期"))

    scope_path: ClassVar[str] = "person__unit__path"

    class Meta:
        ordering = ["-year", "person__pinyin"]
        verbose_name = _("述职述廉报告")
        verbose_name_plural = _("述职述廉报告")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "year"],
                name="%(app_label)s_%(class)s_one_per_year",
                violation_error_message=_("此人该年度已有述职述廉报告"),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="%(app_label)s_%(class)s_year_in_range",
                violation_error_message=_("年度应在2000年至2100年之间"),
            ),
        ]

    def __str__(self) -> str:
        return _("{person} {year}年度述职述廉报告").format(person=self.person, year=self.year)

    def get_absolute_url(self) -> str:
        return reverse("appraisals:dutyreport_detail", args=[self.pk])
