from django.apps import AppConfig
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "qizhi.accounts"
    label = "accounts"
    verbose_name = _("账号与授权")

    def ready(self) -> None:
        from qizhi.accounts.models import Grant
        from qizhi.core.scoping import register_grant_source

        register_grant_source(
            lambda user: Grant.objects.filter(user=user).values_list("role", "unit_id", "unit__path"),
            holders=lambda roles: Grant.objects.filter(role__in=list(roles), user__is_active=True).annotate(
                holder=F("user_id"), holder_path=F("unit__path")
            ),
        )

        from qizhi.accounts import tokens  # noqa: F401  (connects the token revocation signal)
