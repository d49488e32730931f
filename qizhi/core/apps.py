from django.apps import AppConfig, apps
from django.utils.translation import gettext_lazy as _

# Third-party apps the Django admin lists, named in Chinese (their own names are English).
ADMIN_NAMES = {
    "axes": _("登录失败锁定"),
    "django_tasks_database": _("后台任务"),
    "authtoken": _("接口令牌"),
}


class CoreConfig(AppConfig):
    name = "qizhi.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        from qizhi.core import clients, generations, todo  # noqa: F401  (clients: its deploy check)

        for label, name in ADMIN_NAMES.items():
            if label in apps.app_configs:
                apps.app_configs[label].verbose_name = name
        todo.autodiscover()
        generations.connect()
