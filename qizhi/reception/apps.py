from django.apps import AppConfig


class ReceptionConfig(AppConfig):
    name = "qizhi.reception"
    label = "reception"
    verbose_name = "接访与局长信箱"
    sends_notifications = True  # users choose e-mail / SMS for its messages (core.channels)
