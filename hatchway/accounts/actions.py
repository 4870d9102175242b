"""Verbs that change accounts: sign-up, preferences, API tokens, sign-in attempts."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import ngettext

from hatchway.accounts.models import ApiToken, LoginAttempt, User, hash_token
from hatchway.errors import Conflict, Throttled


@transaction.atomic
def do_sign_up(*, email: str, password: str, full_name: str, language: str, time_zone: str) -> User:
    normalized = User.objects.normalize_email(email)
    if User.objects.filter(email=normalized).exists():
        raise Conflict(email=normalized)
    return User.objects.create_user(
        normalized, password, full_name=full_name.strip(), language=language, time_zone=time_zone
    )


@transaction.atomic
def do_update_preferences(
    user: User,
    *,
    full_name: str | None = None,
    language: str | None = None,
    time_zone: str | None = None,
) -> User:
    if full_name is not None:
        user.full_name = full_name.strip()
    if language is not None:
        user.language = language
    if time_zone is not None:
        user.time_zone = time_zone
    user.full_clean(exclude=["password"])
    user.save(update_fields=["full_name", "language", "time_zone"])
    return user


@dataclass(frozen=True)
class IssuedToken:
    """A freshly created token; ``key`` exists only here and is shown to the user once."""

    token: ApiToken
    key: str


@transaction.atomic
def do_create_api_token(user: User, *, name: str, now: datetime | None = None) -> IssuedToken:
    key = ApiToken.generate_key()
    token = ApiToken(
        user=user,
        name=name.strip(),
        prefix=key[:10],
        key_hash=hash_token(key),
        created_at=now or timezone.now(),
    )
    token.full_clean()
    token.save()
    return IssuedToken(token=token, key=key)


@transaction.atomic
def do_revoke_api_token(token: ApiToken, *, now: datetime | None = None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def get_user_for_token(key: str, *, now: datetime | None = None) -> User | None:
    """Return the active user a token belongs to, or None; stamps the token as used."""
    if not key.startswith("hw_"):
        return None
    token = ApiToken.objects.active().select_related("user").filter(key_hash=hash_token(key)).first()
    if token is None:
        return None
    moment = now or timezone.now()
    # Stamp at most once a minute so busy clients do not write on every call.
    if token.last_used_at is None or moment - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=moment)
    return token.user


def check_sign_in_allowed(email: str, ip_address: str | None, *, now: datetime | None = None) -> None:
    """Raise Throttled when recent failures for this address or client exceed the limits.

    Failures for an e-mail address count only after its last successful sign-in, so the owner
    is not locked out by mistakes they already recovered from.
    """
    moment = now or timezone.now()
    window = timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    since = moment - window
    normalized = User.objects.normalize_email(email)
    last_success = LoginAttempt.objects.filter(
        email=normalized, succeeded=True, attempted_at__gte=since
    ).aggregate(last=Max("attempted_at"))["last"]
    by_email = Q(email=normalized)
    if last_success is not None:
        by_email &= Q(attempted_at__gt=last_success)
    limits = [(by_email, settings.LOGIN_THROTTLE_MAX_FAILURES_PER_EMAIL)]
    if ip_address:
        limits.append((Q(ip_address=ip_address), settings.LOGIN_THROTTLE_MAX_FAILURES_PER_IP))
    for condition, limit in limits:
        failures = list(
            LoginAttempt.objects.failures_since(since)
            .filter(condition)
            .order_by("-attempted_at")
            .values_list("attempted_at", flat=True)[:limit]
        )
        if len(failures) >= limit:
            # The oldest of the last `limit` failures leaves the window first.
            wait = failures[-1] + window - moment
            minutes = max(1, math.ceil(wait.total_seconds() / 60))
            raise Throttled(
                ngettext(
                    "Too many failed sign-in attempts. Try again in %(minutes)d minute, "
                    "or reset your password.",
                    "Too many failed sign-in attempts. Try again in %(minutes)d minutes, "
                    "or reset your password.",
                    minutes,
                )
                % {"minutes": minutes},
                retry_after_seconds=math.ceil(wait.total_seconds()),
            )


def do_record_sign_in_attempt(
    email: str, ip_address: str | None, *, succeeded: bool, now: datetime | None = None
) -> None:
    LoginAttempt.objects.create(
        email=User.objects.normalize_email(email)[:254],
        ip_address=ip_address,
        succeeded=succeeded,
        attempted_at=now or timezone.now(),
    )


@transaction.atomic
def do_set_administration_access(user: User, *, allowed: bool) -> User:
    """Let a platform operator into the administration site, or take that away."""
    user.is_staff = allowed
    user.is_superuser = allowed
    user.save(update_fields=["is_staff", "is_superuser"])
    return user
