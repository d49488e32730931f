"""Simultaneous moves on PostgreSQL: each item is published once; index numbers never repeat."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from qizhi.core.testing import race, winners_and_refusals
from qizhi.disclosure import services
from qizhi.disclosure.choices import Channel
from qizhi.disclosure.models import Disclosure, Publication
from qizhi.disclosure.testing import proposed
from qizhi.publicity.models import BulletinIssue
from qizhi.publicity.testing import publicity_of

POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks race only on PostgreSQL")
pytestmark = [POSTGRESQL, pytest.mark.django_db(transaction=True)]


def test_three_simultaneous_publications_of_one_item_publish_it_once(personas):
    item = proposed(personas.a)
    services.review(item, by=personas.a.leader, secrecy_checked=True)
    services.approve(item, by=personas.a.leader)
    actor = personas.a.party_affairs

    def attempt(i):
        return services.publish(Disclosure.objects.get(pk=item.pk), by=get_user_model().objects.get(pk=actor.pk))

    won, refused = winners_and_refusals(race(3, attempt))
    assert len(won) == 1 and len(refused) == 2
    assert Publication.objects.filter(disclosure=item).count() == 4
    assert Disclosure.objects.get(pk=item.pk).edition == 1


def test_simultaneous_proposals_in_one_unit_get_different_index_numbers(personas):
    bulletin = publicity_of(personas.a)["bulletin"]
    issues = [
        BulletinIssue.objects.create(
            bulletin=bulletin, year=2026, number=n, title=f"第{n}期", text="x", issued_on=datetime.date(2026, 5, n)
        )
        for n in range(2, 6)
    ]
    actor = personas.a.party_affairs

    def attempt(i):
        user = get_user_model().objects.get(pk=actor.pk)
        return services.propose(issues[i], kind="publicity.bulletinissue", channels=[Channel.WEBSITE], by=user)

    won, refused = winners_and_refusals(race(4, attempt))
    assert len(won) == 4 and not refused
    numbers = list(Disclosure.objects.values_list("index_number", flat=True))
    assert len(set(numbers)) == 4
