from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from qizhi.core.filters import ObjectFilterSet
from qizhi.recruitment.choices import Stage
from qizhi.recruitment.models import Applicant


def _search(qs, name, value):
    if not value:
        return qs
    return qs.filter(person__name__icontains=value) | qs.filter(person__pinyin__icontains=value)


class ApplicantFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("姓名"), method=_search)
    stage = django_filters.ChoiceFilter(label=_("所处阶段"), choices=Stage.choices)
    branch = django_filters.NumberFilter(label=_("党支部编号"), field_name="branch")

    class Meta:
        model = Applicant
        fields = ["q", "stage", "branch"]
