"""The reception app's public pages (no login), included under ``/public/`` by ``qizhi/urls.py``."""

from django.urls import path

from qizhi.reception import public

app_name = "reception_public"

urlpatterns = [
    path("cases/", public.StatusView.as_view(), name="status"),
    path("letters/new/", public.PublicLetterView.as_view(), name="letter"),
]
