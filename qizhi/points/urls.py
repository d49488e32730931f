from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.points import views

app_name = "points"

urlpatterns = [
    path("my/", views.MyPointsView.as_view(), name="my_points"),
    path("ranking/", views.RankingView.as_view(), name="ranking"),
    *crud_urls("rules", "pointrule", list=views.PointRuleListView),
    *crud_urls(
        "entries", "pointentry",
        list=views.PointEntryListView, add=views.PointEntryCreateView, detail=views.PointEntryDetailView,
        delete=views.PointEntryDeleteView, history=views.PointEntryHistoryView,
    ),
    path("entries/<int:pk>/approve/", views.DecideView.as_view(approve=True), name="pointentry_approve"),
    path("entries/<int:pk>/reject/", views.DecideView.as_view(approve=False), name="pointentry_reject"),
]  # fmt: skip
