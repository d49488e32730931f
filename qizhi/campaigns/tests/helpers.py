"""Small builders for campaign tests."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from qizhi.campaigns.models import Problem, Rectification
from qizhi.campaigns.testing import campaign_of
from qizhi.core.testing import PDF_BYTES


def responsible_user(bureau):
    """Link the bureau's staff login to the person responsible for the sample item, and return it."""
    person = campaign_of(bureau)["item"].responsible_person
    person.user = bureau.staff
    person.save()
    return bureau.staff


def evidence(name: str = "整改佐证.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def problem(campaign, category: str = "efficiency", description: str = "办事效率不高") -> Problem:
    return Problem.objects.create(
        campaign=campaign, category=category, source="inspection", description=description,
        found_on=datetime.date(2026, 5, 20),
    )  # fmt: skip


def item(found: Problem, *, status: str = "pending", progress: int = 0, weight="1", deadline=None) -> Rectification:
    return Rectification.objects.create(
        campaign=found.campaign, problem=found, measure="措施", status=status, progress=progress, weight=weight,
        deadline=deadline,
    )  # fmt: skip
