from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, routers, serializers
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from qizhi.accounts.roles import Action
from qizhi.core.api import ScopedModelViewSet, TrackedSerializer, service_call, unit_param
from qizhi.core.dbrouter import replica_reads
from qizhi.core.scoping import scope_of
from qizhi.meetings import services
from qizhi.meetings.filters import MeetingFilterSet
from qizhi.meetings.forms import party_orgs_for
from qizhi.meetings.models import Attendance, LifeMeetingPoint, Meeting
from qizhi.meetings.services.compliance import NOT_DUE, ComplianceReport
from qizhi.org.models import Person, Unit


class NoticeResultSerializer(serializers.Serializer):
    notified = serializers.IntegerField(help_text="how many people were told")


class SignInSerializer(serializers.Serializer):
    code = serializers.RegexField(
        r"^\s*\d{6}\s*$", max_length=12, error_messages={"invalid": gettext_lazy("签到码是6位数字")}
    )


class MeetingSerializer(TrackedSerializer):
    organizer_name = serializers.CharField(source="organizer.name", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "kind", "party_org", "unit", "organizer_name", "status", "date", "start_time", "place", "topic",
            "host", "recorder", "agenda", "minutes", "notice_published_at", "is_backfilled",
        ]  # fmt: skip
        read_only_fields = ["status", "notice_published_at", "is_backfilled"]
        extra_kwargs = {"unit": {"required": False}}

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["party_org"].queryset = party_orgs_for(request.user)
            for name in ("host", "recorder"):
                fields[name].queryset = Person.objects.visible_to(request.user)
        return fields

    def save(self, **kwargs):
        request = self.context["request"]
        meeting = self.instance or Meeting()
        for name, value in self.validated_data.items():
            setattr(meeting, name, value)
        self.instance = service_call(services.save_meeting, meeting, by=request.user)
        return self.instance


class AttendanceSerializer(TrackedSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Attendance
        fields = ["id", "meeting", "person", "person_name", "status", "absence_reason", "note", "signed_in_at"]
        read_only_fields = ["signed_in_at"]
        validators = []  # the service names the person when a row exists already

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["meeting"].queryset = Meeting.objects.editable_by(request.user)
            fields["person"].queryset = Person.objects.visible_to(request.user)
        if self.instance is not None:
            fields["meeting"].read_only = True
            fields["person"].read_only = True
        return fields

    def save(self, **kwargs):
        user = self.context["request"].user
        data = self.validated_data
        if self.instance is None:
            self.instance = service_call(
                services.add_attendee, data["meeting"], data["person"], by=user,
                status=data.get("status", "present"), absence_reason=data.get("absence_reason", ""),
                note=data.get("note", ""),
            )  # fmt: skip
            return self.instance
        row = self.instance
        mark = (
            data.get("status", row.status),
            data.get("absence_reason", row.absence_reason if data.get("status", row.status) == "absent" else ""),
            data.get("note", row.note),
        )
        service_call(services.record_attendance, row.meeting, {row.pk: mark}, by=user, versions={row.pk: row.version})
        row.refresh_from_db()
        return row


class LifeMeetingPointSerializer(TrackedSerializer):
    class Meta:
        model = LifeMeetingPoint
        fields = ["id", "meeting", "kind", "speaker", "about", "content"]

    def validate(self, attrs):
        point = LifeMeetingPoint(**{**({} if self.instance is None else {"meeting": self.instance.meeting}), **attrs})
        service_call(services.check_point, point)
        return attrs


class MeetingViewSet(ScopedModelViewSet):
    """Meetings; a planned meeting is confirmed with ``…/hold/`` (not before its date)."""

    queryset = Meeting.objects.select_related("party_org", "unit")
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilterSet
    action_permissions = {"sign_in": Action.VIEW, "notice": Action.CHANGE}  # the services decide the rest

    @extend_schema(request=None, responses={200: NoticeResultSerializer})
    @action(detail=True, methods=["post"])
    def notice(self, request, pk=None):
        """发布会议通知 to everyone expected (the meeting needs its start time, place and agenda)."""
        told = services.publish_notice(self.get_object(), by=request.user)
        return Response({"notified": told})

    @extend_schema(request=SignInSerializer, responses={200: AttendanceSerializer})
    @action(detail=True, methods=["post"], url_path="sign-in")
    def sign_in(self, request, pk=None):
        """A member signs in with the six-digit code shown at the meeting."""
        meeting = self.get_object()
        given = SignInSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        row = services.sign_in(meeting, given.validated_data["code"], user=request.user)
        return Response(AttendanceSerializer(row, context={"request": request}).data)

    @extend_schema(request=None, responses={200: MeetingSerializer})
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        meeting = services.mark_held(self.get_object(), by=request.user)
        return Response(MeetingSerializer(meeting, context={"request": request}).data)


class AttendanceViewSet(ScopedModelViewSet):
    """Attendance rows: a POST adds a participant (a member on the meeting's date), a PATCH marks one."""

    queryset = Attendance.objects.select_related("person", "meeting")
    serializer_class = AttendanceSerializer
    filterset_fields = ["meeting", "person", "status"]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]


class LifeMeetingPointViewSet(ScopedModelViewSet):
    queryset = LifeMeetingPoint.objects.select_related("meeting", "speaker", "about")
    serializer_class = LifeMeetingPointSerializer
    filterset_fields = ["meeting", "kind"]


@replica_reads
@extend_schema(
    parameters=[
        OpenApiParameter("unit", OpenApiTypes.INT, required=True, description="单位编号"),
        OpenApiParameter("year", OpenApiTypes.INT, description="年份，默认今年"),
        OpenApiParameter("period", OpenApiTypes.STR, description="或期间：2026、2026-Q2、2026-05"),
    ],
    responses={200: OpenApiTypes.OBJECT},
    description="“三会一课”等组织生活落实情况：每个党组织应召开、已召开、未召开的会议和参会率，及连续无故缺席的党员。",
)
@api_view(["GET"])
def compliance(request):
    unit = unit_param(request, Unit.objects)
    if not scope_of(request.user).covers("view", "meetings", unit.path):
        raise exceptions.NotFound(_("单位不存在或不在您的权限范围内"))
    text = request.query_params.get("period") or request.query_params.get("year")
    name = "period" if request.query_params.get("period") else "year"
    if text is None:
        from django.utils import timezone

        text = str(timezone.localdate().year)
    if name == "year" and not text.isdigit():
        raise exceptions.ValidationError({"year": [_("year 参数应为四位年份")]})
    period = service_call(services.parse_period, text, field_name=name)
    report = services.compliance(unit=unit, period=period)
    return Response({"unit": unit.pk, "unit_name": unit.name, **compliance_data(report)})


def compliance_data(report: ComplianceReport) -> dict:
    """The report's figures as the API serves them (and the tests read them)."""
    return {
        "period": report.period.key,
        "due": report.due,
        "held": report.held,
        "missing": report.missing,
        "backfilled": report.backfilled,
        "compliance_rate": report.compliance_rate,
        "attendance_rate": report.attendance_rate,
        "organizations": [
            {
                "id": o.org.pk,
                "name": o.org.name,
                "kind": o.org.kind,
                "due": o.due,
                "held": o.held,
                "missing": o.missing,
                "backfilled": o.backfilled,
                "meetings_held": o.meetings_held,
                "attendance_rate": o.attendance_rate,
                "periods": [
                    {
                        "kind": i.rule.kind,
                        "period": i.period.key,
                        "state": i.state,
                        "held": i.held,
                        "backfilled": i.backfilled,
                    }
                    for i in o.items
                    if i.state != NOT_DUE
                ],
            }
            for o in report.orgs
        ],
        "repeated_absences": [
            {"person": a.person.pk, "name": a.person.name, "run": a.run, "last_date": a.last_date.isoformat()}
            for a in report.absentees
        ],
    }


router = routers.SimpleRouter()
router.register("meetings", MeetingViewSet, basename="meeting")
router.register("attendances", AttendanceViewSet, basename="attendance")
router.register("life-meeting-points", LifeMeetingPointViewSet, basename="lifemeetingpoint")
