from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.roles import Action
from qizhi.core import bounds
from qizhi.core.forms import DATE, ServiceFormMixin, TrackedModelForm
from qizhi.core.scoping import scope_queryset
from qizhi.party.models import PartyOrg
from qizhi.study import services
from qizhi.study.models import Material, Reflection, StudyPlan, StudyRecord, WorkLog


class PersonalFormMixin:
    """The person defaults to the user's own; the choice lists only whom the user may act for."""

    unscoped_references = {"person": "services.people_for: one's own person and the people one may approve"}

    def limit_person(self):
        self.fields["person"].queryset = services.people_for(self.user).only("pk", "name", "pinyin")
        own = services.own_person(self.user)
        if own is not None and not self.instance.pk:
            self.fields["person"].initial = own.pk


class StudyPlanForm(ServiceFormMixin, TrackedModelForm):
    class Meta:
        model = StudyPlan
        fields = ["title", "party_org", "unit", "start_date", "end_date", "description"]
        widgets = {"start_date": DATE, "end_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_org"].queryset = scope_queryset(
            PartyOrg.objects.all(), self.user, Action.CHANGE, area="study", path_field="unit__path"
        )

    def save_as(self, user):
        return self.run(services.save_plan, self.save(commit=False), by=user)


class MaterialForm(ServiceFormMixin, TrackedModelForm):
    class Meta:
        model = Material
        fields = ["plan", "number", "title", "kind", "required", "due_date"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = StudyPlan.objects.editable_by(self.user)

    def save_as(self, user):
        return self.run(services.save_material, self.save(commit=False), by=user)


class StudyRecordForm(ServiceFormMixin, PersonalFormMixin, TrackedModelForm):
    class Meta:
        model = StudyRecord
        fields = ["person", "material", "date", "minutes", "notes"]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_person()
        self.fields["material"].queryset = Material.objects.visible_to(self.user).select_related("plan")

    def save_as(self, user):
        return self.run(services.save_record, self.save(commit=False), by=user)


class ReflectionForm(ServiceFormMixin, PersonalFormMixin, TrackedModelForm):
    class Meta:
        model = Reflection
        fields = ["person", "plan", "title", "content"]
        widgets = {"content": forms.Textarea(attrs={"rows": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_person()
        self.fields["plan"].queryset = StudyPlan.objects.visible_to(self.user)

    def save_as(self, user):
        return self.run(services.save_reflection, self.save(commit=False), by=user)


class WorkLogForm(ServiceFormMixin, PersonalFormMixin, TrackedModelForm):
    class Meta:
        model = WorkLog
        fields = ["person", "date", "content", "target"]
        widgets = {"date": DATE, "content": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_person()

    def save_as(self, user):
        return self.run(services.save_worklog, self.save(commit=False), by=user)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("审阅意见"), required=False, max_length=bounds.TEXT_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )
