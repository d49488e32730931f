"""Compliance items drawn as Bootstrap badges: ``{% load compliance_badges %}{% pending_badges o %}``.

Built by ``format_html`` here, not by a template include per item: a city's year has thousands of
items (bench/README.md).
"""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from qizhi.meetings.services.compliance import HELD, MISSING, NOT_DUE, OPEN, Item, OrgCompliance

register = template.Library()

BADGE_CSS = {HELD: "text-bg-success", MISSING: "text-bg-danger", OPEN: "text-bg-light border", NOT_DUE: ""}
BACKFILLED_CSS = "text-bg-success bg-opacity-50 text-dark"


def badge(item: Item) -> SafeString:
    """One item: its period and meeting kind, its state as the title, 补录 when entered after the fact."""
    css = BADGE_CSS[item.state]
    label = item.period.label + item.rule.label
    suffix = _("（{state}）").format(state=item.state_label) if item.state == OPEN else ""
    if item.backfilled:
        suffix = _("（补录）") if item.backfilled == item.held else _("（含补录）")
        css = BACKFILLED_CSS
    return format_html(
        '<span class="badge {} me-1" data-kind="{}" data-period="{}" data-state="{}" data-backfilled="{}" '
        'title="{}：{}">{}{}</span>',
        css, item.rule.kind, item.period.key, item.state, item.backfilled, label, item.state_label, label, suffix,
    )  # fmt: skip


@register.simple_tag
def pending_badges(entry: OrgCompliance) -> SafeString:
    """Badges of what is missing or still open (the page shows these first)."""
    return mark_safe("".join(badge(i) for i in entry.items if i.state in (MISSING, OPEN)))


@register.simple_tag
def held_badges(entry: OrgCompliance) -> SafeString:
    return mark_safe("".join(badge(i) for i in entry.items if i.state == HELD))
