from django.urls import path

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
]
