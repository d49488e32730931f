from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatisticsConfig(AppConfig):
    name = "qizhi.statistics"
    label = "statistics"
    verbose_name = _("业务统计")
    sends_notifications = True  # users choose e-mail / SMS for its messages (core.channels)
