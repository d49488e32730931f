from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, routers, serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from qizhi.accounts.roles import Action
from qizhi.core.api import ScopedPermission, service_call, unit_param, year_param
from qizhi.core.dbrouter import replica_reads
from qizhi.core.forms import units_for
from qizhi.org.models import Unit
from qizhi.statistics import services
from qizhi.statistics.filters import StatReportFilterSet
from qizhi.statistics.models import Indicator, StatReport


class IndicatorSerializer(serializers.ModelSerializer):
    numerator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    denominator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    at_most = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Indicator
        fields = [
            "id", "code", "name", "unit_of_measure", "line", "time_aggregation", "integer", "reporting_kinds",
            "numerator", "denominator", "at_most",
        ]  # fmt: skip


class StatReportSerializer(serializers.ModelSerializer):
    values = serializers.SerializerMethodField()

    class Meta:
        model = StatReport
        fields = ["id", "unit", "month", "status", "preparer", "reviewer", "values"]
        read_only_fields = fields  # read here; a month is pushed through PushSerializer

    def get_values(self, report) -> dict[str, str]:
        return {v.indicator.code: services.plain(v.value) for v in report.values.all()}


class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Indicator.objects.filter(active=True)
    serializer_class = IndicatorSerializer
    permission_classes = [ScopedPermission]
    pagination_class = None

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


class PushSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    month = serializers.CharField(help_text="YYYY-MM", max_length=7)
    values = serializers.DictField(child=serializers.CharField(allow_blank=True), help_text="指标代码 → 数值")
    submit = serializers.BooleanField(default=False, help_text="保存后直接上报")


class StatReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reports are read here; a case system pushes a month with POST (values, optionally submitted),
    and a reviewer approves with ``…/approve/``. The same rules as the form apply, cell by cell."""

    queryset = StatReport.objects.select_related("unit").prefetch_related("values__indicator")
    serializer_class = StatReportSerializer
    filterset_class = StatReportFilterSet
    permission_classes = [ScopedPermission]
    action_permissions = {"approve": Action.APPROVE}

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    @extend_schema(request=PushSerializer, responses={201: StatReportSerializer})
    def create(self, request):
        data = PushSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = units_for(request.user, "statistics").filter(pk=data.validated_data["unit"]).first()
        if unit is None:
            raise exceptions.ValidationError({"unit": [_("单位不存在或您不能为其填报")]})
        with transaction.atomic():
            month = service_call(services.parse_month, data.validated_data["month"], field="month")
            report = StatReport.objects.filter(unit=unit, month=month).first()
            report = report or service_call(services.open_report, unit, month, by=request.user)
            service_call(services.save_values, report, data.validated_data["values"], by=request.user)
            if data.validated_data["submit"]:
                service_call(services.submit, report, by=request.user)
        report.refresh_from_db()
        return Response(StatReportSerializer(report).data, status=201)

    @extend_schema(request=None, responses={200: StatReportSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        report = self.get_object()
        services.approve(report, by=request.user)
        return Response(StatReportSerializer(report).data)


def _month(request, name: str):
    raw = request.query_params.get(name)
    if not raw:
        raise exceptions.ValidationError({name: [_("必须提供 {name} 参数（YYYY-MM）").format(name=name)]})
    try:
        return services.parse_month(raw)
    except DjangoValidationError as exc:
        raise exceptions.ValidationError({name: exc.messages}) from exc


@replica_reads
@extend_schema(
    parameters=[
        OpenApiParameter("unit", OpenApiTypes.INT, required=True),
        OpenApiParameter("start", OpenApiTypes.STR, required=True, description="YYYY-MM"),
        OpenApiParameter("end", OpenApiTypes.STR, required=True, description="YYYY-MM"),
        OpenApiParameter("provisional", OpenApiTypes.BOOL, description="含未审核数据"),
        OpenApiParameter("by", OpenApiTypes.STR, enum=["child"], description="child：按下级单位分列"),
        OpenApiParameter(
            "level", OpenApiTypes.INT, description="与 by=child 同用：下级层级，1 为直属下级（默认），2 为再下一级"
        ),
    ],
    responses={200: OpenApiTypes.OBJECT},
    description="单位（含下级）在期间内各指标的汇总值、去年同期值与增减；比率指标由分子分母之和重新计算。"
    "by=child 时按下级单位分列（children），每个下级单位一行。",
)
@api_view(["GET"])
def rollup(request):
    unit = unit_param(request, Unit.objects)
    start, end = _month(request, "start"), _month(request, "end")
    if start > end:
        raise exceptions.ValidationError({"end": [_("截止月份不能早于起始月份")]})
    provisional = request.query_params.get("provisional") in ("1", "true", "yes")
    head = {"unit": unit.pk, "start": f"{start:%Y-%m}", "end": f"{end:%Y-%m}", "provisional": provisional}
    by = request.query_params.get("by", "")
    if by not in ("", "child"):
        raise exceptions.ValidationError({"by": [_("by 参数只能为 child")]})
    if not by:
        figures = services.rollup(unit, start, end, provisional=provisional)
        return Response({**head, "indicators": [{**_indicator(f.indicator), **_figure(f)} for f in figures]})
    level = request.query_params.get("level", "1")
    if level not in ("1", "2", "3"):
        raise exceptions.ValidationError({"level": [_("level 参数应为 1、2 或 3")]})
    rows = services.rollup_by_child(unit, start, end, level=int(level), provisional=provisional)
    return Response(
        {
            **head,
            "level": int(level),
            "indicators": [_indicator(i) for i in services.active_indicators()],
            "children": [
                {"unit": child.pk, "name": child.name, "figures": {f.indicator.code: _figure(f) for f in figures}}
                for child, figures in rows
            ],
        }
    )


def _indicator(indicator) -> dict:
    return {"code": indicator.code, "name": indicator.name, "unit_of_measure": indicator.unit_of_measure}


def _figure(figure: services.Figure) -> dict:
    return {
        "value": services.plain(figure.value) if figure.value is not None else None,
        "last_year": services.plain(figure.last_year) if figure.last_year is not None else None,
        "change": services.plain(figure.change) if figure.change is not None else None,
    }


@replica_reads
@extend_schema(
    parameters=[
        OpenApiParameter("unit", OpenApiTypes.INT, required=True),
        OpenApiParameter("year", OpenApiTypes.INT, required=True),
    ],
    responses={200: OpenApiTypes.OBJECT},
    description="按模板生成的年度工作概述（如“一年来，共办理各类公证事务1855件……”）。",
)
@api_view(["GET"])
def paragraph(request):
    unit = unit_param(request, Unit.objects)
    year = year_param(request)
    return Response({"unit": unit.pk, "year": year, "text": services.paragraph(unit, year)})


router = routers.SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("reports", StatReportViewSet, basename="statreport")
