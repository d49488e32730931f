"""Base model tiers every domain model picks one of (never ``models.Model`` directly).

- ``TrackedModel``: created/updated timestamps and actors, an optimistic-lock ``version``, field
  history (django-simple-history) and the scoped manager.
- ``UnitScopedModel``: adds the required ``unit``; scoped through ``unit__path``.
- ``TreeModel``: a treebeard materialized-path node, scoped through its own ``path``.
"""

from __future__ import annotations

import functools
from typing import ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from qizhi.core.scoping import CatalogManager, ScopedManager, ScopedQuerySet, ancestor_paths, parent_path


@functools.cache
def choice_labels(field, language: str | None) -> dict:
    """``{value: label}`` of a field's choices, translated into ``language`` (the active one)."""
    return {make_hashable(value): str(label) for value, label in field.flatchoices}


class StaleRecord(Exception):
    """The record was changed by someone else since the version an edit started from."""

    message = _("此记录在您编辑期间已被他人修改，请刷新页面查看最新内容后再保存")


def _constraint_fields(constraint) -> list[str]:
    """The model fields a constraint names (its ``fields``, or those its condition reads)."""
    if getattr(constraint, "fields", None):
        return list(constraint.fields)
    condition = getattr(constraint, "condition", None)
    if condition is None:
        return []
    names = []
    for child in condition.flatten():
        if isinstance(child, tuple):
            name = child[0].split("__")[0]
            if name not in names:
                names.append(name)
    return names


class TrackedModel(models.Model):
    """A domain record with who/when, a version for conflict detection, and full history."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("更新人"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    history = HistoricalRecords(inherit=True, excluded_fields=["updated_at", "updated_by", "version"])
    objects = ScopedManager()

    scope_path: ClassVar[str] = "unit__path"
    # The kind of each date field not ``bounds.PLANNED`` (2000–2100): ``bounds.DONE``, ``bounds.LIFE``.
    date_bounds: ClassVar[dict] = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Save, raising the version in the same UPDATE.

        An edit (``expect_version(n)`` first) is one ``UPDATE … SET …, version = n + 1 WHERE pk = …
        AND version = n``; no row matched → ``StaleRecord``, nothing written. The UPDATE takes the row
        lock, so of two simultaneous edits from one version the second waits for the first and then
        matches nothing (PostgreSQL re-reads the row). Other saves (services, imports) write
        ``version = version + 1`` in SQL, so a version never repeats even from a stale instance.
        """
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        expected = self.__dict__.pop("_expected_version", None)
        if expected is None:
            self.version = models.F("version") + 1
            super().save(*args, **kwargs)
            self.refresh_from_db(fields=["version"])
            return
        self._saving_from = expected
        self.version = expected + 1
        try:
            super().save(*args, **kwargs)
        except StaleRecord:
            self.version = expected
            raise
        finally:
            del self._saving_from

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_saving_from", None)
        if expected is None or "version" not in {f.name for f in base_qs.model._meta.local_concrete_fields}:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if super()._do_update(base_qs.filter(version=expected), using, pk_val, values, update_fields, forced_update):
            return True
        if base_qs.filter(pk=pk_val).exists():  # there, but at another version: someone saved first
            raise StaleRecord(StaleRecord.message)
        return False  # gone (a restore writes it again): Django inserts, as before

    def expect_version(self, version: int) -> None:
        """Make the next save an edit from ``version`` (what the form or API request started from)."""
        self.version = version
        self._expected_version = version

    def clean_fields(self, exclude=None):
        """Django's field checks, then the plausible-value bounds of ``core.bounds`` (dates by kind,
        long texts), so that every door — form, API, import — refuses the same values."""
        from qizhi.core.bounds import model_errors

        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        for name, problems in model_errors(self, exclude).items():
            errors.setdefault(name, problems)
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        """Django's default message for a broken constraint names the constraint ("约束 targets_plan_year
        是无效的"); the user is told which fields are wrong instead, in Chinese."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            raise ValidationError(self._readable_constraint_errors(exc)) from exc

    def _readable_constraint_errors(self, exc: ValidationError) -> dict:
        errors = exc.update_error_dict({})
        defaults = {}
        for constraint in self._meta.constraints:
            default = constraint.get_violation_error_message()
            if constraint.violation_error_message == constraint.default_violation_error_message:
                defaults[str(default)] = constraint
        readable = {}
        for field, messages in errors.items():
            for message in messages:
                text = " ".join(message.messages) if isinstance(message, ValidationError) else str(message)
                constraint = defaults.get(text)
                if constraint is None:
                    readable.setdefault(field, []).append(message)
                    continue
                names = [self._meta.get_field(f).verbose_name for f in _constraint_fields(constraint)]
                target = _constraint_fields(constraint)[0] if len(_constraint_fields(constraint)) == 1 else field
                readable.setdefault(target, []).append(
                    _("{fields}的取值不符合规则，请检查").format(fields="、".join(str(n) for n in names) or _("记录"))
                )
        return readable

    def _get_FIELD_display(self, field):
        # Django rebuilds (and re-translates) the whole choice dict on every call; a list page calls
        # this for every cell. The labels are built once per field and language instead.
        value = getattr(self, field.attname)
        return choice_labels(field, get_language()).get(make_hashable(value), value)

    def stamp(self, user) -> None:
        """Record ``user`` as the author of the change about to be saved."""
        if user is not None and user.is_authenticated:
            if self._state.adding:
                self.created_by = user
            self.updated_by = user


class UnitScopedModel(TrackedModel):
    """A domain record that belongs to one unit and is seen by those granted on its subtree."""

    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("所属单位"),
        on_delete=models.PROTECT,
        related_name="%(app_label)s_%(class)s_set",
    )

    class Meta:
        abstract = True


class CatalogModel(TrackedModel):
    """Reference data of the whole deployment (not of a unit): read by all, changed by the area's editors."""

    objects = CatalogManager()

    class Meta:
        abstract = True


class ScopedTreeQuerySet(ScopedQuerySet, MP_NodeQuerySet):
    """Tree queryset (subtree-aware delete) that is also scoped."""


class ScopedTreeManager(MP_NodeManager):
    def get_queryset(self):
        return ScopedTreeQuerySet(self.model, using=self._db).order_by("path")

    def for_action(self, user, action: str):
        return self.get_queryset().for_action(user, action)

    def visible_to(self, user):
        return self.get_queryset().visible_to(user)

    def editable_by(self, user):
        return self.get_queryset().editable_by(user)

    def deletable_by(self, user):
        return self.get_queryset().deletable_by(user)


class TreeModel(TrackedModel, MP_Node):
    """A node of a materialized-path tree; its own ``path`` decides who sees it."""

    objects = ScopedTreeManager()
    scope_path: ClassVar[str] = "path"

    class Meta:
        abstract = True

    @property
    def parent_path(self) -> str:
        """The path of the node directly above ("" for a root), without a query."""
        return parent_path(self.path, self.steplen)

    def ancestor_paths(self) -> list[str]:
        """The paths of this node and of every node above it, root first, without a query."""
        return ancestor_paths(self.path, self.steplen)


class ImportJob(models.Model):
    """One upload through the import page: its file, its state and, when done, its outcome."""

    class Status(models.TextChoices):
        CHECKING = "checking", _("检查中")
        PREVIEWED = "previewed", _("待确认")
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs")
    resource = models.CharField(_("导入类型"), max_length=100)
    file_name = models.CharField(_("文件名"), max_length=255)
    stored_path = models.CharField(max_length=500)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PREVIEWED)
    total_rows = models.PositiveIntegerField(_("总行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已处理行数"), default=0)
    totals = models.JSONField(_("结果"), default=dict, blank=True)
    errors = models.JSONField(_("错误"), default=list, blank=True)
    preview = models.JSONField(_("预览"), default=list, blank=True)  # the first rows, as the check read them
    import_url = models.CharField(max_length=200, blank=True)  # the app's import page: confirm posts there
    list_url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def busy(self) -> bool:
        """Whether a background task is still working on the file (the page keeps polling)."""
        return self.status in (self.Status.CHECKING, self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class WorkflowStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已上报")
    APPROVED = "approved", _("已审核")
    RETURNED = "returned", _("已退回")


class WorkflowEvent(models.Model):
    """One move of a record through its workflow: the human timeline shown on the record's page."""

    app_label = models.CharField(max_length=50)
    model = models.CharField(max_length=50)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(_("操作"), max_length=20)
    from_status = models.CharField(_("原状态"), max_length=20, choices=WorkflowStatus.choices)
    to_status = models.CharField(_("新状态"), max_length=20, choices=WorkflowStatus.choices)
    reason = models.TextField(_("理由"), blank=True)
    data = models.JSONField(_("附加数据"), default=dict, blank=True)  # e.g. the values a correction replaced
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("流程记录")
        verbose_name_plural = _("流程记录")
        indexes = [models.Index(fields=["app_label", "model", "object_id"], name="core_wfevent_record")]

    def __str__(self) -> str:
        return f"{self.action} {self.from_status}→{self.to_status}"


class InboxQuerySet(models.QuerySet):
    """A user's own messages: nobody else reads them, whatever their role."""

    personal = True  # the user's own rows alone

    def visible_to(self, user) -> InboxQuerySet:
        return self.filter(recipient=user) if user.is_authenticated else self.none()

    editable_by = visible_to
    deletable_by = visible_to


class Notification(models.Model):
    """A message in one user's inbox: a reminder to report （催报）, a returned report, a meeting falling due."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("收件人"), on_delete=models.CASCADE, related_name="notifications"
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("发送人"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=500, blank=True)
    kind = models.CharField(_("类别"), max_length=50, default="general", help_text=_("发出消息的业务（应用标签）"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = InboxQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("消息")
        verbose_name_plural = _("消息")
        indexes = [models.Index(fields=["recipient", "read_at"], name="core_notification_inbox")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:notification_open", args=[self.pk])


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is opaque; the original name is kept in ``name`` and sent on download.
    import uuid

    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"attachments/{instance.content_type.app_label}/{uuid.uuid4().hex}.{suffix}"


class Attachment(models.Model):
    """A file kept with a record — progress evidence, a scanned 介绍信, a meeting's minutes — and read
    by whoever may read the record (see ``core.attachments``)."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=300)
    name = models.CharField(_("文件名"), max_length=255)
    size = models.PositiveBigIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        indexes = [models.Index(fields=["content_type", "object_id"], name="core_attachment_record")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("core:attachment_download", args=[self.pk])


class ExportLog(models.Model):
    """A record that someone downloaded personal data (a roster, a sign-in sheet): who, when, which
    filter and how many rows (issue 10 §9). Written by ``core.exports.log_export``, read by administrators."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="export_logs",
        verbose_name=_("导出人"),
    )
    at = models.DateTimeField(_("导出时间"), auto_now_add=True, db_index=True)
    what = models.CharField(_("导出内容"), max_length=100)
    path = models.CharField(_("地址"), max_length=500)
    query = models.TextField(_("筛选条件"), blank=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    # The lowest unit holding every exported row: a county's administrator audits the exports of its data.
    unit_path = models.CharField(_("所涉单位路径"), max_length=255, blank=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("导出记录")
        verbose_name_plural = _("导出记录")

    def __str__(self) -> str:
        return f"{self.user} {self.what} ({self.rows})"


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")


class PreferenceQuerySet(models.QuerySet):
    """A user's own settings: nobody else reads or changes them."""

    personal = True  # the user's own rows alone

    def visible_to(self, user) -> PreferenceQuerySet:
        return self.filter(user=user) if user.is_authenticated else self.none()

    editable_by = visible_to
    deletable_by = visible_to


class ChannelPreference(models.Model):
    """How one user wants one kind of message beyond the inbox: by e-mail and/or SMS, at once or as a
    daily digest. No row: the inbox only."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="channel_preferences"
    )
    kind = models.CharField(_("类别"), max_length=50)
    email = models.BooleanField(_("电子邮件"), default=False)
    sms = models.BooleanField(_("短信"), default=False)
    digest = models.BooleanField(_("每日汇总"), default=False, help_text=_("每天一封汇总，而不是每条消息发一次"))

    objects = PreferenceQuerySet.as_manager()

    class Meta:
        ordering = ["user", "kind"]
        verbose_name = _("消息接收设置")
        verbose_name_plural = _("消息接收设置")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="%(app_label)s_%(class)s_once_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.user}：{self.kind}"


class DeliveryQuerySet(models.QuerySet):
    """The sending records of a user's own messages."""

    personal = True  # the user's own rows alone

    def visible_to(self, user) -> DeliveryQuerySet:
        return self.filter(notification__recipient=user) if user.is_authenticated else self.none()

    editable_by = visible_to
    deletable_by = visible_to


class Delivery(models.Model):
    """One notification sent (or to be sent) through one channel other than the inbox: its destination,
    its outcome and its attempts. Sent by a background task, never inside the request."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")

    notification = models.ForeignKey(
        Notification, verbose_name=_("消息"), on_delete=models.CASCADE, related_name="deliveries"
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    destination = models.CharField(_("发送到"), max_length=200, blank=True)
    digest = models.BooleanField(_("每日汇总"), default=False)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    error = models.CharField(_("错误"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("消息发送记录")
        verbose_name_plural = _("消息发送记录")
        indexes = [models.Index(fields=["status", "digest"], name="core_delivery_waiting")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()}：{self.notification}"
