"""A 简报 issue in the briefing layout: the bulletin's name in red, the issue's number, the issuer and the date
above a red line, the title and the text, and at the foot the 报 and 发 lines — 报 the unit's superior, 发 its
own units, as the unit tree names them (an issue records no distribution list of its own)."""

from __future__ import annotations

from dataclasses import dataclass

from qizhi.documents.official import OfficialDocument
from qizhi.org.models import Unit
from qizhi.publicity.models import BulletinIssue

MAX_NAMED = 8  # more units than this are 发 as one phrase, not by name


@dataclass
class Briefing:
    issue: BulletinIssue
    report_to: str  # 报
    send_to: str  # 发

    @property
    def title(self) -> str:
        return f"{self.issue.bulletin.name}{self.issue.label}"


def briefing(issue: BulletinIssue) -> Briefing:
    """``issue`` with ``bulletin__unit`` selected: its unit's parent and children are read from the tree."""
    unit = issue.bulletin.unit
    parent = Unit.objects.get_parent(unit)
    children = [child.name for child in Unit.objects.get_children(unit)]
    send_to = "、".join(children) if len(children) <= MAX_NAMED else f"{unit.name}各内设机构和下属单位"
    return Briefing(issue, parent.name if parent else "", send_to)


def briefing_docx(item: Briefing) -> bytes:
    issue = item.issue
    document = OfficialDocument()
    document.briefing_head(issue.bulletin.name, issue.label, issue.bulletin.issuer_name, issue.issued_on)
    document.title(issue.title)
    for text in issue.paragraphs or ["（无正文）"]:
        document.paragraph(text)
    if issue.editor:
        document.paragraph(f"（编辑：{issue.editor}）")
    lines = [f"报：{item.report_to}。"] if item.report_to else []
    lines += [f"发：{item.send_to}。"] if item.send_to else []
    document.distribution(lines or [f"发：{issue.bulletin.issuer_name}。"])
    return document.to_bytes()
