"""A campaign in each test bureau, built on demand, and the scoping samples of campaign models."""

from __future__ import annotations

import datetime
from decimal import Decimal

from qizhi.campaigns import services
from qizhi.campaigns.choices import GroupKind, MemberRole, ProblemCategory, ProblemSource, ReportKind
from qizhi.campaigns.models import (
    Campaign,
    GroupMember,
    Opinion,
    OpinionReceipt,
    Phase,
    Problem,
    Rectification,
    RectificationEntry,
    Report,
    ResearchTopic,
    Rule,
    WorkingGroup,
)
from qizhi.core.testing import sample
from qizhi.org.testing import Bureau

YEAR = 2026


def campaign_of(bureau: Bureau) -> dict:
    """The bureau's campaign of 2026 (March–August) with seed 004's three phases, a leading group, a
    topic and a report, a named staff opinion, a problem from it and one complete item."""
    if "campaign" in bureau.__dict__:
        return bureau.__dict__["campaign"]
    actor = bureau.party_affairs
    name = bureau.unit.name[:2]
    campaign = _saved(Campaign(
        unit=bureau.unit, title=f"{name}深入学习实践科学发展观活动", start=datetime.date(YEAR, 3, 1),
        end=datetime.date(YEAR, 12, 31), opinions_open=True, opinions_anonymous=False,
    ), actor)  # fmt: skip
    phases = [
        _saved(Phase(campaign=campaign, order=1, name="学习调研", start=datetime.date(YEAR, 3, 1),
                     end=datetime.date(YEAR, 4, 30)), actor),
        _saved(Phase(campaign=campaign, order=2, name="分析检查", start=datetime.date(YEAR, 5, 1),
                     end=datetime.date(YEAR, 6, 15)), actor),
        _saved(Phase(campaign=campaign, order=3, name="整改落实", start=datetime.date(YEAR, 6, 16),
                     end=datetime.date(YEAR, 12, 31)), actor),
    ]  # fmt: skip
    group = _saved(WorkingGroup(campaign=campaign, kind=GroupKind.LEADING, name=f"{name}领导小组"), actor)
    member = _saved(GroupMember(group=group, person=bureau.people[0], role=MemberRole.LEADER), actor)
    topic = _saved(ResearchTopic(campaign=campaign, group=group, title=f"{name}如何创新人民调解工作机制"), actor)
    report = _saved(Report(campaign=campaign, topic=topic, kind=ReportKind.RESEARCH, title=f"{name}人民调解调研报告",
                           submitted_on=datetime.date(YEAR, 4, 20)), actor)  # fmt: skip
    opinion = Opinion(campaign=campaign, channel="staff", person=bureau.people[0], content=f"{name}窗口服务时间应延长")
    opinion.save()
    receipt = _saved(OpinionReceipt(campaign=campaign, person=bureau.people[0]), actor)
    problem = _saved(Problem(
        campaign=campaign, category=ProblemCategory.GRASSROOTS, source=ProblemSource.OPINION, opinion=opinion,
        description=f"{name}服务基层不够主动", found_on=datetime.date(YEAR, 5, 10),
    ), actor)  # fmt: skip
    item = _saved(Rectification(
        campaign=campaign, problem=problem, measure=f"{name}推行预约延时服务", target="群众满意",
        indicator="满意率", goal="95%", deadline=datetime.date(YEAR, 12, 20), responsible_person=bureau.people[1],
        responsible_unit=bureau.judicial_office, weight=Decimal("2"),
    ), actor)  # fmt: skip
    entry = services.publish(item, by=actor).entries.get()
    rule = _saved(Rule(unit=bureau.unit, campaign=campaign, title=f"{name}首问负责制度",
                       made_on=datetime.date(YEAR, 7, 1)), actor)  # fmt: skip
    found = {
        "campaign": campaign, "phases": phases, "group": group, "member": member, "topic": topic, "report": report,
        "opinion": opinion, "receipt": receipt, "problem": problem, "item": item, "entry": entry, "rule": rule,
    }  # fmt: skip
    bureau.__dict__["campaign"] = found
    return found


def _saved(record, actor):
    record.full_clean()
    record.stamp(actor)
    record.save()
    return record


for _model, _key in [
    (Campaign, "campaign"), (WorkingGroup, "group"), (GroupMember, "member"), (ResearchTopic, "topic"),
    (Report, "report"), (Opinion, "opinion"), (OpinionReceipt, "receipt"), (Problem, "problem"),
    (Rectification, "item"), (RectificationEntry, "entry"), (Rule, "rule"),
]:  # fmt: skip
    sample(_model)(lambda bureau, key=_key: campaign_of(bureau)[key])
sample(Phase)(lambda bureau: campaign_of(bureau)["phases"][0])
