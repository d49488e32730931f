"""Who may record a step: the branch records its own steps, the higher committee pre-reviews and approves;
a refusal changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from qizhi.core.testing import snapshot_of
from qizhi.recruitment import services
from qizhi.recruitment.choices import Step
from qizhi.recruitment.testing import recruitment_of
from qizhi.recruitment.tests.helpers import D, applicant, walk

pytestmark = pytest.mark.django_db


def test_a_branch_secretary_records_the_branchs_steps_but_not_the_approval(personas):
    a = walk(personas.a, applicant(personas.a), until=Step.PREREVIEW, by=personas.a.branch_secretary)
    before = snapshot_of(a)
    with pytest.raises(PermissionDenied) as caught:
        services.record(a, Step.PREREVIEW, on=D(2025, 5, 20), by=personas.a.branch_secretary)
    assert "由上级党委办理" in str(caught.value)
    assert snapshot_of(a) == before
    services.record(a, Step.PREREVIEW, on=D(2025, 5, 20), by=personas.a.party_affairs)


def test_the_sibling_bureau_may_not_record_a_step(personas):
    a = recruitment_of(personas.a)["applicant"]
    before = snapshot_of(a)
    with pytest.raises(PermissionDenied):
        services.record(a, Step.EXAMINATION, on=D(2025, 12, 1), by=personas.b.party_affairs)
    assert snapshot_of(a) == before


def test_a_leader_sees_but_may_not_record(client, personas):
    a = recruitment_of(personas.a)["applicant"]
    client.force_login(personas.a.leader)
    assert client.get(a.get_absolute_url()).status_code == 200
    url = reverse("recruitment:applicant_step", args=[a.pk]) + f"?step={Step.EXAMINATION}"
    assert client.post(url, {"on": "2025-12-01"}).status_code == 403
    a.refresh_from_db()
    assert a.examined_on is None


def test_the_step_page_records_a_step_and_shows_a_refusal_on_the_form(client, personas):
    a = recruitment_of(personas.a)["applicant"]  # 积极分子 since 2025-06-03
    client.force_login(personas.a.branch_secretary)
    url = reverse("recruitment:applicant_step", args=[a.pk]) + f"?step={Step.CANDIDATE}"
    response = client.post(url, {"on": "2026-06-02"})
    assert response.status_code == 200 and "2026年6月3日" in response.content.decode()
    a.refresh_from_db()
    assert a.candidate_on is None
    response = client.post(url, {"on": "2026-06-03"})
    assert response.status_code == 302
    a.refresh_from_db()
    assert a.candidate_on == D(2026, 6, 3)
    page = client.get(a.get_absolute_url()).content.decode()
    assert "确定入党介绍人" in page and "发展党员档案" in page


def test_an_unknown_step_is_404(client, personas):
    a = recruitment_of(personas.a)["applicant"]
    client.force_login(personas.a.branch_secretary)
    assert client.get(f"/recruitment/applicants/{a.pk}/step/?step=nonsense").status_code == 404


def test_the_archive_checklist_exports(client, personas):
    from qizhi.core.testing import sheet_table

    a = recruitment_of(personas.a)["applicant"]
    client.force_login(personas.a.leader)
    response = client.get(reverse("recruitment:applicant_archive", args=[a.pk]))
    assert response.status_code == 200
    rows = sheet_table(response.content)
    assert rows[1]["程序"] == "谈话" and rows[1]["日期"] == "2025年3月20日"
    client.force_login(personas.b.leader)
    assert client.get(reverse("recruitment:applicant_archive", args=[a.pk])).status_code == 404
