"""The demo's study and work logs: seed 004's study plan (13 materials, a deadline) with partial
completion by 机关党支部, a few reflections in review, and a month of 东乡司法所's work logs (seed 003)."""

from __future__ import annotations

import datetime
import random

from django.contrib.auth import get_user_model
from django.utils import timezone

from qizhi.core.workflow import Status, transition
from qizhi.org.models import Person, Unit
from qizhi.party.models import PartyOrg
from qizhi.study import services
from qizhi.study.choices import MaterialKind
from qizhi.study.models import Material, Reflection, StudyPlan, StudyRecord, WorkLog

D, B, S = MaterialKind.DOCUMENT, MaterialKind.BOOK, MaterialKind.SPEECH
# Seed 004's appendix 学习资料目录, in its order; (title, kind, required)
SEED_MATERIALS = (
    ("党的十七大报告", D, True),
    ("十七届三中全会公报", D, True),
    ("全国“两会”精神：温家宝总理政府工作报告；贾庆林主席政协全国委员会常委会工作报告", S, True),
    ("学习纪念党的十一届三中全会召开30周年大会精神", S, False),
    ("中共十七届中央纪委三次全会公报", D, False),
    ("中央政治局常委参加学习实践活动专题民主生活会情况报告", D, True),
    ("上级党委政府应对金融危机的系列决策部署", D, False),
    ("省委、省政府有关领导对司法行政工作所作的重要批示精神", D, False),
    ("赵光君厅长在全省司法行政工作会议上的重要讲话", S, True),
    ("朱建华书记在全区深入学习实践科学发展观活动动员大会上的重要讲话", S, True),
    ("区委对全区深入学习实践科学发展观活动的一系列工作会议及文件精神", D, False),
    ("《毛泽东邓小平江泽民论科学发展》", B, True),
    ("《科学发展观重要论述摘编》", B, True),
)
WORK = (
    "接待来访群众，调解邻里纠纷一件",
    "走访社区矫正对象两名，开展个别教育",
    "参加镇综治例会，排查矛盾纠纷",
    "为村民代书遗嘱一份，解答法律咨询三人次",
    "整理人民调解卷宗，录入统计台账",
    "到村开展法治宣传，发放资料五十余份",
)


def build_study(bureau: Unit, *, actor, today: datetime.date | None = None) -> int:
    """Seed 004's plan for 机关党支部 this year (16 March to the end of April), records for about
    two thirds of its members, reflections in review, demo logins linked to their people, and work
    logs; returns the number of study records."""
    today = today or timezone.localdate()
    rng = random.Random(2009)
    branch = PartyOrg.objects.get(name="机关党支部", unit=bureau)
    start, end = datetime.date(today.year, 3, 16), datetime.date(today.year, 4, 30)
    if end > today:  # early in the year: last year's plan
        start, end = start.replace(year=today.year - 1), end.replace(year=today.year - 1)
    plan = StudyPlan(
        title="学习实践科学发展观学习计划", party_org=branch, unit=bureau, start_date=start, end_date=end,
        description="按照区委统一部署，全局党员干部认真学习实践科学发展观。学习时间：4月底前。"
        "党员领导干部带头作学习报告，党员对重点学习篇目进行精读，记好学习笔记。",
    )  # fmt: skip
    plan.stamp(actor)
    plan.save()
    materials = []
    for number, (title, kind, required) in enumerate(SEED_MATERIALS, start=1):
        material = Material(plan=plan, number=number, title=title, kind=kind, required=required, due_date=end)
        material.stamp(actor)
        material.save()
        materials.append(material)
    link_demo_users(bureau, branch)
    count = study_records(plan, materials, rng=rng, actor=actor)
    reflections(plan, rng=rng, actor=actor)
    work_logs(bureau, today=today, rng=rng, actor=actor)
    return count


def link_demo_users(bureau: Unit, branch: PartyOrg) -> None:
    """``secretary`` is the branch's first member; ``staff`` a member at 东乡司法所 (their my-study pages)."""
    User = get_user_model()
    members = Person.objects.filter(memberships__branch=branch, memberships__ended_on__isnull=True, user__isnull=True)
    places = {"secretary": members.order_by("pk"), "staff": members.filter(unit__name="东乡司法所").order_by("pk")}
    for username, people in places.items():
        user = User.objects.filter(username=username, person__isnull=True).first()
        person = people.first()
        if user is not None and person is not None:
            person.user = user
            person.save(update_fields=["user"])


def study_records(plan: StudyPlan, materials: list[Material], *, rng: random.Random, actor) -> int:
    people = list(services.participants(plan).order_by("pk"))
    required = [m for m in materials if m.required]
    days = (plan.end_date - plan.start_date).days
    count = 0
    for index, person in enumerate(people):
        share = (1.0, 1.0, 0.6, 0.3, 0.0)[index % 5]  # two in five finish, one in five has not begun
        chosen = required[: round(len(required) * share)]
        chosen += [m for m in materials if not m.required and rng.random() < share / 3]
        used: dict[datetime.date, int] = {}
        for material in chosen:
            day = plan.start_date + datetime.timedelta(days=rng.randint(0, days))
            minutes = rng.choice((30, 45, 60, 90, 120))
            if used.get(day, 0) + minutes > 600:
                continue
            used[day] = used.get(day, 0) + minutes
            record = StudyRecord(person=person, material=material, date=day, minutes=minutes, notes="精读，记学习笔记")
            record.stamp(actor)
            record.save()
            count += 1
    return count


def reflections(plan: StudyPlan, *, rng: random.Random, actor) -> None:
    people = list(services.participants(plan).order_by("pk")[:4])
    titles = (
        "学习实践科学发展观心得体会",
        "以科学发展观统领司法行政工作",
        "做人民满意的司法行政干警",
        "立足岗位促发展",
    )
    outcomes = (Status.APPROVED, Status.SUBMITTED, Status.RETURNED, Status.DRAFT)
    for person, title, outcome in zip(people, titles, outcomes, strict=False):
        reflection = Reflection(
            person=person, plan=plan, title=title,
            content="通过学习，深刻认识到科学发展观的科学内涵和精神实质，要把学习成果转化为推动司法行政工作的实际行动。",
        )  # fmt: skip
        reflection.stamp(actor)
        reflection.save()
        if outcome == Status.DRAFT:
            continue
        transition(reflection, Status.SUBMITTED, by=actor)
        if outcome != Status.SUBMITTED:
            reason = "请结合本职工作谈体会" if outcome == Status.RETURNED else "认识深刻，联系实际"
            transition(reflection, outcome, by=actor, reason=reason)
            Reflection.objects.filter(pk=reflection.pk).update(review_comment=reason)


def work_logs(bureau: Unit, *, today: datetime.date, rng: random.Random, actor) -> None:
    """Twenty working days of 东乡司法所's staff."""
    office = Unit.objects.get(name="东乡司法所", path__startswith=bureau.path)
    people = list(Person.objects.filter(unit=office, retired=False).order_by("pk"))
    day, written = today, 0
    while written < 20:
        day -= datetime.timedelta(days=1)
        if day.weekday() >= 5:
            continue
        written += 1
        rows = [
            WorkLog(person=p, date=day, content=rng.choice(WORK), created_by=actor, updated_by=actor)
            for p in people
            if rng.random() < 0.9
        ]
        WorkLog.objects.bulk_create(rows)
