import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from qizhi.core.tables import ObjectTable
from qizhi.targets.models import Commitment, ModelPost, Plan, ScoreAdjustment, Target

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


class TargetTable(ObjectTable):
    title = tables.Column(**LINK)
    plan = tables.Column(order_by=("plan__year", "plan__title"))
    owner_unit = tables.Column(order_by=("owner_unit__path",))
    percent = tables.Column(verbose_name=_("完成度"), accessor="completion", attrs={"td": {"class": "text-end"}})

    class Meta(ObjectTable.Meta):
        model = Target
        fields = ["title", "plan", "family", "owner_unit", "owner_person", "weight", "deadline", "percent"]

    def render_percent(self, record):
        return f"{record.percent}%"
