import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.targets.models import Commitment, ModelPost, Plan, ScoreAdjustment

LINK = {"linkify": lambda record: record.get_absolute_url()}


class PlanTable(ObjectTable):
    title = tables.Column(**LINK)
    unit = tables.Column(order_by=("unit__path",))

    class Meta(ObjectTable.Meta):
        model = Plan
        fields = ["title", "unit", "year", "updated_at"]


class ScoreAdjustmentTable(ObjectTable):
    reason = tables.Column(**LINK)
    unit = tables.Column(order_by=("unit__path",))

    class Meta(ObjectTable.Meta):
        model = ScoreAdjustment
        fields = ["reason", "unit", "year", "points", "updated_at"]


class CommitmentTable(ObjectTable):
    title = tables.Column(verbose_name=_("承诺"), empty_values=(), orderable=False, **LINK)
    unit = tables.Column(order_by=("unit__path",))

    class Meta(ObjectTable.Meta):
        model = Commitment
        fields = ["title", "unit", "year", "public", "updated_at"]

    def render_title(self, record):
        return str(record)


class ModelPostTable(ObjectTable):
    name = tables.Column(**LINK)
    unit = tables.Column(order_by=("unit__path",))

    class Meta(ObjectTable.Meta):
        model = ModelPost
        fields = ["name", "kind", "unit", "year", "public"]
