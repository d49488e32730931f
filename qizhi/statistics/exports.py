"""Statistical report forms (统计报表) as .xlsx: title, 表头 (unit, period, preparer, reviewer), bordered table.
The roll-up of a unit, and the raw monthly reports value by value."""

from __future__ import annotations

from qizhi.core.sheets import new_report, number_or_dash
from qizhi.statistics.models import Indicator, StatValue
from qizhi.statistics.services import Figure

HEADER = ("序号", "指标", "计量单位", "本期", "去年同期", "增减", "增减幅度（%）")
WIDTHS = (6, 28, 10, 12, 12, 12, 14)


def rollup_xlsx(unit, start, end, figures: list[Figure], *, preparer: str, mark: str = "") -> bytes:
    form = new_report(
        f"{unit.name}司法行政业务统计汇总表", "统计汇总", HEADER, WIDTHS, unit=unit.name,
        period=f"{start.year}年{start.month}月至{end.year}年{end.month}月", preparer=preparer, reviewer="",
        mark=mark,
    )  # fmt: skip
    rows = [
        (number, f.indicator.name, f.indicator.unit_of_measure, number_or_dash(f.value), number_or_dash(f.last_year),
         number_or_dash(f.change), number_or_dash(f.change_percent))
        for number, f in enumerate(figures, start=1)
    ]  # fmt: skip
    form.add_rows(rows)
    form.note("审核人：　　　　　　　　单位负责人：")
    return form.to_bytes()


REPORT_HEADER = ("序号", "填报单位", "月份", "状态", "填表人", "审核人")
REPORT_WIDTHS = (6, 24, 10, 8, 10, 10)


def reports_xlsx(reports, *, unit_name: str, preparer: str, mark: str = "") -> bytes:
    """Each report a row (unit, month, status, preparer, reviewer) and each indicator a column — the
    values as entered, whatever their status (the 状态 column says which are approved)."""
    reports = list(reports)
    values = StatValue.objects.filter(report__in=[r.pk for r in reports]).values_list(
        "report_id", "indicator_id", "value"
    )
    cells = {(report_id, indicator_id): value for report_id, indicator_id, value in values}
    used = {indicator_id for _report, indicator_id in cells}
    indicators = list(Indicator.objects.filter(pk__in=used).order_by("position"))
    header = REPORT_HEADER + tuple(f"{i.name}（{i.unit_of_measure}）" for i in indicators)
    months = sorted({r.month for r in reports})
    period = f"{months[0].year}年{months[0].month}月至{months[-1].year}年{months[-1].month}月" if months else "—"
    form = new_report(
        "司法行政业务月度统计报表明细", "报表明细", header, REPORT_WIDTHS + (12,) * len(indicators),
        unit=unit_name, period=period, preparer=preparer, reviewer="", mark=mark, freeze="C6",
    )  # fmt: skip
    for number, report in enumerate(reports, start=1):
        row = [
            number, report.unit.name, f"{report.month.year}年{report.month.month}月", report.get_status_display(),
            report.preparer, report.reviewer,
        ]  # fmt: skip
        row += [number_or_dash(cells[(report.pk, i.pk)]) if (report.pk, i.pk) in cells else "" for i in indicators]
        form.add_rows([row])
    return form.to_bytes()
