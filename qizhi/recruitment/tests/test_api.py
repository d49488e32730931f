"""The API: the applicant with its next steps, a step recorded or refused in Chinese with the field."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from qizhi.org.testing import make_person
from qizhi.party.testing import party_of
from qizhi.recruitment.testing import recruitment_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_it_reads_the_applicant_with_its_clock(api, personas):
    a = recruitment_of(personas.a)["applicant"]
    api.force_authenticate(personas.a.leader)
    data = api.get(f"/api/recruitment/applicants/{a.pk}/").json()
    assert data["stage"] == "activist"
    assert {"step": "candidate", "label": "列为发展对象", "earliest": "2026-06-03", "due": None,
            "latest": None} in data["next_steps"]  # fmt: skip
    api.force_authenticate(personas.b.leader)
    assert api.get(f"/api/recruitment/applicants/{a.pk}/").status_code == 404


def test_a_premature_step_is_a_400_naming_the_rule_and_a_timely_one_moves_on(api, personas):
    a = recruitment_of(personas.a)["applicant"]
    api.force_authenticate(personas.a.branch_secretary)
    url = f"/api/recruitment/applicants/{a.pk}/step/"
    response = api.post(url, {"step": "candidate", "on": "2026-06-02"}, format="json")
    assert response.status_code == 400
    assert "一年以上培养教育和考察" in response.json()["errors"]["on"][0]
    response = api.post(url, {"step": "candidate", "on": "2026-06-03"}, format="json")
    assert response.status_code == 200 and response.json()["stage"] == "candidate"


def test_a_branch_secretary_may_not_approve_through_the_api(api, personas):
    a = recruitment_of(personas.a)["applicant"]
    api.force_authenticate(personas.a.branch_secretary)
    response = api.post(f"/api/recruitment/applicants/{a.pk}/step/", {"step": "approval", "on": "2026-06-03"},
                        format="json")  # fmt: skip
    assert response.status_code == 403


def test_it_records_an_application(api, personas):
    person = make_person(personas.a.unit, name="新申请人", political_status="masses")
    api.force_authenticate(personas.a.branch_secretary)
    body = {"person": person.pk, "branch": party_of(personas.a)["branch"].pk, "applied_on": "2026-11-30"}
    response = api.post("/api/recruitment/applicants/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["next_steps"][0]["due"] == "2026-12-30"
    again = api.post("/api/recruitment/applicants/", body, format="json")
    assert again.status_code == 400
