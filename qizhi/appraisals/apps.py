from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppraisalsConfig(AppConfig):
    name = "qizhi.appraisals"
    label = "appraisals"
    verbose_name = _("民主评议")
