"""/api/appraisals/: rounds (open, close, seal, ballot, results, receipts), duty reports, grades."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from rest_framework import mixins, permissions, routers, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from qizhi.accounts.roles import Action
from qizhi.appraisals import services
from qizhi.appraisals.choices import ElectorateKind, Mark, RoundState
from qizhi.appraisals.filters import DutyReportFilterSet, GradeFilterSet, RoundFilterSet
from qizhi.appraisals.models import DutyReport, Grade, Round
from qizhi.core.api import ScopedModelViewSet, ScopedPermission, TrackedSerializer, service_call
from qizhi.core.params import to_id
from qizhi.party.models import Election


class RoundSerializer(TrackedSerializer):
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Round
        fields = ["id", "unit", "party_org", "election", "year", "title", "state", "opens_at", "closes_at",
                  "dimensions", "subjects", "progress"]  # fmt: skip
        read_only_fields = ["state", "progress", "election"]

    def get_progress(self, round_) -> list[dict]:
        """Only "m / n 已投" per electorate (nothing else exists before the seal)."""
        return [
            {"electorate": p.electorate.kind, "voted": p.voted, "total": p.total} for p in services.progress(round_)
        ]


class NoBody(serializers.Serializer):
    """An action that takes no body (open, close, seal) or answers figures (results, receipts)."""


class BallotSerializer(serializers.Serializer):
    electorate = serializers.ChoiceField(choices=ElectorateKind.choices, required=False)
    marks = serializers.DictField(
        child=serializers.DictField(child=serializers.CharField(max_length=20)),
        help_text=_(
            "{评议对象人员编号：{评议内容：excellent|competent|basic|incompetent}}；"
            "选举：{候选人人员编号：{选举：for|against|abstain}}"
        ),
    )


class ElectionBallotSerializer(serializers.Serializer):
    """发起无记名投票 for a 换届选举: the election (its candidates and electors) and the voting window."""

    election = serializers.IntegerField(min_value=1)
    opens_at = serializers.DateTimeField()
    closes_at = serializers.DateTimeField()


class RoundViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Rounds: created as drafts; moved by ``open``, ``close``, ``seal``; a voter casts with ``ballot``."""

    queryset = Round.objects.select_related("unit", "party_org").prefetch_related("subjects", "electorates")
    serializer_class = RoundSerializer
    permission_classes = [ScopedPermission]
    filterset_class = RoundFilterSet
    action_permissions = {
        "open": Action.CHANGE, "close": Action.CHANGE, "seal": Action.CHANGE,
        "results": Action.VIEW, "for_election": Action.ADD,
    }  # fmt: skip

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def get_permissions(self):
        if self.action in ("ballot", "receipts"):  # the roll decides, not a role: any voter may cast
            return [permissions.IsAuthenticated()]
        return super().get_permissions()

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = service_call(
            services.create_round, unit=data["unit"], party_org=data.get("party_org"), year=data["year"],
            title=data["title"], opens_at=data["opens_at"], closes_at=data["closes_at"], by=self.request.user,
            subjects=data.get("subjects"), dimensions=data.get("dimensions"),
        )  # fmt: skip

    def _move(self, service):
        round_ = self.get_object()
        service_call(service, round_, by=self.request.user, field="state")
        return Response(RoundSerializer(round_, context={"request": self.request}).data)

    @action(detail=False, methods=["post"], url_path="for-election", serializer_class=ElectionBallotSerializer)
    def for_election(self, request):
        """The secret ballot of a 换届选举 (a draft round; the election moves to 投票中); open it with ``open``."""
        body = ElectionBallotSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        election = Election.objects.visible_to(request.user).filter(pk=data["election"]).first()
        if election is None:
            raise NotFound(_("换届选举不存在或不在您的权限范围内"))
        round_ = service_call(
            services.create_election_round, election, opens_at=data["opens_at"], closes_at=data["closes_at"],
            by=request.user,
        )  # fmt: skip
        return Response(RoundSerializer(round_, context={"request": request}).data, status=201)

    @action(detail=True, methods=["post"], serializer_class=NoBody)
    def open(self, request, pk=None):
        return self._move(services.open_round)

    @action(detail=True, methods=["post"], serializer_class=NoBody)
    def close(self, request, pk=None):
        return self._move(services.close_round)

    @action(detail=True, methods=["post"], serializer_class=NoBody)
    def seal(self, request, pk=None):
        return self._move(services.seal)

    @action(detail=True, methods=["post"], serializer_class=BallotSerializer)
    def ballot(self, request, pk=None):
        """Cast the current user's ballot; the answer carries the receipt code, shown once."""
        round_ = get_object_or_404(services.rounds_for_voter(request.user), pk=to_id(pk) or 0)
        body = BallotSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        code = service_call(services.cast, round_, by=request.user, marks=body.validated_data["marks"],
                            kind=body.validated_data.get("electorate"), field="marks")  # fmt: skip
        return Response({"receipt": code}, status=201)

    @action(detail=True, methods=["get"], serializer_class=NoBody)
    def results(self, request, pk=None):
        """Per declared electorate and subject, after the seal; an electorate under k ballots is withheld."""
        round_ = self.get_object()
        out = []
        for result in service_call(services.results, round_, by=request.user, field="state"):
            out.append({
                "electorate": result.electorate.kind, "ballots": result.ballots, "voters": result.voters,
                "withheld": result.withheld,
                "subjects": [
                    {"person": s.person.pk, "name": s.person.name, "rated": s.rated, "score": s.score,
                     "counts": s.counts}
                    for s in result.subjects
                ],
            })  # fmt: skip
        return Response(out)

    @action(detail=True, methods=["get"], serializer_class=NoBody)
    def receipts(self, request, pk=None):
        """After the seal: each electorate's sorted receipt digests and its two counts."""
        round_ = get_object_or_404(Round.objects.all(), pk=to_id(pk) or 0)
        if not services.may_see_receipts(round_, request.user):  # answered like a missing round
            raise NotFound(_("评议不存在或不在您的权限范围内"))
        if round_.state not in (RoundState.SEALED, RoundState.GRADED):
            return Response({"detail": _("评议封存后才能核对回执"), "errors": {"state": [_("评议封存后才能核对回执")]}},
                            status=400)  # fmt: skip
        out = []
        for electorate in round_.electorates.all():
            digests = services.receipts(round_, electorate)
            voters = electorate.roll.filter(voted=True).count()
            out.append({"electorate": electorate.kind, "ballots": len(digests), "voters": voters, "digests": digests})
        return Response(out)


class DutyReportSerializer(TrackedSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = DutyReport
        fields = ["id", "person", "person_name", "year", "duty", "integrity", "submitted_on"]


class DutyReportViewSet(ScopedModelViewSet):
    queryset = DutyReport.objects.select_related("person")
    serializer_class = DutyReportSerializer
    filterset_class = DutyReportFilterSet


class GradeSerializer(TrackedSerializer):
    person_name = serializers.CharField(source="person.name", read_only=True)

    class Meta:
        model = Grade
        fields = ["id", "round", "person", "person_name", "grade", "reason"]


class GradeViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Grades are recorded through the service (quota, reason, state); final once the round is graded."""

    queryset = Grade.objects.select_related("person", "round")
    serializer_class = GradeSerializer
    permission_classes = [ScopedPermission]
    filterset_class = GradeFilterSet

    def get_queryset(self):
        return self.queryset.visible_to(self.request.user)

    def create(self, request, *args, **kwargs):
        """Record (or change, before verification) a subject's 等次: ``{round, person, grade, reason}``."""
        body = GradeInputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        round_ = Round.objects.visible_to(request.user).filter(pk=data["round"]).first()
        if round_ is None:
            raise NotFound(_("评议不存在或不在您的权限范围内"))
        person = round_.subjects.filter(pk=data["person"]).first()
        if person is None:
            raise ValidationError({"person": [_("此人不是本次评议对象")]})
        grade = service_call(services.record_grade, round_, person, grade=data["grade"],
                             reason=data.get("reason", ""), by=request.user, field="grade")  # fmt: skip
        return Response(GradeSerializer(grade, context={"request": request}).data, status=201)


class GradeInputSerializer(serializers.Serializer):
    round = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    person = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    grade = serializers.ChoiceField(choices=Mark.choices)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)


router = routers.SimpleRouter()
router.register("rounds", RoundViewSet, basename="round")
router.register("duty-reports", DutyReportViewSet, basename="dutyreport")
router.register("grades", GradeViewSet, basename="grade")
