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
from django.db import models
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from qizhi.core.scoping import CatalogManager, ScopedManager, ScopedQuerySet


@functools.cache
def choice_labels(field, language: str | None) -> dict:
    """``{value: label}`` of a field's choices, translated into ``language`` (the active one)."""
    return {make_hashable(value): str(label) for value, label in field.flatchoices}


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

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)

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


class ImportJob(models.Model):
    """One upload through the import page: its file, its state and, when done, its outcome."""

    class Status(models.TextChoices):
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
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

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
