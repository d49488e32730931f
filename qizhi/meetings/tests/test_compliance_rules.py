"""The compliance rules are data: shipped as the old table, edited by administrators only, read once a report."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from qizhi.core.context_processors import navigation
from qizhi.core.refusals import Refused
from qizhi.meetings import services
from qizhi.meetings.choices import Frequency, MeetingKind
from qizhi.meetings.models import ComplianceRule
from qizhi.meetings.services import HELD, MISSING, parse_period
from qizhi.meetings.tests.conftest import hold, make_branch

pytestmark = [pytest.mark.django_db, pytest.mark.dated]

YEAR_2025 = parse_period("2025")
AFTER_2025 = datetime.date(2026, 1, 10)
BRANCHES = ["general_branch", "branch"]


def lecture_rule() -> ComplianceRule:
    return ComplianceRule.objects.get(kind=MeetingKind.PARTY_LECTURE)


def edit_data(rule: ComplianceRule, **changes) -> dict:
    data = {
        "kind": rule.kind, "org_kinds": rule.org_kinds, "frequency": rule.frequency, "minimum": rule.minimum,
        "active": "on" if rule.active else "", "note": rule.note, "version": rule.version,
    }  # fmt: skip
    data.update(changes)
    return data


def figures(personas, org):
    report = services.compliance(unit=personas.a.unit, period=YEAR_2025, today=AFTER_2025)
    return next(o for o in report.orgs if o.org == org)


def test_the_shipped_rules_are_the_table_they_replace():
    rules = [(r.kind, r.frequency, r.org_kinds, r.minimum, r.active) for r in ComplianceRule.objects.all()]
    assert rules == [
        ("branch_committee", "month", BRANCHES, 1, True),
        ("branch_assembly", "quarter", BRANCHES, 1, True),
        ("group_meeting", "month", ["group"], 1, True),
        ("party_lecture", "quarter", BRANCHES, 1, True),
        ("organizational_life", "year", BRANCHES, 1, True),
        ("democratic_life", "year", ["leading_group"], 1, True),
        ("theme_day", "month", BRANCHES, 1, True),
    ]


def test_it_asks_for_a_lecture_every_month_once_an_administrator_says_so(client, personas, branch):
    org, _people = branch
    hold(personas, org, MeetingKind.PARTY_LECTURE, datetime.date(2025, 2, 12))
    before = figures(personas, org)
    # 12 committee meetings + 4 assemblies + 4 lectures + 1 organizational life meeting + 12 theme days
    assert (before.due, before.held, before.missing) == (33, 1, 32)

    client.force_login(personas.root_admin)
    rule = lecture_rule()
    response = client.post(reverse("meetings:compliancerule_edit", args=[rule.pk]), edit_data(rule, frequency="month"))
    assert response.status_code == 302

    after = figures(personas, org)
    assert (after.due, after.held, after.missing) == (41, 1, 40)  # 4 quarterly lectures became 12 monthly ones
    lectures = {i.period.key: i.state for i in after.items if i.rule.kind == MeetingKind.PARTY_LECTURE}
    assert lectures["2025-02"] == HELD and lectures["2025-01"] == MISSING and len(lectures) == 12


def test_a_minimum_of_two_leaves_a_quarter_with_one_lecture_missing(personas, branch):
    org, _people = branch
    hold(personas, org, MeetingKind.PARTY_LECTURE, datetime.date(2025, 2, 12))
    hold(personas, org, MeetingKind.PARTY_LECTURE, datetime.date(2025, 4, 8))
    hold(personas, org, MeetingKind.PARTY_LECTURE, datetime.date(2025, 5, 20))
    rule = lecture_rule()
    rule.minimum = 2
    services.save_rule(rule, by=personas.root_admin, version=rule.version)

    entry = figures(personas, org)
    lectures = {i.period.key: (i.held, i.state) for i in entry.items if i.rule.kind == MeetingKind.PARTY_LECTURE}
    assert lectures == {
        "2025-Q1": (1, MISSING), "2025-Q2": (2, HELD), "2025-Q3": (0, MISSING), "2025-Q4": (0, MISSING),
    }  # fmt: skip
    assert (entry.due, entry.held) == (33, 1)


def test_a_half_yearly_rule_owes_two_periods_a_year(personas, branch):
    org, _people = branch
    hold(personas, org, MeetingKind.ORGANIZATIONAL_LIFE, datetime.date(2025, 9, 3))
    rule = ComplianceRule.objects.get(kind=MeetingKind.ORGANIZATIONAL_LIFE)
    rule.frequency = Frequency.HALF_YEARLY
    services.save_rule(rule, by=personas.root_admin, version=rule.version)
    states = {i.period.key: i.state for i in figures(personas, org).items if i.rule.kind == rule.kind}
    assert states == {"2025-H1": MISSING, "2025-H2": HELD}


def test_an_inactive_rule_asks_nothing(personas, branch):
    org, _people = branch
    rule = ComplianceRule.objects.get(kind=MeetingKind.THEME_DAY)
    rule.active = False
    services.save_rule(rule, by=personas.root_admin, version=rule.version)
    assert figures(personas, org).due == 33 - 12


def test_the_service_refuses_anyone_but_an_administrator_of_the_whole_tree(personas):
    rule = lecture_rule()
    # A county's administrator keeps the county's accounts, not the rules its neighbours are measured by.
    for user in (personas.a.admin, personas.a.party_affairs, personas.a.leader, personas.a.branch_secretary):
        rule.frequency = Frequency.MONTHLY
        with pytest.raises(Refused) as caught:
            services.save_rule(rule, by=user, version=rule.version)
        assert "系统管理员" in str(caught.value)
    assert lecture_rule().frequency == Frequency.QUARTERLY


def menu_labels(user) -> set[str]:
    request = RequestFactory().get("/")
    request.user = user
    return {str(item.label) for _group, items in navigation(request)["menu"]() for item in items}


def test_only_administrators_see_and_open_the_rules_page(client, personas, branch):
    assert "组织生活规则" in menu_labels(personas.root_admin)
    list_url = reverse("meetings:compliancerule_list")
    for user in (personas.a.admin, personas.a.party_affairs, personas.a.leader, personas.a.branch_secretary):
        assert "组织生活规则" not in menu_labels(user)
        client.force_login(user)
        page = client.get(reverse("meetings:compliance"), {"unit": personas.a.unit.pk, "period": "2025"})
        assert page.status_code == 200 and list_url not in page.content.decode()
        assert "党课（党总支、党支部）每季度至少1次" in page.content.decode()
        assert client.get(list_url).status_code == 403
        assert client.get(reverse("meetings:compliancerule_edit", args=[lecture_rule().pk])).status_code == 403
    client.force_login(personas.root_admin)
    page = client.get(reverse("meetings:compliance"), {"unit": personas.a.unit.pk, "period": "2025"})
    assert list_url in page.content.decode()
    listing = client.get(list_url).content.decode()
    assert "党课" in listing and "党总支、党支部" in listing and "general_branch" not in listing


def test_an_edit_carries_its_version(client, personas):
    client.force_login(personas.root_admin)
    rule = lecture_rule()
    url = reverse("meetings:compliancerule_edit", args=[rule.pk])
    stale = edit_data(rule, minimum=2)
    assert client.post(url, edit_data(rule, minimum=3)).status_code == 302
    assert client.post(url, stale).status_code == 409  # started from the version before
    missing = edit_data(lecture_rule(), minimum=4)
    del missing["version"]
    assert client.post(url, missing).status_code == 409
    assert lecture_rule().minimum == 3
    with pytest.raises(Exception, match="版本"):
        rule = lecture_rule()
        rule.minimum = 5
        services.save_rule(rule, by=personas.root_admin)


@pytest.mark.parametrize(
    "changes,field,words",
    [
        ({"minimum": 0}, "minimum", "每期至少召开次数"),
        ({"minimum": 40}, "minimum", "每期至少召开次数"),
        ({"minimum": "两次"}, "minimum", "每期至少召开（次）"),
        ({"org_kinds": []}, "org_kinds", "适用的党组织"),
        ({"org_kinds": ["branch", "galaxy"]}, "org_kinds", "适用的党组织"),
        ({"frequency": "fortnight"}, "frequency", "周期"),
        ({"kind": ""}, "kind", "会议类型"),
        ({"org_kinds": ["branch", "group"], "kind": "branch_committee"}, "org_kinds", "适用的党组织"),
    ],
)
def test_bad_input_is_answered_in_chinese_on_its_field(client, personas, changes, field, words):
    client.force_login(personas.root_admin)
    rule = lecture_rule()
    url = reverse("meetings:compliancerule_add") if "kind" in changes else reverse(
        "meetings:compliancerule_edit", args=[rule.pk]
    )  # fmt: skip
    data = edit_data(rule, **changes)
    if "kind" in changes:
        del data["version"]
    response = client.post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors and all(any("\u4e00" <= ch <= "\u9fff" for ch in message) for message in errors)
    assert words in " ".join(errors)
    assert lecture_rule().version == rule.version


def test_the_service_names_the_field_of_a_rule_that_overlaps_another(personas):
    clash = ComplianceRule(kind=MeetingKind.THEME_DAY, org_kinds=["general_branch"], frequency=Frequency.QUARTERLY)
    with pytest.raises(Exception) as caught:
        services.save_rule(clash, by=personas.root_admin)
    message = caught.value.message_dict["org_kinds"][0]
    assert message.startswith("适用的党组织：党总支的主题党日已有启用的规则")
    empty = ComplianceRule(kind=MeetingKind.STUDY_GROUP, org_kinds=[], frequency=Frequency.QUARTERLY)
    with pytest.raises(Exception) as caught:
        services.save_rule(empty, by=personas.root_admin)
    assert "适用的党组织" in caught.value.message_dict["org_kinds"][0]


def test_history_shows_labels_never_codes(client, personas):
    rule = lecture_rule()
    assert [h.history_type for h in rule.history.all()] == ["+"]  # the data migration wrote the first row
    # The migration ran on the real clock, after the tests' frozen today: put its row before this edit.
    rule.history.update(history_date=timezone.now() - datetime.timedelta(days=1))
    client.force_login(personas.root_admin)
    client.post(
        reverse("meetings:compliancerule_edit", args=[rule.pk]),
        edit_data(rule, frequency="month", org_kinds=["branch"]),
    )
    html = client.get(reverse("meetings:compliancerule_history", args=[rule.pk])).content.decode()
    assert "每季度 → 每月" in html
    assert "党总支、党支部 → 党支部" in html
    assert "quarter" not in html and "general_branch" not in html


def test_a_report_reads_the_rules_once_however_many_organizations(personas):
    def queries() -> list[str]:
        with CaptureQueriesContext(connection) as captured:
            services.compliance(unit=personas.a.unit, period=YEAR_2025, today=AFTER_2025)
        return [q["sql"] for q in captured.captured_queries]

    org, people = make_branch(personas, name="第一支部", members=2)
    hold(personas, org, MeetingKind.BRANCH_COMMITTEE, datetime.date(2025, 3, 3), absent=people[:1])
    one = queries()
    for n in range(4):
        org, people = make_branch(personas, name=f"第{n + 2}支部", members=2)
        hold(personas, org, MeetingKind.PARTY_LECTURE, datetime.date(2025, 5, n + 1))
    five = queries()
    assert len(one) == len(five) <= 5
    assert sum("meetings_compliancerule" in sql for sql in five) == 1


def test_the_arithmetic_is_pure_data(django_assert_num_queries):
    from types import SimpleNamespace

    from qizhi.meetings.services.compliance import ComplianceReport, OrgCompliance, Rule, assess

    org = SimpleNamespace(pk=1, established_on=None)
    rules = [Rule("party_lecture", "quarter", ("branch",), minimum=2)]
    report = ComplianceReport(period=YEAR_2025, today=AFTER_2025, orgs=[], heat={}, absentees=[])
    entry = OrgCompliance(org=org)
    counts = {(1, "party_lecture", 2): 1, (1, "party_lecture", 3): 1, (1, "party_lecture", 5): 1}
    within = {f: YEAR_2025.periods(f) for f in Frequency.values}
    with django_assert_num_queries(0):
        assess(report, entry, rules, counts, {}, within)
    assert [(i.period.key, i.held, i.state) for i in entry.items] == [
        ("2025-Q1", 2, HELD), ("2025-Q2", 1, MISSING), ("2025-Q3", 0, MISSING), ("2025-Q4", 0, MISSING),
    ]  # fmt: skip
    assert report.heat == {(1, 3): (1, 1), (1, 6): (0, 1), (1, 9): (0, 1), (1, 12): (0, 1)}
