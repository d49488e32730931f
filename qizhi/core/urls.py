from django.urls import path

from qizhi.core import home, inbox
from qizhi.core.import_views import ImportJobView

app_name = "core"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("imports/<int:pk>/", ImportJobView.as_view(), name="import_job"),
    path("notifications/", inbox.NotificationListView.as_view(), name="notification_list"),
    path("notifications/<int:pk>/open/", inbox.NotificationOpenView.as_view(), name="notification_open"),
    path("notifications/read-all/", inbox.NotificationReadAllView.as_view(), name="notification_read_all"),
    path("files/<int:pk>/", inbox.AttachmentDownloadView.as_view(), name="attachment_download"),
    path("files/<int:pk>/delete/", inbox.AttachmentDeleteView.as_view(), name="attachment_delete"),
    path(
        "files/add/<str:app_label>/<str:model_name>/<int:object_id>/",
        inbox.AttachmentAddView.as_view(),
        name="attachment_add",
    ),
]
