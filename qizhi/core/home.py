"""The start page and the health check."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db import connection
from django.http import HttpResponse
from django.views import generic


def healthz(request):
    """200 when the database answers (for load balancers and monitors)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return HttpResponse("database unavailable", status=503, content_type="text/plain")
    return HttpResponse("ok", content_type="text/plain")


class HomeView(LoginRequiredMixin, generic.TemplateView):
    """The user's units and their figures: where every working day starts."""

    template_name = "core/home.html"

    def get_context_data(self, **kwargs):
        from qizhi.org.models import Unit
        from qizhi.org.services import staff_counts

        context = super().get_context_data(**kwargs)
        user = self.request.user
        visible = Unit.objects.visible_to(user)
        top = visible.order_by("depth").values_list("depth", flat=True).first()
        units = list(visible.filter(depth=top)[:10]) if top else []
        context["units"] = [(unit, staff_counts(unit)) for unit in units]
        context["grants"] = user.grants.select_related("unit")
        return context
