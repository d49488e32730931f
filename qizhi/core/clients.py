"""The address of the client a request came from: what the public pages' rate limits and the sign-in lock-out count.

Served directly, it is the connection's ``REMOTE_ADDR``. Behind the deployment's nginx every connection comes from
nginx, so ``REMOTE_ADDR`` is 127.0.0.1 for everyone, and one citizen's five letters would close the letter box to the
whole public for an hour. There nginx passes the client's address in a header it sets itself, replacing whatever the
client sent (``X-Real-IP``, README, "Deployment"), and ``CLIENT_ADDRESS_HEADER`` names it. It is opt-in: a proxy
that passes the client's own header on would let anyone name any address, and guess passwords without a lock-out.
``manage.py check --deploy`` warns when a production deployment behind a proxy names none.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks

LONGEST = 45  # an IPv6 address with an IPv4 tail


def meta_key(header: str) -> str:
    """``X-Real-IP`` as Django's ``request.META`` names it: ``HTTP_X_REAL_IP``."""
    header = header.strip()
    return "HTTP_" + header.upper().replace("-", "_") if header else ""


def client_address(request) -> str:
    header = meta_key(settings.CLIENT_ADDRESS_HEADER)
    forwarded = request.META.get(header, "").strip() if header else ""
    return (forwarded or request.META.get("REMOTE_ADDR", "") or "")[:LONGEST]


@checks.register(checks.Tags.security, deploy=True)
def check_client_address(app_configs, **kwargs) -> list:
    if settings.BEHIND_PROXY and not settings.CLIENT_ADDRESS_HEADER:
        return [
            checks.Warning(
                "BEHIND_PROXY is on but CLIENT_ADDRESS_HEADER is empty: every visitor has the proxy's address, so "
                "one visitor's attempts use up the public pages' rate limits and the sign-in lock-out for all.",
                hint="Let nginx set X-Real-IP to $remote_addr and set CLIENT_ADDRESS_HEADER=X-Real-IP (README).",
                id="qizhi.W001",
            )
        ]
    return []
