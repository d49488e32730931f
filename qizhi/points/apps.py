from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PointsConfig(AppConfig):
    name = "qizhi.points"
    label = "points"
    verbose_name = _("党员积分")
    sends_notifications = True  # users choose e-mail / SMS for its messages (core.channels)
