"""The history rows migration 0002 did not write: each applicant it moved to 正式党员 gets the 'changed'
row django-simple-history would have written, with no user and the migration named as the reason.

A migration cannot call the services (they need a user and the models of today), but it can write
through the historical model of its own state (``HistoricalApplicant``): the row is copied field by
field from the applicant as it now stands. Which applicants 0002 moved is read from the history
itself: an applicant at 正式党员 whose newest history row still says 预备党员 changed without history,
which no service can do (every service save writes a row). Running it again finds none."""

from django.db import migrations
from django.db.models import OuterRef, Subquery
from django.utils import timezone

REASON = "数据修复：在党员页面转正时未同步的发展党员记录（迁移 recruitment 0002）"


def record_history(apps, schema_editor):
    Applicant = apps.get_model("recruitment", "Applicant")
    Historical = apps.get_model("recruitment", "HistoricalApplicant")
    newest = Historical.objects.filter(id=OuterRef("pk")).order_by("-history_date", "-history_id")
    repaired = Applicant.objects.filter(stage="full").annotate(recorded=Subquery(newest.values("stage")[:1]))
    copied = [f.attname for f in Historical._meta.fields if not f.name.startswith("history_")]
    now = timezone.now()
    rows = [
        Historical(
            **{name: getattr(applicant, name) for name in copied},
            history_date=now,
            history_type="~",
            history_user=None,
            history_change_reason=REASON,
        )
        for applicant in repaired.filter(recorded="probationary")
    ]
    Historical.objects.bulk_create(rows)


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0002_repair_stale_conversions")]

    # Going back keeps the rows: they record what happened.
    operations = [migrations.RunPython(record_history, migrations.RunPython.noop)]
