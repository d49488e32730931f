"""Who may put a record forward for disclosure is the service's decision (``may_propose`` in the unit
its public text belongs to): the record's 提请公开 button, the proposal page and the API ask it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Role
from qizhi.core.refusals import Refused
from qizhi.disclosure import services
from qizhi.disclosure.models import Disclosure
from qizhi.disclosure.testing import CHANNELS
from qizhi.org.testing import make_user
from qizhi.publicity.testing import publicity_of

pytestmark = pytest.mark.django_db
KIND = "publicity.bulletinissue"


def city_reader_proposing_elsewhere(personas):
    """A city leader who is also party-affairs officer of the other bureau: reads bureau a's issue and
    proposes disclosures, but only in bureau b."""
    user = make_user("city_leader", role=Role.LEADER, unit=personas.root)
    Grant.objects.create(user=user, role=Role.PARTY_AFFAIRS, unit=personas.b.unit)
    return user


def test_only_who_may_propose_where_the_text_belongs_puts_a_record_forward(personas):
    issue = publicity_of(personas.a)["issue"]
    for outsider in (personas.a.leader, city_reader_proposing_elsewhere(personas)):  # approves; proposes elsewhere
        assert not services.may_propose_record(outsider, issue)
        with pytest.raises(Refused):
            services.propose(issue, kind=KIND, channels=CHANNELS, by=outsider)
    assert not Disclosure.objects.exists()

    proposer = personas.a.party_affairs
    assert services.may_propose_record(proposer, issue)
    services.propose(issue, kind=KIND, channels=CHANNELS, by=proposer)
    assert Disclosure.objects.get().proposed_by == proposer


def test_the_button_the_page_and_the_api_ask_the_same(client, personas):
    issue = publicity_of(personas.a)["issue"]
    url = reverse("disclosure:propose") + f"?kind={KIND}&object={issue.pk}"
    client.force_login(city_reader_proposing_elsewhere(personas))
    assert url.replace("&", "&amp;") not in client.get(issue.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 403
    assert client.post(url, {"channels": ["website"]}).status_code == 403
    api = client.post(
        "/api/disclosure/items/propose/", {"kind": KIND, "object": issue.pk, "channels": ["website"]},
        content_type="application/json",
    )  # fmt: skip
    assert api.status_code == 403 and "不能提出该单位的公开事项" in api.json()["detail"]
    assert not Disclosure.objects.exists()

    client.force_login(personas.a.party_affairs)
    assert url.replace("&", "&amp;") in client.get(issue.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
