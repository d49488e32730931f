from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.core.forms import DATE, ServiceFormMixin, TrackedModelForm
from qizhi.org import services
from qizhi.org.models import ROSTER_FIELDS, Person, Unit
from qizhi.org.validators import normalize_id_number


class UnitForm(ServiceFormMixin, TrackedModelForm):
    parent = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("上级单位"))

    class Meta:
        model = Unit
        fields = ["parent", "name", "short_name", "kind", "code", "address", "phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Unit.objects.editable_by(self.user)
        if self.instance.pk:
            # Moving a unit re-parents its whole subtree: done by an administrator, not here.
            del self.fields["parent"]

    def save_as(self, user):
        unit = self.save(commit=False)
        if unit.pk is None:
            return self.run(services.add_unit, self.cleaned_data["parent"], unit, by=user)
        unit.stamp(user)
        unit.save()
        return unit


class PersonForm(TrackedModelForm):
    class Meta:
        model = Person
        fields = ROSTER_FIELDS
        widgets = {"birth_date": DATE}

    def clean_id_number(self):
        number = normalize_id_number(self.cleaned_data.get("id_number", ""))
        if services.id_number_taken(number, exclude_pk=self.instance.pk):
            raise forms.ValidationError(_("该身份证号码已登记在其他人员名下"), code="duplicate")
        return number
