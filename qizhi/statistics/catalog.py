"""The catalog shipped with Qizhi: the figures of seed 000's year (DOMAIN.md §6), as data.

Loaded by a data migration and editable by administrators afterwards.
"""

from __future__ import annotations

# code, name, unit of measure, line, time aggregation, integer, reporting unit kinds, at_most, ratio parts
INDICATORS = (
    ("notarizations", "公证事务", "件", "notary", "sum", True, ["notary_office"], None, None),
    (
        "lawyer_cases",
        "经济、民事、行政案件",
        "件",
        "lawyers",
        "sum",
        True,
        ["law_firm", "legal_service_office"],
        None,
        None,
    ),
    ("criminal_defences", "刑事辩护", "件", "lawyers", "sum", True, ["law_firm"], None, None),
    (
        "documents_drafted",
        "代书",
        "件",
        "lawyers",
        "sum",
        True,
        ["legal_service_office", "judicial_office"],
        None,
        None,
    ),
    ("adviser_contracts", "法律顾问", "家", "lawyers", "sum", True, ["law_firm", "legal_service_office"], None, None),
    ("forensic_appraisals", "司法鉴定", "件", "forensic", "sum", True, ["bureau"], None, None),
    ("legal_aid_cases", "法律援助案件", "件", "legal_aid", "sum", True, ["legal_aid_center"], None, None),
    ("disputes_accepted", "调处矛盾纠纷", "件", "mediation", "sum", True, ["judicial_office"], None, None),
    ("disputes_succeeded", "调处成功", "件", "mediation", "sum", True, ["judicial_office"], "disputes_accepted", None),
    (
        "mediation_rate",
        "调处成功率",
        "%",
        "mediation",
        "sum",
        False,
        [],
        None,
        ("disputes_succeeded", "disputes_accepted"),
    ),
    ("released_resettled", "接收安置刑释解教人员", "人", "resettlement", "sum", True, ["judicial_office"], None, None),
    ("under_correction", "社区矫正对象", "人", "correction", "period_end", True, ["judicial_office"], None, None),
    ("losses_avoided", "挽回或避免经济损失", "万元", "mediation", "sum", False, ["judicial_office"], None, None),
)

# The year's paragraph (seed 000), with a placeholder per indicator code; administrators may edit it.
PARAGRAPH = (
    "一年来，共办理各类公证事务{notarizations}件，办理经济、民事、行政案件{lawyer_cases}件，刑事辩护{criminal_defences}件，"
    "代书{documents_drafted}件，签订法律顾问{adviser_contracts}家，司法鉴定{forensic_appraisals}件，"
    "办理法律援助案件{legal_aid_cases}件，调处各类矛盾纠纷{disputes_accepted}件，成功{disputes_succeeded}件，"
    "调处成功率达{mediation_rate}%，接收安置刑释解教人员{released_resettled}人，社区矫正对象{under_correction}人。"
)


def load(apps, schema_editor=None) -> None:
    Indicator = apps.get_model("statistics", "Indicator")
    by_code = {}
    for position, (code, name, unit, line, time, integer, kinds, _at_most, _ratio) in enumerate(INDICATORS):
        by_code[code], _ = Indicator.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "unit_of_measure": unit,
                "line": line,
                "time_aggregation": time,
                "integer": integer,
                "reporting_kinds": kinds,
                "position": position,
            },
        )
    for code, *_rest, at_most, ratio in INDICATORS:
        indicator = by_code[code]
        indicator.at_most = by_code[at_most] if at_most else None
        indicator.numerator, indicator.denominator = (by_code[ratio[0]], by_code[ratio[1]]) if ratio else (None, None)
        indicator.save()
    Template = apps.get_model("statistics", "ParagraphTemplate")
    Template.objects.get_or_create(name="年度工作概述", defaults={"text": PARAGRAPH})


def ensure() -> None:
    """Load the catalog if the table is empty (a flushed test database, a restored empty backup)."""
    from django.apps import apps

    if not apps.get_model("statistics", "Indicator").objects.exists():
        load(apps)
