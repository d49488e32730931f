from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qizhi.core import bounds
from qizhi.core.forms import DATE, ServiceFormMixin, TrackedModelForm, date_field, units_for
from qizhi.org.models import Person
from qizhi.party.models import PartyOrg
from qizhi.statistics.models import Indicator
from qizhi.targets import services
from qizhi.targets.models import Commitment, ModelPost, Plan, ScoreAdjustment, Target


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input (Django's documented pattern); checked by core.attachments."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class PlanForm(TrackedModelForm):
    class Meta:
        model = Plan
        fields = ["unit", "year", "title", "description"]


class CopyPlanForm(ServiceFormMixin, forms.Form):
    year = forms.IntegerField(label=_("新年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("复制")))


class TargetForm(ServiceFormMixin, TrackedModelForm):
    """A central task or a piece of one; saving goes through the decomposition rules."""

    milestones = forms.CharField(
        label=_("节点"), required=False, max_length=bounds.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("节点指标每行一个：日期 节点名称，如“2026-06-30 完成中期检查”"),
    )  # fmt: skip

    class Meta:
        model = Target
        fields = [
            "family", "category", "title", "description", "weight", "deadline", "owner_unit", "owner_person", "kind",
            "measure", "unit_of_measure", "goal", "direction", "stat_indicator",
        ]  # fmt: skip
        widgets = {"deadline": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, plan=None, parent=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan or self.instance.plan
        self.parent = parent
        self.fields["owner_person"].queryset = Person.objects.visible_to(self.user).filter(retired=False)
        self.fields["stat_indicator"].queryset = Indicator.objects.filter(active=True)
        self.fields["owner_unit"].queryset = units_for(self.user, "targets")
        if self.instance.pk:
            del self.fields["milestones"]  # edited on the target's page

    def clean_milestones(self):
        rows = []
        for number, line in enumerate((self.cleaned_data.get("milestones") or "").splitlines(), start=1):
            if not line.strip():
                continue
            day, _sep, title = line.strip().partition(" ")
            try:
                due = forms.DateField().clean(day)
            except ValidationError as exc:
                raise ValidationError(_("第{n}行的日期“{day}”无法识别").format(n=number, day=day)) from exc
            if not title.strip():
                raise ValidationError(_("第{n}行缺少节点名称").format(n=number))
            rows.append((title.strip(), due))
        return rows

    def save_as(self, user):
        data = {name: self.cleaned_data.get(name) for name in services.TARGET_FIELDS if name in self.cleaned_data}
        if self.instance.pk:
            target = Target.objects.get(pk=self.instance.pk)
            target.expect_version(self.instance.version)  # the version the edit started from
            return self.run(services.update_target, target, by=user, **data)
        return self.run(
            services.add_target, self.plan, parent=self.parent, by=user,
            milestones=self.cleaned_data.get("milestones", []), **data,
        )  # fmt: skip


class ProgressForm(ServiceFormMixin, forms.Form):
    as_of = date_field(bounds.DONE, label=_("截至日期"))
    value = forms.DecimalField(label=_("完成值"), required=False, min_value=0, max_digits=14, decimal_places=2)
    milestones = forms.ModelMultipleChoiceField(
        label=_("已完成节点"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    narrative = forms.CharField(
        label=_("完成情况"), max_length=bounds.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 4})
    )
    files = MultipleFileField(label=_("佐证材料"), required=False)
    confirm_large = forms.BooleanField(label=_("确认数值无误"), required=False)

    def __init__(self, *args, target: Target, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.target = target
        self.fields["milestones"].queryset = target.milestones.all()
        if target.kind == "milestone":
            del self.fields["value"]
            del self.fields["confirm_large"]
        else:
            del self.fields["milestones"]
            self.fields["value"].label = _("完成值（{unit}）").format(unit=target.unit_of_measure or "—")
        self.fields["as_of"].initial = timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_tag = False


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("节点名称"), max_length=200)
    due = date_field(label=_("计划完成"))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), max_length=500)


class SupervisionForm(forms.Form):
    instruction = forms.CharField(
        label=_("督办要求"), max_length=bounds.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
    deadline = date_field(label=_("反馈时限"))


class ResponseForm(forms.Form):
    response = forms.CharField(
        label=_("办理反馈"), max_length=bounds.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )


class ScoreAdjustmentForm(TrackedModelForm):
    class Meta:
        model = ScoreAdjustment
        fields = ["unit", "year", "points", "reason"]


class CommitmentForm(TrackedModelForm):
    class Meta:
        model = Commitment
        fields = ["unit", "year", "party_org", "person", "content", "targets", "public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_org"].queryset = PartyOrg.objects.visible_to(self.user)
        self.fields["person"].queryset = Person.objects.visible_to(self.user).filter(retired=False)
        self.fields["targets"].queryset = Target.objects.visible_to(self.user).select_related("plan")


class ModelPostForm(TrackedModelForm):
    class Meta:
        model = ModelPost
        fields = ["unit", "year", "kind", "name", "holders", "pledge", "public"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holders"].queryset = Person.objects.visible_to(self.user).filter(retired=False)


class RankingForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("单位"), queryset=None)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from qizhi.org.models import Unit

        # Only units with children have a ranking (a province has thousands of units without).
        self.fields["unit"].queryset = Unit.objects.visible_to(user).filter(numchild__gt=0)
