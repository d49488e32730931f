from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qizhi.core import bounds
from qizhi.core.forms import DATE, ServiceFormMixin, TrackedModelForm, date_field
from qizhi.org.models import Person
from qizhi.party import services
from qizhi.party.choices import MEMBER_HOLDING, MembershipStatus, OfficerRole, PartyOrgKind
from qizhi.party.models import Election, Membership, Officer, PartyOrg, Term, Transfer


class PartyOrgForm(ServiceFormMixin, TrackedModelForm):
    parent = forms.ModelChoiceField(queryset=PartyOrg.objects.none(), label=_("上级党组织"), required=False)

    class Meta:
        model = PartyOrg
        fields = ["parent", "name", "kind", "unit", "retirees", "established_on"]
        widgets = {"established_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = PartyOrg.objects.editable_by(self.user)
        if self.instance.pk:
            del self.fields["parent"]  # moving a subtree is an administrator's job

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk and cleaned.get("kind"):
            try:
                services.check_placement(cleaned["kind"], cleaned.get("parent"))
            except ValidationError as exc:
                self.add_error("parent", exc.message_dict["parent"])
        return cleaned

    def save_as(self, user):
        if self.instance.pk:
            return super().save_as(user)
        data = {f: self.cleaned_data[f] for f in ("name", "kind", "unit", "retirees", "established_on")}
        return self.run(services.create_party_org, parent=self.cleaned_data.get("parent"), by=user, **data)


def branches_for(user):
    return PartyOrg.objects.editable_by(user).filter(kind__in=MEMBER_HOLDING)


def groups_for(user):
    return PartyOrg.objects.editable_by(user).filter(kind=PartyOrgKind.GROUP)


class JoinForm(ServiceFormMixin, forms.Form):
    """Record a member: the person (from the roster), the branch, the dates."""

    person = forms.ModelChoiceField(queryset=Person.objects.none(), label=_("人员"))
    branch = forms.ModelChoiceField(queryset=PartyOrg.objects.none(), label=_("所在支部"))
    group = forms.ModelChoiceField(queryset=PartyOrg.objects.none(), label=_("党小组"), required=False)
    status = forms.ChoiceField(choices=MembershipStatus.choices, label=_("党员类别"))
    joined_on = date_field(bounds.LIFE, label=_("入党日期"))
    full_on = date_field(bounds.LIFE, label=_("转正日期"), required=False)
    started_on = date_field(
        bounds.LIFE, label=_("组织关系起始日期"), required=False,
        help_text=_("组织关系自何日起在本支部（新发展的党员即入党日期）；不填为今天。此前的会议和学习不计入其名下。"),
    )  # fmt: skip

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        members = Membership.objects.filter(ended_on__isnull=True).values("person")
        self.fields["person"].queryset = Person.objects.visible_to(user).exclude(pk__in=members)
        self.fields["branch"].queryset = branches_for(user)
        self.fields["group"].queryset = groups_for(user)

    def save_as(self, user):
        data = self.cleaned_data
        return self.run(
            services.join,
            data["person"],
            branch=data["branch"],
            group=data["group"],
            status=data["status"],
            joined_on=data["joined_on"],
            full_on=data["full_on"],
            started_on=data["started_on"],
            by=user,
        )


class ConvertForm(ServiceFormMixin, forms.Form):
    full_on = date_field(bounds.LIFE, label=_("转正日期"), initial=timezone.localdate)


class MembershipForm(TrackedModelForm):
    """What may be corrected on a membership in place: its group and its dates."""

    class Meta:
        model = Membership
        fields = ["group", "joined_on", "full_on"]
        widgets = {"joined_on": DATE, "full_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = services.groups_of(self.instance.branch)


class TransferForm(ServiceFormMixin, forms.Form):
    to_org = forms.ModelChoiceField(queryset=PartyOrg.objects.none(), label=_("转入党组织（系统内）"), required=False)
    to_outside = forms.CharField(label=_("转入组织（系统外）"), max_length=200, required=False)
    letter_number = forms.CharField(label=_("介绍信编号"), max_length=60, required=False)
    reason = forms.CharField(label=_("转接原因"), max_length=200, required=False)

    def __init__(self, *args, membership: Membership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = services.transfer_destinations(membership)


class ConfirmTransferForm(forms.Form):
    group = forms.ModelChoiceField(queryset=PartyOrg.objects.none(), label=_("编入党小组"), required=False)

    def __init__(self, *args, transfer: Transfer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = services.groups_of(transfer.to_org)


class TermForm(TrackedModelForm):
    class Meta:
        model = Term
        fields = ["party_org", "number", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_org"].queryset = PartyOrg.objects.editable_by(self.user)


class OfficerForm(ServiceFormMixin, TrackedModelForm):
    confirm_retired = forms.BooleanField(label=_("确认任命退休人员为书记"), required=False)

    class Meta:
        model = Officer
        fields = ["term", "person", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.editable_by(self.user).select_related("party_org")
        self.fields["person"].queryset = Person.objects.visible_to(self.user)
        self.fields["role"].choices = OfficerRole.choices

    def save_as(self, user):
        data = self.cleaned_data
        if self.instance.pk:
            return super().save_as(user)
        return self.run(
            services.appoint,
            data["term"],
            data["person"],
            data["role"],
            by=user,
            confirm_retired=data["confirm_retired"],
        )


# --- Elections ----------------------------------------------------------------------------------


class ElectionForm(TrackedModelForm):
    class Meta:
        model = Election
        fields = ["party_org", "held_on", "seats", "term_years", "note"]  # the counts come from the ballot
        widgets = {"held_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_org"].queryset = PartyOrg.objects.exclude(kind=PartyOrgKind.GROUP)


class CandidateForm(ServiceFormMixin, forms.Form):
    person = forms.ModelChoiceField(queryset=Person.objects.all(), label=_("候选人"))
    role = forms.ChoiceField(label=_("当选后职务"), choices=OfficerRole.choices, initial=OfficerRole.COMMITTEE_MEMBER)

    def __init__(self, *args, user=None, election=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            people = Person.objects.visible_to(user)
            if election is not None:  # the organization's full members (``elections.add_candidate`` checks it)
                people = people.filter(pk__in=elections_eligible(election))
            self.fields["person"].queryset = people


def elections_eligible(election):
    from qizhi.party.elections import eligible

    return eligible(election.party_org).values("person")


class ApproveElectionForm(ServiceFormMixin, forms.Form):
    on = forms.DateField(
        validators=bounds.date_validators(bounds.PLANNED), label=_("批复日期"), widget=DATE, initial=timezone.localdate
    )
    reference = forms.CharField(label=_("批复文号"), max_length=60, required=False)
    effective_on = forms.DateField(
        validators=bounds.date_validators(bounds.PLANNED), label=_("新一届委员会生效日期"), widget=DATE,
        required=False, help_text=_("不填则自批复之日起"),
    )  # fmt: skip
