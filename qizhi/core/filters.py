"""Base filterset: Bootstrap classes on every widget, and selects rendered without a template per option."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as drf_filters

from qizhi.core.params import MAX_ID, to_id
from qizhi.core.references import scope_filter_fields


def _attrs_html(attrs: dict) -> str:
    """As Django's ``django/forms/widgets/attrs.html``: ``True`` is a bare name, ``False`` is left out."""
    return mark_safe(  # every piece is escaped by format_html
        "".join(
            format_html(" {}", name) if value is True else format_html(' {}="{}"', name, str(value))
            for name, value in attrs.items()
            if value is not False
        )
    )


class LeanSelect(forms.Select):
    """A select with the markup of Django's templates, built in Python.

    Django renders a select through one template and one more per option; a filter bar with a
    province's unit list pays that on every list request (bench/README.md). Proven equal to Django's
    ``Select`` for any choices, groups, values and attributes by ``core/tests/test_lean_shortcuts.py``.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs_html(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        str(option["value"]),
                        _attrs_html(option["attrs"]),
                        option["label"],
                    )
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")  # the template renderer strips the trailing newline
        return mark_safe("".join(parts))


class BoundedModelChoiceField(django_filters.fields.ModelChoiceField):
    """A record choice that refuses what cannot be an id before asking the database (a 30-digit
    number overflows SQLite's integer and PostgreSQL's bigint: a 500 otherwise)."""

    def to_python(self, value):
        if value not in self.empty_values and self.to_field_name is None and to_id(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class BoundedModelMultipleChoiceField(django_filters.fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        if self.to_field_name is None and any(to_id(v) is None for v in value or ()):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": ""}
            )
        return super()._check_values(value)


class BoundedFiltersMixin:
    """Filters on ids refuse what cannot be an id (text, NUL, 0, 30 digits) before the database
    sees it, and a filter naming rows offers only the rows the user may see (``core.references``):
    another bureau's id is refused like a missing one. An invalid filter is ignored on a page and
    answered 400 by the API (django-filter)."""

    def bound_id_filters(self) -> None:
        if self.request is not None:
            scope_filter_fields(self.form, self.request.user)
        for field in self.form.fields.values():
            if type(field) is django_filters.fields.ModelChoiceField:
                field.__class__ = BoundedModelChoiceField
            elif type(field) is django_filters.fields.ModelMultipleChoiceField:
                field.__class__ = BoundedModelMultipleChoiceField
            elif isinstance(field, forms.DecimalField):  # a NumberFilter: never beyond a 64-bit integer
                field.validators += [MinValueValidator(-MAX_ID), MaxValueValidator(MAX_ID)]


class ApiFilterSet(BoundedFiltersMixin, drf_filters.FilterSet):
    """What the API builds from a viewset's ``filterset_fields``."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bound_id_filters()


class FilterBackend(drf_filters.DjangoFilterBackend):
    filterset_base = ApiFilterSet


class ObjectFilterSet(BoundedFiltersMixin, django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.bound_id_filters()
        for field in self.form.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                widget.__class__ = LeanSelect  # same markup, built in Python
            if isinstance(widget, forms.NullBooleanSelect):  # a yes/no filter starts from "all", not "unknown"
                widget.choices = [("unknown", _("全部")), ("true", _("是")), ("false", _("否"))]
            css = "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
            widget.attrs.setdefault("class", css)
