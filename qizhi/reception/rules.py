"""The default rule table and the holiday names: plain data (read by the data migration too)."""

from qizhi.reception.choices import CaseKind, Counting, Stage, Start

# The legal time limits (信访条例; 政府信息公开条例 2019), loaded into ``ClockRule`` and editable there.
DEFAULT_RULES = [
    (CaseKind.VISIT, Stage.ACCEPT, 15, Counting.CALENDAR, Start.RECEIVED, 0, "信访条例第二十二条"),
    (CaseKind.VISIT, Stage.CLOSE, 60, Counting.CALENDAR, Start.ACCEPTED, 30, "信访条例第三十三条"),
    (CaseKind.LETTER, Stage.ACCEPT, 15, Counting.CALENDAR, Start.RECEIVED, 0, "信访条例第二十二条"),
    (CaseKind.LETTER, Stage.CLOSE, 60, Counting.CALENDAR, Start.ACCEPTED, 30, "信访条例第三十三条"),
    (CaseKind.REVIEW, Stage.CLOSE, 30, Counting.CALENDAR, Start.RECEIVED, 30, "信访条例第三十四条"),
    (CaseKind.RE_REVIEW, Stage.CLOSE, 30, Counting.CALENDAR, Start.RECEIVED, 30, "信访条例第三十五条"),
    (CaseKind.DISCLOSURE, Stage.CLOSE, 20, Counting.WORKING, Start.RECEIVED, 20, "政府信息公开条例第三十三条"),
]


HOLIDAY_NAMES = {
    "New Year's Day": "元旦", "Spring Festival": "春节", "Tomb-sweeping Day": "清明节", "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节", "National Day": "国庆节", "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}  # fmt: skip
