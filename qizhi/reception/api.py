from __future__ import annotations

from rest_framework import mixins, routers, serializers, viewsets

from qizhi.core.api import ScopedModelViewSet, ScopedPermission, TrackedSerializer, service_call, unit_year_figures
from qizhi.reception import services
from qizhi.reception.filters import CalendarDayFilterSet, CaseFilterSet, ClockRuleFilterSet, DutySlotFilterSet
from qizhi.reception.forms import HAND_CHANNELS, clean_text
from qizhi.reception.models import CalendarDay, Case, ClockRule, DutySlot


class CaseSerializer(TrackedSerializer):
    owner_name = serializers.CharField(source="owner.username", read_only=True, default=None)
    query_code = serializers.SerializerMethodField(help_text="查询码：仅在登记时返回一次")

    class Meta:
        model = Case
        fields = [
            "id", "number", "unit", "kind", "channel", "subject", "content", "citizen_name", "citizen_phone",
            "received_on", "status", "owner", "owner_name", "accepted_on", "closed_on", "outcome", "extension_days",
            "extension_reason", "satisfaction", "reopened_on", "anonymous", "query_code",
        ]  # fmt: skip
        read_only_fields = ["owner", "status", "accepted_on", "closed_on", "outcome", "extension_days",
                            "extension_reason", "satisfaction", "reopened_on", "anonymous"]  # fmt: skip
        # Required, and the channels the form offers: the model's defaults made both optional here, and a case
        # without a kind reached the service as a KeyError (a 500).
        extra_kwargs = {"kind": {"required": True}, "channel": {"required": True, "choices": HAND_CHANNELS}}

    def get_query_code(self, obj) -> str | None:
        return getattr(obj, "query_code", None)

    def create(self, validated_data):
        data = {k: validated_data.get(k, "") for k in ("citizen_name", "citizen_phone")}
        user = self.context["request"].user
        registered = service_call(
            services.register_case, unit=validated_data["unit"], kind=validated_data["kind"],
            channel=validated_data["channel"], subject=clean_text(validated_data["subject"]),
            content=clean_text(validated_data["content"]), received_on=validated_data["received_on"], by=user,
            owner=user, **data,
        )  # fmt: skip
        registered.case.query_code = registered.code
        return registered.case

    def update(self, instance, validated_data):
        raise serializers.ValidationError({"non_field_errors": ["事项通过办理操作变更，不能直接修改"]})


class CaseViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Visits and letters; ``POST`` registers a visit (the caller is its first-responsible owner)."""

    queryset = Case.objects.select_related("owner", "unit")
    serializer_class = CaseSerializer
    filterset_class = CaseFilterSet
    permission_classes = [ScopedPermission]

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


class DutySlotSerializer(TrackedSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True)

    class Meta:
        model = DutySlot
        fields = ["id", "unit", "week", "leader", "leader_name", "place", "scheduled", "swap_reason"]
        read_only_fields = ["scheduled", "swap_reason"]

    def validate_week(self, value):
        return services.monday_of(value)


class DutySlotViewSet(ScopedModelViewSet):
    queryset = DutySlot.objects.select_related("leader")
    serializer_class = DutySlotSerializer
    filterset_class = DutySlotFilterSet


class CalendarDaySerializer(TrackedSerializer):
    class Meta:
        model = CalendarDay
        fields = ["id", "date", "kind", "name"]


class CalendarDayViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = CalendarDay.objects.all()
    serializer_class = CalendarDaySerializer
    filterset_class = CalendarDayFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


class ClockRuleSerializer(TrackedSerializer):
    class Meta:
        model = ClockRule
        fields = ["id", "case_kind", "stage", "days", "counting", "start", "max_extension", "basis"]


class ClockRuleViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = ClockRule.objects.all()
    serializer_class = ClockRuleSerializer
    filterset_class = ClockRuleFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


figures = unit_year_figures(
    services.year_figures,
    description="单位及其下属单位某年的接访来信数字：来访人次、来信件数、办结数、满意数，按承办单位的受理、办结用时中位数（日）。",
)


router = routers.SimpleRouter()
router.register("cases", CaseViewSet, basename="case")
router.register("duty-slots", DutySlotViewSet, basename="dutyslot")
router.register("calendar-days", CalendarDayViewSet, basename="calendarday")
router.register("clock-rules", ClockRuleViewSet, basename="clockrule")
