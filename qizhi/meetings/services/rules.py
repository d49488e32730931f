"""The compliance rules as data: read once per report, changed only by administrators."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qizhi.core.forms import MISSING_VERSION
from qizhi.core.refusals import Refused
from qizhi.core.scoping import keeps_catalogs
from qizhi.meetings import default_rules
from qizhi.meetings.models import ComplianceRule
from qizhi.meetings.services.compliance import Rule
from qizhi.party.choices import PartyOrgKind


def active_rules() -> list[Rule]:
    """The rules in force, as the computation reads them: one query."""
    return [
        Rule(r.kind, r.frequency, tuple(r.org_kinds), r.minimum) for r in ComplianceRule.objects.filter(active=True)
    ]


def may_edit_rules(user) -> bool:
    """The rules bind every organization of the deployment: a superuser, or the 系统管理员 role over the whole
    unit tree (``keeps_catalogs``), not a county's administrator."""
    return keeps_catalogs(user)


def check_rule(rule: ComplianceRule) -> None:
    """A meeting kind is ruled once per kind of organization among the active rules (twice would count
    its periods twice), and a rule applies to some organization."""
    field = ComplianceRule._meta.get_field("org_kinds")
    if not rule.org_kinds:
        raise ValidationError({"org_kinds": _("请至少选择一种{field}").format(field=field.verbose_name)})
    if not rule.active:
        return
    others = ComplianceRule.objects.filter(active=True, kind=rule.kind).exclude(pk=rule.pk)
    for other in others:
        shared = set(other.org_kinds) & set(rule.org_kinds)
        if shared:
            raise ValidationError(
                {
                    "org_kinds": _("{field}：{orgs}的{kind}已有启用的规则“{other}”").format(
                        field=field.verbose_name, orgs=field.labels(sorted(shared)), kind=rule.get_kind_display(),
                        other=other,
                    )
                }
            )  # fmt: skip


@transaction.atomic
def save_rule(rule: ComplianceRule, *, by, version: int | None = None) -> ComplianceRule:
    """Add or change a rule: administrators only. A change carries the version it started from and is
    written over that version only (``StaleRecord`` if someone saved in between)."""
    if not may_edit_rules(by):
        raise Refused(_("只有系统管理员可以修改组织生活规则"))
    if rule.pk is not None:
        if version is None:
            raise ValidationError({"version": MISSING_VERSION})
        rule.expect_version(version)
    rule.full_clean()
    rule.org_kinds = [kind for kind in PartyOrgKind.values if kind in rule.org_kinds]  # one order: no false changes
    check_rule(rule)
    rule.stamp(by)
    rule.save()
    return rule


def ensure_rules() -> None:
    """Load the shipped rules into an empty table (a transactional test empties what the migration filled)."""
    default_rules.load(apps)
