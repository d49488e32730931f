from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from qizhi.core.filters import ObjectFilterSet
from qizhi.honors.choices import HonorKind, HonorLevel
from qizhi.honors.models import Honor


def _search(qs, name, value):
    if not value:
        return qs
    return (
        qs.filter(title__icontains=value)
        | qs.filter(person__name__icontains=value)
        | qs.filter(issuer__icontains=value)
    )


class HonorFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("称号/姓名/授予机关"), method=_search)
    kind = django_filters.ChoiceFilter(label=_("类别"), choices=HonorKind.choices)
    level = django_filters.ChoiceFilter(label=_("级别"), choices=HonorLevel.choices)
    year = django_filters.NumberFilter(label=_("年度"), field_name="granted_on__year", min_value=2000, max_value=2100)

    class Meta:
        model = Honor
        fields = ["q", "kind", "level", "year"]
