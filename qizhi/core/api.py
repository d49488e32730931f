"""API base: scoped viewsets and errors as JSON with the field and a Chinese message."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from qizhi.accounts.roles import Action
from qizhi.core.scoping import scope_of

_METHOD_ACTIONS = {"POST": Action.ADD, "PUT": Action.CHANGE, "PATCH": Action.CHANGE, "DELETE": Action.DELETE}


def exception_handler(exc, context):
    """DRF's handler, with every error body shaped ``{"detail": ..., "errors": {field: [msg]}}``."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("记录不存在或不在您的权限范围内"))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(_("您没有执行此操作的权限"))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {"detail": _("提交的数据有误"), "errors": errors}
    elif isinstance(data, dict) and "detail" in data:
        response.data = {"detail": data["detail"], "errors": {}}
    return response


class ScopedPermission(permissions.IsAuthenticated):
    """Writes need the role's action in the model's area; rows are scoped by the viewset."""

    def has_permission(self, request, view):
        if not super().has_permission(request, view):
            return False
        # A viewset may name what an extra action needs (``approve`` needs APPROVE, not ADD).
        action = getattr(view, "action_permissions", {}).get(getattr(view, "action", None))
        action = action or _METHOD_ACTIONS.get(request.method)
        if action is None:
            return True
        return scope_of(request.user).can(action, view.queryset.model._meta.app_label)


class ScopedModelViewSet(viewsets.ModelViewSet):
    """Reads through ``visible_to``; writes only on ``editable_by`` rows, re-checked after saving."""

    permission_classes = [ScopedPermission]

    def get_queryset(self):
        user = self.request.user
        if self.request.method in ("PUT", "PATCH"):
            return self.queryset.editable_by(user)
        if self.request.method == "DELETE":
            return self.queryset.deletable_by(user)
        return self.queryset.visible_to(user)

    def perform_create(self, serializer):
        self._save_scoped(serializer)

    def perform_update(self, serializer):
        self._save_scoped(serializer)

    def _save_scoped(self, serializer):
        user = self.request.user
        with transaction.atomic():
            instance = serializer.save()
            if not self.queryset.editable_by(user).filter(pk=instance.pk).exists():
                transaction.set_rollback(True)
                raise exceptions.ValidationError({"unit": [_("该记录将不在您的管理范围内")]})

    def perform_destroy(self, instance):
        instance._history_user = self.request.user
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError as exc:  # as the HTML delete view: still referenced, nothing deleted
            message = _("“{obj}”仍被其他记录引用，不能删除").format(obj=instance)
            raise exceptions.ValidationError({"non_field_errors": [message]}) from exc


class TrackedSerializer(serializers.ModelSerializer):
    """Stamps the author; unit choices limited to the user's editable subtree."""

    def get_fields(self):
        from qizhi.core.forms import units_for
        from qizhi.org.models import Unit

        fields = super().get_fields()
        request = self.context.get("request")
        area = self.Meta.model._meta.app_label
        for field in fields.values():
            queryset = getattr(field, "queryset", None)
            if request is not None and queryset is not None and queryset.model is Unit:
                field.queryset = units_for(request.user, area)
        return fields

    def save(self, **kwargs):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            kwargs.setdefault("updated_by", user)
            if self.instance is None:
                kwargs.setdefault("created_by", user)
        return super().save(**kwargs)


def service_call(function, *args, field: str = "non_field_errors", **kwargs):
    """Run a service; its Django ValidationError becomes the API's field errors (``field`` when unkeyed)."""
    try:
        return function(*args, **kwargs)
    except DjangoValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {field: exc.messages}
        raise exceptions.ValidationError(errors) from exc


def unit_param(request, queryset):
    """The ``?unit=<id>`` parameter of a figures endpoint, resolved within what the user may see."""
    raw = request.query_params.get("unit")
    if not raw:
        raise exceptions.ValidationError({"unit": [_("必须提供 unit 参数（单位编号）")]})
    try:
        pk = int(raw)
    except ValueError as exc:
        raise exceptions.ValidationError({"unit": [_("unit 参数应为整数")]}) from exc
    unit = queryset.visible_to(request.user).filter(pk=pk).first()
    if unit is None:
        raise exceptions.NotFound(_("单位不存在或不在您的权限范围内"))
    return unit


def year_param(request) -> int:
    """The ``?year=YYYY`` parameter of a figures endpoint."""
    try:
        year = int(request.query_params.get("year", ""))
    except ValueError as exc:
        raise exceptions.ValidationError({"year": [_("year 参数应为四位年份")]}) from exc
    if not 2000 <= year <= 2100:
        raise exceptions.ValidationError({"year": [_("year 参数应为四位年份")]})
    return year
