"""The compliance page is cached on the apps its report reads (meetings, party, org): a meeting held shows at
once, a write elsewhere in the province leaves the page as it was rendered."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from qizhi.meetings import services
from qizhi.meetings.choices import MeetingKind
from qizhi.meetings.tests.conftest import hold, make_branch
from qizhi.statistics.models import Indicator

pytestmark = pytest.mark.django_db


def test_a_meeting_held_shows_at_once_and_other_apps_writes_keep_the_page(client, personas, monkeypatch):
    org, _people = make_branch(personas, members=2)
    calls = []
    real = services.compliance
    monkeypatch.setattr(services, "compliance", lambda **kwargs: calls.append(1) or real(**kwargs))
    client.force_login(personas.a.leader)
    url = reverse("meetings:compliance")
    query = {"unit": personas.a.unit.pk, "period": "2025"}
    first = client.get(url, query).content.decode()
    assert 'data-state="held"' not in first and len(calls) == 1
    Indicator.objects.create(code="extra", name="另一项指标", unit_of_measure="件", line="publicity")  # statistics
    again = client.get(url, query).content.decode()
    assert 'id="compliance"' in again and len(calls) == 1  # the fragment as rendered, not computed again
    hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, 3))
    assert 'data-state="held"' in client.get(url, query).content.decode() and len(calls) == 2
