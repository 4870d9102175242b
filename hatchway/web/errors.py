"""Error pages that keep the site's layout and language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from hatchway.errors import NotFound


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "web/error.html", {"status": 403, "exception": exception}, status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path.startswith("/api/"):
        # Callers of the API get its error format even for an address no endpoint serves.
        return JsonResponse({"code": NotFound.code, "message": str(NotFound.default_message)}, status=404)
    return render(request, "web/error.html", {"status": 404}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # Rendered without the request context: the failure may lie in what the context needs.
    return render(None, "web/500.html", status=500)
