"""A campaign's 整改台账 as a report-form workbook: its figures, then one row per item."""

from __future__ import annotations

from qizhi.campaigns import services
from qizhi.campaigns.models import Campaign
from qizhi.core.sheets import report_form, to_bytes, write_rows

HEADER = ["序号", "方面", "问题表现", "整改措施", "整改目标", "量化指标", "目标值", "完成时限", "责任人", "责任单位",
          "权重", "状态", "进度（%）", "督办", "已公开"]  # fmt: skip
WIDTHS = [6, 12, 30, 30, 20, 12, 10, 12, 10, 14, 8, 14, 8, 8, 8]
LIGHTS = {"green": "正常", "yellow": "临期", "red": "逾期"}


def ledger_xlsx(campaign: Campaign, *, preparer: str, mark: str = "") -> bytes:
    today = services.today()
    figures = services.figures(campaign, today)
    workbook, sheet = report_form(
        f"{campaign.title}整改台账", "整改台账", HEADER, WIDTHS, unit=campaign.unit.name,
        period=f"{campaign.start:%Y-%m-%d}至{campaign.end:%Y-%m-%d}", preparer=preparer, mark=mark,
    )  # fmt: skip
    items = campaign.rectifications.select_related("problem", "responsible_person", "responsible_unit").order_by(
        "problem__category", "deadline", "pk"
    )
    rows = [
        [
            number,
            item.problem.get_category_display(),
            item.problem.description,
            item.measure,
            item.target,
            item.indicator,
            item.goal,
            item.deadline,
            item.responsible_person.name if item.responsible_person else "",
            item.responsible_unit.name if item.responsible_unit else "",
            item.weight,
            item.get_status_display(),
            item.progress,
            LIGHTS[services.light(item, today)],
            "是" if item.public else "否",
        ]
        for number, item in enumerate(items, start=1)
    ]
    rows.append(["合计", figures.sentence, "", "", "", "", "", "", "", "", "", "", "", "", ""])
    write_rows(sheet, rows)
    return to_bytes(workbook)
