"""Record every sign-in attempt, from whichever form it came (site, admin, API)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from hatchway.accounts.actions import do_record_sign_in_attempt
from hatchway.accounts.backends import client_ip


@receiver(user_login_failed)
def record_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    email = credentials.get("username") or credentials.get("email") or ""
    do_record_sign_in_attempt(str(email), client_ip(request), succeeded=False)


@receiver(user_logged_in)
def record_successful_sign_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    do_record_sign_in_attempt(user.email, client_ip(request), succeeded=True)
