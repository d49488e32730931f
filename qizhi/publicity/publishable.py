"""What the public may read of publicity records: a bulletin issue, as issued."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from qizhi.core.publishing import PublicText, publishable
from qizhi.publicity.models import BulletinIssue


@publishable("publicity.bulletinissue", _("信息简报"), model=BulletinIssue)
def issue_text(issue: BulletinIssue) -> PublicText:
    return PublicText(
        title=f"{issue.bulletin.name}{issue.label}：{issue.title}",
        body="\n".join(issue.paragraphs),
        unit=issue.bulletin.unit,
        made_on=issue.issued_on,
        summary=f"{issue.bulletin.name}{issue.label}：{issue.title}",
    )
