from django.urls import path

from qizhi.campaigns import views
from qizhi.core.urls_helpers import crud_urls

app_name = "campaigns"


def _crud(prefix: str, name: str, views_: dict, **extra) -> list:
    return crud_urls(
        prefix, name, list=views_["list"], add=views_["edit"], detail=views_["detail"], edit=views_["edit"],
        delete=views_["delete"], history=views_["history"], **extra,
    )  # fmt: skip


urlpatterns = [
    path("my/", views.MyItemsView.as_view(), name="my_items"),
    path("<int:pk>/opinion/", views.CampaignActionView.as_view(action="opinion"), name="campaign_opinion"),
    path("<int:pk>/phase/", views.CampaignActionView.as_view(action="phase"), name="campaign_phase"),
    path("<int:pk>/ledger.xlsx", views.LedgerExportView.as_view(), name="campaign_ledger"),
    path("opinions/<int:pk>/problem/", views.ProblemFromOpinionView.as_view(), name="opinion_problem"),
    path("rectifications/bulk/", views.RectificationBulkView.as_view(), name="rectification_bulk"),
    *[
        path(
            f"rectifications/<int:pk>/{action}/",
            views.RectificationActionView.as_view(action=action),
            name=f"rectification_{action}",
        )
        for action in ("publish", "progress", "verify", "return")
    ],
    *crud_urls(
        "rectifications",
        "rectification",
        list=views.RectificationListView,
        add=views.RectificationEditView,
        detail=views.RectificationDetailView,
        edit=views.RectificationEditView,
        delete=views.RectificationDeleteView,
        history=views.RectificationHistoryView,
        export=views.RectificationExportView,
        import_=views.RectificationImportView,
        import_template=views.RectificationImportTemplateView,
    ),
    *_crud("phases", "phase", views.PHASE),
    *_crud("groups", "workinggroup", views.GROUP),
    *_crud("members", "groupmember", views.MEMBER),
    *_crud("topics", "researchtopic", views.TOPIC),
    *_crud("reports", "report", views.REPORT),
    *_crud("problems", "problem", views.PROBLEM),
    *_crud("rules", "rule", views.RULE),
    *crud_urls(
        "opinions",
        "opinion",
        list=views.OPINION["list"],
        detail=views.OPINION["detail"],
        edit=views.OPINION["edit"],
        delete=views.OPINION["delete"],
        history=views.OPINION["history"],
    ),
    path("", views.CAMPAIGN["list"].as_view(), name="campaign_list"),
    path("add/", views.CAMPAIGN["edit"].as_view(), name="campaign_add"),
    path("<int:pk>/", views.CAMPAIGN["detail"].as_view(), name="campaign_detail"),
    path("<int:pk>/edit/", views.CAMPAIGN["edit"].as_view(), name="campaign_edit"),
    path("<int:pk>/delete/", views.CAMPAIGN["delete"].as_view(), name="campaign_delete"),
    path("<int:pk>/history/", views.CAMPAIGN["history"].as_view(), name="campaign_history"),
]

# Pages for the public, without login, under /public/ (the disclosure portal will link here).
public_patterns = (
    [
        path("campaigns/<int:pk>/", views.PublicRectificationView.as_view(), name="rectification"),
        path("rectification/<int:pk>/", views.PublicRectificationView.as_view(), name="rectification_list"),
        path("campaigns/<int:pk>/opinion/", views.PublicOpinionView.as_view(), name="opinion"),
    ],
    "campaigns_public",
)
