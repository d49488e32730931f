from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, routers, serializers
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from qizhi.core import bounds
from qizhi.core.api import ScopedModelViewSet, TrackedSerializer, service_call, unit_param, year_param
from qizhi.core.dbrouter import replica_reads
from qizhi.org.models import Unit
from qizhi.veterans import services
from qizhi.veterans.filters import CareVisitFilterSet, HardshipAidFilterSet
from qizhi.veterans.models import CareVisit, HardshipAid


class CareVisitSerializer(TrackedSerializer):
    class Meta:
        model = CareVisit
        fields = ["id", "unit", "kind", "date", "occasion", "title", "veterans", "visitors", "gifts", "amount", "note",
                  "version"]  # fmt: skip


class HardshipAidSerializer(TrackedSerializer):
    class Meta:
        model = HardshipAid
        fields = ["id", "unit", "person", "reported_on", "need", "requested", "status", "decision", "amount",
                  "decided_on", "version"]  # fmt: skip
        read_only_fields = ["status", "decision", "amount", "decided_on"]


class DecideSerializer(serializers.Serializer):
    grant = serializers.BooleanField()
    on = serializers.DateField(
        validators=bounds.date_validators(bounds.PLANNED),
    )
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, allow_null=True)
    decision = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class CareVisitViewSet(ScopedModelViewSet):
    queryset = CareVisit.objects.select_related("unit").prefetch_related("veterans")
    serializer_class = CareVisitSerializer
    filterset_class = CareVisitFilterSet


class HardshipAidViewSet(ScopedModelViewSet):
    queryset = HardshipAid.objects.select_related("unit", "person")
    serializer_class = HardshipAidSerializer
    filterset_class = HardshipAidFilterSet

    def get_permissions(self):
        if self.action == "decide":  # the service decides who may (``decide_aid``); a refusal answers 403
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    @extend_schema(request=DecideSerializer, responses=HardshipAidSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        aid = self.get_object()
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service_call(services.decide_aid, aid, by=request.user, **data.validated_data)
        return Response(HardshipAidSerializer(aid, context={"request": request}).data)


@replica_reads
@extend_schema(
    parameters=[OpenApiParameter("unit", OpenApiTypes.INT, required=True),
                OpenApiParameter("year", OpenApiTypes.INT, required=True)],
    responses=OpenApiTypes.OBJECT,
)  # fmt: skip
@api_view(["GET"])
def figures(request):
    """The year's 老干部工作 figures of a unit's subtree, and the report's sentence."""
    unit = unit_param(request, Unit.objects)
    result = services.year_figures(unit, year_param(request))
    return Response({**result.as_dict(), "unit": unit.pk, "paragraph": services.paragraph(result)})


router = routers.SimpleRouter()
router.register("visits", CareVisitViewSet)
router.register("aids", HardshipAidViewSet)
