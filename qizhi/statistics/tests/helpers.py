"""What several statistics test modules share."""

from __future__ import annotations

from qizhi.accounts.roles import Role
from qizhi.accounts.services import holders
from qizhi.statistics import services


def approved(unit, month, values, actor):
    """A report of ``unit`` for ``month`` entered and submitted by ``actor`` and approved by a leader
    granted above the unit (the statistician who submits may not approve)."""
    report = services.open_report(unit, month, by=actor)
    services.save_values(report, values, by=actor)
    services.submit(report, by=actor)
    services.approve(report, by=holders(unit, [Role.LEADER]).first())
    return report


def submitted_report(bureau, month):
    """The judicial office's month (4 disputes accepted), entered and submitted by its statistician."""
    stats = bureau.statistician
    report = services.open_report(bureau.judicial_office, month, by=stats)
    services.save_values(report, {"disputes_accepted": "4"}, by=stats)
    return services.submit(report, by=stats)
