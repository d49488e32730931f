from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.roles import Action
from qizhi.core.forms import TrackedModelForm
from qizhi.core.scoping import scope_of, scope_queryset
from qizhi.org.models import Person
from qizhi.party.models import PartyOrg
from qizhi.study import services
from qizhi.study.models import Material, Reflection, StudyPlan, StudyRecord, WorkLog

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ServiceErrorsMixin:
    def run(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
            return None
        except PermissionDenied as exc:
            self.add_error("person" if "person" in self.fields else None, str(exc) or _("只能填写本人的记录"))
            return None


def people_for(user):
    """Whose records ``user`` may keep: their own, and the people of units where they may approve study."""
    own = services.own_person(user)
    approvable = scope_queryset(Person.objects.all(), user, Action.APPROVE, area="study", path_field="unit__path")
    if own is not None:
        return (approvable | Person.objects.filter(pk=own.pk)).distinct()
    return approvable


class PersonalFormMixin:
    """The person defaults to the user's own; the choice lists only whom the user may act for."""

    def limit_person(self):
        self.fields["person"].queryset = people_for(self.user).only("pk", "name", "pinyin")
        own = services.own_person(self.user)
        if own is not None and not self.instance.pk:
            self.fields["person"].initial = own.pk


class StudyPlanForm(TrackedModelForm):
    class Meta:
        model = StudyPlan
        fields = ["title", "party_org", "unit", "start_date", "end_date", "description"]
        widgets = {"start_date": DATE, "end_date": DATE, "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_org"].queryset = scope_queryset(
            PartyOrg.objects.all(), self.user, Action.CHANGE, area="study", path_field="unit__path"
        )

    def clean(self):
        cleaned = super().clean()
        org, unit = cleaned.get("party_org"), cleaned.get("unit")
        if org is not None and unit is not None and not org.unit.path.startswith(unit.path):
            self.add_error("party_org", _("{org}不在{unit}之下").format(org=org, unit=unit))
        return cleaned


class MaterialForm(TrackedModelForm):
    class Meta:
        model = Material
        fields = ["plan", "number", "title", "kind", "required", "due_date"]
        widgets = {"due_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = StudyPlan.objects.editable_by(self.user)


class StudyRecordForm(ServiceErrorsMixin, PersonalFormMixin, TrackedModelForm):
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


class ReflectionForm(ServiceErrorsMixin, PersonalFormMixin, TrackedModelForm):
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


class WorkLogForm(ServiceErrorsMixin, PersonalFormMixin, TrackedModelForm):
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
    comment = forms.CharField(label=_("审阅意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def can_review(user, reflection: Reflection) -> bool:
    return reflection.status == "submitted" and scope_of(user).covers(
        Action.APPROVE, "study", reflection.person.unit.path
    )
