"""Due dates on the working-day calendar, each with the lines that explain how it was computed.

Pure functions: the calendar (``WorkCalendar``) is read once from ``CalendarDay`` rows and passed in.
A time limit counts from the day after its start (the start day itself is not counted); days inside
a clock stop (from its start day up to the day before it resumes) do not count. A calendar-day limit
whose last day is not a working day ends on the next working day (the rule of 期间 in Chinese
procedure law); a working-day limit counts only working days.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

ONE = datetime.timedelta(days=1)


def cn(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class WorkCalendar:
    """Monday–Friday working, except ``holidays``; Saturdays and Sundays resting, except ``workdays``."""

    holidays: dict[datetime.date, str] = field(default_factory=dict)
    workdays: dict[datetime.date, str] = field(default_factory=dict)

    def is_working(self, day: datetime.date) -> bool:
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        return day.weekday() < 5

    def next_working(self, day: datetime.date) -> datetime.date:
        while not self.is_working(day):
            day += ONE
        return day

    def add_working(self, day: datetime.date, count: int) -> datetime.date:
        while count > 0:
            day += ONE
            count -= self.is_working(day)
        return day

    def working_between(self, first: datetime.date, last: datetime.date) -> int:
        """Working days from ``first`` to ``last``, both included."""
        days, day = 0, first
        while day <= last:
            days += self.is_working(day)
            day += ONE
        return days


@dataclass(frozen=True)
class Stop:
    start: datetime.date
    end: datetime.date | None  # the day counting resumes; None while still stopped

    def covers(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day < self.end)


@dataclass
class Due:
    """A due date and how it was reached, line by line (shown on the case page and to the citizen)."""

    date: datetime.date | None
    lines: list[str]
    stopped: bool = False  # the clock stands still now: no due date until it resumes


def due_date(
    start: datetime.date, days: int, *, working: bool, calendar: WorkCalendar, stops: Iterable[Stop] = (),
    extension: int = 0, label: str = "",
) -> Due:  # fmt: skip
    stops = sorted(stops, key=lambda s: s.start)
    counting = _("工作日") if working else _("自然日")
    lines = [_("{label}自{start}起算（当日不计），期限{days}个{counting}").format(
        label=label, start=cn(start), days=days, counting=counting)]  # fmt: skip
    total = days + extension
    if extension:
        lines.append(_("经批准延期{days}个{counting}，共{total}个{counting}").format(
            days=extension, counting=counting, total=total))  # fmt: skip
    for stop in stops:
        if stop.end is None:
            lines.append(_("{start}起等待来信（来访）人补充材料，停止计时，尚未恢复").format(start=cn(stop.start)))
        else:
            paused = calendar.working_between(stop.start, stop.end - ONE) if working else (stop.end - stop.start).days
            lines.append(_("{start}至{last}等待来信（来访）人，停止计时{n}个{counting}").format(
                start=cn(stop.start), last=cn(stop.end - ONE), n=paused, counting=counting))  # fmt: skip
    if any(s.end is None for s in stops):
        return Due(None, lines, stopped=True)
    day, counted, skipped_rest = start, 0, 0
    while counted < total:
        day += ONE
        if any(s.covers(day) for s in stops):
            continue
        if working and not calendar.is_working(day):
            skipped_rest += 1
            continue
        counted += 1
    if working:
        lines.append(_("不计休息日、法定节假日{n}天（调休上班日计入），第{total}个工作日为{day}").format(
            n=skipped_rest, total=total, day=cn(day)))  # fmt: skip
        return Due(day, lines)
    lines.append(_("第{total}日为{day}").format(total=total, day=cn(day)))
    if not calendar.is_working(day):
        moved = calendar.next_working(day)
        name = calendar.holidays.get(day) or _("休息日")
        lines.append(_("期限末日{day}为{name}，顺延至其后第一个工作日{moved}").format(
            day=cn(day), name=name, moved=cn(moved)))  # fmt: skip
        day = moved
    return Due(day, lines)
