"""征求意见: one response per staff member; an anonymous form keeps nothing that ties an opinion to its
writer; the public form without login has a honeypot, a rate limit and keeps only a hashed address."""

import datetime
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from qizhi.campaigns import services
from qizhi.campaigns.models import Opinion, OpinionReceipt, Problem
from qizhi.campaigns.testing import campaign_of
from qizhi.core.models import Notification
from qizhi.core.refusals import Refused
from qizhi.org.testing import make_person, make_user

pytestmark = pytest.mark.django_db


def staff_person(bureau):
    """The bureau's staff login (granted on its judicial office) as the judicial office's person."""
    person = bureau.people[1]
    person.user = bureau.staff
    person.save()
    return person


def anonymous_campaign(bureau):
    campaign = campaign_of(bureau)["campaign"]
    campaign.opinions_anonymous = True
    campaign.save()
    return campaign


def test_a_staff_member_answers_once(personas):
    campaign = campaign_of(personas.a)["campaign"]
    person = staff_person(personas.a)
    opinion = services.send_opinion(campaign, by=personas.a.staff, content="建议公开办事流程", category="efficiency")
    assert opinion.person == person  # a named form keeps the writer
    with pytest.raises(ValidationError) as refused:
        services.send_opinion(campaign, by=personas.a.staff, content="再提一条")
    assert "每人限提交一次" in refused.value.message_dict["content"][0]
    assert Opinion.objects.filter(campaign=campaign, channel="staff").count() == 2  # the sample's and this one


def test_an_outsider_may_not_answer(personas):
    campaign = campaign_of(personas.a)["campaign"]
    staff_person(personas.b)
    with pytest.raises(Refused):
        services.send_opinion(campaign, by=personas.b.staff, content="别的局的意见")
    assert not OpinionReceipt.objects.filter(person__user=personas.b.staff).exists()


def test_a_closed_consultation_takes_nothing(personas):
    campaign = campaign_of(personas.a)["campaign"]
    campaign.opinions_open = False
    campaign.save()
    staff_person(personas.a)
    with pytest.raises(ValidationError):
        services.send_opinion(campaign, by=personas.a.staff, content="晚了")
    assert not OpinionReceipt.objects.filter(person__user=personas.a.staff).exists()


def test_an_anonymous_opinion_keeps_nothing_that_ties_it_to_its_writer(personas, caplog):
    campaign = anonymous_campaign(personas.a)
    person = staff_person(personas.a)
    user = personas.a.staff
    notes_before = Notification.objects.count()
    with caplog.at_level(logging.DEBUG):
        opinion = services.send_opinion(campaign, by=user, content="领导班子下基层太少", category="grassroots")
    row = Opinion.objects.filter(pk=opinion.pk).values().get()
    assert row["person_id"] is None and row["created_by_id"] is None and row["updated_by_id"] is None
    first_day = datetime.datetime.combine(campaign.start, datetime.time(), tzinfo=datetime.UTC).astimezone()
    assert row["created_at"] == row["updated_at"]
    assert row["created_at"].astimezone().date() == campaign.start and row["created_at"] <= first_day
    # no reference but the campaign: no column holds a person's, a user's or the receipt's id, nor its moment
    receipt = OpinionReceipt.objects.get(campaign=campaign, person=person)
    assert {k: v for k, v in row.items() if k.endswith("_id") and k != "campaign_id"} == dict.fromkeys(
        ("person_id", "created_by_id", "updated_by_id"), None
    )
    assert receipt.created_at != row["created_at"]
    assert not opinion.history.exists()  # a history row would carry the user and the moment
    assert Notification.objects.count() == notes_before
    assert not any(person.name in r.getMessage() or str(opinion.pk) in r.getMessage() for r in caplog.records)


def test_anonymous_ids_do_not_follow_the_order_of_writing(personas):
    campaign = anonymous_campaign(personas.a)
    ids = []
    for index in range(5):
        person = make_person(personas.a.judicial_office, f"写者{index}", user=make_user(f"writer{index}"))
        ids.append(services.send_opinion(campaign, by=person.user, content=f"第{index}条意见").pk)
    assert OpinionReceipt.objects.filter(campaign=campaign).count() == 6  # the sample's and these five
    assert all(i > 2**20 for i in ids) and ids != sorted(ids)  # random, far from any sequence (1 in 120 sorted)


def test_the_staff_page_sends_an_opinion(client, personas):
    campaign = anonymous_campaign(personas.a)
    staff_person(personas.a)
    client.force_login(personas.a.staff)
    page = client.get(reverse("campaigns:my_items")).content.decode()
    assert "征求意见" in page and campaign.title in page
    response = client.post(reverse("campaigns:campaign_opinion", args=[campaign.pk]),
                           {"content": "建议增加夜间值班", "next": "my"})  # fmt: skip
    assert response.status_code == 302
    assert Opinion.objects.filter(content="建议增加夜间值班", person__isnull=True).exists()
    assert f"{campaign.title}：征求意见" in page
    assert f"{campaign.title}：征求意见" not in client.get(reverse("campaigns:my_items")).content.decode()  # answered


def test_an_opinion_becomes_problems_and_the_link_shows_both_ways(client, personas):
    opinion = campaign_of(personas.a)["opinion"]
    client.force_login(personas.a.party_affairs)
    response = client.post(reverse("campaigns:opinion_problem", args=[opinion.pk]),
                           {"category": "efficiency", "description": "窗口服务时间短"})  # fmt: skip
    problem = Problem.objects.get(description="窗口服务时间短")
    assert response["Location"] == problem.get_absolute_url()
    assert problem.opinion == opinion and problem.source == "opinion"
    assert "窗口服务时间短" in client.get(opinion.get_absolute_url()).content.decode()
    assert str(opinion) in client.get(problem.get_absolute_url()).content.decode()


def test_a_viewer_may_not_turn_an_opinion_into_a_problem(personas):
    opinion = campaign_of(personas.a)["opinion"]
    with pytest.raises(Refused):
        services.problem_from_opinion(opinion, by=personas.a.leader, category="theory", description="学习不够")
    assert opinion.problems.count() == 1  # the sample's only


# --- The public form -------------------------------------------------------------------------


def public_campaign(bureau):
    campaign = campaign_of(bureau)["campaign"]
    campaign.opinions_public = True
    campaign.save()
    return campaign


def test_the_public_form_takes_an_opinion_without_login_and_keeps_only_a_hash(client, personas):
    campaign = public_campaign(personas.a)
    url = reverse("campaigns_public:opinion", args=[campaign.pk])
    response = client.post(url, {"content": "希望公证处周末开放", "contact": ""}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302
    opinion = Opinion.objects.get(content="希望公证处周末开放")
    assert opinion.channel == "public" and opinion.person is None
    assert opinion.address_hash == services.address_hash("203.0.113.7")
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM campaigns_opinion WHERE id = %s", [opinion.pk])
        assert "203.0.113.7" not in repr(cursor.fetchone())


def test_the_honeypot_drops_a_robot_silently(client, personas):
    campaign = public_campaign(personas.a)
    url = reverse("campaigns_public:opinion", args=[campaign.pk])
    response = client.post(url, {"content": "广告", "website": "http://spam.example"}, follow=True)
    assert "已收到" in response.content.decode()
    assert not Opinion.objects.filter(content="广告").exists()


def test_an_address_that_sends_too_often_is_refused(client, personas):
    campaign = public_campaign(personas.a)
    url = reverse("campaigns_public:opinion", args=[campaign.pk])
    for n in range(services.PUBLIC_LIMIT):
        client.post(url, {"content": f"意见{n}"}, REMOTE_ADDR="198.51.100.1")
    response = client.post(url, {"content": "第四条"}, REMOTE_ADDR="198.51.100.1", follow=True)
    assert "提交过于频繁" in response.content.decode()
    assert not Opinion.objects.filter(content="第四条").exists()
    client.post(url, {"content": "另一地址"}, REMOTE_ADDR="198.51.100.2")
    assert Opinion.objects.filter(content="另一地址").exists()


def test_a_campaign_closed_to_the_public_takes_nothing(client, personas):
    campaign = campaign_of(personas.a)["campaign"]
    client.post(reverse("campaigns_public:opinion", args=[campaign.pk]), {"content": "不该收到"})
    assert not Opinion.objects.filter(content="不该收到").exists()
