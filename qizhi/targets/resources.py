"""A plan's tasks from the decomposition table bureaus already keep in Excel (目标责任分解表): a row per
task, its place in the tree written as a number (1, 1.2, 1.2.1), checked under the same rules as the
form — all rows or none, every bad row named."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from import_export import widgets

from qizhi.core.resources import ChineseDateWidget, ChoiceWidget, Column, ScopedModelResource, TextWidget
from qizhi.org.models import Person
from qizhi.org.resources import UnitWidget
from qizhi.targets import services
from qizhi.targets.choices import Direction, Family, IndicatorKind
from qizhi.targets.models import Plan, Target


class PlanWidget(widgets.Widget):
    """A plan by its title, among the plans the user may change."""

    def __init__(self, resource: ScopedModelResource):
        super().__init__()
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        title = "" if value is None else str(value).strip()
        if not title:
            raise ValueError(_("责任书不能为空"))
        found = list(Plan.objects.editable_by(self.resource.user).filter(title=title)[:2])
        if not found:
            raise ValueError(_("责任书“{title}”不存在，或不在您的管理范围内").format(title=title))
        if len(found) > 1:
            raise ValueError(_("责任书名称“{title}”不唯一").format(title=title))
        return found[0]

    def template_choices(self) -> list[str]:
        plans = Plan.objects.editable_by(self.resource.user).order_by("-year", "title")
        return list(dict.fromkeys(plans.values_list("title", flat=True)[:200]))


class NumberWidget(widgets.Widget):
    """A non-negative decimal written in a cell (分值, 目标值)."""

    def __init__(self, *, field_label: str, required: bool = True):
        super().__init__()
        self.field_label, self.required = field_label, required

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            if self.required:
                raise ValueError(_("{field}不能为空").format(field=self.field_label))
            return None
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation as exc:
            raise ValueError(_("{field}“{value}”不是数字").format(field=self.field_label, value=value)) from exc
        if number < 0:
            raise ValueError(_("{field}不能为负数").format(field=self.field_label))
        return number


class TargetResource(ScopedModelResource):
    plan = Column(attribute="plan", column_name="责任书", required=True)
    number = Column(attribute="number", column_name="编号", widget=TextWidget(), required=True)
    family = Column(
        attribute="family", column_name="类别",
        widget=ChoiceWidget(Family.choices, field_label="类别", default=Family.BUSINESS),
    )  # fmt: skip
    category = Column(attribute="category", column_name="分类", widget=TextWidget())
    title = Column(attribute="title", column_name="任务", widget=TextWidget(), required=True)
    owner_unit = Column(attribute="owner_unit", column_name="责任单位", required=True)
    person_name = Column(attribute="person_name", column_name="责任人", widget=TextWidget())
    measure = Column(attribute="measure", column_name="指标", widget=TextWidget())
    goal = Column(attribute="goal", column_name="目标值", widget=NumberWidget(field_label="目标值", required=False))
    unit_of_measure = Column(attribute="unit_of_measure", column_name="计量单位", widget=TextWidget())
    direction = Column(
        attribute="direction", column_name="方向",
        widget=ChoiceWidget(Direction.choices, field_label="方向", default=Direction.AT_LEAST),
    )  # fmt: skip
    weight = Column(attribute="weight", column_name="分值", widget=NumberWidget(field_label="分值"), required=True)
    deadline = Column(attribute="deadline", column_name="完成时限", widget=ChineseDateWidget(), required=True)

    class Meta:
        model = Target
        fields = (
            "plan", "number", "family", "category", "title", "owner_unit", "person_name", "measure", "goal",
            "unit_of_measure", "direction", "weight", "deadline",
        )  # fmt: skip
        import_id_fields = ()
        clean_model_instances = False  # the rules live in services
        skip_diff = True
        use_bulk = False

    row_meaning = _lazy("一项任务（上级任务写在其分解任务之前，编号如 1、1.1、1.1.1）")
    template_sample: ClassVar[dict[str, object]] = {
        "编号": "1", "分类": "党建", "任务": "全年开展党员集中学习不少于12次", "责任人": "", "指标": "集中学习次数",
        "目标值": 12, "计量单位": "次", "分值": 3, "完成时限": datetime.date(2026, 12, 31),
    }  # fmt: skip

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["plan"].widget = PlanWidget(self)
        self.fields["owner_unit"].widget = UnitWidget(self, area="targets")
        self.created: dict[tuple[int, str], Target] = {}
        self.rows: dict[tuple[int, str], int] = {}

    def get_or_init_instance(self, instance_loader, row):
        return Target(), True

    def import_instance(self, instance, row, **kwargs):
        self.number = None
        super().import_instance(instance, row, **kwargs)
        number = instance.number
        if not number or any(not (part.isascii() and part.isdigit()) for part in number.split(".")):
            raise ValidationError({"number": _("编号“{n}”应写成 1、1.2、1.2.1 的形式").format(n=number)})
        key = (instance.plan.pk, number)
        if key in self.rows:
            raise ValidationError({"number": _("编号“{n}”与第 {row} 行重复").format(n=number, row=self.rows[key])})
        self.rows[key] = self.excel_row(kwargs)
        parent_number = number.rpartition(".")[0]
        self.parent = None
        if parent_number:
            self.parent = self.created.get((instance.plan.pk, parent_number))
            if self.parent is None:
                raise ValidationError({"number": _("上级编号“{n}”不存在（须写在本行之前）").format(n=parent_number)})
        person_name = instance.person_name  # a name, found within the owner unit
        if person_name:
            people = list(Person.objects.visible_to(self.user).filter(
                unit__path__startswith=instance.owner_unit.path, name=person_name, retired=False)[:2])  # fmt: skip
            if len(people) != 1:
                message = _("责任人“{name}”不在责任单位“{unit}”") if not people else _("责任单位中有多名“{name}”")
                raise ValidationError({"owner_person": message.format(name=person_name, unit=instance.owner_unit)})
            instance.owner_person = people[0]
        self.number = number
        services.check_target(instance.plan, self.parent, self.data_of(instance))

    @staticmethod
    def data_of(instance) -> dict:
        data = {name: getattr(instance, name, None) for name in services.TARGET_FIELDS if name != "stat_indicator"}
        data["kind"] = IndicatorKind.QUANTITATIVE
        return data

    def save_instance(self, instance, is_create, row, **kwargs):
        target = services.add_target(instance.plan, parent=self.parent, by=self.user, **self.data_of(instance))
        self.created[(instance.plan.pk, self.number)] = target
        instance.pk = target.pk

    def column_names(self) -> dict[str, str]:
        return {**super().column_names(), "target": "编号", "owner_person": "责任人"}
