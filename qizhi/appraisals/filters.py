from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from qizhi.appraisals.choices import Mark, RoundState
from qizhi.appraisals.models import DutyReport, Grade, Round
from qizhi.core.filters import ObjectFilterSet


def _person_search(field: str):
    def search(qs, name, value):
        if not value:
            return qs
        return qs.filter(**{f"{field}__name__icontains": value}) | qs.filter(**{f"{field}__pinyin__icontains": value})

    return search


class RoundFilterSet(ObjectFilterSet):
    year = django_filters.NumberFilter(label=_("年度"), min_value=2000, max_value=2100)
    state = django_filters.ChoiceFilter(label=_("状态"), choices=RoundState.choices)

    class Meta:
        model = Round
        fields = ["year", "state"]


class GradeFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("姓名"), method=_person_search("person"))
    round = django_filters.NumberFilter(label=_("评议编号"), field_name="round_id")
    grade = django_filters.ChoiceFilter(label=_("等次"), choices=Mark.choices)

    class Meta:
        model = Grade
        fields = ["q", "round", "grade"]


class DutyReportFilterSet(ObjectFilterSet):
    q = django_filters.CharFilter(label=_("姓名"), method=_person_search("person"))
    year = django_filters.NumberFilter(label=_("年度"), min_value=2000, max_value=2100)

    class Meta:
        model = DutyReport
        fields = ["q", "year"]
