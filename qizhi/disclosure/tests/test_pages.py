"""The staff pages and the API run the same services: propose, review, approve, publish, withdraw."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from qizhi.disclosure.choices import DisclosureStatus
from qizhi.disclosure.models import Disclosure, Publication
from qizhi.disclosure.testing import disclosure_of, proposed
from qizhi.publicity.testing import publicity_of

pytestmark = pytest.mark.django_db
S = DisclosureStatus


def test_the_whole_flow_through_the_pages(client, personas):
    issue = publicity_of(personas.a)["issue"]
    client.force_login(personas.a.party_affairs)
    url = reverse("disclosure:propose") + f"?kind=publicity.bulletinissue&object={issue.pk}"
    assert "开展矛盾纠纷大排查" in client.get(url).content.decode()
    assert client.post(url, {"channels": ["website", "kiosk"]}).status_code == 302
    item = Disclosure.objects.get()
    page = client.get(item.get_absolute_url()).content.decode()
    assert "审核通过" not in page  # the proposer is not offered the review
    client.post(reverse("disclosure:review", args=[item.pk]), {"secrecy_checked": "on"})
    assert Disclosure.objects.get().status == S.PROPOSED  # refused: the proposer
    client.force_login(personas.a.leader)
    client.post(reverse("disclosure:review", args=[item.pk]), {"note": "无"})
    assert Disclosure.objects.get().status == S.PROPOSED  # refused: no secrecy check
    client.post(reverse("disclosure:review", args=[item.pk]), {"secrecy_checked": "on", "note": "不涉密"})
    client.post(reverse("disclosure:approve", args=[item.pk]))
    assert Disclosure.objects.get().status == S.APPROVED
    client.force_login(personas.a.party_affairs)
    client.post(reverse("disclosure:publish", args=[item.pk]))
    assert Publication.objects.count() == 2
    client.post(reverse("disclosure:withdraw", args=[item.pk]), {"reason": "到期"})
    assert Disclosure.objects.get().status == S.WITHDRAWN


def test_the_pages_are_scoped(client, personas):
    item = disclosure_of(personas.a)
    client.force_login(personas.b.leader)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert client.post(reverse("disclosure:withdraw", args=[item.pk]), {"reason": "x"}).status_code == 404
    assert Disclosure.objects.get(pk=item.pk).status == S.PUBLISHED
    client.force_login(personas.a.branch_secretary)  # sees the bureau's items, may not publish or withdraw
    assert client.post(reverse("disclosure:withdraw", args=[item.pk]), {"reason": "x"}).status_code == 403
    assert Disclosure.objects.get(pk=item.pk).status == S.PUBLISHED


def test_the_api_refuses_the_proposer_as_reviewer(client, personas):
    issue = publicity_of(personas.a)["issue"]
    client.force_login(personas.a.party_affairs)
    created = client.post("/api/disclosure/items/propose/", {"kind": "publicity.bulletinissue", "object": issue.pk,
                          "channels": ["website"]}, content_type="application/json")  # fmt: skip
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    mine = client.post(
        f"/api/disclosure/items/{pk}/review/", {"secrecy_checked": True}, content_type="application/json"
    )
    assert mine.status_code == 403 and "审核人不能是提出人" in mine.json()["detail"]
    client.force_login(personas.a.leader)
    ok = client.post(f"/api/disclosure/items/{pk}/review/", {"secrecy_checked": True}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["status"] == S.REVIEWED


@pytest.mark.dated
def test_the_annual_report_page_and_word_file(client, personas):
    disclosure_of(personas.a)
    client.force_login(personas.a.leader)
    url = reverse("disclosure:annual_report")
    year = timezone.localdate().year
    page = client.get(url, {"unit": personas.a.unit.pk, "year": year})
    assert page.status_code == 200 and "主动公开信息1条" in page.content.decode()
    word = client.get(url, {"unit": personas.a.unit.pk, "year": year, "format": "docx"})
    assert word.status_code == 200 and word.content[:2] == b"PK"
    assert client.get(url, {"year": "abc"}).status_code == 400


def test_the_board_printout_is_a_word_file_and_a_pdf(client, personas):
    item = disclosure_of(personas.a)
    row = item.publications.get(channel="board")
    client.force_login(personas.a.party_affairs)
    url = reverse("disclosure:publication_printout", args=[row.pk])
    assert client.get(url, {"format": "docx"}).content[:2] == b"PK"
    pdf = client.get(url)  # converted by LibreOffice
    assert pdf["Content-Type"] == "application/pdf" and pdf.content[:5] == b"%PDF-"
    web = item.publications.get(channel="website")
    assert client.get(reverse("disclosure:publication_printout", args=[web.pk])).status_code == 404


def test_proposing_twice_while_in_review_is_refused(personas):
    from django.core.exceptions import ValidationError

    item = proposed(personas.a)
    with pytest.raises(ValidationError):
        proposed(personas.a)
    assert Disclosure.objects.get(pk=item.pk).status == S.PROPOSED


def test_the_sibling_bureaus_record_cannot_be_proposed(client, personas):
    issue = publicity_of(personas.a)["issue"]
    client.force_login(personas.b.party_affairs)
    url = reverse("disclosure:propose") + f"?kind=publicity.bulletinissue&object={issue.pk}"
    assert client.get(url).status_code == 404
    assert client.post(url, {"channels": ["website"]}).status_code == 404
    api = client.post("/api/disclosure/items/propose/", {"kind": "publicity.bulletinissue", "object": issue.pk,
                      "channels": ["website"]}, content_type="application/json")  # fmt: skip
    assert api.status_code == 400 and "object" in api.json()["errors"]
    assert client.get(reverse("disclosure:propose") + "?kind=nothing&object=1").status_code == 404
    assert not Disclosure.objects.exists()
