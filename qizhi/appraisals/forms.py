from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.appraisals import services
from qizhi.appraisals.choices import DEFAULT_DIMENSIONS, Mark
from qizhi.appraisals.models import DutyReport
from qizhi.core.forms import DATE, ServiceFormMixin, TrackedModelForm, units_for
from qizhi.party.models import PartyOrg

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class RoundForm(ServiceFormMixin, forms.Form):
    """A new round: its organization, year, window, electorates and what is rated (subjects: the
    organization's current members)."""

    title = forms.CharField(label=_("名称"), max_length=100)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None)
    party_org = forms.ModelChoiceField(label=_("党支部"), queryset=None, required=False)
    opens_at = forms.DateTimeField(label=_("投票开始"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("投票截止"), widget=DATETIME)
    kinds = forms.MultipleChoiceField(
        label=_("评议主体"), choices=services.APPRAISAL_KINDS, widget=forms.CheckboxSelectMultiple,
        initial=[value for value, _label in services.APPRAISAL_KINDS],
    )  # fmt: skip
    dimensions = forms.CharField(
        label=_("评议内容"), initial="、".join(DEFAULT_DIMENSIONS), max_length=200, help_text=_("用顿号分隔")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        units = units_for(user, "appraisals")
        self.fields["unit"].queryset = units
        self.fields["party_org"].queryset = PartyOrg.objects.for_action(user, "change").filter(kind="branch")
        from crispy_forms.helper import FormHelper
        from crispy_forms.layout import Submit

        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("保存")))

    def save_as(self, user):
        data = dict(self.cleaned_data)
        dimensions = [d.strip() for d in data.pop("dimensions").replace(",", "、").replace("，", "、").split("、")]
        return self.run(services.create_round, by=user, dimensions=[d for d in dimensions if d], **data)


class ElectionBallotForm(ServiceFormMixin, forms.Form):
    """The secret ballot of a 换届选举: its voting window (the candidates and the electors are the election's)."""

    opens_at = forms.DateTimeField(label=_("投票开始"), widget=DATETIME)
    closes_at = forms.DateTimeField(label=_("投票截止"), widget=DATETIME)

    def __init__(self, *args, user=None, election=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.election = election
        from crispy_forms.helper import FormHelper
        from crispy_forms.layout import Submit

        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("发起无记名投票")))

    def save_as(self, user):
        return self.run(services.create_election_round, self.election, by=user, **self.cleaned_data)


class GradeForm(ServiceFormMixin, forms.Form):
    grade = forms.ChoiceField(label=_("等次"), choices=Mark.choices)
    reason = forms.CharField(label=_("理由"), max_length=300, required=False)


class DutyReportForm(TrackedModelForm):
    class Meta:
        model = DutyReport
        fields = ["person", "year", "duty", "integrity", "submitted_on"]
        widgets = {"submitted_on": DATE, "duty": forms.Textarea(attrs={"rows": 8}),
                   "integrity": forms.Textarea(attrs={"rows": 5})}  # fmt: skip
