"""A meeting's record (会议记录) as a Word document: the particulars, the agenda, the minutes as kept
(their sanitized HTML read as paragraphs) and the attendance sheet with room to sign."""

from __future__ import annotations

from html.parser import HTMLParser

from qizhi.documents.official import OfficialDocument, chinese_date
from qizhi.meetings import services as meetings

BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "blockquote"}


class _Paragraphs(HTMLParser):
    """The text of an HTML fragment, one string per block element."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in BLOCKS:
            self.flush()

    def handle_endtag(self, tag):
        if tag in BLOCKS:
            self.flush()

    def handle_data(self, data):
        self.current.append(data)

    def flush(self):
        text = "".join(self.current).strip()
        if text:
            self.paragraphs.append(text)
        self.current = []


def html_paragraphs(html: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(html or "")
    parser.close()
    parser.flush()
    return parser.paragraphs


def meeting_record_docx(meeting, attendances: list) -> bytes:
    document = OfficialDocument()
    document.title(f"{meeting.organizer}{meeting.get_kind_display()}记录")
    when = chinese_date(meeting.date) + (f" {meeting.start_time:%H:%M}" if meeting.start_time else "")
    for label, value in (
        ("会议主题", meeting.topic), ("时间", when), ("地点", meeting.place),
        ("主持人", meeting.host or ""), ("记录人", meeting.recorder or ""),
    ):  # fmt: skip
        document.paragraph(f"{label}：{value}")
    summary = meetings.attendance_summary(meeting)
    rate = "—" if summary["rate"] is None else f"{summary['rate']}%"
    document.paragraph(
        f"应到{summary['expected']}人，实到{summary['present'] + summary['late']}人"
        f"（迟到{summary['late']}人），缺席{summary['absent']}人（未请假{summary['unexcused']}人），出席率{rate}。"
    )
    if meeting.agenda:
        document.heading("会议议程", 1)
        for line in meeting.agenda.splitlines():
            if line.strip():
                document.paragraph(line.strip())
    document.heading("会议记录", 1)
    for text in html_paragraphs(meeting.minutes) or ["（未填写）"]:
        document.paragraph(text)
    document.heading("签到表", 1)
    rows = [[n, a.person.name, a.person.unit.name, a.describe(), "", a.note] for n, a in enumerate(attendances, 1)]
    document.table(["序号", "姓名", "单位", "出席情况", "签名", "备注"], rows, widths_mm=[14, 22, 40, 22, 34, 24])
    return document.to_bytes()
