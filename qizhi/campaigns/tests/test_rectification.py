"""Rectification: 四明确 before 一公开, progress by status with evidence, 销号 by someone else with evidence,
lights at the boundary days, the weighted roll-up and the figures against hand-computed values."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qizhi.campaigns import services
from qizhi.campaigns.choices import RectificationStatus
from qizhi.campaigns.models import Rectification
from qizhi.campaigns.testing import campaign_of
from qizhi.campaigns.tests.helpers import evidence, item, problem, responsible_user
from qizhi.core.refusals import Refused
from qizhi.core.testing import snapshot_of

pytestmark = pytest.mark.django_db
D = datetime.date


def test_publication_needs_every_one_of_the_four_fields(personas):
    data = campaign_of(personas.a)
    bare = Rectification.objects.create(campaign=data["campaign"], problem=data["problem"], measure="建立制度")
    before = snapshot_of(bare)
    with pytest.raises(ValidationError) as refused:
        services.publish(bare, by=personas.a.party_affairs)
    errors = refused.value.message_dict
    assert set(errors) == {"target", "deadline", "responsible_person", "responsible_unit"}
    assert errors["deadline"] == ["公开前须填写完成时限"]
    assert snapshot_of(bare) == before and not bare.entries.exists()


def test_publishing_is_a_recorded_act_of_an_editor(personas):
    data = campaign_of(personas.a)
    published = data["item"]
    assert published.public and published.published_by == personas.a.party_affairs
    assert published.entries.get().kind == "publish"
    fresh = Rectification.objects.create(
        campaign=data["campaign"], problem=data["problem"], measure="m", target="t", deadline=D(2026, 10, 1),
        responsible_person=personas.a.people[0], responsible_unit=personas.a.office,
    )  # fmt: skip
    with pytest.raises(Refused):
        services.publish(fresh, by=personas.a.leader)
    with pytest.raises(ValidationError):
        services.publish(published, by=personas.a.party_affairs)  # once only


def test_the_database_refuses_a_public_item_without_the_four_fields(personas):
    data = campaign_of(personas.a)
    with pytest.raises(ValidationError) as refused:
        Rectification(campaign=data["campaign"], problem=data["problem"], measure="m", public=True).full_clean()
    assert "公开的整改事项必须写明" in str(refused.value)


@pytest.mark.parametrize("deadline", [D(2026, 2, 28), D(2027, 1, 1)])
def test_a_deadline_outside_the_campaign_is_refused(client, personas, deadline):
    data = campaign_of(personas.a)
    client.force_login(personas.a.party_affairs)
    count = Rectification.objects.count()
    response = client.post(reverse("campaigns:rectification_add"), {
        "problem": data["problem"].pk, "measure": "m", "deadline": deadline.isoformat(), "weight": "1"})  # fmt: skip
    assert response.status_code == 200
    assert "完成时限应在活动期间" in response.content.decode()
    assert Rectification.objects.count() == count


def test_progress_takes_the_status_default_unless_a_reason_is_given(personas):
    data = campaign_of(personas.a)
    owner = responsible_user(personas.a)
    target = data["item"]
    services.report_progress(target, by=owner, status="in_progress")
    assert (target.status, target.progress) == ("in_progress", 30)
    with pytest.raises(ValidationError) as refused:
        services.report_progress(target, by=owner, status="in_progress", progress=55)
    assert "note" in refused.value.message_dict
    target.refresh_from_db()
    assert target.progress == 30
    services.report_progress(target, by=owner, status="in_progress", progress=55, note="已完成两个所的试点")
    assert target.progress == 55
    assert [e.progress for e in target.entries.filter(kind="progress")] == [30, 55]


def test_only_the_responsible_person_or_an_editor_reports(personas):
    target = campaign_of(personas.a)["item"]
    with pytest.raises(Refused):
        services.report_progress(target, by=personas.a.branch_secretary, status="in_progress")


def closed_ready(personas, *, files=True):
    target = campaign_of(personas.a)["item"]
    owner = responsible_user(personas.a)
    services.report_progress(target, by=owner, status="done", note="已推行", files=[evidence()] if files else ())
    return target, owner


def test_the_responsible_person_may_not_verify_their_own_item(personas):
    target, owner = closed_ready(personas)
    from qizhi.accounts.models import Grant

    Grant.objects.create(user=owner, role="party_affairs", unit=personas.a.unit)
    owner.__dict__.pop("_qizhi_scope", None)
    before = snapshot_of(target)
    with pytest.raises(Refused) as refused:
        services.verify(target, by=owner, verdict="passed")
    assert "责任人不能验收" in str(refused.value)
    assert snapshot_of(target) == before


def test_closing_needs_evidence(personas):
    target, _owner = closed_ready(personas, files=False)
    with pytest.raises(ValidationError) as refused:
        services.verify(target, by=personas.a.party_affairs, verdict="passed")
    assert "佐证材料" in refused.value.message_dict["verdict"][0]
    target.refresh_from_db()
    assert target.status == "done"


@pytest.mark.parametrize(
    "verdict,status,progress", [("passed", "closed", 100), ("partial", "ongoing", 80), ("failed", "in_progress", 30)]
)
def test_a_verdict_moves_the_item(personas, verdict, status, progress):
    target, _owner = closed_ready(personas)
    services.verify(target, by=personas.a.party_affairs, verdict=verdict, note="" if verdict == "passed" else "尚缺")
    assert (target.status, target.progress) == (status, progress)
    assert target.entries.last().verdict == verdict


def test_a_return_needs_a_reason_and_goes_back_to_work(personas):
    target, _owner = closed_ready(personas)
    with pytest.raises(ValidationError):
        services.return_item(target, by=personas.a.party_affairs, reason="")
    services.return_item(target, by=personas.a.party_affairs, reason="佐证不足")
    assert (target.status, target.progress) == ("in_progress", 30)


def test_the_responsible_person_works_the_item_from_its_page(client, personas):
    target = campaign_of(personas.a)["item"]
    client.force_login(responsible_user(personas.a))
    assert client.get(target.get_absolute_url()).status_code == 200
    response = client.post(reverse("campaigns:rectification_progress", args=[target.pk]),
                           {"status": "done", "note": "完成", "files": evidence()})  # fmt: skip
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.status == "done" and services.evidence_of(target).count() == 1
    assert target.get_absolute_url() in client.get(reverse("campaigns:my_items")).content.decode()


# --- Lights -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "deadline,status,light",
    [(D(2026, 6, 10), "pending", "yellow"), (D(2026, 6, 17), "in_progress", "yellow"),
     (D(2026, 6, 18), "pending", "green"), (D(2026, 6, 9), "done", "red"), (D(2026, 6, 9), "ongoing", "green"),
     (D(2026, 6, 9), "closed", "green"), (None, "pending", "green")],
)  # fmt: skip
def test_lights_at_the_boundary_days(deadline, status, light):
    day = D(2026, 6, 10)
    assert services.light(Rectification(deadline=deadline, status=status), day) == light


# --- Roll-up and figures ----------------------------------------------------------------------


def test_the_rollup_weights_categories_by_their_items(personas):
    campaign = campaign_of(personas.a)["campaign"]
    campaign.rectifications.all().delete()
    efficiency, grassroots = problem(campaign, "efficiency"), problem(campaign, "grassroots")
    item(efficiency, status="closed", progress=100, weight="1")
    item(efficiency, status="pending", progress=0, weight="3")
    item(grassroots, status="in_progress", progress=50, weight="1")
    rolled = services.rollup(campaign)
    assert [(c.label, c.weight, c.share, c.progress) for c in rolled.categories] == [
        ("服务基层", Decimal("1.00"), Decimal("20.0"), Decimal("50.0")),
        ("工作效能", Decimal("4.00"), Decimal("80.0"), Decimal("25.0")),
    ]
    assert rolled.progress == Decimal("30.0")  # (1×100 + 3×0 + 1×50) / 5


def test_the_figures_count_problems_by_their_items(personas):
    campaign = campaign_of(personas.a)["campaign"]
    campaign.problems.all().delete()
    done, ongoing, working, _empty = (problem(campaign, description=f"问题{n}") for n in range(4))
    item(done, status="closed"), item(done, status="closed")
    item(ongoing, status="closed"), item(ongoing, status="ongoing")
    item(working, status="closed"), item(working, status="in_progress", deadline=D(2026, 6, 1))
    figures = services.figures(campaign, D(2026, 6, 10))
    assert (figures.problems, figures.done, figures.ongoing, figures.undone) == (4, 1, 1, 2)
    assert (figures.items, figures.items_closed, figures.in_progress, figures.overdue) == (6, 4, 1, 1)
    assert figures.rate == Decimal("25.0") and (figures.rules, figures.reports) == (1, 1)
    assert figures.sentence == "共查摆问题4个，已完成1个，阶段性完成并持续整改1个，未完成2个，完成率25.0%"


STATUSES = st.sampled_from(RectificationStatus.values)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(histories=st.lists(st.lists(STATUSES, max_size=4), min_size=1, max_size=6))
def test_the_figures_equal_a_naive_recount(personas, histories):
    campaign = campaign_of(personas.a)["campaign"]
    campaign.problems.all().delete()
    for number, statuses in enumerate(histories):
        found = problem(campaign, description=f"问题{number}")
        for status in statuses:
            item(found, status=status)
    figures = services.figures(campaign, D(2026, 6, 10))
    done = sum(1 for s in histories if s and all(x == "closed" for x in s))
    ongoing = sum(1 for s in histories if s and all(x in ("closed", "ongoing") for x in s) and "ongoing" in s)
    assert (figures.problems, figures.done, figures.ongoing) == (len(histories), done, ongoing)
    assert figures.undone == len(histories) - done - ongoing
    expected = (Decimal(done) * 100 / len(histories)).quantize(Decimal("0.1"), rounding="ROUND_HALF_UP")
    assert figures.rate == expected


def test_bulk_change_applies_the_status_rule_and_records_each_item(client, personas):
    data = campaign_of(personas.a)
    extra = item(data["problem"], deadline=D(2026, 9, 1))
    client.force_login(personas.a.party_affairs)
    response = client.post(reverse("campaigns:rectification_bulk"), {
        "select": [data["item"].pk, extra.pk], "status": "in_progress", "deadline": "2026-10-31",
        "reason": "统一调整时限"})  # fmt: skip
    assert response.status_code == 302
    for changed in (data["item"], extra):
        changed.refresh_from_db()
        assert (changed.status, changed.progress, changed.deadline) == ("in_progress", 30, D(2026, 10, 31))
        assert changed.entries.filter(kind="bulk", note="统一调整时限").exists()


def test_bulk_change_refuses_a_deadline_outside_the_campaign_and_changes_nothing(client, personas):
    data = campaign_of(personas.a)
    before = snapshot_of(data["item"])
    client.force_login(personas.a.party_affairs)
    client.post(reverse("campaigns:rectification_bulk"), {
        "select": [data["item"].pk], "deadline": "2027-03-01", "reason": "推迟"})  # fmt: skip
    assert snapshot_of(data["item"]) == before


def test_the_public_page_shows_published_items_only_without_login(client, personas):
    data = campaign_of(personas.a)
    hidden = item(data["problem"])
    hidden.measure = "内部讨论中的措施"
    hidden.save()
    html = client.get(reverse("campaigns_public:rectification", args=[data["campaign"].pk])).content.decode()
    assert data["item"].measure in html and "内部讨论中的措施" not in html
    assert data["item"].responsible_person.name in html and "2026年12月20日" in html
    alias = reverse("campaigns_public:rectification_list", args=[data["campaign"].pk])
    assert client.get(alias).status_code == 200
    assert client.get(reverse("campaigns_public:rectification", args=[999999])).status_code == 404


def test_bulk_change_leaves_the_sibling_bureaus_items_alone(client, personas):
    theirs = campaign_of(personas.b)["item"]
    before = snapshot_of(theirs)
    client.force_login(personas.a.party_affairs)
    client.post(reverse("campaigns:rectification_bulk"), {"select": [theirs.pk], "status": "in_progress",
                                                          "reason": "越权调整"})  # fmt: skip
    assert snapshot_of(theirs) == before and not theirs.entries.filter(kind="bulk").exists()


def test_a_citys_rollup_of_all_campaigns_is_one_grouped_query(personas, django_assert_num_queries):
    mine, theirs = campaign_of(personas.a), campaign_of(personas.b)
    item(mine["problem"], status="closed", progress=100, weight="2")
    with django_assert_num_queries(1):
        rows = services.campaigns_rollup(personas.root)
    by_campaign = {row["campaign"]: row for row in rows}
    assert by_campaign[mine["campaign"].pk]["items"] == 2 and by_campaign[mine["campaign"].pk]["closed"] == 1
    assert by_campaign[mine["campaign"].pk]["progress"] == Decimal("50.0")  # (2×0 + 2×100) / 4
    assert by_campaign[theirs["campaign"].pk]["items"] == 1
    assert [r["campaign"] for r in services.campaigns_rollup(personas.a.unit)] == [mine["campaign"].pk]
