"""Pages: the programme catalogue with its sources, and one programme's criteria and articles."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hatchway.policy.access import access_programme, access_programme_list


@login_required
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "policy/programme_list.html", {"programmes": access_programme_list(request.user)})


@login_required
@require_GET
def programme_detail(request: HttpRequest, programme_id: str) -> HttpResponse:
    programme = access_programme(request.user, programme_id)
    return render(request, "policy/programme_detail.html", {"programme": programme})
