from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    name = "qizhi.party"
    label = "party"
    verbose_name = _("党组织与党员")
    sends_notifications = True  # users choose e-mail / SMS for its messages (core.channels)
