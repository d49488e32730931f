"""The compliance table's rows and its items drawn as Bootstrap badges:
``{% load compliance_badges %}{% compliance_rows report meeting_list list_held %}``.

Built here, not by a template loop with an include per item: a city's year has about a hundred
organizations and thousands of items, and the loop was a third of the page's time (bench/README.md).
Only the organization's name is text a user typed; it is escaped, and every other value is a number
or a label of ours, escaped all the same by ``format_html``.
"""

from __future__ import annotations

from django import template
from django.utils.formats import localize
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


def held_cell(entry: OrgCompliance, held: int, list_held: bool) -> SafeString:
    """What was held: a count that opens onto its badges (a county's page) or the count alone (a city's)."""
    if not held:
        return mark_safe("")
    count = _("已召开%(n)s项") % {"n": held}
    if list_held:
        return format_html(
            '<details class="d-inline small"><summary class="text-success">{}</summary>{}</details>',
            count, held_badges(entry),
        )  # fmt: skip
    return format_html('<span class="small text-success">{}</span>', count)


def row(entry: OrgCompliance, meeting_list: str, list_held: bool) -> SafeString:
    org, held, missing, rate = entry.org, entry.held, entry.missing, entry.attendance_rate
    return format_html(
        '<tr data-org="{}"><td class="text-nowrap"><a href="{}?party_org={}">{}</a></td>'
        '<td class="text-end">{}</td><td class="text-end">{}</td><td class="text-end{}">{}</td>'
        '<td class="text-end">{}</td><td>{}{}</td></tr>\n',
        org.name, meeting_list, org.pk, org.name,
        entry.due, held, " text-danger fw-semibold" if missing else "", missing,
        "—" if rate is None else f"{localize(rate)}%",
        pending_badges(entry), held_cell(entry, held, list_held),
    )  # fmt: skip


@register.simple_tag
def compliance_rows(report, meeting_list: str, list_held: bool) -> SafeString:
    """The table's body: one row per organization (its link, due, held, missing, attendance rate and
    items), or a row saying there is none."""
    if not report.orgs:
        none = _("该单位没有需要召开组织生活的党组织")
        return format_html('<tr><td colspan="6" class="text-muted">{}</td></tr>', none)
    return mark_safe("".join(row(entry, meeting_list, bool(list_held)) for entry in report.orgs))
