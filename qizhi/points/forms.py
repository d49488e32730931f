from __future__ import annotations

from django import forms

from qizhi.core.forms import ServiceFormMixin, TrackedModelForm
from qizhi.party.models import Membership
from qizhi.points import services
from qizhi.points.choices import PointSource
from qizhi.points.models import PointEntry, PointRule

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PointEntryForm(ServiceFormMixin, TrackedModelForm):
    class Meta:
        model = PointEntry
        fields = ["membership", "rule", "date", "count", "description"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from qizhi.core.scoping import scope_queryset

        keeps = scope_queryset(Membership.objects.all(), self.user, "change", area="points",
                               path_field="branch__unit__path")  # fmt: skip
        own = Membership.objects.filter(person__user=self.user)
        self.fields["membership"].queryset = (
            (Membership.objects.filter(pk__in=keeps.values("pk")) | Membership.objects.filter(pk__in=own.values("pk")))
            .filter(ended_on__isnull=True)
            .select_related("person", "branch")
        )
        self.fields["rule"].queryset = PointRule.objects.filter(source=PointSource.MANUAL, active=True)

    def save_as(self, user):
        entry = self.save(commit=False)
        return self.run(services.submit_entry, entry, by=user)
