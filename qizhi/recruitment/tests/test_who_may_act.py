"""Who may record a step of the procedure is the service's decision (``refusal``, asked by ``record`` on
the locked row): the detail page's buttons, the step page and the API share it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qizhi.core.refusals import Refused
from qizhi.core.testing import snapshot_of
from qizhi.recruitment import services
from qizhi.recruitment.choices import Step
from qizhi.recruitment.tests.helpers import D, applicant, walk

pytestmark = pytest.mark.django_db


def test_a_step_is_recorded_only_by_the_branch_and_an_approval_only_by_the_committee(personas):
    a = applicant(personas.a)
    before = snapshot_of(a)
    # the leader reads and approves but records nothing; the sibling bureau's party affairs; staff
    for outsider in (personas.a.leader, personas.b.party_affairs, personas.a.staff):
        assert not services.may_record(outsider, a, Step.TALK)
        with pytest.raises(Refused):
            services.record(a, Step.TALK, on=D(2024, 2, 20), by=outsider, talked_by="书记")
    assert snapshot_of(a) == before

    secretary = personas.a.branch_secretary
    assert services.may_record(secretary, a, Step.TALK)
    services.record(a, Step.TALK, on=D(2024, 2, 20), by=secretary, talked_by="书记")
    assert a.talked_on == D(2024, 2, 20)
    assert not services.may_record(secretary, a, Step.APPROVAL)  # the committee's, not the branch's
    assert services.may_record(personas.a.party_affairs, a, Step.APPROVAL)


def test_the_step_page_opens_only_to_whom_the_service_lets_record(client, personas):
    a = walk(personas.a, applicant(personas.a), until=Step.PREREVIEW, by=personas.a.branch_secretary)
    url = reverse("recruitment:applicant_step", args=[a.pk])
    client.force_login(personas.a.branch_secretary)
    page = client.get(a.get_absolute_url()).content.decode()
    assert f"{url}?step={Step.PREREVIEW}" not in page  # no button to a refusal
    response = client.get(f"{url}?step={Step.PREREVIEW}")
    assert response.status_code == 403 and "由上级党委办理" in response.content.decode()

    client.force_login(personas.a.party_affairs)
    assert f"{url}?step={Step.PREREVIEW}" in client.get(a.get_absolute_url()).content.decode()
    assert client.get(f"{url}?step={Step.PREREVIEW}").status_code == 200
