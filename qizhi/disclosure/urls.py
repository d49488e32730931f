from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.disclosure import views

app_name = "disclosure"

urlpatterns = [
    path("propose/", views.ProposeView.as_view(), name="propose"),
    path("items/<int:pk>/review/", views.ReviewView.as_view(), name="review"),
    path("items/<int:pk>/approve/", views.ApproveView.as_view(), name="approve"),
    path("items/<int:pk>/return/", views.ReturnView.as_view(), name="return"),
    path("items/<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("items/<int:pk>/withdraw/", views.WithdrawView.as_view(), name="withdraw"),
    path("publications/<int:pk>/printout/", views.BoardPrintoutView.as_view(), name="publication_printout"),
    path("annual-report/", views.AnnualReportView.as_view(), name="annual_report"),
    # Items change only through their moves (services.py); publications are the log, written by publish.
    *crud_urls("items", "disclosure", list=views.DisclosureListView, detail=views.DisclosureDetailView,
               history=views.DisclosureHistoryView),
    *crud_urls("publications", "publication", list=views.PublicationListView, detail=views.PublicationDetailView,
               history=views.PublicationHistoryView),
]  # fmt: skip
