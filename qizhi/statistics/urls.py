from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.statistics import views

app_name = "statistics"

urlpatterns = [
    *crud_urls(
        "reports", "statreport",
        list=views.StatReportListView, add=views.StatReportCreateView, detail=views.StatReportDetailView,
        edit=views.StatReportValuesView, history=views.StatReportHistoryView,
        export=views.StatReportExportView, import_=views.StatReportImportView,
        import_template=views.StatReportImportTemplateView,
    ),
    *[
        path(f"reports/<int:pk>/{act}/", views.StatReportActionView.as_view(action=act), name=f"statreport_{act}")
        for act in ("submit", "approve", "return", "reopen")
    ],
    path("rollup/", views.RollupView.as_view(), name="rollup"),
    path("board/", views.SubmissionBoardView.as_view(), name="board"),
    path("board/<int:pk>/remind/", views.RemindView.as_view(), name="remind"),
    path("rollup/export/", views.RollupExportView.as_view(), name="rollup_export"),
]  # fmt: skip
