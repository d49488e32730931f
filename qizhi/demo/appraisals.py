"""民主评议 and 表彰 of the demo: seed 003's court branch with last year's round sealed and graded and this
year's round open; seed 000's bureau with this year's 述职述廉 reports; honors from which the seeds'
sentences come out ("150余人次"; "集体荣誉70余项, 30余名党员干警受到县级以上表彰")."""

from __future__ import annotations

import datetime
import random
import zoneinfo

from django.utils import timezone

from qizhi.appraisals import services
from qizhi.appraisals.choices import ElectorateKind, Mark, RoundState
from qizhi.appraisals.models import DutyReport
from qizhi.honors.choices import HonorKind, HonorLevel
from qizhi.honors.models import Honor
from qizhi.org.choices import PoliticalStatus
from qizhi.org.models import Person, Unit
from qizhi.party.models import Membership, PartyOrg

TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
# A voter's ratings lean on a hidden "true" standing of each subject.
WEIGHTS = {
    "strong": [Mark.EXCELLENT] * 6 + [Mark.COMPETENT] * 4,
    "fair": [Mark.EXCELLENT] * 2 + [Mark.COMPETENT] * 8,
    "weak": [Mark.COMPETENT] * 6 + [Mark.BASIC] * 4,
}


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ)


def _vote(round_, rng, standing, share: float, when) -> int:
    cast = 0
    for electorate in round_.electorates.all():
        voters = list(electorate.roll.select_related("person"))
        rng.shuffle(voters)
        for entry in voters[: round(len(voters) * share)]:
            marks = {
                str(s.pk): {d: rng.choice(WEIGHTS[standing[s.pk]]) for d in round_.dimensions}
                for s in round_.subjects.all()
                if s.pk != entry.person_id
            }
            services.cast_for(round_, entry.person, marks=marks, kind=electorate.kind, now=when)
            cast += 1
    return cast


def build_appraisals(court: Unit, *, actor) -> dict:
    """Last year's round of the court branch sealed and graded; this year's open since December 1st."""
    rng = random.Random(2013)
    branch = PartyOrg.objects.get(unit=court, kind="branch")
    today = timezone.localdate()
    last_year, this_year = today.year - 1, today.year
    last = services.create_round(
        unit=court,
        party_org=branch,
        year=last_year,
        title=f"{branch.name}{last_year}年度民主评议党员",
        opens_at=_at(datetime.date(last_year, 12, 20), 8),
        closes_at=_at(datetime.date(last_year, 12, 27), 18),
        by=actor,
    )
    subjects = list(last.subjects.order_by("pk"))
    standing = {p.pk: "strong" if i % 7 == 0 else ("weak" if i % 17 == 5 else "fair") for i, p in enumerate(subjects)}
    services.open_round(last, by=actor)
    _vote(last, rng, standing, 0.93, _at(datetime.date(last_year, 12, 22), 15))
    services.close_round(last, by=actor)
    services.seal(last, by=actor)
    branch_result = next(r for r in services.results(last, by=actor) if r.electorate.kind == ElectorateKind.BRANCH)
    ranked = sorted(branch_result.subjects, key=lambda s: -(s.score or 0))
    quota = max(1, len(ranked) * 15 // 100)  # the branch commends about 15 %, within the one-third cap
    for index, result in enumerate(ranked):
        if index < quota:
            grade, reason = Mark.EXCELLENT, ""
        elif (result.score or 0) < 76:
            grade, reason = Mark.BASIC, "群众评议中工作作风得分偏低，需加强"
        else:
            grade, reason = Mark.COMPETENT, ""
        services.record_grade(last, result.person, grade=grade, reason=reason, by=actor)
    services.verify_grades(last, by=actor)

    current = services.create_round(
        unit=court,
        party_org=branch,
        year=this_year,
        title=f"{branch.name}{this_year}年度民主评议党员",
        opens_at=_at(datetime.date(this_year, 12, 1), 8),
        closes_at=_at(datetime.date(this_year, 12, 15), 18),
        by=actor,
    )
    services.open_round(current, by=actor)
    cast = _vote(current, rng, standing, 0.55, min(timezone.now(), _at(datetime.date(this_year, 12, 3), 9)))
    assert last.__class__.objects.get(pk=last.pk).state == RoundState.GRADED
    return {"last": last, "current": current, "cast": cast}


DUTY = (
    "本年度，本人在{unit}从事{position}工作，认真履行岗位职责，全年参与办理各类事务{n}件，"
    "按时完成局党组下达的目标任务，积极参加“三会一课”和学习型机关建设。"
)
INTEGRITY = "严格遵守中央八项规定精神和廉洁从业各项规定，未发生违规违纪问题；{extra}"
EXTRAS = ("带头落实“一岗双责”。", "主动接受群众监督。", "认真开展廉政风险点排查。", "坚持公开承诺、践诺。")


def build_duty_reports(bureau: Unit) -> int:
    """This year's 述职述廉 of every serving member of the bureau, submitted in late November."""
    rng = random.Random(2010)
    year = timezone.localdate().year
    members = Membership.objects.filter(
        branch__unit__path__startswith=bureau.path, ended_on__isnull=True, person__retired=False
    ).select_related("person__unit")
    reports = [
        DutyReport(
            person=m.person,
            year=year,
            duty=DUTY.format(unit=m.person.unit.name, position=m.person.position or "司法行政", n=rng.randint(40, 260)),
            integrity=INTEGRITY.format(extra=rng.choice(EXTRAS)),
            submitted_on=datetime.date(year, 11, rng.randint(18, 28)),
        )
        for m in members
    ]
    DutyReport.objects.bulk_create(reports)
    return len(reports)


def _honor(unit, title, level, issuer, day, person=None, number=""):
    return Honor(
        kind=HonorKind.INDIVIDUAL if person else HonorKind.COLLECTIVE,
        unit=person.unit if person else unit,
        person=person,
        title=title,
        level=level,
        issuer=issuer,
        granted_on=day,
        document_number=number,
    )


INDIVIDUAL_TITLES = [
    ("优秀共产党员", HonorLevel.COUNTY, "中共云溪县委"),
    ("先进工作者", HonorLevel.COUNTY, "云溪县人民政府"),
    ("优秀人民调解员", HonorLevel.CITY, "江城市司法局"),
    ("政法系统先进个人", HonorLevel.CITY, "中共江城市委政法委员会"),
    ("全省司法行政系统先进个人", HonorLevel.PROVINCE, "省司法厅"),
    ("优秀公证员", HonorLevel.PROVINCE, "省司法厅"),
]


def build_honors(bureau: Unit, court: Unit | None) -> dict:
    """153 person-times for the bureau (seed 000: "150余人次"); 72 collective honors and 33 members
    honored at county level or above for the court (seed 003: "集体荣誉70余项, 30余名党员干警")."""
    rng = random.Random(2011)
    today = timezone.localdate()
    honors = []
    people = list(Person.objects.filter(unit__path__startswith=bureau.path).order_by("pk"))
    offices = {u.name: u for u in Unit.objects.filter(path__startswith=bureau.path)}
    honors.append(
        _honor(
            offices["东乡司法所"],
            "全国模范司法所",
            HonorLevel.NATIONAL,
            "司法部",
            datetime.date(today.year - 1, 9, 12),
            number=f"司发通〔{today.year - 1}〕88号",
        )
    )
    honors.append(
        _honor(bureau, "政绩突出领导班子", HonorLevel.COUNTY, "中共云溪县委", datetime.date(today.year, 2, 6))
    )
    for year in range(today.year - 7, today.year):
        honors.append(
            _honor(
                bureau, "全市司法行政目标考核一等奖", HonorLevel.CITY, "江城市司法局", datetime.date(year + 1, 1, 20)
            )
        )
    for year in range(today.year - 3, today.year):
        honors.append(
            _honor(
                bureau, "全县综合目标考核一等奖", HonorLevel.COUNTY, "云溪县人民政府", datetime.date(year + 1, 2, 10)
            )
        )
    head = next((p for p in people if p.unit.name == "土主司法所"), people[0])
    honors.append(
        _honor(
            None, "全国模范人民调解员", HonorLevel.NATIONAL, "司法部", datetime.date(today.year - 1, 9, 12), person=head
        )
    )
    for index in range(152):  # with the one above: 153 person-times
        person = people[index % len(people)] if index < len(people) else rng.choice(people)
        title, level, issuer = rng.choice(INDIVIDUAL_TITLES)
        day = datetime.date(rng.randint(today.year - 8, today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
        honors.append(_honor(None, title, level, issuer, day, person=person))
    if court is not None:
        honors.append(
            _honor(court, "全国法院党建创新优秀案例", HonorLevel.NATIONAL, "最高人民法院", datetime.date(2013, 11, 20))
        )
        collective = [
            ("全省法院先进集体", HonorLevel.PROVINCE, "省高级人民法院"),
            ("全市法院系统先进集体", HonorLevel.CITY, "江城市中级人民法院"),
            ("县级文明单位", HonorLevel.COUNTY, "中共云溪县委"),
            ("人民满意政法单位", HonorLevel.COUNTY, "中共云溪县委政法委员会"),
        ]
        for index in range(71):  # with the one above: 72 collective honors
            title, level, issuer = collective[index % len(collective)]
            honors.append(_honor(court, title, level, issuer, datetime.date(2014 + index % 12, 1 + index % 12, 15)))
        members = list(
            Person.objects.filter(
                unit__path__startswith=court.path, political_status=PoliticalStatus.PARTY_MEMBER
            ).order_by("pk")
        )[:33]
        for index, person in enumerate(members):
            for _time in range(1 + (index % 3 == 0)):
                title, level, issuer = rng.choice(INDIVIDUAL_TITLES[:4])
                day = datetime.date(rng.randint(2014, today.year - 1), rng.randint(1, 12), rng.randint(1, 28))
                honors.append(_honor(None, title, level, issuer, day, person=person))
    Honor.objects.bulk_create(honors)
    return {"honors": len(honors)}
