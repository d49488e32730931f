from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import routers, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from qizhi.accounts.roles import Action
from qizhi.core import bounds
from qizhi.core.api import ScopedModelViewSet, ScopedReferencesMixin, TrackedSerializer, service_call
from qizhi.party.choices import MembershipStatus
from qizhi.party.models import Membership
from qizhi.recruitment import services
from qizhi.recruitment.choices import Step
from qizhi.recruitment.filters import ApplicantFilterSet
from qizhi.recruitment.models import Applicant


class DueSerializer(serializers.Serializer):
    step = serializers.CharField(max_length=30)
    label = serializers.CharField(max_length=100)
    earliest = serializers.DateField(validators=bounds.date_validators(bounds.PLANNED), allow_null=True)
    due = serializers.DateField(validators=bounds.date_validators(bounds.PLANNED), allow_null=True)
    latest = serializers.DateField(validators=bounds.date_validators(bounds.PLANNED), allow_null=True)


class ApplicantSerializer(TrackedSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    next_steps = serializers.SerializerMethodField()

    class Meta:
        model = Applicant
        fields = [
            "id", "person", "person_name", "branch", "stage", "applied_on", "talked_on", "activist_on",
            "examined_on", "candidate_on", "introduced_on", "reviewed_on", "training_hours", "trained_on",
            "committee_on", "prereviewed_on", "notice_from", "notice_to", "assembly_on", "voters", "votes_for",
            "votes_against", "votes_abstain", "approved_on", "membership", "extended_to", "converted_on",
            "stopped_on", "stop_reason", "note", "next_steps", "version",
        ]  # fmt: skip
        read_only_fields = ["stage", "membership"]

    @extend_schema(responses=DueSerializer(many=True))
    def get_next_steps(self, obj) -> list[dict]:
        return [{**due.__dict__, "label": due.label} for due in services.next_steps(obj)]

    def update(self, instance, validated_data):
        # The steps' dates change only through the ``step`` action; a PUT/PATCH edits the note.
        return super().update(instance, {k: v for k, v in validated_data.items() if k == "note"})


def _members():
    return Membership.objects.filter(status=MembershipStatus.FULL, ended_on__isnull=True)


class StepSerializer(ScopedReferencesMixin, serializers.Serializer):
    step = serializers.ChoiceField(choices=Step.choices)
    on = serializers.DateField(
        validators=bounds.date_validators(bounds.PLANNED),
    )
    talked_by = serializers.CharField(required=False, max_length=60, default="")
    contact_1 = serializers.PrimaryKeyRelatedField(queryset=_members(), required=False, allow_null=True)
    contact_2 = serializers.PrimaryKeyRelatedField(queryset=_members(), required=False, allow_null=True)
    introducer_1 = serializers.PrimaryKeyRelatedField(queryset=_members(), required=False, allow_null=True)
    introducer_2 = serializers.PrimaryKeyRelatedField(queryset=_members(), required=False, allow_null=True)
    hours = serializers.IntegerField(required=False, min_value=0, max_value=1000)
    until = serializers.DateField(validators=bounds.date_validators(bounds.PLANNED), required=False)
    voters = serializers.IntegerField(required=False, min_value=1, max_value=10000)
    votes_for = serializers.IntegerField(required=False, min_value=0, max_value=10000)
    votes_against = serializers.IntegerField(required=False, min_value=0, max_value=10000, default=0)
    votes_abstain = serializers.IntegerField(required=False, min_value=0, max_value=10000, default=0)
    months = serializers.IntegerField(required=False, min_value=1, max_value=24)
    reason = serializers.CharField(required=False, max_length=200, default="")

    class Meta:
        model = Applicant  # the record it changes: its branch is its place (core.references)

    def arguments(self) -> dict:
        """The keyword arguments the step's rule takes (others are ignored)."""
        from qizhi.recruitment.forms import STEP_FIELDS

        data = self.validated_data
        return {name: data.get(name) for name in STEP_FIELDS.get(data["step"], {}) if name in data}


class ApplicantViewSet(ScopedModelViewSet):
    queryset = Applicant.objects.select_related("person", "branch")
    serializer_class = ApplicantSerializer
    filterset_class = ApplicantFilterSet
    action_permissions = {"step": Action.CHANGE}

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = service_call(
            services.apply, data["person"], branch=data["branch"], applied_on=data["applied_on"],
            note=data.get("note", ""), by=self.request.user,
        )  # fmt: skip

    @extend_schema(request=StepSerializer, responses=ApplicantSerializer)
    @action(detail=True, methods=["post"])
    def step(self, request, pk=None):
        """Record a step of the procedure (``step``, ``on`` and what the step records)."""
        applicant = self.get_object()
        data = StepSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        step = data.validated_data["step"]
        service_call(services.record, applicant, step, on=data.validated_data["on"], by=request.user,
                     **data.arguments())  # fmt: skip
        return Response(ApplicantSerializer(applicant, context={"request": request}).data)


router = routers.SimpleRouter()
router.register("applicants", ApplicantViewSet)
