"""Due dates on the State Council's calendar, against dates counted by hand on a 2026 wall calendar.

2026: 中秋节 9月25日–27日, 国庆节 10月1日–7日 (Thu–Wed), with 10月10日 (Saturday) a 调休 working day;
劳动节 5月1日–5日 with 5月9日 (Saturday) worked."""

import datetime

import pytest

from qizhi.reception import clocks, services
from qizhi.reception.choices import CaseKind, Channel
from qizhi.reception.models import CalendarDay

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def calendar():
    services.ensure_rules()
    services.seed_calendar([2026])
    return services.work_calendar()


def test_the_calendar_knows_the_national_day_and_its_make_up_saturday(calendar):
    assert not calendar.is_working(D(2026, 10, 1)) and not calendar.is_working(D(2026, 10, 7))
    assert calendar.is_working(D(2026, 10, 10))  # a Saturday, worked (调休)
    assert not calendar.is_working(D(2026, 10, 11))  # the Sunday after: rest
    assert CalendarDay.objects.get(date=D(2026, 10, 1)).name == "国庆节"


def test_twenty_working_days_across_the_holidays_count_the_make_up_saturday(calendar):
    # From Tue 22 Sep: 23, 24 (2); 25–27 中秋 rest; 28, 29, 30 (5); 1–7 Oct rest; 8, 9 (7); Sat 10 worked (8);
    # 12–16 (13); 19–23 (18); 26, 27 (20) → 27 October. Without the worked Saturday it would be 28 October.
    due = clocks.due_date(D(2026, 9, 22), 20, working=True, calendar=calendar)
    assert due.date == D(2026, 10, 27)
    assert "2026年10月27日" in due.lines[-1]
    without = clocks.WorkCalendar(holidays=calendar.holidays)
    assert clocks.due_date(D(2026, 9, 22), 20, working=True, calendar=without).date == D(2026, 10, 28)


def test_a_calendar_day_limit_ending_in_the_holiday_moves_to_the_next_working_day(calendar):
    # 15 days from 16 Sep is 1 October, 国庆节: the limit ends on the first working day after, 8 October.
    due = clocks.due_date(D(2026, 9, 16), 15, working=False, calendar=calendar)
    assert due.date == D(2026, 10, 8)
    assert any("国庆节" in line and "顺延" in line for line in due.lines)


def test_a_limit_ending_on_a_make_up_saturday_ends_there(calendar):
    # 15 days from 25 Sep is 10 October, a Saturday worked: no moving on.
    assert clocks.due_date(D(2026, 9, 25), 15, working=False, calendar=calendar).date == D(2026, 10, 10)


def test_the_clock_stops_while_waiting_for_the_citizen(calendar):
    # 15 calendar days from 2 Nov is 17 Nov; stopped from 5 Nov, resumed on 9 Nov: 4 days more → 21 Nov
    # (a Saturday) → Monday 23 Nov.
    stop = clocks.Stop(D(2026, 11, 5), D(2026, 11, 9))
    due = clocks.due_date(D(2026, 11, 2), 15, working=False, calendar=calendar, stops=[stop])
    assert due.date == D(2026, 11, 23)
    assert any("停止计时4个自然日" in line for line in due.lines)
    running = clocks.due_date(
        D(2026, 11, 2), 15, working=False, calendar=calendar, stops=[clocks.Stop(D(2026, 11, 5), None)]
    )
    assert running.date is None and running.stopped


def test_a_disclosure_request_extended_by_its_maximum(calendar, personas):
    # 20 + 20 working days from Mon 2 Nov 2026: 3–6 (4), 9–13 (9), 16–20 (14), 23–27 (19), 30 Nov (20),
    # Dec 1–4 (24), 7–11 (29), 14–18 (34), 21–25 (39), 28 Dec (40).
    actor = personas.a.party_affairs
    case = services.register_case(
        unit=personas.a.unit, kind=CaseKind.DISCLOSURE, channel=Channel.VISIT, subject="申请公开", content="某文件",
        received_on=D(2026, 11, 2), by=actor, owner=actor,
    ).case  # fmt: skip
    assert services.dues(case)["close"].date == D(2026, 11, 30)
    services.extend(case, days=20, reason="需征求第三方意见", by=personas.a.leader)
    due = services.dues(case)["close"]
    assert due.date == D(2026, 12, 28)
    assert any("延期20个工作日" in line for line in due.lines)


def test_an_extension_beyond_the_rule_or_by_an_owner_without_approval_changes_nothing(calendar, personas):
    from django.core.exceptions import PermissionDenied, ValidationError

    owner = personas.a.unit_head
    case = services.register_case(
        unit=personas.a.judicial_office, kind=CaseKind.VISIT, channel=Channel.VISIT, subject="纠纷", content="…",
        received_on=D(2026, 11, 2), by=owner, owner=owner,
    ).case  # fmt: skip
    services.accept(case, on=D(2026, 11, 3), by=owner)
    with pytest.raises(ValidationError):
        services.extend(case, days=31, reason="复杂", by=personas.a.leader)
    with pytest.raises(PermissionDenied):
        services.extend(case, days=10, reason="复杂", by=owner)  # a unit head may not approve in reception
    case.refresh_from_db()
    assert case.extension_days == 0 and case.extension_approver is None


@pytest.mark.dated
def test_overdue_and_due_soon_lists(calendar, personas):
    from django.utils import timezone

    today = timezone.localdate()
    owner = personas.a.party_affairs
    old = services.register_case(
        unit=personas.a.unit, kind=CaseKind.VISIT, channel=Channel.VISIT, subject="旧事", content="…",
        received_on=today - datetime.timedelta(days=40), by=owner, owner=owner,
    ).case  # fmt: skip
    fresh = services.register_case(
        unit=personas.a.unit, kind=CaseKind.VISIT, channel=Channel.VISIT, subject="新事", content="…",
        received_on=today - datetime.timedelta(days=14), by=owner, owner=owner,
    ).case  # fmt: skip
    calm = services.register_case(
        unit=personas.a.unit, kind=CaseKind.VISIT, channel=Channel.VISIT, subject="今日", content="…",
        received_on=today, by=owner, owner=owner,
    ).case  # fmt: skip
    overdue, soon = services.deadlines(services.Case.objects.all(), today)
    assert [d.case for d in overdue] == [old]
    assert fresh in [d.case for d in soon] and calm not in [d.case for d in soon]
