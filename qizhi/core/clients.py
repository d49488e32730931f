"""The address of the client a request came from: what the public pages' rate limits and the sign-in lock-out count.

Served directly, it is the connection's ``REMOTE_ADDR``. Behind the deployment's nginx (``BEHIND_PROXY``) every
connection comes from nginx, so ``REMOTE_ADDR`` is 127.0.0.1 for everyone, and one citizen's five letters would
close the letter box to the whole public for an hour. There nginx passes the client's address in ``X-Real-IP``
(README, "Deployment"), a header it sets itself, replacing whatever the client sent; gunicorn listens on 127.0.0.1
only, so nothing else can set it. Without ``BEHIND_PROXY`` the header is ignored: a client could write any address
into it.
"""

from __future__ import annotations

from django.conf import settings

LONGEST = 45  # an IPv6 address with an IPv4 tail


def client_address(request) -> str:
    header = settings.CLIENT_ADDRESS_HEADER
    forwarded = request.META.get(header, "").strip() if header else ""
    return (forwarded or request.META.get("REMOTE_ADDR", "") or "")[:LONGEST]
