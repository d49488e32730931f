"""Attachments: files kept with any record, checked by type and size, read through the record's scope.

Whoever may read a record may download its files; whoever may change it may add and remove them,
until the record is locked (an approved report keeps its evidence as it was approved).
"""

from __future__ import annotations

import filetype
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from qizhi.core.models import Attachment

# Extension → what its first bytes may show (``None``: plain text, which has no signature).
ALLOWED: dict[str, set[str | None]] = {
    "pdf": {"pdf"},
    "ofd": {"zip"},
    "jpg": {"jpg"},
    "jpeg": {"jpg"},
    "png": {"png"},
    "doc": {"doc", "xls", "ppt"},  # the old Office formats share one container; its sniffing is loose
    "docx": {"docx", "zip"},
    "wps": {"doc", "xls", "ppt"},
    "xls": {"doc", "xls", "ppt"},
    "xlsx": {"xlsx", "zip"},
    "et": {"doc", "xls", "ppt"},
    "ppt": {"doc", "xls", "ppt"},
    "pptx": {"pptx", "zip"},
    "zip": {"zip", "docx", "xlsx", "pptx"},
    "txt": {None},
}


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check_upload(upload) -> None:
    """Refuse an empty, oversized or disguised file, naming it and the reason."""
    name, limit = upload.name, settings.ATTACHMENT_MAX_MB
    suffix = extension(name)
    if suffix not in ALLOWED:
        raise ValidationError(
            {"files": _("不能上传“{name}”：只接受 {types} 文件。").format(name=name, types="、".join(sorted(ALLOWED)))}
        )
    if upload.size == 0:
        raise ValidationError({"files": _("不能上传“{name}”：文件是空的。").format(name=name)})
    if upload.size > limit * 1024 * 1024:
        raise ValidationError({"files": _("不能上传“{name}”：文件超过 {limit} MB。").format(name=name, limit=limit)})
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if filetype.guess_extension(head) not in ALLOWED[suffix]:
        raise ValidationError(
            {"files": _("不能上传“{name}”：文件内容与扩展名“.{suffix}”不符。").format(name=name, suffix=suffix)}
        )


def attachments_of(record) -> QuerySet:
    content_type = ContentType.objects.get_for_model(record)
    return Attachment.objects.filter(content_type=content_type, object_id=record.pk).select_related("uploaded_by")


def can_read(record_model, object_id: int, user) -> bool:
    return record_model.objects.visible_to(user).filter(pk=object_id).exists()


def can_change(record, user) -> bool:
    """``user`` may add or remove ``record``'s files: the record is editable by them and not locked."""
    if getattr(record, "locked", False):
        return False
    return type(record).objects.editable_by(user).filter(pk=record.pk).exists()


@transaction.atomic
def attach(record, uploads, *, by) -> list[Attachment]:
    """Keep ``uploads`` with ``record``: every file is checked first; one bad file keeps them all out."""
    if getattr(record, "locked", False):
        raise ValidationError({"files": _("该记录已审核锁定，不能再添加附件。")})
    if not can_change(record, by):
        raise PermissionDenied
    uploads = list(uploads)
    if not uploads:
        raise ValidationError({"files": _("请选择要上传的文件。")})
    errors = []
    for upload in uploads:
        try:
            check_upload(upload)
        except ValidationError as exc:
            errors.extend(exc.message_dict["files"])
    if errors:
        raise ValidationError({"files": errors})
    content_type = ContentType.objects.get_for_model(record)
    return [
        Attachment.objects.create(
            content_type=content_type, object_id=record.pk, file=upload, name=upload.name[:255], size=upload.size,
            uploaded_by=by,
        )
        for upload in uploads
    ]  # fmt: skip


@transaction.atomic
def remove(attachment: Attachment, *, by) -> None:
    record = attachment.record
    if record is None or not can_change(record, by):
        raise PermissionDenied
    name, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))  # the file goes only if the row really went
