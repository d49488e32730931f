"""Signals other apps listen to (targets whose progress is read from the statistics)."""

from django.dispatch import Signal

# Sent after a report's values start or stop counting (approval, reopening): ``report`` = the StatReport.
approved_values_changed = Signal()
