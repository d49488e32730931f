"""Who may set a campaign's phase, turn an opinion into a problem, report on an item or change items
in bulk is the services' decision: the pages offer their forms on the same predicates."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qizhi.campaigns import services
from qizhi.campaigns.models import Campaign, Problem, Rectification
from qizhi.campaigns.testing import campaign_of
from qizhi.campaigns.tests.helpers import responsible_user
from qizhi.core.refusals import Refused

pytestmark = pytest.mark.django_db


def test_only_who_may_change_the_campaign_sets_its_phase(personas):
    data = campaign_of(personas.a)
    campaign, phase = data["campaign"], data["phases"][1]
    for outsider in (personas.a.leader, personas.b.party_affairs):  # reads and approves only; another bureau
        assert not services.may_set_phase(campaign, outsider)
        with pytest.raises(Refused):
            services.set_phase(campaign, phase, by=outsider, reason="提前进入")
    assert Campaign.objects.get(pk=campaign.pk).override_phase_id is None

    assert services.may_set_phase(campaign, personas.a.party_affairs)
    services.set_phase(campaign, phase, by=personas.a.party_affairs, reason="提前进入")
    assert Campaign.objects.get(pk=campaign.pk).override_phase_id == phase.pk


def test_only_who_may_add_there_turns_an_opinion_into_a_problem(personas):
    opinion = campaign_of(personas.a)["opinion"]
    for outsider in (personas.a.leader, personas.b.party_affairs):
        assert not services.may_make_problem(opinion, outsider)
        with pytest.raises(Refused):
            services.problem_from_opinion(opinion, by=outsider, category="grassroots", description="越权查摆")
    assert not Problem.objects.filter(description="越权查摆").exists()

    assert services.may_make_problem(opinion, personas.a.party_affairs)
    services.problem_from_opinion(opinion, by=personas.a.party_affairs, category="grassroots", description="据此查摆")
    assert opinion.problems.filter(description="据此查摆").exists()


def test_only_the_responsible_person_or_the_office_reports_on_an_item(personas):
    item = campaign_of(personas.a)["item"]
    responsible = responsible_user(personas.a)
    for outsider in (personas.a.unit_head, personas.b.party_affairs):  # approves but answers for nothing
        assert not services.may_report(item, outsider)
        with pytest.raises(Refused):
            services.report_progress(item, by=outsider, status="in_progress", note="越权报告")
    assert Rectification.objects.get(pk=item.pk).status == "pending"
    assert not item.entries.filter(note="越权报告").exists()

    assert services.may_report(item, responsible)
    services.report_progress(item, by=responsible, status="in_progress", note="已启动")
    assert Rectification.objects.get(pk=item.pk).status == "in_progress"


def test_a_bulk_change_is_all_or_nothing_for_who_may_change_every_item(personas):
    mine, theirs = campaign_of(personas.a)["item"], campaign_of(personas.b)["item"]
    both = Rectification.objects.filter(pk__in=[mine.pk, theirs.pk])
    assert not services.may_bulk_change(personas.a.leader)
    with pytest.raises(Refused):
        services.bulk_change(both.filter(pk=mine.pk), by=personas.a.leader, status="in_progress", reason="统一")
    with pytest.raises(Refused):  # one of the chosen items lies in the other bureau
        services.bulk_change(both, by=personas.a.party_affairs, status="in_progress", reason="统一")
    assert set(Rectification.objects.filter(pk__in=[mine.pk, theirs.pk]).values_list("status", flat=True)) == {
        "pending"
    }
    assert not mine.entries.filter(kind="bulk").exists()

    assert services.may_bulk_change(personas.a.party_affairs)
    assert services.bulk_change(
        both.filter(pk=mine.pk), by=personas.a.party_affairs, status="in_progress", reason="统一"
    )
    assert Rectification.objects.get(pk=mine.pk).status == "in_progress"


def test_the_pages_offer_the_forms_on_the_same_predicates(client, personas):
    data = campaign_of(personas.a)
    client.force_login(personas.a.leader)  # reads the campaign and the ledger, changes nothing
    assert (
        reverse("campaigns:campaign_phase", args=[data["campaign"].pk])
        not in client.get(data["campaign"].get_absolute_url()).content.decode()
    )
    assert 'id="bulk-form"' not in client.get(reverse("campaigns:rectification_list")).content.decode()
    assert (
        reverse("campaigns:opinion_problem", args=[data["opinion"].pk])
        not in client.get(data["opinion"].get_absolute_url()).content.decode()
    )

    client.force_login(personas.a.party_affairs)
    assert (
        reverse("campaigns:campaign_phase", args=[data["campaign"].pk])
        in client.get(data["campaign"].get_absolute_url()).content.decode()
    )
    assert 'id="bulk-form"' in client.get(reverse("campaigns:rectification_list")).content.decode()
