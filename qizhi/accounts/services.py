"""Accounts: creating a login together with its first grant."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from qizhi.accounts.models import Grant


@transaction.atomic
def create_account(*, username: str, first_name: str, password: str, role: str, unit, person=None, by):
    """A user who can log in at once with ``role`` on ``unit``'s subtree, linked to ``person`` if given."""
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username=username, first_name=first_name, password=password)
    grant = Grant(user=user, role=role, unit=unit)
    grant.stamp(by)
    grant.save()
    if person is not None:
        person.user = user
        person.stamp(by)
        person.save()
    return user


def holders(unit, roles) -> QuerySet:
    """The active users holding one of ``roles`` on ``unit`` or on one of its ancestors — who is
    responsible for it (e.g. whom to remind that a report is due)."""
    from django.contrib.auth import get_user_model

    grants = Grant.objects.filter(role__in=list(roles), unit__path__in=unit.ancestor_paths())
    return get_user_model().objects.filter(is_active=True, pk__in=grants.values("user_id")).order_by("username")
