"""The 主动公开 clock: information is published within 20 working days of its making (政府信息公开条例 2019).

Working days are those of the State Council calendar kept in ``reception`` (holidays and 调休 make-up
days, seeded from ``chinese-calendar`` and editable by administrators), the calendar every legal clock
of the public side counts on. A page or a report that computes many due dates reads the calendar once
and passes it in.
"""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _

from qizhi.reception import clocks
from qizhi.reception.services import work_calendar

OPEN_DAYS = 20


def due_on(made_on: datetime.date, calendar: clocks.WorkCalendar | None = None) -> datetime.date:
    """The last day to publish information made on ``made_on`` (the day of making is not counted)."""
    return (calendar or work_calendar()).add_working(made_on, OPEN_DAYS)


def explained(made_on: datetime.date, calendar: clocks.WorkCalendar | None = None) -> clocks.Due:
    """``due_on`` with the lines that show how it was reached (holidays skipped, make-up days counted)."""
    return clocks.due_date(
        made_on, OPEN_DAYS, working=True, calendar=calendar or work_calendar(), label=_("主动公开期限")
    )
