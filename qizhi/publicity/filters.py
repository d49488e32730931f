from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.core.filters import ObjectFilterSet
from qizhi.org.filters import UnitSubtreeFilter, unit_choices
from qizhi.publicity.choices import ArticleKind, OutletLevel
from qizhi.publicity.models import Article, Bulletin, BulletinIssue


class _UnitChoicesMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            self.form.fields["unit"].widget.choices = unit_choices(
                self.request.user, self.data.get("unit") if self.data else None
            )


class BulletinFilterSet(_UnitChoicesMixin, ObjectFilterSet):
    unit = UnitSubtreeFilter(label=_("单位"), field_name="unit__path", widget=forms.Select)
    q = django_filters.CharFilter(label=_("名称"), field_name="name", lookup_expr="contains")

    class Meta:
        model = Bulletin
        fields = ["unit", "q", "active"]


class BulletinIssueFilterSet(_UnitChoicesMixin, ObjectFilterSet):
    unit = UnitSubtreeFilter(label=_("单位"), field_name="bulletin__unit__path", widget=forms.Select)
    bulletin = django_filters.ModelChoiceFilter(label=_("简报"), queryset=Bulletin.objects.all())  # scoped by the base
    year = django_filters.NumberFilter(label=_("年度"), min_value=2000, max_value=2100)
    q = django_filters.CharFilter(label=_("标题"), field_name="title", lookup_expr="contains")

    class Meta:
        model = BulletinIssue
        fields = ["unit", "bulletin", "year", "q"]


class ArticleFilterSet(_UnitChoicesMixin, ObjectFilterSet):
    unit = UnitSubtreeFilter(label=_("单位"), field_name="unit__path", widget=forms.Select)
    year = django_filters.NumberFilter(label=_("年度"), field_name="published_on__year", min_value=2000, max_value=2100)
    outlet_level = django_filters.ChoiceFilter(label=_("媒体级别"), choices=OutletLevel.choices)
    kind = django_filters.ChoiceFilter(label=_("稿件类型"), choices=ArticleKind.choices)
    q = django_filters.CharFilter(label=_("标题"), field_name="title", lookup_expr="contains")

    class Meta:
        model = Article
        fields = ["unit", "year", "outlet_level", "kind", "q"]
