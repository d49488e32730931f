from __future__ import annotations

from qizhi.accounts.roles import Role
from qizhi.core.navigation import MENU
from qizhi.core.scoping import scope_of


def navigation(request):
    """The menu groups and items this user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": ()}

    def build():
        scope = scope_of(user)
        member_only = not scope.unrestricted and scope.roles() <= {Role.STAFF}
        admin = scope.unrestricted or Role.ADMIN in scope.roles()
        groups = []
        for group in MENU:
            items = [
                item
                for item in group.items
                if scope.can(item.action, item.area)
                and (item.for_members or not member_only)
                and (admin or not item.admin_only)
            ]
            if items:
                groups.append((group, items))
        return groups

    def unread():
        from qizhi.core.notifications import unread_count

        return unread_count(user)

    return {"menu": build, "unread_notifications": unread}
