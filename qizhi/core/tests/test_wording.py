"""Wording found on the way (issue 17 §5): history in Chinese, people's names, 全部 in yes/no filters,
a Chinese CSRF page, Chinese admin app names, the only possible choice preselected."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from qizhi.org.testing import PASSWORD
from qizhi.statistics import services as stat_services
from qizhi.statistics.forms import OpenReportForm
from qizhi.targets.testing import plan_of, report_of

pytestmark = pytest.mark.django_db


def test_history_shows_chinese_labels_not_codes(client, personas):
    a = personas.a
    report = report_of(a)  # draft → submitted, as a history row
    client.login(username=a.leader.username, password=PASSWORD)
    target = plan_of(a)["member"]
    target.family, target.owner_unit = "party", a.office
    target.save()
    html = client.get(reverse("targets:target_history", args=[target.pk])).content.decode()
    assert "业务 → 党建" in html and "business" not in html
    assert f"{a.judicial_office.name} → 办公室" in html  # the related record's name, not its id
    html = client.get(reverse("targets:progressreport_detail", args=[report.pk])).content.decode()
    assert "已上报" in html and "submitted" not in html


def test_a_yes_no_filter_starts_from_all(client, personas):
    client.login(username=personas.a.leader.username, password=PASSWORD)
    html = client.get(reverse("targets:commitment_list")).content.decode()
    assert '<option value="unknown" selected>全部</option>' in html or ">全部</option>" in html
    assert "未知" not in html


def test_a_csrf_failure_says_what_to_do_in_chinese(personas):
    client = Client(enforce_csrf_checks=True)
    client.login(username=personas.a.leader.username, password=PASSWORD)
    response = client.post(reverse("core:notification_read_all"))
    assert response.status_code == 403
    assert "页面已失效" in response.content.decode()


def test_the_admin_names_third_party_apps_in_chinese():
    assert str(apps.get_app_config("axes").verbose_name) == "登录失败锁定"


def test_the_only_possible_unit_is_preselected(personas):
    a = personas.a
    month = stat_services.previous_month(datetime.date(2026, 12, 3))
    form = OpenReportForm(user=a.statistician, initial={"unit": None, "month": month})
    assert form["unit"].value() == a.judicial_office.pk  # the statistician's one office
    several = OpenReportForm(user=a.admin, initial={"unit": None, "month": month})  # the bureau's units
    assert several["unit"].value() is None
