"""Targets read from the statistics follow the approvals there."""

from django.dispatch import receiver

from qizhi.statistics.signals import approved_values_changed


@receiver(approved_values_changed, dispatch_uid="targets_follow_statistics")
def follow_statistics(sender, report, **kwargs):
    from qizhi.targets.services import refresh_linked

    refresh_linked(report.unit, report.month.year)
