"""The branch's monthly 党费收缴台账 as a report-form workbook."""

from __future__ import annotations

from qizhi.core.sheets import BORDER, report_form, to_bytes, write_rows
from qizhi.dues.models import month_label
from qizhi.dues.services import Ledger

HEADER = ["序号", "姓名", "所在支部", "计算类别", "计算基数（元）", "月应交（元）", "减免", "实交（元）",
          "自愿多交（元）", "合计（元）", "交纳日期", "代交人", "状态"]  # fmt: skip
WIDTHS = [6, 10, 18, 10, 12, 11, 12, 10, 12, 10, 12, 10, 10]


def ledger_xlsx(ledger: Ledger, *, preparer: str, mark: str = "") -> bytes:
    """Rows as the ledger page shows them, and a totals row equal to the page's totals."""
    title = f"{ledger.party_org.name}党费收缴台账（{month_label(ledger.month)}）"
    workbook, sheet = report_form(
        title, "党费台账", HEADER, WIDTHS, unit=ledger.party_org.name, period=month_label(ledger.month),
        preparer=preparer, mark=mark,
    )  # fmt: skip
    rows = []
    for number, row in enumerate(ledger.rows, start=1):
        base = row.dues.base
        rows.append([
            number, row.membership.person.name, row.membership.branch.name,
            base.get_kind_display() if base else "", base.base if base else None, row.due,
            str(row.dues.relief.get_kind_display()) if row.dues.relief else "",
            row.paid, row.extra, row.received,
            row.payment.paid_on.isoformat() if row.payment else "",
            row.payment.proxy.name if row.payment and row.payment.proxy else "", str(row.status_label),
        ])  # fmt: skip
    totals = ledger.totals
    counted = f"{totals['paid_members']}/{totals['members']}人"
    rows.append(["合计", counted, "", "", None, totals["due"], "", totals["paid"], totals["extra"],
                 totals["received"], "", "", f"未交{totals['outstanding']}元"])  # fmt: skip
    last = write_rows(sheet, rows)
    for column in (5, 6, 8, 9, 10):
        for row_number in range(6, last + 1):
            sheet.cell(row=row_number, column=column).number_format = "0.00"
    for column in range(1, len(HEADER) + 1):
        sheet.cell(row=last, column=column).border = BORDER
    return to_bytes(workbook)
