"""Shared test machinery: personas in two sibling bureaus, and sample rows per model.

Behaviour tests speak in personas (``personas.a.leader``, ``personas.b.party_affairs``); the
scoping meta-test asks ``SAMPLES`` for a row of each model in a given bureau, so a new model
registers a sample here (or the meta-test fails and names it).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Role
from qizhi.core.models import Attachment, ImportJob, Notification
from qizhi.org.choices import Gender, PoliticalStatus, UnitKind
from qizhi.org.models import Person, Unit
from qizhi.org.validators import check_digit

PASSWORD = "qizhi-test-pw"


def make_id_number(serial: int, birth: datetime.date = datetime.date(1985, 3, 14)) -> str:
    first17 = f"519901{birth:%Y%m%d}{serial % 1000:03d}"
    return first17 + check_digit(first17)


@dataclass
class Bureau:
    """One county bureau with a section and a judicial office, its people and one user per role."""

    unit: Unit
    office: Unit  # 办公室
    judicial_office: Unit  # 司法所
    people: list[Person] = field(default_factory=list)
    users: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, role: str):
        users = self.__dict__.get("users", {})
        if role in users:
            return users[role]
        raise AttributeError(role)


@dataclass
class Personas:
    root: Unit
    a: Bureau
    b: Bureau
    root_admin: object  # ADMIN role on the root (not a superuser): sees both bureaus

    @property
    def leader(self):
        return self.a.leader

    @property
    def party_affairs(self):
        return self.a.party_affairs

    @property
    def branch_secretary(self):
        return self.a.branch_secretary

    @property
    def statistician(self):
        return self.a.statistician

    @property
    def staff(self):
        return self.a.staff

    @property
    def outsider(self):
        return self.b.party_affairs


# Where each role is granted inside a bureau: on the bureau, or on its judicial office.
ROLE_PLACES = {
    Role.ADMIN: "unit",
    Role.LEADER: "unit",
    Role.PARTY_AFFAIRS: "unit",
    Role.BRANCH_SECRETARY: "unit",
    Role.UNIT_HEAD: "judicial_office",
    Role.STATISTICIAN: "judicial_office",
    Role.STAFF: "judicial_office",
}

_serial = iter(range(1, 10_000_000))


def make_user(username: str, *, role: str | None = None, unit: Unit | None = None, **extra):
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if role:
        Grant.objects.create(user=user, role=role, unit=unit)
    return user


def make_person(unit: Unit, name: str = "测试人员", **fields) -> Person:
    serial = next(_serial)
    defaults = {
        "gender": Gender.MALE,
        "birth_date": datetime.date(1985, 3, 14),
        "id_number": make_id_number(serial),
        "political_status": PoliticalStatus.PARTY_MEMBER,
        "position": "干警",
    }
    defaults.update(fields)
    person = Person(unit=unit, name=name, **defaults)
    person.save()
    return person


def _bureau(root: Unit, name: str, prefix: str) -> Bureau:
    unit = Unit.objects.add_child(root, create_kwargs={"name": name, "kind": UnitKind.BUREAU})
    office = Unit.objects.add_child(unit, create_kwargs={"name": "办公室", "kind": UnitKind.DEPARTMENT})
    judicial = Unit.objects.add_child(
        unit, create_kwargs={"name": f"{name[:2]}司法所", "kind": UnitKind.JUDICIAL_OFFICE}
    )
    bureau = Bureau(unit=unit, office=office, judicial_office=judicial)
    bureau.people = [
        make_person(office, f"{name[:2]}甲"),
        make_person(judicial, f"{name[:2]}乙", political_status=PoliticalStatus.MASSES),
        make_person(unit, f"{name[:2]}丙", retired=True),
    ]
    for role, place in ROLE_PLACES.items():
        bureau.users[role] = make_user(f"{prefix}_{role}", role=role, unit=getattr(bureau, place))
    return bureau


# Apps add the reference data their tests rely on (a transactional test empties every table,
# including rows that data migrations wrote).
PERSONA_HOOKS: list[Callable[[], None]] = []


def build_personas() -> Personas:
    for hook in PERSONA_HOOKS:
        hook()
    root = Unit.objects.add_root(create_kwargs={"name": "测试市司法局", "kind": UnitKind.BUREAU})
    a = _bureau(root, "云溪县司法局", "a")
    b = _bureau(root, "石桥县司法局", "b")
    root_admin = make_user("root_admin", role=Role.ADMIN, unit=root)
    return Personas(root=root, a=a, b=b, root_admin=root_admin)


# --- Samples: one row of a model inside a bureau, for the scoping meta-test ---------------------

SAMPLES: dict[type, Callable[[Bureau], object]] = {}


def sample(model: type):
    """Register how to find (or make) a row of ``model`` that belongs to a bureau."""

    def register(function):
        SAMPLES[model] = function
        return function

    return register


@sample(Unit)
def _unit_sample(bureau: Bureau):
    return bureau.judicial_office  # its name is unique to the bureau (办公室 is not)


@sample(Person)
def _person_sample(bureau: Bureau):
    return bureau.people[0]


@sample(Grant)
def _grant_sample(bureau: Bureau):
    return Grant.objects.filter(unit=bureau.unit).first()


@sample(ImportJob)
def _import_job_sample(bureau: Bureau):
    return ImportJob.objects.create(
        user=bureau.party_affairs,
        resource="qizhi.org.resources.PersonResource",
        file_name="花名册.xlsx",
        stored_path="/nonexistent.xlsx",
        total_rows=1,
    )


PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@sample(Notification)
def _notification_sample(bureau: Bureau):
    return Notification.objects.create(recipient=bureau.leader, title=f"请{bureau.unit.name}按时报送统计报表")


@sample(Attachment)
def _attachment_sample(bureau: Bureau):
    from django.contrib.contenttypes.models import ContentType
    from django.core.files.base import ContentFile

    person = bureau.people[0]
    return Attachment.objects.create(
        content_type=ContentType.objects.get_for_model(person), object_id=person.pk,
        file=ContentFile(PDF_BYTES, name="scan.pdf"), name=f"{bureau.unit.name}介绍信.pdf", size=len(PDF_BYTES),
    )  # fmt: skip


# --- Declared CRUD tests ---------------------------------------------------------------------


class ScopedCrudTests:
    """List/detail/create/edit/delete/history for one model, declared by an app's test class.

    A subclass sets ``url_base`` (``"org:person"``), ``editor`` and ``viewer`` (role names: one
    that may change the model, one that may only see it) and implements ``sample(bureau)``,
    ``create_data(bureau)`` and ``edit_data(obj)``; the tests below then run as anonymous, as a
    viewer, as an editor and as the sibling bureau's editor.
    """

    url_base: str
    editor: str
    viewer: str
    creatable = True
    editable = True
    deletable = True

    def sample(self, bureau: Bureau):
        raise NotImplementedError

    def create_data(self, bureau: Bureau) -> dict:
        raise NotImplementedError

    def edit_data(self, obj) -> dict:
        raise NotImplementedError

    def url(self, action: str, obj=None) -> str:
        from django.urls import reverse

        return reverse(f"{self.url_base}_{action}", args=[obj.pk] if obj is not None else [])

    def model(self, personas):
        return type(self.sample(personas.a))

    def test_it_sends_anonymous_users_to_login(self, client, personas):
        obj = self.sample(personas.a)
        for url in (self.url("list"), self.url("detail", obj)):
            response = client.get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_it_lists_the_bureaus_own_rows_only(self, client, personas):
        own, other = self.sample(personas.a), self.sample(personas.b)
        client.force_login(getattr(personas.a, self.viewer))
        html = client.get(self.url("list")).content.decode()
        assert own.get_absolute_url() in html
        assert other.get_absolute_url() not in html

    def test_it_shows_a_visible_row(self, client, personas):
        client.force_login(getattr(personas.a, self.viewer))
        obj = self.sample(personas.a)
        assert client.get(self.url("detail", obj)).status_code == 200
        assert client.get(self.url("history", obj)).status_code == 200

    def test_it_creates_a_row_as_editor(self, client, personas):
        if not self.creatable:
            return
        model = self.model(personas)
        client.force_login(getattr(personas.a, self.editor))
        count = model.objects.count()
        response = client.post(self.url("add"), self.create_data(personas.a))
        assert response.status_code == 302, response.content.decode()[-3000:]
        assert model.objects.count() == count + 1
        created = model.objects.order_by("-pk").first()
        assert created.created_by == getattr(personas.a, self.editor)
        assert created.history.count() == 1

    def test_it_refuses_to_create_into_the_sibling_bureau(self, client, personas):
        if not self.creatable:
            return
        model = self.model(personas)
        client.force_login(getattr(personas.b, self.editor))
        count = model.objects.count()
        response = client.post(self.url("add"), self.create_data(personas.a))
        assert response.status_code == 200  # the form again, with the unit refused
        assert response.context["form"].errors
        assert model.objects.count() == count

    def test_it_refuses_create_and_edit_to_a_viewer(self, client, personas):
        client.force_login(getattr(personas.a, self.viewer))
        obj = self.sample(personas.a)
        before = snapshot_of(obj)
        if self.creatable:
            assert client.get(self.url("add")).status_code == 403
        if self.editable:
            assert client.post(self.url("edit", obj), self.edit_data(obj)).status_code == 403
        assert snapshot_of(obj) == before

    def test_it_edits_a_row_as_editor_and_records_history(self, client, personas):
        if not self.editable:
            return
        client.force_login(getattr(personas.a, self.editor))
        obj = self.sample(personas.a)
        data = self.edit_data(obj)
        response = client.post(self.url("edit", obj), data)
        assert response.status_code == 302, response.content.decode()[-3000:]
        obj.refresh_from_db()
        assert obj.version == data["version"] + 1
        assert obj.history.first().history_user == getattr(personas.a, self.editor)

    def test_it_refuses_a_stale_edit(self, client, personas):
        if not self.editable:
            return
        client.force_login(getattr(personas.a, self.editor))
        obj = self.sample(personas.a)
        stale = self.edit_data(obj)
        assert client.post(self.url("edit", obj), self.edit_data(obj)).status_code == 302
        obj.refresh_from_db()
        before = snapshot_of(obj)
        response = client.post(self.url("edit", obj), stale)
        assert response.status_code == 200
        assert "已被他人修改" in response.content.decode()
        assert snapshot_of(obj) == before

    def test_the_sibling_bureaus_editor_gets_404_and_changes_nothing(self, client, personas):
        client.force_login(getattr(personas.b, self.editor))
        obj = self.sample(personas.a)
        before = snapshot_of(obj)
        actions = ["detail", "history"] + ["edit"] * self.editable + ["delete"] * self.deletable
        for action in actions:
            assert client.get(self.url(action, obj)).status_code == 404
        if self.editable:
            assert client.post(self.url("edit", obj), self.edit_data(obj)).status_code == 404
        if self.deletable:
            assert client.post(self.url("delete", obj)).status_code == 404
        assert snapshot_of(obj) == before

    def test_it_deletes_as_editor_and_keeps_the_history(self, client, personas):
        if not self.deletable:
            return
        client.force_login(getattr(personas.a, self.editor))
        obj = self.deletable_sample(personas.a)
        model = type(obj)
        response = client.post(self.url("delete", obj))
        assert response.status_code == 302
        assert not model.objects.filter(pk=obj.pk).exists()
        assert model.history.filter(id=obj.pk, history_type="-").exists()

    def deletable_sample(self, bureau: Bureau):
        return self.sample(bureau)


def snapshot_of(obj) -> dict:
    from django.forms.models import model_to_dict

    return model_to_dict(type(obj)._base_manager.get(pk=obj.pk))


def _discover_samples() -> None:
    """Each app registers the samples of its models in its own ``testing`` module."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("testing")


_discover_samples()
