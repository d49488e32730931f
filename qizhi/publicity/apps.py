from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicityConfig(AppConfig):
    name = "qizhi.publicity"
    verbose_name = _("信息宣传")
    sends_notifications = True  # users choose e-mail / SMS for its messages (core.channels)
