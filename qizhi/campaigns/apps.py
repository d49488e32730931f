from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "qizhi.campaigns"
    label = "campaigns"
    verbose_name = _("专项活动")
    sends_notifications = True  # users choose e-mail / SMS for its messages (core.channels)
