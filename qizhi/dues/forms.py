from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qizhi.core import bounds
from qizhi.core.forms import MonthField, ServiceFormMixin, TrackedModelForm, date_field
from qizhi.dues import services
from qizhi.dues.choices import ReliefKind
from qizhi.dues.models import DuesBase
from qizhi.party.models import Membership


def member_choices(user, memberships=services.manageable_memberships):
    """Current members of ``memberships(user)`` (by default: those whose dues ``user`` keeps)."""
    return (
        memberships(user)
        .filter(ended_on__isnull=True)
        .select_related("person", "branch")
        .order_by("branch__path", "person__pinyin")
    )


class DuesBaseForm(TrackedModelForm):
    start_month = MonthField(label=_("起始月份"), help_text=_("自该月起按此基数计算，直至下一条基数"))

    class Meta:
        model = DuesBase
        fields = ["membership", "kind", "start_month", "base", "extra", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = member_choices(self.user)
        if self.instance.pk:
            self.fields["membership"].disabled = True


class ReliefForm(ServiceFormMixin, forms.Form):
    """Approve a 减交 or 免交 for a period."""

    membership = forms.ModelChoiceField(queryset=Membership.objects.none(), label=_("党员"))
    kind = forms.ChoiceField(choices=ReliefKind.choices, label=_("类型"))
    amount = forms.DecimalField(
        label=_("减交后每月应交（元）"), max_digits=10, decimal_places=2, min_value=0, required=False,
        help_text=_("减交时填写；免交不填"),
    )  # fmt: skip
    start_month = MonthField(label=_("起始月份"))
    end_month = MonthField(label=_("截止月份"))
    reason = forms.CharField(label=_("原因"), max_length=200)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["membership"].queryset = member_choices(user, services.relievable_memberships)
        from crispy_forms.helper import FormHelper
        from crispy_forms.layout import Submit

        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("批准")))

    def save_as(self, user):
        data = dict(self.cleaned_data)
        membership = data.pop("membership")
        return self.run(services.grant_relief, membership, by=user, **data)


class PayForm(ServiceFormMixin, forms.Form):
    """Pay one or several months at once: for oneself, or (a dues keeper) for a member."""

    membership = forms.ModelChoiceField(queryset=Membership.objects.none(), label=_("党员"))
    months = forms.MultipleChoiceField(label=_("交纳月份"), widget=forms.CheckboxSelectMultiple)
    paid_on = date_field(bounds.DONE, label=_("交纳日期"))
    extra = forms.DecimalField(
        label=_("自愿多交（元/月）"), max_digits=10, decimal_places=2, min_value=0, required=False,
        help_text=_("不填则按基数登记的自愿多交金额"),
    )  # fmt: skip
    note = forms.CharField(label=_("备注"), max_length=200, required=False)

    def __init__(self, *args, user=None, membership: Membership | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        today = timezone.localdate()
        self.fields["paid_on"].initial = today
        if membership is not None:  # paying one's own: the member is fixed
            self.fields["membership"].queryset = Membership.objects.filter(pk=membership.pk)
            self.fields["membership"].initial = membership.pk
            self.fields["membership"].widget = forms.HiddenInput()
        else:
            self.fields["membership"].queryset = member_choices(user)
        self.fields["months"].choices = self.month_choices(membership, today)
        from crispy_forms.helper import FormHelper
        from crispy_forms.layout import Submit

        self.helper = FormHelper()
        self.helper.add_input(Submit("submit", _("交纳")))

    @staticmethod
    def month_choices(membership, today):
        """The unpaid months of the member (or, before one is chosen, the last twelve and the rest of the year)."""
        if membership is not None:
            months = services.unpaid_months(membership, today)
            last = services.latest_month_payable(today)
            upcoming = services.months_between(services.add_months(services.month_of(today), 1), last)
            months = months + [m for m in upcoming if m not in months]
        else:
            first = services.add_months(services.month_of(today), -11)
            months = services.months_between(first, services.latest_month_payable(today))
        return [(m.strftime("%Y-%m"), services.month_label(m)) for m in months]

    def clean_months(self):
        return [services.parse_month(m, field="months") for m in self.cleaned_data["months"]]

    def save_as(self, user):
        data = dict(self.cleaned_data)
        membership = data.pop("membership")
        months = data.pop("months")
        return self.run(services.pay, membership, months, by=user, **data)
