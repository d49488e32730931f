from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, routers, serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from qizhi.accounts.roles import Action
from qizhi.core import bounds
from qizhi.core.api import ScopedModelViewSet, ScopedPermission, TrackedSerializer, service_call
from qizhi.core.params import to_id
from qizhi.dues import services
from qizhi.dues.choices import DuesKind
from qizhi.dues.filters import DuesBaseFilterSet, DuesPaymentFilterSet, DuesReliefFilterSet
from qizhi.dues.models import DuesBase, DuesPayment, DuesRelief
from qizhi.dues.standard import monthly_standard, parse_base, rate
from qizhi.party.models import Membership


def _offer_memberships(serializer, choices) -> None:
    """The ``membership`` field offers the current memberships of ``choices(user)`` (a service's list)."""
    request = serializer.context.get("request")  # absent while the OpenAPI schema is generated
    if request is not None and "membership" in serializer.fields:
        serializer.fields["membership"].queryset = choices(request.user).filter(ended_on__isnull=True)


class DuesBaseSerializer(TrackedSerializer):
    person_name = serializers.CharField(source="membership.person.name", read_only=True)
    standard = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)

    class Meta:
        model = DuesBase
        fields = ["id", "membership", "person_name", "kind", "start_month", "base", "extra", "standard", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_memberships(self, services.manageable_memberships)

    def validate_start_month(self, value):
        return value.replace(day=1)  # the model's rules (``DuesBase.clean``) run in TrackedSerializer


class DuesPaymentSerializer(TrackedSerializer):
    person_name = serializers.CharField(source="membership.person.name", read_only=True)
    amount = serializers.DecimalField(max_digits=10, decimal_places=2, read_only=True)

    class Meta:
        model = DuesPayment
        fields = ["id", "membership", "person_name", "month", "due", "extra", "amount", "paid_on", "proxy", "note"]
        read_only_fields = fields


class PaySerializer(serializers.Serializer):
    membership = serializers.PrimaryKeyRelatedField(queryset=Membership.objects.none())
    months = serializers.ListField(child=serializers.CharField(max_length=7), allow_empty=False, max_length=24,
                                   help_text="YYYY-MM 的列表")  # fmt: skip
    paid_on = serializers.DateField(required=False, validators=bounds.date_validators(bounds.DONE))
    extra = serializers.DecimalField(max_digits=10, decimal_places=2, required=False, min_value=0)
    note = serializers.CharField(required=False, allow_blank=True, max_length=200, default="")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_memberships(self, services.payable_memberships)  # others: "does not exist"

    def validate_months(self, value):
        try:
            return [services.parse_month(m, field="months") for m in value]
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["months"]) from exc


class DuesReliefSerializer(TrackedSerializer):
    person_name = serializers.CharField(source="membership.person.name", read_only=True)

    class Meta:
        model = DuesRelief
        fields = ["id", "membership", "person_name", "kind", "amount", "start_month", "end_month", "reason",
                  "approved_by", "approved_on"]  # fmt: skip
        read_only_fields = ["approved_by", "approved_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_memberships(self, services.relievable_memberships)


class DuesBaseViewSet(ScopedModelViewSet):
    queryset = DuesBase.objects.select_related("membership__person")
    serializer_class = DuesBaseSerializer
    filterset_class = DuesBaseFilterSet


class DuesPaymentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Payments are read here; ``POST`` pays one or several months (the member's own, or as the dues keeper)."""

    queryset = DuesPayment.objects.select_related("membership__person")
    serializer_class = DuesPaymentSerializer
    filterset_class = DuesPaymentFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    @extend_schema(request=PaySerializer, responses={201: DuesPaymentSerializer(many=True)})
    def create(self, request):
        data = PaySerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        membership = values.pop("membership")
        months = values.pop("months")
        payments = service_call(services.pay, membership, months, by=request.user, **values)
        return Response(DuesPaymentSerializer(payments, many=True).data, status=201)


class DuesReliefViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = DuesRelief.objects.select_related("membership__person")
    serializer_class = DuesReliefSerializer
    filterset_class = DuesReliefFilterSet
    permission_classes = [ScopedPermission]
    action_permissions = {"create": Action.APPROVE}  # the service decides (``may_approve_relief``)

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def create(self, request):
        data = DuesReliefSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        values = {k: data.validated_data.get(k) for k in ("kind", "amount", "start_month", "end_month", "reason")}
        relief = service_call(services.grant_relief, data.validated_data["membership"], by=request.user, **values)
        return Response(DuesReliefSerializer(relief).data, status=201)


@extend_schema(
    parameters=[
        OpenApiParameter("base", OpenApiTypes.STR, required=True, description="每月计算基数（元），如 3000.01"),
        OpenApiParameter("kind", OpenApiTypes.STR, enum=["serving", "retired", "fixed"], description="默认 serving"),
    ],
    responses={200: OpenApiTypes.OBJECT},
    description='按中组部2008年规定计算每月党费（全额按档计算，四舍五入到分）：返回 amount，如 "30.00"。',
)
@api_view(["GET"])
def standard(request):
    raw = request.query_params.get("base")
    if raw in (None, ""):
        raise exceptions.ValidationError({"base": [_("必须提供 base 参数（每月计算基数，元）")]})
    kind = request.query_params.get("kind") or DuesKind.SERVING
    if kind not in DuesKind.values:
        raise exceptions.ValidationError(
            {"kind": [_("kind 参数应为 serving（在职）、retired（离退休）或 fixed（定额）")]}
        )
    base = parse_base(raw)  # a refusal: 400 through the exception handler
    amount = monthly_standard(base, kind)
    return Response({
        "base": f"{base:.2f}", "kind": kind, "rate": None if kind == DuesKind.FIXED else f"{rate(base, kind)}",
        "amount": f"{amount:.2f}",
    })  # fmt: skip


def _ledger_json(book) -> dict:
    rows = [
        {
            "membership": r.membership.pk, "person_name": r.membership.person.name, "branch": r.membership.branch.name,
            "kind": r.dues.base.kind if r.dues.base else None,
            "base": f"{r.dues.base.base:.2f}" if r.dues.base else None,
            "standard": f"{r.dues.standard:.2f}" if r.dues.standard is not None else None,
            "relief": r.dues.relief.kind if r.dues.relief else None,
            "due": f"{r.due:.2f}", "paid": f"{r.paid:.2f}", "extra": f"{r.extra:.2f}", "status": r.status,
            "paid_on": r.payment.paid_on.isoformat() if r.payment else None,
        }
        for r in book.rows
    ]  # fmt: skip
    totals = {k: (f"{v:.2f}" if not isinstance(v, int) else v) for k, v in book.totals.items()}
    return {"party_org": book.party_org.pk, "month": f"{book.month:%Y-%m}", "rows": rows, "totals": totals}


@extend_schema(
    parameters=[
        OpenApiParameter("party_org", OpenApiTypes.INT, required=True, description="党支部编号"),
        OpenApiParameter("month", OpenApiTypes.STR, required=True, description="YYYY-MM"),
    ],
    responses={200: OpenApiTypes.OBJECT},
    description="党支部某月的党费收缴台账：每名党员的基数、应交、实交、自愿多交、状态，以及合计。",
)
@api_view(["GET"])
def ledger(request):
    raw = request.query_params.get("party_org", "")
    if to_id(raw) is None:
        raise exceptions.ValidationError({"party_org": [_("必须提供 party_org 参数（党组织编号，整数）")]})
    month = services.parse_month(request.query_params.get("month", ""))
    org = services.ledger_branches(request.user).filter(pk=to_id(raw)).first()
    if org is None:
        raise exceptions.NotFound(_("党组织不存在或不在您的权限范围内"))
    return Response(_ledger_json(services.ledger(org, month)))


router = routers.SimpleRouter()
router.register("bases", DuesBaseViewSet, basename="duesbase")
router.register("payments", DuesPaymentViewSet, basename="duespayment")
router.register("reliefs", DuesReliefViewSet, basename="duesrelief")
