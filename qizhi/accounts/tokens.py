"""API tokens that die: with a password change, with deactivation, and after ``API_TOKEN_TTL_HOURS``.

(DRF reads this module from its settings; the token view is in ``accounts/api.py``, which imports DRF's
views — having it here would import this module from itself.)

DRF's own ``Token`` (one per user) is kept, so ``POST /api/auth/token/`` and ``Authorization: Token …``
stay as documented; this module adds the expiry check and the revocation (docs/design.md says why
not django-rest-knox).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token


def expired(token: Token) -> bool:
    return token.created < timezone.now() - datetime.timedelta(hours=settings.API_TOKEN_TTL_HOURS)


class ExpiringTokenAuthentication(TokenAuthentication):
    """DRF's token authentication, refusing (and deleting) a token older than the configured lifetime."""

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取"))
        return user, token


@receiver(pre_save, sender=get_user_model(), dispatch_uid="qizhi_revoke_tokens")
def revoke_tokens(sender, instance, update_fields=None, **kwargs):
    """A new password or a deactivated account ends every API token the user holds."""
    if instance.pk is None or (update_fields is not None and not {"password", "is_active"} & set(update_fields)):
        return  # a login stamping last_login, for instance, reads nothing
    before = sender._base_manager.filter(pk=instance.pk).values("password", "is_active").first()
    if before and (before["password"] != instance.password or (before["is_active"] and not instance.is_active)):
        Token.objects.filter(user_id=instance.pk).delete()
