"""The payroll import of dues bases (工资表 → 党费计算基数), all or nothing, and their export."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import widgets

from qizhi.core.resources import ChoiceWidget, Column, ScopedModelResource, TextWidget
from qizhi.dues import services
from qizhi.dues.choices import DuesKind
from qizhi.dues.models import DuesBase, DuesPayment
from qizhi.dues.standard import parse_base
from qizhi.org.validators import mask_id_number, normalize_id_number

KIND_LABELS = [(DuesKind.SERVING, "在职"), (DuesKind.RETIRED, "离退休"), (DuesKind.FIXED, "定额")]


class MemberWidget(widgets.Widget):
    """A current member, by ID number, among those whose dues the importing user keeps."""

    def __init__(self, resource: ScopedModelResource):
        super().__init__()
        self.resource = resource

    def clean(self, value, row=None, **kwargs):
        number = normalize_id_number(TextWidget().clean(value))
        if not number:
            raise ValueError(_("身份证号码不能为空"))
        membership = (
            services.manageable_memberships(self.resource.user)
            .filter(person__id_number=number, ended_on__isnull=True)
            .select_related("person")
            .first()
        )
        if membership is None:
            raise ValueError(_("身份证号码“{n}”不是您管理范围内的在册党员").format(n=number))
        return membership

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        number = value.person.id_number
        return number if self.resource.show_personal else mask_id_number(number)


class MonthWidget(widgets.Widget):
    """A month: 2026-01, 2026/1, 2026年1月 or an Excel date."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.replace(day=1)
        text = "" if value is None else str(value).strip()
        for old, new in (("年", "-"), ("月", ""), ("/", "-"), (".", "-")):
            text = text.replace(old, new)
        try:
            return services.parse_month(text)
        except ValidationError as exc:
            raise ValueError(exc.message_dict["month"][0]) from exc

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%Y-%m") if value else ""


class MoneyWidget(widgets.Widget):
    """An amount in yuan, exact to the fen; a blank cell is ``default``."""

    def __init__(self, *, label: str, default: Decimal | None = None):
        super().__init__()
        self.label, self.default = label, default

    def clean(self, value, row=None, **kwargs):
        if value is None or (isinstance(value, str) and not value.strip()):
            if self.default is None:
                raise ValueError(_("{label}不能为空").format(label=self.label))
            return self.default
        if isinstance(value, float):
            value = repr(value)  # 3000.01 from Excel: its shortest decimal form, not the binary expansion
        try:
            return parse_base(value)
        except ValidationError as exc:
            raise ValueError(exc.message_dict["base"][0].replace(_("党费计算基数"), self.label)) from exc
        except InvalidOperation as exc:  # pragma: no cover - parse_base turns these into ValidationError
            raise ValueError(self.label) from exc

    def render(self, value, obj=None, **kwargs):
        return "" if value is None else f"{value:.2f}"


class DuesBaseResource(ScopedModelResource):
    """One row per member: 姓名, 身份证号码, 计算类别, 起始月份, 计算基数, 自愿多交, 备注.

    A row for a member and month that already has a base updates it; any other row adds one."""

    name = Column(column_name="姓名", readonly=True)
    membership = Column(attribute="membership", column_name="身份证号码", required=True)
    kind = Column(
        attribute="kind", column_name="计算类别",
        widget=ChoiceWidget(KIND_LABELS + list(DuesKind.choices), field_label="计算类别", default=""),
    )  # fmt: skip
    start_month = Column(attribute="start_month", column_name="起始月份", widget=MonthWidget(), required=True)
    base = Column(attribute="base", column_name="计算基数", widget=MoneyWidget(label="计算基数"), required=True)
    extra = Column(
        attribute="extra", column_name="自愿多交", widget=MoneyWidget(label="自愿多交", default=Decimal("0"))
    )
    note = Column(attribute="note", column_name="备注", widget=TextWidget())

    class Meta:
        model = DuesBase
        fields = ("name", "membership", "kind", "start_month", "base", "extra", "note")
        import_id_fields = ("membership", "start_month")
        clean_model_instances = True
        skip_unchanged = False
        skip_diff = True
        use_bulk = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.fields["membership"].widget = MemberWidget(self)
        self._seen: dict[tuple, int] = {}

    def get_queryset(self):
        return DuesBase.objects.editable_by(self.user) if self.user is not None else DuesBase.objects.none()

    def before_import_row(self, row, **kwargs):
        """The member and month find the row to update: check them first, so that their errors name their column."""
        errors = {}
        for attribute in ("membership", "start_month"):
            field = self.fields[attribute]
            try:
                field.clean(row)
            except (ValueError, KeyError) as exc:
                errors[attribute] = [str(exc.args[0]) if exc.args else str(exc)]
        if errors:
            raise ValidationError(errors)

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if not instance.kind:  # not stated: by the person's status
            instance.kind = DuesKind.RETIRED if instance.membership.person.retired else DuesKind.SERVING
        key = (instance.membership.pk, instance.start_month)
        line = self.excel_row(kwargs)
        if key in self._seen:
            raise ValidationError(
                {"membership": _("与第 {row} 行是同一党员、同一起始月份").format(row=self._seen[key])}
            )
        self._seen[key] = line

    def save_instance(self, instance, is_create, row, **kwargs):
        instance.stamp(self.user)
        super().save_instance(instance, is_create, row, **kwargs)

    def dehydrate_name(self, record):
        return record.membership.person.name

    def get_user_visible_fields(self):
        return self.get_import_fields()


class DuesPaymentResource(ScopedModelResource):
    """Payments as a list (export only)."""

    name = Column(column_name="姓名", readonly=True)
    branch = Column(column_name="所在支部", readonly=True)
    month = Column(attribute="month", column_name="所属月份", widget=MonthWidget())
    due = Column(attribute="due", column_name="应交（元）", widget=MoneyWidget(label="应交"))
    extra = Column(attribute="extra", column_name="自愿多交（元）", widget=MoneyWidget(label="自愿多交"))
    paid_on = Column(attribute="paid_on", column_name="交纳日期")
    proxy = Column(column_name="代交人", readonly=True)
    note = Column(attribute="note", column_name="备注")

    class Meta:
        model = DuesPayment
        fields = ("name", "branch", "month", "due", "extra", "paid_on", "proxy", "note")

    def dehydrate_name(self, record):
        return record.membership.person.name

    def dehydrate_branch(self, record):
        return record.membership.branch.name

    def dehydrate_proxy(self, record):
        return record.proxy.name if record.proxy else ""

    def get_user_visible_fields(self):
        return self.get_export_fields()
