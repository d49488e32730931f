"""The 党员花名册 as an .xlsx in the layout a branch keeps on paper: title, unit and date, bordered table."""

from __future__ import annotations

from django.utils import timezone

from qizhi.core.sheets import new_report
from qizhi.org.validators import mask_birth_date, mask_id_number, mask_phone

COLUMNS = (
    ("序号", 6), ("姓名", 10), ("性别", 6), ("民族", 8), ("出生日期", 14), ("年龄", 6), ("学历", 10),
    ("身份证号码", 21), ("入党日期", 14), ("转正日期", 14), ("党员类别", 10), ("所在支部", 22), ("党小组", 16),
    ("在职/退休", 9), ("联系电话", 14),
)  # fmt: skip
TEXT_COLUMNS = (8, 15)  # the ID and phone numbers: text, never a number Excel rounds


def roster_xlsx(memberships, *, title: str, show_personal: bool, preparer: str = "", mark: str = "") -> bytes:
    """One row per current member, in the order given; personal data masked unless ``show_personal``."""
    today = timezone.localdate()
    form = new_report(
        f"{title}党员花名册", "党员花名册", [c[0] for c in COLUMNS], [c[1] for c in COLUMNS], unit=title,
        preparer=preparer, mark=mark, text_columns=TEXT_COLUMNS, freeze="C6",
    )  # fmt: skip
    rows = []
    for number, membership in enumerate(memberships, start=1):
        person = membership.person
        rows.append((
            number, person.name, person.get_gender_display(), person.ethnicity,
            person.birth_date if show_personal else mask_birth_date(person.birth_date),
            person.age_on(today) or "", person.get_education_display(),
            person.id_number if show_personal else mask_id_number(person.id_number),
            membership.joined_on, membership.full_on, membership.get_status_display(),
            membership.branch.name, membership.group.name if membership.group else "",
            "退休" if person.retired else "在职", person.phone if show_personal else mask_phone(person.phone),
        ))  # fmt: skip
    form.add_rows(rows)
    return form.to_bytes()
