"""催报 from the board, the inbox messages a report's workflow sends, a correction that keeps the
values it replaced, and the raw reports exported as a report form."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qizhi.core.models import Notification
from qizhi.statistics import services
from qizhi.statistics.testing import report_of

pytestmark = pytest.mark.django_db
FEB = datetime.date(2025, 2, 1)


def inbox(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user))


def test_remind_tells_the_late_units_people_and_names_who_nobody_hears(personas):
    a = personas.a
    result = services.remind(a.unit, FEB, by=a.leader)
    assert (result.units, result.people) == (2, 2)  # the bureau and its judicial office are late
    assert result.unheard == [a.unit]  # nobody holds a statistician or head grant on the bureau itself
    [message] = inbox(a.statistician)
    assert message.title == "请报送云溪司法所2025年2月统计报表" and message.sender == a.leader
    assert message.url == f"/statistics/reports/add/?unit={a.judicial_office.pk}&month=2025-02"
    assert len(inbox(a.unit_head)) == 1 and not inbox(personas.b.statistician)


def test_remind_skips_submitted_and_approved_months_and_links_to_a_draft(personas):
    a = personas.a
    report_of(a)  # January approved
    assert services.remind(a.judicial_office, datetime.date(2025, 1, 1), by=a.leader).units == 0
    draft = services.open_report(a.judicial_office, FEB, by=a.statistician)
    services.remind(a.judicial_office, FEB, by=a.leader)
    assert inbox(a.statistician)[0].url == draft.get_absolute_url()
    services.submit(draft, by=a.statistician)
    assert services.remind(a.judicial_office, FEB, by=a.leader).units == 0


def test_the_board_reminds_and_reports_what_it_did(client, personas):
    a = personas.a
    client.force_login(a.leader)
    board = client.get("/statistics/board/", {"unit": a.unit.pk, "month": "2025-02"}).content.decode()
    assert 'id="remind"' in board and "催报（2 个单位）" in board
    page = client.post(reverse("statistics:remind", args=[a.unit.pk]), {"month": "2025-02"}, follow=True)
    html = page.content.decode()
    assert "已向 2 个未报送单位的 2 名统计员和负责人发送催报消息" in html
    assert "以下单位未设统计员或负责人账号，无人接收催报：云溪县司法局" in html
    assert Notification.objects.count() == 2


def test_only_a_reviewer_may_remind(client, personas):
    a = personas.a
    client.force_login(a.statistician)
    assert 'id="remind"' not in client.get("/statistics/board/", {"month": "2025-02"}).content.decode()
    assert (
        client.post(reverse("statistics:remind", args=[a.judicial_office.pk]), {"month": "2025-02"}).status_code == 403
    )
    client.force_login(a.leader)
    bad = client.post(reverse("statistics:remind", args=[a.unit.pk]), {"month": "二月"}, follow=True)
    assert "月份" in bad.content.decode()
    assert not Notification.objects.exists()


def test_a_returned_report_reaches_the_units_statisticians(personas):
    a = personas.a
    report = services.open_report(a.judicial_office, FEB, by=a.statistician)
    services.submit(report, by=a.statistician)
    services.return_report(report, by=a.leader, reason="受理数与台账不符")
    [message] = inbox(a.statistician)
    assert message.title == "云溪司法所2025年2月统计报表被退回" and message.body == "退回理由：受理数与台账不符"
    assert message.url == report.get_absolute_url()


def test_a_correction_keeps_the_values_it_replaced(client, personas):
    a = personas.a
    report = report_of(a)  # approved: accepted 12, succeeded 11
    assert services.replaced_values(report) is None
    services.reopen(report, by=a.leader, reason="成功数录入有误")
    services.save_values(report, {"disputes_accepted": 12, "disputes_succeeded": 10}, by=a.statistician)
    assert services.replaced_values(report) == {"disputes_accepted": "12", "disputes_succeeded": "11"}
    client.force_login(a.leader)
    html = client.get(report.get_absolute_url()).content.decode()
    assert "更正前" in html and 'data-replaced="disputes_succeeded">11<' in html
    assert 'text-decoration-line-through text-danger" data-replaced="disputes_succeeded"' in html
    assert 'text-muted" data-replaced="disputes_accepted"' in html  # unchanged: not struck through


def test_the_raw_reports_export_as_a_report_form(client, personas):
    a = personas.a
    report_of(a)
    draft = services.open_report(a.judicial_office, FEB, by=a.statistician)
    services.save_values(draft, {"disputes_accepted": 5}, by=a.statistician)
    report_of(personas.b)
    client.force_login(a.leader)
    response = client.get(reverse("statistics:statreport_export"), {"unit": a.unit.pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "司法行政业务月度统计报表明细"
    assert sheet["A2"].value == "填报单位：云溪县司法局" and sheet["D2"].value == "统计期间：2025年1月至2025年2月"
    header = [c.value for c in sheet[5]]
    assert header[:6] == ["序号", "填报单位", "月份", "状态", "填表人", "审核人"]
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    assert [(r[1], r[2], r[3]) for r in rows] == [
        ("云溪司法所", "2025年1月", "已审核"),
        ("云溪司法所", "2025年2月", "草稿"),
    ]
    accepted = header.index("调处矛盾纠纷（件）")
    assert [r[accepted] for r in rows] == [12, 5]
    assert all("石桥" not in str(cell) for row in rows for cell in row)
