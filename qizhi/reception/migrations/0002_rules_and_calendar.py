"""The legal time limits and the holidays and 调休 days the ``chinese-calendar`` package knows (2024–2026)."""

from django.db import migrations


def load(apps, schema_editor):
    from qizhi.reception.rules import DEFAULT_RULES, HOLIDAY_NAMES

    ClockRule = apps.get_model("reception", "ClockRule")
    CalendarDay = apps.get_model("reception", "CalendarDay")
    for kind, stage, days, counting, start, extension, basis in DEFAULT_RULES:
        ClockRule.objects.get_or_create(
            case_kind=kind, stage=stage,
            defaults={"days": days, "counting": counting, "start": start, "max_extension": extension, "basis": basis},
        )
    try:
        import chinese_calendar
    except ImportError:
        return
    import datetime

    for year in (2024, 2025, 2026):
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        for day in chinese_calendar.get_holidays(first, last, include_weekends=False):
            name = chinese_calendar.get_holiday_detail(day)[1] or ""
            CalendarDay.objects.get_or_create(date=day, defaults={"kind": "holiday", "name": HOLIDAY_NAMES.get(name, name)})
        for day in chinese_calendar.get_workdays(first, last):
            if day.weekday() >= 5:
                CalendarDay.objects.get_or_create(date=day, defaults={"kind": "workday", "name": "调休上班"})


class Migration(migrations.Migration):
    dependencies = [("reception", "0001_reception")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
