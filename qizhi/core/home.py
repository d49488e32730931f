"""The health check (the start page is the cockpit, ``qizhi.dashboard.views.HomeView``)."""

from __future__ import annotations

from django.db import connection
from django.http import HttpResponse


def healthz(request):
    """200 when the database answers (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")
