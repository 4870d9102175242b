from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from hatchway.web.navigation import build_navigation


def navigation(request: HttpRequest) -> dict[str, object]:
    # Lazy, so pages that render no header (JSON, partials) run no query for it.
    return {"navigation": SimpleLazyObject(lambda: build_navigation(request.user))}
