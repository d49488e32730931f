from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, routers, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from qizhi.core.api import TrackedSerializer, service_call, year_param
from qizhi.core.dbrouter import replica_reads
from qizhi.core.params import to_id
from qizhi.core.scoping import subtree_q
from qizhi.party.choices import MEMBER_HOLDING
from qizhi.party.models import PartyOrg
from qizhi.points import services
from qizhi.points.filters import PointEntryFilterSet, PointRuleFilterSet
from qizhi.points.models import PointEntry, PointRule


class PointRuleSerializer(TrackedSerializer):
    class Meta:
        model = PointRule
        fields = ["id", "name", "source", "points", "yearly_cap", "evidence_required", "approver_role",
                  "applies_to", "veto", "active"]  # fmt: skip
        read_only_fields = fields


class PointEntrySerializer(TrackedSerializer):
    person_name = serializers.CharField(source="membership.person.name", read_only=True)

    class Meta:
        model = PointEntry
        fields = ["id", "membership", "person_name", "rule", "date", "count", "description", "status",
                  "decided_by", "decided_on"]  # fmt: skip
        read_only_fields = ["status", "decided_by", "decided_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated and "membership" in self.fields:
            self.fields["membership"].queryset = services.enterable_memberships(request.user)  # as the form


class PointRuleViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = PointRule.objects.all()
    serializer_class = PointRuleSerializer
    filterset_class = PointRuleFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


class PointEntryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Manual items are read here; ``POST`` submits one for approval (through the service)."""

    queryset = PointEntry.objects.select_related("membership__person", "rule")
    serializer_class = PointEntrySerializer
    filterset_class = PointEntryFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def create(self, request):
        data = PointEntrySerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        entry = service_call(services.submit_entry, PointEntry(**data.validated_data), by=request.user)
        return Response(PointEntrySerializer(entry).data, status=201)


@replica_reads
@extend_schema(
    parameters=[
        OpenApiParameter("party_org", OpenApiTypes.INT, required=True, description="党组织编号"),
        OpenApiParameter("year", OpenApiTypes.INT, required=True),
    ],
    responses={200: OpenApiTypes.OBJECT},
    description="党组织党员的年度积分排名（并列同名次）。",
)
@api_view(["GET"])
def ranking(request):
    raw = request.query_params.get("party_org", "")
    if to_id(raw) is None:
        raise exceptions.ValidationError({"party_org": [_("必须提供 party_org 参数（党组织编号，整数）")]})
    year = year_param(request)
    org = PartyOrg.objects.visible_to(request.user).filter(pk=to_id(raw), kind__in=MEMBER_HOLDING).first()
    if org is None:
        raise exceptions.NotFound(_("党组织不存在或不在您的权限范围内"))
    members = services.visible_memberships(request.user).filter(
        subtree_q("branch__path", org.path), ended_on__isnull=True
    )
    rows = services.ranking(members, year)
    return Response({
        "party_org": org.pk, "year": year,
        "rows": [{"membership": r.membership_id, "person_name": r.membership.person.name, "total": f"{r.total}",
                  "vetoed": r.vetoed, "rank": r.rank} for r in rows],
    })  # fmt: skip


router = routers.SimpleRouter()
router.register("rules", PointRuleViewSet, basename="pointrule")
router.register("entries", PointEntryViewSet, basename="pointentry")
