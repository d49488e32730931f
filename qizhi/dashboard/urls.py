from django.urls import path

from qizhi.dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("<int:pk>/", views.ScreenView.as_view(), name="screen"),
    path("<int:pk>/data/", views.ScreenDataView.as_view(), name="screen_data"),
]
