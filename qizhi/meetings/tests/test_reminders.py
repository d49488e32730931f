"""The reminders command: per responsible secretary, what falls due in the next days and what is overdue."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from qizhi.core.models import Notification
from qizhi.meetings import services
from qizhi.meetings.choices import MeetingKind
from qizhi.meetings.models import Meeting
from qizhi.meetings.tests.conftest import hold
from qizhi.party import services as party_services
from qizhi.party.models import Term

pytestmark = [pytest.mark.django_db, pytest.mark.dated]

TODAY = "2025-06-25"


def run(*args) -> str:
    out = StringIO()
    call_command("meeting_reminders", "--date", TODAY, *args, stdout=out)
    return out.getvalue()


def test_the_secretary_hears_of_what_falls_due_and_what_is_overdue(personas, branch):
    org, people = branch
    secretary = personas.a.branch_secretary
    people[0].user = secretary
    people[0].save()
    term = Term.objects.create(
        party_org=org, number=1, start_date=datetime.date(2024, 1, 1), end_date=datetime.date(2028, 12, 31)
    )
    party_services.appoint(term, people[0], "secretary", by=personas.a.party_affairs)
    for month in range(1, 5):
        hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, month, 8))
    services.save_meeting(
        Meeting(kind=MeetingKind.BRANCH_COMMITTEE, party_org=org, date=datetime.date(2025, 6, 27), topic="六月支委会"),
        by=secretary,
    )
    output = run()
    assert "审计支部：2025年6月支部委员会将于2025年06月30日到期，尚未召开" in output
    assert "审计支部：2025年第2季度支部党员大会将于2025年06月30日到期，尚未召开" in output
    assert "审计支部：2025年5月支部委员会已逾期未召开" in output
    assert "审计支部：2025年4月支部委员会已逾期未召开" not in output
    assert "计划于2025年06月27日召开支部委员会“六月支委会”" in output
    [notice] = Notification.objects.all()
    assert notice.recipient == secretary and notice.title.startswith("组织生活提醒")
    assert "2025年5月支部委员会已逾期未召开" in notice.body
    assert notice.url.startswith("/meetings/compliance/")


def test_without_a_secretarys_login_the_branch_secretaries_over_the_unit_hear_of_it(personas, branch):
    run()
    recipients = set(Notification.objects.values_list("recipient__username", flat=True))
    assert recipients == {"a_branch_secretary"}  # bureau b's secretary hears nothing of bureau a


def test_a_dry_run_sends_nothing(personas, branch):
    output = run("--dry-run")
    assert "将发送提醒 1 条" in output
    assert not Notification.objects.exists()


def test_a_bad_date_is_named():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期“2025-13-01”无效"):
        call_command("meeting_reminders", "--date", "2025-13-01", stdout=StringIO())
