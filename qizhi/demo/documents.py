"""The demo bureau's own Word template of its year summary (issue 15 §2): the starter template, active, so
that the year summary downloaded from the unit page is laid out by a user template."""

from __future__ import annotations

from django.core.files.base import ContentFile

from qizhi.documents import starter, user_templates
from qizhi.documents.choices import TemplateKind
from qizhi.documents.models import DocumentTemplate


def build_document_templates(bureau, *, actor) -> DocumentTemplate:
    content = starter.starter_docx(TemplateKind.YEAR_SUMMARY)
    errors = user_templates.check("年度工作总结模板.docx", content, TemplateKind.YEAR_SUMMARY)
    assert not errors, errors  # the starter passes the check every upload passes
    template = DocumentTemplate(
        unit=bureau, kind=TemplateKind.YEAR_SUMMARY, name="年度工作总结（本局版式）",
        file=ContentFile(content, name="年度工作总结模板.docx"),
    )  # fmt: skip
    return user_templates.upload(template, activate=True, by=actor)
