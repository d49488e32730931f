"""Bulletin issues are numbered 〔year〕第N期 without gaps, per bulletin and year, under the bulletin's lock."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from qizhi.core.testing import race, winners_and_refusals
from qizhi.publicity import services
from qizhi.publicity.models import Bulletin, BulletinIssue
from qizhi.publicity.testing import publicity_of

pytestmark = pytest.mark.django_db
POSTGRESQL = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks race only on PostgreSQL")


def issue(bulletin, day, by, title="信息"):
    return services.issue_bulletin(bulletin, title=title, text="正文", issued_on=day, by=by)


def test_it_numbers_issues_one_after_another_and_afresh_each_year(personas):
    bulletin = publicity_of(personas.a)["bulletin"]  # already holds 〔2026〕第1期
    actor = personas.a.party_affairs
    second = issue(bulletin, datetime.date(2026, 5, 1), actor)
    third = issue(bulletin, datetime.date(2026, 4, 1), actor)  # entered late: still the next number
    next_year = issue(bulletin, datetime.date(2027, 1, 4), actor)
    assert (second.number, third.number, next_year.number) == (2, 3, 1)
    assert second.label == "〔2026〕第2期" and next_year.label == "〔2027〕第1期"


def test_each_bulletin_has_its_own_numbers(personas):
    first = publicity_of(personas.a)["bulletin"]
    other = Bulletin.objects.create(unit=personas.a.unit, name="创先争优信息简报")
    assert issue(other, datetime.date(2026, 6, 1), personas.a.party_affairs).number == 1
    assert issue(first, datetime.date(2026, 6, 1), personas.a.party_affairs).number == 2


def test_it_refuses_the_sibling_bureau_and_a_reader_and_numbers_nothing(personas):
    bulletin = publicity_of(personas.a)["bulletin"]
    for user in (personas.b.party_affairs, personas.a.staff):
        with pytest.raises(PermissionDenied):
            issue(bulletin, datetime.date(2026, 6, 1), user)
    assert bulletin.issues.count() == 1


def test_it_refuses_a_stopped_bulletin_and_an_implausible_date(personas):
    bulletin = publicity_of(personas.a)["bulletin"]
    with pytest.raises(ValidationError) as refused:
        issue(bulletin, datetime.date(1999, 12, 31), personas.a.party_affairs)
    assert "issued_on" in refused.value.message_dict
    Bulletin.objects.filter(pk=bulletin.pk).update(active=False)
    with pytest.raises(ValidationError):
        issue(bulletin, datetime.date(2026, 6, 1), personas.a.party_affairs)
    assert bulletin.issues.count() == 1


def test_an_issue_keeps_its_year_when_edited_and_cannot_be_deleted(client, personas):
    first = publicity_of(personas.a)["issue"]
    client.force_login(personas.a.party_affairs)
    data = {"title": first.title, "issued_on": "2027-01-05", "text": first.text, "version": first.version}
    response = client.post(reverse("publicity:bulletinissue_edit", args=[first.pk]), data)
    assert response.status_code == 200 and "不能改到其他年份" in response.content.decode()
    first.refresh_from_db()
    assert (first.year, first.issued_on) == (2026, datetime.date(2026, 3, 2))
    assert client.post(f"/api/publicity/issues/{first.pk}/", content_type="application/json").status_code == 405
    assert client.delete(f"/api/publicity/issues/{first.pk}/").status_code == 405


def test_the_add_page_and_the_api_number_through_the_service(client, personas):
    bulletin = publicity_of(personas.a)["bulletin"]
    client.force_login(personas.a.party_affairs)
    page = client.post(reverse("publicity:bulletinissue_add"),
                       {"bulletin": bulletin.pk, "title": "二", "issued_on": "2026-07-01", "text": "正文"})  # fmt: skip
    assert page.status_code == 302
    api = client.post("/api/publicity/issues/", {"bulletin": bulletin.pk, "title": "三", "issued_on": "2026-07-02",
                                                 "text": "正文"}, content_type="application/json")  # fmt: skip
    assert api.status_code == 201, api.content
    assert api.json()["label"] == "〔2026〕第3期"
    assert list(bulletin.issues.order_by("number").values_list("number", flat=True)) == [1, 2, 3]


@POSTGRESQL
@pytest.mark.django_db(transaction=True)
def test_four_editors_issuing_at_once_get_four_consecutive_numbers(personas):
    bulletin = publicity_of(personas.a)["bulletin"]
    actor = personas.a.party_affairs

    def attempt(i):
        user = get_user_model().objects.get(pk=actor.pk)
        return issue(Bulletin.objects.get(pk=bulletin.pk), datetime.date(2026, 8, 1), user, title=f"第{i}篇")

    won, refused = winners_and_refusals(race(4, attempt))
    assert len(won) == 4 and not refused
    numbers = sorted(BulletinIssue.objects.filter(bulletin=bulletin, year=2026).values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5]
