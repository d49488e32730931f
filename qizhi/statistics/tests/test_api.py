"""Case systems push a month through the API under the form's rules; reviewers approve it."""

import pytest

from qizhi.statistics.models import StatReport

pytestmark = pytest.mark.django_db


def push(client, unit, values, submit=False, month="2025-07"):
    body = {"unit": unit.pk, "month": month, "values": values, "submit": submit}
    return client.post("/api/statistics/reports/", body, content_type="application/json")


def test_a_month_is_pushed_submitted_and_approved(client, personas):
    office = personas.a.judicial_office
    client.force_login(personas.a.statistician)
    response = push(client, office, {"disputes_accepted": "30", "disputes_succeeded": "29"}, submit=True)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "submitted" and body["values"] == {"disputes_accepted": "30", "disputes_succeeded": "29"}
    assert client.post(f"/api/statistics/reports/{body['id']}/approve/").status_code == 403
    client.force_login(personas.a.leader)
    assert client.post(f"/api/statistics/reports/{body['id']}/approve/").json()["status"] == "approved"


def test_bad_cells_come_back_by_code_and_nothing_is_saved(client, personas):
    client.force_login(personas.a.statistician)
    response = push(
        client, personas.a.judicial_office, {"disputes_accepted": "3", "disputes_succeeded": "4", "notarizations": "x"}
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "不得大于" in errors["disputes_succeeded"][0] and "notarizations" in errors
    assert not StatReport.objects.exists()


def test_a_unit_outside_the_users_scope_is_refused(client, personas):
    client.force_login(personas.a.statistician)
    response = push(client, personas.b.judicial_office, {"disputes_accepted": "3"})
    assert response.status_code == 400 and "unit" in response.json()["errors"]
    response = push(client, personas.a.judicial_office, {"disputes_accepted": "3"}, month="2999-01")
    assert response.status_code == 400 and "未来月份" in str(response.json())
    assert not StatReport.objects.exists()
