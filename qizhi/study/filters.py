from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.core.filters import ObjectFilterSet
from qizhi.core.forms import DATE
from qizhi.core.models import WorkflowStatus
from qizhi.org.filters import UnitSubtreeFilter, search_people
from qizhi.study.models import Reflection, StudyPlan, StudyRecord, WorkLog


class PersonSearchMixin(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("姓名"), method="filter_q")

    def filter_q(self, queryset, name, value):
        from qizhi.org.models import Person

        people = search_people(Person.objects.all(), value)
        return queryset.filter(person__in=people.values("pk"))


class StudyPlanFilterSet(ObjectFilterSet):
    title = django_filters.CharFilter(label=_("计划名称"), lookup_expr="contains")
    unit = UnitSubtreeFilter(label=_("单位"), field_name="unit__path", widget=forms.HiddenInput)

    class Meta:
        model = StudyPlan
        fields = ["title", "unit"]


class StudyRecordFilterSet(PersonSearchMixin, ObjectFilterSet):
    unit = UnitSubtreeFilter(label=_("单位"), field_name="person__unit__path", widget=forms.HiddenInput)
    plan = django_filters.NumberFilter(label=_("学习计划"), field_name="material__plan", widget=forms.HiddenInput)
    date_after = django_filters.DateFilter(label=_("起始日期"), field_name="date", lookup_expr="gte", widget=DATE)
    date_before = django_filters.DateFilter(label=_("截止日期"), field_name="date", lookup_expr="lte", widget=DATE)

    class Meta:
        model = StudyRecord
        fields = ["q", "unit", "plan", "date_after", "date_before"]


class ReflectionFilterSet(PersonSearchMixin, ObjectFilterSet):
    status = django_filters.ChoiceFilter(label=_("状态"), choices=WorkflowStatus.choices)
    unit = UnitSubtreeFilter(label=_("单位"), field_name="person__unit__path", widget=forms.HiddenInput)

    class Meta:
        model = Reflection
        fields = ["q", "status", "unit"]


class WorkLogFilterSet(PersonSearchMixin, ObjectFilterSet):
    """A leader reads the logs of their units by day (``date``) or by person (``q`` / ``person``)."""

    person = django_filters.NumberFilter(label=_("人员"), widget=forms.HiddenInput)
    unit = UnitSubtreeFilter(label=_("单位"), field_name="person__unit__path", widget=forms.HiddenInput)
    date = django_filters.DateFilter(label=_("日期"), widget=DATE)
    date_after = django_filters.DateFilter(label=_("起始日期"), field_name="date", lookup_expr="gte", widget=DATE)
    date_before = django_filters.DateFilter(label=_("截止日期"), field_name="date", lookup_expr="lte", widget=DATE)

    class Meta:
        model = WorkLog
        fields = ["q", "person", "unit", "date", "date_after", "date_before"]
