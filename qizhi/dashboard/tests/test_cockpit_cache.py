"""The cockpit's and the big screen's unit figures are cached (``core.generations``): a write shows at
once, a bureau never sees another bureau's cached figures, and a cached page costs few queries."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import transaction

from qizhi.core import generations
from qizhi.org.testing import PASSWORD
from qizhi.party import services as party_services
from qizhi.party.choices import MembershipStatus
from qizhi.party.testing import party_of
from qizhi.targets.testing import plan_of

pytestmark = pytest.mark.django_db


def shown(client, figure: str) -> str:
    return dict(re.findall(r'data-figure="([^"]+)">([^<]*)<', client.get("/").content.decode()))[figure]


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_a_new_member_shows_on_the_next_visit(client, personas):
    a = personas.a
    branch = party_of(a)["branch"]
    login(client, a.leader)
    before = int(shown(client, "党员"))
    party_services.join(
        a.people[1], branch=branch, status=MembershipStatus.FULL, joined_on=datetime.date(2012, 7, 1),
        full_on=datetime.date(2013, 7, 1), by=a.party_affairs,
    )  # fmt: skip
    assert int(shown(client, "党员")) == before + 1


def test_each_bureau_reads_its_own_figures(client, personas):
    a, b = personas.a, personas.b
    party_of(a)
    login(client, a.leader)
    assert shown(client, "党员") == "2"
    client.logout()
    login(client, b.leader)
    assert shown(client, "党员") == "0"  # not the first bureau's cached tiles
    screen = client.get(f"/screen/{b.unit.pk}/data/").json()
    assert next(t for t in screen["tiles"] if t["key"] == "party")["figures"][0]["value"] == 0


def test_a_commit_moves_the_generation_and_a_session_write_does_not(personas):
    before = generations.current()
    with transaction.atomic():
        party_of(personas.a)
    assert generations.current() > before
    quiet = generations.current()
    personas.a.leader.save(update_fields=["last_login"])  # signing in changes no figure
    assert generations.current() == quiet


def test_a_cached_cockpit_costs_a_fraction_of_its_queries(client, personas, django_assert_max_num_queries):
    a = personas.a
    plan_of(a)
    party_of(a)
    login(client, a.leader)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get("/")
    with CaptureQueriesContext(connection) as second:
        client.get("/")
    assert len(second) <= len(first) - 15, (len(first), len(second))
    with CaptureQueriesContext(connection) as poll:
        client.get(f"/screen/{a.unit.pk}/data/")
    with django_assert_max_num_queries(max(len(poll) - 15, 1)):
        client.get(f"/screen/{a.unit.pk}/data/")
