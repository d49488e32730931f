"""Who may issue a bulletin's next number is the service's decision (``may_issue``): the bulletin's
编发新一期 button asks the same predicate."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from qizhi.core.refusals import Refused
from qizhi.publicity import services
from qizhi.publicity.models import BulletinIssue
from qizhi.publicity.testing import publicity_of

pytestmark = pytest.mark.django_db


def _issue(bulletin, by):
    return services.issue_bulletin(
        bulletin, title="第二期", text="工作动态。", issued_on=datetime.date(2026, 4, 1), by=by
    )  # fmt: skip


def test_only_who_may_add_where_the_bulletin_is_issues_it(personas):
    bulletin = publicity_of(personas.a)["bulletin"]
    for outsider in (personas.a.leader, personas.b.party_affairs):  # reads and approves; another bureau
        assert not services.may_issue(bulletin, outsider)
        with pytest.raises(Refused):
            _issue(bulletin, outsider)
    assert BulletinIssue.objects.filter(bulletin=bulletin).count() == 1

    assert services.may_issue(bulletin, personas.a.party_affairs)
    assert _issue(bulletin, personas.a.party_affairs).number == 2


def test_the_button_asks_the_same(client, personas):
    bulletin = publicity_of(personas.a)["bulletin"]
    add = reverse("publicity:bulletinissue_add")
    client.force_login(personas.a.leader)
    assert add not in client.get(bulletin.get_absolute_url()).content.decode()
    client.force_login(personas.a.party_affairs)
    assert add in client.get(bulletin.get_absolute_url()).content.decode()
