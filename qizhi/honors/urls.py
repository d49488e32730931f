from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.honors import views

app_name = "honors"

urlpatterns = [
    path("wall/", views.WallView.as_view(), name="wall"),
    path("register/", views.RegisterExportView.as_view(), name="register"),
    *crud_urls(
        "honors", "honor",
        list=views.HonorListView, add=views.HonorEditView, detail=views.HonorDetailView, edit=views.HonorEditView,
        delete=views.HonorDeleteView, history=views.HonorHistoryView, export=views.HonorExportView,
        import_=views.HonorImportView, import_template=views.HonorImportTemplateView,
    ),
]  # fmt: skip
