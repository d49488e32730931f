from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import routers, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from qizhi.core.api import ScopedModelViewSet, TrackedSerializer, service_call
from qizhi.study import services
from qizhi.study.filters import ReflectionFilterSet, StudyPlanFilterSet, StudyRecordFilterSet, WorkLogFilterSet
from qizhi.study.models import Material, Reflection, StudyPlan, StudyRecord, WorkLog


class ServiceSerializer(TrackedSerializer):
    """Writes go through the app's service (``service``), which checks whose record it is."""

    service = None
    unscoped_references = {"person": "services.people_for: one's own person and the people one may approve"}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "person" in fields:
            fields["person"].queryset = services.people_for(request.user)
        return fields

    def save(self, **kwargs):
        record = self.instance or self.Meta.model()
        for name, value in self.validated_data.items():
            setattr(record, name, value)
        self.instance = service_call(type(self).service, record, by=self.context["request"].user)
        return self.instance


class StudyPlanSerializer(ServiceSerializer):
    service = staticmethod(services.save_plan)

    class Meta:
        model = StudyPlan
        fields = ["id", "title", "party_org", "unit", "start_date", "end_date", "description"]

    def validate(self, attrs):
        start = attrs.get("start_date", getattr(self.instance, "start_date", None))
        end = attrs.get("end_date", getattr(self.instance, "end_date", None))
        if start and end and end < start:
            raise serializers.ValidationError({"end_date": [_("完成期限不能早于开始日期")]})
        return attrs


class MaterialSerializer(ServiceSerializer):
    service = staticmethod(services.save_material)

    class Meta:
        model = Material
        fields = ["id", "plan", "number", "title", "kind", "required", "due_date"]


class StudyRecordSerializer(ServiceSerializer):
    service = staticmethod(services.save_record)

    class Meta:
        model = StudyRecord
        fields = ["id", "person", "material", "date", "minutes", "notes"]


class ReflectionSerializer(ServiceSerializer):
    service = staticmethod(services.save_reflection)

    class Meta:
        model = Reflection
        fields = ["id", "person", "plan", "title", "content", "status", "review_comment"]
        read_only_fields = ["status", "review_comment"]


class WorkLogSerializer(ServiceSerializer):
    service = staticmethod(services.save_worklog)

    class Meta:
        model = WorkLog
        fields = ["id", "person", "date", "content", "target"]
        validators = []  # the service names the person and the day


class ManagedViewSet(ScopedModelViewSet):
    """Plans and materials: the services decide who may set them (those who may approve study where
    the plan is); a refusal answers 403 with its sentence."""


class StudyPlanViewSet(ManagedViewSet):
    queryset = StudyPlan.objects.select_related("unit", "party_org")
    serializer_class = StudyPlanSerializer
    filterset_class = StudyPlanFilterSet

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def completion(self, request, pk=None):
        """Who finished which required material (the same table as the plan's page)."""
        return Response(services.completion(self.get_object()).as_dict())

    def perform_destroy(self, instance):
        service_call(services.delete_plan, instance, by=self.request.user)


class MaterialViewSet(ManagedViewSet):
    queryset = Material.objects.select_related("plan__unit")
    serializer_class = MaterialSerializer
    filterset_fields = ["plan", "required", "kind"]

    def perform_destroy(self, instance):
        service_call(services.delete_material, instance, by=self.request.user)


class OwnRecordsViewSet(ScopedModelViewSet):
    """Records kept for a person: the services decide whose (a refusal answers 403)."""

    def perform_destroy(self, instance):
        services.delete_own(instance, by=self.request.user)


class StudyRecordViewSet(OwnRecordsViewSet):
    queryset = StudyRecord.objects.select_related("person__unit", "material")
    serializer_class = StudyRecordSerializer
    filterset_class = StudyRecordFilterSet


class ReflectionViewSet(OwnRecordsViewSet):
    queryset = Reflection.objects.select_related("person__unit", "plan")
    serializer_class = ReflectionSerializer
    filterset_class = ReflectionFilterSet


class WorkLogViewSet(OwnRecordsViewSet):
    queryset = WorkLog.objects.select_related("person__unit")
    serializer_class = WorkLogSerializer
    filterset_class = WorkLogFilterSet


router = routers.SimpleRouter()
router.register("plans", StudyPlanViewSet, basename="studyplan")
router.register("materials", MaterialViewSet, basename="material")
router.register("records", StudyRecordViewSet, basename="studyrecord")
router.register("reflections", ReflectionViewSet, basename="reflection")
router.register("work-logs", WorkLogViewSet, basename="worklog")
