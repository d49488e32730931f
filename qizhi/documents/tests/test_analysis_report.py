"""A campaign's 分析检查报告: the problems by area, the figures and the table by area exactly as the campaign's
page shows them, the campaign page's link, the scope of the download, and LibreOffice's rendering on A4."""

from __future__ import annotations

import datetime
import io
import re
import shutil

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document

from qizhi.campaigns.choices import ReportKind
from qizhi.campaigns.models import Report
from qizhi.campaigns.testing import _saved, campaign_of
from qizhi.documents.tests.test_rectification_plan import campaign_with_two_problems
from qizhi.documents.tests.test_year_summary import rendered_by_libreoffice, words

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


@pytest.fixture
def campaign(personas):
    return campaign_with_two_problems(personas)


def page_figures(html: str) -> dict[str, str]:
    """The figures the campaign page prints, read from its HTML."""
    found = {
        "meetings": r"活动期间召开会议 (\d+) 次", "lectures": r"其中讲座和党课 (\d+) 次",
        "reports": r"调研成果 (\d+) 篇", "opinions": r"收到意见建议 (\d+) 条",
        "items": r"整改事项 (\d+) 项", "closed": r"已销号 (\d+) 项",
        "progress": r"加权整改进度 ([\d.]+)%",
    }  # fmt: skip
    return {key: re.search(pattern, html).group(1) for key, pattern in found.items()}


def test_the_report_tells_the_problems_by_area_and_the_pages_figures(client, personas, campaign, tmp_path):
    a = personas.a
    _saved(Report(
        campaign=campaign, kind=ReportKind.ANALYSIS, title="领导班子分析检查报告", author="王局长",
        submitted_on=datetime.date(2026, 6, 10), summary="班子在服务基层方面差距明显。",
    ), a.party_affairs)  # fmt: skip
    client.force_login(a.leader)
    page = page_figures(client.get(campaign.get_absolute_url()).content.decode())
    content = client.get(reverse("documents:analysis_report", args=[campaign.pk])).content
    text = words(content)

    assert f"{a.unit.name}关于{campaign.title}的分析检查报告" in text
    assert (
        f"召开各类会议{page['meetings']}次，其中讲座和党课{page['lectures']}次；形成调研成果{page['reports']}篇；"
        f"收到意见建议{page['opinions']}条。" in text
    )
    # By hand: the research report of campaign_of and this analysis report; one staff opinion; two problems.
    assert (page["reports"], page["opinions"]) == ("2", "1") and "八个方面查摆问题2个。" in text
    assert "《领导班子分析检查报告》于2026年6月10日形成，王局长执笔。班子在服务基层方面差距明显。" in text
    # The eight areas' order: 理论学习 before 服务基层, each problem with its source.
    found = campaign_of(a)
    first, first_item = found["problem"], found["item"]
    assert re.search(
        r"（一）理论学习方面（1个）\n1\. 理论学习不够系统（来源：民主生活会）\n"
        rf"（二）服务基层方面（1个）\n1\. {first.description}（来源：征求意见）",
        text,
    )
    # The open item (campaign_of's, due 2026年12月20日) is overdue only once that day has passed.
    overdue = int(timezone.localdate() > first_item.deadline)
    assert f"共制定整改事项{page['items']}项，已销号{page['closed']}项，逾期{overdue}项，建章立制1项。" in text
    assert "共查摆问题2个，已完成1个，阶段性完成并持续整改0个，未完成1个，完成率50.0%" in text
    assert f"加权整改进度{page['progress']}%" in text and page["progress"] == "33.3"  # (1 × 100 + 2 × 0) / 3
    rows = [[cell.text for cell in row.cells] for row in Document(io.BytesIO(content)).tables[0].rows]
    assert rows == [
        ["方面", "整改事项", "权重", "占比", "进度"],
        ["理论学习", "1", "1.00", "33.3%", "100.0%"],
        ["服务基层", "1", "2.00", "66.7%", "0.0%"],
        ["合计", "2", "", "100%", "33.3%"],
    ]

    if shutil.which("soffice"):
        rendered_by_libreoffice(tmp_path, {"analysis.docx": content}, imprint=False, pitch=False, margin_page=1)


def test_the_campaign_page_links_the_report_for_those_who_export(client, personas, campaign):
    url = reverse("documents:analysis_report", args=[campaign.pk])
    client.force_login(personas.a.leader)
    assert client.get(url).status_code == 200
    assert url in client.get(campaign.get_absolute_url()).content.decode()
    client.force_login(personas.a.staff)
    page = client.get(campaign.get_absolute_url())
    assert page.status_code != 200 or url not in page.content.decode()
    assert client.get(url).status_code in (403, 404)


def test_the_report_is_404_for_a_foreign_or_missing_campaign(client, personas, campaign):
    other = campaign_of(personas.b)["campaign"]
    client.force_login(personas.a.leader)
    assert client.get(reverse("documents:analysis_report", args=[other.pk])).status_code == 404
    assert client.get(reverse("documents:analysis_report", args=[987654])).status_code == 404
    client.force_login(personas.b.leader)
    assert client.get(reverse("documents:analysis_report", args=[campaign.pk])).status_code == 404
