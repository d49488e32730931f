"""Traffic lights. The light has one implementation, ``LightOf``, an SQL expression a queryset annotates
(a plan's tree, a ranking, a province's counts alike); ``light`` asks it for one target."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models
from django.db.models import F
from django.utils import timezone

from qizhi.targets.choices import Light
from qizhi.targets.models import Target
from qizhi.targets.services.completion import FOUR_PLACES, ONE, ZERO, _half_even, margins


def expected_share(start: datetime.date, deadline: datetime.date, today: datetime.date) -> Decimal:
    """How much should be done by ``today`` if work went evenly from ``start`` to ``deadline``."""
    if today >= deadline:
        return ONE
    if today <= start:
        return ZERO
    return (Decimal((today - start).days) / Decimal((deadline - start).days)).quantize(FOUR_PLACES)


class LightOf(models.Func):
    """The light of each target on ``today``: green when done or on track; red when overdue or behind
    the time-proportional expectation (``expected_share`` from 1 January of the plan's year) by more than
    the red margin; yellow when behind by more than the yellow margin. Exact to the digit on both engines:
    the expected share (four places, half to even) and the completion are compared in ten-thousandths,
    in integers. ``year``, when every row is of plans of that year, spares the join to the plan."""

    output_field = models.CharField()

    def __init__(self, today: datetime.date, year: int | None = None):
        super().__init__(F("completion"), F("deadline"), *([] if year is not None else [F("plan__year")]))
        self.today, self.year = today, year

    def as_sql(self, compiler, connection, **extra):
        compiled = [compiler.compile(e) for e in self.get_source_expressions()]
        assert not any(params for _sql, params in compiled)  # plain columns
        completion, deadline, *plan_year = (sql for sql, _params in compiled)
        # The year and the day are written into the SQL: an int, and a date's digits and dashes.
        year, today = (plan_year[0] if plan_year else str(int(self.year))), self.today.isoformat()
        if connection.vendor == "sqlite":
            start = f"julianday(printf('%%04d-01-01', {year}))"
            days, elapsed = (f"CAST(julianday({d}) - {start} AS INTEGER)" for d in (deadline, f"'{today}'"))
            today_sql = f"'{today}'"
        else:
            start = f"make_date({year}, 1, 1)"
            days, elapsed, today_sql = f"({deadline} - {start})", f"(DATE '{today}' - {start})", f"DATE '{today}'"
        yellow, red = (int(m * 10000) for m in margins())
        expected = f"""(CASE WHEN {days} <= {elapsed} THEN 10000 WHEN {elapsed} <= 0 THEN 0
            ELSE {_half_even(f"{elapsed} * 10000", days)} END)"""
        done = f"CAST(ROUND({completion} * 10000) AS BIGINT)"
        sql = f"""(CASE WHEN {done} >= 10000 THEN '{Light.GREEN}' WHEN {deadline} < {today_sql} THEN '{Light.RED}'
            WHEN {done} < {expected} - {red} THEN '{Light.RED}'
            WHEN {done} < {expected} - {yellow} THEN '{Light.YELLOW}' ELSE '{Light.GREEN}' END)"""
        return sql, []


def with_lights(targets, today: datetime.date | None = None, year: int | None = None):
    """``targets`` annotated with each one's ``light`` (see ``LightOf``)."""
    return targets.annotate(light=LightOf(today or timezone.localdate(), year))


def light(target: Target, today: datetime.date | None = None) -> str:
    """One target's light (one query; a list annotates ``with_lights`` instead)."""
    if getattr(target, "light", None) in Light.values:
        return target.light
    return with_lights(Target.objects.filter(pk=target.pk), today).values_list("light", flat=True).get()
