from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.utils.translation import gettext_lazy as _

from qizhi.core.forms import MonthField, OnlyChoiceMixin, ServiceFormMixin, units_for
from qizhi.org.filters import unit_choices
from qizhi.org.models import Unit
from qizhi.statistics import services


class OpenReportForm(OnlyChoiceMixin, ServiceFormMixin, forms.Form):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("填报单位"))
    month = MonthField(label=_("月份"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        units = units_for(user, "statistics")
        self.fields["unit"].queryset = units.filter(kind__in=services.reporting_kinds())
        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("开始填报")))


class ValuesForm(ServiceFormMixin, forms.Form):
    """One field per indicator the unit reports, named by the indicator's code."""

    def __init__(self, *args, report, **kwargs):
        super().__init__(*args, **kwargs)
        self.report = report
        self.indicators = services.reported_indicators(report.unit)
        current = {v.indicator.code: v.value for v in report.values.select_related("indicator")}
        for indicator in self.indicators:
            self.fields[indicator.code] = forms.CharField(
                label=f"{indicator.name}（{indicator.unit_of_measure}）",
                required=False,
                initial=services.plain(current.get(indicator.code)) if indicator.code in current else "",
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "class": "form-control form-control-sm text-end"}
                ),
            )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=500, required=False)


class RollupForm(forms.Form):
    unit = forms.IntegerField(label=_("单位"), widget=forms.Select)
    start = MonthField(label=_("起始月份"))
    end = MonthField(label=_("截止月份"))
    provisional = forms.BooleanField(label=_("含未审核数据（预估）"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].widget.choices = unit_choices(user, self.data.get("unit"))[1:]
        self.fields["unit"].widget.attrs["class"] = "form-select form-select-sm"
        for name in ("start", "end"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["provisional"].widget.attrs["class"] = "form-check-input"

    def clean_unit(self):
        unit = Unit.objects.visible_to(self.user).filter(pk=self.cleaned_data["unit"]).first()
        if unit is None:
            raise forms.ValidationError(_("单位不存在或不在您的权限范围内"))
        return unit

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("截止月份不能早于起始月份"))
        return cleaned
