from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.core import bounds
from qizhi.core.forms import DATE, ServiceFormMixin, TrackedModelForm
from qizhi.party.choices import MEMBER_HOLDING, MembershipStatus
from qizhi.party.models import Membership, PartyOrg
from qizhi.recruitment import services
from qizhi.recruitment.choices import Step
from qizhi.recruitment.models import Applicant


class ApplicantForm(ServiceFormMixin, TrackedModelForm):
    """A new 入党申请 (through ``services.apply``); afterwards only the note is edited here — the dates
    are the steps', recorded by their own forms."""

    class Meta:
        model = Applicant
        fields = ["person", "branch", "applied_on", "note"]
        widgets = {"applied_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["branch"].queryset = PartyOrg.objects.filter(kind__in=MEMBER_HOLDING)
        if self.instance.pk:
            for name in ("person", "branch", "applied_on"):
                self.fields[name].disabled = True

    def save_as(self, user):
        if self.instance.pk:
            return super().save_as(user)
        data = self.cleaned_data
        return self.run(services.apply, data["person"], branch=data["branch"], applied_on=data["applied_on"],
                        note=data.get("note", ""), by=user)  # fmt: skip


def _member_field(label, required=False):
    return forms.ModelChoiceField(
        queryset=Membership.objects.filter(status=MembershipStatus.FULL, ended_on__isnull=True),
        label=label, required=required,
    )  # fmt: skip


# What each step asks besides its date (the service's keyword arguments).
STEP_FIELDS: dict[str, dict] = {
    Step.TALK: {"talked_by": lambda: forms.CharField(label=_("谈话人"), max_length=60, required=False)},
    Step.ACTIVIST: {"contact_1": lambda: _member_field(_("培养联系人"), True),
                    "contact_2": lambda: _member_field(_("培养联系人（二）"))},
    Step.INTRODUCERS: {"introducer_1": lambda: _member_field(_("入党介绍人"), True),
                       "introducer_2": lambda: _member_field(_("入党介绍人（二）"), True)},
    Step.TRAINING: {"hours": lambda: forms.IntegerField(label=_("集中培训学时"), min_value=0, max_value=1000)},
    Step.NOTICE: {
        "until": lambda: forms.DateField(
            validators=bounds.date_validators(bounds.PLANNED), label=_("公示结束日期"), widget=DATE
        )
    },
    Step.ASSEMBLY: {
        "voters": lambda: forms.IntegerField(label=_("应到会有表决权的正式党员人数"), min_value=1, max_value=10000),
        "votes_for": lambda: forms.IntegerField(label=_("赞成"), min_value=0, max_value=10000),
        "votes_against": lambda: forms.IntegerField(label=_("反对"), min_value=0, max_value=10000, initial=0),
        "votes_abstain": lambda: forms.IntegerField(label=_("弃权"), min_value=0, max_value=10000, initial=0),
    },
    Step.EXTENSION: {"months": lambda: forms.IntegerField(label=_("延长（月）"), min_value=1, max_value=24)},
    Step.STOP: {"reason": lambda: forms.CharField(label=_("原因"), max_length=200)},
}  # fmt: skip


class StepForm(ServiceFormMixin, forms.Form):
    """One step of the procedure: its date and what the step records."""

    on = forms.DateField(validators=bounds.date_validators(bounds.PLANNED), label=_("日期"), widget=DATE)

    def __init__(self, *args, step: str, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        for name, make in STEP_FIELDS.get(step, {}).items():
            self.fields[name] = make()
            if isinstance(self.fields[name], forms.ModelChoiceField) and user is not None:
                self.fields[name].queryset = self.fields[name].queryset & Membership.objects.visible_to(user)

    def save_as(self, applicant: Applicant, user):
        data = {name: value for name, value in self.cleaned_data.items() if name != "on"}
        for name in ("votes_against", "votes_abstain"):
            if name in data and data[name] is None:
                data[name] = 0
        return self.run(services.record, applicant, self.step, on=self.cleaned_data["on"], by=user, **data)
