"""Reception data in the test personas' bureaus, built on demand, and the scoping samples."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model

from qizhi.core.testing import PERSONA_HOOKS, sample
from qizhi.org.testing import Bureau
from qizhi.reception import services
from qizhi.reception.choices import CaseKind, Channel
from qizhi.reception.models import CalendarDay, Case, CaseStep, ClockRule, ClockStop, DutySlot, Handover

RECEIVED = datetime.date(2026, 11, 16)  # a Monday, before the frozen today (2026-12-03)

PERSONA_HOOKS.append(services.ensure_rules)


def reception_of(bureau: Bureau) -> dict:
    """The judicial office's duty week (its head, 所长接待日), a visit its head registered there (the
    owner) with a step and a clock stop, and a pending 转办 to the bureau's party-affairs officer."""
    if "reception" in bureau.__dict__:
        return bureau.__dict__["reception"]
    actor = get_user_model().objects.get(username=bureau.unit_head.username)
    office = bureau.judicial_office
    slot = services.generate_roster(office, [bureau.people[1]], start=RECEIVED, weeks=1, by=actor)[0]
    registered = services.register_case(
        unit=office, kind=CaseKind.VISIT, channel=Channel.VISIT, subject=f"{bureau.unit.name[:2]}邻里纠纷",
        content="反映相邻通行纠纷，请求司法所调解", received_on=RECEIVED, by=actor, owner=actor,
        citizen_name="王某某", citizen_phone="13800000000",
    )  # fmt: skip
    case = registered.case
    step = services.add_step(case, on=RECEIVED, text="电话联系双方当事人", by=actor)
    stop = services.stop_clock(case, start=datetime.date(2026, 11, 18), reason="等待补充材料", by=actor)
    services.resume_clock(case, on=datetime.date(2026, 11, 20), by=actor)
    handover = services.hand_over(case, to=bureau.party_affairs, to_unit=bureau.unit, reason="涉及局机关", by=actor)
    bureau.__dict__["reception"] = {
        "slot": slot, "case": case, "code": registered.code, "step": step, "stop": stop, "handover": handover,
    }  # fmt: skip
    return bureau.__dict__["reception"]


@sample(DutySlot)
def _slot_sample(bureau: Bureau):
    return reception_of(bureau)["slot"]


@sample(Case)
def _case_sample(bureau: Bureau):
    return reception_of(bureau)["case"]


@sample(CaseStep)
def _step_sample(bureau: Bureau):
    return reception_of(bureau)["step"]


@sample(ClockStop)
def _stop_sample(bureau: Bureau):
    return reception_of(bureau)["stop"]


@sample(Handover)
def _handover_sample(bureau: Bureau):
    return reception_of(bureau)["handover"]


# The deployment-wide tables (the same for every bureau: exempt from the scoping matrix) have edit
# pages, whose version checks need a row.


@sample(CalendarDay)
def _calendar_day_sample(bureau: Bureau):
    day, _created = CalendarDay.objects.get_or_create(
        date=datetime.date(2026, 10, 1), defaults={"kind": "holiday", "name": "国庆节"}
    )
    return day


@sample(ClockRule)
def _clock_rule_sample(bureau: Bureau):
    services.ensure_rules()
    return ClockRule.objects.get(case_kind=CaseKind.VISIT, stage="accept")
