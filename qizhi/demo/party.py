"""The demo's party organizations: seed 000's five branches and seed 003's court branch with four groups."""

from __future__ import annotations

import datetime
import random

from django.utils import timezone

from qizhi.demo.names import PeopleFactory
from qizhi.org.choices import PARTY_STATUSES, PoliticalStatus, UnitKind
from qizhi.org.models import Person, Unit
from qizhi.party import services
from qizhi.party.choices import MembershipStatus, OfficerRole, PartyOrgKind
from qizhi.party.models import PartyOrg, Term

COURT_CODE = "DEMO-COURT"
# Seed 000: the bureau's five branches, each on the unit whose people it holds.
BUREAU_BRANCHES = (
    ("机关党支部", None),  # the bureau itself: leaders, sections, legal aid, judicial offices
    ("公证处党支部", "公证处"),
    ("聚鑫律师党支部", "聚鑫律师事务所"),
    ("县法律工作者协会党支部", "恒河法律事务所"),
    ("退休老干部支部", None),
)
COURT_UNITS = (("立案庭", 6), ("刑事审判庭", 8), ("民事审判庭", 10), ("执行局", 10), ("城关人民法庭", 10))
COURT_GROUPS = ("第一党小组", "第二党小组", "第三党小组", "第四党小组")


def build_party(bureau: Unit, *, actor) -> None:
    """Seed 000: a 党组 and five branches holding the bureau's 66 members (45 serving, 21 retired)."""
    rng = random.Random(2010)
    today = timezone.localdate()
    leading = services.create_party_org(
        parent=None, by=actor, name=f"{bureau.name}党组", kind=PartyOrgKind.LEADING_GROUP, unit=bureau
    )
    branches = {}
    for name, unit_name in BUREAU_BRANCHES:
        unit = bureau if unit_name is None else Unit.objects.get(name=unit_name, path__startswith=bureau.path)
        branches[name] = services.create_party_org(
            parent=None, by=actor, name=name, kind=PartyOrgKind.BRANCH, unit=unit, retirees=name == "退休老干部支部"
        )
    office_group = services.create_party_org(
        parent=branches["机关党支部"], by=actor, name="机关第一党小组", kind=PartyOrgKind.GROUP, unit=bureau
    )
    field_group = services.create_party_org(
        parent=branches["机关党支部"], by=actor, name="机关第二党小组", kind=PartyOrgKind.GROUP, unit=bureau
    )
    members = Person.objects.filter(unit__path__startswith=bureau.path, political_status__in=PARTY_STATUSES)
    for person in members.select_related("unit").order_by("pk"):
        if person.retired:
            branch, group = branches["退休老干部支部"], None
        elif person.unit.name in ("公证处", "聚鑫律师事务所", "恒河法律事务所"):
            branch = next(b for b in branches.values() if b.unit_id == person.unit_id)
            group = None
        else:
            branch = branches["机关党支部"]
            group = (
                field_group
                if person.unit.kind in (UnitKind.JUDICIAL_OFFICE, UnitKind.LEGAL_AID_CENTER)
                else office_group
            )
        enrol(person, branch=branch, group=group, rng=rng, today=today, actor=actor)
    leader = Person.objects.get(unit=bureau, position="局长")
    elect(leading, actor=actor, today=today, officers=[(leader, OfficerRole.SECRETARY)])
    for number, branch in enumerate(branches.values()):
        secretary = branch.memberships.order_by("pk").first().person
        elect(branch, actor=actor, today=today, officers=[(secretary, OfficerRole.SECRETARY)], expiring=number == 1)


def build_single_branch(bureau: Unit, *, actor) -> PartyOrg:
    """The sibling bureau: one branch holds all its members."""
    rng = random.Random(2012)
    today = timezone.localdate()
    branch = services.create_party_org(
        parent=None, by=actor, name=f"{bureau.name}机关党支部", kind=PartyOrgKind.BRANCH, unit=bureau
    )
    members = Person.objects.filter(unit__path__startswith=bureau.path, political_status__in=PARTY_STATUSES)
    for person in members.order_by("pk"):
        enrol(person, branch=branch, group=None, rng=rng, today=today, actor=actor)
    return branch


def enrol(person: Person, *, branch, group, rng: random.Random, today: datetime.date, actor) -> None:
    """A membership whose dates fit the person: joined in their twenties or later, full a year on."""
    if person.political_status == PoliticalStatus.PROBATIONARY:
        joined = today - datetime.timedelta(days=rng.randint(200, 420))  # some are due for conversion
        services.join(person, branch=branch, group=group, joined_on=joined, started_on=joined, by=actor)
        return
    earliest = (person.birth_date or datetime.date(1960, 1, 1)).replace(day=1) + datetime.timedelta(days=365 * 22)
    span = max(1, (today - datetime.timedelta(days=400) - earliest).days)
    joined = earliest + datetime.timedelta(days=rng.randint(0, span))
    services.join(
        person,
        branch=branch,
        group=group,
        status=MembershipStatus.FULL,
        joined_on=joined,
        full_on=joined + datetime.timedelta(days=365),
        started_on=joined,
        by=actor,
    )


def elect(org: PartyOrg, *, actor, today: datetime.date, officers, expiring: bool = False) -> Term:
    """The current term: five years long; one demo term ends within the warning window (换届提醒)."""
    end = today + datetime.timedelta(days=45) if expiring else today + datetime.timedelta(days=900)
    term = Term(party_org=org, number=4, start_date=end.replace(year=end.year - 5), end_date=end)
    term.stamp(actor)
    term.save()
    for person, role in officers:
        services.appoint(term, person, role, by=actor, confirm_retired=True)
    return term


def build_court(*, actor) -> Unit:
    """Seed 003: a county court whose one branch has four groups, 54 members, 18 of them retired."""
    people = PeopleFactory(seed=2016, region="519902")
    court = Unit.objects.add_root(create_kwargs={"name": "云溪县人民法院", "kind": UnitKind.COURT, "code": COURT_CODE})
    staff = []
    for name, count in COURT_UNITS:
        kind = UnitKind.TRIBUNAL if name.endswith("法庭") else UnitKind.DEPARTMENT
        unit = Unit.objects.add_child(court, create_kwargs={"name": name, "kind": kind})
        staff += [(unit, False) for _ in range(count)]
    staff += [(court, True) for _ in range(20)]  # retired staff: 18 members and 2 others
    persons = []
    for index, (unit, retired) in enumerate(staff):
        # 36 of the 44 serving and 18 of the 20 retired are members: 54, as seed 003 counts.
        member = (not retired and not (index % 5 == 0 and index < 40)) or (retired and index < len(staff) - 2)
        gender = people.gender()
        birth = people.birth_date(retired=retired)
        person = Person(
            unit=unit, name=people.name(), gender=gender, birth_date=birth, id_number=people.id_number(birth, gender),
            phone=people.phone(), position="退休干部" if retired else "干警", retired=retired,
            political_status=PoliticalStatus.PARTY_MEMBER if member else PoliticalStatus.MASSES,
        )  # fmt: skip
        person.save()
        persons.append(person)
    leading = services.create_party_org(
        parent=None, by=actor, name="云溪县人民法院党组", kind=PartyOrgKind.LEADING_GROUP, unit=court
    )
    branch = services.create_party_org(parent=None, by=actor, name="云溪县人民法院党支部", kind="branch", unit=court)
    groups = [
        services.create_party_org(parent=branch, by=actor, name=name, kind=PartyOrgKind.GROUP, unit=court)
        for name in COURT_GROUPS
    ]
    rng = random.Random(2016)
    today = timezone.localdate()
    members = [p for p in persons if p.political_status == PoliticalStatus.PARTY_MEMBER]
    for index, person in enumerate(members):
        enrol(person, branch=branch, group=groups[index % len(groups)], rng=rng, today=today, actor=actor)
    elect(leading, actor=actor, today=today, officers=[(members[0], OfficerRole.SECRETARY)])
    elect(branch, actor=actor, today=today, officers=[(members[1], OfficerRole.SECRETARY)])
    return court
