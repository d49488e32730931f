from django.urls import path

from qizhi.appraisals import views
from qizhi.core.urls_helpers import crud_urls

app_name = "appraisals"

urlpatterns = [
    path("my/", views.MyAppraisalsView.as_view(), name="my"),
    path("elections/<int:pk>/ballot/", views.ElectionBallotView.as_view(), name="election_ballot"),
    path("rounds/<int:pk>/open/", views.OpenView.as_view(), name="round_open"),
    path("rounds/<int:pk>/close/", views.CloseView.as_view(), name="round_close"),
    path("rounds/<int:pk>/seal/", views.SealView.as_view(), name="round_seal"),
    path("rounds/<int:pk>/ballot/", views.BallotView.as_view(), name="ballot"),
    path("rounds/<int:pk>/receipts/", views.ReceiptsView.as_view(), name="receipts"),
    path("rounds/<int:pk>/results/", views.ResultsView.as_view(), name="results"),
    path("rounds/<int:pk>/grading/", views.GradingView.as_view(), name="grading"),
    *crud_urls(
        "rounds", "round",
        list=views.RoundListView, add=views.RoundAddView, detail=views.RoundDetailView,
        delete=views.RoundDeleteView, history=views.RoundHistoryView,
    ),
    *crud_urls(
        "grades", "grade", list=views.GradeListView, detail=views.GradeDetailView, history=views.GradeHistoryView,
    ),
    *crud_urls(
        "duty-reports", "dutyreport",
        list=views.DutyReportListView, add=views.DutyReportEditView, detail=views.DutyReportDetailView,
        edit=views.DutyReportEditView, delete=views.DutyReportDeleteView, history=views.DutyReportHistoryView,
    ),
]  # fmt: skip
