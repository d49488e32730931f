from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VeteransConfig(AppConfig):
    name = "qizhi.veterans"
    label = "veterans"
    verbose_name = _("老干部工作")
