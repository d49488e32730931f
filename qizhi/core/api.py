"""API base: scoped viewsets and errors as JSON with the field and a Chinese message."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from qizhi.accounts.roles import Action
from qizhi.core.dbrouter import replica_reads
from qizhi.core.models import StaleRecord
from qizhi.core.params import BadParameter
from qizhi.core.references import scope_serializer_fields
from qizhi.core.refusals import errors_of, message_of
from qizhi.core.scoping import scope_of, unit_model

_METHOD_ACTIONS = {"POST": Action.ADD, "PUT": Action.CHANGE, "PATCH": Action.CHANGE, "DELETE": Action.DELETE}


class Conflict(exceptions.APIException):
    """409: the record changed since the version the request started from (or no version came)."""

    status_code = 409
    default_code = "stale"

    def __init__(self, message):
        super().__init__({"detail": message, "errors": {"version": [message]}})


def exception_handler(exc, context):
    """DRF's handler, with every error body shaped ``{"detail": ..., "errors": {field: [msg]}}``."""
    if isinstance(exc, BadParameter):
        exc = exceptions.ValidationError(exc.message_dict)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(_("记录不存在或不在您的权限范围内"))
    elif isinstance(exc, DjangoPermissionDenied):  # a service's Refused keeps its sentence
        exc = exceptions.PermissionDenied(message_of(exc))
    elif isinstance(exc, DjangoValidationError):  # a service's refusal of the state or the input
        exc = exceptions.ValidationError(errors_of(exc, field="non_field_errors"))
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        errors = data if isinstance(data, dict) else {"non_field_errors": data}
        response.data = {"detail": _("提交的数据有误"), "errors": errors}
    elif isinstance(data, dict) and "detail" in data:
        response.data = {"detail": data["detail"], "errors": data.get("errors", {})}
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
        try:
            with transaction.atomic():
                instance = serializer.save()
                if not self.queryset.editable_by(user).filter(pk=instance.pk).exists():
                    transaction.set_rollback(True)
                    raise exceptions.ValidationError({"unit": [_("该记录将不在您的管理范围内")]})
        except StaleRecord as exc:  # another request saved this version first
            raise Conflict(str(StaleRecord.message)) from exc

    def perform_destroy(self, instance):
        instance._history_user = self.request.user
        try:
            with transaction.atomic():
                instance.delete()
        except ProtectedError as exc:  # as the HTML delete view: still referenced, nothing deleted
            message = _("“{obj}”仍被其他记录引用，不能删除").format(obj=instance)
            raise exceptions.ValidationError({"non_field_errors": [message]}) from exc


class ScopedReferencesMixin:
    """Every writable related field offers only rows the user may reference (``core.references``).

    Applied once the fields are built, after any subclass's ``get_fields``, so a subclass may narrow
    a choice but never widen it; ``unscoped_references`` names, with the reason, a field that must
    reach further. Without a request (the OpenAPI schema is being generated) nothing is narrowed.
    """

    unscoped_references: dict[str, str] = {}

    @cached_property
    def fields(self):
        fields = serializers.Serializer.fields.func(self)
        request = self.context.get("request")
        if request is not None:
            meta = getattr(self, "Meta", None)
            model = getattr(meta, "model", None)
            scope_serializer_fields(fields, request.user, model, exempt=self.unscoped_references)
        return fields


class TrackedSerializer(ScopedReferencesMixin, serializers.ModelSerializer):
    """Stamps the author; references scoped (``ScopedReferencesMixin``); an update (``PUT`` or ``PATCH``)
    must carry the ``version`` it started from and writes only over that version."""

    def get_fields(self):
        fields = super().get_fields()
        fields["version"] = serializers.IntegerField(
            min_value=1, max_value=2**31 - 1, required=False,
            help_text=_("记录的版本号：修改（PUT/PATCH）时必须提供读取时的版本号，已被他人修改则返回 409"),
        )  # fmt: skip
        return fields

    def to_internal_value(self, data):
        from qizhi.core.forms import MISSING_VERSION

        validated = super().to_internal_value(data)
        if self.instance is None:
            validated.pop("version", None)  # a new record starts at version 1
        elif validated.get("version") is None:
            raise Conflict(str(MISSING_VERSION))
        elif validated["version"] != type(self.instance)._base_manager.get(pk=self.instance.pk).version:
            raise Conflict(str(StaleRecord.message))
        else:
            self.instance.expect_version(validated["version"])
        return validated

    def run_validation(self, data=serializers.empty):
        """After the serializer's own checks, the model's field rules and constraints, as a form runs
        them (one rule for every door; a subclass's ``validate`` cannot skip them)."""
        attrs = super().run_validation(data)
        if attrs is None:
            return attrs
        model = self.Meta.model
        record = (
            model(**{f.attname: getattr(self.instance, f.attname) for f in model._meta.concrete_fields})
            if (self.instance is not None)
            else model()
        )
        given = set()
        for name, value in attrs.items():
            field = next((f for f in model._meta.concrete_fields if f.name == name), None)
            if field is not None:
                setattr(record, name, value)
                given.add(name)
        exclude = {f.name for f in model._meta.fields} - given
        try:
            record.clean_fields(exclude=exclude)
            record.clean()
            record.validate_constraints(exclude=exclude)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs

    def save(self, **kwargs):
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            kwargs.setdefault("updated_by", user)
            if self.instance is None:
                kwargs.setdefault("created_by", user)
        return super().save(**kwargs)


def service_call(function, *args, field: str = "non_field_errors", **kwargs):
    """Run a service; an unkeyed ValidationError is filed under ``field``. (A service may also be
    called directly: the exception handler translates every refusal the same way.)"""
    try:
        return function(*args, **kwargs)
    except DjangoValidationError as exc:
        raise exceptions.ValidationError(errors_of(exc, field=field)) from exc


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


def unit_year_figures(compute, *, description: str):
    """A ``GET ?unit=<id>&year=<yyyy>`` endpoint answering ``compute(unit, year)`` for a unit the user
    may see (its subtree's figures): the apps' figures endpoints, declared in one line each."""

    @replica_reads
    @extend_schema(
        parameters=[
            OpenApiParameter("unit", OpenApiTypes.INT, required=True, description="单位编号（含下级单位）"),
            OpenApiParameter("year", OpenApiTypes.INT, required=True, description="年度"),
        ],
        responses={200: OpenApiTypes.OBJECT},
        description=description,
    )
    @api_view(["GET"])
    def figures(request):
        unit = unit_param(request, unit_model().objects)
        return Response(compute(unit, year_param(request)))

    return figures


def year_param(request) -> int:
    """The ``?year=YYYY`` parameter of a figures endpoint."""
    try:
        year = int(request.query_params.get("year", ""))
    except ValueError as exc:
        raise exceptions.ValidationError({"year": [_("year 参数应为四位年份")]}) from exc
    if not 2000 <= year <= 2100:
        raise exceptions.ValidationError({"year": [_("year 参数应为四位年份")]})
    return year


class TodoItemSerializer(serializers.Serializer):
    kind = serializers.CharField(read_only=True, help_text="事项类型代码，如 targets.review")
    kind_label = serializers.CharField(read_only=True, help_text="事项类型名称")
    title = serializers.CharField(read_only=True)
    due = serializers.DateField(read_only=True, allow_null=True, help_text="期限（无期限为 null）")
    url = serializers.CharField(read_only=True, help_text="办理页面")


@extend_schema(responses={200: TodoItemSerializer(many=True)}, description="当前用户的待办事项，期限最近的在前。")
@api_view(["GET"])
@permission_classes([permissions.IsAuthenticated])
def todo_items(request):
    from qizhi.core import todo

    return Response(TodoItemSerializer(todo.cached_items(request.user), many=True).data)  # the badge's list
