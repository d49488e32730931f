"""The bureau's year of 领导挂牌接访 and its letters to the director, on today's date.

A weekly duty roster of the four bureau leaders since 1 January (two swaps recorded) and four weeks
ahead; about 600 visits since 1 January (seed 003's "600余人次") received on the leader's duty and
registered by the office, or by 东乡司法所; most accepted within days and closed within weeks, rated by
the visitors (a few 不满意 reopened); some handed over (转办) to 东乡司法所 and accepted. Open now: a few
overdue, a few due within three working days, a 转办 waiting for the ``head`` login. Letters: from the
portal and the intranet, one anonymous, one answered by the director and published as a Q&A.
"""

from __future__ import annotations

import datetime
import random

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from qizhi.org.models import Person, Unit
from qizhi.reception import services
from qizhi.reception.choices import CaseKind, CaseStatus, Channel, HandoverState, Satisfaction
from qizhi.reception.models import Case

DEMO_CODE = "YXDEMO88"  # every demo case answers to this query code (hashing 600 codes would take a minute)
VISITS = 610
SUBJECTS = [
    ("邻里宅基地纠纷", "反映与邻居宅基地界址不清，多次协商未果，请求调解"),
    ("劳务费拖欠", "在工地务工，包工头拖欠劳务费八千余元，请求帮助追讨"),
    ("法律援助申请咨询", "家庭经济困难，涉及赡养纠纷，咨询如何申请法律援助"),
    ("婚姻家庭纠纷", "夫妻感情不和，涉及子女抚养和财产分割，请求指导"),
    ("公证办理咨询", "办理继承公证需要哪些材料，办理时限多长"),
    ("土地承包经营权纠纷", "村组调整承包地时本户面积减少，请求协调"),
    ("交通事故赔偿", "交通事故后对方保险理赔迟迟未到位，请求调解"),
    ("社区矫正对象请假", "社区矫正期间需外出就医，咨询请假程序"),
    ("刑满释放人员安置帮扶", "刑满释放后生活困难，请求协助就业和低保"),
    ("对律师服务的投诉", "反映委托律师未按约定履行代理职责"),
]
OUTCOMES = ["组织双方调解，达成书面协议", "已当面答复并告知法律途径", "转法律援助中心指派律师", "协调相关部门已解决"]


def build_reception(bureau: Unit, *, users: dict) -> int:
    """Roster, visits and letters of ``bureau``; returns the number of visits."""
    rng = random.Random(2026)
    today = timezone.localdate()
    services.ensure_rules()
    services.seed_calendar([today.year - 1, today.year])
    office = Unit.objects.get(name="东乡司法所", path__startswith=bureau.path)
    leaders = list(Person.objects.filter(unit=bureau, retired=False).order_by("pk")[:4])
    first = datetime.date(today.year, 1, 1)
    weeks = (today - services.monday_of(first)).days // 7 + 5
    slots = services.generate_roster(bureau, leaders, start=first, weeks=weeks, by=users["party"], place="局机关接待室")
    services.swap_duty(slots[10], to=leaders[0], reason="原值班领导参加市局培训", by=users["party"])
    services.swap_duty(slots[30], to=leaders[1], reason="原值班领导下乡督导", by=users["party"])
    code_hash = make_password(DEMO_CODE)
    days = [first + datetime.timedelta(days=n) for n in range((today - first).days + 1)]
    calendar = services.work_calendar()
    working = [d for d in days if calendar.is_working(d)]
    registrars = [(users["party"], bureau)] * 7 + [(users["head"], office)] * 3
    for index in range(VISITS):
        received = working[int(index * len(working) / VISITS)]
        owner, unit = registrars[rng.randrange(len(registrars))]
        subject, content = SUBJECTS[rng.randrange(len(SUBJECTS))]
        case = services.register_case(
            unit=unit, kind=CaseKind.VISIT, channel=Channel.VISIT, subject=subject, content=content,
            received_on=received, by=owner, owner=owner, citizen_name=_citizen(rng), code_hash=code_hash,
        ).case  # fmt: skip
        _handle(case, owner, users, office, today, rng, calendar)
    _letters(bureau, users, today, code_hash)
    latest = (
        Case.objects.filter(owner=users["party"], kind=CaseKind.VISIT, status=CaseStatus.ACCEPTED)
        .exclude(handovers__state=HandoverState.PENDING)
        .order_by("-received_on", "-pk")
        .first()
    )
    if latest is not None:  # one 转办 waiting on the head's 待办
        services.hand_over(
            latest, to=users["head"], to_unit=office, reason="属东乡司法所辖区，请就地化解", by=users["party"]
        )
    return VISITS


def _citizen(rng: random.Random) -> str:
    return rng.choice("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗") + rng.choice(["某", "某某"])


def _handle(case, owner, users, office, today, rng, calendar) -> None:
    """Move one visit along as the office would have, up to today."""
    age = (today - case.received_on).days
    accept_on = calendar.add_working(case.received_on, rng.randint(0, 4))
    if age < 3 or accept_on > today:
        return  # just registered
    if (rng.random() < 0.01 and age > 20) or (8 <= age <= 13 and rng.random() < 0.8):
        return  # left unaccepted: overdue, or due within days, on the 待办 list
    services.accept(case, on=accept_on, by=owner)
    services.add_step(case, on=accept_on, text="约谈来访人，了解诉求，核实情况", by=owner)
    if owner == users["party"] and rng.random() < 0.12:
        handover = services.hand_over(case, to=users["head"], to_unit=office, reason="属东乡司法所辖区", by=owner)
        if age < 6:
            return  # waiting for the head's acceptance
        services.answer_handover(handover, accept=True, by=users["head"], on=accept_on)
        owner = users["head"]
    if rng.random() < 0.05 and age > 30:
        stop = accept_on + datetime.timedelta(days=2)
        services.stop_clock(case, start=stop, reason="等待来访人补充证据材料", by=owner)
        services.resume_clock(case, on=stop + datetime.timedelta(days=rng.randint(3, 12)), by=owner)
    close_on = accept_on + datetime.timedelta(days=rng.choice([0, 1, 3, 5, 8, 12, 20, 35, 50]))
    if close_on >= today - datetime.timedelta(days=1) or (age < 45 and rng.random() < 0.1):
        return  # still being handled
    services.close(case, on=close_on, outcome=rng.choice(OUTCOMES), reply="已依法答复", by=owner)
    if rng.random() < 0.8:
        roll = rng.random()
        satisfaction = (
            Satisfaction.SATISFIED
            if roll < 0.85
            else Satisfaction.BASICALLY
            if roll < 0.97
            else Satisfaction.UNSATISFIED
        )
        rated_on = min(today, close_on + datetime.timedelta(days=rng.randint(0, 5)))
        services.rate(case, satisfaction=satisfaction, on=rated_on, by=owner)


def _letters(bureau, users, today, code_hash) -> None:
    writer = Person.objects.filter(unit__path__startswith=bureau.path, retired=False).order_by("pk")[5]
    answered = services.register_case(
        unit=bureau, kind=CaseKind.LETTER, channel=Channel.PUBLIC, subject="办理继承公证需要哪些材料",
        content="我父亲去世，房产在其名下，我叫陈某某，电话139xxxx，想问办理继承公证要带哪些材料。",
        received_on=today - datetime.timedelta(days=20), citizen_name="陈某某", consent=True, code_hash=code_hash,
    ).case  # fmt: skip
    services.take(answered, by=users["party"])
    services.accept(answered, on=today - datetime.timedelta(days=19), by=users["party"])
    reply = "请携带被继承人死亡证明、亲属关系证明、房产证及全体继承人身份证件到县公证处办理。"
    services.close(
        answered, on=today - datetime.timedelta(days=15), outcome="局长已答复", reply=reply, by=users["leader"]
    )
    services.moderate_qa(
        answered, question="办理继承公证需要哪些材料？", answer=reply, publish=True, by=users["leader"],
        on=today - datetime.timedelta(days=14),
    )  # fmt: skip
    services.register_case(
        unit=bureau, kind=CaseKind.LETTER, channel=Channel.PUBLIC, subject="建议延长周末法律咨询时间",
        content="周末到司法所咨询经常没人，建议安排值班。", received_on=today - datetime.timedelta(days=2),
        citizen_name="", consent=True, code_hash=code_hash,
    )  # fmt: skip
    services.register_case(
        unit=bureau, kind=CaseKind.LETTER, channel=Channel.INTRANET, subject="关于机关食堂的建议",
        content="建议食堂增加晚餐供应，方便加班干警。", received_on=today - datetime.timedelta(days=6),
        by=None, writer=writer, consent=False, code_hash=code_hash,
    )  # fmt: skip
    services.register_case(
        unit=bureau, kind=CaseKind.LETTER, channel=Channel.INTRANET, subject="对考核办法的意见",
        content="目标考核加减分标准宜提前公布。", received_on=today - datetime.timedelta(days=1), anonymous=True,
        code_hash=code_hash,
    )  # fmt: skip
    services.register_case(
        unit=bureau, kind=CaseKind.DISCLOSURE, channel=Channel.VISIT, subject="申请公开2025年法律援助经费使用情况",
        content="依申请公开", received_on=today - datetime.timedelta(days=10), by=users["party"], owner=users["party"],
        citizen_name="周某", code_hash=code_hash,
    )  # fmt: skip
