from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "qizhi.dues"
    label = "dues"
    verbose_name = _("党费")
    sends_notifications = True  # users choose e-mail / SMS for its messages (core.channels)
