"""The honors register (表彰登记簿) as a report-form workbook."""

from __future__ import annotations

from qizhi.core.sheets import report_form, to_bytes, write_rows

HEADER = ["序号", "类别", "单位", "受表彰人", "荣誉称号", "级别", "授予机关", "表彰日期", "文号"]
WIDTHS = [6, 10, 18, 10, 30, 8, 20, 14, 18]


def register_xlsx(unit, honors, figures: dict, *, preparer: str, mark: str = "") -> bytes:
    workbook, sheet = report_form(
        f"{unit.name}表彰荣誉登记簿",
        "表彰登记",
        HEADER,
        WIDTHS,
        unit=unit.name,
        period="",
        preparer=preparer,
        mark=mark,
    )
    rows = [
        [n, h.get_kind_display(), h.unit.name, h.person.name if h.person_id else "", h.title, h.get_level_display(),
         h.issuer, f"{h.granted_on.year}年{h.granted_on.month}月{h.granted_on.day}日", h.document_number]
        for n, h in enumerate(honors, start=1)
    ]  # fmt: skip
    rows.append(["合计", f"{figures['person_times']}人次", f"集体{figures['collective']}项",
                 f"党员{figures['members_honored']}名", "", "", "", "", ""])  # fmt: skip
    write_rows(sheet, rows)
    return to_bytes(workbook)
