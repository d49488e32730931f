from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.documents import views

app_name = "documents"

urlpatterns = [
    path("year-summary/", views.YearSummaryView.as_view(), name="year_summary"),
    path("meetings/<int:pk>/record/", views.MeetingRecordView.as_view(), name="meeting_record"),
    path("party-orgs/<int:pk>/report/", views.BranchReportView.as_view(), name="branch_report"),
    path("plans/<int:pk>/responsibility/", views.ResponsibilityLetterView.as_view(), name="responsibility_letter"),
    path("bulletin-issues/<int:pk>/", views.BulletinIssueView.as_view(), name="bulletin_issue"),
    path("campaigns/<int:pk>/rectification-plan/", views.RectificationPlanView.as_view(), name="rectification_plan"),
    path("campaigns/<int:pk>/analysis-report/", views.AnalysisReportView.as_view(), name="analysis_report"),
    path("units/<int:pk>/statistics/", views.StatisticsReportView.as_view(), name="statistics_report"),
    # The units' Word templates of the narrative documents (user_templates.py).
    *crud_urls(
        "templates",
        "documenttemplate",
        list=views.DocumentTemplateListView,
        add=views.DocumentTemplateEditView,
        detail=views.DocumentTemplateDetailView,
        edit=views.DocumentTemplateEditView,
        delete=views.DocumentTemplateDeleteView,
        history=views.DocumentTemplateHistoryView,
    ),
    path("templates/starter/", views.StarterTemplateView.as_view(), name="documenttemplate_starter"),
    path("templates/<int:pk>/file/", views.DocumentTemplateFileView.as_view(), name="documenttemplate_file"),
    path(
        "templates/<int:pk>/activate/",
        views.DocumentTemplateSwitchView.as_view(active=True),
        name="documenttemplate_activate",
    ),
    path(
        "templates/<int:pk>/deactivate/",
        views.DocumentTemplateSwitchView.as_view(active=False),
        name="documenttemplate_deactivate",
    ),
]
