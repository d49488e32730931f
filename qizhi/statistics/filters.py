import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.core.filters import ObjectFilterSet
from qizhi.core.workflow import Status
from qizhi.org.filters import UnitSubtreeFilter, unit_choices
from qizhi.statistics.models import StatReport


class StatReportFilterSet(ObjectFilterSet):
    unit = UnitSubtreeFilter(label=_("单位"), field_name="unit__path", widget=forms.Select)
    year = django_filters.NumberFilter(
        label=_("年份"), field_name="month", lookup_expr="year", min_value=2000, max_value=2100
    )
    status = django_filters.ChoiceFilter(label=_("状态"), choices=Status.choices)

    class Meta:
        model = StatReport
        fields = ["unit", "year", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            self.form.fields["unit"].widget.choices = unit_choices(
                self.request.user, self.data.get("unit") if self.data else None
            )
