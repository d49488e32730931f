"""Load the demo organization (idempotent): a city bureau with the county bureau of seed 000 and a sibling."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from qizhi.accounts.models import Grant
from qizhi.accounts.roles import Role
from qizhi.appraisals.models import Round
from qizhi.campaigns.models import Campaign
from qizhi.demo.appraisals import build_appraisals, build_duty_reports, build_honors
from qizhi.demo.campaigns import build_campaigns
from qizhi.demo.documents import build_document_templates
from qizhi.demo.dues import build_dues
from qizhi.demo.meetings import build_meetings
from qizhi.demo.memberlife import build_memberlife, build_recruitment
from qizhi.demo.names import PeopleFactory
from qizhi.demo.party import COURT_CODE, build_court, build_party, build_single_branch
from qizhi.demo.points import build_points
from qizhi.demo.publicity import build_disclosure, build_publicity
from qizhi.demo.reception import DEMO_CODE, build_reception
from qizhi.demo.statistics import build_statistics
from qizhi.demo.study import build_study
from qizhi.demo.targets import build_sibling_targets, build_targets
from qizhi.documents.models import DocumentTemplate
from qizhi.dues.models import DuesBase
from qizhi.honors.models import Honor
from qizhi.meetings.models import Meeting
from qizhi.org.choices import Education, PoliticalStatus, UnitKind
from qizhi.org.models import Person, Unit
from qizhi.party.models import PartyOrg
from qizhi.points.models import PointRule
from qizhi.publicity.models import Bulletin
from qizhi.reception.models import Case
from qizhi.recruitment.models import Applicant
from qizhi.statistics import services as statistics_services
from qizhi.statistics.models import StatReport
from qizhi.study.models import StudyPlan
from qizhi.targets.models import Plan
from qizhi.veterans.models import CareVisit

DEMO_PASSWORD = "qizhi-demo"
ROOT_CODE = "DEMO-JC"

# (name, kind, serving staff) of seed 000's county bureau; retired staff belong to the bureau itself.
SEED_BUREAU = "云溪县司法局"
SEED_UNITS = (
    ("办公室", UnitKind.DEPARTMENT, 6),
    ("政治处", UnitKind.DEPARTMENT, 4),
    ("基层科", UnitKind.DEPARTMENT, 4),
    ("宣教科", UnitKind.DEPARTMENT, 3),
    ("公证律师管理科", UnitKind.DEPARTMENT, 3),
    ("法律援助中心", UnitKind.LEGAL_AID_CENTER, 5),
    ("公证处", UnitKind.NOTARY_OFFICE, 6),
    ("聚鑫律师事务所", UnitKind.LAW_FIRM, 8),
    ("恒河法律事务所", UnitKind.LEGAL_SERVICE_OFFICE, 5),
    ("东乡司法所", UnitKind.JUDICIAL_OFFICE, 4),
    ("土主司法所", UnitKind.JUDICIAL_OFFICE, 3),
    ("城关司法所", UnitKind.JUDICIAL_OFFICE, 3),
    ("石门司法所", UnitKind.JUDICIAL_OFFICE, 3),
)
SEED_LEADERS = ("局长", "副局长", "副局长", "纪检组长")  # serving staff at the bureau itself: 4
SEED_RETIRED = 24
SEED_RETIRED_NON_MEMBERS = 3  # 21 retired members
SEED_SERVING_NON_MEMBERS = 16  # 45 of 61 serving staff are members → 74%

SIBLING_BUREAU = "石桥县司法局"
SIBLING_UNITS = (
    ("办公室", UnitKind.DEPARTMENT, 4),
    ("公证处", UnitKind.NOTARY_OFFICE, 4),
    ("白沙司法所", UnitKind.JUDICIAL_OFFICE, 3),
    ("河口司法所", UnitKind.JUDICIAL_OFFICE, 3),
)

# username → (display name, role, unit name, unit's parent or None)
DEMO_USERS = (
    ("leader", "云溪局长", Role.LEADER, SEED_BUREAU, None),
    ("party", "政治处干部", Role.PARTY_AFFAIRS, SEED_BUREAU, None),
    ("secretary", "机关党支部书记", Role.BRANCH_SECRETARY, SEED_BUREAU, None),
    ("head", "东乡司法所所长", Role.UNIT_HEAD, "东乡司法所", SEED_BUREAU),
    ("stats", "东乡司法所统计员", Role.STATISTICIAN, "东乡司法所", SEED_BUREAU),
    ("staff", "东乡司法所干警", Role.STAFF, "东乡司法所", SEED_BUREAU),
    ("sibling", "石桥局长", Role.LEADER, SIBLING_BUREAU, None),
    ("court", "法院支部书记", Role.BRANCH_SECRETARY, "云溪县人民法院", None),
)

DEMO_USERNAMES = [row[0] for row in DEMO_USERS]

EDUCATIONS = [
    Education.POSTGRADUATE,
    Education.BACHELOR,
    Education.BACHELOR,
    Education.JUNIOR_COLLEGE,
    Education.SECONDARY,
    Education.HIGH_SCHOOL,
]


class Command(BaseCommand):
    help = "载入演示单位、人员与各角色的演示账号（可重复执行，不会重复创建）"

    def handle(self, *args, **options):
        with transaction.atomic():
            if not Unit.objects.filter(code=ROOT_CODE).exists():
                self.build_organization()
                self.stdout.write(self.style.SUCCESS("已创建演示单位与人员"))
            else:
                self.stdout.write("演示单位已存在，跳过")
            admin = self.ensure_users()
            if not PartyOrg.objects.filter(unit__code="DEMO-YX").exists():
                build_party(Unit.objects.get(code="DEMO-YX"), actor=admin)
                build_single_branch(Unit.objects.get(code="DEMO-SQ"), actor=admin)
                self.stdout.write(self.style.SUCCESS("已创建演示党组织与党员"))
            bureau = Unit.objects.get(code="DEMO-YX")
            if not Applicant.objects.filter(branch__unit__path__startswith=bureau.path).exists():
                # before dues and points: the probationary applicant's membership is the one they count
                count = build_recruitment(bureau, actor=admin, today=timezone.localdate())
                self.stdout.write(self.style.SUCCESS(f"已创建发展党员各阶段的申请人 {count} 名"))
            if not StatReport.objects.filter(unit__path__startswith=bureau.path).exists():
                year = timezone.localdate().year - 1  # seed 000's year is the last whole one
                last = statistics_services.previous_month(timezone.localdate())
                count = build_statistics(bureau, year, reporter=admin, reviewer=admin, last_month=last)
                this_year = f"及{last.year}年1—{last.month}月" if last.year == year + 1 else ""
                self.stdout.write(self.style.SUCCESS(f"已创建{year - 1}—{year}年{this_year}月度统计报表 {count} 份"))
            if not Meeting.objects.filter(unit__path__startswith=bureau.path).exists():
                count = build_meetings(bureau, actor=admin)
                self.stdout.write(self.style.SUCCESS(f"已创建近一年的组织生活会议 {count} 次"))
            if not StudyPlan.objects.filter(unit=bureau).exists():
                count = build_study(bureau, actor=admin)
                self.stdout.write(self.style.SUCCESS(f"已创建学习计划（13项学习资料）与学习记录 {count} 条、工作日志"))
            if not Plan.objects.filter(unit=bureau).exists():
                users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERNAMES)}
                plan = build_targets(
                    bureau, actor=admin, reviewer=users["party"], staff_user=users["staff"], head_user=users["head"]
                )
                build_sibling_targets(Unit.objects.get(code="DEMO-SQ"), actor=admin, reviewer=users["sibling"])
                self.stdout.write(self.style.SUCCESS(f"已创建{plan.title}及其分解任务 {plan.targets.count()} 项"))
            if not DuesBase.objects.filter(membership__branch__unit__path__startswith=bureau.path).exists():
                count = build_dues(bureau, actor=admin)
                self.stdout.write(self.style.SUCCESS(f"已创建近一年的党费基数与交纳记录 {count} 笔"))
            if not PointRule.objects.exists():
                count = build_points(bureau)
                self.stdout.write(self.style.SUCCESS(f"已创建积分细则，并计算本年度党员积分 {count} 人"))
            if not Bulletin.objects.filter(unit=bureau).exists():
                issues, articles = build_publicity(bureau, actor=admin)
                published = build_disclosure(bureau)
                self.stdout.write(self.style.SUCCESS(
                    f"已创建本年度信息简报 {issues} 期、宣传稿件 {articles} 篇，发布公开事项 {published} 项"
                ))  # fmt: skip
            if not Case.objects.filter(unit__path__startswith=bureau.path).exists():
                users = {u.username: u for u in get_user_model().objects.filter(username__in=DEMO_USERNAMES)}
                count = build_reception(bureau, users=users)
                self.stdout.write(
                    self.style.SUCCESS(f"已创建值班安排、今年来访 {count} 人次与局长信箱来信（查询码 {DEMO_CODE}）")
                )
            if not Campaign.objects.filter(unit=bureau).exists():
                count = build_campaigns(bureau, actor=admin)
                self.stdout.write(
                    self.style.SUCCESS(f"已创建专项活动（学习实践活动、创先争优活动）、整改事项 {count} 项和制度 16 项")
                )
            if not CareVisit.objects.filter(unit=bureau).exists():
                made = build_memberlife(bureau, actor=admin)
                self.stdout.write(
                    self.style.SUCCESS("已创建换届选举 {elections} 次、老干部走访慰问 {care} 次".format(**made))
                )
            if not Unit.objects.filter(code=COURT_CODE).exists():
                build_court(actor=admin)
                self.ensure_users()
                self.stdout.write(self.style.SUCCESS("已创建演示法院"))
            court = Unit.objects.get(code=COURT_CODE)
            if not Round.objects.filter(unit=court).exists():
                made = build_appraisals(court, actor=admin)
                count = build_duty_reports(bureau)
                self.stdout.write(
                    self.style.SUCCESS(
                        f"已创建法院党支部民主评议（上年度已定等次，本年度投票中，已投 {made['cast']} 张）"
                        f"与述职述廉报告 {count} 份"
                    )
                )
            if not Honor.objects.filter(unit__path__startswith=bureau.path).exists():
                made = build_honors(bureau, court)
                self.stdout.write(self.style.SUCCESS(f"已创建表彰荣誉 {made['honors']} 项"))
            if not DocumentTemplate.objects.filter(unit=bureau).exists():
                template = build_document_templates(bureau, actor=admin)
                self.stdout.write(self.style.SUCCESS(f"已上传并启用文书模板“{template.name}”"))
        self.stdout.write(self.style.SUCCESS(f"演示账号就绪，密码均为 {DEMO_PASSWORD}"))

    def build_organization(self) -> None:
        people = PeopleFactory(seed=2011)
        root = Unit.objects.add_root(create_kwargs={"name": "江城市司法局", "kind": UnitKind.BUREAU, "code": ROOT_CODE})
        bureau = Unit.objects.add_child(
            root, create_kwargs={"name": SEED_BUREAU, "kind": UnitKind.BUREAU, "code": "DEMO-YX"}
        )
        self.staff_bureau(
            bureau,
            SEED_UNITS,
            people,
            leaders=SEED_LEADERS,
            retired=SEED_RETIRED,
            retired_non_members=SEED_RETIRED_NON_MEMBERS,
            serving_non_members=SEED_SERVING_NON_MEMBERS,
        )
        sibling = Unit.objects.add_child(
            root, create_kwargs={"name": SIBLING_BUREAU, "kind": UnitKind.BUREAU, "code": "DEMO-SQ"}
        )
        self.staff_bureau(
            sibling,
            SIBLING_UNITS,
            people,
            leaders=("局长", "副局长"),
            retired=4,
            retired_non_members=1,
            serving_non_members=5,
        )

    def staff_bureau(self, bureau, units, people, *, leaders, retired, retired_non_members, serving_non_members):
        places = [(bureau, position) for position in leaders]
        for name, kind, count in units:
            unit = Unit.objects.add_child(bureau, create_kwargs={"name": name, "kind": kind})
            places += [(unit, "负责人" if i == 0 else "干警") for i in range(count)]
        # Leaders are members; the non-members are spread over the units, every third place.
        non_members = set(range(len(leaders), len(places))[1::3][:serving_non_members])
        rows = []
        for index, (unit, position) in enumerate(places):
            member = index not in non_members
            probationary = member and index >= len(leaders) and index % 20 == 7
            status = PoliticalStatus.PROBATIONARY if probationary else PoliticalStatus.PARTY_MEMBER
            rows.append(
                self.person(
                    people, unit, position, retired=False, political=status if member else PoliticalStatus.MASSES
                )
            )
        for index in range(retired):
            member = index >= retired_non_members
            rows.append(
                self.person(
                    people,
                    bureau,
                    "退休干部",
                    retired=True,
                    political=PoliticalStatus.PARTY_MEMBER if member else PoliticalStatus.MASSES,
                )
            )
        if bureau.name == SEED_BUREAU:
            rows[1].name = "张伟"  # a common name, so that typing "zhw" has something to find
        for person in rows:
            person.save()

    @staticmethod
    def person(people: PeopleFactory, unit, position, *, retired: bool, political: str) -> Person:
        gender = people.gender()
        birth = people.birth_date(retired=retired)
        return Person(
            unit=unit,
            name=people.name(),
            gender=gender,
            birth_date=birth,
            id_number=people.id_number(birth, gender),
            phone=people.phone(),
            position=position,
            education=people.random.choice(EDUCATIONS),
            retired=retired,
            political_status=political,
        )

    def ensure_users(self):
        User = get_user_model()
        root = Unit.objects.get(code=ROOT_CODE)
        admin, created = User.objects.get_or_create(username="admin", defaults={"first_name": "系统管理员"})
        if created:
            admin.is_staff = admin.is_superuser = True
            admin.set_password(DEMO_PASSWORD)
            admin.save()
        Grant.objects.get_or_create(user=admin, role=Role.ADMIN, unit=root)
        for username, display, role, unit_name, parent_name in DEMO_USERS:
            unit = Unit.objects.filter(name=unit_name)
            if parent_name:
                parent = Unit.objects.get(name=parent_name)
                unit = unit.filter(path__startswith=parent.path)
            unit = unit.first()
            if unit is None:  # built later in the same run (the court)
                continue
            user, created = User.objects.get_or_create(username=username, defaults={"first_name": display})
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            Grant.objects.get_or_create(user=user, role=role, unit=unit)
        return admin
