"""The cockpit's and the big screen's unit figures are cached (``core.generations``): a write shows at
once, a bureau never sees another bureau's cached figures, and a cached page costs few queries."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import transaction

from qizhi.core import generations
from qizhi.core.pytest_plugin import TEST_TODAY as TODAY
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


def test_the_members_own_page_follows_each_write_and_the_sign_in_window_the_clock(
    client, personas, django_assert_max_num_queries
):
    """The member's section is cached per user and day: a meeting planned shows at the next visit, and
    the sign-in button leaves when the window closes at 10:00, with no write to tell the cache."""
    import time_machine
    from django.contrib.auth import get_user_model
    from django.urls import reverse
    from django.utils import timezone

    from qizhi.accounts.models import Grant
    from qizhi.accounts.roles import Role
    from qizhi.meetings import services as meetings
    from qizhi.meetings.choices import MeetingKind
    from qizhi.meetings.models import Meeting
    from qizhi.meetings.tests.conftest import make_branch

    org, people = make_branch(personas, members=2)
    member = get_user_model().objects.create_user("member0", password=PASSWORD)
    Grant.objects.create(user=member, unit=people[0].unit, role=Role.STAFF)
    people[0].user = member
    people[0].save()
    login(client, member)
    assert "近期没有会议" in client.get("/").content.decode()
    with django_assert_max_num_queries(10):  # computed, the section alone reads some 20 queries
        assert "近期没有会议" in client.get("/").content.decode()

    day, secretary = timezone.localdate(), personas.a.branch_secretary
    meeting = meetings.save_meeting(
        Meeting(kind=MeetingKind.BRANCH_ASSEMBLY, party_org=org, date=day, topic="第四季度党员大会"), by=secretary
    )
    home = client.get("/").content.decode()
    sign_in = reverse("meetings:meeting_sign_in", args=[meeting.pk])
    assert "第四季度党员大会" in home and sign_in not in home

    def at(hour, minute=0):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))

    meetings.open_sign_in(meeting, by=secretary, now=at(6))  # open for four hours: until 10:00
    with time_machine.travel(at(9, 59), tick=False):
        assert sign_in in client.get("/").content.decode()  # computed and cached now
    with time_machine.travel(at(10, 1), tick=False):  # two minutes on: the same cached page
        home = client.get("/").content.decode()
    assert "第四季度党员大会" in home and sign_in not in home


def test_the_branch_secretarys_tiles_follow_a_write(client, personas):
    """The branch's figures are cached per branch and day: a committee meeting held last month takes
    one off 缺开 at the next visit."""
    from qizhi.meetings.choices import MeetingKind
    from qizhi.meetings.tests.conftest import hold

    branch = party_of(personas.a)["branch"]
    login(client, personas.a.branch_secretary)
    home = client.get("/").content.decode()
    assert f"{branch.name}三会一课" in home
    missing = int(shown(client, "缺开"))
    last_month = TODAY.replace(day=1) - datetime.timedelta(days=1)  # in this quarter on the test day (3 December)
    assert missing >= 2  # the 支部委员会 of the quarter's months before this one, at least
    hold(personas, branch, MeetingKind.BRANCH_COMMITTEE, last_month.replace(day=10))
    assert int(shown(client, "缺开")) == missing - 1


def my_grants(client) -> str:
    return client.get("/").content.decode().split("我的权限：", 1)[1].split("</p>", 1)[0]


def test_the_bureaus_tiles_are_rendered_once_for_the_same_grants_and_day(client, personas, monkeypatch):
    """A kept rendering reads no tile: ``leader_tiles`` runs on the first visit alone, for one user and for
    another with the same grants; a bureau with other grants gets its own."""
    from qizhi.dashboard import services

    calls = []
    real = services.leader_tiles
    monkeypatch.setattr(services, "leader_tiles", lambda *args: calls.append(args[1].pk) or real(*args))
    a = personas.a
    login(client, a.leader)
    first = client.get("/").content.decode()
    again = client.get("/").content.decode()
    assert calls == [a.unit.pk]
    tiles = first.split('id="qz-cockpit">', 1)[1].split('<div class="row g-3">', 1)[0]
    assert tiles in again
    login(client, personas.b.leader)
    client.get("/")
    assert calls == [a.unit.pk, personas.b.unit.pk]


def test_my_grants_follow_a_grant_changed_without_a_signal(client, personas):
    from qizhi.accounts.models import Grant
    from qizhi.accounts.roles import Role

    a = personas.a
    login(client, a.leader)
    assert "局领导" in my_grants(client)
    Grant.objects.filter(user=a.leader).update(role=Role.PARTY_AFFAIRS)  # no signal, no new generation
    shown_now = my_grants(client)
    assert "党务干部" in shown_now and "局领导" not in shown_now


def test_two_superusers_each_see_their_own_grants(client, personas):
    """A superuser's signature does not read the grants ("unrestricted"): the line is kept per user."""
    from django.contrib.auth import get_user_model

    from qizhi.accounts.models import Grant
    from qizhi.accounts.roles import Role

    first = get_user_model().objects.create_superuser("super_one", password=PASSWORD)
    second = get_user_model().objects.create_superuser("super_two", password=PASSWORD)
    Grant.objects.create(user=first, role=Role.ADMIN, unit=personas.a.unit)
    login(client, first)
    assert personas.a.unit.name in my_grants(client)
    login(client, second)
    assert "我的权限" not in client.get("/").content.decode()  # no grant, no line: not the first one's
