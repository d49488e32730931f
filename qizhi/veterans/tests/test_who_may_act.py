"""Who may decide a hardship is the service's decision (APPROVE over the cadre's unit, on the locked
row): the page's form, its action and the API ask the same question, and none of them decides alone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from qizhi.core.refusals import Refused
from qizhi.core.testing import snapshot_of
from qizhi.veterans import services
from qizhi.veterans.choices import AidStatus
from qizhi.veterans.testing import veterans_of

pytestmark = pytest.mark.django_db


def test_only_one_who_may_approve_over_the_unit_decides_a_hardship(personas):
    aid = veterans_of(personas.a)["aid"]
    before = snapshot_of(aid)
    # the branch secretary records veterans' work but approves nothing; the sibling bureau; staff
    for outsider in (personas.a.branch_secretary, personas.b.party_affairs, personas.a.staff):
        assert not services.may_decide(outsider, aid)
        with pytest.raises(Refused):
            services.decide_aid(aid, grant=True, amount=Decimal("800"), on=timezone.localdate(), by=outsider)
    assert snapshot_of(aid) == before

    assert services.may_decide(personas.a.party_affairs, aid)
    services.decide_aid(aid, grant=False, on=timezone.localdate(), by=personas.a.party_affairs, decision="不符合条件")
    assert aid.status == AidStatus.DECLINED
    assert not services.may_decide(personas.a.party_affairs, aid)  # decided: the form is gone


def test_the_page_offers_the_form_to_whom_the_service_lets_decide(client, personas):
    aid = veterans_of(personas.a)["aid"]
    url = reverse("veterans:hardshipaid_decide", args=[aid.pk])
    client.force_login(personas.a.branch_secretary)
    assert url not in client.get(aid.get_absolute_url()).content.decode()
    assert client.post(url, {"grant": "1", "on": timezone.localdate().isoformat(), "amount": "500"}).status_code == 403

    client.force_login(personas.a.leader)  # approves over the bureau, changes no records: the form and the action
    assert url in client.get(aid.get_absolute_url()).content.decode()
    response = client.post(url, {"grant": "1", "on": timezone.localdate().isoformat(), "amount": "500"})
    assert response.status_code == 302
    aid.refresh_from_db()
    assert aid.status == AidStatus.GRANTED and aid.decided_by == personas.a.leader
