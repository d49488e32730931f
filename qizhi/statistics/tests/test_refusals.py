"""Who may move a report is decided in the services: each called directly by someone who may not."""

from __future__ import annotations

import datetime

import pytest

from qizhi.core.refusals import Refused
from qizhi.statistics import services
from qizhi.statistics.models import StatReport
from qizhi.statistics.tests.helpers import submitted_report

pytestmark = pytest.mark.django_db
MONTH = datetime.date(2025, 3, 1)


@pytest.fixture
def submitted(personas):
    return submitted_report(personas.a, MONTH)


def test_it_refuses_the_statistician_who_submitted_approving_her_own_month(personas, submitted):
    with pytest.raises(Refused):
        services.approve(submitted, by=personas.a.statistician)
    with pytest.raises(Refused):
        services.return_report(submitted, by=personas.a.statistician, reason="自己退回")
    assert StatReport.objects.get(pk=submitted.pk).status == "submitted"


def test_it_refuses_a_leader_of_the_sibling_bureau(personas, submitted):
    with pytest.raises(Refused):
        services.approve(submitted, by=personas.b.leader)
    assert StatReport.objects.get(pk=submitted.pk).status == "submitted"


def test_it_refuses_a_reopening_by_staff_and_entry_by_a_stranger(personas, submitted):
    services.approve(submitted, by=personas.a.leader)
    with pytest.raises(Refused):
        services.reopen(submitted, by=personas.a.staff, reason="想改")
    with pytest.raises(Refused):
        services.open_report(personas.a.judicial_office, datetime.date(2025, 4, 1), by=personas.b.statistician)
    with pytest.raises(Refused):
        services.save_values(submitted, {"disputes_accepted": "9"}, by=personas.b.statistician)
    assert StatReport.objects.get(pk=submitted.pk).status == "approved"
    assert not StatReport.objects.filter(month=datetime.date(2025, 4, 1)).exists()


def test_the_api_answers_a_refusal_403_with_the_services_sentence(client, personas, submitted):
    client.force_login(personas.a.statistician)
    response = client.post(f"/api/statistics/reports/{submitted.pk}/approve/")
    assert response.status_code == 403
    client.force_login(personas.a.unit_head)
    assert client.post(f"/api/statistics/reports/{submitted.pk}/approve/").status_code == 200
    response = client.post(f"/api/statistics/reports/{submitted.pk}/approve/")
    assert response.status_code == 400 and "不能从" in response.json()["errors"]["status"][0]


def test_it_refuses_a_reminder_from_someone_who_does_not_review_the_unit(personas):
    with pytest.raises(Refused):
        services.remind(personas.a.unit, MONTH, by=personas.a.statistician)
    with pytest.raises(Refused):
        services.remind(personas.a.unit, MONTH, by=personas.b.leader)
