"""The 分析检查报告 of a campaign (seed 004's second phase): how the problems were sought — meetings, research
and opinions, as ``campaigns.services.figures`` counts them —, the problems found in each of the eight areas
(the problem list the user sees, in the page's order), and where rectification stands: the figures' sentence
and the campaign page's table by area (``campaigns.services.rollup``). The analysis reports filed on the
campaign (``Report`` of kind 分析检查报告) are named with their summaries. Nothing is computed here."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from qizhi.campaigns import services
from qizhi.campaigns.choices import ProblemCategory, ReportKind
from qizhi.campaigns.models import Campaign, Report
from qizhi.documents.official import OfficialDocument, chinese_date

HEADER = ["方面", "整改事项", "权重", "占比", "进度"]
WIDTHS = [46, 26, 26, 26, 26]


@dataclass
class AnalysisReport:
    campaign: Campaign
    figures: services.Figures
    rollup: services.Rollup
    problems: list[tuple[str, list[str]]]  # (area, the problems' sentences), areas in the eight areas' order
    reports: list[Report]

    @property
    def title(self) -> str:
        return f"{self.campaign.unit.name}关于{self.campaign.title}的分析检查报告"

    @property
    def rows(self) -> list[list]:
        """The campaign page's table 问题与整改（按方面加权汇总）, its figures printed as the page prints them, the
        total row last."""
        rows = [[c.label, c.items, f"{c.weight}", f"{c.share}%", f"{c.progress}%"] for c in self.rollup.categories]
        if rows:
            rows.append(["合计", sum(c.items for c in self.rollup.categories), "", "100%", f"{self.rollup.progress}%"])
        return rows


def analysis_report(campaign: Campaign, problems, day: datetime.date | None = None) -> AnalysisReport:
    """``problems``: the campaign's problems the user sees (scoped by the caller)."""
    labels = dict(ProblemCategory.choices)
    by_area: dict[str, list[str]] = {}
    for problem in problems.filter(campaign=campaign).order_by("category", "found_on", "pk"):
        by_area.setdefault(problem.category, []).append(
            f"{problem.description.strip()}（来源：{problem.get_source_display()}）"
        )
    areas = [(str(labels[code]), by_area[code]) for code in ProblemCategory.values if code in by_area]
    reports = list(campaign.reports.filter(kind=ReportKind.ANALYSIS).order_by("submitted_on", "pk"))
    return AnalysisReport(campaign, services.figures(campaign, day), services.rollup(campaign), areas, reports)


def analysis_report_docx(report: AnalysisReport, *, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    campaign, figures = report.campaign, report.figures
    document = OfficialDocument()
    document.title(report.title)
    document.heading("学习调研和征求意见情况", 1)
    document.paragraph(
        f"{chinese_date(campaign.start)}活动开展以来，召开各类会议{figures.meetings}次，其中讲座和党课"
        f"{figures.lectures}次；形成调研成果{figures.reports}篇；收到意见建议{figures.opinions}条。"
        f"在此基础上，从理论学习、思想解放、服务大局、科学决策、改革创新、服务基层、工作效能、党性党风党纪"
        f"八个方面查摆问题{figures.problems}个。"
    )
    for item in report.reports:
        author = f"，{item.author}执笔" if item.author else ""
        document.paragraph(f"《{item.title}》于{chinese_date(item.submitted_on)}形成{author}。{item.summary.strip()}")
    document.heading("查摆出的主要问题", 1)
    if not report.problems:
        document.paragraph("尚未查摆出问题。")
    for area, sentences in report.problems:
        document.heading(f"{area}方面（{len(sentences)}个）", 2)
        for number, sentence in enumerate(sentences, start=1):
            document.paragraph(f"{number}. {sentence}")
    document.heading("整改方向和进展", 1)
    document.paragraph(
        f"针对查摆出的问题，共制定整改事项{figures.items}项，已销号{figures.items_closed}项，逾期{figures.overdue}项，"
        f"建章立制{figures.rules}项。截至{chinese_date(today)}，{figures.sentence}。"
    )
    if report.rows:
        document.paragraph(f"各方面整改事项按权重汇总，加权整改进度{report.rollup.progress}%，见下表。")
        document.table(HEADER, report.rows, widths_mm=WIDTHS)
    document.signature(campaign.unit.name, today)
    return document.to_bytes()
