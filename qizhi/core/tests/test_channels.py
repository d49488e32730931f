"""Messages beyond the inbox: each user picks e-mail and SMS per kind, at once or as a daily digest; every
sending is recorded, done by the background task after the commit, and a failure is tried again."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from qizhi.core import channels
from qizhi.core.models import ChannelPreference, Delivery
from qizhi.core.notifications import notify
from qizhi.org.models import Person
from qizhi.org.testing import PASSWORD

pytestmark = pytest.mark.django_db

SENT: list[tuple[str, str]] = []


class RecordingGateway:
    def send(self, phone: str, text: str) -> None:
        SENT.append((phone, text))


class BrokenGateway:
    def send(self, phone: str, text: str) -> None:
        raise OSError("网关无响应")


@pytest.fixture
def open_channels(settings):
    settings.QIZHI_EMAIL_ENABLED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.QIZHI_SMS_GATEWAY = f"{__name__}.RecordingGateway"
    settings.QIZHI_SITE_URL = "http://qizhi.sfj.local"
    SENT.clear()


@pytest.fixture
def leader(personas):
    user = personas.a.leader
    user.email = "leader@sfj.local"
    user.save()
    person = Person.objects.filter(unit=personas.a.unit, user=None).first()
    person.user, person.phone = user, "13800000001"
    person.save()
    return user


def test_the_kind_is_the_app_the_link_leads_into():
    assert channels.kind_of("/meetings/meetings/7/") == "meetings"
    assert channels.kind_of("/statistics/board/?month=2026-11") == "statistics"
    assert channels.kind_of("") == channels.kind_of("/no/such/page/") == "general"
    assert ("meetings", "组织生活") in channels.kinds() and channels.kinds()[-1] == ("general", "其他消息")


def test_without_a_choice_only_the_inbox(open_channels, leader, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notify([leader], title="会议通知", url="/meetings/meetings/1/")
    assert not Delivery.objects.exists() and not mail.outbox and not SENT


def test_email_and_sms_go_out_after_the_commit_and_are_recorded(
    open_channels, leader, django_capture_on_commit_callbacks
):
    ChannelPreference.objects.create(user=leader, kind="meetings", email=True, sms=True)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        (notification,) = notify(
            [leader], title="会议通知：支部党员大会", body="三楼会议室", url="/meetings/meetings/1/"
        )
    assert notification.kind == "meetings"
    assert set(Delivery.objects.values_list("channel", "status")) == {("email", "pending"), ("sms", "pending")}
    assert not mail.outbox and not SENT  # nothing is sent inside the request's transaction
    for callback in callbacks:
        callback()
    assert mail.outbox[0].to == ["leader@sfj.local"] and mail.outbox[0].subject == "会议通知：支部党员大会"
    assert "http://qizhi.sfj.local/meetings/meetings/1/" in mail.outbox[0].body
    assert SENT == [("13800000001", "会议通知：支部党员大会\n三楼会议室\nhttp://qizhi.sfj.local/meetings/meetings/1/")]
    assert set(Delivery.objects.values_list("status", "attempts")) == {("sent", 1)}
    # Another kind the leader did not choose stays in the inbox.
    with django_capture_on_commit_callbacks(execute=True):
        notify([leader], title="请报送11月报表", url="/statistics/board/")
    assert Delivery.objects.count() == 2


def test_a_failed_sms_is_recorded_and_tried_again_up_to_three_times(
    open_channels, settings, leader, django_capture_on_commit_callbacks
):
    settings.QIZHI_SMS_GATEWAY = f"{__name__}.BrokenGateway"
    ChannelPreference.objects.create(user=leader, kind="targets", sms=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify([leader], title="督办事项", url="/targets/supervision/")
    row = Delivery.objects.get()
    assert (row.status, row.attempts, row.error) == ("failed", 1, "网关无响应")
    channels.retry_failed()
    channels.retry_failed()
    row.refresh_from_db()
    assert (row.status, row.attempts) == ("failed", 3)
    settings.QIZHI_SMS_GATEWAY = f"{__name__}.RecordingGateway"
    assert channels.retry_failed() == 0  # three tries and it rests: the inbox still has it
    row.refresh_from_db()
    assert row.attempts == 3 and not SENT


def test_a_digest_gathers_the_days_messages_into_one(open_channels, leader, django_capture_on_commit_callbacks):
    ChannelPreference.objects.create(user=leader, kind="meetings", email=True, digest=True)
    with django_capture_on_commit_callbacks(execute=True):
        notify([leader], title="会议通知：支委会", url="/meetings/meetings/1/")
        notify([leader], title="会议通知：党课", url="/meetings/meetings/2/")
    assert not mail.outbox
    call_command("send_notifications", stdout=io.StringIO())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "旗帜每日消息汇总（2条）"
    assert "1. 会议通知：支委会" in mail.outbox[0].body and "2. 会议通知：党课" in mail.outbox[0].body
    assert set(Delivery.objects.values_list("status", flat=True)) == {"sent"}
    call_command("send_notifications", stdout=io.StringIO())
    assert len(mail.outbox) == 1  # sent once


def test_each_user_sets_only_their_own_choices(client, open_channels, personas, leader):
    other = ChannelPreference.objects.create(user=personas.a.staff, kind="meetings", email=True)
    assert client.login(username=leader.username, password=PASSWORD)
    url = reverse("core:notification_preferences")
    page = client.get(url).content.decode()
    assert 'name="meetings-email"' in page and "13800000001" in page
    answer = client.post(url, {"meetings-sms": "on", "meetings-digest": "on", "nonsense-email": "on"})
    assert answer.status_code == 302
    mine = ChannelPreference.objects.get(user=leader)
    assert (mine.kind, mine.email, mine.sms, mine.digest) == ("meetings", False, True, True)
    other.refresh_from_db()
    assert other.email  # untouched
    client.post(url, {})
    assert not ChannelPreference.objects.filter(user=leader).exists()  # nothing chosen: the inbox only


def test_no_channel_is_offered_where_none_is_configured(client, settings, personas):
    settings.QIZHI_EMAIL_ENABLED = False
    settings.QIZHI_SMS_GATEWAY = ""
    assert client.login(username=personas.a.leader.username, password=PASSWORD)
    page = client.get(reverse("core:notification_preferences")).content.decode()
    assert "尚未配置电子邮件或短信发送" in page and "-email" not in page
    client.post(reverse("core:notification_preferences"), {"meetings-email": "on"})
    assert not ChannelPreference.objects.exists()
