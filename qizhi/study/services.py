"""Study and work logs: who a plan is for, who finished what, the day's limits, and reviews.

``completion()`` is the one computation of who finished which required material: the plan page,
the my-study page, the API and the export all read it (one grouped query over the records).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.core.refusals import Refused, lock
from qizhi.core.scoping import scope_of, scope_queryset, subtree_q
from qizhi.core.workflow import Status, transition
from qizhi.org.models import Person
from qizhi.party.choices import PartyOrgKind
from qizhi.party.models import Membership
from qizhi.study.models import MINUTES_IN_A_DAY, Material, Reflection, StudyPlan, StudyRecord, WorkLog

# --- Whose record: one's own, unless one may approve over the person's unit -------------------------


def own_person(user) -> Person | None:
    return Person.objects.filter(user=user).select_related("unit").first() if user.is_authenticated else None


def people_for(user) -> QuerySet[Person]:
    """Whose records ``user`` may keep: their own, and the people of units where they may approve study.

    The form's and the API's person choices both come from here (a member keeps their own records even
    where their account's grant does not reach their own unit)."""
    approvable = scope_queryset(Person.objects.all(), user, Action.APPROVE, area="study", path_field="unit__path")
    own = own_person(user)
    if own is not None:
        return (approvable | Person.objects.filter(pk=own.pk)).distinct()
    return approvable


def may_act_for(user, person: Person) -> bool:
    """Anyone keeps their own records; a secretary or head (APPROVE in study) also those of their people."""
    if person.user_id is not None and person.user_id == user.pk:
        return True
    return scope_of(user).covers(Action.APPROVE, "study", person.unit.path)


def check_acting_for(user, person: Person) -> None:
    if not may_act_for(user, person):
        raise Refused(_("只能填写本人的记录"), field="person")


def check_whose(record: StudyRecord | Reflection | WorkLog, by):
    """Refuse unless ``by`` may keep ``record`` — for the person it names and, once stored, for the
    person it belongs to (an edit may neither take a colleague's record nor hand one over). The stored
    row is locked and returned (``record`` itself carries the edit, so it is not re-read); None for a
    new record."""
    stored = None
    if record.pk is not None:
        rows = type(record)._default_manager.select_for_update(of=("self",)).select_related("person__unit")
        stored = rows.get(pk=record.pk)
        check_acting_for(by, stored.person)
    check_acting_for(by, record.person)
    return stored


@transaction.atomic
def delete_own(record: StudyRecord | Reflection | WorkLog, *, by) -> None:
    """Delete a study record, reflection or work log ``by`` may keep (its history keeps the deleted
    version); the pages' and the API's deletes both come here."""
    lock(record)
    check_acting_for(by, record.person)
    record._history_user = by
    record.delete()


# --- Plans --------------------------------------------------------------------------------------


def may_manage(user, plan: StudyPlan) -> bool:
    """Plans and their materials are set by those who may approve study where the plan's unit is
    (secretaries, heads, party affairs): the pages offer their buttons on this, the services refuse on it."""
    return scope_of(user).covers(Action.APPROVE, "study", plan.unit.path)


def may_manage_somewhere(user) -> bool:
    """Whether ``user`` may set up a plan anywhere (the list's 新增 button)."""
    return scope_of(user).can(Action.APPROVE, "study")


def check_manager(plan: StudyPlan, by) -> None:
    if not may_manage(by, plan):
        raise Refused(_("学习计划和学习资料由有学习审核权限的书记、负责人设置"))


@transaction.atomic
def save_plan(plan: StudyPlan, *, by) -> StudyPlan:
    """Save a plan ``by`` may manage — where it was as well as where it goes (the stored row is locked)."""
    if plan.pk is not None:
        check_manager(StudyPlan.objects.select_for_update(of=("self",)).select_related("unit").get(pk=plan.pk), by)
    check_manager(plan, by)
    if plan.party_org_id is not None and not plan.party_org.unit.path.startswith(plan.unit.path):
        raise ValidationError({"party_org": _("{org}不在{unit}之下").format(org=plan.party_org, unit=plan.unit)})
    plan.stamp(by)
    plan.save()
    return plan


@transaction.atomic
def save_material(material: Material, *, by) -> Material:
    """Save a material of a plan ``by`` may manage (the plan it was in, once stored, as well)."""
    if material.pk is not None:
        stored = Material.objects.select_for_update(of=("self",)).select_related("plan__unit").get(pk=material.pk)
        check_manager(stored.plan, by)
    StudyPlan.objects.select_for_update().filter(pk=material.plan_id).first()  # one writer per plan
    check_manager(material.plan, by)
    material.stamp(by)
    material.save()
    return material


@transaction.atomic
def delete_material(material: Material, *, by) -> None:
    """Delete a material nobody has a study record of yet (its history keeps the deleted version)."""
    lock(material)
    check_manager(material.plan, by)
    if material.records.exists():
        raise ValidationError(_("“{m}”已有学习记录，不能删除").format(m=material))
    material._history_user = by
    material.delete()


@transaction.atomic
def delete_plan(plan: StudyPlan, *, by) -> None:
    """Delete a plan with its materials, as long as nobody has a study record of them."""
    lock(plan)
    check_manager(plan, by)
    if StudyRecord.objects.filter(material__plan=plan).exists() or plan.reflections.exists():
        raise ValidationError(_("“{p}”已有学习记录或心得体会，不能删除").format(p=plan))
    plan._history_user = by
    plan.delete()


def participants(plan: StudyPlan) -> QuerySet[Person]:
    """Who the plan is for: the organization's members on the plan's deadline (or today, if
    earlier); without an organization, the unit's serving staff."""
    on = min(plan.end_date, timezone.localdate())
    if plan.party_org_id is None:
        return Person.objects.filter(subtree_q("unit__path", plan.unit.path), retired=False)
    org = plan.party_org
    in_force = Q(started_on__lte=on) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))
    where = Q(group=org) if org.kind == PartyOrgKind.GROUP else subtree_q("branch__path", org.path)
    return Person.objects.filter(pk__in=Membership.objects.filter(in_force, where).values("person_id"))


@dataclass
class CompletionRow:
    person: Person
    minutes: dict[int, int]  # material id → minutes studied
    required: list[Material]

    @property
    def finished(self) -> int:
        return sum(1 for m in self.required if self.minutes.get(m.pk))

    @property
    def complete(self) -> bool:
        return self.finished == len(self.required)

    def cells(self, materials: list[Material]) -> list[int | None]:
        return [self.minutes.get(m.pk) for m in materials]


@dataclass
class Completion:
    plan: StudyPlan
    materials: list[Material]
    rows: list[CompletionRow] = field(default_factory=list)

    @property
    def required(self) -> list[Material]:
        return [m for m in self.materials if m.required]

    @property
    def complete(self) -> int:
        return sum(row.complete for row in self.rows)

    @property
    def rate(self) -> float | None:
        return round(100 * self.complete / len(self.rows), 1) if self.rows else None

    def material_rate(self, material: Material) -> float | None:
        if not self.rows:
            return None
        done = sum(1 for row in self.rows if row.minutes.get(material.pk))
        return round(100 * done / len(self.rows), 1)

    def as_dict(self) -> dict:
        return {
            "plan": self.plan.pk,
            "participants": len(self.rows),
            "complete": self.complete,
            "rate": self.rate,
            "materials": [
                {
                    "id": m.pk,
                    "number": m.number,
                    "title": m.title,
                    "required": m.required,
                    "rate": self.material_rate(m),
                }
                for m in self.materials
            ],
            "people": [
                {"person": r.person.pk, "name": r.person.name, "finished": r.finished, "complete": r.complete}
                for r in self.rows
            ],
        }


def completion(plan: StudyPlan) -> Completion:
    """Who studied which material of the plan (minutes per person and material), from one grouped query."""
    materials = list(plan.materials.all())
    people = list(participants(plan).order_by("pinyin", "pk"))
    minutes: dict[int, dict[int, int]] = {p.pk: {} for p in people}
    rows = (
        StudyRecord.objects.filter(material__plan=plan, person__in=[p.pk for p in people])
        .values("person_id", "material_id")
        .annotate(total=Sum("minutes"))
        .order_by()
    )
    for row in rows:
        minutes[row["person_id"]][row["material_id"]] = row["total"]
    result = Completion(plan=plan, materials=materials)
    required = result.required
    result.rows = [CompletionRow(person=p, minutes=minutes[p.pk], required=required) for p in people]
    return result


def plans_of(person: Person, plans: QuerySet[StudyPlan]) -> list[StudyPlan]:
    """Among ``plans`` (already scoped), those ``person`` takes part in (checked through ``participants``)."""
    return [plan for plan in plans if participants(plan).filter(pk=person.pk).exists()]


# --- Study records ------------------------------------------------------------------------------


def check_record(record: StudyRecord, *, today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    if record.date > today:
        raise ValidationError({"date": _("学习日期不能晚于今天")})
    if not 0 < record.minutes <= MINUTES_IN_A_DAY:
        raise ValidationError({"minutes": _("学习时长应在1至1440分钟之间")})
    others = StudyRecord.objects.filter(person=record.person, date=record.date).exclude(pk=record.pk)
    total = (others.aggregate(total=Sum("minutes"))["total"] or 0) + record.minutes
    if total > MINUTES_IN_A_DAY:
        raise ValidationError(
            {
                "minutes": _("{person}在{date}的学习时长合计将达{total}分钟，超过一天24小时").format(
                    person=record.person, date=record.date.strftime("%Y年%m月%d日"), total=total
                )
            }
        )


@transaction.atomic
def save_record(record: StudyRecord, *, by) -> StudyRecord:
    check_whose(record, by)
    Person.objects.select_for_update().filter(pk=record.person_id).first()  # one writer per person and day
    check_record(record)
    record.stamp(by)
    record.save()
    return record


# --- Reflections --------------------------------------------------------------------------------


@transaction.atomic
def save_reflection(reflection: Reflection, *, by) -> Reflection:
    stored = check_whose(reflection, by)
    if stored is not None and stored.locked:
        raise ValidationError({"content": _("已提交的心得体会不能修改")})
    reflection.stamp(by)
    reflection.save()
    return reflection


@transaction.atomic
def submit_reflection(reflection: Reflection, *, by):
    lock(reflection)
    check_acting_for(by, reflection.person)
    return transition(reflection, Status.SUBMITTED, by=by)


def _reviews(user, reflection: Reflection) -> bool:
    return scope_of(user).covers(Action.APPROVE, "study", reflection.person.unit.path)


def may_review(user, reflection: Reflection) -> bool:
    """What the reflection's page offers: a submitted reflection, to a reviewer over its author's unit
    who is not its author (``review_reflection`` refuses the same)."""
    return reflection.status == Status.SUBMITTED and reflection.person.user_id != user.pk and _reviews(user, reflection)


def may_edit_reflection(user, reflection: Reflection) -> bool:
    """Its author (or whoever may act for them) changes or submits a reflection until it is submitted."""
    return not reflection.locked and may_act_for(user, reflection.person)


@transaction.atomic
def review_reflection(reflection: Reflection, *, by, approve: bool, comment: str = ""):
    """The secretary's review: approved, or returned with the reason (the comment)."""
    lock(reflection)
    if not _reviews(by, reflection):
        raise Refused(_("您不能审阅{person}的心得体会").format(person=reflection.person))
    if reflection.person.user_id == by.pk:
        raise ValidationError({"review_comment": _("不能审阅本人的心得体会")})
    event = transition(reflection, Status.APPROVED if approve else Status.RETURNED, by=by, reason=comment)
    Reflection.objects.filter(pk=reflection.pk).update(review_comment=comment.strip())
    reflection.review_comment = comment.strip()
    return event


# --- Work logs ----------------------------------------------------------------------------------


@transaction.atomic
def save_worklog(log: WorkLog, *, by, today: datetime.date | None = None) -> WorkLog:
    today = today or timezone.localdate()
    check_whose(log, by)
    if log.date > today:
        raise ValidationError({"date": _("日志日期不能晚于今天")})
    if WorkLog.objects.filter(person=log.person, date=log.date).exclude(pk=log.pk).exists():
        raise ValidationError(
            {"date": _("{person}在{date}已有工作日志，请修改原日志").format(
                person=log.person, date=log.date.strftime("%Y年%m月%d日"))}
        )  # fmt: skip
    log.stamp(by)
    log.save()
    return log


def month_bounds(text: str) -> tuple[datetime.date, datetime.date]:
    """``2026-05`` → its first and last day, or a ValidationError naming ``month``."""
    try:
        first = datetime.datetime.strptime(text or "", "%Y-%m").date()
    except ValueError as exc:
        raise ValidationError({"month": _("月份“{text}”无效，应为 YYYY-MM").format(text=text)}) from exc
    following = (first.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def log_counts(logs: QuerySet[WorkLog]) -> list[dict]:
    """Entries per person in ``logs`` (a leader's overview), from one grouped query."""
    return list(logs.values("person_id", "person__name").annotate(entries=Count("pk")).order_by("person__pinyin"))
