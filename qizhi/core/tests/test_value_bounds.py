"""The listed junk of the hostile-user test: each answered 400 in Chinese, nothing written."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from qizhi.targets.models import Plan

pytestmark = pytest.mark.django_db


def api_as(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize("year", [0, 1, 1999, 2101, 99999])
def test_a_plan_for_an_impossible_year_is_refused_by_the_api(personas, year):
    count = Plan.objects.count()
    data = {"unit": personas.a.unit.pk, "year": year, "title": "目标责任书"}
    response = api_as(personas.a.party_affairs).post("/api/targets/plans/", data, format="json")
    assert response.status_code == 400
    assert "year" in response.json()["errors"]
    assert "targets_plan_year" not in response.content.decode()  # no raw constraint name
    assert Plan.objects.count() == count


@pytest.mark.parametrize("start", ["0001-01", "2026-13", "abc"])  # a NUL: core/tests/test_null_characters.py
def test_the_rollup_refuses_an_impossible_month(personas, start):
    query = {"unit": personas.a.unit.pk, "start": start, "end": "2026-06"}
    response = api_as(personas.a.leader).get("/api/statistics/rollup/", query)
    assert response.status_code == 400
    assert "YYYY-MM" in response.json()["errors"]["start"][0]


def test_a_30_digit_plan_filter_is_a_400_not_a_500(personas):
    response = api_as(personas.a.leader).get("/api/targets/targets/", {"plan": "9" * 30})
    assert response.status_code == 400
    assert "plan" in response.json()["errors"]


def test_the_role_page_shows_what_roles_py_says(client, personas):
    from django.urls import reverse

    client.force_login(personas.a.staff)
    html = client.get(reverse("accounts:role_table")).content.decode()
    assert "局领导" in html and "业务统计" in html
    leader_row = html.split("局领导</th>")[1].split("</tr>")[0]
    assert "审核" in leader_row and "修改" not in leader_row  # approves, edits nothing


def test_the_api_refuses_a_birth_date_that_contradicts_the_id_number_as_the_form_does(personas, client):
    from django.urls import reverse

    from qizhi.org.models import Person
    from qizhi.org.testing import make_id_number

    count = Person.objects.count()
    data = {"unit": personas.a.office.pk, "name": "王五", "gender": "male", "political_status": "masses",
            "id_number": make_id_number(777), "birth_date": "1990-01-01"}  # fmt: skip
    response = api_as(personas.a.admin).post("/api/org/people/", data, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"]["birth_date"] == ["出生日期与身份证号码中的出生日期不一致"]
    client.force_login(personas.a.admin)
    page = client.post(reverse("org:person_add"), data)
    assert page.context["form"].errors["birth_date"] == ["出生日期与身份证号码中的出生日期不一致"]
    assert Person.objects.count() == count
    data.pop("birth_date")
    created = api_as(personas.a.admin).post("/api/org/people/", data, format="json")
    assert created.status_code == 201, created.content
    assert str(Person.objects.get(pk=created.json()["id"]).birth_date) == "1985-03-14"  # from the number
