"""Who may change a meeting: decided on its locked row, by every service that changes it or its sheet."""

from __future__ import annotations

from django.utils.translation import gettext as _

from qizhi.accounts.roles import Action
from qizhi.core.refusals import lock, require
from qizhi.meetings.models import Meeting


def locked_for_change(meeting: Meeting, by) -> Meeting:
    """The meeting's row locked, and ``by``'s right to change it checked on the locked row."""
    lock(meeting)
    require(meeting, by=by, action=Action.CHANGE, message=_("您不能更改会议“{meeting}”").format(meeting=meeting))
    return meeting
