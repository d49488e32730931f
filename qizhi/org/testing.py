"""The personas every behaviour test speaks in: two sibling county bureaus under one city, each with
a section, a judicial office, three people and one login per role; and the samples of org and
accounts rows for the scoping meta-test."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Role
from qizhi.core.testing import PERSONA_HOOKS, sample
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


def build_personas() -> Personas:
    for hook in PERSONA_HOOKS:
        hook()
    root = Unit.objects.add_root(create_kwargs={"name": "测试市司法局", "kind": UnitKind.BUREAU})
    a = _bureau(root, "云溪县司法局", "a")
    b = _bureau(root, "石桥县司法局", "b")
    root_admin = make_user("root_admin", role=Role.ADMIN, unit=root)
    return Personas(root=root, a=a, b=b, root_admin=root_admin)


@sample(Unit)
def _unit_sample(bureau: Bureau):
    return bureau.judicial_office  # its name is unique to the bureau (办公室 is not)


@sample(Person)
def _person_sample(bureau: Bureau):
    return bureau.people[0]


@sample(Grant)
def _grant_sample(bureau: Bureau):
    return Grant.objects.filter(unit=bureau.unit).first()
