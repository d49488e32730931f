"""The rectification ledger (整改台账) as a workbook: the same columns out and in."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from qizhi.campaigns.models import Problem, Rectification
from qizhi.core.params import to_id
from qizhi.core.resources import ChineseDateWidget, Column, ScopedModelResource, TextWidget
from qizhi.core.scoping import scope_queryset
from qizhi.org.models import Person, Unit


class ProblemWidget(widgets.Widget):
    """A problem by its number, among those the importing user may change."""

    def __init__(self, resource: ScopedModelResource):
        super().__init__()
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        text = TextWidget().clean(value)
        if to_id(text) is None:
            raise ValueError(_("问题编号应为整数"))
        problem = Problem.objects.editable_by(self.resource.user).filter(pk=to_id(text)).first()
        if problem is None:
            raise ValueError(_("问题编号“{n}”不存在或不在您的管理范围内").format(n=text))
        return problem

    def render(self, value, obj=None, **kwargs):
        return value.pk if value is not None else ""


class NamedWidget(widgets.Widget):
    """A person or unit by name, among the rows the importing user may reference; one match only."""

    def __init__(self, resource: ScopedModelResource, *, label: str, units: bool):
        super().__init__()
        self.resource, self.label, self.units = resource, label, units

    def choices(self):
        user = self.resource.user
        if self.units:
            return scope_queryset(Unit.objects.all(), user, "change", area="campaigns", path_field="path")
        return Person.objects.visible_to(user)

    def clean(self, value, row=None, **kwargs):
        name = TextWidget().clean(value)
        if not name:
            return None
        found = list(self.choices().filter(name=name)[:2])
        if not found:
            raise ValueError(_("{label}“{name}”不在您的管理范围内").format(label=self.label, name=name))
        if len(found) > 1:
            raise ValueError(_("{label}“{name}”有重名，请在页面上选择").format(label=self.label, name=name))
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class WeightWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            return Decimal("1")
        try:
            weight = Decimal(repr(value) if isinstance(value, float) else str(value).strip())
        except InvalidOperation as exc:
            raise ValueError(_("权重应为数字")) from exc
        if not weight.is_finite() or not Decimal("0.01") <= weight <= Decimal("1000"):
            raise ValueError(_("权重应在0.01至1000之间"))
        return weight.quantize(Decimal("0.01"))

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:.2f}"


class RectificationResource(ScopedModelResource):
    """One row per item; a row with a 编号 updates that item, a row without one adds an item to its problem."""

    id = Column(attribute="id", column_name="编号", widget=widgets.IntegerWidget())
    problem = Column(attribute="problem", column_name="问题编号", required=True)
    category = Column(column_name="方面", readonly=True)
    description = Column(column_name="问题表现", readonly=True)
    measure = Column(attribute="measure", column_name="整改措施", widget=TextWidget(), required=True)
    target = Column(attribute="target", column_name="整改目标", widget=TextWidget())
    indicator = Column(attribute="indicator", column_name="量化指标", widget=TextWidget())
    goal = Column(attribute="goal", column_name="目标值", widget=TextWidget())
    deadline = Column(attribute="deadline", column_name="完成时限", widget=ChineseDateWidget())
    responsible_person = Column(attribute="responsible_person", column_name="责任人")
    responsible_unit = Column(attribute="responsible_unit", column_name="责任单位")
    weight = Column(attribute="weight", column_name="权重", widget=WeightWidget())
    status = Column(column_name="状态", readonly=True)
    progress = Column(column_name="进度（%）", readonly=True)
    public = Column(column_name="已公开", readonly=True)

    row_meaning = gettext_lazy("一项整改事项")
    template_notes = (
        gettext_lazy("“编号”留空为新增事项；填写已有编号则修改该事项。状态、进度由进展报告和验收产生，导入时不读取。"),
    )

    class Meta:
        model = Rectification
        fields = (
            "id", "problem", "category", "description", "measure", "target", "indicator", "goal", "deadline",
            "responsible_person", "responsible_unit", "weight", "status", "progress", "public",
        )  # fmt: skip
        import_id_fields = ("id",)
        clean_model_instances = True
        skip_unchanged = False
        skip_diff = True
        use_bulk = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["problem"].widget = ProblemWidget(self)
        self.fields["responsible_person"].widget = NamedWidget(self, label=_("责任人"), units=False)
        self.fields["responsible_unit"].widget = NamedWidget(self, label=_("责任单位"), units=True)

    def get_queryset(self):
        return Rectification.objects.editable_by(self.user) if self.user is not None else Rectification.objects.none()

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if instance.problem_id:
            instance.campaign_id = instance.problem.campaign_id

    def save_instance(self, instance, is_create, row, **kwargs):
        instance.stamp(self.user)
        super().save_instance(instance, is_create, row, **kwargs)

    def dehydrate_category(self, record):
        return record.problem.get_category_display()

    def dehydrate_description(self, record):
        return record.problem.description

    def dehydrate_status(self, record):
        return record.get_status_display()

    def dehydrate_progress(self, record):
        return record.progress

    def dehydrate_public(self, record):
        return _("是") if record.public else _("否")

    def get_user_visible_fields(self):
        return self.get_export_fields()
