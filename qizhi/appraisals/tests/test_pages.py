"""The pages of 民主评议: a round moved by its buttons, the phone ballot and its receipt, receipts,
results with the k-threshold, grading; the duty reports' CRUD."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qizhi.accounts.roles import Role
from qizhi.appraisals import services
from qizhi.appraisals.choices import Mark, RoundState
from qizhi.appraisals.models import Ballot, DutyReport, Grade
from qizhi.appraisals.testing import actor, appraisal_of, staff_round, voters_unit
from qizhi.core.testing import ScopedCrudTests
from qizhi.party.testing import party_of

pytestmark = pytest.mark.django_db


class TestDutyReportCrud(ScopedCrudTests):
    url_base = "appraisals:dutyreport"
    editor = Role.PARTY_AFFAIRS
    viewer = Role.LEADER

    def sample(self, bureau):
        return appraisal_of(bureau)["report"]

    def create_data(self, bureau):
        return {
            "person": party_of(bureau)["membership"].person.pk,
            "year": 2025,
            "duty": "认真履职",
            "integrity": "廉洁自律",
            "submitted_on": "2025-11-20",
        }

    def edit_data(self, obj):
        return {
            "person": obj.person_id,
            "year": obj.year,
            "duty": "全年办理调解案件120件",
            "integrity": obj.integrity,
            "submitted_on": obj.submitted_on.isoformat(),
            "version": obj.version,
        }


@pytest.fixture
def election(personas):
    unit, people = voters_unit(personas.a, 6)
    round_ = staff_round(personas.a, unit, people[:3])
    return round_, people


def test_the_round_is_moved_by_its_buttons_and_shows_only_progress_while_open(client, personas, election):
    round_, people = election
    client.force_login(personas.a.party_affairs)
    assert client.post(reverse("appraisals:round_open", args=[round_.pk])).status_code == 302
    round_.refresh_from_db()
    assert round_.state == RoundState.OPEN
    services.cast(
        round_, by=people[0].user, marks={str(people[1].pk): dict.fromkeys(round_.dimensions, Mark.EXCELLENT)}
    )
    html = client.get(round_.get_absolute_url()).content.decode()
    assert "1 / 6 已投" in html
    assert "评议结果" not in html
    assert client.get(reverse("appraisals:results", args=[round_.pk])).context["refusal"] == "评议封存后才能查看结果"
    client.post(reverse("appraisals:round_close", args=[round_.pk]))
    client.post(reverse("appraisals:round_seal", args=[round_.pk]))
    round_.refresh_from_db()
    assert round_.state == RoundState.SEALED


def test_the_sibling_bureau_and_staff_cannot_move_a_round(client, personas, election):
    round_, _people = election
    client.force_login(personas.b.party_affairs)
    assert client.post(reverse("appraisals:round_open", args=[round_.pk])).status_code == 404
    client.force_login(personas.a.staff)
    assert client.post(reverse("appraisals:round_open", args=[round_.pk])).status_code in (403, 404)
    round_.refresh_from_db()
    assert round_.state == RoundState.DRAFT


def test_a_voter_casts_on_the_phone_ballot_sees_the_receipt_once_and_finds_it_after_the_seal(
    client, personas, election
):
    round_, people = election
    by = actor(personas.a)
    services.open_round(round_, by=by)
    voter = people[0]
    client.force_login(voter.user)
    my = client.get(reverse("appraisals:my")).content.decode()
    assert round_.title in my and "未投" in my
    page = client.get(reverse("appraisals:ballot", args=[round_.pk]))
    html = page.content.decode()
    assert people[1].name in html and f'name="m-{voter.pk}-0"' not in html  # not themselves
    data = {f"m-{people[1].pk}-{i}": Mark.EXCELLENT for i in range(4)}
    data.update({f"m-{people[2].pk}-{i}": Mark.COMPETENT for i in range(4)})
    response = client.post(reverse("appraisals:ballot", args=[round_.pk]), data)
    code = response.context["code"]
    assert code in response.content.decode()
    ballot = Ballot.objects.get(filled=True)
    assert ballot.marks[str(people[1].pk)] == dict.fromkeys(round_.dimensions, Mark.EXCELLENT)
    again = client.post(reverse("appraisals:ballot", args=[round_.pk]), data)
    assert again.status_code == 302 and Ballot.objects.filter(filled=True).count() == 1
    assert code not in client.get(reverse("appraisals:my")).content.decode()  # shown once
    services.close_round(round_, by=by)
    services.seal(round_, by=by)
    found = client.get(reverse("appraisals:receipts", args=[round_.pk]), {"code": code})
    assert found.context["counted"] and "该回执已计入" in found.content.decode()
    assert services.digest(code) in found.content.decode()
    assert "excellent" not in found.content.decode() and "优秀" not in found.content.decode()


def test_a_partly_rated_subject_is_refused_on_the_page(client, personas, election):
    round_, people = election
    services.open_round(round_, by=actor(personas.a))
    client.force_login(people[0].user)
    response = client.post(reverse("appraisals:ballot", args=[round_.pk]), {f"m-{people[1].pk}-0": Mark.EXCELLENT})
    assert response.status_code == 400
    assert not Ballot.objects.filter(filled=True).exists()


def test_someone_not_on_the_roll_gets_no_ballot_and_no_receipts(client, personas, election):
    round_, _people = election
    services.open_round(round_, by=actor(personas.a))
    client.force_login(personas.b.staff)
    assert client.get(reverse("appraisals:ballot", args=[round_.pk])).status_code == 404
    assert client.get(reverse("appraisals:receipts", args=[round_.pk])).status_code == 404


def test_results_page_withholds_an_electorate_under_k(client, personas, election):
    round_, people = election
    by = actor(personas.a)
    services.open_round(round_, by=by)
    for voter in people[:3]:
        others = [p for p in people[:3] if p != voter]
        services.cast(
            round_, by=voter.user, marks={str(p.pk): dict.fromkeys(round_.dimensions, Mark.COMPETENT) for p in others}
        )
    services.close_round(round_, by=by)
    services.seal(round_, by=by)
    client.force_login(personas.a.leader)
    html = client.get(reverse("appraisals:results", args=[round_.pk])).content.decode()
    assert "投票人数少于5人" in html and people[0].name not in html
    api = client.get(f"/api/appraisals/rounds/{round_.pk}/results/").json()
    assert api[0]["withheld"] and api[0]["subjects"] == []


def test_grading_page_records_grades_within_the_quota_and_verifies(client, personas, election):
    round_, people = election
    by = actor(personas.a)
    services.open_round(round_, by=by)
    services.close_round(round_, by=by)
    services.seal(round_, by=by)
    client.force_login(personas.a.party_affairs)
    url = reverse("appraisals:grading", args=[round_.pk])
    client.post(url, {"person": people[0].pk, "grade": Mark.EXCELLENT})
    client.post(url, {"person": people[1].pk, "grade": Mark.EXCELLENT})  # 3 subjects: at most 1
    client.post(url, {"person": people[2].pk, "grade": Mark.INCOMPETENT})  # no reason
    assert list(Grade.objects.values_list("person", "grade")) == [(people[0].pk, Mark.EXCELLENT)]
    client.post(url, {"person": people[1].pk, "grade": Mark.COMPETENT})
    client.post(url, {"person": people[2].pk, "grade": Mark.BASIC})
    client.post(url, {"verify": "1"})
    round_.refresh_from_db()
    assert round_.state == RoundState.GRADED


def test_the_api_moves_a_round_casts_and_answers_results_only_after_the_seal(client, personas, election):
    round_, people = election
    client.force_login(personas.a.party_affairs)
    assert client.post(f"/api/appraisals/rounds/{round_.pk}/open/").json()["state"] == "open"
    client.force_login(people[0].user)
    marks = {str(people[1].pk): dict.fromkeys(round_.dimensions, "excellent")}
    cast = client.post(f"/api/appraisals/rounds/{round_.pk}/ballot/", {"marks": marks}, content_type="application/json")
    assert cast.status_code == 201 and len(cast.json()["receipt"]) == 14
    twice = client.post(
        f"/api/appraisals/rounds/{round_.pk}/ballot/", {"marks": marks}, content_type="application/json"
    )
    assert twice.status_code == 400 and "不能重复投票" in twice.content.decode()
    own = {str(people[0].pk): dict.fromkeys(round_.dimensions, "excellent")}
    client.force_login(people[1].user)
    self_vote = client.post(
        f"/api/appraisals/rounds/{round_.pk}/ballot/",
        {"marks": {**own, str(people[1].pk): own[str(people[0].pk)]}},
        content_type="application/json",
    )
    assert self_vote.status_code == 400 and "不能评议自己" in self_vote.content.decode()
    client.force_login(personas.a.party_affairs)
    assert client.get(f"/api/appraisals/rounds/{round_.pk}/results/").status_code == 400
    body = client.get(f"/api/appraisals/rounds/{round_.pk}/").json()
    assert body["progress"] == [{"electorate": "staff", "voted": 1, "total": 6}]
    client.post(f"/api/appraisals/rounds/{round_.pk}/close/")
    assert client.post(f"/api/appraisals/rounds/{round_.pk}/seal/").json()["state"] == "sealed"
    receipts = client.get(f"/api/appraisals/rounds/{round_.pk}/receipts/").json()
    assert receipts[0]["ballots"] == receipts[0]["voters"] == 1
    assert receipts[0]["digests"] == [services.digest(cast.json()["receipt"])]
    grade = client.post(
        "/api/appraisals/grades/",
        {"round": round_.pk, "person": people[0].pk, "grade": "incompetent"},
        content_type="application/json",
    )
    assert grade.status_code == 400 and "理由" in grade.content.decode()


def test_duty_reports_are_shown_on_the_ballot(client, personas, election):
    round_, people = election
    DutyReport.objects.create(
        person=people[1], year=round_.year, duty="全年主持调解纠纷86件", integrity="无违纪", submitted_on="2026-11-25"
    )
    services.open_round(round_, by=actor(personas.a))
    client.force_login(people[0].user)
    assert "全年主持调解纠纷86件" in client.get(reverse("appraisals:ballot", args=[round_.pk])).content.decode()


def test_the_todo_lists_a_voters_open_ballot_until_cast_and_the_round_to_seal(personas, election):
    from qizhi.core.todo import items_for

    round_, people = election
    by = actor(personas.a)
    services.open_round(round_, by=by)
    voter = people[0].user
    assert [i.kind for i in items_for(voter)] == ["appraisals.ballot"]
    marks = {str(people[1].pk): dict.fromkeys(round_.dimensions, Mark.COMPETENT)}
    services.cast(round_, by=voter, marks=marks)
    assert "appraisals.ballot" not in [i.kind for i in items_for(voter)]
    assert "appraisals.manage" not in [i.kind for i in items_for(by)]  # still open, before its close
    services.close_round(round_, by=by)
    assert any(i.kind == "appraisals.manage" and "封存" in i.title for i in items_for(by))
    assert not [i for i in items_for(personas.b.party_affairs) if i.kind.startswith("appraisals")]
