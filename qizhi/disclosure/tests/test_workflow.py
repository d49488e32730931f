"""提出 → 审核（保密审查，审核人不是提出人） → 审批 → 发布 per channel; withdrawal; refusals change nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qizhi.core.testing import snapshot_of
from qizhi.core.todo import items_for
from qizhi.disclosure import services
from qizhi.disclosure.choices import Channel, DisclosureStatus
from qizhi.disclosure.models import Disclosure, Publication
from qizhi.disclosure.testing import CHANNELS, proposed, published
from qizhi.publicity.testing import publicity_of

pytestmark = pytest.mark.django_db
S = DisclosureStatus


def test_the_proposer_cannot_review_their_own_item_and_nothing_changes(personas):
    item = proposed(personas.a)  # by the party-affairs officer, who may also review
    before = snapshot_of(item)
    with pytest.raises(PermissionDenied, match="审核人不能是提出人"):
        services.review(item, by=personas.a.party_affairs, secrecy_checked=True)
    assert snapshot_of(item) == before
    services.review(item, by=personas.a.leader, secrecy_checked=True)
    assert Disclosure.objects.get(pk=item.pk).status == S.REVIEWED


def test_review_needs_the_secrecy_check(personas):
    item = proposed(personas.a)
    with pytest.raises(ValidationError) as refused:
        services.review(item, by=personas.a.leader, secrecy_checked=False)
    assert "secrecy_checked" in refused.value.message_dict
    assert Disclosure.objects.get(pk=item.pk).status == S.PROPOSED


def test_nothing_is_published_without_review_and_approval(personas):
    item = proposed(personas.a)
    for step in (lambda: services.publish(item, by=personas.a.party_affairs),
                 lambda: services.approve(item, by=personas.a.leader)):  # fmt: skip
        with pytest.raises(ValidationError):
            step()
    assert not Publication.objects.exists()
    assert Disclosure.objects.get(pk=item.pk).status == S.PROPOSED


def test_a_reader_and_the_sibling_bureau_may_not_act(personas):
    item = proposed(personas.a)
    for user in (personas.a.staff, personas.b.leader):
        with pytest.raises(PermissionDenied):
            services.review(item, by=user, secrecy_checked=True)
    with pytest.raises(PermissionDenied):
        services.propose(publicity_of(personas.a)["issue"], kind="publicity.bulletinissue",
                         channels=[Channel.WEBSITE], by=personas.b.party_affairs)  # fmt: skip
    assert Disclosure.objects.get(pk=item.pk).status == S.PROPOSED


def test_publishing_writes_one_log_row_per_channel_with_who_when_and_edition(personas):
    item = published(personas.a)
    rows = {row.channel: row for row in item.publications.all()}
    assert set(rows) == set(CHANNELS)
    for row in rows.values():
        assert (row.edition, row.published_by, row.withdrawn_at) == (1, personas.a.party_affairs, None)
        assert row.index_number == item.index_number
    assert rows[Channel.WEBSITE].body == "全局上下迅速行动。\n排查纠纷12起。"
    microblog = rows[Channel.MICROBLOG].body
    assert len(microblog) <= 140 and microblog.endswith("https://example.gov.cn/public/")


def test_a_long_text_is_cut_to_140_characters_for_the_microblog():
    text = services.microblog_text("标" * 300, "", "https://x.gov.cn/public/")
    assert len(text) == 140 and text.endswith("… https://x.gov.cn/public/")


@pytest.mark.dated
def test_index_numbers_follow_each_other_within_the_unit_and_year(personas):
    first = proposed(personas.a)
    second = proposed(personas.a, publicity_of(personas.a)["bulletin"].issues.create(
        year=2026, number=2, title="二", text="x", issued_on=datetime.date(2026, 5, 1)))  # fmt: skip
    code = personas.a.unit.code or personas.a.unit.pk
    year = timezone.localdate().year  # the year the item was proposed
    assert first.index_number == f"{code}-{year}-0001"
    assert second.index_number == f"{code}-{year}-0002"


def test_withdrawal_needs_a_reason_and_closes_every_channel(personas):
    item = published(personas.a)
    with pytest.raises(ValidationError):
        services.withdraw(item, by=personas.a.party_affairs, reason=" ")
    assert services.live(Channel.WEBSITE).filter(disclosure=item).exists()
    assert services.withdraw(item, by=personas.a.party_affairs, reason="内容有误") == len(CHANNELS)
    for channel in Channel.values:
        assert not services.live(channel).filter(disclosure=item).exists()
    row = item.publications.get(channel=Channel.KIOSK)
    assert (row.withdrawn_by, row.withdraw_reason) == (personas.a.party_affairs, "内容有误")


def test_a_new_edition_replaces_the_old_one(personas):
    item = published(personas.a)
    issue = publicity_of(personas.a)["issue"]
    issue.title = "更正后的标题"
    issue.save()
    services.propose(issue, kind="publicity.bulletinissue", channels=[Channel.WEBSITE], by=personas.a.party_affairs)
    services.review(item, by=personas.a.leader, secrecy_checked=True)
    services.approve(item, by=personas.a.leader)
    services.publish(item, by=personas.a.party_affairs)
    live = services.live(Channel.WEBSITE).get(disclosure=item)
    assert live.edition == 2 and "更正后的标题" in live.title
    assert not services.live(Channel.KIOSK).filter(disclosure=item).exists()  # edition 1 left every channel


def test_scheduled_publishing_and_expiry(personas):
    now = timezone.now()
    item = services.propose(publicity_of(personas.a)["issue"], kind="publicity.bulletinissue",
                            channels=[Channel.WEBSITE], by=personas.a.party_affairs,
                            publish_at=now + datetime.timedelta(days=2),
                            expires_at=now + datetime.timedelta(days=5))  # fmt: skip
    services.review(item, by=personas.a.leader, secrecy_checked=True)
    services.approve(item, by=personas.a.leader)
    services.publish(item, by=personas.a.party_affairs)
    assert not services.live(Channel.WEBSITE).exists()
    assert services.live(Channel.WEBSITE, now + datetime.timedelta(days=3)).count() == 1
    assert not services.live(Channel.WEBSITE, now + datetime.timedelta(days=6)).exists()


def test_an_expiry_before_the_publishing_time_is_refused(personas):
    now = timezone.now()
    with pytest.raises(ValidationError):
        services.propose(publicity_of(personas.a)["issue"], kind="publicity.bulletinissue",
                         channels=[Channel.WEBSITE], by=personas.a.party_affairs,
                         publish_at=now + datetime.timedelta(days=3),
                         expires_at=now + datetime.timedelta(days=1))  # fmt: skip
    assert not Disclosure.objects.exists()


@pytest.mark.dated
def test_a_commitment_not_marked_public_cannot_be_proposed(personas):
    from qizhi.targets.models import Commitment

    commitment = Commitment.objects.create(unit=personas.a.unit, year=2026, person=personas.a.people[0],
                                           content="办事不过夜", public=False)  # fmt: skip
    with pytest.raises(ValidationError, match="未设为公开"):
        services.propose(commitment, kind="targets.commitment", channels=[Channel.WEBSITE], by=personas.a.party_affairs)
    commitment.public = True
    commitment.save()
    item = services.propose(commitment, kind="targets.commitment", channels=[Channel.WEBSITE],
                            by=personas.a.party_affairs)  # fmt: skip
    assert item.body == "办事不过夜" and item.made_on == timezone.localdate()  # the day it was entered


def test_the_todo_list_offers_each_step_to_the_right_people(personas):
    item = proposed(personas.a)
    kinds = lambda user: {i.kind for i in items_for(user)}  # noqa: E731
    assert "disclosure.review" in kinds(personas.a.leader)
    assert "disclosure.review" not in kinds(personas.a.party_affairs)  # the proposer
    assert "disclosure.review" not in kinds(personas.b.leader)
    services.review(item, by=personas.a.leader, secrecy_checked=True)
    assert "disclosure.approve" in kinds(personas.a.leader)
    services.approve(item, by=personas.a.leader)
    assert "disclosure.publish" in kinds(personas.a.party_affairs)
    due = next(i.due for i in items_for(personas.a.party_affairs) if i.kind == "disclosure.publish")
    assert due == datetime.date(2026, 3, 30)  # made 2026-03-02 (Mon) + 20 working days


@pytest.mark.dated
def test_the_annual_report_counts_from_the_log(personas):
    item = published(personas.a)  # made 2026-03-02, published today: late
    services.withdraw(item, by=personas.a.party_affairs, reason="内容有误")
    year = timezone.localdate().year
    report = services.annual_report(personas.a.unit, year)
    assert (report["items"], report["publications"], report["on_time"], report["late"]) == (1, 4, 0, 1)
    assert {c["channel"]: c["publications"] for c in report["by_channel"]} == dict.fromkeys(Channel.values, 1)
    assert [w["reason"] for w in report["withdrawals"]] == ["内容有误"] * 4
    assert services.annual_report(personas.b.unit, year)["items"] == 0
    assert services.annual_report(personas.a.unit, year - 1)["items"] == 0
