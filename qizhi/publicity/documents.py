"""A bulletin issue as an official-layout Word file (the ``qizhi.documents`` engine, GB/T 9704)."""

from __future__ import annotations

from qizhi.documents.official import OfficialDocument
from qizhi.publicity.models import BulletinIssue


def issue_docx(issue: BulletinIssue) -> bytes:
    """版头: the series' name and 期号, the issuer and date; then the title and the text, one paragraph a line."""
    document = OfficialDocument()
    document.title(issue.bulletin.name)
    document.paragraph(f"{issue.label}　　{issue.bulletin.issuer_name}　　{_date(issue.issued_on)}")
    document.title(issue.title)
    for text in issue.paragraphs or ["（无正文）"]:
        document.paragraph(text)
    document.imprint(copies_to=[], printer=issue.bulletin.issuer_name, printed_on=issue.issued_on)
    return document.to_bytes()


def _date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
