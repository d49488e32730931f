"""The 统计报表 of a month: a unit's figures over its subtree for the month and the year to date, each with
the same months a year earlier (``statistics.rollup``, as the roll-up page and API give them), and the
reporting units' submission status (``statistics.submission_status``, the 报送情况 board)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from qizhi.core.workflow import Status
from qizhi.documents.official import OfficialDocument
from qizhi.documents.year_summary import _number
from qizhi.org.models import Unit
from qizhi.statistics import services as statistics

HEADER = ["指标", "单位", "本月", "上年同月", "本年累计", "上年同期", "同比（%）"]
WIDTHS = [33, 13, 18, 22, 22, 22, 26]
STATUS_LISTED = 60  # reporting units listed one by one; beyond, only those not approved


@dataclass
class MonthReport:
    unit: Unit
    month: datetime.date
    rows: list[list]
    status: list[list]
    approved: int  # reporting units whose month is approved

    @property
    def title(self) -> str:
        return f"{self.unit.name}{self.month.year}年{self.month.month}月司法行政业务统计报表"


def _change(figure) -> str:
    if figure.indicator.is_ratio:
        return "—" if figure.change is None else f"{_number(figure.change)}个百分点"
    return _number(figure.change_percent)


def month_report(unit: Unit, month: datetime.date) -> MonthReport:
    this_month = statistics.rollup(unit, month, month)
    to_date = {f.indicator.pk: f for f in statistics.rollup(unit, datetime.date(month.year, 1, 1), month)}
    rows = []
    for figure in this_month:
        year = to_date[figure.indicator.pk]
        rows.append([
            figure.indicator.name, figure.indicator.unit_of_measure, _number(figure.value),
            _number(figure.last_year), _number(year.value), _number(year.last_year), _change(year),
        ])  # fmt: skip
    submitted = statistics.submission_status(unit, month)
    status = [
        [n, u.name, report.get_status_display() if report else "未填报", report.preparer if report else ""]
        for n, (u, report) in enumerate(submitted, start=1)
    ]
    approved = sum(1 for _u, report in submitted if report is not None and report.status == Status.APPROVED)
    return MonthReport(unit, month, rows, status, approved)


def month_report_docx(report: MonthReport, *, today: datetime.date | None = None) -> bytes:
    today = today or timezone.localdate()
    document = OfficialDocument()
    document.title(report.title)
    document.paragraph(
        f"本表汇总{report.unit.name}及所属单位{report.month.year}年{report.month.month}月已审核的业务统计数据；"
        "比率类指标按汇总后的分子、分母计算，其同比为增减的百分点。"
    )
    document.heading("主要业务数据", 1)
    document.table(HEADER, report.rows, widths_mm=WIDTHS)
    if report.status:
        document.heading("报送情况", 1)
        document.paragraph(f"应报送单位{len(report.status)}个，已审核{report.approved}个。")
        rows = report.status
        if len(rows) > STATUS_LISTED:  # a city or a province: only the units whose month is not approved
            rows = [row for row in rows if row[2] != str(Status.APPROVED.label)]
            document.paragraph(f"未审核的{len(rows)}个单位如下。" if rows else "各单位均已审核。")
        if rows:
            document.table(["序号", "单位", "状态", "填表人"], rows, widths_mm=[16, 70, 36, 34])
    document.signature(report.unit.name, today)
    parent = Unit.objects.get_parent(report.unit)
    document.imprint(
        copies_to=[parent.name] if parent is not None else [], printer=f"{report.unit.name}办公室", printed_on=today
    )
    return document.to_bytes()
