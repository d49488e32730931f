"""Compliance rules at the edges of their periods, from the one compliance function."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from qizhi.meetings import services
from qizhi.meetings.choices import MeetingKind
from qizhi.meetings.services import HELD, MISSING, NOT_DUE, OPEN, Period, parse_period
from qizhi.meetings.tests.conftest import hold, make_branch
from qizhi.party import services as party_services
from qizhi.party.choices import PartyOrgKind

pytestmark = [pytest.mark.django_db, pytest.mark.dated]

YEAR_2025 = parse_period("2025")
AFTER_2025 = datetime.date(2026, 1, 10)


def items_of(report, org, kind):
    entry = next(o for o in report.orgs if o.org == org)
    return {item.period.key: item.state for item in entry.items if item.rule.kind == kind}


def test_it_counts_a_meeting_on_the_last_day_of_a_quarter_in_that_quarter(personas, branch):
    org, _people = branch
    hold(personas, org, MeetingKind.BRANCH_ASSEMBLY, datetime.date(2025, 3, 31))
    hold(personas, org, MeetingKind.BRANCH_ASSEMBLY, datetime.date(2025, 7, 1))
    report = services.compliance(unit=personas.a.unit, period=YEAR_2025, today=AFTER_2025)
    assert items_of(report, org, MeetingKind.BRANCH_ASSEMBLY) == {
        "2025-Q1": HELD, "2025-Q2": MISSING, "2025-Q3": HELD, "2025-Q4": MISSING,
    }  # fmt: skip


def test_it_counts_a_monthly_meeting_on_the_last_day_of_the_month(personas, branch):
    org, _people = branch
    hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 2, 28))
    hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 12, 31))
    states = items_of(services.compliance(unit=personas.a.unit, period=YEAR_2025, today=AFTER_2025), org,
                      MeetingKind.BRANCH_COMMITTEE)  # fmt: skip
    assert [key for key, state in states.items() if state == HELD] == ["2025-02", "2025-12"]
    assert sum(state == MISSING for state in states.values()) == 10


def test_a_period_still_running_is_open_not_missing(personas, branch):
    org, _people = branch
    report = services.compliance(unit=personas.a.unit, period=YEAR_2025, today=datetime.date(2025, 6, 15))
    committee = items_of(report, org, MeetingKind.BRANCH_COMMITTEE)
    assert committee["2025-05"] == MISSING
    assert committee["2025-06"] == OPEN
    assert committee["2025-07"] == NOT_DUE
    assert items_of(report, org, MeetingKind.BRANCH_ASSEMBLY) == {
        "2025-Q1": MISSING, "2025-Q2": OPEN, "2025-Q3": NOT_DUE, "2025-Q4": NOT_DUE,
    }  # fmt: skip
    assert items_of(report, org, MeetingKind.ORGANIZATIONAL_LIFE) == {"2025": OPEN}


def test_a_branch_created_mid_year_owes_from_its_first_whole_period(personas):
    org, _people = make_branch(personas, name="新建支部", established_on=datetime.date(2025, 5, 15))
    hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 5, 20))  # held anyway: it counts
    report = services.compliance(unit=personas.a.unit, period=YEAR_2025, today=AFTER_2025)
    committee = items_of(report, org, MeetingKind.BRANCH_COMMITTEE)
    assert [committee[f"2025-{m:02d}"] for m in range(1, 7)] == [NOT_DUE] * 4 + [HELD, MISSING]
    assert items_of(report, org, MeetingKind.BRANCH_ASSEMBLY) == {
        "2025-Q1": NOT_DUE, "2025-Q2": NOT_DUE, "2025-Q3": MISSING, "2025-Q4": MISSING,
    }  # fmt: skip
    assert items_of(report, org, MeetingKind.ORGANIZATIONAL_LIFE) == {"2025": NOT_DUE}
    entry = next(o for o in report.orgs if o.org == org)
    # committee: May held + Jun–Dec missing; theme day Jun–Dec; assembly and lecture Q3, Q4
    assert (entry.due, entry.held, entry.missing) == (19, 1, 18)


def test_a_branch_founded_on_the_first_day_of_a_month_owes_that_month(personas):
    org, _people = make_branch(personas, name="月初支部", established_on=datetime.date(2025, 10, 1))
    report = services.compliance(unit=personas.a.unit, period=YEAR_2025, today=AFTER_2025)
    assert items_of(report, org, MeetingKind.BRANCH_COMMITTEE)["2025-10"] == MISSING
    assert items_of(report, org, MeetingKind.BRANCH_ASSEMBLY)["2025-Q4"] == MISSING


def test_each_kind_of_organization_owes_its_own_meetings(personas, branch):
    org, _people = branch
    actor = personas.a.party_affairs
    group = party_services.create_party_org(parent=org, by=actor, name="第一党小组", kind=PartyOrgKind.GROUP,
                                            unit=personas.a.unit)  # fmt: skip
    leading = party_services.create_party_org(parent=None, by=actor, name="局党组", kind=PartyOrgKind.LEADING_GROUP,
                                              unit=personas.a.unit)  # fmt: skip
    report = services.compliance(unit=personas.a.unit, period=YEAR_2025, today=AFTER_2025)
    kinds = {o.org: {i.rule.kind for i in o.items} for o in report.orgs}
    assert kinds[group] == {MeetingKind.GROUP_MEETING}
    assert kinds[leading] == {MeetingKind.DEMOCRATIC_LIFE}
    assert kinds[org] == {
        MeetingKind.BRANCH_COMMITTEE, MeetingKind.BRANCH_ASSEMBLY, MeetingKind.PARTY_LECTURE,
        MeetingKind.ORGANIZATIONAL_LIFE, MeetingKind.THEME_DAY,
    }  # fmt: skip
    # a year: 12 committee + 12 theme days + 4 assemblies + 4 lectures + 1 life meeting
    assert next(o for o in report.orgs if o.org == org).due == 33


def test_a_quarter_shows_only_the_periods_inside_it(personas, branch):
    org, _people = branch
    hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 5, 6))
    report = services.compliance(unit=personas.a.unit, period=parse_period("2025-Q2"), today=AFTER_2025)
    entry = next(o for o in report.orgs if o.org == org)
    assert {i.period.key for i in entry.items} == {"2025-04", "2025-05", "2025-06", "2025-Q2"}
    assert (entry.due, entry.held) == (3 + 3 + 1 + 1, 1)
    assert report.heat_rate(org.pk, 5) == 50.0  # committee held, theme day missed
    assert report.heat_rate(org.pk, 6) == 0.0  # committee, theme day, assembly, lecture: none


def test_planned_and_cancelled_meetings_do_not_count(personas, branch):
    org, _people = branch
    actor = personas.a.party_affairs
    from qizhi.meetings.models import Meeting

    planned = services.save_meeting(
        Meeting(kind=MeetingKind.BRANCH_COMMITTEE, party_org=org, date=datetime.date(2025, 1, 9), topic="计划"),
        by=actor,
    )
    services.cancel_meeting(
        services.save_meeting(
            Meeting(kind=MeetingKind.BRANCH_COMMITTEE, party_org=org, date=datetime.date(2025, 2, 9), topic="取消"),
            by=actor,
        ),
        by=actor,
    )
    assert planned.status == "planned"
    states = items_of(services.compliance(unit=personas.a.unit, period=YEAR_2025, today=AFTER_2025), org,
                      MeetingKind.BRANCH_COMMITTEE)  # fmt: skip
    assert states["2025-01"] == states["2025-02"] == MISSING


def test_the_sibling_bureaus_organizations_are_not_counted(personas, branch):
    other = party_services.create_party_org(
        parent=None, by=personas.b.party_affairs, name="石桥支部", kind=PartyOrgKind.BRANCH, unit=personas.b.unit
    )
    report = services.compliance(unit=personas.a.unit, period=YEAR_2025, today=AFTER_2025)
    assert [o.org for o in report.orgs] == [branch[0]]
    assert other in [o.org for o in services.compliance(unit=personas.root, period=YEAR_2025, today=AFTER_2025).orgs]


def test_it_reads_any_number_of_organizations_in_a_fixed_number_of_queries(personas, django_assert_max_num_queries):
    for n in range(6):
        org, _people = make_branch(personas, name=f"第{n}支部", members=2)
        hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, n + 1), absent=_people[:1])
    with django_assert_max_num_queries(5):
        report = services.compliance(unit=personas.a.unit, period=YEAR_2025, today=AFTER_2025)
        assert len(report.orgs) == 6
        assert report.attendance_rate == 50.0


@pytest.mark.parametrize("text", ["2025-13", "25", "2025-Q5", "abc", "1999", ""])
def test_a_bad_period_is_refused_by_name(text):
    with pytest.raises(ValidationError) as caught:
        parse_period(text)
    assert "期间" in caught.value.message_dict["period"][0]


def test_periods_nest():
    assert [p.key for p in parse_period("2025-Q3").periods("month")] == ["2025-07", "2025-08", "2025-09"]
    assert parse_period("2025-05").periods("quarter") == []
    assert Period("quarter", 2024, 1).end == datetime.date(2024, 3, 31)
    assert Period("month", 2024, 2).end == datetime.date(2024, 2, 29)
