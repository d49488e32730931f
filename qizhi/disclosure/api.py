"""Disclosure through the API: items and the publication log are read here; every move is a POST action
on the item (``propose`` on the collection), calling the same services as the pages."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, routers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from qizhi.core import publishing
from qizhi.core.api import ScopedPermission, service_call
from qizhi.disclosure import services
from qizhi.disclosure.choices import Channel
from qizhi.disclosure.clock import due_on
from qizhi.disclosure.filters import DisclosureFilterSet, PublicationFilterSet
from qizhi.disclosure.models import Disclosure, Publication


class DisclosureSerializer(serializers.ModelSerializer):
    due_on = serializers.SerializerMethodField(help_text="主动公开期限（信息形成之日起20个工作日）")

    class Meta:
        model = Disclosure
        fields = ["id", "index_number", "kind", "unit", "title", "body", "made_on", "due_on", "channels", "status",
                  "edition", "publish_at", "expires_at", "proposed_by", "proposed_at", "reviewed_by", "reviewed_at",
                  "secrecy_checked", "secrecy_note", "approved_by", "approved_at", "return_reason"]  # fmt: skip
        read_only_fields = fields

    def get_due_on(self, item) -> str:
        return due_on(item.made_on).isoformat()


class PublicationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Publication
        fields = ["id", "disclosure", "channel", "edition", "kind", "unit_name", "index_number", "title", "body",
                  "published_at", "published_by", "expires_at", "withdrawn_at", "withdrawn_by",
                  "withdraw_reason"]  # fmt: skip
        read_only_fields = fields


class ProposeSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[])
    object = serializers.IntegerField(min_value=1, max_value=2**63 - 1, help_text="要公开的记录编号")
    channels = serializers.MultipleChoiceField(choices=Channel.choices)
    publish_at = serializers.DateTimeField(required=False, allow_null=True)
    expires_at = serializers.DateTimeField(required=False, allow_null=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = publishing.choices()


class ReviewSerializer(serializers.Serializer):
    secrecy_checked = serializers.BooleanField()
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class DisclosureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Disclosure.objects.select_related("unit")
    serializer_class = DisclosureSerializer
    filterset_class = DisclosureFilterSet
    permission_classes = [ScopedPermission]
    # Who may take each move, on which item, is the services' decision (a refusal answers 403 with its reason).
    action_permissions = dict.fromkeys(["propose", "review", "approve", "return_item", "publish", "withdraw"], "view")

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def _done(self, item):
        item.refresh_from_db()
        return Response(DisclosureSerializer(item).data)

    @extend_schema(request=ProposeSerializer, responses={201: DisclosureSerializer})
    @action(detail=False, methods=["post"])
    def propose(self, request):
        data = ProposeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        declared = publishing.kind_of(values["kind"])
        record = declared.model.objects.visible_to(request.user).filter(pk=values["object"]).first()
        if record is None:
            raise exceptions.ValidationError({"object": ["记录不存在或不在您的权限范围内"]})
        item = service_call(
            services.propose, record, kind=declared.key, channels=list(values["channels"]), by=request.user,
            publish_at=values.get("publish_at"), expires_at=values.get("expires_at"),
        )  # fmt: skip
        return Response(DisclosureSerializer(item).data, status=201)

    @extend_schema(request=ReviewSerializer, responses={200: DisclosureSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, pk=None):
        item = get_object_or_404(self.get_queryset(), pk=pk)
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service_call(services.review, item, by=request.user, **data.validated_data)
        return self._done(item)

    @extend_schema(request=None, responses={200: DisclosureSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        item = get_object_or_404(self.get_queryset(), pk=pk)
        service_call(services.approve, item, by=request.user)
        return self._done(item)

    @extend_schema(request=ReasonSerializer, responses={200: DisclosureSerializer}, operation_id="disclosure_return")
    @action(detail=True, methods=["post"], url_path="return")
    def return_item(self, request, pk=None):
        item = get_object_or_404(self.get_queryset(), pk=pk)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service_call(services.return_item, item, by=request.user, reason=data.validated_data["reason"])
        return self._done(item)

    @extend_schema(request=None, responses={200: DisclosureSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        item = get_object_or_404(self.get_queryset(), pk=pk)
        link = request.build_absolute_uri(reverse("public:portal"))
        service_call(services.publish, item, by=request.user, link=link)
        return self._done(item)

    @extend_schema(request=ReasonSerializer, responses={200: DisclosureSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        item = get_object_or_404(self.get_queryset(), pk=pk)
        data = ReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service_call(services.withdraw, item, by=request.user, reason=data.validated_data["reason"])
        return self._done(item)


class PublicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Publication.objects.select_related("disclosure")
    serializer_class = PublicationSerializer
    filterset_class = PublicationFilterSet
    permission_classes = [ScopedPermission]

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)


router = routers.SimpleRouter()
router.register("items", DisclosureViewSet, basename="disclosure")
router.register("publications", PublicationViewSet, basename="publication")
