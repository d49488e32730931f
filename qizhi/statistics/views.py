from __future__ import annotations

import contextlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views import generic

from qizhi.accounts.roles import Action
from qizhi.core import generations, params
from qizhi.core import views as core
from qizhi.core.import_views import ObjectImportView
from qizhi.core.workflow import Status, events_of
from qizhi.org.models import Unit
from qizhi.statistics import services
from qizhi.statistics.exports import reports_xlsx, rollup_xlsx
from qizhi.statistics.filters import StatReportFilterSet
from qizhi.statistics.forms import OpenReportForm, ReasonForm, RollupForm, ValuesForm
from qizhi.statistics.models import StatReport
from qizhi.statistics.resources import MonthlyReportResource
from qizhi.statistics.tables import StatReportTable

REPORTS = StatReport.objects.select_related("unit")


class StatReportListView(core.ObjectListView):
    queryset = REPORTS
    filterset_class = StatReportFilterSet
    table_class = StatReportTable
    importable = True


class StatReportImportView(ObjectImportView):
    queryset = StatReport.objects.all()
    resource_class = MonthlyReportResource


class StatReportImportTemplateView(core.ImportTemplateView):
    queryset = StatReport.objects.all()
    resource_class = MonthlyReportResource
    filename = "月度统计报表导入模板"


class StatReportCreateView(core.ServiceFormView):
    """Open a month's report for a unit; then its values are entered."""

    queryset = StatReport.objects.all()
    form_class = OpenReportForm

    def get_initial(self):
        month = services.previous_month(timezone.localdate())
        if self.request.GET.get("month"):  # a reminder's link names the month
            with contextlib.suppress(ValidationError):
                month = services.parse_month(self.request.GET["month"])
        return {"unit": self.request.GET.get("unit"), "month": month}

    def form_valid(self, form):
        report = form.run(
            services.open_report, form.cleaned_data["unit"], form.cleaned_data["month"], by=self.request.user
        )
        if report is None:
            return self.form_invalid(form)
        return redirect("statistics:statreport_edit", pk=report.pk)


class StatReportDetailView(core.ObjectDetailView):
    queryset = REPORTS
    template_name = "statistics/statreport_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.object
        user = self.request.user
        replaced = services.replaced_values(report)
        context.update(
            rows=value_rows(report, replaced),
            corrected=replaced is not None,
            events=events_of(report),
            can_submit=services.may_move(report, user, Status.SUBMITTED),
            can_review=services.may_move(report, user, Status.APPROVED),
            can_reopen=services.may_move(report, user, Status.DRAFT),
            reason_form=ReasonForm(),
        )
        return context


def value_rows(report: StatReport, replaced: dict[str, str] | None = None) -> list[dict]:
    """Each indicator the unit reports: this month, last month, the same month last year, and
    (after a correction) the approved value the correction replaced."""
    month = report.month
    previous = services.previous_month(month)
    year_ago = services.shift_year(month, -1)
    values = services.StatValue.objects.filter(unit=report.unit, month__in=[month, previous, year_ago])
    found = {(v.indicator_id, v.month): v.value for v in values}
    return [
        {
            "indicator": indicator,
            "value": found.get((indicator.pk, month)),
            "previous": found.get((indicator.pk, previous)),
            "year_ago": found.get((indicator.pk, year_ago)),
            "replaced": (replaced or {}).get(indicator.code),
            "changed": replaced is not None
            and replaced.get(indicator.code, "—") != services.plain(found.get((indicator.pk, month))),
        }
        for indicator in services.reported_indicators(report.unit)
    ]


class StatReportValuesView(core.EditableObjectMixin, generic.FormView):
    """Enter or correct the month's values; every bad cell is named and nothing is saved."""

    queryset = REPORTS
    template_name = "statistics/statreport_values.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.object = self.get_object()
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, form_class=None):
        return ValuesForm(**self.get_form_kwargs(), report=self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = {row["indicator"].code: row for row in value_rows(self.object)}
        context.update(object=self.object, fields=[(field, rows.get(field.name)) for field in context["form"]])
        return context

    def form_valid(self, form):
        if form.run(services.save_values, self.object, form.cleaned_data, by=self.request.user) is None:
            return self.form_invalid(form)
        messages.success(self.request, _("已保存{report}").format(report=self.object))
        return redirect(self.object.get_absolute_url())


class StatReportActionView(core.ScopedMixin, generic.View):
    """Submit (the unit), approve, return or reopen (a reviewer above it)."""

    queryset = REPORTS
    action = ""

    def post(self, request, pk: int):
        report = get_object_or_404(self.queryset.visible_to(request.user), pk=pk)
        reason = request.POST.get("reason", "")
        run = {
            "submit": lambda: services.submit(report, by=request.user),
            "approve": lambda: services.approve(report, by=request.user),
            "return": lambda: services.return_report(report, by=request.user, reason=reason),
            "reopen": lambda: services.reopen(report, by=request.user, reason=reason),
        }[self.action]

        def moved() -> str:
            return _("{report}：{status}").format(report=report, status=report.get_status_display())

        core.act(request, run, success=moved)
        return redirect(report.get_absolute_url())


class StatReportHistoryView(core.ObjectHistoryView):
    queryset = StatReport.objects.all()


class RollupView(core.ScopedMixin, generic.TemplateView):
    """A unit's figures over a period, with last year's and the change; the year's paragraph."""

    replica_reads = True  # a read-only report: its reads may go to a replica (core/dbrouter.py)

    queryset = StatReport.objects.all()
    template_name = "statistics/rollup.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        year = timezone.localdate().year - 1
        data = self.request.GET or {
            "unit": Unit.objects.visible_to(user).order_by("depth").values_list("pk", flat=True).first(),
            "start": f"{year}-01",
            "end": f"{year}-12",
        }
        form = RollupForm(data, user=user)
        # The form's rendering (rollup.html) follows the address, the scope's options and the day (the defaults).
        context.update(form=form, form_key=generations.page_key(user, "form", self.request.get_full_path()))
        if form.is_valid():
            unit, start, end = form.cleaned_data["unit"], form.cleaned_data["start"], form.cleaned_data["end"]
            provisional = form.cleaned_data["provisional"]
            wanted = self.request.GET.get("chart")

            def rollup() -> dict:
                figures = services.rollup(unit, start, end, provisional=provisional)
                by_child = services.rollup_by_child(unit, start, end, provisional=provisional)
                chosen = next((f.indicator for f in figures if f.indicator.code == wanted), None)
                chosen = chosen or next((f.indicator for f in figures if f.value and not f.indicator.is_ratio), None)
                return {
                    "figures": figures,
                    "children": children_table(figures, by_child),
                    "paragraph": services.paragraph(unit, end.year) if one_calendar_year(start, end) else "",
                    "chart_indicator": chosen,
                    "chart": chart_data(unit, end, chosen, by_child) if chosen else None,
                }

            # Read only when the figures' rendering is not in the cache (rollup.html): the unit's subtree for the
            # period, as of the data; the key holds the whole address (its links repeat the query string).
            context.update(
                unit=unit, start=start, end=end, rollup=SimpleLazyObject(rollup),
                rollup_key=generations.page_key(user, self.request.get_full_path()),
            )  # fmt: skip
        return context


def one_calendar_year(start, end) -> bool:
    """The year's paragraph describes January to December of one year, so only such a period shows it."""
    return start.year == end.year and (start.month, end.month) == (1, 12)


def children_table(figures: list[services.Figure], by_child: list) -> dict:
    """下级单位 × the indicators the unit has figures for: each child's figures in the columns' order."""
    columns = [f.indicator for f in figures if f.value is not None]
    rows = []
    for child, child_figures in by_child:
        found = {f.indicator.pk: f for f in child_figures}
        rows.append((child, [found.get(indicator.pk) for indicator in columns]))
    return {"columns": columns, "rows": rows}


class SubmissionBoardView(core.ScopedMixin, generic.TemplateView):
    """催报: for a month, which units of the subtree have reported, and how far their report has got."""

    replica_reads = True  # a read-only report: its reads may go to a replica (core/dbrouter.py)

    queryset = StatReport.objects.all()
    template_name = "statistics/board.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        visible = Unit.objects.visible_to(user)
        unit_id = params.optional_id(self.request.GET, "unit")
        unit = (unit_id and visible.filter(pk=unit_id).first()) or visible.order_by("depth").first()
        last_month = services.previous_month(timezone.localdate())
        try:
            month = services.parse_month(self.request.GET["month"]) if self.request.GET.get("month") else last_month
        except ValidationError:
            month = last_month
        rows = services.submission_status(unit, month) if unit else []
        counts = dict.fromkeys(("missing", "draft", "submitted", "returned", "approved"), 0)
        for _unit, report in rows:
            counts[report.status if report else "missing"] += 1
        context.update(
            unit=unit, month=month, rows=rows, counts=counts,
            outstanding=counts["missing"] + counts["draft"] + counts["returned"],
            can_remind=unit is not None and services.may_remind(unit, user),
            can_export=self.scope().can(Action.EXPORT, "statistics"),  # the month's 统计报表 (Word)
        )  # fmt: skip
        return context


class RemindView(core.ScopedMixin, generic.View):
    """催报 from the board: every unit of the subtree that has not submitted the month is reminded."""

    queryset = Unit.objects.all()

    def post(self, request, pk: int):
        unit = get_object_or_404(Unit.objects.visible_to(request.user), pk=pk)
        try:
            month = services.parse_month(request.POST.get("month", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect(f"{reverse('statistics:board')}?unit={unit.pk}")
        result = services.remind(unit, month, by=request.user)
        if result.units:
            text = _("已向 {units} 个未报送单位的 {people} 名统计员和负责人发送催报消息。")
            messages.success(request, text.format(units=result.units, people=result.people))
        else:
            text = _("{year}年{month}月各单位均已报送，无需催报。")
            messages.info(request, text.format(year=month.year, month=month.month))
        if result.unheard:
            text = _("以下单位未设统计员或负责人账号，无人接收催报：{units}。请为其授权。")
            messages.warning(request, text.format(units="、".join(u.name for u in result.unheard)))
        return redirect(f"{reverse('statistics:board')}?unit={unit.pk}&month={month:%Y-%m}")


class StatReportExportView(core.ObjectExportView):
    """The listed reports, value by value, in a statistical report form's layout."""

    queryset = REPORTS
    filterset_class = StatReportFilterSet

    def get(self, request, *args, **kwargs):
        self.require(Action.EXPORT)
        filterset = self.filterset_class(request.GET, queryset=self.queryset.visible_to(request.user), request=request)
        reports = filterset.qs.order_by("month", "unit__path")
        user = request.user
        chosen = filterset.form.cleaned_data.get("unit") if filterset.is_valid() else None
        unit = Unit.objects.visible_to(user).filter(pk=chosen).first() if chosen else None
        name = unit.name if unit else _("权限范围内各单位")
        content = reports_xlsx(reports, unit_name=name, **core.export_marks(request))
        return core.xlsx_response(content, f"月度统计报表明细-{timezone.localdate():%Y%m%d}.xlsx")


def chart_data(unit: Unit, end, indicator, by_child: list) -> dict:
    """What the two ECharts charts draw: the monthly trend against last year, and the share of each child
    (from ``services.rollup_by_child``: stocks at the period's end, like the table)."""
    shares = [
        {"name": child.name, "value": float(f.value)}
        for child, figures in by_child
        for f in figures
        if f.indicator.pk == indicator.pk and f.value is not None
    ]
    return {
        "name": indicator.name,
        "unit": indicator.unit_of_measure,
        "trend": services.monthly_series(unit, end.year, indicator),
        "children": shares,
        "year": end.year,
    }


class RollupExportView(RollupView):
    """The roll-up as an .xlsx statistical report form."""

    def get(self, request, *args, **kwargs):
        self.require(Action.EXPORT)
        context = self.get_context_data()
        if "rollup" not in context:
            return redirect("statistics:rollup")
        content = rollup_xlsx(
            context["unit"], context["start"], context["end"], context["rollup"]["figures"],
            **core.export_marks(request),
        )  # fmt: skip
        return core.xlsx_response(content, f"{context['unit'].name}统计汇总-{context['end']:%Y%m}.xlsx")
