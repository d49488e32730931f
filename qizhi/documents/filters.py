from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.core.filters import ObjectFilterSet
from qizhi.documents.choices import TemplateKind
from qizhi.documents.models import DocumentTemplate
from qizhi.org.filters import UnitSubtreeFilter, unit_choices


class DocumentTemplateFilterSet(ObjectFilterSet):
    unit = UnitSubtreeFilter(label=_("单位"), field_name="unit__path", widget=forms.Select)
    kind = django_filters.ChoiceFilter(label=_("文书类别"), choices=TemplateKind.choices)
    q = django_filters.CharFilter(label=_("名称"), field_name="name", lookup_expr="contains")

    class Meta:
        model = DocumentTemplate
        fields = ["unit", "kind", "active", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            self.form.fields["unit"].widget.choices = unit_choices(
                self.request.user, self.data.get("unit") if self.data else None
            )
