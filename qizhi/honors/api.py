"""/api/honors/: the register (honors) and its figures by unit and year."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import routers, serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response

from qizhi.core.api import ScopedModelViewSet, TrackedSerializer, unit_param
from qizhi.core.dbrouter import replica_reads
from qizhi.core.params import year as year_param
from qizhi.honors import services
from qizhi.honors.filters import HonorFilterSet
from qizhi.honors.models import Honor
from qizhi.org.models import Unit


class HonorSerializer(TrackedSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True, default="")

    class Meta:
        model = Honor
        fields = ["id", "kind", "unit", "person", "person_name", "title", "level", "issuer", "granted_on",
                  "document_number", "note"]  # fmt: skip
        # whom an honor may name is Honor.clean's rule, which TrackedSerializer runs


class HonorViewSet(ScopedModelViewSet):
    queryset = Honor.objects.select_related("unit", "person")
    serializer_class = HonorSerializer
    filterset_class = HonorFilterSet


@replica_reads
@extend_schema(
    parameters=[
        OpenApiParameter("unit", OpenApiTypes.INT, required=True, description="单位编号（含下级单位）"),
        OpenApiParameter("year", OpenApiTypes.INT, required=False, description="年度；不填为全部年度"),
    ],
    responses={200: OpenApiTypes.OBJECT},
    description="表彰统计：受表彰人次、集体荣誉项数、受县级以上表彰的党员人数，以及按材料口径生成的语句。",
)
@api_view(["GET"])
def figures(request):
    unit = unit_param(request, Unit.objects)
    return Response(services.figures(unit, year_param(request.query_params)))


router = routers.SimpleRouter()
router.register("honors", HonorViewSet, basename="honor")
