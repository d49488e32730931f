"""Documents: the Word templates a unit uploads for its narrative documents (issue 15 §2)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.core.models import UnitScopedModel
from qizhi.documents.choices import TemplateKind


def template_path(instance: DocumentTemplate, filename: str) -> str:
    # Private media: the stored name is opaque and no URL serves the folder; the file is downloaded only
    # through the template's scoped view (documents:documenttemplate_file).
    return f"private/document-templates/{uuid.uuid4().hex}.docx"


class DocumentTemplate(UnitScopedModel):
    """A Word template (.docx with docxtpl/Jinja tags) that lays out one kind of narrative document of a unit
    and the units below it; the nearest unit's active template replaces the built-in layout."""

    kind = models.CharField(_("文书类别"), max_length=30, choices=TemplateKind.choices)
    name = models.CharField(_("模板名称"), max_length=100)
    file = models.FileField(_("模板文件"), upload_to=template_path, max_length=300)
    file_name = models.CharField(_("原文件名"), max_length=255, editable=False, blank=True)
    active = models.BooleanField(
        _("启用"), default=False, help_text=_("启用后，本单位及下级单位下载该文书时使用此模板（每类只能启用一个）")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("上传时间"), null=True, editable=False)

    class Meta:
        ordering = ["unit__path", "kind", "-active", "name"]
        verbose_name = _("文书模板")
        verbose_name_plural = _("文书模板")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind"],
                condition=Q(active=True),
                name="%(app_label)s_%(class)s_one_active_per_kind",
                violation_error_message=_("本单位该类文书已有启用的模板，请先停用原模板"),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("documents:documenttemplate_detail", args=[self.pk])
