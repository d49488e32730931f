from __future__ import annotations

import calendar
import datetime
import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core import generations
from qizhi.core import views as core
from qizhi.core.refusals import on_form
from qizhi.meetings import services
from qizhi.meetings.choices import Frequency, MeetingStatus
from qizhi.meetings.exports import attendance_xlsx, compliance_xlsx
from qizhi.meetings.filters import ComplianceRuleFilterSet, MeetingFilterSet
from qizhi.meetings.forms import (
    AddAttendeeForm,
    AttendanceSheetForm,
    ComplianceForm,
    ComplianceRuleForm,
    LifeMeetingPointForm,
    MeetingForm,
    SignInForm,
)
from qizhi.meetings.models import ComplianceRule, LifeMeetingPoint, Meeting
from qizhi.meetings.services.compliance import ComplianceReport, Period, parse_period, percent
from qizhi.meetings.tables import ComplianceRuleTable, MeetingTable
from qizhi.org.models import Unit
from qizhi.party.models import PartyOrg

MEETINGS = Meeting.objects.select_related("party_org", "unit")


class MeetingListView(core.ObjectListView):
    queryset = MEETINGS
    filterset_class = MeetingFilterSet
    table_class = MeetingTable
    template_name = "meetings/meeting_list.html"
    exportable = False


class MeetingDetailView(core.ObjectDetailView):
    queryset = MEETINGS.select_related("host", "recorder")
    template_name = "meetings/meeting_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        editable = context["can_edit"]
        now, today = timezone.now(), timezone.localdate()
        attendances = list(meeting.attendances.select_related("person__unit").order_by("person__pinyin", "pk"))
        mine = next((row for row in attendances if row.person.user_id == self.request.user.pk), None)
        sign_in_open = meeting.sign_in_is_open(now)
        context.update(
            attendances=attendances,
            summary=services.attendance_summary(meeting),
            points=meeting.points.select_related("speaker", "about"),
            can_hold=editable and meeting.status == MeetingStatus.PLANNED,
            can_record=editable,
            add_form=AddAttendeeForm(user=self.request.user, unit=meeting.unit) if editable else None,
            can_notify=editable and meeting.status == MeetingStatus.PLANNED and meeting.date >= today,
            can_open_sign_in=editable and meeting.status != MeetingStatus.CANCELLED and meeting.date == today,
            sign_in_open=sign_in_open,
            sign_in_code=services.sign_in_code(meeting) if editable and sign_in_open else "",
            my_attendance=mine,
            may_sign_in=mine is not None and mine.signed_in_at is None and sign_in_open,
            # a member reads their branch's meetings without seeing the branch's register: no dead link
            org_visible=meeting.party_org_id is not None
            and PartyOrg.objects.visible_to(self.request.user).filter(pk=meeting.party_org_id).exists(),
        )
        return context


class MeetingEditView(core.ObjectEditView):
    queryset = MEETINGS
    form_class = MeetingForm

    def get_initial(self):
        return {
            key: self.request.GET.get(key) for key in ("party_org", "unit", "kind", "date") if key in self.request.GET
        }


class MeetingDeleteView(core.ObjectDeleteView):
    queryset = Meeting.objects.all()


class MeetingHistoryView(core.ObjectHistoryView):
    queryset = Meeting.objects.all()


class MeetingActionView(core.EditableObjectMixin, generic.View):
    """Confirm a planned meeting as held, or cancel it."""

    queryset = Meeting.objects.all()
    action_name = ""

    def post(self, request, pk: int):
        meeting = self.get_object()
        if self.action_name == "notice":
            told = []
            core.act(
                request, lambda m, by: told.append(services.publish_notice(m, by=by)), meeting, by=request.user,
                success=lambda: _("已发布会议通知，通知{count}人").format(count=told[0]),
            )  # fmt: skip
            return redirect(meeting.get_absolute_url())
        if self.action_name == "open_sign_in":
            core.act(
                request,
                services.open_sign_in,
                meeting,
                by=request.user,
                success=_("已开始签到，请向参会人员展示签到码"),
            )
            return redirect(meeting.get_absolute_url() + "#sign-in")
        run = {"hold": services.mark_held, "cancel": services.cancel_meeting, "close_sign_in": services.close_sign_in}[
            self.action_name
        ]

        def moved() -> str:
            if self.action_name == "close_sign_in":
                return _("已结束签到")
            return _("{meeting}：{status}").format(meeting=meeting, status=meeting.get_status_display())

        core.act(request, run, meeting, by=request.user, success=moved)
        return redirect(meeting.get_absolute_url())


class SignInView(core.ObjectDetailView):
    """A member signs in to a meeting on their phone with the code the secretary shows."""

    queryset = MEETINGS
    template_name = "meetings/sign_in.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meeting = self.object
        mine = meeting.attendances.filter(person__user=self.request.user).first()
        context.update(
            form=kwargs.get("form") or SignInForm(),
            my_attendance=mine,
            sign_in_open=meeting.sign_in_is_open(timezone.now()),
        )
        return context

    def post(self, request, pk: int):
        self.object = self.get_object()
        form = SignInForm(request.POST)
        if form.is_valid():
            try:
                with transaction.atomic():
                    row = services.sign_in(self.object, form.cleaned_data["code"], user=request.user)
            except ValidationError as exc:
                on_form(form, exc)
            else:
                messages.success(
                    request,
                    _("签到成功：{status}，{time}").format(
                        status=row.get_status_display(), time=timezone.localtime(row.signed_in_at).strftime("%H:%M")
                    ),
                )
                return redirect(self.object.get_absolute_url())
        return self.render_to_response(self.get_context_data(form=form))


class AttendanceSheetView(core.EditableObjectMixin, generic.FormView):
    """签到表: everyone present by default; change the exceptions, all rows checked before any is saved."""

    queryset = MEETINGS
    template_name = "meetings/attendance_sheet.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return AttendanceSheetForm(**self.get_form_kwargs(), meeting=self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, **kwargs)

    def form_valid(self, form):
        try:
            changed = services.record_attendance(self.object, form.marks(), by=self.request.user)
        except ValidationError as exc:
            on_form(form, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("已保存出席情况，修改{count}条").format(count=changed))
        return redirect(self.object.get_absolute_url())


class AddAttendeeView(core.EditableObjectMixin, generic.View):
    """Add one participant (a member who joined after the sheet was made); others are refused by name."""

    queryset = Meeting.objects.all()

    def post(self, request, pk: int):
        meeting = self.get_object()
        form = AddAttendeeForm(request.POST, user=request.user)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    messages.error(request, message)
            return redirect(meeting.get_absolute_url())
        data = form.cleaned_data
        core.act(
            request, services.add_attendee, meeting, data["person"], status=data["status"],
            absence_reason=data["absence_reason"], by=request.user,
            success=_("已添加参会人{person}").format(person=data["person"]),
        )  # fmt: skip
        return redirect(meeting.get_absolute_url())


class AttendanceExportView(core.ScopedMixin, generic.View):
    queryset = MEETINGS.select_related("host", "recorder")

    def get(self, request, pk: int):
        meeting = get_object_or_404(self.queryset.visible_to(request.user), pk=pk)
        self.require(Action.EXPORT)
        rows = list(meeting.attendances.select_related("person__unit").order_by("person__pinyin", "pk"))
        content = attendance_xlsx(meeting, rows, services.attendance_summary(meeting), **core.export_marks(request))
        core.log_export(request, what=_("签到表"), rows=len(rows), data=self.queryset.filter(pk=meeting.pk))
        return core.xlsx_response(content, f"签到表-{meeting.date:%Y%m%d}-{meeting.get_kind_display()}.xlsx")


class MeetingCalendarView(core.ScopedMixin, generic.TemplateView):
    """A month of meetings (``?month=2026-05``), optionally of one party organization and its subtree."""

    queryset = MEETINGS
    template_name = "meetings/calendar.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate()
        try:
            period = parse_period(self.request.GET.get("month", ""), field_name="month")
            if period.frequency != Frequency.MONTHLY:
                raise ValidationError({"month": ""})
        except ValidationError:
            period = Period(Frequency.MONTHLY, today.year, today.month)
        filterset = MeetingFilterSet(
            self.request.GET, queryset=self.queryset.visible_to(self.request.user), request=self.request
        )
        meetings = filterset.qs.filter(date__gte=period.start, date__lte=period.end).order_by("date", "start_time")
        by_day: dict[datetime.date, list[Meeting]] = {}
        for meeting in meetings:
            by_day.setdefault(meeting.date, []).append(meeting)
        weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(period.year, period.index)
        previous = period.start - datetime.timedelta(days=1)
        following = period.end + datetime.timedelta(days=1)
        context.update(
            period=period,
            today=today,
            weeks=[[(day, day.month == period.index, by_day.get(day, [])) for day in week] for week in weeks],
            previous=f"{previous:%Y-%m}",
            following=f"{following:%Y-%m}",
            query=self.request.GET.copy(),
        )
        return context


HELD_LIST_LIMIT = 30  # organizations on a compliance page above which held meetings are counted, not listed


class ComplianceView(core.ScopedMixin, generic.TemplateView):
    """三会一课 compliance of a unit's organizations for a year, quarter or month, with the heat map."""

    replica_reads = True  # a read-only report: its reads may go to a replica (core/dbrouter.py)

    queryset = Meeting.objects.all()
    template_name = "meetings/compliance.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.require(Action.VIEW)
        return super().dispatch(request, *args, **kwargs)

    def resolve(self):
        """The form and, when it is valid, (unit, period)."""
        user = self.request.user
        data = self.request.GET.copy()
        if not data.get("unit"):
            first = Unit.objects.visible_to(user).order_by("depth", "path").values_list("pk", flat=True).first()
            data["unit"] = first
        data.setdefault("period", str(timezone.localdate().year))
        form = ComplianceForm(data, user=user)
        if not form.is_valid():
            return form, None
        unit = form.cleaned_data["unit"]
        if not self.scope().covers(Action.VIEW, "meetings", unit.path):
            raise Http404
        return form, (unit, form.cleaned_data["period"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form, chosen = self.resolve()
        context["form"] = form
        if chosen:
            unit, period = chosen
            user = self.request.user
            # The figures are the unit's subtree's for the period as of today (whoever sees the unit sees all of
            # it); the export and rules links follow the grants. The rendering is cached under the data generation,
            # the scope's signature and the day (compliance.html); the report is computed only on a miss.
            report = SimpleLazyObject(lambda: services.compliance(unit=unit, period=period))
            context.update(
                unit=unit, period=period, report=report,
                heat=functools.cache(lambda: heat_data(report)),  # a callable: the template calls it on a miss
                # A county lists each held meeting; a city's or a province's page (thousands) only counts them.
                list_held=SimpleLazyObject(lambda: len(report.orgs) <= HELD_LIST_LIMIT),
                may_edit_rules=services.may_edit_rules(user),
                figures_key=generations.page_key(user, apps=services.report.READS),  # kept across other apps' writes
            )  # fmt: skip
        return context


def heat_data(report: ComplianceReport) -> dict:
    """The heat map's cells: months × organizations, the share of obligations met in periods ending that month.

    Read from the report's heat dict in one pass (the page hands in a lazy report: one attribute read through it,
    not three per cell of a city's 95 × 12)."""
    heat, months = report.heat, list(report.period.months)
    column = {month: x for x, month in enumerate(months)}
    keyed = {org_id for org_id, _month in heat}
    orgs = [entry.org for entry in report.orgs if entry.org.pk in keyed]
    line = {org.pk: y for y, org in enumerate(orgs)}
    cells = [
        [column[month], line[org_id], rate, held, due]
        for (org_id, month), (held, due) in heat.items()
        if month in column and (rate := percent(held, due)) is not None
    ]
    cells.sort(key=lambda cell: (cell[1], cell[0]))  # by organization, then month
    return {
        "months": [_("{month}月").format(month=m) for m in months],
        "orgs": [org.name for org in orgs],
        "cells": cells,
        "height": max(180, 60 + 34 * len(orgs)),
    }


class ComplianceExportView(ComplianceView):
    def get(self, request, *args, **kwargs):
        self.require(Action.EXPORT)
        _form, chosen = self.resolve()
        if not chosen:
            return redirect("meetings:compliance")
        unit, period = chosen
        report = services.compliance(unit=unit, period=period)
        content = compliance_xlsx(unit, report, **core.export_marks(request))
        return core.xlsx_response(content, f"{unit.name}组织生活落实情况-{period.key}.xlsx")


class LifeMeetingPointEditView(core.ObjectEditView):
    queryset = LifeMeetingPoint.objects.select_related("meeting")
    form_class = LifeMeetingPointForm

    def get_initial(self):
        return {"meeting": self.request.GET.get("meeting")}


class LifeMeetingPointDeleteView(core.ObjectDeleteView):
    queryset = LifeMeetingPoint.objects.select_related("meeting")

    def form_valid(self, form):
        point = self.object
        point._history_user = self.request.user
        point.delete()  # nothing refers to a point yet
        messages.success(self.request, _("已删除{point}").format(point=point))
        return redirect(point.meeting.get_absolute_url())


# --- The compliance rules (administrators) -------------------------------------------------------


class RulesEditorMixin:
    """The rules bind every organization: their pages open only to those who may change them
    (``services.may_edit_rules``); the compliance page states the rules in force to everyone."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not services.may_edit_rules(request.user):
            raise PermissionDenied(_("只有系统管理员可以修改组织生活规则"))
        return super().dispatch(request, *args, **kwargs)


class ComplianceRuleListView(RulesEditorMixin, core.ObjectListView):
    queryset = ComplianceRule.objects.all()
    filterset_class = ComplianceRuleFilterSet
    table_class = ComplianceRuleTable
    exportable = False


class ComplianceRuleEditView(RulesEditorMixin, core.ObjectEditView):
    queryset = ComplianceRule.objects.all()
    form_class = ComplianceRuleForm


class ComplianceRuleHistoryView(RulesEditorMixin, core.ObjectHistoryView):
    queryset = ComplianceRule.objects.all()
