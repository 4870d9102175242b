"""Activate each viewer's language and time zone for the request."""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

from hatchway.accounts.models import available_time_zones

SUPPORTED_LANGUAGES = {code for code, _name in settings.LANGUAGES}


class PreferencesMiddleware:
    """Signed-in users get their stored preferences; visitors get the cookie their browser set."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and user.language in SUPPORTED_LANGUAGES:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        zone_name = (
            user.time_zone
            if user.is_authenticated
            else request.COOKIES.get(settings.TIME_ZONE_COOKIE_NAME, "")
        )
        if zone_name in available_time_zones():
            timezone.activate(zoneinfo.ZoneInfo(zone_name))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
