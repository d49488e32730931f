"""The campaigns API: records filtered by ?campaign=, the item actions through the services, the figures."""

import pytest
from django.urls import reverse

from qizhi.campaigns import services
from qizhi.campaigns.models import Rectification
from qizhi.campaigns.testing import campaign_of
from qizhi.campaigns.tests.helpers import responsible_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("route", ["phase", "workinggroup", "researchtopic", "opinion", "problem", "rectification"])
def test_lists_filter_by_campaign(client, personas, route):
    data = campaign_of(personas.a)
    client.force_login(personas.a.leader)
    url = reverse(f"campaigns-api:{route}-list")
    assert client.get(url, {"campaign": data["campaign"].pk}).json()["count"] >= 1
    assert client.get(url, {"campaign": campaign_of(personas.b)["campaign"].pk}).json()["count"] == 0


def test_figures_match_the_service_and_hide_the_sibling(client, personas):
    campaign = campaign_of(personas.a)["campaign"]
    client.force_login(personas.a.leader)
    body = client.get(reverse("campaigns-figures"), {"campaign": campaign.pk}).json()
    figures = services.figures(campaign)
    assert body["problems"] == figures.problems == 1 and body["undone"] == 1 and body["rate"] == "0.0"
    assert body["sentence"] == figures.sentence
    assert body["categories"][0] == {"category": "grassroots", "label": "服务基层", "items": 1, "weight": "2.00",
                                     "share": "100.0", "progress": "0.0"}  # fmt: skip
    sibling = campaign_of(personas.b)["campaign"]
    assert client.get(reverse("campaigns-figures"), {"campaign": sibling.pk}).status_code == 404
    for junk in ("", "abc", "9" * 30):
        assert client.get(reverse("campaigns-figures"), {"campaign": junk}).status_code == 400


def test_publish_through_the_api_names_the_missing_fields(client, personas):
    data = campaign_of(personas.a)
    bare = Rectification.objects.create(campaign=data["campaign"], problem=data["problem"], measure="措施")
    client.force_login(personas.a.party_affairs)
    response = client.post(reverse("campaigns-api:rectification-publish", args=[bare.pk]))
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"target", "deadline", "responsible_person", "responsible_unit"}
    bare.refresh_from_db()
    assert not bare.public


def test_progress_and_verify_through_the_api(client, personas):
    target = campaign_of(personas.a)["item"]
    client.force_login(responsible_user(personas.a))
    response = client.post(reverse("campaigns-api:rectification-progress", args=[target.pk]),
                           {"status": "done", "note": "完成"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 200, response.json()
    assert response.json()["progress"] == 90
    response = client.post(reverse("campaigns-api:rectification-verify", args=[target.pk]),
                           {"verdict": "passed"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 403  # the staff role may not verify
    client.force_login(personas.a.party_affairs)
    response = client.post(reverse("campaigns-api:rectification-verify", args=[target.pk]),
                           {"verdict": "passed"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 400 and "佐证材料" in response.json()["errors"]["verdict"][0]


def test_an_item_created_through_the_api_takes_its_problems_campaign(client, personas):
    data = campaign_of(personas.a)
    client.force_login(personas.a.party_affairs)
    response = client.post(reverse("campaigns-api:rectification-list"), {
        "problem": data["problem"].pk, "measure": "建立台账", "deadline": "2026-11-30", "weight": "1.5"},
        content_type="application/json")  # fmt: skip
    assert response.status_code == 201, response.json()
    assert response.json()["campaign"] == data["campaign"].pk and response.json()["status"] == "pending"
    response = client.post(
        reverse("campaigns-api:rectification-list"),
        {"problem": data["problem"].pk, "measure": "越界", "deadline": "2027-02-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "deadline" in response.json()["errors"]


def test_opinions_through_the_api_show_no_time(client, personas):
    data = campaign_of(personas.a)
    client.force_login(personas.a.party_affairs)
    body = client.get(reverse("campaigns-api:opinion-detail", args=[data["opinion"].pk])).json()
    assert "created_at" not in body and body["problems"] == [data["problem"].pk]


def test_the_ledger_exports_the_figures_and_items(client, personas):
    from qizhi.core.testing import sheet_table

    data = campaign_of(personas.a)
    client.force_login(personas.a.leader)
    response = client.get(reverse("campaigns:campaign_ledger", args=[data["campaign"].pk]))
    rows = sheet_table(response.content)
    assert rows[0]["整改措施"] == data["item"].measure and rows[0]["责任人"] == data["item"].responsible_person.name
    assert rows[-1]["方面"] == services.figures(data["campaign"]).sentence
    sibling = campaign_of(personas.b)["campaign"]
    assert client.get(reverse("campaigns:campaign_ledger", args=[sibling.pk])).status_code == 404
