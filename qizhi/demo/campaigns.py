"""云溪县司法局's campaigns: seed 004's 深入学习实践科学发展观活动 this year, in its 整改落实 phase, and seed 000's
创先争优活动 last year, closed; seed 003's 16 rules made.

This year's campaign follows seed 004: three phases (学习调研 to the end of April, 分析检查 to mid-June,
then 整改落实 — here running to the end of the year, so that the demo has a plan in progress), a leading
group under the 局长 with its office run by the 政治处 head, three research working groups and the
publicity group, five research topics, problems in the eight areas and a rectification plan: some items
closed with evidence, some waiting for verification, some in progress, one overdue, most made public.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qizhi.campaigns import services
from qizhi.campaigns.choices import GroupKind, MemberRole, ProblemSource, ReportKind
from qizhi.campaigns.models import (
    Campaign,
    GroupMember,
    Opinion,
    Phase,
    Problem,
    Rectification,
    RectificationEntry,
    Report,
    ResearchTopic,
    Rule,
    WorkingGroup,
)
from qizhi.core.testing import PDF_BYTES
from qizhi.org.models import Person, Unit

TOPICS = (
    "如何进一步拓展农村法律服务领域，提升法律服务质量，探索村村聘法律顾问，加强农村法律援助工作",
    "如何进一步加强社区矫正规范化试点，推动直属司法所建设",
    "如何整合资源，扎实开展“三服务”",
    "如何进一步创新人民调解工作机制，充分发挥“第一道防线”职能作用",
    "如何进一步加强领导班子和干部队伍思想作风建设，为司法行政事业的改革发展提供坚强的组织保证",
)

# (group name, leader's position, units that take part, duties, topic numbers)
WORKING_GROUPS = (
    ("第一调研工作组", "局长", ("办公室",), "重点调研如何整合资源，扎实开展“三服务”和直属司法所建设", (2, 3)),
    ("第二调研工作组", "副局长", ("基层科", "东乡司法所", "土主司法所"),
     "重点调研社区矫正、安置帮教、人民调解等基层司法行政职能，探索村聘法律顾问新途径", (1, 4)),
    ("第三调研工作组", "纪检组长", ("宣教科", "公证律师管理科", "法律援助中心"),
     "重点调研如何加强和改进法律援助和法律服务工作", (5,)),
)  # fmt: skip

# (area, source, problem, measure, target, indicator, goal, responsible unit, state, public)
PROBLEMS = (
    ("theory", ProblemSource.LIFE_MEETING, "理论学习满足于读文件、记笔记，联系实际不够",
     "党组理论学习中心组每月集中学习一次，每季度交流一次心得", "学习制度化", "集中学习次数", "每月1次", "政治处",
     "closed", True),
    ("thinking", ProblemSource.OPINION, "思想不够解放，习惯按老办法办事",
     "组织“解放思想大讨论”，各科室、司法所提出创新举措", "每个单位至少提出1项创新举措", "创新举措", "13项",
     "办公室", "closed", True),
    ("overall", ProblemSource.RESEARCH, "服务保稳促调的主动性不强",
     "建立重大矛盾纠纷排查调处台账，每月排查一次", "排查调处制度化", "矛盾纠纷排查", "每月1次", "基层科",
     "done", True),
    ("decision", ProblemSource.LIFE_MEETING, "重大事项集体讨论不够充分",
     "完善党组议事规则，重大事项会前征求意见", "议事规则修订印发", "", "", "办公室", "ongoing", True),
    ("reform", ProblemSource.RESEARCH, "社区矫正工作机制不够规范",
     "在东乡、土主司法所开展社区矫正规范化试点", "试点所全部达标", "达标司法所", "2个", "基层科",
     "in_progress", True),
    ("grassroots", ProblemSource.OPINION, "农村法律服务覆盖不足，群众找律师难",
     "推行“一村一法律顾问”，签订法律顾问合同", "行政村法律顾问覆盖率", "覆盖率", "100%", "公证律师管理科",
     "in_progress", True),
    ("efficiency", ProblemSource.OPINION, "公证、法律援助办事环节多、时间长",
     "推行首问负责和限时办结，公开办事流程", "法律援助案件受理审查时限", "审查时限", "3个工作日内",
     "法律援助中心", "overdue", True),
    ("discipline", ProblemSource.INSPECTION, "个别干部工作纪律松弛，上班时间办私事",
     "开展作风纪律明察暗访，结果在全局通报", "每季度明察暗访一次", "明察暗访", "每季度1次", "政治处",
     "pending", False),
)  # fmt: skip

OPINIONS = (
    ("thinking", "希望局里多组织到先进地区学习，开阔眼界，不要总按老办法办事。"),
    ("grassroots", "村里群众反映找律师难，建议每个村都有固定联系的法律顾问。"),
    ("efficiency", "法律援助申请材料太多，建议简化，一次告知需要的材料。"),
    ("efficiency", "公证处中午不办公，外出务工人员来办事很不方便。"),
)

RULES = (
    "党建工作目标管理制度", "党支部和党员工作目标公开承诺制度", "党员教育管理制度", "发展党员工作制度",
    "晨会集体学习制度", "工间操制度", "每周三专题业务培训制度", "每月专题讲座制度", "“三会一课”制度",
    "民主生活会和组织生活会制度", "党员“四议两公开”制度", "年度述职述廉报告制度", "党员民主评议制度",
    "领导挂牌接访制度", "首问负责制度", "服务承诺制度",
)  # fmt: skip


def _save(record, actor):
    record.full_clean()
    record.stamp(actor)
    record._history_user = actor
    record.save()
    return record


def _unit(bureau: Unit, name: str) -> Unit:
    return Unit.objects.get(path__startswith=bureau.path, name=name)


def _person(bureau: Unit, *, position: str = "", unit: str = "", skip=()) -> Person:
    people = Person.objects.filter(unit__path__startswith=bureau.path, retired=False).exclude(pk__in=skip)
    if position:
        people = people.filter(position=position)
    if unit:
        people = people.filter(unit__name=unit)
    return people.order_by("pk").first()


def build_campaigns(bureau: Unit, *, actor) -> int:
    """Both campaigns and the rules; returns the number of rectification items."""
    year = timezone.localdate().year
    closed = _closed_campaign(bureau, year - 1, actor=actor)
    for number, title in enumerate(RULES):
        made_on = datetime.date(year - 1, 5 + number // 4, 1 + 7 * (number % 4))
        _save(Rule(unit=bureau, campaign=closed, title=title, made_on=made_on,
                   text=f"为巩固创先争优活动成果，制定{title}。"), actor)  # fmt: skip
    return _current_campaign(bureau, year, actor=actor)


def _current_campaign(bureau: Unit, year: int, *, actor) -> int:
    campaign = _save(Campaign(
        unit=bureau, title=f"{year}年深入学习实践科学发展观活动", start=datetime.date(year, 3, 1),
        end=datetime.date(year, 12, 31), opinions_open=True, opinions_anonymous=True, opinions_public=True,
        guiding_idea="全面贯彻党的十七大精神，以“思想先行促行动、推进‘两年三服务’、群策群力显作为、科学发展创新业”为实践载体。",
        principles="坚持解放思想、突出实践特色、贯彻群众路线、正面教育为主。",
        goals="提高思想认识，解决突出问题，创新体制机制，促进科学发展。",
        participants="本局机关的全体党员（包括退休党员），直属各法律服务机构组织关系在本机构党支部的党员；"
        "非党员的机关干部、职工参加学习教育、座谈调研等活动。",
    ), actor)  # fmt: skip
    for order, (name, start, end, focus) in enumerate((
        ("学习调研", (3, 1), (4, 30), "学习理论、问计于民、转变观念、科学发展"),
        ("分析检查", (5, 1), (6, 15), "发扬民主、寻找差距、服务民生：召开领导班子专题民主生活会，形成分析检查报告"),
        ("整改落实", (6, 16), (12, 31), "破难建制、转型升级、保稳促调：制定整改落实方案，集中解决突出问题"),
    ), start=1):  # fmt: skip
        _save(Phase(campaign=campaign, order=order, name=name, focus=focus,
                    start=datetime.date(year, *start), end=datetime.date(year, *end)), actor)  # fmt: skip
    campaign.announced_phase = campaign.phases.get(order=3)
    campaign.save(update_fields=["announced_phase"])
    _groups(bureau, campaign, actor=actor)
    opinions = _opinions(campaign)
    return _plan(bureau, campaign, opinions, year, actor=actor)


def _groups(bureau: Unit, campaign: Campaign, *, actor) -> None:
    chief = _person(bureau, position="局长")
    leading = _save(WorkingGroup(campaign=campaign, kind=GroupKind.LEADING, name="学习实践活动领导小组",
                                 duties="党组书记、局长任组长，党组其他成员任副组长，各科室负责人为成员"),
                    actor)  # fmt: skip
    _save(GroupMember(group=leading, person=chief, role=MemberRole.LEADER), actor)
    for deputy in Person.objects.filter(unit=bureau, position__in=("副局长", "纪检组长")).order_by("pk"):
        _save(GroupMember(group=leading, person=deputy, role=MemberRole.DEPUTY), actor)
    heads = {}
    for name in ("办公室", "政治处", "基层科", "宣教科", "公证律师管理科"):
        heads[name] = _person(bureau, unit=name)
        _save(GroupMember(group=leading, person=heads[name], role=MemberRole.MEMBER), actor)
    office = _save(WorkingGroup(campaign=campaign, kind=GroupKind.OFFICE, name="领导小组办公室",
                                duties="政治处负责人兼任办公室主任，负责活动的日常组织协调"), actor)  # fmt: skip
    _save(GroupMember(group=office, person=heads["政治处"], role=MemberRole.DIRECTOR), actor)
    party = get_user_model().objects.filter(username="party").first()
    if party is not None and heads["政治处"].user_id is None and not Person.objects.filter(user=party).exists():
        heads["政治处"].user = party  # the party-affairs login is the office's director
        heads["政治处"].save()
    topics = [_save(ResearchTopic(campaign=campaign, order=n, title=t), actor) for n, t in enumerate(TOPICS, start=1)]
    used = {chief.pk}
    for name, position, units, duties, numbers in WORKING_GROUPS:
        group = _save(WorkingGroup(campaign=campaign, kind=GroupKind.WORKING, name=name, duties=duties), actor)
        group.units.set([_unit(bureau, u) for u in units])
        leader = chief if position == "局长" else _person(bureau, position=position, skip=used)
        used.add(leader.pk)
        _save(GroupMember(group=group, person=leader, role=MemberRole.LEADER), actor)
        _save(GroupMember(group=group, person=_person(bureau, unit=units[0], skip=used), role=MemberRole.MEMBER),
              actor)  # fmt: skip
        for number in numbers:
            topic = topics[number - 1]
            topic.group = group
            _save(topic, actor)
    publicity = _save(WorkingGroup(campaign=campaign, kind=GroupKind.PUBLICITY, name="宣传报道组",
                                   duties="由办公室负责，在司法行政网站登载学习实践活动信息"), actor)  # fmt: skip
    _save(GroupMember(group=publicity, person=heads["办公室"], role=MemberRole.LEADER), actor)
    year = campaign.start.year
    for number, topic in enumerate(topics, start=1):
        title = f"关于{topic.title[2:28]}的调研报告"
        _save(Report(campaign=campaign, topic=topic, kind=ReportKind.RESEARCH, title=title,
                     author=topic.group.name if topic.group else "",
                     submitted_on=datetime.date(year, 4, 10 + 3 * number)),
              actor)  # fmt: skip
    _save(Report(campaign=campaign, topic=topics[0], kind=ReportKind.PROPOSAL,
                 title="关于探索村村聘法律顾问的科学发展建议书",
                 submitted_on=datetime.date(year, 4, 28)), actor)  # fmt: skip
    _save(Report(campaign=campaign, kind=ReportKind.ANALYSIS, title="局领导班子贯彻落实科学发展观情况分析检查报告",
                 submitted_on=datetime.date(year, 6, 12)), actor)  # fmt: skip


def _opinions(campaign: Campaign) -> dict[str, Opinion]:
    """Anonymous staff opinions (no person, no time), as the consultation form stores them."""
    found = {}
    for category, text in OPINIONS:
        opinion = Opinion(campaign=campaign, channel="staff", category=category, content=text)
        services._save_unlinked(opinion, campaign)
        found.setdefault(category, opinion)
    return found


def _plan(bureau: Unit, campaign: Campaign, opinions: dict, year: int, *, actor) -> int:
    today = timezone.localdate()
    verifier = get_user_model().objects.filter(username="leader").first() or actor
    count = 0
    for number, (category, source, text, measure, target, indicator, goal, unit_name, state, public) in enumerate(
        PROBLEMS
    ):
        problem = _save(Problem(
            campaign=campaign, category=category, source=source, opinion=opinions.get(category)
            if source == ProblemSource.OPINION else None, description=text,
            found_on=datetime.date(year, 5, 20 + number),
        ), actor)  # fmt: skip
        unit, person = _unit(bureau, unit_name), _person(bureau, unit=unit_name)
        staff = Person.objects.filter(user__username="staff").select_related("unit").first()
        if category == "reform" and staff is not None:  # the staff login answers for the pilot in its office
            unit, person = staff.unit, staff
        deadline = (
            (today - datetime.timedelta(days=12)) if state == "overdue" else datetime.date(year, 9 + number % 4, 30)
        )
        if state in ("in_progress", "pending"):
            deadline = max(deadline, today + datetime.timedelta(days=5 + 20 * number % 40))
        deadline = max(min(deadline, campaign.end), campaign.start)
        item = _save(Rectification(
            campaign=campaign, problem=problem, measure=measure, target=target, indicator=indicator, goal=goal,
            deadline=deadline, responsible_person=person, responsible_unit=unit,
            weight=Decimal("2") if category in ("grassroots", "efficiency") else Decimal("1"),
        ), actor)  # fmt: skip
        if public:
            services.publish(item, by=actor)
        _work(item, state, actor=actor, verifier=verifier)
        _date_entries(item, datetime.date(year, 6, 20 + number % 10), today)
        count += 1
    return count


def _work(item: Rectification, state: str, *, actor, verifier) -> None:
    if state == "pending":
        return
    services.report_progress(item, by=actor, status="in_progress", note="已制定具体措施，正在推进")
    if state in ("in_progress", "overdue"):
        return
    evidence = SimpleUploadedFile("整改佐证材料.pdf", PDF_BYTES, content_type="application/pdf")
    services.report_progress(item, by=actor, status="done", note="已完成，附佐证材料", files=[evidence])
    if state == "closed":
        services.verify(item, by=verifier, verdict="passed", note="经验收，整改到位，予以销号")
    elif state == "ongoing":
        services.verify(item, by=verifier, verdict="partial", note="制度已修订，执行情况需持续跟踪")


def _date_entries(item: Rectification, first: datetime.date, today: datetime.date) -> None:
    """Spread the timeline from the plan's date to today (the services date entries on the day they run)."""
    entries = list(item.entries.order_by("pk"))
    span = max((today - first).days, len(entries))
    for index, entry in enumerate(entries):
        day = first + datetime.timedelta(days=span * index // max(len(entries), 1))
        RectificationEntry.objects.filter(pk=entry.pk).update(on=min(day, today))


def _closed_campaign(bureau: Unit, year: int, *, actor) -> Campaign:
    """Seed 000's 创先争优活动: its problems found and measures taken, all closed."""
    campaign = _save(Campaign(
        unit=bureau, title=f"{year}年创先争优活动", start=datetime.date(year, 4, 1), end=datetime.date(year, 11, 30),
        goals="围绕“抓党建、带队建、促业务”，创建先进基层党组织、争当优秀共产党员。", opinions_open=False,
    ), actor)  # fmt: skip
    for order, (name, start, end) in enumerate(
        (("动员部署", (4, 1), (4, 30)), ("组织实施", (5, 1), (10, 31)), ("总结表彰", (11, 1), (11, 30))), start=1
    ):
        _save(Phase(campaign=campaign, order=order, name=name, start=datetime.date(year, *start),
                    end=datetime.date(year, *end)), actor)  # fmt: skip
    for number, (category, text, measure, unit_name) in enumerate((
        ("discipline", "服务窗口作风不够规范", "推行挂牌上岗、首问负责和服务承诺", "公证处"),
        ("efficiency", "信息简报报送不及时", "建立创先争优信息简报制度，全年编发简报20期", "办公室"),
        ("grassroots", "司法所规范化建设不平衡", "对照规范化建设标准逐所整改", "基层科"),
    )):  # fmt: skip
        problem = _save(Problem(campaign=campaign, category=category, source=ProblemSource.INSPECTION,
                                description=text, found_on=datetime.date(year, 5, 10 + number)), actor)  # fmt: skip
        item = Rectification(
            campaign=campaign, problem=problem, measure=measure, target="整改到位",
            deadline=datetime.date(year, 10, 31),
            responsible_person=_person(bureau, unit=unit_name), responsible_unit=_unit(bureau, unit_name),
            status="closed", progress=100, public=True, published_at=timezone.now(), published_by=actor,
        )  # fmt: skip
        _save(item, actor)
        _save(RectificationEntry(item=item, kind="verify", on=datetime.date(year, 11, 20), status="closed",
                                 progress=100, verdict="passed", note="整改到位，予以销号", actor=actor),
              actor)  # fmt: skip
    return campaign
