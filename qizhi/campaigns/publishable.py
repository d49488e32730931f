"""What the public may read of a campaign: a rectification item with its 四明确 (measure, target,
deadline, responsible) — the 一公开 of the rectification list, through the disclosure review."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.campaigns.models import Rectification
from qizhi.campaigns.services import missing_for_publication
from qizhi.core.publishing import PublicText, publishable


def _day(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@publishable("campaigns.rectification", gettext_lazy("整改事项"), model=Rectification)
def rectification_text(item: Rectification) -> PublicText:
    missing = missing_for_publication(item)
    if missing:
        raise ValidationError(list(missing.values()))
    goal = f"（{item.indicator}：{item.goal}）" if item.indicator else ""
    lines = [
        _("问题：{text}").format(text=item.problem.description),
        _("整改措施：{text}").format(text=item.measure),
        _("整改目标：{text}").format(text=item.target + goal),
        _("完成时限：{day}").format(day=_day(item.deadline)),
        _("责任单位：{unit}　责任人：{person}").format(
            unit=item.responsible_unit.name, person=item.responsible_person.name
        ),
        _("整改进展：{status}，完成{progress}%").format(status=item.get_status_display(), progress=item.progress),
    ]
    title = _("{campaign}整改事项：{measure}").format(campaign=item.campaign.title, measure=_first_line(item.measure))
    return PublicText(
        title=title,
        body="\n".join(lines),
        unit=item.campaign.unit,
        made_on=localdate(item.created_at),
        summary=_("{campaign}整改：{measure}，{day}前完成").format(
            campaign=item.campaign.title, measure=_first_line(item.measure, 40), day=_day(item.deadline)
        ),
    )


def _first_line(text: str, length: int = 60) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= length else line[: length - 1] + "…"
