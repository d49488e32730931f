"""The compliance rules Qizhi ships (issue 5): plain data, loaded into ``ComplianceRule`` by a data migration
and by ``services.rules.ensure_rules``, and editable by administrators afterwards."""

BRANCHES = ["general_branch", "branch"]  # in the order of PartyOrgKind, as the form saves them

# meeting kind, frequency, organization kinds, at least this many times a period
DEFAULT_RULES = [
    ("branch_committee", "month", BRANCHES, 1),
    ("branch_assembly", "quarter", BRANCHES, 1),
    ("group_meeting", "month", ["group"], 1),
    ("party_lecture", "quarter", BRANCHES, 1),
    ("organizational_life", "year", BRANCHES, 1),
    ("democratic_life", "year", ["leading_group"], 1),
    ("theme_day", "month", BRANCHES, 1),
]


def load(apps, schema_editor=None) -> None:
    """Add the shipped rules where no rule of that meeting kind exists (never overwriting an edited one), each
    with its first history row, so that an administrator's first edit shows what it changed."""
    from django.utils import timezone

    ComplianceRule = apps.get_model("meetings", "ComplianceRule")
    History = apps.get_model("meetings", "HistoricalComplianceRule")
    existing = set(ComplianceRule.objects.values_list("kind", flat=True))
    for kind, frequency, org_kinds, minimum in DEFAULT_RULES:
        if kind in existing:
            continue
        rule = ComplianceRule.objects.create(kind=kind, frequency=frequency, org_kinds=org_kinds, minimum=minimum)
        if not History.objects.filter(id=rule.pk).exists():  # a migration's model sends no history signal
            History.objects.create(
                id=rule.pk, created_at=rule.created_at, kind=kind, org_kinds=org_kinds, frequency=frequency,
                minimum=minimum, active=True, note="", history_date=timezone.now(), history_type="+",
            )  # fmt: skip
