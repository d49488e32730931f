"""The 年度工作总结 of a unit (seed 000's shape), written from the same service functions as the pages and
the API: the people sentence (``party.services.figures``), the targets year (``targets.services``), the
organizational life (``meetings.services.compliance``) and the business paragraph
(``statistics.services.paragraph``). No figure is typed."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from qizhi.dashboard import screen
from qizhi.documents import charts
from qizhi.documents.charts import Chart, Series
from qizhi.documents.official import OfficialDocument
from qizhi.meetings import services as meetings
from qizhi.org.models import Unit
from qizhi.party import services as party
from qizhi.party.choices import PartyOrgKind
from qizhi.statistics import services as statistics
from qizhi.targets import services as targets
from qizhi.targets.models import Plan, Target

LIGHT_NAMES = (("green", "绿灯"), ("yellow", "黄灯"), ("red", "红灯"))
MISSED_NAMED = 4  # an organization that missed more meetings than this is given as a count


@dataclass
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    table: tuple[list[str], list[list]] | None = None
    widths_mm: list[float] | None = None
    chart: Chart | None = None  # drawn under the paragraphs, with the numbers of the page's ECharts chart
    figures: dict = field(default_factory=dict)  # the section's figures by name, for user templates (user_templates)


class Sectioned:
    """A document of a title and sections (the year summary, a branch's report)."""

    title: str
    sections: list[Section]

    def text(self) -> str:
        """The document's words, for tests and for a preview."""
        lines = [self.title]
        for section in self.sections:
            lines += [section.heading, *section.paragraphs]
            if section.table:
                lines += ["\t".join(str(v) for v in row) for row in [section.table[0], *section.table[1]]]
        return "\n".join(lines)


@dataclass
class YearSummary(Sectioned):
    unit: Unit
    year: int
    as_of: datetime.date
    sections: list[Section]

    @property
    def title(self) -> str:
        return f"{self.unit.name}{self.year}年工作总结"


def _number(value) -> str:
    """A figure as the pages print it: 97.3, 12, 85.50 → 85.5."""
    if value is None:
        return "—"
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def people_section(unit: Unit) -> Section:
    figures = party.figures(unit=unit)
    branches = list(
        party.orgs_in(unit=unit).filter(kind=PartyOrgKind.BRANCH).order_by("path").values_list("name", flat=True)
    )
    staff, members = figures["staff"], figures["members"]
    share = figures["serving_member_share_percent"]
    sentence = (
        f"{unit.name}现有退休和在职干警、职工{staff}人，其中退休职工{figures['retired']}人，"
        f"在职干警、职工{figures['serving']}人。{staff}人中，党员{members}人，非党干警职工{staff - members}人；"
        f"在职干警职工{figures['serving']}人中党员{figures['serving_members']}人"
        + (f"，占在职干警职工总数的{share}%" if share is not None else "")
        + "。"
    )
    if branches:
        sentence += f"下设{len(branches)}个党支部：{'、'.join(branches)}。"
    numbers = {
        "总数": staff, "退休": figures["retired"], "在职": figures["serving"], "党员": members,
        "非党员": staff - members, "在职党员": figures["serving_members"],
        "在职党员占比": _number(share), "党支部数": len(branches), "党支部": branches,
    }  # fmt: skip
    return Section("队伍基本情况", [sentence], figures=numbers)


def targets_section(unit: Unit, year: int, today: datetime.date) -> Section:
    section = Section("目标管理工作")
    plan = Plan.objects.filter(unit=unit, year=year).order_by("pk").first()
    own, groups = targets.ranking_with_own(unit, year, today)
    if plan is None and not own.possible:
        section.paragraphs.append(f"{year}年未制定目标责任书。")
        return section
    if plan is not None:
        central = Target.objects.filter(plan=plan, depth=1).count()
        section.paragraphs.append(
            f"全年{central}项中心工作量化分解到各职能股、室、处、中心和司法所，任务到单位，责任到个人。"
        )
    lights = "、".join(f"{name}{own.lights.get(code, 0)}项" for code, name in LIGHT_NAMES)
    section.paragraphs.append(
        f"截至{today.year}年{today.month}月{today.day}日，目标得分{_number(own.base)}分（百分制），"
        f"加减分{_number(own.adjustments)}分，综合得分{_number(own.total)}分；目标任务{lights}。"
    )
    section.chart = lights_chart(own.lights, year)
    section.figures = {
        "目标得分": _number(own.base),
        "加减分": _number(own.adjustments),
        "综合得分": _number(own.total),
    }
    section.figures.update({name: own.lights.get(code, 0) for code, name in LIGHT_NAMES})
    parent = Unit.objects.get_parent(unit)
    if parent is not None:
        for kind, scores in targets.ranking(parent, year, today).items():
            mine = next((s for s in scores if s.unit.pk == unit.pk), None)
            if mine is not None:
                section.paragraphs.append(f"在{parent.name}所属{kind}中排名第{mine.rank}位（共{len(scores)}个）。")
    rows = [
        [kind, s.rank, s.unit.name, _number(s.base), _number(s.adjustments), _number(s.total)]
        + [s.lights.get(code, 0) for code, _name in LIGHT_NAMES]
        for kind, scores in groups.items()
        for s in scores
    ]
    if rows:
        section.paragraphs.append("所属单位目标考核情况见下表。")
        section.table = (["类别", "名次", "单位", "目标得分", "加减分", "综合得分", "绿灯", "黄灯", "红灯"], rows)
        section.widths_mm = [24, 12, 40, 16, 14, 16, 11, 11, 11]
    return section


def lights_chart(lights: dict[str, int], year: int) -> Chart:
    """The targets' lights as the big screen's pie draws them (``dashboard.screen.lights_slices``)."""
    slices = screen.lights_slices(lights)
    return Chart(
        "pie", f"{year}年目标任务红黄绿灯", [str(s["name"]) for s in slices],
        [Series("目标任务", [s["value"] for s in slices])], unit="项", colors=[s["color"] for s in slices],
    )  # fmt: skip


def statistics_chart(unit: Unit, year: int) -> Chart | None:
    """The year's headline indicator month by month against the year before, as the big screen's bars
    (``dashboard.screen.statistics_chart``, ``statistics.services.monthly_series``)."""
    data = screen.statistics_chart(unit, year)
    if not data["indicator"]:
        return None
    return Chart(
        "bar", f"{data['indicator']}（{data['unit']}）逐月情况", data["months"],
        [Series(f"{year}年", data["this_year"]), Series(f"{year - 1}年", data["last_year"], "#9e9e9e")],
        unit=data["unit"],
    )  # fmt: skip


def meetings_section(unit: Unit, year: int, today: datetime.date) -> Section:
    report = meetings.compliance(unit=unit, period=meetings.parse_period(str(year)), today=today)
    section = Section("组织生活")
    if not report.orgs:
        section.paragraphs.append(f"{year}年无需召开“三会一课”的党组织。")
        return section
    section.paragraphs.append(
        f"{year}年各党组织按规定应召开“三会一课”等组织生活会议{report.due}次，已召开{report.held}次，"
        f"未召开{report.missing}次，落实率{_number(report.compliance_rate)}%，"
        f"党员参会率{_number(report.attendance_rate)}%。"
    )
    section.figures = {
        "应开": report.due, "已开": report.held, "未开": report.missing,
        "落实率": _number(report.compliance_rate), "参会率": _number(report.attendance_rate),
    }  # fmt: skip
    missed = [o for o in report.orgs if o.missing_items]
    if missed:
        section.paragraphs.append("未按规定召开的：" + "；".join(_missed(o) for o in missed) + "。")
    return section


def _missed(org) -> str:
    """What one organization missed: named when few, counted when many (as the compliance page does)."""
    items = org.missing_items
    if len(items) <= MISSED_NAMED:
        return org.org.name + "、".join(f"{i.period.label}{i.rule.label}" for i in items)
    return f"{org.org.name}共{len(items)}次"


def business_section(unit: Unit, year: int) -> Section:
    figures = statistics.rollup(unit, datetime.date(year, 1, 1), datetime.date(year, 12, 1))
    if all(f.value is None for f in figures):
        return Section("业务工作", [f"{year}年尚无已审核的业务统计数据。"])
    return Section("业务工作", [statistics.paragraph(unit, year)], chart=statistics_chart(unit, year))


def year_summary(unit: Unit, year: int, today: datetime.date | None = None) -> YearSummary:
    today = today or timezone.localdate()
    as_of = min(today, datetime.date(year, 12, 31))
    sections = [
        people_section(unit),
        targets_section(unit, year, as_of),
        meetings_section(unit, year, as_of),
        business_section(unit, year),
    ]
    return YearSummary(unit, year, as_of, sections)


def year_summary_docx(summary: YearSummary, *, number: str | None = None, today: datetime.date | None = None) -> bytes:
    """The summary as a Word document in official layout, issued by the unit."""
    today = today or timezone.localdate()
    document = OfficialDocument()
    document.masthead(f"{summary.unit.name}文件", number)
    document.title(summary.title)
    for section in summary.sections:
        document.heading(section.heading, 1)
        for text in section.paragraphs:
            document.paragraph(text)
        if section.chart:
            charts.draw(document, section.chart)
        if section.table:
            document.table(*section.table, widths_mm=section.widths_mm)
    document.signature(summary.unit.name, today)
    parent = Unit.objects.get_parent(summary.unit)
    document.imprint(
        copies_to=[parent.name] if parent is not None else [], printer=f"{summary.unit.name}办公室", printed_on=today
    )
    return document.to_bytes()
