"""Whose study record, reflection or work log one may keep is the services' decision — for the person a
record names and for the person it belongs to — so the pages and the API share it, deletes included."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qizhi.core.refusals import Refused
from qizhi.org.testing import make_person
from qizhi.study import services
from qizhi.study.models import Reflection, StudyRecord, WorkLog
from qizhi.study.testing import study_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_and_colleagues_record(personas):
    """The staff login linked to 云溪乙; 云溪甲's record and a 司法所 colleague's (both kept by the
    secretary) are colleagues'."""
    data = study_of(personas.a)
    own = personas.a.people[1]
    own.user = personas.a.staff
    own.save()
    colleague = make_person(personas.a.judicial_office, "同事")  # in the staff's sight: a visible record
    record = StudyRecord(person=colleague, material=data["materials"][0], date=data["record"].date, minutes=30)
    data = data | {"colleague_record": services.save_record(record, by=personas.a.branch_secretary)}
    return personas.a.staff, own, data


def test_it_refuses_taking_a_colleagues_record_for_oneself(staff_and_colleagues_record):
    staff, own, data = staff_and_colleagues_record
    record = StudyRecord.objects.get(pk=data["record"].pk)
    colleague = record.person
    record.person = own  # the new person is one's own: only the stored one says whose the record is
    with pytest.raises(Refused):
        services.save_record(record, by=staff)
    log = WorkLog.objects.get(pk=data["log"].pk)
    log.person = colleague  # handing one's own log over is refused too
    with pytest.raises(Refused):
        services.save_worklog(log, by=staff)
    assert StudyRecord.objects.get(pk=record.pk).person == colleague
    assert WorkLog.objects.get(pk=log.pk).person == own


def test_it_refuses_deleting_a_colleagues_record(staff_and_colleagues_record, personas):
    staff, _own, data = staff_and_colleagues_record
    for record in (data["record"], data["reflection"]):
        with pytest.raises(Refused):
            services.delete_own(record, by=staff)
    with pytest.raises(Refused):
        services.delete_own(data["log"], by=personas.b.branch_secretary)
    assert StudyRecord.objects.filter(pk=data["record"].pk).exists()
    assert Reflection.objects.filter(pk=data["reflection"].pk).exists()
    services.delete_own(data["log"], by=staff)  # 云溪乙's own log
    assert not WorkLog.objects.filter(pk=data["log"].pk).exists()


def test_the_pages_and_the_api_ask_the_services(client, staff_and_colleagues_record):
    staff, own, data = staff_and_colleagues_record
    record = data["colleague_record"]
    client.force_login(staff)
    assert client.get(reverse("study:studyrecord_edit", args=[record.pk])).status_code == 403
    assert client.post(reverse("study:studyrecord_delete", args=[record.pk])).status_code == 403
    api = f"/api/study/records/{record.pk}/"
    patch = client.patch(api, {"person": own.pk, "version": record.version}, content_type="application/json")
    assert patch.status_code == 403
    assert client.delete(api).status_code == 403
    assert StudyRecord.objects.get(pk=record.pk).person_id == record.person_id
    assert client.post(reverse("study:worklog_delete", args=[data["log"].pk])).status_code == 302
    assert not WorkLog.objects.filter(pk=data["log"].pk).exists()


def test_only_a_reviewer_who_is_not_the_author_is_offered_the_review(personas):
    reflection = study_of(personas.a)["reflection"]
    reflection.person.user = personas.a.staff
    reflection.person.save()
    services.submit_reflection(reflection, by=personas.a.staff)
    reflection.refresh_from_db()
    assert services.may_review(personas.a.branch_secretary, reflection)
    assert not services.may_review(personas.a.staff, reflection)  # the author
    assert not services.may_review(personas.b.branch_secretary, reflection)
    assert not services.may_edit_reflection(personas.a.staff, reflection)  # submitted: locked
