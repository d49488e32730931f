from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudyConfig(AppConfig):
    name = "qizhi.study"
    label = "study"
    verbose_name = _("学习与工作日志")
    sends_notifications = True  # users choose e-mail / SMS for its messages (core.channels)
