"""Monthly statistics: entering values under the catalog's rules, the report's workflow, and the
roll-up of any unit's subtree over any period — one aggregate query over the unit path — with last
year's figures and ratios recomputed from summed parts (never averaged)."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Substr
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action, Role
from qizhi.accounts.services import holders
from qizhi.core import generations, params, workflow
from qizhi.core.notifications import notify
from qizhi.core.refusals import lock, require, require_covers
from qizhi.core.scoping import scope_of, subtree_q
from qizhi.org.models import Unit
from qizhi.statistics import totals
from qizhi.statistics.choices import TimeAggregation
from qizhi.statistics.models import Indicator, ParagraphTemplate, StatReport, StatTotal, StatValue
from qizhi.statistics.signals import approved_values_changed

AREA = "statistics"

# --- Periods ------------------------------------------------------------------------------------


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def previous_month(day: datetime.date) -> datetime.date:
    """The first day of the month before ``day``'s month."""
    return (first_of_month(day) - datetime.timedelta(days=1)).replace(day=1)


def shift_year(day: datetime.date, years: int) -> datetime.date:
    return day.replace(year=day.year + years)


def parse_month(text: str) -> datetime.date:
    """``2025-03`` → 2025-03-01; a clear error otherwise."""
    match = re.match(r"^(\d{4})-(\d{2})$", str(text or "").strip())
    if match and int(match[1]) >= params.YEARS[0] and 1 <= int(match[2]) <= 12:
        return datetime.date(int(match[1]), int(match[2]), 1)  # a future month is refused by its own rule
    raise ValidationError(_("月份“{text}”格式应为 YYYY-MM（{year} 年以后）").format(text=text, year=params.YEARS[0]))


# --- The catalog for a unit ---------------------------------------------------------------------


def reporting_kinds() -> set[str]:
    """The unit kinds that report at least one active indicator (the open-report form and the 催报 board)."""
    return {kind for i in Indicator.objects.filter(active=True) for kind in i.reporting_kinds}


def reported_indicators(unit: Unit) -> list[Indicator]:
    """The indicators a unit of this kind reports (ratios are computed, never reported)."""
    indicators = Indicator.objects.filter(active=True, numerator__isnull=True)
    return [i for i in indicators if unit.kind in i.reporting_kinds]


# --- Entering a month ---------------------------------------------------------------------------


@transaction.atomic
def open_report(unit: Unit, month: datetime.date, *, by) -> StatReport:
    """The unit's report for ``month`` (a new draft), refusing future months and duplicates."""
    require_covers(by, Action.ADD, AREA, unit.path, _("您不能为{unit}填报统计报表").format(unit=unit))
    month = first_of_month(month)
    if month.year < params.YEARS[0]:
        raise ValidationError({"month": _("月份不能早于 {year} 年").format(year=params.YEARS[0])})
    if month > first_of_month(timezone.localdate()):
        raise ValidationError(
            {"month": _("不能填报未来月份（{year}年{month}月）").format(year=month.year, month=month.month)}
        )
    report = StatReport(unit=unit, month=month)
    report.stamp(by)
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:
        raise ValidationError(
            {"month": _("{unit}{year}年{month}月的报表已存在").format(unit=unit, year=month.year, month=month.month)}
        ) from exc
    return report


def _clean(indicator: Indicator, raw) -> Decimal | None:
    text = "" if raw is None else str(raw).strip()
    if text == "":
        return None
    try:
        value = Decimal(text)
    except InvalidOperation as exc:
        raise ValidationError(_("“{text}”不是数字").format(text=text)) from exc
    if not value.is_finite():
        raise ValidationError(_("“{text}”不是数字").format(text=text))
    if value < 0:
        raise ValidationError(_("不能为负数"))
    if indicator.integer and value != value.to_integral_value():
        raise ValidationError(_("{name}应为整数").format(name=indicator.name))
    if value >= Decimal("1e12"):
        raise ValidationError(_("数值过大"))
    return value


def validate_values(unit: Unit, raw: dict[str, object]) -> dict[str, Decimal]:
    """Clean every cell and check the rules between cells; raise one error naming every bad cell."""
    allowed = {i.code: i for i in reported_indicators(unit)}
    catalog = {i.code: i for i in Indicator.objects.all()}
    errors: dict[str, list[str]] = {}
    values: dict[str, Decimal] = {}
    for code, cell in raw.items():
        if code not in catalog:
            errors[code] = [_("没有代码为“{code}”的指标").format(code=code)]
        elif code not in allowed:
            errors[code] = [_("{kind}不填报“{name}”").format(kind=unit.get_kind_display(), name=catalog[code].name)]
        else:
            try:
                value = _clean(allowed[code], cell)
            except ValidationError as exc:
                errors[code] = exc.messages
            else:
                if value is not None:
                    values[code] = value
    for code, value in values.items():
        limit = allowed[code].at_most
        if limit is not None and limit.code in values and value > values[limit.code]:
            errors.setdefault(code, []).append(
                _("{name}（{value}）不得大于{limit}（{limit_value}）").format(
                    name=allowed[code].name,
                    value=plain(value),
                    limit=limit.name,
                    limit_value=plain(values[limit.code]),
                )
            )
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def save_values(report: StatReport, raw: dict[str, object], *, by) -> StatReport:
    """Replace the report's values with ``raw`` (code → cell), all or nothing."""
    report = lock(report)
    require(report, by=by, action=Action.CHANGE, message=_("您不能填报{report}").format(report=report))
    if report.locked:
        raise ValidationError(
            {
                "status": _("该月报表状态为“{status}”，不能修改；如需更正请先重新打开").format(
                    status=report.get_status_display()
                )
            }
        )
    values = validate_values(report.unit, raw)
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=values)}
    report.values.all().delete()
    StatValue.objects.bulk_create(
        StatValue(report=report, indicator=by_code[code], unit=report.unit, month=report.month, value=value)
        for code, value in values.items()
    )
    report.stamp(by)
    report.save()
    return report


# --- The workflow -------------------------------------------------------------------------------

# Who may make each move: the unit's own editors submit; reviewers over it approve, return, reopen.
NEEDS = {
    workflow.Status.SUBMITTED: Action.CHANGE,
    workflow.Status.APPROVED: Action.APPROVE,
    workflow.Status.RETURNED: Action.APPROVE,
    workflow.Status.DRAFT: Action.APPROVE,
}
FROM = {
    workflow.Status.SUBMITTED: (workflow.Status.DRAFT, workflow.Status.RETURNED),
    workflow.Status.APPROVED: (workflow.Status.SUBMITTED,),
    workflow.Status.RETURNED: (workflow.Status.SUBMITTED,),
    workflow.Status.DRAFT: (workflow.Status.APPROVED,),
}


def may_move(report: StatReport, user, to: str) -> bool:
    """Whether ``user`` may move ``report`` to ``to`` now (what the report's page offers)."""
    return report.status in FROM[to] and scope_of(user).covers(NEEDS[to], AREA, report.unit.path)


def _locked_for(report: StatReport, to: str, by) -> StatReport:
    """The report locked for the move to ``to`` and ``by``'s right to make it checked on the locked row."""
    lock(report)
    require(report, by=by, action=NEEDS[to], message=_("您没有对{report}执行此操作的权限").format(report=report))
    return report


@transaction.atomic
def submit(report: StatReport, *, by) -> StatReport:
    _locked_for(report, workflow.Status.SUBMITTED, by)
    workflow.transition(report, workflow.Status.SUBMITTED, by=by)
    return report


@transaction.atomic
def approve(report: StatReport, *, by) -> StatReport:
    _locked_for(report, workflow.Status.APPROVED, by)
    workflow.transition(report, workflow.Status.APPROVED, by=by)
    report.values.update(approved=True)
    totals.apply_report(report, sign=1)  # before the signal: its listeners read the roll-ups
    approved_values_changed.send(sender=StatReport, report=report)
    return report


@transaction.atomic
def return_report(report: StatReport, *, by, reason: str) -> StatReport:
    """Back to the unit with a reason; its statisticians are told in their inbox."""
    _locked_for(report, workflow.Status.RETURNED, by)
    workflow.transition(report, workflow.Status.RETURNED, by=by, reason=reason)
    notify(
        holders(report.unit, [Role.STATISTICIAN]), sender=by, url=report.get_absolute_url(),
        title=_("{report}被退回").format(report=report), body=_("退回理由：{reason}").format(reason=reason.strip()),
    )  # fmt: skip
    return report


@transaction.atomic
def reopen(report: StatReport, *, by, reason: str) -> StatReport:
    """A correction to an approved month: back to draft. The reason and the approved values it
    replaces are kept with the event, so the report's page shows what the correction changed."""
    _locked_for(report, workflow.Status.DRAFT, by)
    approved = {code: plain(value) for code, value in report.values.values_list("indicator__code", "value")}
    workflow.transition(report, workflow.Status.DRAFT, by=by, reason=reason, data={"values": approved})
    report.values.update(approved=False)
    totals.apply_report(report, sign=-1)  # before the signal: its listeners read the roll-ups
    approved_values_changed.send(sender=StatReport, report=report)
    return report


def replaced_values(report: StatReport) -> dict[str, str] | None:
    """The approved values the latest correction of ``report`` replaced (None: never corrected)."""
    event = (
        workflow.WorkflowEvent.objects.filter(
            app_label=report._meta.app_label, model=report._meta.model_name, object_id=report.pk,
            from_status=workflow.Status.APPROVED,
        ).order_by("-at", "-pk").first()
    )  # fmt: skip
    return None if event is None else event.data.get("values", {})


# --- Who has reported -------------------------------------------------------------------------


def may_remind(unit: Unit, user) -> bool:
    return scope_of(user).covers(Action.APPROVE, AREA, unit.path)


def reporting_units(unit: Unit):
    """The units of ``unit``'s subtree whose kind reports at least one indicator."""
    return Unit.objects.filter(subtree_q("path", unit.path), kind__in=reporting_kinds()).order_by("path")


OUTSTANDING = (workflow.Status.DRAFT, workflow.Status.RETURNED)


@dataclass(frozen=True)
class Reminded:
    units: int  # units that had not submitted
    people: int  # notifications sent
    unheard: list[Unit]  # late units with nobody to tell (no statistician or head granted on them)


def remind(unit: Unit, month: datetime.date, *, by) -> Reminded:
    """催报: tell the statisticians and heads of every unit of the subtree that has not submitted
    ``month`` (no report, a draft or a returned one), each with a link to its own report. Only a
    reviewer over ``unit`` may."""
    require_covers(by, Action.APPROVE, AREA, unit.path, _("您不能向{unit}催报").format(unit=unit))
    month = first_of_month(month)
    late = [(u, r) for u, r in submission_status(unit, month) if r is None or r.status in OUTSTANDING]
    add = reverse("statistics:statreport_add")
    told, unheard = 0, []
    for late_unit, report in late:  # one message per unit: each names its own report
        sent = notify(
            holders(late_unit, [Role.STATISTICIAN, Role.UNIT_HEAD]).exclude(pk=by.pk), sender=by,
            url=report.get_absolute_url() if report else f"{add}?unit={late_unit.pk}&month={month:%Y-%m}",
            title=_("请报送{unit}{year}年{month}月统计报表").format(
                unit=late_unit.name, year=month.year, month=month.month
            ),
        )  # fmt: skip
        told += len(sent)
        if not sent:
            unheard.append(late_unit)
    return Reminded(len(late), told, unheard)


def submission_status(unit: Unit, month: datetime.date) -> list[tuple[Unit, StatReport | None]]:
    """Each reporting unit of the subtree with its report for ``month`` (None: not started) — two queries."""
    units = list(reporting_units(unit))
    reports = {r.unit_id: r for r in StatReport.objects.filter(unit__in=units, month=first_of_month(month))}
    return [(u, reports.get(u.pk)) for u in units]


# --- Roll-up ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    indicator: Indicator
    value: Decimal | None
    last_year: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.value is None or self.last_year is None:
            return None
        return self.value - self.last_year

    @property
    def change_percent(self) -> Decimal | None:
        # A rate's change is already in percentage points (增减); a percentage of a percentage misleads.
        if self.change is None or not self.last_year or self.indicator.is_ratio:
            return None
        return (100 * self.change / self.last_year).quantize(Decimal("0.1"))


class Window:
    """The months a roll-up reads: ``start``–``end`` and the same months a year earlier. Sums add up over the
    months; stocks （期末值） are read at the last month only."""

    def __init__(self, start: datetime.date, end: datetime.date, indicators: list[Indicator]):
        self.start, self.end = first_of_month(start), first_of_month(end)
        before_start, before_end = shift_year(self.start, -1), shift_year(self.end, -1)
        stocks = [i.pk for i in indicators if i.time_aggregation == TimeAggregation.PERIOD_END]
        self.before_start, self.before_end, self.stocks = before_start, before_end, stocks
        self.gap = previous_month(self.start) > before_end
        self.now = Q(month__gte=self.start, month__lte=self.end) & (~Q(indicator_id__in=stocks) | Q(month=self.end))
        self.then = Q(month__gte=before_start, month__lte=before_end) & (
            ~Q(indicator_id__in=stocks) | Q(month=before_end)
        )
        # One range for the index (unit, month, …); narrowed to the two periods when a gap lies between them.
        self.months = Q(month__gte=before_start, month__lte=self.end)
        if previous_month(self.start) > before_end:
            self.months &= Q(month__lte=before_end) | Q(month__gte=self.start)

    def aggregate(self, queryset, *keys: str):
        """``queryset`` (values or totals) summed by (*keys, indicator): rows of keys, ``now`` and ``then``."""
        return (
            queryset.filter(self.months)
            .values(*keys, "indicator_id")
            .annotate(now=Sum("value", filter=self.now), then=Sum("value", filter=self.then))
            .order_by()
        )

    def sums(self, *querysets, keys: tuple[str, ...] = ()) -> dict[tuple, tuple[Decimal | None, Decimal | None]]:
        """(*keys, indicator id) → (this period's sum, last year's) over the querysets, added up: one query."""
        first, *others = (self.aggregate(queryset, *keys) for queryset in querysets)
        found: dict[tuple, tuple] = {}
        for row in first.union(*others, all=True) if others else first:
            key = (*(row[k] for k in keys), row["indicator_id"])
            now, then = found.get(key, NONE)
            found[key] = (_plus(now, row["now"]), _plus(then, row["then"]))
        return found


_catalog: tuple[int, list[Indicator]] | None = None


def active_indicators() -> list[Indicator]:
    """The catalog as the roll-ups use it: ratios know their parts by id (no join). Read once per process and
    data generation (``core.generations``: any committed write, a change of the catalog among them, moves it
    on), so a roll-up is one statement. The instances are shared: read them, never change them."""
    global _catalog
    generation = generations.current()
    if _catalog is None or _catalog[0] != generation:
        _catalog = (generation, list(Indicator.objects.filter(active=True)))
    return _catalog[1]


def forget_catalog() -> None:
    """The next roll-up reads the catalog afresh (the tests' empty cache starts the generations anew)."""
    global _catalog
    _catalog = None


def rollup(unit: Unit, start: datetime.date, end: datetime.date, *, provisional: bool = False) -> list[Figure]:
    """Every indicator over ``unit``'s subtree from month ``start`` to month ``end`` (inclusive), with the
    same months a year earlier. Sums add up; stocks （期末值） take the last month; ratios are recomputed from
    the summed parts. Only approved values count — read from the summary ``StatTotal`` plus the unit's own
    values, two small queries — unless ``provisional``, which sums every value of the subtree (one query)."""
    indicators = active_indicators()
    window = Window(start, end, indicators)
    if provisional:
        sums = window.sums(StatValue.objects.filter(subtree_q("unit__path", unit.path)))
    else:
        sums = approved_sums(window, [unit.pk])
    return figures_of(indicators, {key[-1]: pair for key, pair in sums.items()})


def approved_sums(window: Window, units: list[int]) -> dict[tuple, tuple]:
    """(unit id, indicator id) → sums over each unit's subtree: its rows in the summary plus its own values,
    aggregated by the database in one statement.

    Written by hand (like ``totals``): a county's roll-up is a millisecond of SQL, and the ORM took twice as long
    again to build the same statement (``bench/README.md``, issue 16 §2). ``Window.sums`` is the ORM's version
    of the same sums (the provisional roll-ups use it); a test holds the two equal on random trees."""
    if not units:
        return {}
    date = connection.ops.adapt_datefield_value
    start, end, before_start, before_end = (date(d) for d in (window.start, window.end, window.before_start,
                                                               window.before_end))  # fmt: skip
    stocks = ", ".join(["%s"] * len(window.stocks))

    def period(first: str, last: str) -> tuple[str, list]:
        if not window.stocks:
            return "month >= %s AND month <= %s", [first, last]
        return f"month >= %s AND month <= %s AND (indicator_id NOT IN ({stocks}) OR month = %s)", [
            first, last, *window.stocks, last,
        ]  # fmt: skip

    now, now_params = period(start, end)
    then, then_params = period(before_start, before_end)
    months, months_params = "month >= %s AND month <= %s", [before_start, end]
    if window.gap:
        months, months_params = months + " AND (month <= %s OR month >= %s)", [*months_params, before_end, start]
    marks = ", ".join(["%s"] * len(units))
    sql = (
        f"SELECT unit_id, indicator_id, SUM(CASE WHEN {now} THEN value END), SUM(CASE WHEN {then} THEN value END) "
        f"FROM (SELECT unit_id, indicator_id, month, value FROM {StatTotal._meta.db_table} "
        f"WHERE unit_id IN ({marks}) AND {months} "
        f"UNION ALL SELECT unit_id, indicator_id, month, value FROM {StatValue._meta.db_table} "
        f"WHERE unit_id IN ({marks}) AND approved AND {months}) cells GROUP BY unit_id, indicator_id"
    )
    arguments = [*now_params, *then_params, *units, *months_params, *units, *months_params]
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        return {(unit, indicator): (_cents(now), _cents(then)) for unit, indicator, now, then in cursor.fetchall()}


CENT = Decimal("0.01")


def _cents(value) -> Decimal | None:
    """A sum as the ORM gives it for these two-place columns: PostgreSQL's numeric as it is, SQLite's integer
    or float as a Decimal of two places."""
    if value is None or isinstance(value, Decimal):
        return value
    return Decimal(repr(value)).quantize(CENT)


NONE = (None, None)


def _plus(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return b if a is None else a if b is None else a + b


def figures_of(indicators: list[Indicator], sums: dict[int, tuple]) -> list[Figure]:
    """The catalog's figures from indicator id → (sum, last year's sum); ratios from the summed parts."""
    figures = []
    for indicator in indicators:
        if indicator.is_ratio:
            numerator = sums.get(indicator.numerator_id, NONE)
            denominator = sums.get(indicator.denominator_id, NONE)
            figures.append(
                Figure(indicator, _ratio(numerator[0], denominator[0]), _ratio(numerator[1], denominator[1]))
            )
        else:
            figures.append(Figure(indicator, *sums.get(indicator.pk, NONE)))
    return figures


def _ratio(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return (100 * part / whole).quantize(Decimal("0.1"))


def children_of(unit: Unit, *, level: int = 1):
    """The units ``level`` steps below ``unit`` (1: its children; 2: theirs), in path order."""
    return Unit.objects.filter(subtree_q("path", unit.path), depth=unit.depth + level).order_by("path")


def rollup_by_child(
    unit: Unit, start: datetime.date, end: datetime.date, *, level: int = 1, provisional: bool = False
) -> list[tuple[Unit, list[Figure]]]:
    """``rollup`` for each child of ``unit`` (or each unit ``level`` steps below it: the province by county is
    ``level=2``), in three queries whatever the number of children. Children without any value are left out.

    The children lie in ``unit``'s subtree, so whoever may see ``unit`` may see them."""
    children = list(children_of(unit, level=level))
    if not children:
        return []
    indicators = active_indicators()
    window = Window(start, end, indicators)
    if provisional:
        length = len(children[0].path)
        values = StatValue.objects.filter(subtree_q("unit__path", unit.path), unit__depth__gte=children[0].depth)
        by_path = window.sums(values.annotate(branch=Substr("unit__path", 1, length)), keys=("branch",))
        ids = {child.path: child.pk for child in children}
        sums = {(ids[path], indicator_id): pair for (path, indicator_id), pair in by_path.items()}
    else:
        sums = approved_sums(window, [child.pk for child in children])
    per_child: dict[int, dict[int, tuple]] = {}
    for (child_id, indicator_id), pair in sums.items():
        per_child.setdefault(child_id, {})[indicator_id] = pair
    return [(child, figures_of(indicators, per_child[child.pk])) for child in children if child.pk in per_child]


def monthly_series(unit: Unit, year: int, indicator: Indicator) -> dict[str, list]:
    """An indicator's twelve months over ``unit``'s subtree, this year and last (approved values: the summary
    plus the unit's own, two queries)."""
    months = Q(indicator=indicator, month__gte=datetime.date(year - 1, 1, 1), month__lte=datetime.date(year, 12, 1))
    by_month: dict[datetime.date, Decimal] = {}
    below, own = StatTotal.objects.filter(months, unit=unit), StatValue.objects.filter(months, unit=unit, approved=True)
    for rows in (below, own):
        for month, total in rows.values_list("month").annotate(total=Sum("value")).order_by():
            by_month[month] = by_month.get(month, 0) + total

    def series(y: int) -> list:
        return [float(by_month[m]) if (m := datetime.date(y, n, 1)) in by_month else None for n in range(1, 13)]

    return {"months": [f"{n}月" for n in range(1, 13)], "this_year": series(year), "last_year": series(year - 1)}


def by_child(unit: Unit, start: datetime.date, end: datetime.date, indicator: Indicator) -> list[tuple[Unit, Decimal]]:
    """An indicator's figure for each child of ``unit`` over its subtree (stocks at the period's end)."""
    return [
        (child, figure.value)
        for child, figures in rollup_by_child(unit, start, end)
        for figure in figures
        if figure.indicator.pk == indicator.pk and figure.value is not None
    ]


# --- The summary --------------------------------------------------------------------------------


@transaction.atomic
def rebuild_totals() -> int:
    """Recount the summary ``StatTotal`` from the approved values (set-based); returns its number of rows."""
    return totals.rebuild()


# --- The year's paragraph -----------------------------------------------------------------------


def plain(value: Decimal | None) -> str:
    if value is None:
        return "—"
    value = value.normalize()
    return f"{value:f}"


def paragraph(unit: Unit, year: int, *, template: ParagraphTemplate | None = None) -> str:
    """The year's narrative (seed 000's kind) from the unit's approved figures."""
    template = template or ParagraphTemplate.objects.order_by("pk").first()
    figures = rollup(unit, datetime.date(year, 1, 1), datetime.date(year, 12, 1))
    values = {f.indicator.code: plain(f.value) for f in figures}
    try:
        return template.text.format_map(_Missing(values))
    except (ValueError, IndexError) as exc:
        raise ValidationError({"text": _("模板格式有误：{error}").format(error=exc)}) from exc


class _Missing(dict):
    """Unknown placeholders stay visible instead of failing the page."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"
