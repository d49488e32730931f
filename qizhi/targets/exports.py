"""The plan (目标责任分解表) and the ranking (目标考核排名表) as .xlsx report forms."""

from __future__ import annotations

from qizhi.core.sheets import new_report, number_or_dash

PLAN_HEADER = (
    "序号",
    "层级",
    "类别",
    "任务",
    "责任单位",
    "责任人",
    "指标",
    "目标值",
    "计量单位",
    "分值",
    "完成时限",
    "完成值",
    "完成度（%）",
    "状态",
)
PLAN_WIDTHS = (6, 6, 8, 40, 16, 10, 16, 10, 8, 8, 14, 10, 10, 8)
RANK_HEADER = (
    "名次",
    "单位",
    "类型",
    "完成分值",
    "应得分值",
    "目标得分（百分制）",
    "加减分",
    "综合得分",
    "绿灯",
    "黄灯",
    "红灯",
)
RANK_WIDTHS = (6, 24, 12, 10, 10, 10, 10, 12, 6, 6, 6)
LIGHT_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}


def plan_xlsx(plan, rows: list[dict], *, preparer: str, mark: str = "") -> bytes:
    form = new_report(
        f"{plan.title}目标责任分解表", "目标分解", PLAN_HEADER, PLAN_WIDTHS, unit=plan.unit.name,
        period=f"{plan.year}年", preparer=preparer, reviewer="", mark=mark, freeze="E6",
    )  # fmt: skip
    lines = []
    for number, row in enumerate(rows, start=1):
        t = row["target"]
        lines.append((
            number, t.depth, t.get_family_display(), "　" * (t.depth - 1) + t.title, t.owner_unit.name,
            str(t.owner_person or ""), t.measure or t.get_kind_display(), number_or_dash(t.goal), t.unit_of_measure,
            number_or_dash(t.weight), t.deadline, number_or_dash(t.actual), float(t.percent),
            LIGHT_LABELS[row["light"]],
        ))  # fmt: skip
    form.add_rows(lines)
    form.note("审核人：　　　　　　　　单位负责人：")
    return form.to_bytes()


def ranking_xlsx(unit, year: int, groups: dict, *, preparer: str, mark: str = "") -> bytes:
    form = new_report(
        f"{unit.name}{year}年度目标考核排名表", "考核排名", RANK_HEADER, RANK_WIDTHS, unit=unit.name,
        period=f"{year}年", preparer=preparer, reviewer="", mark=mark,
    )  # fmt: skip
    lines = []
    for kind, scores in groups.items():
        for s in scores:
            lines.append((
                s.rank, s.unit.name, kind,
                *map(number_or_dash, (s.earned, s.possible, s.base, s.adjustments, s.total)),
                s.lights["green"], s.lights["yellow"], s.lights["red"],
            ))  # fmt: skip
    form.add_rows(lines)
    return form.to_bytes()
