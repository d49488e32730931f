"""Applicants left at 预备党员 by a 转正 on the member's own page (before that page went through the
conversion step, issue #14): each moves to 正式党员 on its person's conversion date."""

from django.db import migrations
from django.db.models import F


def repair_stale_conversions(apps, schema_editor):
    Applicant = apps.get_model("recruitment", "Applicant")
    Membership = apps.get_model("party", "Membership")
    waiting = Applicant.objects.filter(stage="probationary")
    full_on = dict(
        Membership.objects.filter(
            person_id__in=waiting.values("person_id"), ended_on__isnull=True, status="full", full_on__isnull=False
        ).values_list("person_id", "full_on")
    )
    for applicant in waiting.filter(person_id__in=list(full_on)):
        Applicant.objects.filter(pk=applicant.pk).update(
            stage="full", converted_on=full_on[applicant.person_id], version=F("version") + 1
        )


class Migration(migrations.Migration):
    dependencies = [("recruitment", "0001_initial"), ("party", "0003_elections")]

    # Nothing to undo: the applicants were converted in fact; going back leaves them converted.
    operations = [migrations.RunPython(repair_stale_conversions, migrations.RunPython.noop)]
