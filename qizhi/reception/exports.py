"""The case list (接访来信事项登记表) as an .xlsx report form, through the one writer ``core.sheets``."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.core.sheets import new_report, number_or_dash
from qizhi.reception import services
from qizhi.reception.choices import Stage
from qizhi.reception.models import Case

L = gettext_lazy
COLUMNS = (
    (L("序号"), 6), (L("编号"), 16), (L("类型"), 14), (L("来访（来信）人"), 14), (L("受理日期"), 15),
    (L("承办单位"), 18), (L("首问负责人"), 11), (L("状态"), 8), (L("受理期限"), 15), (L("办结期限"), 15),
    (L("办结日期"), 15), (L("满意度"), 9),
)  # fmt: skip


def cases_xlsx(cases: Sequence[Case], *, unit: str, preparer: str = "", mark: str = "") -> bytes:
    """One row per case, in the order given: wider than a portrait page, so printed A4 landscape.
    Reads each case's unit, owner, writer and stops: select_related and prefetch them."""
    form = new_report(
        _("接访来信事项登记表"), _("接访来信事项"), [str(c[0]) for c in COLUMNS], [c[1] for c in COLUMNS],
        unit=unit, preparer=preparer, mark=mark, text_columns=(2,), freeze="C6",
    )  # fmt: skip
    calendar, rules = services.work_calendar(), services.all_rules()
    form.add_rows(
        _row(number, case, services.dues(case, calendar=calendar, rules=rules))
        for number, case in enumerate(cases, start=1)
    )
    return form.to_bytes()


def _row(number: int, case: Case, dues: dict) -> tuple:
    owner = case.owner.first_name or case.owner.username if case.owner else ""
    return (
        number, case.number, case.get_kind_display(), case.visitor, case.accepted_on, case.unit.name, owner,
        case.get_status_display(), _due(dues.get(Stage.ACCEPT)), _due(dues.get(Stage.CLOSE)), case.closed_on,
        case.get_satisfaction_display(),
    )  # fmt: skip


def _due(due):
    """A running clock's due date; a stopped clock has none to give."""
    if due is None:
        return None
    return due.date if due.date is not None else _("停止计时中")


FIGURE_COLUMNS = (
    (L("承办单位"), 30),
    (L("事项数"), 10),
    (L("受理用时中位数（日）"), 20),
    (L("办结用时中位数（日）"), 20),
)


def figures_xlsx(unit, figures: dict, *, preparer: str = "", mark: str = "") -> bytes:
    """The year's figures of ``unit`` (``services.year_figures``) as the figures page shows them."""
    year = figures["year"]
    form = new_report(
        _("{unit}{year}年接访来信情况").format(unit=unit.name, year=year), _("接访来信年度数字"),
        [str(c[0]) for c in FIGURE_COLUMNS], [c[1] for c in FIGURE_COLUMNS], unit=unit.name,
        period=_("{year}年").format(year=year), preparer=preparer, mark=mark,
    )  # fmt: skip
    form.add_rows(
        (row["name"], row["cases"], number_or_dash(row["median_days_to_accept"]),
         number_or_dash(row["median_days_to_close"]))
        for row in figures["units"]
    )  # fmt: skip
    form.add_rows([(_("合计"), figures["cases"], None, None)])
    note = _(
        "共接待来访群众{visits}人次，收到来信{letters}件，办结{closed}件；参与评价{rated}件，满意和基本满意{satisfied}件。"
    )
    form.note(note.format(**figures))
    return form.to_bytes()
