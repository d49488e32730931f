"""The home page: a cockpit that depends on the user's role, and the member's own page; a unit's big screen."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views import generic

from qizhi.accounts.roles import Role
from qizhi.core import generations, todo
from qizhi.core.models import Notification
from qizhi.core.scoping import scope_of
from qizhi.dashboard import screen, services
from qizhi.org.models import Unit

TODO_SHOWN = 6


def cockpit_kind(user) -> str:
    """Which home page: the bureau's (局领导, 党务干部, administrators), the branch's, the unit's, or the member's."""
    scope = scope_of(user)
    roles = scope.roles()
    if scope.unrestricted or roles & {Role.ADMIN, Role.LEADER, Role.PARTY_AFFAIRS}:
        return "bureau"
    if Role.BRANCH_SECRETARY in roles:
        return "branch"
    if Role.UNIT_HEAD in roles:
        return "unit"
    return "member"


class HomeView(LoginRequiredMixin, generic.TemplateView):
    template_name = "dashboard/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, today = self.request.user, timezone.localdate()
        kind = cockpit_kind(user)
        waiting = todo.cached_items(user)
        unit = Unit.objects.visible_to(user).order_by("depth", "path").first()
        tiles, branch, tiles_key = [], None, None
        if unit is not None and kind == "bureau":
            # The bureau's tiles follow the unit, the scope's signature and the day: rendered once for everyone
            # with the same grants until the next write (home.html), and read only when they are rendered.
            tiles = SimpleLazyObject(lambda: services.leader_tiles(user, unit, today))
            tiles_key = generations.page_key(user, unit.pk)
        elif kind == "branch":
            branch = services.branch_of(user)
            tiles = services.branch_tiles(user, branch, today, waiting) if branch else []
        elif unit is not None and kind == "unit":
            tiles = services.unit_tiles(user, unit, today)
        context.update(
            kind=kind, unit=unit, branch=branch, tiles=tiles, today=today,
            waiting=waiting[:TODO_SHOWN], waiting_count=len(waiting),
            me=services.member_page(user, today),
            messages_unread=Notification.objects.visible_to(user).filter(read_at__isnull=True)[:5],
            grants=user.grants.select_related("unit"),  # read only when not in the cache: grants_key
            # The user's own grants: a superuser's signature does not read them, so the key names the user.
            grants_key=generations.page_key(user, "grants", user.pk),
            tiles_key=tiles_key,
        )  # fmt: skip
        return context


class ScreenAccessMixin(LoginRequiredMixin):
    """A unit's big screen: the unit must be in the user's scope (else 404) and the user one who sees the
    bureau's cockpit (局领导, 党务干部, administrators; else 403)."""

    queryset = Unit.objects.all()

    def unit(self) -> Unit:
        unit = get_object_or_404(self.queryset.visible_to(self.request.user), pk=self.kwargs["pk"])
        if cockpit_kind(self.request.user) != "bureau":
            raise PermissionDenied
        return unit


class ScreenView(ScreenAccessMixin, generic.TemplateView):
    """``/screen/<unit id>/``: the page, a 1920×1080 stage scaled to the display; its data comes by polling."""

    replica_reads = True  # a read-only report: its reads may go to a replica (core/dbrouter.py)

    template_name = "dashboard/screen.html"

    def get_context_data(self, **kwargs):
        unit = self.unit()
        return super().get_context_data(unit=unit, data=screen.screen_data(self.request.user, unit), **kwargs)


class ScreenDataView(ScreenAccessMixin, generic.View):
    """``/screen/<unit id>/data/``: every tile and chart of the screen in one JSON document."""

    replica_reads = True  # a read-only report: its reads may go to a replica (core/dbrouter.py)

    def get(self, request, pk: int):
        response = JsonResponse(
            screen.screen_data(request.user, self.unit()), json_dumps_params={"ensure_ascii": False}
        )
        response["Cache-Control"] = "no-store"
        return response
