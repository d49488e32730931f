from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "qizhi.targets"
    verbose_name = _("目标责任")
    sends_notifications = True  # users choose e-mail / SMS for its messages (core.channels)

    def ready(self) -> None:
        from qizhi.targets import signals  # noqa: F401  (statistics-linked targets follow approvals)
