from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, routers, serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from qizhi.accounts.roles import Action
from qizhi.core import bounds
from qizhi.core.api import (
    ScopedModelViewSet,
    ScopedPermission,
    ScopedReferencesMixin,
    TrackedSerializer,
    service_call,
    unit_param,
)
from qizhi.core.dbrouter import replica_reads
from qizhi.org.models import Person, Unit
from qizhi.party import elections, services
from qizhi.party.choices import OfficerRole
from qizhi.party.filters import ElectionFilterSet, MembershipFilterSet, PartyOrgFilterSet, TransferFilterSet
from qizhi.party.models import Candidate, Election, Membership, PartyOrg, Transfer


class PartyOrgSerializer(TrackedSerializer):
    parent = serializers.PrimaryKeyRelatedField(queryset=PartyOrg.objects.all(), write_only=True, required=False)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = PartyOrg
        fields = ["id", "name", "kind", "unit", "unit_name", "retirees", "established_on", "depth", "parent"]
        read_only_fields = ["depth"]

    def create(self, validated_data):
        parent = validated_data.pop("parent", None)
        validated_data.pop("created_by", None)
        user = validated_data.pop("updated_by", None)
        return service_call(services.create_party_org, parent=parent, by=user, **validated_data)


class MembershipSerializer(TrackedSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)
    branch_name = serializers.CharField(source="branch.name", read_only=True)
    retired = serializers.BooleanField(source="person.retired", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id",
            "person",
            "person_name",
            "branch",
            "branch_name",
            "group",
            "status",
            "joined_on",
            "full_on",
            "started_on",
            "ended_on",
            "end_reason",
            "retired",
        ]
        read_only_fields = ["started_on", "ended_on", "end_reason"]


class TransferSerializer(TrackedSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Transfer
        fields = [
            "id",
            "kind",
            "status",
            "person",
            "person_name",
            "membership",
            "from_org",
            "from_outside",
            "to_org",
            "to_group",
            "to_outside",
            "letter_number",
            "reason",
            "requested_on",
            "completed_on",
        ]
        read_only_fields = fields


class JoinSerializer(ScopedReferencesMixin, serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    branch = serializers.PrimaryKeyRelatedField(queryset=PartyOrg.objects.all())
    group = serializers.PrimaryKeyRelatedField(queryset=PartyOrg.objects.all(), required=False, allow_null=True)
    status = serializers.ChoiceField(choices=Membership._meta.get_field("status").choices)
    joined_on = serializers.DateField(validators=bounds.date_validators(bounds.LIFE))
    full_on = serializers.DateField(required=False, allow_null=True, validators=bounds.date_validators(bounds.LIFE))

    class Meta:
        model = Membership  # the record it makes: its branch is its place (core.references)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")  # absent while the OpenAPI schema is generated
        if request is None:
            return
        user = request.user
        self.fields["person"].queryset = Person.objects.visible_to(user)
        self.fields["branch"].queryset = PartyOrg.objects.editable_by(user)
        self.fields["group"].queryset = PartyOrg.objects.editable_by(user)


class StartTransferSerializer(ScopedReferencesMixin, serializers.Serializer):
    unscoped_references = {"to_org": "any branch of the deployment may receive a member; the receiver confirms"}

    to_org = serializers.PrimaryKeyRelatedField(queryset=PartyOrg.objects.none(), required=False, allow_null=True)
    # The lengths of ``forms.TransferForm``: one rule through either door.
    to_outside = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    letter_number = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)

    def __init__(self, *args, membership: Membership | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if membership is not None:  # the form's choices (the schema builds it without one)
            self.fields["to_org"].queryset = services.transfer_destinations(membership)


class PartyOrgViewSet(ScopedModelViewSet):
    queryset = PartyOrg.objects.select_related("unit")
    serializer_class = PartyOrgSerializer
    filterset_class = PartyOrgFilterSet


class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Memberships are read here; joining, conversion and transfers go through their actions."""

    queryset = Membership.objects.select_related("person", "branch")
    serializer_class = MembershipSerializer
    filterset_class = MembershipFilterSet
    permission_classes = [ScopedPermission]

    def get_queryset(self):
        action_name = Action.VIEW if self.request.method == "GET" else Action.CHANGE
        return self.queryset.for_action(self.request.user, action_name)

    @extend_schema(request=JoinSerializer, responses={201: MembershipSerializer})
    def create(self, request):
        data = JoinSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        person = data.validated_data.pop("person")
        membership = service_call(services.join, person, by=request.user, **data.validated_data)
        return Response(MembershipSerializer(membership, context={"request": request}).data, status=201)

    @extend_schema(request=None, parameters=[OpenApiParameter("full_on", OpenApiTypes.DATE)])
    @action(detail=True, methods=["post"])
    def convert(self, request, pk=None):
        membership = self.get_object()
        on = serializers.DateField(
            validators=bounds.date_validators(bounds.PLANNED),
        ).to_internal_value(request.data.get("full_on"))
        service_call(services.convert_to_full, membership, on=on, by=request.user)
        return Response(MembershipSerializer(membership, context={"request": request}).data)

    @extend_schema(request=StartTransferSerializer, responses={201: TransferSerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        membership = self.get_object()
        data = StartTransferSerializer(data=request.data, membership=membership)
        data.is_valid(raise_exception=True)
        transfer = service_call(services.start_transfer, membership, by=request.user, **data.validated_data)
        return Response(TransferSerializer(transfer).data, status=201)


class TransferViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Transfer.objects.select_related("person", "from_org__unit", "to_org__unit")
    serializer_class = TransferSerializer
    filterset_class = TransferFilterSet
    permission_classes = [ScopedPermission]

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    @extend_schema(request=None, responses={200: MembershipSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        transfer = self.get_object()
        membership = service_call(services.confirm_transfer, transfer, by=request.user)
        return Response(MembershipSerializer(membership, context={"request": request}).data)


@replica_reads
@extend_schema(
    parameters=[
        OpenApiParameter("unit", OpenApiTypes.INT, description="单位编号（与 party_org 二选一）"),
        OpenApiParameter("party_org", OpenApiTypes.INT, description="党组织编号"),
    ],
    responses={200: OpenApiTypes.OBJECT},
    description="党组织的统计：人数、党员数及占在职人员比例、支部和党小组数、按年龄段、学历、入党年代分布。",
)
@api_view(["GET"])
def figures(request):
    if request.query_params.get("party_org"):
        try:
            pk = int(request.query_params["party_org"])
        except ValueError as exc:
            raise exceptions.ValidationError({"party_org": [_("party_org 参数应为整数")]}) from exc
        org = PartyOrg.objects.visible_to(request.user).filter(pk=pk).first()
        if org is None:
            raise exceptions.NotFound(_("党组织不存在或不在您的权限范围内"))
        return Response(services.figures(party_org=org))
    return Response(services.figures(unit=unit_param(request, Unit.objects)))


class CandidateSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Candidate
        fields = ["id", "person", "person_name", "votes", "role"]


class ElectionSerializer(TrackedSerializer):
    candidates = CandidateSerializer(many=True, read_only=True)
    elected = serializers.SerializerMethodField()

    class Meta:
        model = Election
        fields = ["id", "party_org", "held_on", "voters", "present", "seats", "term_years", "status", "approved_on",
                  "approval_ref", "new_term", "note", "candidates", "elected", "version"]  # fmt: skip
        read_only_fields = ["status", "approved_on", "approval_ref", "new_term"]

    def get_elected(self, obj) -> list[int]:
        return [c.person_id for c in elections.elected(obj)]


class AddCandidateSerializer(ScopedReferencesMixin, serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.all())
    role = serializers.ChoiceField(choices=OfficerRole.choices, default=OfficerRole.COMMITTEE_MEMBER)

    class Meta:
        model = Candidate


class ApproveElectionSerializer(serializers.Serializer):
    on = serializers.DateField(
        validators=bounds.date_validators(bounds.PLANNED),
    )
    reference = serializers.CharField(required=False, allow_blank=True, max_length=60, default="")
    effective_on = serializers.DateField(
        validators=bounds.date_validators(bounds.PLANNED), required=False, allow_null=True, default=None
    )


class ElectionViewSet(ScopedModelViewSet):
    """换届选举: the record, its candidates (``candidates`` action) and the higher organ's approval."""

    queryset = Election.objects.select_related("party_org").prefetch_related("candidates__person")
    serializer_class = ElectionSerializer
    filterset_class = ElectionFilterSet
    action_permissions = {"candidates": Action.CHANGE, "approve": Action.APPROVE}

    @extend_schema(request=AddCandidateSerializer, responses={201: CandidateSerializer})
    @action(detail=True, methods=["post"])
    def candidates(self, request, pk=None):
        election = self.get_object()
        data = AddCandidateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        candidate = service_call(elections.add_candidate, election, by=request.user, **data.validated_data)
        return Response(CandidateSerializer(candidate).data, status=201)

    @extend_schema(request=ApproveElectionSerializer, responses=ElectionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        election = self.get_object()
        data = ApproveElectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service_call(elections.approve, election, by=request.user, **data.validated_data)
        election.refresh_from_db()
        return Response(ElectionSerializer(election, context={"request": request}).data)


router = routers.SimpleRouter()
router.register("orgs", PartyOrgViewSet, basename="partyorg")
router.register("memberships", MembershipViewSet, basename="membership")
router.register("transfers", TransferViewSet, basename="transfer")
router.register("elections", ElectionViewSet, basename="election")
