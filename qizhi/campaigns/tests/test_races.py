"""Simultaneous moves on one rectification item or one consultation (PostgreSQL, threads): one wins, the others
are refused, and the item's timeline holds exactly one entry for the move."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from qizhi.campaigns import services
from qizhi.campaigns.models import Campaign, OpinionReceipt, Rectification
from qizhi.campaigns.testing import campaign_of
from qizhi.campaigns.tests.helpers import evidence, responsible_user
from qizhi.core.testing import race, winners_and_refusals

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks race only on PostgreSQL"),
]
N = 3


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


def test_three_simultaneous_verifications_close_the_item_once(personas):
    target = campaign_of(personas.a)["item"]
    services.report_progress(target, by=responsible_user(personas.a), status="done", files=[evidence()])
    verifier = personas.a.party_affairs

    def attempt(i):
        return services.verify(Rectification.objects.get(pk=target.pk), by=fresh(verifier), verdict="passed")

    won, refused = winners_and_refusals(race(N, attempt))
    assert len(won) == 1 and len(refused) == N - 1
    assert target.entries.filter(kind="verify").count() == 1


def test_three_simultaneous_publications_publish_once(personas):
    data = campaign_of(personas.a)
    fresh_item = Rectification.objects.create(
        campaign=data["campaign"], problem=data["problem"], measure="m", target="t", deadline="2026-11-30",
        responsible_person=personas.a.people[0], responsible_unit=personas.a.office,
    )  # fmt: skip

    def attempt(i):
        return services.publish(Rectification.objects.get(pk=fresh_item.pk), by=fresh(personas.a.party_affairs))

    won, refused = winners_and_refusals(race(N, attempt))
    assert len(won) == 1 and len(refused) == N - 1
    assert fresh_item.entries.filter(kind="publish").count() == 1


def test_three_simultaneous_answers_of_one_person_count_once(personas):
    campaign = campaign_of(personas.a)["campaign"]
    person = personas.a.people[1]
    person.user = personas.a.staff
    person.save()

    def attempt(i):
        return services.send_opinion(
            Campaign.objects.get(pk=campaign.pk), by=fresh(personas.a.staff), content=f"意见{i}"
        )

    won, refused = winners_and_refusals(race(N, attempt))
    assert len(won) == 1 and len(refused) == N - 1
    assert OpinionReceipt.objects.filter(campaign=campaign, person=person).count() == 1
