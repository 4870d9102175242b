"""E-mail sign-in that refuses to check passwords while an address or client is throttled."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from hatchway.accounts.actions import check_sign_in_allowed
from hatchway.accounts.models import User
from hatchway.errors import Throttled


def client_ip(request: HttpRequest | None) -> str | None:
    """Return the client's address, trusting X-Forwarded-For only from the configured proxies."""
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    address: str | None = request.META.get("REMOTE_ADDR")
    return address or None


class ThrottledEmailBackend(ModelBackend):
    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        email = username if username is not None else kwargs.pop("email", None)
        if email is None or password is None:
            return None
        try:
            check_sign_in_allowed(email, client_ip(request))
        except Throttled as error:
            # PermissionDenied stops Django from trying the password at all.
            raise PermissionDenied(str(error.message)) from error
        return super().authenticate(request, username=email, password=password, **kwargs)
