"""The inbox: notify() delivers once per active recipient; each user reads and clears only their own."""

import pytest
from django.urls import reverse

from qizhi.accounts.roles import Role
from qizhi.accounts.services import holders
from qizhi.core.models import Notification
from qizhi.core.notifications import notify, unread_count

pytestmark = pytest.mark.django_db


def test_notify_once_per_active_recipient(personas):
    a = personas.a
    a.staff.is_active = False
    a.staff.save()
    sent = notify(
        [a.leader, a.leader, a.statistician, a.staff], title="请报送10月报表", url="/statistics/", sender=a.unit_head
    )
    assert sorted(n.recipient.username for n in sent) == sorted([a.leader.username, a.statistician.username])
    assert Notification.objects.count() == 2
    assert unread_count(a.leader) == 1
    assert unread_count(personas.b.leader) == 0


def test_holders_are_found_on_the_unit_and_its_ancestors(personas):
    a = personas.a
    office_statisticians = holders(a.judicial_office, [Role.STATISTICIAN])
    assert a.statistician in office_statisticians  # granted on the bureau, which contains the office
    assert personas.b.statistician not in office_statisticians
    assert a.leader not in office_statisticians  # a different role
    assert personas.root_admin in holders(a.judicial_office, [Role.ADMIN])


def test_the_inbox_shows_only_my_messages_and_opening_one_marks_it_read(client, personas):
    a, b = personas.a, personas.b
    mine = notify([a.leader], title="请审核司法所10月报表", url="/statistics/reports/")[0]
    notify([b.leader], title="石桥的消息")
    client.force_login(a.leader)
    page = client.get(reverse("core:notification_list")).content.decode()
    assert "请审核司法所10月报表" in page and "石桥的消息" not in page
    assert 'class="badge rounded-pill text-bg-danger">1<' in client.get(reverse("core:home")).content.decode()
    response = client.post(reverse("core:notification_open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/statistics/reports/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(reverse("core:notification_open", args=[mine.pk])).status_code == 405  # no reads by GET


def test_nobody_opens_or_clears_another_users_message(client, personas):
    theirs = notify([personas.a.statistician], title="请报送")[0]
    client.force_login(personas.a.leader)  # same bureau, higher role: still not their inbox
    assert client.post(reverse("core:notification_open", args=[theirs.pk])).status_code == 404
    client.post(reverse("core:notification_read_all"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_all_clears_my_unread(client, personas):
    notify([personas.a.leader], title="一")
    notify([personas.a.leader], title="二")
    client.force_login(personas.a.leader)
    response = client.post(reverse("core:notification_read_all"), follow=True)
    assert "已将 2 条消息标为已读" in response.content.decode()
    assert unread_count(personas.a.leader) == 0
