"""Rectification items and letter Q&As as publishable kinds, and the 主动公开 clock on the holiday calendar."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qizhi.campaigns.models import Rectification
from qizhi.campaigns.testing import campaign_of
from qizhi.disclosure import clock, services
from qizhi.disclosure.choices import Channel
from qizhi.disclosure.models import Disclosure
from qizhi.disclosure.testing import published
from qizhi.reception import services as reception
from qizhi.reception.choices import Channel as CaseChannel
from qizhi.reception.models import CalendarDay

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_rectification_item_is_published_with_its_four_clarities_and_stays_as_frozen(client, personas):
    item = campaign_of(personas.a)["item"]
    disclosure = published(personas.a, item, kind="campaigns.rectification")
    assert disclosure.title == "石田深入学习实践科学发展观活动整改事项：石田推行预约延时服务".replace(
        "石田", personas.a.unit.name[:2]
    )
    body = disclosure.body.splitlines()
    assert body[1:4] == [f"整改措施：{item.measure}", "整改目标：群众满意（满意率：95%）", "完成时限：2026年12月20日"]
    assert body[4] == f"责任单位：{item.responsible_unit.name}　责任人：{item.responsible_person.name}"
    item.measure = "改过的措施"
    item.save()
    page = client.get(reverse("public:portal"), {"kind": "campaigns.rectification"}).content.decode()
    assert "推行预约延时服务" in page and "改过的措施" not in page


def test_an_item_missing_a_clarity_cannot_be_proposed_and_the_message_names_it(personas):
    found = campaign_of(personas.a)
    item = Rectification(
        campaign=found["campaign"], problem=found["problem"], measure="建立回访制度", target="回访率100%"
    )
    item.stamp(personas.a.party_affairs)
    item.save()
    with pytest.raises(ValidationError) as refused:
        services.propose(item, kind="campaigns.rectification", channels=[Channel.WEBSITE],
                         by=personas.a.party_affairs)  # fmt: skip
    assert "公开前须填写完成时限" in refused.value.messages and "公开前须填写责任人" in refused.value.messages
    assert not Disclosure.objects.exists()


def _closed_letter(bureau, *, consent: bool):
    case = reception.register_case(
        unit=bureau.unit, kind="letter", channel=CaseChannel.PUBLIC, subject="公证", consent=consent,
        content="我叫张某某，电话13900000000，想问办理公证要带什么材料", received_on=D(2026, 11, 30),
    ).case  # fmt: skip
    reception.take(case, by=bureau.party_affairs)
    reception.accept(case, on=D(2026, 12, 1), by=bureau.party_affairs)
    reception.close(case, on=D(2026, 12, 2), outcome="已答复", reply="张某某您好：请携带身份证…", by=bureau.leader)
    return case


def test_a_letter_qa_is_published_only_as_moderated_and_never_with_the_writer(client, personas):
    a = personas.a
    case = _closed_letter(a, consent=True)
    with pytest.raises(ValidationError, match="须先经审核"):
        services.propose(case, kind="reception.letterqa", channels=[Channel.WEBSITE], by=a.party_affairs)
    reception.moderate_qa(case, question="办理公证需要带哪些材料？", answer="请携带身份证和户口簿。",
                          publish=True, by=a.leader, on=D(2026, 12, 3))  # fmt: skip
    disclosure = published(a, case, kind="reception.letterqa", channels=[Channel.WEBSITE, Channel.KIOSK])
    assert disclosure.body == "问：办理公证需要带哪些材料？\n答：请携带身份证和户口簿。"
    assert disclosure.made_on == D(2026, 12, 3)
    row = disclosure.publications.get(channel=Channel.KIOSK)
    for html in (client.get(reverse("public:portal")).content.decode(),
                 client.get(reverse("public:kiosk_item", args=[row.pk])).content.decode()):  # fmt: skip
        assert "办理公证需要带哪些材料" in html
        assert "张某某" not in html and "13900000000" not in html


def test_a_letter_without_consent_cannot_be_proposed(personas):
    case = _closed_letter(personas.a, consent=False)
    with pytest.raises(ValidationError, match="未同意公开"):
        services.propose(case, kind="reception.letterqa", channels=[Channel.WEBSITE], by=personas.a.party_affairs)


def test_the_open_clock_skips_a_national_holiday_and_counts_a_make_up_saturday():
    CalendarDay.objects.filter(date__range=(D(2026, 9, 1), D(2026, 11, 30))).delete()  # this test's own calendar
    for day in range(1, 8):
        CalendarDay.objects.create(date=D(2026, 10, day), kind="holiday", name="国庆节、中秋节")
    for day in (D(2026, 9, 27), D(2026, 10, 10)):
        CalendarDay.objects.create(date=day, kind="workday", name="国庆节调休")
    # Made on Friday 25 September: 27 Sep (Sun, worked) 1; 28–30 Sep 2–4; 1–7 Oct off; 8–9 Oct 5–6;
    # 10 Oct (Sat, worked) 7; 12–16 Oct 8–12; 19–23 Oct 13–17; 26, 27, 28 Oct 18–20.
    assert clock.due_on(D(2026, 9, 25)) == D(2026, 10, 28)
    due = clock.explained(D(2026, 9, 25))
    assert due.date == D(2026, 10, 28)
    assert "不计休息日、法定节假日" in due.lines[-1] and "2026年10月28日" in due.lines[-1]


def test_a_calendar_change_reaches_the_clock_at_once():
    assert clock.due_on(D(2026, 11, 27)) == D(2026, 12, 25)  # Mon–Fri: 20 working days after Fri 27 Nov
    CalendarDay.objects.create(date=D(2026, 12, 25), kind="holiday", name="测试假日")
    assert clock.due_on(D(2026, 11, 27)) == D(2026, 12, 28)
