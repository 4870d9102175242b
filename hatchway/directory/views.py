"""Pages: the organisation directory and, for operators, who holds which role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hatchway.directory.access import access_organisation, has_member_list_access, is_operator
from hatchway.directory.models import Membership, Organisation, OrganisationKind
from hatchway.errors import Forbidden

PAGE_SIZE = 25


@login_required
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100]
    kind = request.GET.get("kind", "")
    organisations = Organisation.objects.search(query)
    if kind in OrganisationKind.values:
        organisations = organisations.filter(kind=kind)
    page = Paginator(organisations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/organisation_list.html",
        {"page": page, "query": query, "kind": kind, "kinds": OrganisationKind.choices},
    )


@login_required
@require_GET
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = access_organisation(request.user, organisation_id)
    members = None
    if has_member_list_access(request.user, organisation):
        members = list(Membership.objects.in_organisation(organisation))
    return render(
        request, "directory/organisation_detail.html", {"organisation": organisation, "members": members}
    )


@login_required
@require_GET
def membership_list(request: HttpRequest) -> HttpResponse:
    if not is_operator(request.user):
        raise Forbidden()
    memberships = Membership.objects.select_related("user", "organisation").order_by("role", "user__email")
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    return render(request, "directory/membership_list.html", {"page": page})
