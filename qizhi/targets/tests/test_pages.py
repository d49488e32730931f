"""Targets through the pages and the API: declared CRUD, the plan tree, decomposition, progress with
evidence through review, supervision, ranking and the exports."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from qizhi.accounts.roles import Role
from qizhi.core.attachments import attachments_of
from qizhi.core.pytest_plugin import TEST_TODAY
from qizhi.core.scoping import forget_scope
from qizhi.core.testing import PDF_BYTES, ScopedCrudTests, fresh_queries
from qizhi.targets import services
from qizhi.targets.models import Plan, ProgressReport, Target
from qizhi.targets.testing import (
    _adjustment_sample,
    _commitment_sample,
    _model_post_sample,
    plan_of,
    report_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.dated]
TODAY = TEST_TODAY
YEAR = TODAY.year


class TestPlanCrud(ScopedCrudTests):
    url_base = "targets:plan"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return plan_of(bureau)["plan"]

    def deletable_sample(self, bureau):
        return Plan.objects.create(unit=bureau.office, year=YEAR, title="办公室目标责任书")

    def create_data(self, bureau):
        return {"unit": bureau.office.pk, "year": YEAR, "title": "办公室年度目标责任书"}

    def edit_data(self, obj):
        return {"unit": obj.unit_id, "year": obj.year, "title": obj.title + "（修订）", "version": obj.version}


class TestScoreAdjustmentCrud(ScopedCrudTests):
    url_base = "targets:scoreadjustment"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return _adjustment_sample(bureau)

    def create_data(self, bureau):
        return {"unit": bureau.judicial_office.pk, "year": YEAR, "points": "-1.5", "reason": "信息报送迟报一次"}

    def edit_data(self, obj):
        return {"unit": obj.unit_id, "year": obj.year, "points": "3", "reason": obj.reason, "version": obj.version}


class TestCommitmentCrud(ScopedCrudTests):
    url_base = "targets:commitment"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return _commitment_sample(bureau)

    def create_data(self, bureau):
        return {
            "unit": bureau.office.pk,
            "year": YEAR,
            "person": bureau.people[0].pk,
            "content": "办事不过夜",
            "public": "on",
        }

    def edit_data(self, obj):
        return {"unit": obj.unit_id, "year": obj.year, "person": obj.person_id, "content": "办事不过夜，服务零投诉",
                "version": obj.version}  # fmt: skip


class TestModelPostCrud(ScopedCrudTests):
    url_base = "targets:modelpost"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return _model_post_sample(bureau)

    def create_data(self, bureau):
        return {"unit": bureau.office.pk, "year": YEAR, "kind": "window", "name": "公证示范窗口", "pledge": "一次办好"}

    def edit_data(self, obj):
        return {"unit": obj.unit_id, "year": obj.year, "kind": obj.kind, "name": obj.name, "pledge": "限时办结",
                "version": obj.version}  # fmt: skip


def test_the_plan_page_shows_the_tree_lights_and_warnings(client, personas):
    a = personas.a
    p = plan_of(a)
    p["office"].weight = Decimal(10)
    p["office"].save()
    client.force_login(a.leader)
    html = client.get(p["plan"].get_absolute_url()).content.decode()
    for title in ("云溪人民调解", "云溪机关调解", "云溪司法所调解", "云溪乙调解任务", "云溪三会一课"):
        assert title in html
    assert f'data-warning="{p["mediation"].pk}"' in html and "下级分值合计50，与本任务分值60不符" in html
    assert "石桥" not in html


def test_a_large_plan_opens_on_its_top_levels_and_unfolds_on_demand(client, personas, monkeypatch):
    from qizhi.targets.views import plans as views  # where ROW_BUDGET is read

    monkeypatch.setattr(views, "ROW_BUDGET", 4)  # five targets: two central tasks, two pieces, one below
    a = personas.a
    p = plan_of(a)
    client.force_login(a.leader)
    html = client.get(p["plan"].get_absolute_url()).content.decode()
    assert 'id="plan-folded"' in html and '<div class="qz-figure-value" data-figure="total">5</div>' in html
    assert "云溪司法所调解" in html and "云溪乙调解任务" not in html  # level 3 waits
    assert f'data-expand="{p["judicial"].pk}"' in html and f'data-expand="{p["office"].pk}"' not in html
    monkeypatch.setattr(views, "ROW_BUDGET", 3)  # the central tasks only, whatever the budget
    cache.clear()  # the budget is the code's constant: the rendering under the first one is cached
    html = client.get(p["plan"].get_absolute_url()).content.decode()
    assert "云溪人民调解" in html and "云溪司法所调解" not in html and f'data-expand="{p["mediation"].pk}"' in html
    children = client.get(reverse("targets:target_children", args=[p["judicial"].pk])).content.decode()
    assert "云溪乙调解任务" in children and "<html" not in children
    client.force_login(personas.b.leader)
    assert client.get(reverse("targets:target_children", args=[p["judicial"].pk])).status_code == 404


def test_the_plan_page_counts_lights_as_the_rows_show_them(client, personas):
    a = personas.a
    p = plan_of(a)
    client.force_login(a.leader)
    response = client.get(p["plan"].get_absolute_url())
    tree = response.context["tree"]
    lights = [row["light"] for row in tree["rows"]]
    assert tree["counts"] == {c: lights.count(c) for c in ("green", "yellow", "red")}
    assert tree["total"] == len(lights) == 5


def test_the_plan_page_does_not_grow_with_targets(client, personas):
    a = personas.a
    p = plan_of(a)

    def count() -> int:
        forget_scope(a.leader)
        client.force_login(a.leader)
        return fresh_queries(client, p["plan"].get_absolute_url())

    small = count()
    for i in range(12):
        services.add_target(p["plan"], parent=p["office"], by=a.admin, title=f"细化{i}", weight=Decimal(1),
                            goal=Decimal(1), deadline=datetime.date(YEAR, 12, 31), owner_unit=a.office)  # fmt: skip
    assert count() == small
    assert small <= 16


def test_a_central_task_and_a_piece_of_it_are_added_through_the_page(client, personas):
    a = personas.a
    p = plan_of(a)
    client.force_login(a.party_affairs)
    url = reverse("targets:target_add", args=[p["plan"].pk])
    data = {
        "family": "business", "title": "法治宣传", "weight": "10", "deadline": f"{YEAR}-12-31", "owner_unit": a.unit.pk,
        "kind": "quantitative", "measure": "开展普法", "unit_of_measure": "场", "goal": "12", "direction": "at_least",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    central = Target.objects.get(title="法治宣传")
    child = data | {
        "title": "办公室普法",
        "weight": "4",
        "goal": "5",
        "owner_unit": a.office.pk,
        "deadline": f"{YEAR + 1}-01-31",
    }
    page = client.post(f"{url}?parent={central.pk}", child)
    assert page.status_code == 200 and "完成时限应在" in page.content.decode()  # next year's date is refused
    assert client.post(f"{url}?parent={central.pk}", child | {"deadline": f"{YEAR}-11-30"}).status_code == 302
    assert Target.objects.get(title="办公室普法").depth == 2


def test_adding_to_the_sibling_bureaus_plan_is_404(client, personas):
    client.force_login(personas.a.party_affairs)
    plan = plan_of(personas.b)["plan"]
    assert client.get(reverse("targets:target_add", args=[plan.pk])).status_code == 404
    other_parent = plan_of(personas.b)["mediation"]
    own_plan = plan_of(personas.a)["plan"]
    url = reverse("targets:target_add", args=[own_plan.pk])
    assert client.get(f"{url}?parent={other_parent.pk}").status_code == 404


def test_progress_with_evidence_is_returned_revised_and_approved_through_the_pages(client, personas):
    a = personas.a
    p = plan_of(a)
    member = p["member"]
    client.force_login(a.staff)
    form = client.post(
        reverse("targets:progressreport_add", args=[member.pk]),
        {"as_of": TODAY.isoformat(), "value": "30", "narrative": "调处30件",
         "files": [SimpleUploadedFile("台账.pdf", PDF_BYTES)]},
    )  # fmt: skip
    assert form.status_code == 302
    report = ProgressReport.objects.get(target=member)
    assert [f.name for f in attachments_of(report)] == ["台账.pdf"]
    client.force_login(a.unit_head)
    assert "待审核进度报告" in client.get(reverse("core:notification_list")).content.decode()
    client.post(reverse("targets:progressreport_return", args=[report.pk]), {"reason": "台账不全"})
    client.force_login(a.staff)
    assert "台账不全" in client.get(report.get_absolute_url()).content.decode()
    revised = {"as_of": TODAY.isoformat(), "value": "36", "narrative": "补齐台账"}
    assert client.post(reverse("targets:progressreport_edit", args=[report.pk]), revised).status_code == 302
    client.force_login(a.unit_head)
    client.post(reverse("targets:progressreport_approve", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "approved"
    html = client.get(p["judicial"].get_absolute_url()).content.decode()
    assert "60.0%" in html  # 36 of 60


def test_a_member_cannot_approve_their_own_report_through_the_page(client, personas):
    a = personas.a
    report = report_of(a)
    client.force_login(a.staff)
    client.post(reverse("targets:progressreport_approve", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == "submitted"


def test_my_tasks_lists_what_i_own_and_what_waits_for_me(client, personas):
    a = personas.a
    report_of(a)
    client.force_login(a.staff)
    html = client.get(reverse("targets:my_tasks")).content.decode()
    assert "云溪乙调解任务" in html
    client.force_login(a.unit_head)
    html = client.get(reverse("targets:my_tasks")).content.decode()
    assert "云溪乙调解任务" in html  # to review
    tasks = services.my_tasks(a.unit_head)
    assert [t.title for t in tasks["owned"]] == ["云溪司法所调解"]  # the office's piece: no person named


def test_supervision_board_and_an_item_through_the_pages(client, personas):
    a = personas.a
    p = plan_of(a)
    Target.objects.filter(pk=p["office"].pk).update(deadline=TODAY - datetime.timedelta(days=1))
    client.force_login(a.leader)
    board = client.get(reverse("targets:supervision_board")).content.decode()
    assert "云溪机关调解" in board and "石桥" not in board
    response = client.post(
        reverse("targets:supervision_add", args=[p["office"].pk]),
        {"instruction": "请三日内说明", "deadline": TODAY.isoformat()},
    )
    item = p["office"].supervisions.get()
    assert response["Location"] == item.get_absolute_url()
    client.post(reverse("targets:supervision_close", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == "closed"


def test_the_ranking_page_and_its_export(client, personas):
    a = personas.a
    services.approve_progress(report_of(a), by=a.unit_head)
    client.force_login(a.leader)
    html = client.get(reverse("targets:ranking"), {"unit": a.unit.pk, "year": YEAR}).content.decode()
    assert 'data-group="司法所"' in html and "ranking-data" in html and "echarts.min.js" in html
    response = client.get(reverse("targets:ranking_export"), {"unit": a.unit.pk, "year": YEAR})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == f"云溪县司法局{YEAR}年度目标考核排名表"
    rows = {r[1]: r for r in sheet.iter_rows(min_row=6, values_only=True)}
    assert rows["云溪司法所"][0] == 1 and rows["云溪司法所"][5] == 50 and rows["云溪司法所"][7] == 50
    html = client.get(reverse("targets:ranking"), {"unit": personas.b.unit.pk, "year": YEAR}).content.decode()
    assert "石桥" not in html  # the sibling's unit is not reachable: the page falls back to the user's own


def test_the_plan_exports_as_a_decomposition_table(client, personas):
    p = plan_of(personas.a)
    client.force_login(personas.a.leader)
    response = client.get(reverse("targets:plan_export", args=[p["plan"].pk]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == f"云溪{YEAR}年目标责任书目标责任分解表"
    titles = [r[3].strip("　") for r in sheet.iter_rows(min_row=6, values_only=True) if r[3]]
    assert titles[:3] == ["云溪人民调解", "云溪机关调解", "云溪司法所调解"]


def test_the_scores_api(client, personas):
    a = personas.a
    services.approve_progress(report_of(a), by=a.unit_head)
    client.force_login(a.leader)
    body = client.get(reverse("targets-scores"), {"unit": a.unit.pk, "year": YEAR}).json()
    assert (body["earned"], body["possible"], body["base"], body["total"]) == ("20.00", "100", "20.00", "20.00")
    judicial = next(c for c in body["children"] if c["name"] == "云溪司法所")
    assert (judicial["earned"], judicial["total"], judicial["rank"]) == ("20.00", "50.00", 1)
    assert client.get(reverse("targets-scores"), {"unit": a.unit.pk, "year": "x"}).json()["errors"]["year"]


def test_progress_through_the_api(client, personas):
    a = personas.a
    member = plan_of(a)["member"]
    client.force_login(a.staff)
    url = "/api/targets/progress/"
    bad = client.post(url, {"target": member.pk, "as_of": TODAY.isoformat(), "value": "700", "narrative": "x"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and "10倍" in bad.json()["errors"]["value"][0]
    good = {"target": member.pk, "as_of": TODAY.isoformat(), "value": "30", "narrative": "调处30件"}
    created = client.post(url, good, content_type="application/json")
    assert created.status_code == 201
    pk = created.json()["id"]
    assert client.post(f"{url}{pk}/approve/").status_code == 400  # one's own
    client.force_login(a.unit_head)
    assert client.post(f"{url}{pk}/approve/").json()["status"] == "approved"
    targets = client.get("/api/targets/targets/", {"plan": member.plan_id}).json()
    row = next(t for t in targets["results"] if t["id"] == member.pk)
    assert row["completion"] == "0.5000"


def test_a_commitment_through_the_api_names_one_committer_within_scope(client, personas):
    a, b = personas.a, personas.b
    client.force_login(a.party_affairs)
    url = "/api/targets/commitments/"
    base = {"unit": a.office.pk, "year": YEAR, "content": "办事不过夜", "public": True}
    assert "person" in client.post(url, base, content_type="application/json").json()["errors"]
    foreign = client.post(url, base | {"person": b.people[0].pk}, content_type="application/json")
    assert foreign.status_code == 400 and "person" in foreign.json()["errors"]
    theirs = plan_of(b)["office"]
    linked = client.post(
        url, base | {"person": a.people[0].pk, "targets": [theirs.pk]}, content_type="application/json"
    )
    assert linked.status_code == 400 and "targets" in linked.json()["errors"]
    assert client.post(url, base | {"person": a.people[0].pk}, content_type="application/json").status_code == 201
