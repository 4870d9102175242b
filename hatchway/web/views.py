"""Pages that belong to no single app: home, workspace, language switch, health."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language

from hatchway.accounts.actions import do_update_preferences
from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "carriers": Organisation.objects.filter(kind=OrganisationKind.CARRIER).count(),
        "stations": Organisation.objects.filter(kind=OrganisationKind.OVERSEAS_STATION).count(),
        "enterprises": Organisation.objects.filter(kind=OrganisationKind.ENTERPRISE).count(),
        "investors": Organisation.objects.filter(kind=OrganisationKind.INVESTOR).count(),
    }
    return render(request, "web/home.html", {"counts": counts})


@login_required
@require_GET
def workspace(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    memberships = list(Membership.objects.of_user(user))
    held = {membership.role for membership in memberships}
    return render(
        request,
        "web/workspace.html",
        {"memberships": memberships, "held_roles": held, "Role": Role},
    )


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in user's choice is also stored on the account."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in {code for code, _name in settings.LANGUAGES}:
        do_update_preferences(request.user, language=language)
    return response


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
