"""Base filterset: Bootstrap classes on every widget, so the filter bar needs no form library."""

from __future__ import annotations

import django_filters
from django import forms


class ObjectFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            css = (
                "form-select form-select-sm"
                if isinstance(field.widget, forms.Select)
                else "form-control form-control-sm"
            )
            field.widget.attrs.setdefault("class", css)
