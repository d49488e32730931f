"""Every kind of record the issue names goes through the one disclosure log, end to end: 提出 → 审核 with the
保密审查 by someone else → 审批 → 发布 on each channel, and then the portal, the kiosk and the feed show it."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from qizhi.accounts.roles import Role
from qizhi.accounts.services import holders
from qizhi.campaigns.testing import campaign_of
from qizhi.core import publishing
from qizhi.disclosure.choices import Channel, DisclosureStatus
from qizhi.disclosure.testing import published
from qizhi.publicity.testing import publicity_of
from qizhi.reception import services as reception
from qizhi.reception.choices import Channel as CaseChannel
from qizhi.statistics import services as statistics
from qizhi.targets.models import Commitment, ModelPost

pytestmark = pytest.mark.django_db
D = datetime.date
CHANNELS = [Channel.WEBSITE, Channel.KIOSK, Channel.BOARD, Channel.MICROBLOG]


def test_every_kind_the_issue_names_is_declared():
    assert set(publishing.KINDS) == {
        "targets.commitment", "targets.modelpost", "campaigns.rectification", "publicity.bulletinissue",
        "statistics.statreport", "reception.letterqa",
    }  # fmt: skip


def _commitment(bureau):
    return Commitment.objects.create(
        unit=bureau.judicial_office, year=2026, person=bureau.people[1], content="窗口办事一次告知，当日办结",
        public=True,
    )  # fmt: skip


def _model_post(bureau):
    post = ModelPost.objects.create(unit=bureau.office, year=2026, name="法律援助党员示范岗",
                                    pledge="热情接待，一次告知", public=True)  # fmt: skip
    post.holders.add(bureau.people[0])
    return post


def _letter_qa(bureau):
    case = reception.register_case(
        unit=bureau.unit, kind="letter", channel=CaseChannel.PUBLIC, subject="公证", consent=True,
        content="我叫张某某，电话13900000000，想问公证要带什么", received_on=D(2026, 11, 30),
    ).case  # fmt: skip
    reception.take(case, by=bureau.party_affairs)
    reception.accept(case, on=D(2026, 12, 1), by=bureau.party_affairs)
    reception.close(case, on=D(2026, 12, 2), outcome="已答复", reply="张某某您好：请携带身份证", by=bureau.leader)
    reception.moderate_qa(case, question="办理公证需要带哪些材料？", answer="请携带身份证和户口簿。",
                          publish=True, by=bureau.leader, on=D(2026, 12, 3))  # fmt: skip
    return case


def _month_report(bureau, month, values):
    office, stats = bureau.judicial_office, bureau.statistician
    report = statistics.open_report(office, month, by=stats)
    statistics.save_values(report, values, by=stats)
    statistics.submit(report, by=stats)
    return statistics.approve(report, by=holders(office, [Role.LEADER]).first())


def _figures(bureau):
    _month_report(bureau, D(2025, 11, 1), {"disputes_accepted": "5", "disputes_succeeded": "5"})
    return _month_report(bureau, D(2026, 11, 1), {"disputes_accepted": "4", "disputes_succeeded": "3"})


KINDS = {  # kind → (the record, a line its public text must carry)
    "targets.commitment": (_commitment, "窗口办事一次告知，当日办结"),
    "targets.modelpost": (_model_post, "热情接待，一次告知"),
    "campaigns.rectification": (lambda bureau: campaign_of(bureau)["item"], "完成时限：2026年12月20日"),
    "publicity.bulletinissue": (lambda bureau: publicity_of(bureau)["issue"], "排查纠纷12起。"),
    # 4 disputes against 5 a year before: −20 %; 3 settled against 5: −40 %; the rate 3/4 has no 同比 %.
    "statistics.statreport": (_figures, "调处矛盾纠纷：4件（同比下降20%）"),
    "reception.letterqa": (_letter_qa, "答：请携带身份证和户口簿。"),
}


@pytest.mark.dated
@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_is_published_on_every_channel_and_read_by_the_public(client, personas, kind):
    build, line = KINDS[kind]
    item = published(personas.a, build(personas.a), kind=kind, channels=CHANNELS)
    assert item.status == DisclosureStatus.PUBLISHED and item.reviewed_by != item.proposed_by
    assert item.secrecy_checked and item.approved_by == personas.a.leader
    rows = {row.channel: row for row in item.publications.all()}
    assert set(rows) == set(CHANNELS) and all(row.edition == 1 and row.kind == kind for row in rows.values())
    assert line in item.body.splitlines()
    assert len(rows[Channel.MICROBLOG].body) <= 140
    portal = client.get(reverse("public:portal"), {"kind": kind}).content.decode()
    assert item.title in portal
    for page in (reverse("public:item", args=[rows[Channel.WEBSITE].pk]),
                 reverse("public:kiosk_item", args=[rows[Channel.KIOSK].pk]), reverse("public:feed")):  # fmt: skip
        assert line in client.get(page).content.decode()


def test_the_months_figures_are_the_roll_up_of_the_approved_values(personas):
    item = published(personas.a, _figures(personas.a), kind="statistics.statreport")
    office = personas.a.judicial_office.name
    assert item.title == f"{office}2026年11月业务工作数据"
    assert item.body.splitlines() == [
        "调处矛盾纠纷：4件（同比下降20%）", "调处成功：3件（同比下降40%）", "调处成功率：75%",
    ]  # fmt: skip


def test_a_month_not_yet_approved_cannot_be_proposed(personas):
    from django.core.exceptions import ValidationError

    from qizhi.disclosure import services

    a = personas.a
    report = statistics.open_report(a.judicial_office, D(2026, 11, 1), by=a.statistician)
    statistics.save_values(report, {"disputes_accepted": "4"}, by=a.statistician)
    with pytest.raises(ValidationError, match="审核通过后"):
        services.propose(report, kind="statistics.statreport", channels=[Channel.WEBSITE], by=a.party_affairs)


def test_the_approved_months_page_offers_to_propose_it_and_the_link_leads_to_the_proposal(client, personas):
    a = personas.a
    report = _figures(a)
    client.force_login(a.party_affairs)
    link = f"/disclosure/propose/?kind=statistics.statreport&amp;object={report.pk}"
    assert link in client.get(report.get_absolute_url()).content.decode()
    page = client.get(link.replace("&amp;", "&"))
    assert page.status_code == 200 and "调处矛盾纠纷：4件（同比下降20%）" in page.content.decode()
    client.force_login(a.staff)  # a reader is not offered it
    assert "statistics.statreport" not in client.get(report.get_absolute_url()).content.decode()
