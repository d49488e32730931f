"""Accounts: creating a login together with its first grant."""

from __future__ import annotations

from django.db import transaction

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
