"""The branch's 党建工作报告, the 目标责任书 and the month's 统计报表 of the demo bureau: their figures are the
services' and the API's, their pages link them, their parameters and scope are checked, and LibreOffice
renders them on A4 with the standard margins and the 版记 on the bottom of the last page."""

from __future__ import annotations

import datetime
import shutil

import pytest
from django.urls import reverse
from django.utils import timezone

from qizhi.documents.tests.test_year_summary import rendered_by_libreoffice, words
from qizhi.dues import services as dues
from qizhi.party.models import PartyOrg
from qizhi.targets.models import Plan, Target

pytestmark = [pytest.mark.django_db, pytest.mark.dated]


@pytest.fixture
def demo(demo, client):
    """The demo bureau (built once for the modules that read it), its 局领导 signed in."""
    client.login(username="leader", password="qizhi-demo")
    return demo


def test_the_three_documents_tell_the_services_figures_and_render_on_a4(client, demo, tmp_path):
    today = timezone.localdate()
    branch = PartyOrg.objects.get(name="机关党支部")
    plan = Plan.objects.filter(unit=demo, year=today.year).first()
    month = f"{today.year - 1}-12"  # seed 000's statistics are last year's
    report = client.get(reverse("documents:branch_report", args=[branch.pk]), {"year": today.year}).content
    letter = client.get(reverse("documents:responsibility_letter", args=[plan.pk])).content
    stats = client.get(reverse("documents:statistics_report", args=[demo.pk]), {"month": month}).content

    # The branch report: the party API's figures, the compliance API's, and the dues ledgers' sums.
    text = words(report)
    party = client.get("/api/party/figures/", {"party_org": branch.pk}).json()
    assert f"{branch.name}现有党员{party['members']}人，其中正式党员{party['full_members']}人" in text
    due = sum(dues.ledger(branch, m).totals["due"] for m in dues.months_between(datetime.date(today.year, 1, 1), today))
    assert f"应交党费{due:.2f}元" in text
    assert "“三会一课”等组织生活会议" in text and "落实率" in text

    # The letter: every target of the plan, in tree order, with its owner; the top weights summed.
    text = words(letter)
    targets = list(Target.objects.filter(plan=plan).select_related("owner_unit").order_by("path"))
    assert f"乙方承担下列目标任务{len(targets)}项" in text
    top = sum(t.weight for t in targets if t.depth == 1)
    assert f"一级任务分值合计{top.normalize():f}分" in text
    positions = [text.index(t.title) for t in targets if t.depth == 1]
    assert positions == sorted(positions)
    assert f"{targets[0].owner_unit.name}" in text and f"{demo.name}{today.year}年度目标管理责任书" in text

    # The statistics report: the month's and the year's figures as the roll-up API gives them.
    text = words(stats)
    api = client.get("/api/statistics/rollup/", {"unit": demo.pk, "start": month, "end": month}).json()
    year = client.get("/api/statistics/rollup/", {"unit": demo.pk, "start": f"{today.year - 1}-01", "end": month})
    by_code = {row["code"]: row for row in year.json()["indicators"]}
    notarial = next(row for row in api["indicators"] if row["name"] == "公证事务")
    assert f"公证事务\t件\t{notarial['value']}\t" in text
    assert f"\t{by_code[notarial['code']]['value']}\t" in text
    assert "报送情况" in text and "应报送单位" in text

    if shutil.which("soffice"):
        rendered_by_libreoffice(tmp_path, {"report.docx": report})
        # A letter, not a 公文: no 版记; its pages after the first are the table.
        rendered_by_libreoffice(tmp_path, {"letter.docx": letter}, imprint=False, pitch=False, margin_page=1)
        rendered_by_libreoffice(tmp_path, {"stats.docx": stats}, pitch=False, margin_page=1)  # mostly tables


def test_the_pages_link_their_documents(client, demo):
    branch = PartyOrg.objects.get(name="机关党支部")
    html = client.get(branch.get_absolute_url()).content.decode()
    assert f'action="{reverse("documents:branch_report", args=[branch.pk])}"' in html
    plan = Plan.objects.filter(unit=demo).first()
    html = client.get(plan.get_absolute_url()).content.decode()
    assert reverse("documents:responsibility_letter", args=[plan.pk]) in html
    html = client.get(reverse("statistics:board"), {"unit": demo.pk, "month": "2025-12"}).content.decode()
    assert f"{reverse('documents:statistics_report', args=[demo.pk])}?month=2025-12" in html
