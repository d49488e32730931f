"""The API's token exchange: ``POST /api/auth/token/`` with ``username`` and ``password``."""

from __future__ import annotations

import datetime

from django.conf import settings
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response

from qizhi.accounts.tokens import expired


class ObtainExpiringToken(ObtainAuthToken):
    """``POST /api/auth/token/``: the user's token, a new one when the old has expired."""

    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        if expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        expires = token.created + datetime.timedelta(hours=settings.API_TOKEN_TTL_HOURS)
        return Response({"token": token.key, "expires": expires.isoformat()})
