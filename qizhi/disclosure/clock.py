"""The 主动公开 clock: information is published within 20 working days of its making (政府信息公开条例 2019).

Working days here are Monday to Friday. The reception issue builds the State Council holiday
calendar (holidays and 调休 make-up Saturdays, editable by administrators); when it lands,
``is_working_day`` reads it and every due date below follows.
"""

from __future__ import annotations

import datetime

OPEN_DAYS = 20


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """The ``days``-th working day after ``start`` (the day of making is not counted)."""
    day, left = start, days
    while left > 0:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day


def due_on(made_on: datetime.date) -> datetime.date:
    """The last day to publish information made on ``made_on``."""
    return add_working_days(made_on, OPEN_DAYS)
