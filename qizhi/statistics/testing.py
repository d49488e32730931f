"""Statistics in the test personas' bureaus, built on demand, and the scoping samples."""

from __future__ import annotations

import datetime

from qizhi.core.testing import PERSONA_HOOKS, sample
from qizhi.org.testing import Bureau
from qizhi.statistics import catalog, services
from qizhi.statistics.models import StatReport, StatValue

PERSONA_HOOKS.append(catalog.ensure)  # a transactional test empties the table the data migration filled


def report_of(bureau: Bureau) -> StatReport:
    """An approved January 2025 report of the bureau's judicial office."""
    if "stat_report" not in bureau.__dict__:
        report = services.open_report(bureau.judicial_office, datetime.date(2025, 1, 1), by=bureau.statistician)
        services.save_values(report, {"disputes_accepted": 12, "disputes_succeeded": 11}, by=bureau.statistician)
        services.submit(report, by=bureau.statistician)
        services.approve(report, by=bureau.leader)
        bureau.__dict__["stat_report"] = report
    return bureau.__dict__["stat_report"]


@sample(StatReport)
def _report_sample(bureau: Bureau):
    return report_of(bureau)


@sample(StatValue)
def _value_sample(bureau: Bureau):
    return report_of(bureau).values.first()
