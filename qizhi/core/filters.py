"""Base filterset: Bootstrap classes on every widget, and selects rendered without a template per option."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe


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
    province's unit list pays that on every list request (bench/README.md).
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


class ObjectFilterSet(django_filters.FilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.form.fields.values():
            widget = field.widget
            if type(widget) is forms.Select:
                widget.__class__ = LeanSelect  # same markup, built in Python
            css = "form-select form-select-sm" if isinstance(widget, forms.Select) else "form-control form-control-sm"
            widget.attrs.setdefault("class", css)
