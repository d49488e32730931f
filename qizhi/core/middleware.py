"""Requests refused before any view: a query string carrying a NUL character (no text field of
PostgreSQL can hold one, so any lookup with it would fail deep inside the database driver); and the
session's idle timeout, renewed at most once a minute."""

from __future__ import annotations

import time

from django.conf import settings
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


class SessionTouchMiddleware:
    """The idle timeout without a database write on every request.

    A signed-in session ends ``SESSION_COOKIE_AGE`` after it was last saved. Saving it on every request
    (``SESSION_SAVE_EVERY_REQUEST``) cost each page an UPDATE and a commit, and on SQLite the workers queued
    for its write lock. Here a session is saved again only when it was last saved ``SESSION_TOUCH_SECONDS``
    ago or more (a timestamp in the session marks it modified, so Django saves it and renews the cookie):
    a session then ends between ``SESSION_COOKIE_AGE - SESSION_TOUCH_SECONDS`` and ``SESSION_COOKIE_AGE``
    after the user's last request, and a busy user's session is written once a minute, not once a page.
    Sessions without a key (anonymous visitors who never signed in) are left alone: touching them would
    create one per visitor.
    """

    KEY = "_qizhi_touched"

    def __init__(self, get_response):
        self.get_response = get_response
        self.interval = settings.SESSION_TOUCH_SECONDS

    def __call__(self, request):
        session = request.session
        if session.session_key is not None:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= self.interval:
                session[self.KEY] = now
        return self.get_response(request)
