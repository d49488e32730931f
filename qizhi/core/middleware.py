"""Requests refused before any view: a query string carrying a NUL character (no text field of
PostgreSQL can hold one, so any lookup with it would fail deep inside the database driver)."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class NullCharacterMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.META.get("QUERY_STRING", "") or any(
            "\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()
        ):
            message = _("请求参数含有无效的空字符，请检查链接或筛选条件")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message, "errors": {}}, status=400)
            return render(request, "400.html", {"message": message}, status=400)
        return self.get_response(request)
