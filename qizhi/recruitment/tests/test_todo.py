"""What waits: the next 发展党员 steps, dues arrears and the member's own unpaid months, point entries."""

from __future__ import annotations

import pytest
from django.utils import timezone

from qizhi.core import todo
from qizhi.dues.testing import dues_of
from qizhi.org.testing import make_user
from qizhi.party.testing import party_of
from qizhi.points.testing import points_of
from qizhi.recruitment.testing import recruitment_of

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


def kinds(user, kind):
    return list(todo.PROVIDERS[kind].provide(user, timezone.localdate()))


def test_the_activists_examination_and_candidacy_wait_for_the_branch(personas):
    a = recruitment_of(personas.a)["applicant"]  # 积极分子 since 2025-06-03, never examined
    items = kinds(personas.a.branch_secretary, "recruitment.step")
    assert [(i.obj, i.due) for i in items] == [
        (a, timezone.datetime(2025, 12, 3).date()),  # 半年考察
        (a, timezone.datetime(2026, 6, 3).date()),  # 可列为发展对象
    ]
    assert kinds(personas.b.branch_secretary, "recruitment.step") == []
    assert kinds(personas.a.leader, "recruitment.step") == []  # sees, does not act


def test_arrears_wait_for_the_dues_keeper_and_unpaid_months_for_the_member(personas):
    dues_of(personas.a)  # the member paid January 2026 only
    membership = party_of(personas.a)["membership"]
    items = {i.obj: i for i in kinds(personas.a.branch_secretary, "dues.arrears")}
    today = timezone.localdate()
    months = (today.year - 2026) * 12 + today.month - 2  # February 2026 to last month
    assert f"自2026年2月起连续{months}个月未交" in items[membership].title
    retiree = party_of(personas.a)["transfer"].membership  # exempt March–April: arrears since May
    assert f"自2026年5月起连续{months - 3}个月未交" in items[retiree].title
    assert kinds(personas.b.branch_secretary, "dues.arrears") == []
    member = make_user("member-a")
    membership.person.user = member
    membership.person.save()
    own = kinds(member, "dues.own")
    assert len(own) == 1 and f"{months + 1}个月未交" in own[0].title  # this month is unpaid too
    assert kinds(personas.a.branch_secretary, "dues.own") == []


def test_a_pending_point_entry_waits_for_its_approver(personas):
    entry = points_of(personas.a)["entry"]
    assert [i.obj for i in kinds(personas.a.branch_secretary, "points.entry")] == [entry]
    assert kinds(personas.b.branch_secretary, "points.entry") == []
    assert kinds(personas.a.statistician, "points.entry") == []


def test_the_reminder_command_reaches_the_secretaries_inbox_once(personas):
    import io

    from django.core.management import call_command

    from qizhi.core.models import Notification

    recruitment_of(personas.a)  # 积极分子 since 2025-06-03: the half-year examination was due 2025-12-03
    call_command("recruitment_reminders", stdout=io.StringIO())
    call_command("recruitment_reminders", stdout=io.StringIO())
    notes = Notification.objects.filter(recipient=personas.a.branch_secretary)
    assert [n.title for n in notes] == ["发展党员提醒：云溪乙应于2025年12月3日前完成“半年考察”"]
    assert not Notification.objects.filter(recipient=personas.b.branch_secretary).exists()
