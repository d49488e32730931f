from django.db import models
from django.utils.translation import gettext_lazy as _


class MaterialKind(models.TextChoices):
    DOCUMENT = "document", _("文件")
    BOOK = "book", _("书籍")
    SPEECH = "speech", _("讲话")
    VIDEO = "video", _("视频")
