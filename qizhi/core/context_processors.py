from __future__ import annotations

import hashlib

from django.urls import get_script_prefix

from qizhi.accounts.roles import Role
from qizhi.core.navigation import MENU
from qizhi.core.scoping import keeps_catalogs, scope_of

# A new release's menu is not the cached one (the labels follow the language, which is in the key too).
MENU_VERSION = hashlib.sha256(
    repr(
        [(g.icon, [(i.url_name, i.area, i.icon, i.action, i.for_members, i.admin_only) for i in g.items]) for g in MENU]
    ).encode()
).hexdigest()[:12]


def navigation(request):
    """The menu groups and items this user may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": ()}

    def build():
        scope = scope_of(user)
        member_only = not scope.unrestricted and scope.roles() <= {Role.STAFF}
        admin = keeps_catalogs(user)  # the admin-only items are deployment-wide (the compliance rules)
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

    def key():
        # The menu follows the grants (the areas and actions they allow, the roles) and, for the deployment-wide
        # items, whether they cover the whole unit tree (asked of every user; no query without an administrator's
        # grant). base.html's {% cache %} keys its rendering by both and by this deployment's prefix.
        whole_tree = int(keeps_catalogs(user))
        return f"{MENU_VERSION}:{scope_of(user).signature()}:{whole_tree}:{get_script_prefix()}"

    return {"menu": build, "menu_key": key, "unread_notifications": unread}
