from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.campaigns.choices import ProblemCategory, RectificationStatus, Verdict
from qizhi.campaigns.models import (
    Campaign,
    GroupMember,
    Opinion,
    Phase,
    Problem,
    Rectification,
    Report,
    ResearchTopic,
    Rule,
    WorkingGroup,
)
from qizhi.core import bounds
from qizhi.core.forms import DATE, ServiceFormMixin, TrackedModelForm


class CampaignForm(TrackedModelForm):
    class Meta:
        model = Campaign
        fields = [
            "unit", "title", "start", "end", "guiding_idea", "principles", "goals", "participants",
            "opinions_open", "opinions_anonymous", "opinions_public",
        ]  # fmt: skip
        widgets = {"start": DATE, "end": DATE}


class PhaseForm(TrackedModelForm):
    class Meta:
        model = Phase
        fields = ["campaign", "order", "name", "start", "end", "focus"]
        widgets = {"start": DATE, "end": DATE}


class WorkingGroupForm(TrackedModelForm):
    class Meta:
        model = WorkingGroup
        fields = ["campaign", "kind", "name", "duties", "units"]


class GroupMemberForm(TrackedModelForm):
    class Meta:
        model = GroupMember
        fields = ["group", "person", "role", "ends_on"]
        widgets = {"ends_on": DATE}


class ResearchTopicForm(TrackedModelForm):
    class Meta:
        model = ResearchTopic
        fields = ["campaign", "order", "title", "group"]


class ReportForm(TrackedModelForm):
    class Meta:
        model = Report
        fields = ["campaign", "topic", "kind", "title", "author", "submitted_on", "summary"]
        widgets = {"submitted_on": DATE}


class OpinionForm(TrackedModelForm):
    """The office files an opinion under one of the eight areas; its text stays as it was sent."""

    class Meta:
        model = Opinion
        fields = ["category"]


class ProblemForm(TrackedModelForm):
    class Meta:
        model = Problem
        fields = ["campaign", "category", "source", "opinion", "description", "found_on"]
        widgets = {"found_on": DATE}


class RectificationForm(TrackedModelForm):
    class Meta:
        model = Rectification
        fields = [
            "problem", "measure", "target", "indicator", "goal", "deadline", "responsible_person",
            "responsible_unit", "weight",
        ]  # fmt: skip
        widgets = {"deadline": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["problem"].disabled = True


class RuleForm(TrackedModelForm):
    class Meta:
        model = Rule
        fields = ["unit", "campaign", "title", "made_on", "text"]
        widgets = {"made_on": DATE}


# --- Service forms (not model forms: each runs one service) -------------------------------------


class SendOpinionForm(forms.Form):
    category = forms.ChoiceField(label=_("涉及方面（可不选）"), choices=[("", "—"), *ProblemCategory.choices],
                                 required=False)  # fmt: skip
    content = forms.CharField(label=_("意见建议"), widget=forms.Textarea(attrs={"rows": 6}), max_length=5000)


class PublicOpinionForm(SendOpinionForm):
    contact = forms.CharField(label=_("联系方式（自愿填写）"), max_length=100, required=False)
    # A field people never see (hidden by the stylesheet); robots fill it in.
    website = forms.CharField(label=_("网址"), required=False, max_length=200, widget=forms.TextInput(attrs={
        "class": "qz-trap", "tabindex": "-1", "autocomplete": "off"}))  # fmt: skip


class ProblemFromOpinionForm(forms.Form):
    category = forms.ChoiceField(label=_("问题所属方面"), choices=ProblemCategory.choices)
    description = forms.CharField(label=_("问题表现"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ProgressForm(ServiceFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=[
        (s, label) for s, label in RectificationStatus.choices
        if s in (RectificationStatus.PENDING, RectificationStatus.IN_PROGRESS, RectificationStatus.DONE,
                 RectificationStatus.ONGOING)
    ])  # fmt: skip
    progress = forms.IntegerField(label=_("进度（%）"), min_value=0, max_value=100, required=False,
                                  help_text=_("不填则按状态的默认进度；与默认不同须说明理由"))  # fmt: skip
    note = forms.CharField(label=_("进展说明"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=2000)  # fmt: skip
    files = forms.FileField(label=_("佐证材料"), required=False,
                            widget=forms.ClearableFileInput(attrs={"allow_multiple_selected": True}))  # fmt: skip


class VerifyForm(forms.Form):
    verdict = forms.ChoiceField(label=_("验收结论"), choices=Verdict.choices)
    note = forms.CharField(label=_("验收意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=2000)  # fmt: skip


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class PhaseOverrideForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("当前阶段"), queryset=Phase.objects.none(), required=False,
                                   empty_label=_("按日期自动计算"))  # fmt: skip
    reason = forms.CharField(label=_("理由"), max_length=200)

    def __init__(self, *args, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = campaign.phases.all()


class BulkForm(forms.Form):
    status = forms.ChoiceField(label=_("改为状态"), required=False, choices=[("", "—")] + [
        (s, label) for s, label in RectificationStatus.choices
        if s in (RectificationStatus.PENDING, RectificationStatus.IN_PROGRESS, RectificationStatus.DONE)
    ])  # fmt: skip
    deadline = forms.DateField(
        validators=bounds.date_validators(bounds.PLANNED), label=_("改为完成时限"), required=False, widget=DATE
    )
    reason = forms.CharField(label=_("理由"), max_length=200)
