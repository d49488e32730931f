"""Score adjustments, commitments and model posts: plain records."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _

from qizhi.core import views as core
from qizhi.targets.filters import (
    CommitmentFilterSet,
    ModelPostFilterSet,
    ScoreAdjustmentFilterSet,
)
from qizhi.targets.forms import (
    CommitmentForm,
    ModelPostForm,
    ScoreAdjustmentForm,
)
from qizhi.targets.models import Commitment, ModelPost, ScoreAdjustment
from qizhi.targets.tables import CommitmentTable, ModelPostTable, ScoreAdjustmentTable

# --- Adjustments, commitments and model posts: plain records -------------------------------------------


class RecordDetailView(core.ObjectDetailView):
    """A plain record's fields as a definition list, with its attached files (evidence, pledges)."""

    template_name = "targets/record_detail.html"
    fields: tuple[str, ...] = ()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        obj, rows = self.object, []
        for name in self.fields:
            field = obj._meta.get_field(name)
            if field.many_to_many:
                value = "、".join(str(item) for item in getattr(obj, name).all())
            elif field.choices:
                value = getattr(obj, f"get_{name}_display")()
            elif isinstance(field, models.BooleanField):
                value = _("是") if getattr(obj, name) else _("否")
            else:
                value = getattr(obj, name)
            rows.append({"label": field.verbose_name, "value": value})
        context["object_fields"] = rows
        return context


class ScoreAdjustmentListView(core.ObjectListView):
    queryset = ScoreAdjustment.objects.select_related("unit")
    filterset_class = ScoreAdjustmentFilterSet
    table_class = ScoreAdjustmentTable


class ScoreAdjustmentDetailView(RecordDetailView):
    queryset = ScoreAdjustment.objects.select_related("unit")
    fields = ("unit", "year", "points", "reason")


class ScoreAdjustmentEditView(core.ObjectEditView):
    queryset = ScoreAdjustment.objects.all()
    form_class = ScoreAdjustmentForm


class ScoreAdjustmentDeleteView(core.ObjectDeleteView):
    queryset = ScoreAdjustment.objects.all()


class CommitmentListView(core.ObjectListView):
    queryset = Commitment.objects.select_related("unit", "party_org", "person")
    filterset_class = CommitmentFilterSet
    table_class = CommitmentTable


class CommitmentDetailView(RecordDetailView):
    queryset = Commitment.objects.select_related("unit", "party_org", "person")
    fields = ("unit", "year", "party_org", "person", "content", "targets", "public")


class CommitmentEditView(core.ObjectEditView):
    queryset = Commitment.objects.all()
    form_class = CommitmentForm


class CommitmentDeleteView(core.ObjectDeleteView):
    queryset = Commitment.objects.all()


class ModelPostListView(core.ObjectListView):
    queryset = ModelPost.objects.select_related("unit")
    filterset_class = ModelPostFilterSet
    table_class = ModelPostTable


class ModelPostDetailView(RecordDetailView):
    queryset = ModelPost.objects.select_related("unit")
    fields = ("unit", "year", "kind", "name", "holders", "pledge", "public")


class ModelPostEditView(core.ObjectEditView):
    queryset = ModelPost.objects.all()
    form_class = ModelPostForm


class ModelPostDeleteView(core.ObjectDeleteView):
    queryset = ModelPost.objects.all()


class ScoreAdjustmentHistoryView(core.ObjectHistoryView):
    queryset = ScoreAdjustment.objects.all()


class CommitmentHistoryView(core.ObjectHistoryView):
    queryset = Commitment.objects.all()


class ModelPostHistoryView(core.ObjectHistoryView):
    queryset = ModelPost.objects.all()
