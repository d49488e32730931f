from django.urls import path

from qizhi.core import exports, inbox
from qizhi.core.import_views import ImportJobView

app_name = "core"

# ``core:home`` (the start page) is added by qizhi/urls.py: its view belongs to a domain app.

urlpatterns = [
    path("exports/", exports.ExportLogView.as_view(), name="export_log"),
    path("imports/<int:pk>/", ImportJobView.as_view(), name="import_job"),
    path("todo/", inbox.TodoView.as_view(), name="todo"),
    path("todo/count/", inbox.todo_count, name="todo_count"),
    path("notifications/", inbox.NotificationListView.as_view(), name="notification_list"),
    path("notifications/<int:pk>/open/", inbox.NotificationOpenView.as_view(), name="notification_open"),
    path("notifications/read-all/", inbox.NotificationReadAllView.as_view(), name="notification_read_all"),
    path("notifications/preferences/", inbox.NotificationPreferencesView.as_view(), name="notification_preferences"),
    path("files/<int:pk>/", inbox.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("files/<int:pk>/delete/", inbox.AttachmentDeleteView.as_view(), name="attachment_delete"),
    path(
        "files/add/<str:app_label>/<str:model_name>/<int:object_id>/",
        inbox.AttachmentAddView.as_view(),
        name="attachment_add",
    ),
]
