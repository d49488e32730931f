from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.dues import views

app_name = "dues"

urlpatterns = [
    path("my/", views.MyDuesView.as_view(), name="my_dues"),
    path("ledger/", views.LedgerView.as_view(), name="ledger"),
    path("ledger/export/", views.LedgerExportView.as_view(), name="ledger_export"),
    path("unpaid/", views.UnpaidView.as_view(), name="unpaid"),
    *crud_urls(
        "bases", "duesbase",
        list=views.DuesBaseListView, add=views.DuesBaseEditView, detail=views.DuesBaseDetailView,
        edit=views.DuesBaseEditView, delete=views.DuesBaseDeleteView, history=views.DuesBaseHistoryView,
        export=views.DuesBaseExportView, import_=views.DuesBaseImportView,
        import_template=views.DuesBaseImportTemplateView,
    ),
    *crud_urls(
        "payments", "duespayment",
        list=views.DuesPaymentListView, add=views.PayView, detail=views.DuesPaymentDetailView,
        delete=views.DuesPaymentDeleteView, history=views.DuesPaymentHistoryView, export=views.DuesPaymentExportView,
    ),
    *crud_urls(
        "reliefs", "duesrelief",
        list=views.DuesReliefListView, add=views.ReliefView, detail=views.DuesReliefDetailView,
        delete=views.DuesReliefDeleteView, history=views.DuesReliefHistoryView,
    ),
]  # fmt: skip
