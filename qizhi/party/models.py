"""Party organizations, their committees' terms and officers, memberships and transfers."""

from __future__ import annotations

import datetime
from typing import ClassVar

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.core import bounds
from qizhi.core.models import TrackedModel, TreeModel
from qizhi.party.choices import (
    ElectionStatus,
    EndReason,
    MembershipStatus,
    OfficerRole,
    PartyOrgKind,
    TransferKind,
    TransferStatus,
)

TERM_WARNING_DAYS = 90  # 换届： a term ending within this many days is flagged
CONVERSION_AFTER_DAYS = 365  # a probationary member is due for conversion a year after joining


class PartyOrg(TreeModel):
    """A 党组， 党委， 党总支， 党支部 or 党小组， attached to a unit."""

    date_bounds: ClassVar[dict] = {"established_on": bounds.LIFE}

    name = models.CharField(_("组织名称"), max_length=100)
    kind = models.CharField(_("组织类型"), max_length=20, choices=PartyOrgKind.choices)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("所在单位"),
        on_delete=models.PROTECT,
        related_name="party_orgs",
    )
    retirees = models.BooleanField(_("退休党员组织"), default=False, help_text=_("由退休党员组成的支部或党小组"))
    established_on = models.DateField(_("成立日期"), null=True, blank=True)

    scope_path: ClassVar[str] = "unit__path"

    class Meta:
        ordering = ["path"]
        verbose_name = _("党组织")
        verbose_name_plural = _("党组织")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("party:partyorg_detail", args=[self.pk])

    @property
    def holds_members(self) -> bool:
        return self.kind in (PartyOrgKind.BRANCH, PartyOrgKind.GENERAL_BRANCH)


class Term(TrackedModel):
    """One 届 of a party organization's committee, from its election to its end."""

    party_org = models.ForeignKey(
        "party.PartyOrg", verbose_name=_("党组织"), on_delete=models.CASCADE, related_name="terms"
    )
    number = models.PositiveSmallIntegerField(_("届次"))
    start_date = models.DateField(_("任期开始"))
    end_date = models.DateField(_("任期届满"))

    scope_path: ClassVar[str] = "party_org__unit__path"

    class Meta:
        ordering = ["party_org__path", "-number"]
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
        constraints = [
            models.UniqueConstraint(fields=["party_org", "number"], name="%(app_label)s_%(class)s_unique_number"),
            models.CheckConstraint(
                condition=Q(end_date__gt=F("start_date")),
                name="%(app_label)s_%(class)s_ends_after_start",
                violation_error_message=_("任期届满日期应晚于开始日期"),
            ),
        ]

    def __str__(self) -> str:
        return _("{org}第{number}届").format(org=self.party_org, number=self.number)

    def get_absolute_url(self) -> str:
        return self.party_org.get_absolute_url()

    def expires_soon(self, today: datetime.date) -> bool:
        return today <= self.end_date <= today + datetime.timedelta(days=TERM_WARNING_DAYS)


class Officer(TrackedModel):
    """A person's office （书记， 副书记， 委员， 党小组组长） in one term."""

    term = models.ForeignKey("party.Term", verbose_name=_("届次"), on_delete=models.CASCADE, related_name="officers")
    person = models.ForeignKey(
        "org.Person", verbose_name=_("人员"), on_delete=models.PROTECT, related_name="party_offices"
    )
    role = models.CharField(_("职务"), max_length=30, choices=OfficerRole.choices)

    scope_path: ClassVar[str] = "term__party_org__unit__path"

    class Meta:
        ordering = ["term", "role", "pk"]
        verbose_name = _("党内职务")
        verbose_name_plural = _("党内职务")
        constraints = [
            models.UniqueConstraint(
                fields=["term"],
                condition=Q(role="secretary"),
                name="%(app_label)s_%(class)s_one_secretary",
                violation_error_message=_("每届只能有一名书记"),
            ),
            models.UniqueConstraint(fields=["term", "person", "role"], name="%(app_label)s_%(class)s_unique_role"),
        ]

    def __str__(self) -> str:
        return f"{self.term.party_org} {self.get_role_display()} {self.person}"

    def get_absolute_url(self) -> str:
        return self.term.party_org.get_absolute_url()


class Membership(TrackedModel):
    """A person's membership of a 党支部 (and one of its 党小组): current until it ends."""

    date_bounds: ClassVar[dict] = {
        "joined_on": bounds.LIFE,
        "full_on": bounds.LIFE,
        "started_on": bounds.LIFE,
        "ended_on": bounds.LIFE,
    }

    person = models.ForeignKey(
        "org.Person", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="memberships"
    )
    branch = models.ForeignKey(
        "party.PartyOrg", verbose_name=_("所在支部"), on_delete=models.PROTECT, related_name="memberships"
    )
    group = models.ForeignKey(
        "party.PartyOrg",
        verbose_name=_("所在党小组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="group_memberships",
    )
    status = models.CharField(_("党员类别"), max_length=20, choices=MembershipStatus.choices)
    joined_on = models.DateField(_("入党日期"))
    full_on = models.DateField(_("转正日期"), null=True, blank=True)
    started_on = models.DateField(_("转入本组织日期"))
    ended_on = models.DateField(_("离开本组织日期"), null=True, blank=True)
    end_reason = models.CharField(_("离开原因"), max_length=30, choices=EndReason.choices, blank=True)

    scope_path: ClassVar[str] = "branch__unit__path"

    class Meta:
        ordering = ["branch__path", "person__pinyin", "-started_on"]
        verbose_name = _("党员")
        verbose_name_plural = _("党员")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(ended_on__isnull=True),
                name="%(app_label)s_%(class)s_one_current_membership",
                violation_error_message=_("该同志已有一个当前的组织关系"),
            ),
            models.CheckConstraint(
                condition=Q(status=MembershipStatus.FULL) | Q(full_on__isnull=True),
                name="%(app_label)s_%(class)s_probationary_has_no_full_date",
                violation_error_message=_("预备党员不能有转正日期"),
            ),
            models.CheckConstraint(
                condition=Q(full_on__isnull=True) | Q(full_on__gte=F("joined_on")),
                name="%(app_label)s_%(class)s_full_after_joining",
                violation_error_message=_("转正日期不能早于入党日期"),
            ),
        ]
        indexes = [models.Index(fields=["branch", "ended_on"], name="party_membership_branch_ended")]

    def __str__(self) -> str:
        return f"{self.person}（{self.branch}）"

    def get_absolute_url(self) -> str:
        return reverse("party:membership_detail", args=[self.pk])

    @property
    def current(self) -> bool:
        return self.ended_on is None

    def conversion_due_on(self) -> datetime.date | None:
        if self.status != MembershipStatus.PROBATIONARY:
            return None
        return self.joined_on + datetime.timedelta(days=CONVERSION_AFTER_DAYS)


class Transfer(TrackedModel):
    """组织关系转接： a member's relation leaving one organization for another."""

    date_bounds: ClassVar[dict] = {"requested_on": bounds.DONE, "completed_on": bounds.DONE}

    kind = models.CharField(_("转接类型"), max_length=20, choices=TransferKind.choices)
    status = models.CharField(_("状态"), max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    person = models.ForeignKey("org.Person", verbose_name=_("党员"), on_delete=models.PROTECT, related_name="transfers")
    membership = models.ForeignKey(
        "party.Membership",
        verbose_name=_("转出的组织关系"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_out",
    )
    from_org = models.ForeignKey(
        "party.PartyOrg",
        verbose_name=_("转出组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_out",
    )
    from_outside = models.CharField(_("转出组织（系统外）"), max_length=200, blank=True)
    to_org = models.ForeignKey(
        "party.PartyOrg",
        verbose_name=_("转入组织"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="transfers_in",
    )
    to_group = models.ForeignKey(
        "party.PartyOrg",
        verbose_name=_("转入党小组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_outside = models.CharField(_("转入组织（系统外）"), max_length=200, blank=True)
    letter_number = models.CharField(_("介绍信编号"), max_length=60, blank=True)
    reason = models.CharField(_("转接原因"), max_length=200, blank=True)
    requested_on = models.DateField(_("发起日期"))
    completed_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_path: ClassVar[tuple[str, ...]] = ("from_org__unit__path", "to_org__unit__path")

    class Meta:
        ordering = ["-requested_on", "-pk"]
        verbose_name = _("组织关系转接")
        verbose_name_plural = _("组织关系转接")
        constraints = [
            models.CheckConstraint(
                condition=Q(from_org__isnull=True) | Q(to_org__isnull=True) | ~Q(from_org=F("to_org")),
                name="%(app_label)s_%(class)s_not_to_itself",
                violation_error_message=_("转入组织不能与转出组织相同"),
            ),
        ]

    def __str__(self) -> str:
        return _("{person}：{source} → {target}").format(person=self.person, source=self.source, target=self.target)

    def get_absolute_url(self) -> str:
        return reverse("party:transfer_detail", args=[self.pk])

    @property
    def source(self) -> str:
        return str(self.from_org or self.from_outside)

    @property
    def target(self) -> str:
        return str(self.to_org or self.to_outside)


class Election(TrackedModel):
    """A 换届选举 (or 补选) of a party organization's committee: the assembly, the votes counted from its
    secret ballot (an ``appraisals.Round``), the higher organ's approval, and the new term it made."""

    party_org = models.ForeignKey(
        "party.PartyOrg", verbose_name=_("党组织"), on_delete=models.PROTECT, related_name="elections"
    )
    held_on = models.DateField(_("选举大会日期"))
    # Counted from the secret ballot (``elections.record_tally``): its roll and the ballots cast.
    voters = models.PositiveSmallIntegerField(_("应到会有选举权的党员"), default=0, editable=False)
    present = models.PositiveSmallIntegerField(_("实到会有选举权的党员"), default=0, editable=False)
    seats = models.PositiveSmallIntegerField(_("应选委员名额"))
    term_years = models.PositiveSmallIntegerField(
        _("任期（年）"), default=3, help_text=_("党支部、党总支3年，基层党委5年")
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=ElectionStatus.choices, default=ElectionStatus.DRAFT, editable=False
    )
    approved_on = models.DateField(_("上级批复日期"), null=True, blank=True, editable=False)
    approval_ref = models.CharField(_("批复文号"), max_length=60, blank=True, editable=False)
    new_term = models.OneToOneField(
        "party.Term", verbose_name=_("产生的届次"), null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name="election",
    )  # fmt: skip
    note = models.CharField(_("备注"), max_length=200, blank=True)

    scope_path: ClassVar[str] = "party_org__unit__path"

    class Meta:
        ordering = ["party_org__path", "-held_on", "-pk"]
        verbose_name = _("换届选举")
        verbose_name_plural = _("换届选举")
        constraints = [
            models.CheckConstraint(
                condition=Q(present__lte=F("voters")),
                name="%(app_label)s_%(class)s_present_within_voters",
                violation_error_message=_("实到人数不能超过应到人数"),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1) & Q(seats__lte=31),
                name="%(app_label)s_%(class)s_seats_in_range",
                violation_error_message=_("应选委员名额应在1至31之间"),
            ),
            models.CheckConstraint(
                condition=Q(term_years__gte=1) & Q(term_years__lte=5),
                name="%(app_label)s_%(class)s_term_years_in_range",
                violation_error_message=_("任期应在1至5年之间"),
            ),
        ]

    def __str__(self) -> str:
        return _("{org}换届选举（{day}）").format(org=self.party_org, day=f"{self.held_on:%Y-%m-%d}")

    def get_absolute_url(self) -> str:
        return reverse("party:election_detail", args=[self.pk])


class Candidate(TrackedModel):
    """A 候选人 of an election, the votes for them and whether elected (and to which office)."""

    election = models.ForeignKey(
        "party.Election", verbose_name=_("选举"), on_delete=models.CASCADE, related_name="candidates"
    )
    person = models.ForeignKey("org.Person", verbose_name=_("候选人"), on_delete=models.PROTECT, related_name="+")
    votes = models.PositiveSmallIntegerField(_("得票"), default=0, editable=False)  # 赞成票, from the sealed ballot
    role = models.CharField(
        _("当选职务"), max_length=30, choices=OfficerRole.choices, default=OfficerRole.COMMITTEE_MEMBER,
        help_text=_("书记、副书记由新一届委员会选举产生，在此登记"),
    )  # fmt: skip

    scope_path: ClassVar[str] = "election__party_org__unit__path"

    class Meta:
        ordering = ["election", "-votes", "pk"]
        verbose_name = _("候选人")
        verbose_name_plural = _("候选人")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "person"],
                name="%(app_label)s_%(class)s_once_per_election",
                violation_error_message=_("该同志已是本次选举的候选人"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person}（{self.votes}）"

    def get_absolute_url(self) -> str:
        return self.election.get_absolute_url()
