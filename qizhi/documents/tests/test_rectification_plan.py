"""A campaign's 整改方案: its 整改清单 and figures as the campaign's services give them, the campaign page's link,
the scope of the download, and LibreOffice's rendering on A4."""

from __future__ import annotations

import datetime
import io
import shutil
from decimal import Decimal

import pytest
from django.urls import reverse
from docx import Document

from qizhi.campaigns.choices import ProblemCategory, ProblemSource, RectificationStatus
from qizhi.campaigns.models import Problem, Rectification
from qizhi.campaigns.testing import _saved, campaign_of
from qizhi.documents.tests.test_year_summary import rendered_by_libreoffice, words

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


@pytest.fixture
def campaign(personas):
    return campaign_with_two_problems(personas)


def campaign_with_two_problems(personas):
    """The bureau's campaign (one problem, one open item) and a second problem whose one item is 销号."""
    a = personas.a
    found = campaign_of(a)
    campaign = found["campaign"]
    campaign.guiding_idea, campaign.goals = "以科学发展观为指导。", "解决群众反映强烈的突出问题。"
    campaign.save()
    problem = _saved(Problem(
        campaign=campaign, category=ProblemCategory.THEORY, source=ProblemSource.LIFE_MEETING,
        description="理论学习不够系统", found_on=datetime.date(2026, 6, 1),
    ), a.party_affairs)  # fmt: skip
    item = _saved(Rectification(
        campaign=campaign, problem=problem, measure="每月集中学习一次", target="学习制度化",
        deadline=datetime.date(2026, 8, 31), responsible_person=a.people[2], responsible_unit=a.office,
        weight=Decimal("1"),
    ), a.party_affairs)  # fmt: skip
    Rectification.objects.filter(pk=item.pk).update(status=RectificationStatus.CLOSED, progress=100)
    return campaign


def test_the_plan_lists_every_item_and_the_campaigns_figures(client, personas, campaign, tmp_path):
    a = personas.a
    client.force_login(a.leader)
    content = client.get(reverse("documents:rectification_plan", args=[campaign.pk])).content
    text = words(content)
    assert f"{a.unit.name}关于{campaign.title}的整改方案" in text
    assert "以科学发展观为指导。" in text and "解决群众反映强烈的突出问题。" in text
    # Two problems, one of them done (its one item 销号): 1 of 2, 50.0% — as campaigns.services.figures says.
    assert "共制定整改事项2项" in text
    assert "共查摆问题2个，已完成1个，阶段性完成并持续整改0个，未完成1个，完成率50.0%" in text
    table = Document(io.BytesIO(content)).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "问题", "整改措施", "责任单位", "责任人", "完成时限", "进展"]
    first = campaign_of(a)["item"]
    # The 整改台账's order: by area (服务基层 before 理论学习: by code), then deadline.
    assert rows[1:] == [
        ["1", first.problem.description, first.measure, a.judicial_office.name, a.people[1].name,
         "2026年12月20日", "待整改（0%）"],
        ["2", "理论学习不够系统", "每月集中学习一次", a.office.name, a.people[2].name,
         "2026年8月31日", "已销号（100%）"],
    ]  # fmt: skip
    assert "三、工作要求" in text

    if shutil.which("soffice"):
        # Not a 公文 with a 版记; page 2 is mostly the table and the requirements.
        rendered_by_libreoffice(tmp_path, {"plan.docx": content}, imprint=False, pitch=False)


def test_the_campaign_page_links_the_plan_for_those_who_export(client, personas, campaign):
    url = reverse("documents:rectification_plan", args=[campaign.pk])
    client.force_login(personas.a.leader)
    assert url in client.get(campaign.get_absolute_url()).content.decode()
    client.force_login(personas.a.staff)
    page = client.get(campaign.get_absolute_url())
    assert page.status_code != 200 or url not in page.content.decode()


def test_the_plan_is_404_for_a_foreign_or_missing_campaign_and_ignores_junk(client, personas, campaign):
    other = campaign_of(personas.b)["campaign"]
    client.force_login(personas.a.leader)
    url = reverse("documents:rectification_plan", args=[campaign.pk])
    assert client.get(url, {"year": "junk", "page": "-1"}).status_code == 200  # it takes no parameters
    assert client.get(url, {"x": "\x00"}).status_code == 400  # the site's refusal of a null character
    assert client.get(reverse("documents:rectification_plan", args=[other.pk])).status_code == 404
    assert client.get(reverse("documents:rectification_plan", args=[987654])).status_code == 404
    client.force_login(personas.b.leader)
    assert client.get(url).status_code == 404
    client.force_login(personas.a.staff)  # a plain staff member exports nothing
    assert client.get(url).status_code in (403, 404)
