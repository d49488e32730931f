"""Error pages in Chinese; API paths answer JSON."""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from qizhi.core.refusals import message_of


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def permission_denied(request, exception=None):
    """403 with the refusing service's sentence (``core.refusals.Refused``), or the general one."""
    message = message_of(exception) if exception is not None else _("您没有执行此操作的权限")
    if _wants_json(request):
        return JsonResponse({"detail": message, "errors": {}}, status=403)
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request, exception=None):
    if _wants_json(request):
        return JsonResponse({"detail": _("记录不存在或不在您的权限范围内"), "errors": {}}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if _wants_json(request):
        return JsonResponse({"detail": _("服务器内部错误，请稍后重试"), "errors": {}}, status=500)
    return render(request, "500.html", status=500)


def csrf_failure(request, reason=""):
    """A form sent from a page that is too old (or from elsewhere): say what to do, in Chinese."""
    if _wants_json(request):
        return JsonResponse({"detail": _("请求已失效（CSRF 校验失败），请刷新页面后重试"), "errors": {}}, status=403)
    return render(request, "403_csrf.html", status=403)
