"""The 目标责任书 of a plan: the targets of a unit's year, decomposed to units and people, as the letter the
two sides sign — or, narrowed to one owner unit, the letter that unit signs for its part. The rows are the
plan's targets as the plan page lists them (tree order, owners, indicators, weights, deadlines); nothing
is computed here but the weights' sum."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from qizhi.documents.official import OfficialDocument, chinese_date
from qizhi.documents.year_summary import _number
from qizhi.org.models import Unit
from qizhi.targets.models import Plan, Target

HEADER = ["序号", "目标任务", "指标及目标值", "分值", "完成时限", "责任单位", "责任人"]
WIDTHS = [14, 35, 30, 11, 24, 26, 16]


@dataclass
class Letter:
    plan: Plan
    owner: Unit | None  # None: the whole plan
    rows: list[list]
    weight: Decimal

    @property
    def party_b(self) -> Unit:
        return self.owner or self.plan.unit

    @property
    def title(self) -> str:
        who = f"{self.owner.name}" if self.owner else self.plan.unit.name
        return f"{who}{self.plan.year}年度目标管理责任书"


def _indicator(target: Target) -> str:
    if target.goal is None:
        return target.measure or target.get_kind_display()
    direction = "" if target.direction == "at_least" else target.get_direction_display()
    return f"{target.measure}{direction}{_number(target.goal)}{target.unit_of_measure}"


def letter(plan: Plan, targets, owner: Unit | None = None) -> Letter:
    """``targets``: the plan's targets the user sees (scoped by the caller). With ``owner``, the targets that
    unit answers for, with their sub-tasks."""
    targets = targets.filter(plan=plan).select_related("owner_unit", "owner_person").order_by("path")
    if owner is not None:
        targets = targets.filter(owner_unit=owner)
    rows, weight = [], Decimal(0)
    top = min((t.depth for t in targets), default=1)
    numbers: list[int] = []
    for target in targets:
        level = target.depth - top
        numbers = [*numbers[:level], (numbers[level] + 1) if len(numbers) > level else 1]
        if level == 0:
            weight += target.weight
        rows.append([
            ".".join(str(n) for n in numbers), "　" * level + target.title, _indicator(target),
            _number(target.weight), f"{target.deadline.month}月{target.deadline.day}日", target.owner_unit.name,
            target.owner_person.name if target.owner_person else "",
        ])  # fmt: skip
    return Letter(plan, owner, rows, weight)


def letter_docx(item: Letter, *, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    plan, superior = item.plan, item.plan.unit
    if item.owner is None:
        superior = Unit.objects.get_parent(plan.unit) or plan.unit
    document = OfficialDocument()
    document.title(item.title)
    document.paragraph(
        f"为全面完成{plan.year}年度各项工作任务，落实目标管理责任制，做到任务到单位、责任到个人，"
        f"{superior.name}（甲方）与{item.party_b.name}（乙方）签订本责任书。"
    )
    if plan.description:
        document.paragraph(plan.description)
    document.heading("目标任务", 1)
    document.paragraph(
        f"乙方承担下列目标任务{len(item.rows)}项，一级任务分值合计{_number(item.weight)}分。"
        if item.rows
        else "乙方本年度尚无分解的目标任务。"
    )
    if item.rows:
        document.table(HEADER, item.rows, widths_mm=WIDTHS)
    document.heading("考核办法", 1)
    for text in (
        "目标任务按分值和完成度计分，完成度按指标的完成值与目标值之比计算，由下级任务按分值加权汇总；"
        "目标得分折算为百分制，加减分另计，综合得分作为年度考核的依据。",
        "乙方按时报告进度并提交佐证材料；甲方按红黄绿灯对进度滞后的任务督查督办。",
        "本责任书一式两份，甲乙双方各执一份，自签订之日起生效。",
    ):
        document.paragraph(text)
    document.paragraph("")
    for side, unit in (("甲方", superior), ("乙方", item.party_b)):
        document.paragraph(f"{side}（盖章）：{unit.name}")
        document.paragraph("负责人（签字）：")
    document.paragraph(f"签订日期：{chinese_date(today)}")
    return document.to_bytes()
