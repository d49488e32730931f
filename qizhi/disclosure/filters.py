from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.core import publishing
from qizhi.core.filters import ObjectFilterSet
from qizhi.disclosure.choices import Channel, DisclosureStatus
from qizhi.disclosure.models import Disclosure, Publication
from qizhi.org.filters import UnitSubtreeFilter, unit_choices


class _UnitChoicesMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            self.form.fields["unit"].widget.choices = unit_choices(
                self.request.user, self.data.get("unit") if self.data else None
            )
        self.filters["kind"].extra["choices"] = publishing.choices()
        self.form.fields["kind"].choices = [("", "---------"), *publishing.choices()]


class DisclosureFilterSet(_UnitChoicesMixin, ObjectFilterSet):
    unit = UnitSubtreeFilter(label=_("单位"), field_name="unit__path", widget=forms.Select)
    kind = django_filters.ChoiceFilter(label=_("公开类别"), choices=[])
    status = django_filters.ChoiceFilter(label=_("状态"), choices=DisclosureStatus.choices)
    q = django_filters.CharFilter(label=_("标题"), field_name="title", lookup_expr="contains")

    class Meta:
        model = Disclosure
        fields = ["unit", "kind", "status", "q"]


class PublicationFilterSet(_UnitChoicesMixin, ObjectFilterSet):
    unit = UnitSubtreeFilter(label=_("单位"), field_name="disclosure__unit__path", widget=forms.Select)
    kind = django_filters.ChoiceFilter(label=_("公开类别"), choices=[])
    channel = django_filters.ChoiceFilter(label=_("渠道"), choices=Channel.choices)
    withdrawn = django_filters.BooleanFilter(label=_("已撤回"), field_name="withdrawn_at", lookup_expr="isnull",
                                             exclude=True)  # fmt: skip
    q = django_filters.CharFilter(label=_("标题"), field_name="title", lookup_expr="contains")

    class Meta:
        model = Publication
        fields = ["unit", "kind", "channel", "withdrawn", "q"]
