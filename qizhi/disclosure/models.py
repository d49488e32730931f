"""Disclosure (党务公开 / 院务公开): items proposed for publication with their frozen public text, and the
publication log, one row per channel and edition."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.core.models import TrackedModel, UnitScopedModel
from qizhi.disclosure.choices import Channel, DisclosureStatus

MICROBLOG_LIMIT = 140


def _user(verbose_name, related_name="+"):
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=verbose_name, null=True, blank=True, editable=False,
        on_delete=models.PROTECT, related_name=related_name,
    )  # fmt: skip


class Disclosure(UnitScopedModel):
    """公开事项: one record put forward for publication, the text frozen from it, and its review trail."""

    kind = models.CharField(_("公开类别"), max_length=60)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    index_number = models.CharField(_("索引号"), max_length=60, unique=True, editable=False)
    title = models.CharField(_("公开标题"), max_length=300)
    body = models.TextField(_("公开内容"))
    summary = models.CharField(_("微博摘要"), max_length=300, blank=True)
    made_on = models.DateField(_("信息形成日期"))
    channels = models.JSONField(_("发布渠道"), default=list)
    publish_at = models.DateTimeField(_("定时发布"), null=True, blank=True)
    expires_at = models.DateTimeField(_("公开截止"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=DisclosureStatus.choices, default=DisclosureStatus.PROPOSED, db_index=True
    )
    edition = models.PositiveIntegerField(_("已发布版次"), default=0, editable=False)
    proposed_by = _user(_("提出人"))
    proposed_at = models.DateTimeField(_("提出时间"), null=True, editable=False)
    reviewed_by = _user(_("审核人"))
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, editable=False)
    secrecy_checked = models.BooleanField(_("已通过保密审查"), default=False)
    secrecy_note = models.CharField(_("保密审查意见"), max_length=300, blank=True)
    approved_by = _user(_("审批人"))
    approved_at = models.DateTimeField(_("审批时间"), null=True, editable=False)
    return_reason = models.CharField(_("退回理由"), max_length=300, blank=True)

    class Meta:
        ordering = ["-proposed_at", "-pk"]
        verbose_name = _("公开事项")
        verbose_name_plural = _("公开事项")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                name="%(app_label)s_%(class)s_one_per_record",
                violation_error_message=_("该记录已有公开事项"),
            ),
            models.CheckConstraint(
                condition=Q(expires_at__isnull=True)
                | Q(publish_at__isnull=True)
                | Q(expires_at__gt=models.F("publish_at")),
                name="%(app_label)s_%(class)s_expires_after_publishing",
                violation_error_message=_("公开截止时间应晚于定时发布时间"),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disclosure:disclosure_detail", args=[self.pk])


class Publication(TrackedModel):
    """发布记录: one edition of an item published on one channel — who, when, which edition, withdrawn when
    and why. The portal, the kiosk and the feed read these rows only (the frozen text is copied here)."""

    disclosure = models.ForeignKey(
        "disclosure.Disclosure", verbose_name=_("公开事项"), on_delete=models.PROTECT, related_name="publications"
    )
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    edition = models.PositiveIntegerField(_("版次"))
    kind = models.CharField(_("公开类别"), max_length=60, db_index=True)
    unit_name = models.CharField(_("公开单位"), max_length=100)
    index_number = models.CharField(_("索引号"), max_length=60)
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"))
    published_at = models.DateTimeField(_("发布时间"), db_index=True)
    published_by = _user(_("发布人"))
    expires_at = models.DateTimeField(_("公开截止"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = _user(_("撤回人"))
    withdraw_reason = models.CharField(_("撤回理由"), max_length=300, blank=True)

    scope_path: ClassVar[str] = "disclosure__unit__path"

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("发布记录")
        verbose_name_plural = _("发布记录")
        constraints = [
            models.UniqueConstraint(
                fields=["disclosure", "channel", "edition"],
                name="%(app_label)s_%(class)s_one_per_channel_and_edition",
                violation_error_message=_("该版次已在此渠道发布"),
            ),
        ]
        indexes = [models.Index(fields=["channel", "published_at"], name="disclosure_pub_channel_at")]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_channel_display()}，第{self.edition}版）"

    def get_absolute_url(self) -> str:
        return reverse("disclosure:publication_detail", args=[self.pk])

    @property
    def paragraphs(self) -> list[str]:
        return [line.strip() for line in self.body.splitlines() if line.strip()]
