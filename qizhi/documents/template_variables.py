"""What a user template of each kind may name (the variables, shown on the upload page), how to write one
(the rules), and sample figures of the same shape for the upload's trial render (``user_templates``)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qizhi.documents.choices import TemplateKind


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    example: str = ""


COMMON = (
    Variable("标题", gettext_lazy("文书标题"), "云溪县司法局2026年工作总结"),
    Variable("年度", gettext_lazy("年度（数字）"), "2026"),
    Variable("截至日期", gettext_lazy("数据截至日期（日期，可用 |中文日期 过滤器）"), "{{ 截至日期|中文日期 }}"),
    Variable("成文日期", gettext_lazy("成文日期，即下载当天（日期）"), "{{ 成文日期|中文日期 }}"),
    Variable(
        "各部分",
        gettext_lazy("全部章节（列表），每项有 标题、段落（列表）、表头（列表）、表格（行的列表）"),
        "{%p for 部分 in 各部分 %}…{%p endfor %}",
    ),
)

VARIABLES: dict[str, tuple[Variable, ...]] = {
    TemplateKind.YEAR_SUMMARY: (
        Variable("单位", gettext_lazy("单位名称"), "云溪县司法局"),
        Variable("上级单位", gettext_lazy("上级单位名称（无则为空）"), "江城市司法局"),
        Variable("发文字号", gettext_lazy("下载时填写的发文字号（未填则为空）"), "云司发〔2026〕3号"),
        *COMMON,
        Variable("队伍基本情况", gettext_lazy("第一部分的正文"), "云溪县司法局现有退休和在职干警、职工85人……"),
        Variable("目标管理工作", gettext_lazy("第二部分的正文"), "全年12项中心工作量化分解……"),
        Variable("组织生活", gettext_lazy("第三部分的正文"), "2026年各党组织按规定应召开……"),
        Variable("业务工作", gettext_lazy("第四部分的正文"), "公证事务1855件……"),
        Variable(
            "人员",
            gettext_lazy(
                "人员数字：总数、退休、在职、党员、非党员、在职党员、在职党员占比、党支部数、党支部（名称列表）"
            ),
            "{{ 人员.党员 }}",
        ),
        Variable("目标", gettext_lazy("目标考核：目标得分、加减分、综合得分、绿灯、黄灯、红灯"), "{{ 目标.综合得分 }}"),
        Variable("会议", gettext_lazy("三会一课：应开、已开、未开、落实率、参会率"), "{{ 会议.落实率 }}"),
        Variable(
            "考核表",
            gettext_lazy(
                "所属单位考核（行的列表），每行有 类别、名次、单位、目标得分、加减分、综合得分、绿灯、黄灯、红灯"
            ),
            "{%tr for 行 in 考核表 %} … {{ 行.单位 }} … {%tr endfor %}",
        ),
        Variable("目标灯图", gettext_lazy("红黄绿灯饼图（图片，单独成段）"), "{{ 目标灯图 }}"),
        Variable("业务图", gettext_lazy("主要业务指标逐月柱状图（图片，无数据时为空）"), "{{ 业务图 }}"),
    ),
    TemplateKind.BRANCH_REPORT: (
        Variable("党组织", gettext_lazy("党支部名称"), "机关第一党支部"),
        Variable("上级党组织", gettext_lazy("上级党组织名称（无则为空）"), "中共云溪县司法局机关委员会"),
        *COMMON,
        Variable("支部基本情况", gettext_lazy("第一部分的正文"), "机关第一党支部现有党员15人……"),
        Variable("组织生活", gettext_lazy("第二部分的正文"), "2026年按规定应召开……"),
        Variable("学习教育", gettext_lazy("第三部分的正文"), "2026年支部制定学习计划2个……"),
        Variable("党费收缴", gettext_lazy("第四部分的正文"), "2026年1月至12月应交党费……"),
        Variable(
            "党员",
            gettext_lazy("党员数字：总数、正式党员、预备党员、在职党员、退休党员、党小组"),
            "{{ 党员.总数 }}",
        ),
        Variable("会议表", gettext_lazy("三会一课落实（行的列表）：党组织、会议、应开、已开、未开"), "{{ 行.会议 }}"),
        Variable(
            "学习表",
            gettext_lazy("学习计划完成情况（行的列表）：学习计划、必学资料、参学人数、已完成人数、完成率"),
            "{{ 行.完成率 }}",
        ),
        Variable("党费表", gettext_lazy("各月党费（行的列表）：月份、党员人数、已交人数、应交、实交"), "{{ 行.实交 }}"),
    ),
}

# How to write a template: shown on the upload and template pages and written in docs/guide.md.
RULES = (
    gettext_lazy("在 Word 中用 {{ 变量 }} 填入文字，用 {{ 截至日期|中文日期 }} 写出“2026年12月3日”。"),
    gettext_lazy(
        "表格按行重复：在一行的第一个单元格写 {%tr for 行 in 考核表 %}，下一行写 {{ 行.单位 }} 等，再下一行写 "
        "{%tr endfor %}；写标签的两行在生成时消失。按列重复用 {%tc for … %}…{%tc endfor %}。"
    ),
    gettext_lazy(
        "普通的 {% for %}、{% if %} 必须在同一个单元格（或表格外的正文）内开始和结束，否则会破坏表格，上传时被拒绝；"
        "整段重复或整段可选用 {%p for … %}…{%p endfor %}、{%p if … %}…{%p endif %}。"
    ),
    gettext_lazy(
        "上传时检查：是否为不超过 5 MB 的 .docx 文件、Jinja 语法、未知变量、表格中的循环，并用示例数据试填一次；"
        "有问题时列出全部原因，不保存。"
    ),
    gettext_lazy(
        "模板只能读取变量表所列的文字和数字并用过滤器（如 |中文日期、|join('、')、|length）处理，不能调用方法或函数"
        "（如 .items()、range()），不能访问数据库或对象的内部属性（如 __class__）。"
    ),
    gettext_lazy("版式（A4 纸张、页边距、字体、版头、版记）由模板决定：请从示例模板改起，保持公文格式。"),
)

# A section's table under a variable name, with the names of its columns (the builders' headings, shortened).
TABLES = {
    "目标管理工作": ("考核表", ["类别", "名次", "单位", "目标得分", "加减分", "综合得分", "绿灯", "黄灯", "红灯"]),
    "组织生活": ("会议表", ["党组织", "会议", "应开", "已开", "未开"]),
    "学习教育": ("学习表", ["学习计划", "必学资料", "参学人数", "已完成人数", "完成率"]),
    "党费收缴": ("党费表", ["月份", "党员人数", "已交人数", "应交", "实交"]),
}
FIGURES = {"队伍基本情况": "人员", "目标管理工作": "目标", "组织生活": "会议", "支部基本情况": "党员"}


def names_of(kind: str) -> set[str]:
    return {variable.name for variable in VARIABLES[kind]}


def sample_context(kind: str) -> dict:
    """Figures like the demo bureau's, for the trial render of an upload: every name ``kind`` declares with a
    value of its shape, lists of two rows (a loop that breaks a table shows)."""
    names = names_of(kind)
    return {name: value for name, value in sample_values().items() if name in names}


def sample_values() -> dict:
    """Every name of every kind with a sample value."""
    day = datetime.date(2026, 12, 3)
    context = {
        "标题": _("示例单位2026年工作总结"), "年度": 2026, "截至日期": day, "成文日期": day,
        "各部分": [
            {"标题": "队伍基本情况", "段落": ["示例单位现有干警、职工85人。", "下设5个党支部。"], "表头": [],
             "表格": []},
            {"标题": "目标管理工作", "段落": ["目标得分96.5分。"], "表头": ["单位", "得分"],
             "表格": [["示例司法所", "98"], ["示例科室", "95"]]},
        ],
        "单位": "示例县司法局", "上级单位": "示例市司法局", "发文字号": "示司发〔2026〕3号",
        "队伍基本情况": "示例县司法局现有退休和在职干警、职工85人，其中退休职工24人，在职干警、职工61人。",
        "目标管理工作": "全年12项中心工作量化分解到各职能股、室和司法所。",
        "组织生活": "2026年各党组织按规定应召开“三会一课”等组织生活会议120次，已召开118次。",
        "业务工作": "全年办理公证事务1855件，调处各类矛盾纠纷7425件，成功7221件，调处成功率达97.3%。",
        "人员": {"总数": 85, "退休": 24, "在职": 61, "党员": 66, "非党员": 19, "在职党员": 45,
                 "在职党员占比": "74", "党支部数": 5, "党支部": ["机关第一党支部", "聚鑫律师党支部"]},
        "目标": {"目标得分": "96.5", "加减分": "1.5", "综合得分": "98", "绿灯": 10, "黄灯": 2, "红灯": 0},
        "会议": {"应开": 120, "已开": 118, "未开": 2, "落实率": "98.3", "参会率": "95.1"},
        "目标灯图": None, "业务图": None,
        "党组织": "示例党支部", "上级党组织": "示例机关党委",
        "支部基本情况": "示例党支部现有党员15人。", "学习教育": "2026年支部制定学习计划2个。",
        "党费收缴": "2026年1月至12月应交党费3600.00元，实交3650.00元。",
        "党员": {"总数": 15, "正式党员": 14, "预备党员": 1, "在职党员": 12, "退休党员": 3, "党小组": 2},
    }  # fmt: skip
    for heading, (table_name, columns) in TABLES.items():
        context[table_name] = [
            dict.fromkeys(columns, f"{heading[:2]}{index}") for index in (1, 2)
        ]  # fmt: skip
    return context
