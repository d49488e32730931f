import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.core.filters import ObjectFilterSet
from qizhi.org.filters import UnitSubtreeFilter, unit_choices
from qizhi.targets.models import Commitment, ModelPost, Plan, ScoreAdjustment, Target


class YearUnitFilterSet(ObjectFilterSet):
    unit = UnitSubtreeFilter(label=_("单位"), field_name="unit__path", widget=forms.Select)
    year = django_filters.NumberFilter(label=_("年度"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            self.form.fields["unit"].widget.choices = unit_choices(
                self.request.user, self.data.get("unit") if self.data else None
            )


class PlanFilterSet(YearUnitFilterSet):
    class Meta:
        model = Plan
        fields = ["unit", "year"]


class ScoreAdjustmentFilterSet(YearUnitFilterSet):
    class Meta:
        model = ScoreAdjustment
        fields = ["unit", "year"]


class CommitmentFilterSet(YearUnitFilterSet):
    class Meta:
        model = Commitment
        fields = ["unit", "year", "public"]


class ModelPostFilterSet(YearUnitFilterSet):
    class Meta:
        model = ModelPost
        fields = ["unit", "year", "kind"]


class TargetFilterSet(ObjectFilterSet):
    unit = UnitSubtreeFilter(label=_("责任单位"), field_name="owner_unit__path", widget=forms.Select)
    year = django_filters.NumberFilter(label=_("年度"), field_name="plan__year", min_value=2000, max_value=2100)
    q = django_filters.CharFilter(label=_("任务"), field_name="title", lookup_expr="contains")

    class Meta:
        model = Target
        fields = ["unit", "year", "family", "q"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            self.form.fields["unit"].widget.choices = unit_choices(
                self.request.user, self.data.get("unit") if self.data else None
            )
