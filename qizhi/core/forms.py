"""Base forms: crispy layout, unit choices limited to the user's editable subtree, version check."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import transaction
from django.forms.models import ModelFormMetaclass
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.roles import Action
from qizhi.core import bounds
from qizhi.core.models import StaleRecord
from qizhi.core.references import scope_form_fields
from qizhi.core.refusals import REFUSALS, on_form
from qizhi.core.scoping import scope_queryset, unit_model


class DateInput(forms.DateInput):
    """The browser's date picker, with the ISO value it expects."""

    input_type = "date"

    def __init__(self, attrs=None, format="%Y-%m-%d"):
        super().__init__(attrs, format)


DATE = DateInput()  # every form and filter's date widget (Django copies it per field)


class MonthField(forms.DateField):
    """A month typed as ``2025-03`` (the browser's month picker), cleaned to its first day; 2000–2100."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%Y-%m-%d"]
    default_validators = bounds.date_validators(bounds.PLANNED)
    default_error_messages = {"invalid": _("请输入 YYYY-MM 格式的月份")}

    def to_python(self, value):
        month = super().to_python(value)
        return month.replace(day=1) if month else month


def date_field(kind: bounds.DateKind = bounds.PLANNED, **kwargs) -> forms.DateField:
    """A form date field that is not a model field, bounded by its kind (``core.bounds``)."""
    return forms.DateField(widget=DATE, validators=bounds.date_validators(kind), **kwargs)


def units_for(user, area: str):
    """The units where ``user`` may change records of ``area``."""
    return scope_queryset(unit_model().objects.all(), user, Action.CHANGE, area=area, path_field="path")


class ServiceFormMixin:
    """Forms whose save goes through a service: its refusal (``core.refusals``) lands on the form —
    on the field it names, else above the fields — and ``run`` answers None."""

    def run(self, function, *args, **kwargs):
        try:
            return function(*args, **kwargs)
        except REFUSALS as exc:
            on_form(self, exc)
            return None


def kept(form, act):
    """``act()`` — the form's service call (``save_as``, ``act``) — in one transaction: its result, or
    None with nothing it wrote kept when the service refused and said why on ``form``."""
    with transaction.atomic():
        result = act()
        if result is None or form.errors:
            transaction.set_rollback(True)
            return None
    return result


MISSING_VERSION = _("版本：缺少记录的版本号，请刷新页面后重新编辑")


class OnlyChoiceMixin:
    """A new record's required choice with exactly one possible value starts on that value (填报单位,
    填写人, 党组织): nobody should have to pick the only option. Read when the form renders, after the
    form limited its querysets."""

    def get_initial_for_field(self, field, field_name):
        value = super().get_initial_for_field(field, field_name)
        instance = getattr(self, "instance", None)
        if value not in (None, "") or (instance is not None and instance.pk) or not field.required:
            return value
        if isinstance(field, forms.ModelChoiceField) and not isinstance(field, forms.ModelMultipleChoiceField):
            only = list(field.queryset.values_list("pk", flat=True)[:2])
            if len(only) == 1:
                return only[0]
        return value


class ScopedFormMetaclass(ModelFormMetaclass):
    """Once a form is fully built (its subclass's ``__init__`` included), narrow its references."""

    def __call__(cls, *args, **kwargs):
        form = super().__call__(*args, **kwargs)
        scope_form_fields(form, form.user, form._meta.model, exempt=cls.unscoped_references)
        return form


class TrackedModelForm(OnlyChoiceMixin, forms.ModelForm, metaclass=ScopedFormMetaclass):
    """A model form that knows its user and refuses to overwrite a newer version of the record.

    Every model-choice field offers only rows the user may reference (``core.references``);
    ``unscoped_references`` names, with the reason, a field that must reach further.
    """

    unscoped_references: dict[str, str] = {}
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("保存")))

    def save_as(self, user):
        """Save the record with ``user`` as its author (the base views call this)."""
        obj = self.save(commit=False)
        obj.stamp(user)
        obj.save()
        self.save_m2m()
        return obj

    def clean(self):
        """An edit must say which version it started from; the save then writes only over that
        version (``TrackedModel.save``). Checking here too answers before other rules run."""
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        posted = cleaned.get("version")
        if posted is None:
            raise forms.ValidationError(MISSING_VERSION, code="stale")
        current = type(self.instance)._base_manager.filter(pk=self.instance.pk).values_list("version", flat=True)
        if current and current[0] != posted:
            raise forms.ValidationError(StaleRecord.message, code="stale")
        self.instance.expect_version(posted)
        return cleaned

    @property
    def is_stale(self) -> bool:
        """The edit was refused because the record changed (or no version came): the page says 409."""
        return self.has_error(NON_FIELD_ERRORS, code="stale")


class FilterFormHelper(FormHelper):
    """Filter forms render inline, submitted with GET."""

    form_method = "get"
    disable_csrf = True
    form_tag = False
