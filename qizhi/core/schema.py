"""The OpenAPI document at /api/schema/, generated once per process and language.

drf-spectacular generates the document on every request: about 1.7 s of one worker's CPU, open to
anyone (the document is public, as the Swagger page needs it before a sign-in). The document depends
on the code alone: it is served public (every operation, whoever asks), and no serializer's fields
depend on who asks (``core/tests/test_schema.py`` compares an administrator's, a staff member's and an
anonymous reader's). The code changes only with a deployment, which restarts the processes.

A ``lang`` the deployment does not speak, or a ``version`` the API does not have (it has one, the
settings' ``VERSION``), is refused rather than generated and kept once per value (a ``?version=x`` was
written into the document's ``info.version`` as given).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView

from qizhi.core.params import BadParameter

_documents: dict[tuple, dict] = {}
_lock = threading.Lock()


class KeptSchemaGenerator(SchemaGenerator):
    """Generates the document once for each language and keeps it for the process."""

    def get_schema(self, request=None, public=False):
        key = (translation.get_language(), self.api_version, public)
        document = _documents.get(key)
        if document is None:
            with _lock:  # one generation at a time: a second thread finds the first one's document
                document = _documents.get(key)
                if document is None:
                    document = _documents[key] = super().get_schema(request=request, public=public)
        return document


def forget_documents() -> None:
    """The kept documents are dropped when a setting they are generated from changes (in tests)."""
    _documents.clear()


@receiver(setting_changed)
def _setting_changed(*, setting, **kwargs) -> None:
    if setting in ("SPECTACULAR_SETTINGS", "LANGUAGES", "ROOT_URLCONF", "REST_FRAMEWORK", "INSTALLED_APPS"):
        forget_documents()


class SchemaView(SpectacularAPIView):
    generator_class = KeptSchemaGenerator

    @extend_schema(exclude=True)  # as the parent's get (SERVE_INCLUDE_SCHEMA is off)
    def get(self, request, *args, **kwargs):
        languages = dict(settings.LANGUAGES)
        if request.GET.get("lang", "") not in ("", *languages):
            raise BadParameter("lang", _("不支持的语言，可选：%s") % "、".join(languages))
        if request.GET.get("version", "") not in ("", spectacular_settings.VERSION):
            raise BadParameter("version", _("接口只有一个版本：%s") % spectacular_settings.VERSION)
        return super().get(request, *args, **kwargs)
