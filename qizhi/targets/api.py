"""Plans, targets, progress reports and commitments; the computed scores and ranks."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, routers, serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from qizhi.core import bounds, params
from qizhi.core.api import ScopedModelViewSet, ScopedPermission, TrackedSerializer, service_call, unit_param, year_param
from qizhi.core.dbrouter import replica_reads
from qizhi.org.models import Person, Unit
from qizhi.party.models import PartyOrg
from qizhi.targets import services
from qizhi.targets.filters import CommitmentFilterSet, PlanFilterSet
from qizhi.targets.models import Commitment, Plan, ProgressReport, Target


class PlanSerializer(TrackedSerializer):
    class Meta:
        model = Plan
        fields = ["id", "unit", "year", "title", "description"]


class TargetSerializer(serializers.ModelSerializer):
    completion = serializers.DecimalField(max_digits=5, decimal_places=4, read_only=True)
    light = serializers.SerializerMethodField()

    class Meta:
        model = Target
        fields = [
            "id", "plan", "path", "depth", "family", "category", "title", "description", "weight", "deadline",
            "owner_unit", "owner_person", "kind", "measure", "unit_of_measure", "goal", "direction", "stat_indicator",
            "actual", "completion", "light",
        ]  # fmt: skip
        read_only_fields = fields

    def get_light(self, target) -> str:
        return services.light(target)


class TargetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Targets are read here (filter ``?plan=``); they are built and decomposed on the plan pages."""

    queryset = Target.objects.select_related("plan")
    serializer_class = TargetSerializer
    permission_classes = [ScopedPermission]

    def get_queryset(self):
        queryset = services.with_lights(self.queryset.visible_to(self.request.user))
        if self.request.query_params.get("plan"):
            queryset = queryset.filter(plan_id=params.required_id(self.request.query_params, "plan"))
        return queryset


class ProgressReportSerializer(serializers.ModelSerializer):
    milestones_done = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "target", "as_of", "value", "milestones_done", "narrative", "status", "created_by"]
        read_only_fields = fields  # read here; progress is reported through ProgressInputSerializer


class ProgressInputSerializer(serializers.Serializer):
    target = serializers.IntegerField()
    as_of = serializers.DateField(validators=bounds.date_validators(bounds.DONE))
    value = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True)
    milestones_done = serializers.ListField(child=serializers.IntegerField(), required=False)
    narrative = serializers.CharField(max_length=bounds.TEXT_MAX)
    confirm_large = serializers.BooleanField(default=False, help_text="完成值超过目标值10倍时须确认")


class ProgressReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The owner reports progress (POST); the parent owner approves or returns it."""

    queryset = ProgressReport.objects.select_related("target").prefetch_related("milestones_done")
    serializer_class = ProgressReportSerializer
    permission_classes = [ScopedPermission]
    action_permissions = {"create": "view", "approve": "view", "return_": "view"}  # the services decide who

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    @extend_schema(request=ProgressInputSerializer, responses={201: ProgressReportSerializer})
    def create(self, request):
        data = ProgressInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        target = Target.objects.visible_to(request.user).filter(pk=data.validated_data["target"]).first()
        if target is None:
            raise exceptions.ValidationError({"target": [_("任务不存在或不在您的权限范围内")]})
        milestones = list(target.milestones.filter(pk__in=data.validated_data.get("milestones_done", [])))
        report = service_call(
            services.report_progress, target, by=request.user, as_of=data.validated_data["as_of"],
            value=data.validated_data.get("value"), milestones=milestones, narrative=data.validated_data["narrative"],
            confirm_large=data.validated_data["confirm_large"],
        )  # fmt: skip
        return Response(ProgressReportSerializer(report).data, status=201)

    @extend_schema(request=None, responses={200: ProgressReportSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        report = self.get_object()
        service_call(services.approve_progress, report, by=request.user, field="status")  # not theirs: 403
        report.refresh_from_db()
        return Response(ProgressReportSerializer(report).data)

    @extend_schema(request=None, responses={200: ProgressReportSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        report = self.get_object()
        service_call(services.return_progress, report, by=request.user, reason=request.data.get("reason", ""))
        report.refresh_from_db()
        return Response(ProgressReportSerializer(report).data)


class PlanViewSet(ScopedModelViewSet):
    queryset = Plan.objects.select_related("unit")
    serializer_class = PlanSerializer
    filterset_class = PlanFilterSet


class CommitmentSerializer(TrackedSerializer):
    class Meta:
        model = Commitment
        fields = ["id", "unit", "year", "party_org", "person", "content", "targets", "public"]

    def get_fields(self):
        """The committer and the targets are chosen among what the user may see."""
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            user = request.user
            fields["party_org"].queryset = PartyOrg.objects.visible_to(user)
            fields["person"].queryset = Person.objects.visible_to(user)
            fields["targets"].child_relation.queryset = Target.objects.visible_to(user)
        return fields

    def validate(self, data):
        party_org = data.get("party_org", getattr(self.instance, "party_org", None))
        person = data.get("person", getattr(self.instance, "person", None))
        if (party_org is None) == (person is None):
            raise serializers.ValidationError({"person": [_("承诺人应为一个党组织或一名党员")]})
        return data


class CommitmentViewSet(ScopedModelViewSet):
    queryset = Commitment.objects.select_related("unit").prefetch_related("targets")
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet


def _score(score: services.Score) -> dict:
    return {
        "unit": score.unit.pk, "name": score.unit.name, "kind": score.unit.kind, "earned": str(score.earned),
        "possible": f"{score.possible.normalize():f}", "base": None if score.base is None else str(score.base),
        "adjustments": str(score.adjustments), "total": str(score.total), "lights": score.lights, "rank": score.rank,
    }  # fmt: skip


@replica_reads
@extend_schema(
    parameters=[
        OpenApiParameter("unit", OpenApiTypes.INT, required=True),
        OpenApiParameter("year", OpenApiTypes.INT, required=True),
    ],
    responses={200: OpenApiTypes.OBJECT},
    description=(
        "单位的完成分值 earned、应得分值 possible、百分制目标得分 base、加减分、综合得分与红黄绿灯数，"
        "以及下级单位在同类单位中的得分与名次。"
    ),
)
@api_view(["GET"])
def scores(request):
    unit = unit_param(request, Unit.objects)
    year = year_param(request)
    own = services.scores([unit], year)[0]
    children = [_score(s) for items in services.ranking(unit, year).values() for s in items]
    return Response({"year": year, **_score(own), "children": children})


router = routers.SimpleRouter()
router.register("plans", PlanViewSet, basename="plan")
router.register("targets", TargetViewSet, basename="target")
router.register("progress", ProgressReportViewSet, basename="progressreport")
router.register("commitments", CommitmentViewSet, basename="commitment")
