"""The completion table of a plan and a month of work logs as .xlsx report forms (``core.sheets``)."""

from __future__ import annotations

import datetime

from qizhi.core.sheets import new_report
from qizhi.study.services import Completion


def completion_xlsx(table: Completion, *, unit: str = "", preparer: str = "", mark: str = "") -> bytes:
    """学习完成情况表: people as rows, materials as columns (minutes studied), finished and total."""
    materials = table.materials
    header = ["序号", "姓名"] + [f"{m.number}{'（必学）' if m.required else ''}" for m in materials] + ["完成必学"]
    widths = [6, 12] + [10] * len(materials) + [10]
    owner = unit or str(table.plan.party_org or table.plan.unit)
    form = new_report(
        f"{table.plan.title}学习完成情况表", "完成情况", header, widths, unit=owner,
        period=f"{table.plan.end_date:%Y年%m月%d日}", period_label="完成期限", preparer=preparer, mark=mark,
        freeze="C6",
    )  # fmt: skip
    for n, row in enumerate(table.rows, start=1):
        minutes = ("" if v is None else v for v in row.cells(materials))
        form.add_rows([[n, row.person.name, *minutes, f"{row.finished}/{len(table.required)}"]])
    rate = "—" if table.rate is None else f"{table.rate}%"
    form.note(f"应学{len(table.rows)}人，全部完成必学资料{table.complete}人，完成率{rate}")
    form.note("表中数字为学习时长（分钟）。资料目录：", gap=0)
    for m in materials:
        form.note(f"{m.number}. {m.title}（{m.get_kind_display()}）", column=2, gap=0)
    return form.to_bytes()


def worklogs_xlsx(logs: list, month: datetime.date, *, unit: str = "", preparer: str = "", mark: str = "") -> bytes:
    header = ["序号", "单位", "姓名", "日期", "工作内容", "关联目标任务"]
    form = new_report(
        f"{month.year}年{month.month}月工作日志", "工作日志", header, (6, 18, 10, 16, 60, 24), unit=unit,
        period=f"{month.year}年{month.month}月", preparer=preparer, mark=mark,
    )  # fmt: skip
    form.add_rows(
        (n, log.person.unit.name, log.person.name, log.date, log.content, str(log.target or ""))
        for n, log in enumerate(logs, start=1)
    )
    return form.to_bytes()
