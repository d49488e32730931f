from __future__ import annotations

from qizhi.core.forms import DATE, ServiceFormMixin, TrackedModelForm
from qizhi.points import services
from qizhi.points.choices import PointSource
from qizhi.points.models import PointEntry, PointRule


class PointEntryForm(ServiceFormMixin, TrackedModelForm):
    class Meta:
        model = PointEntry
        fields = ["membership", "rule", "date", "count", "description"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["membership"].queryset = services.enterable_memberships(self.user).select_related(
            "person", "branch"
        )
        self.fields["rule"].queryset = PointRule.objects.filter(source=PointSource.MANUAL, active=True)

    def save_as(self, user):
        entry = self.save(commit=False)
        return self.run(services.submit_entry, entry, by=user)
