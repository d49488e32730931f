from django.urls import path

from qizhi.core import home
from qizhi.core.import_views import ImportJobView

app_name = "core"

urlpatterns = [
    path("", home.HomeView.as_view(), name="home"),
    path("imports/<int:pk>/", ImportJobView.as_view(), name="import_job"),
]
