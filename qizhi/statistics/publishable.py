"""What the public may read of the monthly statistics: an approved month's business figures (业务工作数据) of
the reporting unit and everything under it, as the roll-up computes them (approved values only)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.core.publishing import PublicText, publishable
from qizhi.core.workflow import Status
from qizhi.statistics import services
from qizhi.statistics.models import StatReport


@publishable("statistics.statreport", gettext_lazy("业务工作数据"), model=StatReport)
def month_figures_text(report: StatReport) -> PublicText:
    if report.status != Status.APPROVED:
        raise ValidationError(_("月度报表审核通过后，其数据才能公开"))
    figures = [f for f in services.rollup(report.unit, report.month, report.month) if f.value is not None]
    if not figures:
        raise ValidationError(_("该月没有已审核的统计数据可以公开"))
    month = _("{year}年{month}月").format(year=report.month.year, month=report.month.month)
    return PublicText(
        title=_("{unit}{month}业务工作数据").format(unit=report.unit.name, month=month),
        body="\n".join(_line(figure) for figure in figures),
        unit=report.unit,
        made_on=localdate(report.updated_at),  # the approval is the report's last save
        summary=_("{unit}{month}业务工作数据：{first}").format(
            unit=report.unit.name, month=month, first=_line(figures[0])
        ),
    )


def _line(figure: services.Figure) -> str:
    """人民调解受理纠纷：12件（同比增长20.0%）, as the roll-up page reads it."""
    line = f"{figure.indicator.name}：{services.plain(figure.value)}{figure.indicator.unit_of_measure}"
    percent = figure.change_percent
    if percent is None:
        return line
    if percent == 0:
        return line + _("（与去年同期持平）")
    word = _("增长") if percent > 0 else _("下降")
    return line + _("（同比{word}{percent}%）").format(word=word, percent=services.plain(abs(percent)))
