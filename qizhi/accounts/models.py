"""Grants: a role on a unit and everything below it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from qizhi.accounts.roles import Role
from qizhi.core.models import UnitScopedModel


class Grant(UnitScopedModel):
    """A user's role on a unit's whole subtree (e.g. 统计员 of 东乡司法所)."""

    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("授权单位"),
        on_delete=models.CASCADE,
        related_name="grants",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="grants",
    )
    role = models.CharField(_("角色"), max_length=30, choices=Role.choices)

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("授权")
        verbose_name_plural = _("授权")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="%(app_label)s_%(class)s_unique_grant"),
        ]

    def __str__(self) -> str:
        return _("{user}:{role}({unit})").format(user=self.user, role=self.get_role_display(), unit=self.unit)

    def get_absolute_url(self) -> str:
        return reverse("accounts:grant_detail", args=[self.pk])
