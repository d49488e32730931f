"""Reminders: per responsible secretary, the organizations' meetings falling due and overdue.

The figures come from ``services.due.reminders`` (itself the one compliance function); this module
only decides who is responsible and words the in-app notification.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from qizhi.accounts.services import holders
from qizhi.core.notifications import notify
from qizhi.meetings.services.due import Reminder, reminders
from qizhi.party.choices import OfficerRole, PartyOrgKind
from qizhi.party.models import Officer, PartyOrg


@dataclass
class Letter:
    recipient: object
    title: str
    url: str
    lines: list[str] = field(default_factory=list)


def responsible(orgs: list[PartyOrg], today: datetime.date) -> dict[int, list]:
    """Who answers for each organization: the secretary of its current term (a group: of its
    branch) when that person has a login; otherwise whoever holds 支部书记 over its unit."""
    branch_of = {org.pk: parent_branch(org, orgs) for org in orgs}
    secretaries = Officer.objects.filter(
        role=OfficerRole.SECRETARY,
        term__party_org__in=set(branch_of.values()),
        term__start_date__lte=today,
        term__end_date__gte=today,
        person__user__isnull=False,
        person__user__is_active=True,
    ).values_list("term__party_org_id", "person__user")
    users: dict[int, set] = defaultdict(set)
    for org_id, user_id in secretaries:
        users[org_id].add(user_id)
    from django.contrib.auth import get_user_model

    by_id = get_user_model().objects.in_bulk({u for ids in users.values() for u in ids})
    result, fallback = {}, {}
    for org in orgs:
        found = [by_id[u] for u in users.get(branch_of[org.pk], ())]
        if not found:
            if org.unit_id not in fallback:  # one query per unit without a secretary's login
                fallback[org.unit_id] = list(holders(org.unit, ["branch_secretary"]))
            found = fallback[org.unit_id]
        result[org.pk] = found
    return result


def parent_branch(org: PartyOrg, orgs: list[PartyOrg]) -> int:
    if org.kind != PartyOrgKind.GROUP:
        return org.pk
    parent_path = org.parent_path
    return next((o.pk for o in orgs if o.path == parent_path), org.pk)


def letters(*, unit, today: datetime.date, days: int = 7) -> list[Letter]:
    """One letter per responsible user, listing every organization they answer for."""
    found = reminders(unit=unit, today=today, days=days)
    if not found:
        return []
    who = responsible([r.org for r in found], today)
    by_user: dict[int, Letter] = {}
    url = reverse("meetings:compliance") + f"?unit={unit.pk}&period={today.year}"
    for reminder in found:
        for user in who[reminder.org.pk]:
            letter = by_user.setdefault(user.pk, Letter(user, "", url))
            letter.lines += describe(reminder)
    for letter in by_user.values():
        letter.title = _("组织生活提醒：{count}项待办").format(count=len(letter.lines))
    return list(by_user.values())


def describe(reminder: Reminder) -> list[str]:
    org = reminder.org
    lines = [
        _("{org}：{period}{kind}将于{end}到期，尚未召开").format(
            org=org, period=i.period.label, kind=i.rule.label, end=i.period.end.strftime("%Y年%m月%d日")
        )
        for i in reminder.due_soon
    ]
    lines += [
        _("{org}：{period}{kind}已逾期未召开").format(org=org, period=i.period.label, kind=i.rule.label)
        for i in reminder.overdue
    ]
    lines += [
        _("{org}：计划于{date}召开{kind}“{topic}”").format(
            org=org, date=m.date.strftime("%Y年%m月%d日"), kind=m.get_kind_display(), topic=m.topic
        )
        for m in reminder.planned
    ]
    return lines


def send(letter: Letter) -> None:
    notify([letter.recipient], title=letter.title, url=letter.url, body="\n".join(letter.lines))
