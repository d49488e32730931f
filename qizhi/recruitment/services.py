"""The 发展党员 rules (中国共产党发展党员工作细则, 2014): each step's order, its legal clock and who may
record it. A premature step is refused with the rule it breaks; a late one is recorded and flagged.

Clocks count calendar months: "within one month" of 1 March is up to 1 April, of 31 January up to
28 (29) February; "one year" of 3 December 2025 ends on 3 December 2026, the first day allowed.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.core.refusals import Refused, lock
from qizhi.org.models import Person
from qizhi.party import services as party
from qizhi.party.choices import MEMBER_HOLDING, MembershipStatus
from qizhi.party.models import Membership, PartyOrg
from qizhi.recruitment.choices import Stage, Step
from qizhi.recruitment.models import OPEN_STAGES, Applicant

RULES = _("《中国共产党发展党员工作细则》")
TALK_WITHIN_MONTHS = 1  # 收到入党申请书后一个月内派人谈话
EXAMINE_EVERY_MONTHS = 6  # 入党积极分子每半年考察一次
ACTIVIST_MONTHS = 12  # 一年以上培养教育和考察，方可列为发展对象
TRAINING_HOURS = 24  # 集中培训不少于3天（或不少于24个学时）
ASSEMBLY_WITHIN_MONTHS = 1  # 预审后一个月内召开支部大会
APPROVAL_WITHIN_MONTHS = 3  # 上级党委三个月内审批
APPROVAL_AT_MOST_MONTHS = 6  # 特殊情况可延长，但不得超过六个月
PROBATION_MONTHS = 12  # 预备期一年
EXTENSION_MONTHS = (6, 12)  # 延长预备期不少于半年，最长不超过一年


def add_months(day: datetime.date, count: int) -> datetime.date:
    """The same day ``count`` months later, or that month's last day (31 January + 1 → 28 February)."""
    index = day.year * 12 + day.month - 1 + count
    year, month = index // 12, index % 12 + 1
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return min(
        day.replace(year=year, month=month, day=1) + datetime.timedelta(days=day.day - 1),
        following - datetime.timedelta(days=1),
    )


def zh(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


# --- Clocks -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Due:
    """A step still to take: not before ``earliest``, expected by ``due``, never after ``latest``."""

    step: str
    earliest: datetime.date | None = None
    due: datetime.date | None = None
    latest: datetime.date | None = None

    @property
    def label(self) -> str:
        return str(Step(self.step).label)


def probation_ends(applicant: Applicant) -> datetime.date | None:
    """预备期满: one year from the 支部大会 that admitted the member, or the extension's end."""
    if applicant.assembly_on is None:
        return None
    return applicant.extended_to or add_months(applicant.assembly_on, PROBATION_MONTHS)


def candidate_earliest(applicant: Applicant) -> datetime.date | None:
    return add_months(applicant.activist_on, ACTIVIST_MONTHS) if applicant.activist_on else None


def examination_due(applicant: Applicant) -> datetime.date | None:
    last = applicant.examined_on or applicant.activist_on
    return add_months(last, EXAMINE_EVERY_MONTHS) if last else None


def next_steps(applicant: Applicant) -> list[Due]:
    """What the branch does next, with its clock; empty once the procedure ended."""
    a = applicant
    if a.stage == Stage.APPLICANT:
        if a.talked_on is None:
            return [Due(Step.TALK, a.applied_on, add_months(a.applied_on, TALK_WITHIN_MONTHS))]
        return [Due(Step.ACTIVIST, a.talked_on)]
    if a.stage == Stage.ACTIVIST:
        earliest = candidate_earliest(a)
        steps = [Due(Step.EXAMINATION, a.examined_on or a.activist_on, examination_due(a))]
        return [*steps, Due(Step.CANDIDATE, earliest)]  # a first allowed day, not a deadline
    if a.stage == Stage.CANDIDATE:
        return _candidate_steps(a)
    if a.stage == Stage.PROBATIONARY:
        if a.membership is not None and a.membership.status == MembershipStatus.FULL:
            return []  # converted before conversions advanced the applicant (see migration 0002)
        ends = probation_ends(a)
        return [Due(Step.CONVERSION, ends, ends)]
    return []


def _candidate_steps(a: Applicant) -> list[Due]:
    done = ((Step.INTRODUCERS, a.introduced_on), (Step.REVIEW, a.reviewed_on), (Step.TRAINING, a.trained_on))
    preparations = [Due(step, a.candidate_on) for step, day in done if day is None]
    if preparations:
        return preparations
    if a.committee_on is None:
        return [Due(Step.COMMITTEE, max(a.introduced_on, a.reviewed_on, a.trained_on))]
    if a.prereviewed_on is None:
        return [Due(Step.PREREVIEW, a.committee_on)]
    assembly_due = add_months(a.prereviewed_on, ASSEMBLY_WITHIN_MONTHS)
    if a.notice_to is None:
        return [Due(Step.NOTICE, a.prereviewed_on, assembly_due)]
    if a.assembly_on is None:
        return [Due(Step.ASSEMBLY, a.notice_to + datetime.timedelta(days=1), assembly_due)]
    return [
        Due(
            Step.APPROVAL,
            a.assembly_on,
            add_months(a.assembly_on, APPROVAL_WITHIN_MONTHS),
            add_months(a.assembly_on, APPROVAL_AT_MOST_MONTHS),
        )
    ]


def flags(applicant: Applicant, today: datetime.date | None = None) -> list[str]:
    """The clocks the procedure missed: recorded late, or overdue today."""
    a, today = applicant, today or timezone.localdate()
    result = []
    talk_due = add_months(a.applied_on, TALK_WITHIN_MONTHS)
    if _late(a.talked_on, talk_due, today, a.stage == Stage.APPLICANT):
        result.append(_("未在收到入党申请书后一个月内谈话（应于{due}前）").format(due=zh(talk_due)))
    if a.stage == Stage.ACTIVIST and examination_due(a) < today:
        result.append(_("入党积极分子每半年考察一次，本次考察已逾期（应于{due}前）").format(due=zh(examination_due(a))))
    if a.prereviewed_on:
        assembly_due = add_months(a.prereviewed_on, ASSEMBLY_WITHIN_MONTHS)
        if _late(a.assembly_on, assembly_due, today, a.stage == Stage.CANDIDATE):
            result.append(_("支部大会未在预审后一个月内召开（应于{due}前）").format(due=zh(assembly_due)))
    if a.assembly_on:
        approval_due = add_months(a.assembly_on, APPROVAL_WITHIN_MONTHS)
        if _late(a.approved_on, approval_due, today, a.stage == Stage.CANDIDATE):
            result.append(
                _("上级党委未在支部大会后三个月内审批（应于{due}前，最长不超过六个月）").format(due=zh(approval_due))
            )
    return result


def _late(done: datetime.date | None, due: datetime.date, today: datetime.date, waiting: bool) -> bool:
    """Recorded after ``due``, or still waiting (the procedure is at that step) past it."""
    return done > due if done is not None else waiting and today > due


# --- Who may act --------------------------------------------------------------------------------

APPROVING_STEPS = (Step.PREREVIEW, Step.APPROVAL)  # the higher committee's (基层党委) decisions


def _may(user, applicant: Applicant, action: str) -> bool:
    return Applicant.objects.for_action(user, action).filter(pk=applicant.pk).exists()


def refusal(user, applicant: Applicant, step: str) -> Refused | None:
    """Why ``user`` may not record ``step``, or None when they may: the branch's steps need CHANGE over
    the applicant's branch, the higher committee's (预审, 审批) APPROVE as well. ``record`` raises it,
    the step page shows it, ``may_record`` asks it for the detail page's buttons."""
    if not _may(user, applicant, Action.CHANGE):
        return Refused(_("您不能办理{person}的发展工作").format(person=applicant.person))
    if step in APPROVING_STEPS and not _may(user, applicant, Action.APPROVE):
        return Refused(_("{step}由上级党委办理，支部不能代为登记").format(step=Step(step).label))
    return None


def may_record(user, applicant: Applicant, step: str) -> bool:
    return refusal(user, applicant, step) is None


def _require(applicant: Applicant, by, step: str) -> None:
    refused = refusal(by, applicant, step)
    if refused is not None:
        raise refused


@transaction.atomic
def apply(person: Person, *, branch: PartyOrg, applied_on: datetime.date, by, note: str = "") -> Applicant:
    """Record an 入党申请书 received by ``branch``."""
    if branch.kind not in MEMBER_HOLDING:
        raise ValidationError({"branch": _("入党申请应向党支部（或党总支）递交")})
    if party.current_membership(person) is not None:
        raise ValidationError({"person": _("{person}已是党员，不能再申请入党").format(person=person)})
    if Applicant.objects.filter(person=person, stage__in=OPEN_STAGES).exists():
        raise ValidationError({"person": _("{person}已有一份正在进行的入党申请").format(person=person)})
    _not_future(applied_on, "applied_on")
    applicant = Applicant(person=person, branch=branch, applied_on=applied_on, note=note)
    applicant.stamp(by)
    applicant.full_clean(exclude=["stage"])
    applicant.save()
    if not Applicant.objects.editable_by(by).filter(pk=applicant.pk).exists():
        raise Refused(_("您不能在{branch}登记入党申请").format(branch=branch))
    return applicant


def probationary_application(person: Person) -> Applicant | None:
    """The person's application at 预备党员, whose conversion step converts their membership."""
    return Applicant.objects.filter(person=person, stage=Stage.PROBATIONARY).first()


def convert_own_member(membership: Membership, *, on: datetime.date, by) -> bool:
    """转正 asked for on the member's page or the party API (``party.services.convert_to_full``): a
    member with an application at 预备党员 is converted by its conversion step (True); others are not
    ours (False)."""
    applicant = probationary_application(membership.person)
    if applicant is None:
        return False
    try:
        record(applicant, Step.CONVERSION, on=on, by=by)
    except ValidationError as exc:
        # The party's pages and API ask for the date as ``full_on``: name the field they sent.
        raise ValidationError(_renamed(exc, {"on": "full_on"})) from exc
    return True


def _renamed(exc: ValidationError, names: dict[str, str]) -> dict | list:
    if not hasattr(exc, "error_dict"):
        return exc.error_list
    return {names.get(field, field): errors for field, errors in exc.error_dict.items()}


def follow_transfer(sender, *, old: Membership, new: Membership, by, **kwargs) -> None:
    """The person's open application follows their confirmed transfer to the receiving branch (the 2014 rules:
    a 预备党员's 入党材料 go with the relation, and the new organization completes the probation): that
    branch's secretary now keeps the file and records its next steps. Called inside the transfer's
    transaction (``party.signals``), so both commit or neither; the saved row writes the history, with the
    transfer as its reason."""
    for applicant in Applicant.objects.select_for_update().filter(person=new.person, stage__in=OPEN_STAGES):
        applicant.branch = new.branch
        if applicant.membership_id == old.pk:
            applicant.membership = new  # 取消预备党员资格 ends the membership that runs
        applicant._change_reason = _("组织关系由{old}转入{new}").format(old=old.branch, new=new.branch)
        applicant._history_user = by  # also when confirmed outside a request (the API's token, a command)
        applicant.stamp(by)
        applicant.save()


@transaction.atomic
def record(applicant: Applicant, step: str, *, on: datetime.date, by, **data) -> Applicant:
    """Record ``step`` on ``on``: on the locked row, after checking who acts, the order and the clock."""
    lock(applicant)
    _require(applicant, by, step)
    if not applicant.open:
        raise ValidationError({"step": _("{person}的发展程序已结束").format(person=applicant.person)})
    _not_future(on, "on")
    STEPS[step](applicant, on, by=by, **data)
    applicant.stamp(by)
    applicant.save()
    return applicant


def _not_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天")})


def _expect(condition: bool, message, field: str = "step") -> None:
    if not condition:
        raise ValidationError({field: message})


def _in_stage(a: Applicant, stage: str, step: str) -> None:
    _expect(
        a.stage == stage,
        _("{step}只能在“{stage}”阶段办理，{person}目前是“{now}”").format(
            step=Step(step).label, stage=Stage(stage).label, person=a.person, now=a.get_stage_display()
        ),
    )


def _not_before(on: datetime.date, earlier: datetime.date | None, what) -> None:
    if earlier is not None and on < earlier:
        raise ValidationError({"on": _("日期不能早于{what}（{day}）").format(what=what, day=zh(earlier))})


# --- The steps ----------------------------------------------------------------------------------


def _talk(a: Applicant, on, *, by, talked_by: str = "") -> None:
    _in_stage(a, Stage.APPLICANT, Step.TALK)
    _expect(a.talked_on is None, _("已于{day}谈话").format(day=zh(a.talked_on)))
    _not_before(on, a.applied_on, _("递交入党申请书日期"))
    a.talked_on, a.talked_by = on, talked_by[:60]


def _full_member(membership: Membership | None, field: str, role) -> None:
    if membership is None:
        return
    if membership.status != MembershipStatus.FULL or not membership.current:
        raise ValidationError(
            {
                field: _("{role}应为正式党员（{rules}），{person}不是正式党员").format(
                    role=role, rules=RULES, person=membership.person
                )
            }
        )


def _activist(a: Applicant, on, *, by, contact_1=None, contact_2=None) -> None:
    _in_stage(a, Stage.APPLICANT, Step.ACTIVIST)
    _expect(a.talked_on is not None, _("确定入党积极分子前，党组织应先派人同入党申请人谈话"))
    _not_before(on, a.talked_on, _("谈话日期"))
    _expect(contact_1 is not None, _("应指定一至两名正式党员作培养联系人"), "contact_1")
    _full_member(contact_1, "contact_1", _("培养联系人"))
    _full_member(contact_2, "contact_2", _("培养联系人"))
    a.activist_on, a.contact_1, a.contact_2, a.stage = on, contact_1, contact_2, Stage.ACTIVIST


def _examination(a: Applicant, on, *, by) -> None:
    _in_stage(a, Stage.ACTIVIST, Step.EXAMINATION)
    _not_before(on, a.examined_on or a.activist_on, _("上一次考察日期"))
    a.examined_on = on


def _candidate(a: Applicant, on, *, by) -> None:
    _in_stage(a, Stage.ACTIVIST, Step.CANDIDATE)
    earliest = candidate_earliest(a)
    if on < earliest:
        raise ValidationError(
            {
                "on": _(
                    "入党积极分子须经过一年以上培养教育和考察方可列为发展对象（{rules}）：{person}于{since}确定为入党积极分子，"
                    "最早可于{earliest}列为发展对象"
                ).format(rules=RULES, person=a.person, since=zh(a.activist_on), earliest=zh(earliest))
            }
        )
    a.candidate_on, a.stage = on, Stage.CANDIDATE


def _introducers(a: Applicant, on, *, by, introducer_1=None, introducer_2=None) -> None:
    _in_stage(a, Stage.CANDIDATE, Step.INTRODUCERS)
    _not_before(on, a.candidate_on, _("列为发展对象日期"))
    _expect(
        introducer_1 is not None and introducer_2 is not None, _("发展对象应有两名正式党员作入党介绍人"), "introducer_2"
    )
    _expect(introducer_1 != introducer_2, _("两名入党介绍人应为不同的党员"), "introducer_2")
    _full_member(introducer_1, "introducer_1", _("入党介绍人"))
    _full_member(introducer_2, "introducer_2", _("入党介绍人"))
    a.introducer_1, a.introducer_2, a.introduced_on = introducer_1, introducer_2, on


def _review(a: Applicant, on, *, by) -> None:
    _in_stage(a, Stage.CANDIDATE, Step.REVIEW)
    _not_before(on, a.candidate_on, _("列为发展对象日期"))
    a.reviewed_on = on


def _training(a: Applicant, on, *, by, hours: int | None = None) -> None:
    _in_stage(a, Stage.CANDIDATE, Step.TRAINING)
    _not_before(on, a.candidate_on, _("列为发展对象日期"))
    if hours is None or hours < TRAINING_HOURS:
        raise ValidationError(
            {"hours": _("发展对象集中培训时间一般不少于3天（或不少于24个学时）（{rules}）").format(rules=RULES)}
        )
    a.training_hours, a.trained_on = hours, on


def _committee(a: Applicant, on, *, by) -> None:
    _in_stage(a, Stage.CANDIDATE, Step.COMMITTEE)
    missing = [
        str(s.label)
        for s, d in ((Step.INTRODUCERS, a.introduced_on), (Step.REVIEW, a.reviewed_on), (Step.TRAINING, a.trained_on))
        if d is None
    ]
    _expect(not missing, _("支委会审查前应先完成：{steps}").format(steps="、".join(missing)))
    _not_before(on, max(a.introduced_on, a.reviewed_on, a.trained_on), _("入党介绍人、政治审查和培训的日期"))
    a.committee_on = on


def _prereview(a: Applicant, on, *, by) -> None:
    _in_stage(a, Stage.CANDIDATE, Step.PREREVIEW)
    _expect(a.committee_on is not None, _("上级党委预审前，应先经支部委员会审查"))
    _not_before(on, a.committee_on, _("支委会审查日期"))
    a.prereviewed_on = on


def _notice(a: Applicant, on, *, by, until: datetime.date | None = None) -> None:
    _in_stage(a, Stage.CANDIDATE, Step.NOTICE)
    _expect(a.prereviewed_on is not None, _("公示应在上级党委预审之后"))
    _not_before(on, a.prereviewed_on, _("上级党委预审日期"))
    _expect(until is not None and until >= on, _("请填写公示结束日期，不能早于开始日期"), "until")
    a.notice_from, a.notice_to = on, until


def _assembly(a: Applicant, on, *, by, voters=None, votes_for=None, votes_against=0, votes_abstain=0) -> None:
    _in_stage(a, Stage.CANDIDATE, Step.ASSEMBLY)
    _expect(a.notice_to is not None, _("支部大会讨论前，应先对发展对象进行公示"))
    if on <= a.notice_to:
        raise ValidationError({"on": _("公示期（至{day}）结束后方可召开支部大会").format(day=zh(a.notice_to))})
    _expect(
        voters is not None and votes_for is not None, _("请填写应到会有表决权的正式党员人数和赞成票数"), "votes_for"
    )
    _expect(
        votes_for + votes_against + votes_abstain <= voters,
        _("赞成、反对、弃权票数之和不能超过应到会有表决权的正式党员人数"),
        "votes_for",
    )
    if votes_for * 2 <= voters:
        raise ValidationError(
            {
                "votes_for": _(
                    "赞成人数须超过应到会有表决权的正式党员的半数（{rules}）：{n}人中赞成{k}人，未通过"
                ).format(rules=RULES, n=voters, k=votes_for)
            }
        )
    a.assembly_on, a.voters, a.votes_for = on, voters, votes_for
    a.votes_against, a.votes_abstain = votes_against, votes_abstain


def _approval(a: Applicant, on, *, by) -> None:
    _in_stage(a, Stage.CANDIDATE, Step.APPROVAL)
    _expect(a.assembly_on is not None, _("上级党委审批前，应先经支部大会讨论通过"))
    _not_before(on, a.assembly_on, _("支部大会日期"))
    latest = add_months(a.assembly_on, APPROVAL_AT_MOST_MONTHS)
    if on > latest:
        raise ValidationError(
            {
                "on": _(
                    "上级党委审批应在支部大会后三个月内，特殊情况不得超过六个月（{rules}）：最迟{latest}，已超期，"
                    "应重新履行程序"
                ).format(rules=RULES, latest=zh(latest))
            }
        )
    # 预备期自支部大会通过之日算起: the membership joins on the assembly's date.
    a.membership = party.join(
        a.person, branch=a.branch, joined_on=a.assembly_on, started_on=on, status=MembershipStatus.PROBATIONARY, by=by
    )
    a.approved_on, a.stage = on, Stage.PROBATIONARY


def _conversion(a: Applicant, on, *, by) -> None:
    _in_stage(a, Stage.PROBATIONARY, Step.CONVERSION)
    ends = probation_ends(a)
    if on < ends:
        raise ValidationError(
            {
                "on": _("预备期为一年（{rules}），{person}的预备期至{ends}届满，届满前不能转正").format(
                    rules=RULES, person=a.person, ends=zh(ends)
                )
            }
        )
    # after a transfer during probation the person's current membership carries the probation
    party.convert_membership(party.current_membership(a.person) or a.membership, on=on, by=by)
    a.converted_on, a.stage = on, Stage.FULL


def _extension(a: Applicant, on, *, by, months: int | None = None) -> None:
    _in_stage(a, Stage.PROBATIONARY, Step.EXTENSION)
    _expect(a.extended_to is None, _("预备期只能延长一次"))
    low, high = EXTENSION_MONTHS
    _expect(
        months is not None and low <= months <= high,
        _("延长预备期的时间不能少于半年，最长不超过一年（{rules}）").format(rules=RULES),
        "months",
    )
    ends = probation_ends(a)
    if on < add_months(ends, -1):
        raise ValidationError({"on": _("延长预备期应在预备期满时讨论决定（预备期至{ends}届满）").format(ends=zh(ends))})
    a.extended_to = add_months(ends, months)


def _stop(a: Applicant, on, *, by, reason: str = "") -> None:
    _expect(bool(reason.strip()), _("请填写终止的原因"), "reason")
    if a.membership is not None:
        party.cancel_probation(a.membership, on=on, by=by)
    a.stopped_on, a.stop_reason, a.stage = on, reason.strip()[:200], Stage.STOPPED


STEPS = {
    Step.TALK: _talk,
    Step.ACTIVIST: _activist,
    Step.EXAMINATION: _examination,
    Step.CANDIDATE: _candidate,
    Step.INTRODUCERS: _introducers,
    Step.REVIEW: _review,
    Step.TRAINING: _training,
    Step.COMMITTEE: _committee,
    Step.PREREVIEW: _prereview,
    Step.NOTICE: _notice,
    Step.ASSEMBLY: _assembly,
    Step.APPROVAL: _approval,
    Step.CONVERSION: _conversion,
    Step.EXTENSION: _extension,
    Step.STOP: _stop,
}


# --- The archive checklist ----------------------------------------------------------------------


def checklist(applicant: Applicant) -> list[tuple[str, str, str]]:
    """发展党员档案: each step of the procedure, its date (or —) and what it recorded."""
    a = applicant
    names = lambda *ms: "、".join(str(m.person) for m in ms if m is not None)  # noqa: E731
    rows = [
        (_("入党申请书"), zh(a.applied_on), ""),
        (Step.TALK.label, zh(a.talked_on), a.talked_by),
        (
            Step.ACTIVIST.label,
            zh(a.activist_on),
            _("培养联系人：{n}").format(n=names(a.contact_1, a.contact_2)) if a.contact_1 else "",
        ),
        (_("最近一次考察"), zh(a.examined_on), ""),
        (Step.CANDIDATE.label, zh(a.candidate_on), ""),
        (Step.INTRODUCERS.label, zh(a.introduced_on), names(a.introducer_1, a.introducer_2)),
        (Step.REVIEW.label, zh(a.reviewed_on), ""),
        (Step.TRAINING.label, zh(a.trained_on), _("{h}学时").format(h=a.training_hours) if a.training_hours else ""),
        (Step.COMMITTEE.label, zh(a.committee_on), ""),
        (Step.PREREVIEW.label, zh(a.prereviewed_on), ""),
        (Step.NOTICE.label, f"{zh(a.notice_from)}—{zh(a.notice_to)}" if a.notice_from else "—", ""),
        (
            Step.ASSEMBLY.label,
            zh(a.assembly_on),
            _("应到{n}人，赞成{y}、反对{x}、弃权{z}").format(
                n=a.voters, y=a.votes_for, x=a.votes_against, z=a.votes_abstain
            )
            if a.assembly_on
            else "",
        ),
        (Step.APPROVAL.label, zh(a.approved_on), ""),
        (_("预备期满"), zh(probation_ends(a)), _("延长至{d}").format(d=zh(a.extended_to)) if a.extended_to else ""),
        (Step.CONVERSION.label, zh(a.converted_on), ""),
    ]
    if a.stopped_on:
        rows.append((Step.STOP.label, zh(a.stopped_on), a.stop_reason))
    return [(str(step), day, str(what)) for step, day, what in rows]


# --- Reminders ----------------------------------------------------------------------------------

REMIND_DAYS = 14  # a step's reminder goes out this long before its due date


@dataclass(frozen=True)
class Reminder:
    applicant: Applicant
    due: Due
    recipients: list
    title: str


def secretaries_of(branch: PartyOrg) -> list:
    """The users granted 支部书记 on the branch's unit or above, and the current secretary's account."""
    from qizhi.accounts.roles import Role
    from qizhi.accounts.services import holders
    from qizhi.party.models import Officer

    today = timezone.localdate()
    users = list(holders(branch.unit, [Role.BRANCH_SECRETARY]))
    officers = Officer.objects.filter(
        term__party_org=branch,
        role="secretary",
        term__start_date__lte=today,
        term__end_date__gte=today,
        person__user__isnull=False,
    ).select_related("person__user")
    return list({u.pk: u for u in [*users, *(o.person.user for o in officers)]}.values())


def reminders(applicants, today: datetime.date) -> list[Reminder]:
    """Each open applicant's next steps due within ``REMIND_DAYS`` or overdue, for the branch's secretaries."""
    horizon = today + datetime.timedelta(days=REMIND_DAYS)
    result = []
    for applicant in applicants.filter(stage__in=OPEN_STAGES).select_related("person", "branch__unit"):
        for due in next_steps(applicant):
            if due.due is None or due.due > horizon:
                continue
            title = _("发展党员提醒：{person}应于{due}前完成“{step}”").format(
                person=applicant.person, due=zh(due.due), step=due.label
            )
            result.append(Reminder(applicant, due, secretaries_of(applicant.branch), title))
    return result


def send_reminder(reminder: Reminder) -> int:
    """Notify each recipient once per step and due date (the title names both)."""
    from qizhi.core.models import Notification
    from qizhi.core.notifications import notify

    already = set(
        Notification.objects.filter(title=reminder.title, recipient__in=reminder.recipients).values_list(
            "recipient_id", flat=True
        )
    )
    fresh = [u for u in reminder.recipients if u.pk not in already]
    return len(notify(fresh, title=reminder.title, url=reminder.applicant.get_absolute_url()))
