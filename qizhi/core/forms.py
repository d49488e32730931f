"""Base forms: crispy layout, unit choices limited to the user's editable subtree, version check."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.roles import Action
from qizhi.core.scoping import scope_queryset


def units_for(user, area: str):
    """The units where ``user`` may change records of ``area``."""
    from qizhi.org.models import Unit

    return scope_queryset(Unit.objects.all(), user, Action.CHANGE, area=area, path_field="path")


class ServiceFormMixin:
    """Forms whose save goes through a service: its ValidationError lands on the form's fields."""

    def run(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
            return None


class TrackedModelForm(forms.ModelForm):
    """A model form that knows its user and refuses to overwrite a newer version of the record."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self._limit_units()
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("保存")))

    def _limit_units(self) -> None:
        """Unit choices: where the user may change records of *this* model's area (not the org's)."""
        from qizhi.org.models import Unit

        for field in self.fields.values():
            if isinstance(field, forms.ModelChoiceField) and field.queryset.model is Unit:
                field.queryset = units_for(self.user, self._meta.model._meta.app_label)

    def save_as(self, user):
        """Save the record with ``user`` as its author (the base views call this)."""
        obj = self.save(commit=False)
        obj.stamp(user)
        obj.save()
        self.save_m2m()
        return obj

    def clean(self):
        cleaned = super().clean()
        posted = cleaned.get("version")
        if self.instance.pk and posted is not None:
            current = type(self.instance)._default_manager.filter(pk=self.instance.pk).values_list("version", flat=True)
            if current and current[0] != posted:
                raise forms.ValidationError(
                    _("此记录在您编辑期间已被他人修改，请刷新页面查看最新内容后再保存"), code="stale"
                )
        return cleaned


class FilterFormHelper(FormHelper):
    """Filter forms render inline, submitted with GET."""

    form_method = "get"
    disable_csrf = True
    form_tag = False
