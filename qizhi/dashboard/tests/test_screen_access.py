"""Who may open a unit's big screen: the bureau's cockpit users; the sibling bureau's unit is 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qizhi.org.models import Unit

pytestmark = pytest.mark.django_db


def test_only_the_bureaus_cockpit_users_see_the_screen(client, personas):
    own, other = personas.a, personas.b
    client.force_login(own.leader)
    assert client.get(reverse("dashboard:screen_data", args=[other.unit.pk])).status_code == 404
    assert client.get(reverse("dashboard:screen", args=[own.unit.pk])).status_code == 200
    client.force_login(own.staff)
    seen = Unit.objects.visible_to(own.staff).first()  # a unit the staff member sees: not theirs to put on a screen
    assert client.get(reverse("dashboard:screen_data", args=[seen.pk])).status_code == 403
    client.logout()
    assert client.get(reverse("dashboard:screen_data", args=[own.unit.pk])).status_code == 302
