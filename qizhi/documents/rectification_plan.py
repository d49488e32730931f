"""The 整改方案 of a campaign: its guiding idea and goals as the campaign states them, the campaign's figures
(``campaigns.services.figures``) and its 整改清单 — every item with its problem, measure, responsible unit and
person, deadline and progress, in the ledger's order — then the 工作要求 of 四明确一公开."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from qizhi.campaigns import services
from qizhi.campaigns.models import Campaign
from qizhi.documents.official import OfficialDocument, chinese_date

HEADER = ["序号", "问题", "整改措施", "责任单位", "责任人", "完成时限", "进展"]
WIDTHS = [12, 34, 36, 22, 16, 20, 16]
REQUIREMENTS = (
    "加强领导，落实责任。领导小组统筹整改工作，各责任单位主要负责人为第一责任人，逐项对照清单推进，"
    "做到整改措施、整改目标、完成时限、责任人“四明确”。",
    "公开承诺，接受监督。整改事项向干部职工和社会公开，定期通报进展，逾期未完成的事项由领导小组督办。",
    "建章立制，巩固成果。对整改中形成的有效做法及时总结，上升为制度规定，防止问题反弹。",
)


@dataclass
class RectificationPlan:
    campaign: Campaign
    figures: services.Figures
    rows: list[list]

    @property
    def title(self) -> str:
        return f"{self.campaign.unit.name}关于{self.campaign.title}的整改方案"


def _row(number: int, item) -> list:
    deadline = chinese_date(item.deadline) if item.deadline else ""
    return [
        number, item.problem.description, item.measure, item.responsible_unit.name if item.responsible_unit else "",
        item.responsible_person.name if item.responsible_person else "", deadline,
        f"{item.get_status_display()}（{item.progress}%）",
    ]  # fmt: skip


def rectification_plan(campaign: Campaign, items, day: datetime.date | None = None) -> RectificationPlan:
    """``items``: the rectification items the user sees (scoped by the caller)."""
    items = (
        items.filter(campaign=campaign)
        .select_related("problem", "responsible_person", "responsible_unit")
        .order_by("problem__category", "deadline", "pk")
    )  # the 整改台账's order
    rows = [_row(number, item) for number, item in enumerate(items, start=1)]
    return RectificationPlan(campaign, services.figures(campaign, day), rows)


def rectification_plan_docx(plan: RectificationPlan, *, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    campaign, figures = plan.campaign, plan.figures
    document = OfficialDocument()
    document.title(plan.title)
    document.heading("指导思想和目标", 1)
    for text in (campaign.guiding_idea, campaign.goals):
        if text.strip():
            document.paragraph(text.strip())
    document.paragraph(
        f"对照查摆出的问题，共制定整改事项{figures.items}项，逐项明确整改措施、"
        f"完成时限和责任人。截至{chinese_date(today)}，{figures.sentence}。"
    )
    document.heading("整改清单", 1)
    if plan.rows:
        document.table(HEADER, plan.rows, widths_mm=WIDTHS)
    else:
        document.paragraph("尚未制定整改事项。")
    document.heading("工作要求", 1)
    for text in REQUIREMENTS:
        document.paragraph(text)
    document.signature(campaign.unit.name, today)
    return document.to_bytes()
