from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "qizhi.meetings"
    label = "meetings"
    verbose_name = _("组织生活")
    sends_notifications = True  # users choose e-mail / SMS for its messages (core.channels)
