"""A branch's 党建工作报告 for a year, written from the services its pages read: the organization and its
members (``party.figures``, ``party.current_term``), organizational life (``meetings.compliance`` for the
year), study (``study.completion`` of the branch's plans of the year) and party dues (``dues.ledger`` of
each month). No figure is typed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from qizhi.documents.official import OfficialDocument
from qizhi.documents.year_summary import Section, Sectioned, _number
from qizhi.dues import services as dues
from qizhi.meetings import services as meetings
from qizhi.meetings.choices import Frequency
from qizhi.party import services as party
from qizhi.party.models import PartyOrg
from qizhi.study import services as study
from qizhi.study.models import StudyPlan


@dataclass
class BranchReport(Sectioned):
    branch: PartyOrg
    year: int
    as_of: datetime.date
    sections: list[Section]

    @property
    def title(self) -> str:
        return f"{self.branch.name}{self.year}年党建工作报告"


def organization_section(branch: PartyOrg, as_of: datetime.date) -> Section:
    figures = party.figures(party_org=branch, today=as_of)
    sentence = (
        f"{branch.name}现有党员{figures['members']}人，其中正式党员{figures['full_members']}人、"
        f"预备党员{figures['probationary_members']}人；在职党员{figures['serving_members']}人，"
        f"退休党员{figures['retired_members']}人"
        + (f"；下设党小组{figures['groups']}个" if figures["groups"] else "")
        + "。"
    )
    numbers = {
        "总数": figures["members"], "正式党员": figures["full_members"], "预备党员": figures["probationary_members"],
        "在职党员": figures["serving_members"], "退休党员": figures["retired_members"], "党小组": figures["groups"],
    }  # fmt: skip
    section = Section("支部基本情况", [sentence], figures=numbers)
    term = party.current_term(branch, as_of)
    if term is not None:
        officers = term.officers.select_related("person").order_by("role", "person__pinyin")
        named = "，".join(f"{o.get_role_display()}{o.person.name}" for o in officers)
        section.paragraphs.append(
            f"本届支部委员会为第{term.number}届，任期自{term.start_date.year}年{term.start_date.month}月"
            f"至{term.end_date.year}年{term.end_date.month}月" + (f"，{named}" if named else "") + "。"
        )
    return section


def meetings_section(branch: PartyOrg, year: int, as_of: datetime.date) -> Section:
    report = meetings.compliance(party_org=branch, period=meetings.Period(Frequency.YEARLY, year, 1), today=as_of)
    section = Section("组织生活")
    if not report.due:
        section.paragraphs.append(f"{year}年截至目前尚无应召开的“三会一课”。")
        return section
    section.paragraphs.append(
        f"{year}年按规定应召开“三会一课”等组织生活会议{report.due}次，已召开{report.held}次，"
        f"未召开{report.missing}次，落实率{_number(report.compliance_rate)}%，"
        f"党员参会率{_number(report.attendance_rate)}%。"
    )
    rows = []
    for org in report.orgs:
        for rule, items in _by_rule(org.items).items():
            due = [i for i in items if i.state in (meetings.HELD, meetings.MISSING)]
            if due:
                held = sum(1 for i in due if i.state == meetings.HELD)
                rows.append([org.org.name, rule, len(due), held, len(due) - held])
    if rows:
        section.table = (["党组织", "会议", "应开（次）", "已开（次）", "未开（次）"], rows)
        section.widths_mm = [44, 34, 26, 26, 26]
    return section


def _by_rule(items) -> dict[str, list]:
    grouped: dict[str, list] = {}
    for item in items:
        grouped.setdefault(str(item.rule.label), []).append(item)
    return grouped


def study_section(branch: PartyOrg, year: int) -> Section:
    plans = StudyPlan.objects.filter(party_org=branch, start_date__year__lte=year, end_date__year__gte=year)
    section = Section("学习教育")
    rows = []
    for plan in plans.order_by("start_date", "pk"):
        done = study.completion(plan)
        rows.append([plan.title, len(done.required), len(done.rows), done.complete, _number(done.rate)])
    if not rows:
        section.paragraphs.append(f"{year}年未制定学习计划。")
        return section
    section.paragraphs.append(
        f"{year}年支部制定学习计划{len(rows)}个，组织党员学习必学资料，完成情况见下表（完成率按完成全部必学资料的人数计）。"
    )
    section.table = (["学习计划", "必学资料（项）", "参学人数", "已完成人数", "完成率（%）"], rows)
    section.widths_mm = [48, 28, 24, 28, 28]
    return section


def dues_section(branch: PartyOrg, year: int, as_of: datetime.date) -> Section:
    last = dues.month_of(min(as_of, datetime.date(year, 12, 31)))
    months = dues.months_between(datetime.date(year, 1, 1), last)
    rows, due, received = [], 0, 0
    for month in months:
        totals = dues.ledger(branch, month).totals
        if not totals["members"]:
            continue
        due += totals["due"]
        received += totals["received"]
        money = [f"{totals['due']:.2f}", f"{totals['received']:.2f}"]  # to the fen, as the ledger shows it
        rows.append([f"{month.month}月", totals["members"], totals["paid_members"], *money])
    section = Section("党费收缴")
    if not rows:
        section.paragraphs.append(f"{year}年尚无党费收缴记录。")
        return section
    section.paragraphs.append(
        f"{year}年1月至{last.month}月应交党费{due:.2f}元，实交{received:.2f}元（含自愿多交部分），各月收缴情况见下表。"
    )
    section.table = (["月份", "党员人数", "已交人数", "应交（元）", "实交（元）"], rows)
    section.widths_mm = [24, 30, 30, 36, 36]
    return section


def branch_report(branch: PartyOrg, year: int, today: datetime.date | None = None) -> BranchReport:
    today = today or timezone.localdate()
    as_of = min(today, datetime.date(year, 12, 31))
    sections = [
        organization_section(branch, as_of),
        meetings_section(branch, year, as_of),
        study_section(branch, year),
        dues_section(branch, year, as_of),
    ]
    return BranchReport(branch, year, as_of, sections)


def branch_report_docx(report: BranchReport, *, today: datetime.date | None = None) -> bytes:
    """The report as a Word document: a branch writes to its higher committee, so no 版头 but a 主送."""
    today = today or timezone.localdate()
    document = OfficialDocument()
    document.title(report.title)
    parent = PartyOrg.objects.get_parent(report.branch)
    if parent is not None:
        document.addressee(parent.name)
    for section in report.sections:
        document.heading(section.heading, 1)
        for text in section.paragraphs:
            document.paragraph(text)
        if section.table:
            document.table(*section.table, widths_mm=section.widths_mm)
    document.signature(report.branch.name, today)
    document.imprint(
        copies_to=[parent.name] if parent is not None else [], printer=report.branch.name, printed_on=today
    )
    return document.to_bytes()
