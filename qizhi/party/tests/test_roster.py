"""The 党员花名册: import people and memberships all or nothing; export in the roster layout."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from qizhi.org.models import Person
from qizhi.org.testing import make_id_number
from qizhi.party.models import Membership
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db

HEADER = [
    "姓名",
    "性别",
    "出生日期",
    "身份证号码",
    "单位",
    "状态",
    "所在支部",
    "党小组",
    "党员类别",
    "入党日期",
    "转正日期",
]
BIRTH = datetime.date(1993, 4, 5)


def row(
    name,
    serial,
    *,
    branch="云溪机关党支部",
    group="",
    status="正式党员",
    joined="2015-07-01",
    full="2016-07-01",
    unit="办公室",
    retired="在职",
):
    return [name, "男", BIRTH, make_id_number(serial, BIRTH), unit, retired, branch, group, status, joined, full]


def upload(client, rows):
    workbook = Workbook()
    workbook.active.append(HEADER)
    for r in rows:
        workbook.active.append(r)
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("党员花名册.xlsx", buffer.getvalue(), content_type="application/octet-stream")
    return client.post("/party/members/import/", {"file": file}, follow=True)  # to the checked job


def test_a_roster_creates_people_and_their_memberships(client, personas):
    party_of(personas.a)
    client.force_login(personas.a.party_affairs)
    response = upload(
        client, [row("党员一", 11, group="云溪第一党小组"), row("党员二", 12, status="预备党员", full="")]
    )
    assert response.context["outcome"].ok, response.context["outcome"].errors
    assert not Person.objects.filter(name="党员一").exists()  # preview only
    client.post("/party/members/import/", {"job": response.context["job"].pk})
    one = Membership.objects.get(person__name="党员一")
    assert (one.branch.name, one.group.name, one.status) == ("云溪机关党支部", "云溪第一党小组", "full")
    two = Person.objects.get(name="党员二")
    assert two.political_status == "probationary"


BAD = {
    "unknown organization": (row("甲", 21, branch="不存在的支部"), "所在支部", "不存在"),
    "sibling's organization": (row("乙", 22, branch="石桥机关党支部"), "所在支部", "不在您的管理范围内"),
    "probationary with a full date": (row("丙", 23, status="预备党员"), "转正日期", "预备党员不能有转正日期"),
    "joining date in the future": (row("丁", 24, joined="2999-01-01", full=""), "入党日期", "不能晚于今天"),
    "full date before joining": (row("戊", 25, full="2000-01-01"), "转正日期", "不能早于入党日期"),
    "bad person data": (row("己", 26, unit="不存在的科"), "单位", "不存在"),
    "group of another branch": (row("庚", 27, branch="云溪司法所党支部", group="云溪第一党小组"), "党小组", "不属于"),
}


@pytest.mark.parametrize("kind", BAD)
def test_each_bad_row_is_reported_and_nothing_is_written(client, personas, kind):
    party_of(personas.a)
    bad, column, reason = BAD[kind]
    client.force_login(personas.a.party_affairs)
    people, members = Person.objects.count(), Membership.objects.count()
    outcome = upload(client, [row("好党员", 30), bad]).context["outcome"]
    assert [(e.row, e.column) for e in outcome.errors] == [(3, column)], outcome.errors
    assert reason in outcome.errors[0].message
    assert (Person.objects.count(), Membership.objects.count()) == (people, members)


def test_a_member_of_another_branch_is_refused(client, personas):
    party = party_of(personas.a)
    client.force_login(personas.a.party_affairs)
    member = party["membership"].person
    values = row(member.name, 0, branch="云溪司法所党支部")
    values[HEADER.index("身份证号码")] = member.id_number
    values[HEADER.index("出生日期")] = member.birth_date
    outcome = upload(client, [values]).context["outcome"]
    assert outcome.errors and "组织关系转接" in outcome.errors[0].message


def test_the_export_is_a_roster_with_title_header_and_masked_ids(client, personas):
    party = party_of(personas.a)
    client.force_login(personas.a.branch_secretary)  # no personal data for this role
    response = client.get("/party/members/export/", {"party_org": party["branch"].pk})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "云溪机关党支部党员花名册"
    assert [c.value for c in sheet[5]][:3] == ["序号", "姓名", "性别"]
    rows = list(sheet.iter_rows(min_row=6, values_only=True))
    assert {r[1] for r in rows} == {"云溪甲", "云溪丙"}
    assert all("*" in r[7] for r in rows)
    assert rows[0][8] == datetime.datetime(2010, 7, 1)  # a date cell, shown as 2010年7月1日
    assert sheet["I6"].number_format == 'yyyy"年"m"月"d"日"' and sheet["H6"].data_type == "s"
