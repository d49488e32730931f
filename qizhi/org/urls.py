from django.urls import path

from qizhi.core.urls_helpers import crud_urls
from qizhi.org import views

app_name = "org"

urlpatterns = [
    path("units/tree/", views.UnitTreeView.as_view(), name="unit_tree"),
    *crud_urls(
        "units",
        "unit",
        list=views.UnitListView,
        add=views.UnitEditView,
        detail=views.UnitDetailView,
        edit=views.UnitEditView,
        delete=views.UnitDeleteView,
        history=views.UnitHistoryView,
    ),
    *crud_urls(
        "people",
        "person",
        list=views.PersonListView,
        add=views.PersonEditView,
        detail=views.PersonDetailView,
        edit=views.PersonEditView,
        delete=views.PersonDeleteView,
        history=views.PersonHistoryView,
        export=views.PersonExportView,
        import_=views.PersonImportView,
        import_template=views.PersonImportTemplateView,
        deleted=views.PersonDeletedView,
        restore=views.PersonRestoreView,
    ),
]
