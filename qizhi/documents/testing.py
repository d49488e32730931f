"""The scoping sample of the documents app's one model: a bureau's Word template of its year summary."""

from __future__ import annotations

from django.core.files.base import ContentFile

from qizhi.core.testing import sample
from qizhi.documents import starter, user_templates
from qizhi.documents.choices import TemplateKind
from qizhi.documents.models import DocumentTemplate
from qizhi.org.testing import Bureau


def template_of(bureau: Bureau, *, unit=None, activate: bool = True, name: str | None = None) -> DocumentTemplate:
    """The starter template of the year summary uploaded for ``unit`` (the bureau's own by default)."""
    unit = unit or bureau.unit
    template = DocumentTemplate(
        unit=unit, kind=TemplateKind.YEAR_SUMMARY, name=name or f"{unit.name}年度总结模板",
        file=ContentFile(starter.starter_docx(TemplateKind.YEAR_SUMMARY), name="年度总结模板.docx"),
    )  # fmt: skip
    return user_templates.upload(template, activate=activate, by=bureau.party_affairs)


@sample(DocumentTemplate)
def _template_sample(bureau: Bureau):
    if "document_template" not in bureau.__dict__:
        bureau.__dict__["document_template"] = template_of(bureau)
    return bureau.__dict__["document_template"]
