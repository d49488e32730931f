from __future__ import annotations

from rest_framework import routers, serializers
from rest_framework.response import Response

from qizhi.core.api import ScopedModelViewSet, TrackedSerializer, service_call, unit_year_figures
from qizhi.publicity import services
from qizhi.publicity.filters import ArticleFilterSet, BulletinFilterSet, BulletinIssueFilterSet
from qizhi.publicity.models import Article, Bulletin, BulletinIssue


class BulletinSerializer(TrackedSerializer):
    class Meta:
        model = Bulletin
        fields = ["id", "unit", "name", "issuer", "active"]


class BulletinIssueSerializer(TrackedSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = BulletinIssue
        fields = ["id", "bulletin", "year", "number", "label", "title", "text", "issued_on", "editor"]
        read_only_fields = ["year", "number"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            if "bulletin" in attrs and attrs["bulletin"] != self.instance.bulletin:
                raise serializers.ValidationError({"bulletin": ["期次不能移到其他简报"]})
            if "issued_on" in attrs:
                service_call(services.check_issue_date, self.instance, attrs["issued_on"], field="issued_on")
        return attrs


class BulletinIssueViewSet(ScopedModelViewSet):
    """Issues: ``POST`` takes the bulletin's next number (``services.issue_bulletin``); no delete (no gaps)."""

    queryset = BulletinIssue.objects.select_related("bulletin")
    serializer_class = BulletinIssueSerializer
    filterset_class = BulletinIssueFilterSet
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def create(self, request, *args, **kwargs):
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        issue = service_call(
            services.issue_bulletin, values["bulletin"], title=values["title"], text=values["text"],
            issued_on=values["issued_on"], editor=values.get("editor", ""), by=request.user,
        )  # fmt: skip
        return Response(BulletinIssueSerializer(issue, context={"request": request}).data, status=201)


class ArticleSerializer(TrackedSerializer):
    class Meta:
        model = Article
        fields = ["id", "unit", "title", "kind", "author", "outlet", "outlet_level", "published_on", "link"]


class BulletinViewSet(ScopedModelViewSet):
    queryset = Bulletin.objects.select_related("unit")
    serializer_class = BulletinSerializer
    filterset_class = BulletinFilterSet


class ArticleViewSet(ScopedModelViewSet):
    queryset = Article.objects.select_related("unit")
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilterSet


figures = unit_year_figures(
    services.figures,
    description="某单位某年度的信息简报期数（按简报）和宣传稿件数（按媒体级别：中央、省、市、县），及据此生成的年度总结段落。",
)


router = routers.SimpleRouter()
router.register("bulletins", BulletinViewSet, basename="bulletin")
router.register("issues", BulletinIssueViewSet, basename="bulletinissue")
router.register("articles", ArticleViewSet, basename="article")
