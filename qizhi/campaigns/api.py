from __future__ import annotations

from dataclasses import asdict

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, mixins, routers, serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.response import Response

from qizhi.campaigns import services
from qizhi.campaigns.choices import ProblemCategory, RectificationStatus, Verdict
from qizhi.campaigns.filters import (
    CampaignFilterSet,
    GroupMemberFilterSet,
    OpinionFilterSet,
    PhaseFilterSet,
    ProblemFilterSet,
    RectificationFilterSet,
    ReportFilterSet,
    ResearchTopicFilterSet,
    RuleFilterSet,
    WorkingGroupFilterSet,
)
from qizhi.campaigns.models import (
    Campaign,
    GroupMember,
    Opinion,
    Phase,
    Problem,
    Rectification,
    Report,
    ResearchTopic,
    Rule,
    WorkingGroup,
)
from qizhi.core.api import ScopedModelViewSet, ScopedPermission, TrackedSerializer, service_call
from qizhi.core.dbrouter import replica_reads
from qizhi.core.params import to_id


class CleanedSerializer(TrackedSerializer):
    """Runs the model's ``clean`` (phases that overlap, a deadline outside the campaign) as the forms do."""

    def validate(self, attrs):
        attrs = super().validate(attrs)
        model = self.Meta.model
        record = (
            model(**{f.attname: getattr(self.instance, f.attname) for f in model._meta.concrete_fields})
            if (self.instance is not None)
            else model()
        )
        for name, value in attrs.items():
            if not model._meta.get_field(name).many_to_many:
                setattr(record, name, value)
        try:
            record.clean()
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs


class CampaignSerializer(CleanedSerializer):
    current_phase = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField()

    class Meta:
        model = Campaign
        fields = [
            "id", "unit", "title", "guiding_idea", "principles", "goals", "participants", "start", "end",
            "opinions_open", "opinions_anonymous", "opinions_public", "current_phase", "days_left",
        ]  # fmt: skip

    def _state(self, campaign):
        cache = self.context.setdefault("_states", {})
        if campaign.pk not in cache:
            cache[campaign.pk] = services.phase_state(campaign)
        return cache[campaign.pk]

    def get_current_phase(self, campaign) -> int | None:
        phase = self._state(campaign).phase
        return phase.pk if phase else None

    def get_days_left(self, campaign) -> int | None:
        return self._state(campaign).days_left


def _model_serializer(model_, fields_: list[str]):
    class Serializer(CleanedSerializer):
        class Meta:
            model = model_
            fields = fields_

    Serializer.__name__ = f"{model_.__name__}Serializer"
    return Serializer


PhaseSerializer = _model_serializer(Phase, ["id", "campaign", "order", "name", "focus", "start", "end"])
WorkingGroupSerializer = _model_serializer(WorkingGroup, ["id", "campaign", "kind", "name", "duties", "units"])
GroupMemberSerializer = _model_serializer(GroupMember, ["id", "group", "person", "role", "ends_on"])
ResearchTopicSerializer = _model_serializer(ResearchTopic, ["id", "campaign", "order", "title", "group"])
ReportSerializer = _model_serializer(
    Report, ["id", "campaign", "topic", "kind", "title", "author", "submitted_on", "summary"]
)
ProblemSerializer = _model_serializer(
    Problem, ["id", "campaign", "category", "source", "opinion", "description", "found_on"]
)
RuleSerializer = _model_serializer(Rule, ["id", "unit", "campaign", "title", "text", "made_on"])


class RectificationSerializer(CleanedSerializer):
    light = serializers.SerializerMethodField()

    class Meta:
        model = Rectification
        fields = [
            "id", "campaign", "problem", "measure", "target", "indicator", "goal", "deadline",
            "responsible_person", "responsible_unit", "weight", "status", "progress", "public", "published_at",
            "light",
        ]  # fmt: skip
        read_only_fields = ["campaign", "status", "progress", "public", "published_at"]

    def get_light(self, item) -> str:
        return services.light(item)

    def validate(self, attrs):
        problem = attrs.get("problem") or getattr(self.instance, "problem", None)
        if self.instance is not None and "problem" in attrs and attrs["problem"] != self.instance.problem:
            raise exceptions.ValidationError({"problem": [_("整改事项的问题不能更改")]})
        if problem is not None:
            attrs["campaign"] = problem.campaign
        return super().validate(attrs)


class OpinionSerializer(serializers.ModelSerializer):
    """An opinion as the office reads it: never a time, and a person only on a named form."""

    class Meta:
        model = Opinion
        fields = ["id", "campaign", "channel", "person", "category", "content", "problems"]
        read_only_fields = fields


class SendOpinionSerializer(serializers.Serializer):
    campaign = serializers.IntegerField()
    content = serializers.CharField(max_length=5000)
    category = serializers.ChoiceField(choices=ProblemCategory.choices, required=False, allow_blank=True, default="")


class ProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RectificationStatus.choices)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class VerifySerializer(serializers.Serializer):
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


def _viewset(model_, serializer_, filterset_, related=()):
    return type(f"{model_.__name__}ViewSet", (ScopedModelViewSet,), {
        "queryset": model_.objects.select_related(*related), "serializer_class": serializer_,
        "filterset_class": filterset_,
    })  # fmt: skip


CampaignViewSet = _viewset(Campaign, CampaignSerializer, CampaignFilterSet, ("unit",))
PhaseViewSet = _viewset(Phase, PhaseSerializer, PhaseFilterSet)
WorkingGroupViewSet = _viewset(WorkingGroup, WorkingGroupSerializer, WorkingGroupFilterSet)
GroupMemberViewSet = _viewset(GroupMember, GroupMemberSerializer, GroupMemberFilterSet)
ResearchTopicViewSet = _viewset(ResearchTopic, ResearchTopicSerializer, ResearchTopicFilterSet)
ReportViewSet = _viewset(Report, ReportSerializer, ReportFilterSet)
ProblemViewSet = _viewset(Problem, ProblemSerializer, ProblemFilterSet)
RuleViewSet = _viewset(Rule, RuleSerializer, RuleFilterSet)
WorkingGroupViewSet.queryset = WorkingGroup.objects.prefetch_related("units")


class OpinionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Opinions are read here; ``POST`` sends the caller's one opinion on a campaign (staff form)."""

    queryset = Opinion.objects.prefetch_related("problems")
    serializer_class = OpinionSerializer
    filterset_class = OpinionFilterSet
    permission_classes = [ScopedPermission]
    action_permissions = {"create": "view"}  # the service decides who may answer

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    @extend_schema(request=SendOpinionSerializer, responses={201: OpinionSerializer})
    def create(self, request):
        data = SendOpinionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        # The consultations the page offers (a judicial office's staff answer their bureau's campaign).
        campaign = services.consultations_for(request.user).filter(pk=to_id(values.pop("campaign"))).first()
        if campaign is None:
            raise exceptions.ValidationError({"campaign": [_("专项活动不存在或不在您的权限范围内")]})
        opinion = service_call(services.send_opinion, campaign, by=request.user, field="content", **values)
        return Response(OpinionSerializer(opinion).data, status=201)


class RectificationViewSet(ScopedModelViewSet):
    """Items of the 整改台账; actions ``publish``, ``progress``, ``verify`` and ``return`` go through the services."""

    queryset = Rectification.objects.select_related("campaign", "problem", "responsible_person")
    serializer_class = RectificationSerializer
    filterset_class = RectificationFilterSet
    action_permissions = {"publish": "view", "progress": "view", "verify": "view", "return_": "view"}

    def get_queryset(self):
        if self.action in self.action_permissions:  # the responsible person acts on their own item too
            return services.items_for(self.request.user).select_related("campaign", "problem", "responsible_person")
        return super().get_queryset()

    def _answer(self, item):
        item.refresh_from_db()
        return Response(RectificationSerializer(item, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={200: RectificationSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        item = self.get_object()
        service_call(services.publish, item, by=request.user, field="public")
        return self._answer(item)

    @extend_schema(request=ProgressSerializer, responses={200: RectificationSerializer})
    @action(detail=True, methods=["post"])
    def progress(self, request, pk=None):
        item = self.get_object()
        data = ProgressSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service_call(services.report_progress, item, by=request.user, field="status", **data.validated_data)
        return self._answer(item)

    @extend_schema(request=VerifySerializer, responses={200: RectificationSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        item = self.get_object()
        data = VerifySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        service_call(services.verify, item, by=request.user, field="verdict", **data.validated_data)
        return self._answer(item)

    @extend_schema(request=None, responses={200: RectificationSerializer})
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        item = self.get_object()
        service_call(services.return_item, item, by=request.user, reason=str(request.data.get("reason", "")))
        return self._answer(item)


@replica_reads
@extend_schema(
    parameters=[OpenApiParameter("campaign", OpenApiTypes.INT, required=True, description="专项活动编号")],
    responses={200: OpenApiTypes.OBJECT},
    description="专项活动的数字：问题数、已完成、阶段性完成、未完成、完成率、整改事项、逾期、制度、会议和讲座、调研成果，"
    "以及按方面加权汇总的进度。",
)
@api_view(["GET"])
def figures(request):
    raw = request.query_params.get("campaign", "")
    if not raw:
        raise exceptions.ValidationError({"campaign": [_("必须提供 campaign 参数（专项活动编号）")]})
    pk = to_id(raw)
    if pk is None:
        raise exceptions.ValidationError({"campaign": [_("campaign 参数应为整数")]})
    campaign = Campaign.objects.visible_to(request.user).filter(pk=pk).select_related("unit").first()
    if campaign is None:
        raise exceptions.NotFound(_("专项活动不存在或不在您的权限范围内"))
    found = services.figures(campaign)
    rolled = services.rollup(campaign)
    body = {key: (str(value) if not isinstance(value, int) else value) for key, value in asdict(found).items()}
    body["sentence"] = found.sentence
    body["progress"] = str(rolled.progress)
    body["categories"] = [
        {"category": c.category, "label": c.label, "items": c.items, "weight": str(c.weight), "share": str(c.share),
         "progress": str(c.progress)}
        for c in rolled.categories
    ]  # fmt: skip
    return Response(body)


router = routers.SimpleRouter()
router.register("campaigns", CampaignViewSet, basename="campaign")
router.register("phases", PhaseViewSet, basename="phase")
router.register("groups", WorkingGroupViewSet, basename="workinggroup")
router.register("members", GroupMemberViewSet, basename="groupmember")
router.register("topics", ResearchTopicViewSet, basename="researchtopic")
router.register("reports", ReportViewSet, basename="report")
router.register("opinions", OpinionViewSet, basename="opinion")
router.register("problems", ProblemViewSet, basename="problem")
router.register("rectifications", RectificationViewSet, basename="rectification")
router.register("rules", RuleViewSet, basename="rule")
