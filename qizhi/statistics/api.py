from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, routers, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from qizhi.core.api import ScopedPermission, unit_param
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

    def get_values(self, report) -> dict[str, str]:
        return {v.indicator.code: services.plain(v.value) for v in report.values.all()}


class IndicatorViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Indicator.objects.filter(active=True)
    serializer_class = IndicatorSerializer
    permission_classes = [ScopedPermission]
    pagination_class = None

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


class StatReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = StatReport.objects.select_related("unit").prefetch_related("values__indicator")
    serializer_class = StatReportSerializer
    filterset_class = StatReportFilterSet
    permission_classes = [ScopedPermission]

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


def _month(request, name: str):
    raw = request.query_params.get(name)
    if not raw:
        raise exceptions.ValidationError({name: [_("必须提供 {name} 参数（YYYY-MM）").format(name=name)]})
    try:
        return services.parse_month(raw)
    except DjangoValidationError as exc:
        raise exceptions.ValidationError({name: exc.messages}) from exc


@extend_schema(
    parameters=[
        OpenApiParameter("unit", OpenApiTypes.INT, required=True),
        OpenApiParameter("start", OpenApiTypes.STR, required=True, description="YYYY-MM"),
        OpenApiParameter("end", OpenApiTypes.STR, required=True, description="YYYY-MM"),
        OpenApiParameter("provisional", OpenApiTypes.BOOL, description="含未审核数据"),
    ],
    responses={200: OpenApiTypes.OBJECT},
    description="单位（含下级）在期间内各指标的汇总值、去年同期值与增减；比率指标由分子分母之和重新计算。",
)
@api_view(["GET"])
def rollup(request):
    unit = unit_param(request, Unit.objects)
    start, end = _month(request, "start"), _month(request, "end")
    if start > end:
        raise exceptions.ValidationError({"end": [_("截止月份不能早于起始月份")]})
    provisional = request.query_params.get("provisional") in ("1", "true", "yes")
    figures = services.rollup(unit, start, end, provisional=provisional)
    return Response(
        {
            "unit": unit.pk,
            "start": f"{start:%Y-%m}",
            "end": f"{end:%Y-%m}",
            "provisional": provisional,
            "indicators": [
                {
                    "code": f.indicator.code,
                    "name": f.indicator.name,
                    "unit_of_measure": f.indicator.unit_of_measure,
                    "value": services.plain(f.value) if f.value is not None else None,
                    "last_year": services.plain(f.last_year) if f.last_year is not None else None,
                    "change": services.plain(f.change) if f.change is not None else None,
                }
                for f in figures
            ],
        }
    )


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
    try:
        year = int(request.query_params.get("year", ""))
    except ValueError as exc:
        raise exceptions.ValidationError({"year": [_("year 参数应为四位年份")]}) from exc
    if not 2000 <= year <= 2100:
        raise exceptions.ValidationError({"year": [_("year 参数应为四位年份")]})
    return Response({"unit": unit.pk, "year": year, "text": services.paragraph(unit, year)})


router = routers.SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicator")
router.register("reports", StatReportViewSet, basename="statreport")
