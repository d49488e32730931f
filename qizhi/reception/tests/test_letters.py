"""Letters to the director: staff letters (signed or anonymous) and the public form, the reply, the Q&A."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from qizhi.core.models import Notification
from qizhi.org.testing import make_person
from qizhi.reception import services
from qizhi.reception.choices import Channel, QAState
from qizhi.reception.models import Case, CaseCounter

pytestmark = pytest.mark.django_db


@pytest.fixture
def writer(personas):
    """A staff member of the judicial office with an account linked to a person."""
    user = personas.a.staff
    make_person(personas.a.judicial_office, "赵写信", user=user)
    services.ensure_rules()
    return user


def write(client, user, **data):
    client.force_login(user)
    post = {"subject": "食堂建议", "content": "建议延长午餐时间", **data}
    response = client.post(reverse("reception:letter_write"), post)
    assert response.status_code == 200, response.content.decode()[-2000:]
    return response


def test_a_signed_letter_goes_to_the_writers_bureau_and_is_listed_as_theirs(client, writer, personas):
    response = write(client, writer)
    case = response.context["registered"].case
    assert case.unit == personas.a.unit and case.channel == Channel.INTRANET and case.number == "XX-2026-000001"
    assert case.writer.user == writer and case.created_by == writer
    assert list(services.my_letters(writer)) == [case]


def test_an_anonymous_letter_keeps_no_link_to_its_writer(client, writer, personas):
    """No row the letter wrote — the case, its history, the number counter and its history, the
    notifications — holds the writer's account, person, name or user name, and its time is the day."""
    person = writer.person
    response = write(client, writer, anonymous="on", consent="on")
    registered = response.context["registered"]
    case = Case.objects.get(pk=registered.case.pk)
    assert case.anonymous and case.writer is None and case.created_by is None and case.updated_by is None
    assert case.history.count() == 0
    assert case.created_at.astimezone(datetime.UTC).time() == datetime.time(16)  # 00:00 Asia/Shanghai
    rows = [case, *CaseCounter.objects.all(), *CaseCounter.history.all(), *Notification.objects.all()]
    assert not CaseCounter.history.exists()
    for row in rows:
        for field in row._meta.concrete_fields:
            value = getattr(row, field.attname)
            if field.is_relation and field.related_model is get_user_model():
                assert value != writer.pk, (row, field.name)
            elif field.is_relation and field.related_model is type(person):
                assert value != person.pk, (row, field.name)
            elif isinstance(value, str):
                assert writer.username not in value and person.name not in value, (row, field.name)
    assert writer.username not in case.content and not services.my_letters(writer).exists()
    # The writer reads the reply with the number and code only.
    assert services.lookup(case.number, registered.code) == case


def test_a_user_fk_pointing_at_the_writer_is_nowhere(client, writer):
    write(client, writer, anonymous="on")
    user_model = get_user_model()
    case = Case.objects.get()
    for field in Case._meta.concrete_fields:
        if field.is_relation and field.related_model in (user_model,):
            assert getattr(case, field.attname) is None


def test_the_director_is_told_of_a_new_letter_with_no_sender(
    client, writer, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        write(client, writer, anonymous="on")
    notice = Notification.objects.get(recipient=personas.a.leader)
    assert notice.sender is None and "食堂建议" in notice.title
    assert notice.created_at.astimezone(datetime.UTC).time() == datetime.time(16)  # the day only, as the letter


def test_the_public_form_registers_a_letter_with_a_code_shown_once(client, personas):
    services.ensure_rules()
    response = client.post(reverse("reception_public:letter"), {
        "unit": personas.a.unit.pk, "name": "刘群众", "phone": "13700000000", "subject": "咨询<b>法律援助</b>",
        "content": "<script>alert(1)</script>如何申请法律援助", "consent": "on",
    })  # fmt: skip
    assert response.status_code == 200
    registered = response.context["registered"]
    case = Case.objects.get()
    assert case.channel == Channel.PUBLIC and case.owner is None and case.consent
    assert case.subject == "咨询法律援助" and "<script>" not in case.content
    assert registered.code not in case.code_hash and registered.code in response.content.decode()
    again = client.get(reverse("reception_public:status"))
    assert registered.code not in again.content.decode()
    client.force_login(personas.a.party_affairs)  # waiting in the box for its first-responsible owner
    page = client.get(case.get_absolute_url())
    assert "尚未登记负责" in page.content.decode() and list(page.context["forms"]) == ["take", "extend"]


def test_the_honeypot_and_the_rate_limit_register_nothing(client, personas):
    services.ensure_rules()
    data = {"unit": personas.a.unit.pk, "subject": "广告", "content": "广告", "website": "http://spam"}
    assert client.post(reverse("reception_public:letter"), data).status_code == 200
    assert not Case.objects.exists()
    data.pop("website")
    codes = [client.post(reverse("reception_public:letter"), data).status_code for _ in range(6)]
    assert codes == [200] * 4 + [429] * 2  # the honeypot post counted too: 5 an hour
    assert Case.objects.count() == 4


def test_the_director_replies_and_the_qa_is_published_only_with_consent(client, personas):
    a = personas.a
    services.ensure_rules()
    consenting = services.register_case(
        unit=a.unit, kind="letter", channel=Channel.PUBLIC, subject="办事流程", content="公证需要哪些材料？我叫某某",
        received_on=datetime.date(2026, 11, 30), consent=True,
    ).case  # fmt: skip
    private = services.register_case(
        unit=a.unit, kind="letter", channel=Channel.PUBLIC, subject="家事", content="…",
        received_on=datetime.date(2026, 11, 30), consent=False,
    ).case  # fmt: skip
    for case in (consenting, private):
        services.take(case, by=a.party_affairs)
        services.accept(case, on=datetime.date(2026, 12, 1), by=a.party_affairs)
        services.close(case, on=datetime.date(2026, 12, 2), outcome="已答复", reply="请携带身份证…", by=a.leader)
    with pytest.raises(ValidationError):
        services.moderate_qa(private, question="家事", answer="…", publish=True, by=a.leader)
    with pytest.raises(PermissionDenied):  # a staff member may not publish
        services.moderate_qa(consenting, question="公证材料", answer="身份证", publish=True, by=a.staff)
    assert not services.published_qa().exists()
    services.moderate_qa(
        consenting, question="办理公证需要哪些材料？", answer="请携带身份证…", publish=True, by=a.leader
    )
    published = list(services.published_qa(a.unit))
    assert [p["public_question"] for p in published] == ["办理公证需要哪些材料？"]
    assert "某某" not in str(published)  # the private text never reaches the portal
    assert not services.published_qa(personas.b.unit).exists()
    assert Case.objects.get(pk=private.pk).qa_state == QAState.NONE
