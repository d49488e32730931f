from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DisclosureConfig(AppConfig):
    name = "qizhi.disclosure"
    verbose_name = _("党务政务公开")
    sends_notifications = True  # users choose e-mail / SMS for its messages (core.channels)

    def ready(self):
        from qizhi.core import publishing
        from qizhi.disclosure import services

        publishing.autodiscover()  # every app's publishable.py declares its kinds
        publishing.register_proposer(services.may_propose_record)  # the records' 提请公开 buttons ask it
