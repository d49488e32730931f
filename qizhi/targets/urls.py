from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.targets import views

app_name = "targets"

urlpatterns = [
    path("", views.MyTasksView.as_view(), name="my_tasks"),
    *crud_urls(
        "plans", "plan",
        list=views.PlanListView, add=views.PlanEditView, detail=views.PlanDetailView, edit=views.PlanEditView,
        delete=views.PlanDeleteView, history=views.PlanHistoryView,
    ),
    path("plans/<int:pk>/export/", views.PlanExportView.as_view(), name="plan_export"),
    path("plans/<int:pk>/copy/", views.PlanCopyView.as_view(), name="plan_copy"),
    path("plans/<int:plan>/targets/add/", views.TargetCreateView.as_view(), name="target_add"),
    *crud_urls(
        "targets", "target",
        list=views.TargetListView, import_=views.TargetImportView, import_template=views.TargetImportTemplateView,
        detail=views.TargetDetailView, edit=views.TargetEditView, delete=views.TargetDeleteView,
        history=views.TargetHistoryView,
    ),
    path("targets/<int:pk>/milestones/add/", views.MilestoneAddView.as_view(), name="milestone_add"),
    path("targets/<int:pk>/children/", views.TargetChildrenView.as_view(), name="target_children"),
    path("targets/<int:pk>/report/", views.ProgressCreateView.as_view(), name="progressreport_add"),
    path("targets/<int:pk>/supervise/", views.SupervisionOpenView.as_view(), name="supervision_add"),
    path("progress/<int:pk>/", views.ProgressDetailView.as_view(), name="progressreport_detail"),
    path("progress/<int:pk>/revise/", views.ProgressReviseView.as_view(), name="progressreport_edit"),
    *[
        path(f"progress/<int:pk>/{act}/", views.ProgressActionView.as_view(action=act), name=f"progressreport_{act}")
        for act in ("approve", "return")
    ],
    path("supervision/", views.SupervisionBoardView.as_view(), name="supervision_board"),
    path("supervision/<int:pk>/", views.SupervisionDetailView.as_view(), name="supervision_detail"),
    *[
        path(f"supervision/<int:pk>/{act}/", views.SupervisionActionView.as_view(action=act), name=f"supervision_{act}")
        for act in ("respond", "close", "pass_on", "accept", "decline", "return", "reissue")
    ],
    path("ranking/", views.RankingView.as_view(), name="ranking"),
    path("ranking/export/", views.RankingExportView.as_view(), name="ranking_export"),
    *crud_urls(
        "adjustments", "scoreadjustment",
        list=views.ScoreAdjustmentListView, add=views.ScoreAdjustmentEditView,
        detail=views.ScoreAdjustmentDetailView, edit=views.ScoreAdjustmentEditView,
        delete=views.ScoreAdjustmentDeleteView, history=views.ScoreAdjustmentHistoryView,
    ),
    *crud_urls(
        "commitments", "commitment",
        list=views.CommitmentListView, add=views.CommitmentEditView, detail=views.CommitmentDetailView,
        edit=views.CommitmentEditView, delete=views.CommitmentDeleteView, history=views.CommitmentHistoryView,
    ),
    *crud_urls(
        "model-posts", "modelpost",
        list=views.ModelPostListView, add=views.ModelPostEditView, detail=views.ModelPostDetailView,
        edit=views.ModelPostEditView, delete=views.ModelPostDeleteView, history=views.ModelPostHistoryView,
    ),
]  # fmt: skip
