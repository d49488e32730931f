"""Province-scale benchmark data: ~3,000 units and ~30,000 people, written with bulk inserts.

The tree is 省司法厅 → 市司法局 → 县司法局 → 科室, 公证处, 法律援助中心 and 司法所. Rows are built in
memory and written with ``bulk_create``: treebeard paths, depths and child counts are computed here
instead of one ``add_child`` (and one query) per unit, and ``Person.pinyin``, which ``Person.save``
fills, is filled here too.

``bulk_create`` writes no django-simple-history rows. That is acceptable for benchmark data: the
records simply have no history until someone edits them.
"""

from __future__ import annotations

import datetime
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test.utils import override_settings
from django.utils import timezone

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Role
from qizhi.core import generations
from qizhi.core.scoping import subtree_q
from qizhi.demo import province_statistics
from qizhi.demo.names import PeopleFactory
from qizhi.disclosure.models import Disclosure
from qizhi.org.choices import ETHNICITIES, Education, PoliticalStatus, UnitKind
from qizhi.org.models import Person, Unit
from qizhi.org.pinyin import search_keys
from qizhi.party.choices import MembershipStatus, PartyOrgKind
from qizhi.party.models import Membership, PartyOrg

ROOT_CODE = "PROV-ROOT"  # the generated tree is found (and reset) by this code
CODE_PREFIX = "PROV-"
PASSWORD = "qizhi-demo"
PROVINCE_REGION = "519902"  # made up like names.FICTIONAL_REGION, and distinct from the demo's
BATCH_SIZE = 1000

# username → (display name, role, where the grant goes)
BENCH_USERS = (
    ("bench", "省厅基准测试", Role.ADMIN, "root"),
    ("bench_city", "市局基准测试", Role.LEADER, "city"),
    ("bench_county", "县局基准测试", Role.PARTY_AFFAIRS, "county"),
)

DEPARTMENTS = (
    "办公室",
    "政治处",
    "基层科",
    "宣教科",
    "公证律师管理科",
    "社区矫正科",
    "法治调研科",
    "行政复议科",
    "人民参与和促进法治科",
    "法律职业资格管理科",
)
PLACE_FIRST = "东西南北中青白金石云龙凤安永长新清平宁福华兴泰和丰嘉宝桃柳"
PLACE_SECOND = "江山川河溪湖桥峰林源阳城州宁安水田坪坝口岭塘湾"

# Relative head-count of a unit (before retirees move to their bureau), by its place in the tree.
WEIGHTS = {
    "root": 60,
    "city": 30,
    "county": 6,
    UnitKind.DEPARTMENT: 5,
    UnitKind.NOTARY_OFFICE: 8,
    UnitKind.LEGAL_AID_CENTER: 6,
    UnitKind.JUDICIAL_OFFICE: 7,
}
HEAD_TITLES = {
    "root": ("厅长", "副厅长", "副厅长", "副厅长"),
    "city": ("局长", "副局长", "副局长"),
    "county": ("局长", "副局长", "副局长"),
    UnitKind.DEPARTMENT: ("科长",),
    UnitKind.NOTARY_OFFICE: ("主任",),
    UnitKind.LEGAL_AID_CENTER: ("主任",),
    UnitKind.JUDICIAL_OFFICE: ("所长",),
}
EDUCATION_SERVING = [Education.POSTGRADUATE] * 2 + [Education.BACHELOR] * 6 + [Education.JUNIOR_COLLEGE] * 2
EDUCATION_RETIRED = [Education.BACHELOR, Education.JUNIOR_COLLEGE, Education.SECONDARY, Education.HIGH_SCHOOL]
MINORITIES = [e for e in ETHNICITIES if e != "汉族"][:12]


@dataclass(frozen=True)
class ProvinceSize:
    cities: int = 12
    counties_per_city: int = 10
    departments_per_county: int = 5
    notary_offices_per_county: int = 1
    judicial_offices_per_county: int = 17
    people: int = 30_000
    retired_share: float = 0.25
    member_share: float = 0.65
    seed: int = 2026

    @property
    def units(self) -> int:
        per_county = 1 + self.departments_per_county + self.notary_offices_per_county + 1
        per_county += self.judicial_offices_per_county
        return 1 + self.cities + self.cities * self.counties_per_city * per_county


@dataclass
class PlannedUnit:
    """One unit before it is written: enough to build the ``Unit`` row and staff it."""

    unit: Unit
    role: str  # a key of WEIGHTS / HEAD_TITLES
    bureau: int  # index of the bureau (or 厅) whose retirees this unit's retirees become
    serving: int = 0
    retired: int = 0
    children: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Generated:
    root: Unit
    city: Unit
    county: Unit
    units: int
    people: int
    retired: int
    members: int
    party_orgs: int = 0
    memberships: int = 0
    published: int = 0  # disclosure items the county bureaus published (province_disclosure)


def place_names(rng: random.Random) -> Iterator[str]:
    """Endless distinct two-character place names (a number is added once the pool runs out)."""
    pool = [a + b for a, b in itertools.product(PLACE_FIRST, PLACE_SECOND) if a != b]
    rng.shuffle(pool)
    for round_ in itertools.count(1):
        for name in pool:
            yield name if round_ == 1 else f"{name}{round_}"


def generated_root() -> Unit | None:
    return Unit.objects.filter(code=ROOT_CODE, depth=1).first()


def describe_existing(root: Unit) -> Generated:
    """The figures and bench units of a tree generated earlier."""
    units = Unit.objects.filter(subtree_q("path", root.path))
    city = units.filter(depth=2).order_by("path").first()
    county = units.filter(depth=3).order_by("path").first()
    people = Person.objects.filter(subtree_q("unit__path", root.path))
    return Generated(
        root=root,
        city=city,
        county=county,
        units=units.count(),
        people=people.count(),
        retired=people.filter(retired=True).count(),
        members=people.filter(
            political_status__in=[PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY]
        ).count(),
        published=Disclosure.objects.filter(subtree_q("unit__path", root.path)).count(),
    )


def delete_generated() -> int:
    """Delete the generated tree, its people, grants and bench users; returns the units deleted.

    History is switched off while deleting: the rows were written without history, and 30,000
    "deleted" history rows would only slow the reset down.
    """
    root = generated_root()
    User = get_user_model()
    from qizhi.demo import province_disclosure as disclosure  # (they build on this module)
    from qizhi.demo import province_targets as targets

    with override_settings(SIMPLE_HISTORY_ENABLED=False), transaction.atomic():
        if root is not None:
            disclosure.delete(root)  # the publication log names the bench users
        User.objects.filter(username__in=[username for username, *_ in BENCH_USERS]).delete()
        if root is None:
            return 0
        targets.delete_generated()  # the plans name the units and people as owners
        units = Unit.objects.filter(subtree_q("path", root.path)).count()
        province_statistics.delete(root)  # millions of values: plain SQL, before the units they protect
        Membership.objects.filter(subtree_q("branch__unit__path", root.path)).delete()
        # treebeard's queryset delete takes each organization's subtree along
        PartyOrg.objects.filter(subtree_q("unit__path", root.path), depth=1).delete()
        Person.objects.filter(subtree_q("unit__path", root.path)).delete()
        Unit.objects.filter(pk=root.pk).delete()  # treebeard's queryset delete takes the subtree
        return units


class ProvinceBuilder:
    def __init__(self, size: ProvinceSize):
        self.size = size
        self.rng = random.Random(size.seed)
        self.factory = PeopleFactory(seed=size.seed, region=PROVINCE_REGION)
        self.plan: list[PlannedUnit] = []
        self._pinyin: dict[str, str] = {}

    # --- the tree ------------------------------------------------------------------------------

    def add(self, parent: int | None, name: str, kind: str, role: str, code: str = "") -> int:
        if parent is None:
            last_root = Unit.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
            step = Unit._str2int(last_root) + 1 if last_root else 1
            path, depth = Unit._get_path(None, 1, step), 1
        else:
            above = self.plan[parent]
            above.children.append(len(self.plan))
            depth = above.unit.depth + 1
            path = Unit._get_path(above.unit.path, depth, len(above.children))
        index = len(self.plan)
        bureau = index if role in ("root", "city", "county") else parent
        unit = Unit(name=name, kind=kind, code=code, path=path, depth=depth, numchild=0)
        self.plan.append(PlannedUnit(unit=unit, role=role, bureau=bureau))
        return index

    def build_tree(self) -> None:
        size = self.size
        names = place_names(self.rng)
        root = self.add(None, "江川省司法厅", UnitKind.DEPARTMENT_OF_JUSTICE, "root", ROOT_CODE)
        for c in range(1, size.cities + 1):
            city = self.add(root, f"{next(names)}市司法局", UnitKind.BUREAU, "city", f"{CODE_PREFIX}{c:02d}")
            for k in range(1, size.counties_per_city + 1):
                code = f"{CODE_PREFIX}{c:02d}-{k:02d}"
                county = self.add(city, f"{next(names)}县司法局", UnitKind.BUREAU, "county", code)
                self.add_county_units(county)
        for planned in self.plan:
            planned.unit.numchild = len(planned.children)

    def add_county_units(self, county: int) -> None:
        size = self.size
        for i in range(size.departments_per_county):
            name = DEPARTMENTS[i] if i < len(DEPARTMENTS) else f"第{i + 1}科"
            self.add(county, name, UnitKind.DEPARTMENT, UnitKind.DEPARTMENT)
        for i in range(size.notary_offices_per_county):
            self.add(county, "公证处" if i == 0 else f"第{i + 1}公证处", UnitKind.NOTARY_OFFICE, UnitKind.NOTARY_OFFICE)
        self.add(county, "法律援助中心", UnitKind.LEGAL_AID_CENTER, UnitKind.LEGAL_AID_CENTER)
        towns = place_names(self.rng)  # town names repeat across counties, as they do in life
        for _ in range(size.judicial_offices_per_county):
            self.add(county, f"{next(towns)}司法所", UnitKind.JUDICIAL_OFFICE, UnitKind.JUDICIAL_OFFICE)

    # --- who works where -----------------------------------------------------------------------

    def staff_units(self) -> None:
        """Spread the people over the units by weight (largest remainder); retirees go to their bureau."""
        weights = [WEIGHTS[p.role] for p in self.plan]
        total = sum(weights)
        exact = [self.size.people * w / total for w in weights]
        quotas = [int(x) for x in exact]
        left = self.size.people - sum(quotas)
        for i in sorted(range(len(exact)), key=lambda i: quotas[i] - exact[i])[:left]:
            quotas[i] += 1
        slots = [i for i, q in enumerate(quotas) for _ in range(q)]
        retired = set(self.rng.sample(range(len(slots)), round(len(slots) * self.size.retired_share)))
        for n, i in enumerate(slots):
            if n in retired:
                self.plan[self.plan[i].bureau].retired += 1
            else:
                self.plan[i].serving += 1

    def pinyin(self, name: str) -> str:
        if name not in self._pinyin:
            self._pinyin[name] = search_keys(name)
        return self._pinyin[name]

    def person(self, unit: Unit, position: str, *, retired: bool) -> Person:
        f = self.factory
        gender = f.gender()
        birth = f.birth_date(retired=retired)
        name = f.name()
        return Person(
            unit=unit,
            name=name,
            pinyin=self.pinyin(name),  # what Person.save() would fill
            gender=gender,
            birth_date=birth,
            ethnicity="汉族" if f.random.random() < 0.94 else f.random.choice(MINORITIES),
            id_number=f.unique_id_number(birth, gender),
            phone=f.phone(),
            position=position,
            education=f.random.choice(EDUCATION_RETIRED if retired else EDUCATION_SERVING),
            retired=retired,
        )

    def people(self) -> list[Person]:
        rows = []
        for planned in self.plan:
            titles = HEAD_TITLES[planned.role]
            for i in range(planned.serving):
                rows.append(self.person(planned.unit, titles[i] if i < len(titles) else "干警", retired=False))
            for _ in range(planned.retired):
                rows.append(self.person(planned.unit, "退休干部", retired=True))
        members = set(self.rng.sample(range(len(rows)), round(len(rows) * self.size.member_share)))
        for n, person in enumerate(rows):
            if n in members:
                probationary = not person.retired and self.rng.random() < 0.04
                person.political_status = PoliticalStatus.PROBATIONARY if probationary else PoliticalStatus.PARTY_MEMBER
            else:
                draw = self.rng.random()
                if draw < 0.15 and not person.retired:
                    person.political_status = PoliticalStatus.LEAGUE_MEMBER
                elif draw < 0.2:
                    person.political_status = PoliticalStatus.DEMOCRATIC_PARTY
                else:
                    person.political_status = PoliticalStatus.MASSES
        return rows

    # --- writing -------------------------------------------------------------------------------

    def write(self) -> Generated:
        self.build_tree()
        self.staff_units()
        with transaction.atomic():
            # Both engines return the new primary keys, which the people's foreign keys need.
            Unit.objects.bulk_create([p.unit for p in self.plan], batch_size=BATCH_SIZE)
            people = self.people()
            Person.objects.bulk_create(people, batch_size=BATCH_SIZE)
            party = PartyBuilder(self.plan, self.rng).write(people)
            root = self.plan[0].unit
            city = self.plan[root_child(self.plan, 0)].unit
            county = self.plan[root_child(self.plan, root_child(self.plan, 0))].unit
            self.create_users({"root": root, "city": city, "county": county})
        for model in (Unit, PartyOrg):  # bulk_create sends no signal: the org and party apps' caches move here
            generations.changed(model)
        return Generated(
            root=root,
            city=city,
            county=county,
            units=len(self.plan),
            people=len(people),
            retired=sum(p.retired for p in people),
            members=sum(p.political_status in PARTY for p in people),
            party_orgs=party[0],
            memberships=party[1],
        )

    @staticmethod
    def create_users(places: dict[str, Unit]) -> None:
        User = get_user_model()
        for username, display, role, where in BENCH_USERS:
            user, _ = User.objects.get_or_create(username=username)
            user.first_name = display
            user.set_password(PASSWORD)
            user.save()
            Grant.objects.get_or_create(user=user, role=role, unit=places[where])


PARTY = (PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY)


class PartyBuilder:
    """Each bureau (厅, 市局, 县局) gets a 党组, a 机关党支部 with two groups and a 退休党支部; a county
    also gets a 基层党支部 with three groups for its judicial offices. Every member gets a membership."""

    def __init__(self, plan: list[PlannedUnit], rng: random.Random):
        self.plan, self.rng = plan, rng
        self.orgs: list[PartyOrg] = []
        self.children: dict[int, int] = {}  # org index → children so far

    def add(self, parent: int | None, name: str, kind: str, unit: Unit, *, retirees: bool = False) -> int:
        if parent is None:
            step = self._next_root_step()
            path, depth = PartyOrg._get_path(None, 1, step), 1
        else:
            above = self.orgs[parent]
            self.children[parent] = self.children.get(parent, 0) + 1
            above.numchild += 1
            depth = above.depth + 1
            path = PartyOrg._get_path(above.path, depth, self.children[parent])
        self.orgs.append(
            PartyOrg(name=name, kind=kind, unit=unit, retirees=retirees, path=path, depth=depth, numchild=0)
        )
        return len(self.orgs) - 1

    def _next_root_step(self) -> int:
        if not hasattr(self, "_root_step"):
            last = PartyOrg.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
            self._root_step = PartyOrg._str2int(last) if last else 0
        self._root_step += 1
        return self._root_step

    def write(self, people: list[Person]) -> tuple[int, int]:
        holders: dict[int, dict[str, int | list[int]]] = {}  # bureau index → its branches and groups
        for index, planned in enumerate(self.plan):
            if planned.role not in ("root", "city", "county"):
                continue
            unit, name = planned.unit, planned.unit.name
            self.add(None, f"{name}党组", PartyOrgKind.LEADING_GROUP, unit)
            office = self.add(None, f"{name}机关党支部", PartyOrgKind.BRANCH, unit)
            office_groups = [self.add(office, f"机关第{n}党小组", PartyOrgKind.GROUP, unit) for n in "一二"]
            retired = self.add(None, f"{name}退休党支部", PartyOrgKind.BRANCH, unit, retirees=True)
            entry = {"office": office, "office_groups": office_groups, "retired": retired}
            if planned.role == "county":
                field = self.add(None, f"{name}基层党支部", PartyOrgKind.BRANCH, unit)
                entry["field"] = field
                entry["field_groups"] = [
                    self.add(field, f"基层第{n}党小组", PartyOrgKind.GROUP, unit) for n in "一二三"
                ]
            holders[index] = entry
        PartyOrg.objects.bulk_create(self.orgs, batch_size=BATCH_SIZE)
        index_of = {id(planned.unit): i for i, planned in enumerate(self.plan)}
        today = timezone.localdate()
        memberships = []
        for n, person in enumerate(people):
            if person.political_status not in PARTY:
                continue
            planned = self.plan[index_of[id(person.unit)]]
            entry = holders[
                planned.bureau if planned.role not in ("root", "city", "county") else index_of[id(person.unit)]
            ]
            if person.retired:
                branch, group = entry["retired"], None
            elif person.unit.kind == UnitKind.JUDICIAL_OFFICE and "field" in entry:
                branch, group = entry["field"], entry["field_groups"][n % 3]
            else:
                branch, group = entry["office"], entry["office_groups"][n % 2]
            memberships.append(self.membership(person, self.orgs[branch], group and self.orgs[group], today))
        Membership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
        return len(self.orgs), len(memberships)

    def membership(self, person: Person, branch: PartyOrg, group: PartyOrg | None, today) -> Membership:
        if person.political_status == PoliticalStatus.PROBATIONARY:
            joined = today - datetime.timedelta(days=self.rng.randint(30, 420))
            return Membership(
                person=person,
                branch=branch,
                group=group,
                status=MembershipStatus.PROBATIONARY,
                joined_on=joined,
                started_on=joined,
            )
        earliest = person.birth_date + datetime.timedelta(days=365 * 22)
        span = max(1, (today - datetime.timedelta(days=400) - earliest).days)
        joined = earliest + datetime.timedelta(days=self.rng.randint(0, span))
        return Membership(
            person=person,
            branch=branch,
            group=group,
            status=MembershipStatus.FULL,
            joined_on=joined,
            full_on=joined + datetime.timedelta(days=365),
            started_on=joined,
        )


def root_child(plan: list[PlannedUnit], index: int) -> int:
    return plan[index].children[0]


def generate(size: ProvinceSize) -> Generated:
    from qizhi.demo import province_disclosure  # (it builds on this module)

    generated = ProvinceBuilder(size).write()
    with transaction.atomic():
        published = province_disclosure.generate(generated.root)
    analyze()
    return replace(generated, published=published)


def analyze() -> None:
    """Refresh the planner's statistics after a bulk load: without them SQLite scans all current
    memberships instead of starting from the county's unit-path range (18 ms instead of 5 ms)."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
