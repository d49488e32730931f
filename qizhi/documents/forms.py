from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from qizhi.core.forms import TrackedModelForm
from qizhi.documents import user_templates
from qizhi.documents.models import DocumentTemplate


class DocumentTemplateForm(TrackedModelForm):
    """Upload a template (checked by ``user_templates.validate``: every reason at once), or rename one and
    replace its file. Activation is the template page's button (it replaces the active one)."""

    activate = forms.BooleanField(
        label=_("上传后立即启用"), required=False,
        help_text=_("启用后本单位及下级单位下载该文书时使用此模板；本单位该类文书原先启用的模板将停用"),
    )  # fmt: skip

    class Meta:
        model = DocumentTemplate
        fields = ["unit", "kind", "name", "file"]
        widgets = {"file": forms.FileInput(attrs={"accept": ".docx"})}
        help_texts = {"file": _("Word 文档（.docx），不超过 {limit} MB").format(limit=user_templates.MAX_MB)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["unit"].disabled = self.fields["kind"].disabled = True
            self.fields["file"].required = False
            del self.fields["activate"]

    def clean(self):
        cleaned = super().clean()
        upload, kind = cleaned.get("file"), cleaned.get("kind")
        if isinstance(upload, UploadedFile) and kind:  # a new file (not the stored one)
            try:
                user_templates.validate(upload, kind)
            except forms.ValidationError as exc:
                for message in exc.message_dict["file"]:
                    self.add_error("file", message)
        return cleaned

    def save_as(self, user):
        template = self.save(commit=False)
        if template.pk:
            if isinstance(self.cleaned_data.get("file"), UploadedFile):
                return user_templates.replace_file(template, by=user)
            template.stamp(user)
            template.save()
            return template
        return user_templates.upload(template, activate=self.cleaned_data.get("activate", False), by=user)
