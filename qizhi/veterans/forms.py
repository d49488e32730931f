from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qizhi.core import bounds
from qizhi.core.forms import DATE, ServiceFormMixin, TrackedModelForm
from qizhi.org.models import Person
from qizhi.veterans.models import CareVisit, HardshipAid


class CareVisitForm(TrackedModelForm):
    class Meta:
        model = CareVisit
        fields = ["unit", "kind", "date", "occasion", "title", "veterans", "visitors", "gifts", "amount", "note"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["veterans"].queryset = Person.objects.filter(retired=True)
        self.fields["veterans"].help_text = _("只列出已退休的人员")


class HardshipAidForm(TrackedModelForm):
    class Meta:
        model = HardshipAid
        fields = ["unit", "person", "reported_on", "need", "requested"]
        widgets = {"reported_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(retired=True)


class DecideAidForm(ServiceFormMixin, forms.Form):
    grant = forms.TypedChoiceField(label=_("决定"), choices=[("1", _("帮扶")), ("0", _("不予帮扶"))],
                                   coerce=lambda v: v == "1")  # fmt: skip
    on = forms.DateField(
        validators=bounds.date_validators(bounds.PLANNED), label=_("决定日期"), widget=DATE, initial=timezone.localdate
    )
    amount = forms.DecimalField(label=_("帮扶金额（元）"), max_digits=10, decimal_places=2, required=False)
    decision = forms.CharField(label=_("决定说明"), max_length=300, required=False)
