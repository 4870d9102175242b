"""Pages: browse with facets, one listing, my listings, the create/edit form, status buttons."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hatchway.accounts.models import User
from hatchway.directory.models import Organisation, Sector, Stage
from hatchway.directory.taxonomy import country_name, format_money
from hatchway.errors import Conflict, HatchwayError, InvalidInput, NotAuthenticated, NotFound
from hatchway.listings import attributes
from hatchway.listings.access import access_listing, access_new_listing_owner, request_viewer
from hatchway.listings.actions import (
    do_close_listing,
    do_create_listing,
    do_publish_listing,
    do_renew_listing,
    do_update_listing,
)
from hatchway.listings.forms import ListingForm
from hatchway.listings.models import (
    KIND_ELEMENT,
    OWNER_KINDS,
    Element,
    Listing,
    ListingKind,
    ListingStatus,
)

PAGE_SIZE = 20
FACETS = ("kind", "status", "country", "sector", "stage")


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _chosen(request: HttpRequest) -> dict[str, str | None]:
    valid: dict[str, Any] = {
        "kind": ListingKind.values,
        "element": Element.values,
        "status": ListingStatus.values,
    }
    chosen: dict[str, str | None] = {}
    for facet in (*FACETS, "element"):
        value = request.GET.get(facet, "")[:64].strip()
        if facet == "country":
            value = value.upper()[:2]
        if facet in valid and value not in valid[facet]:
            value = ""
        chosen[facet] = value or None
    return chosen


def _facet_links(
    query: str, chosen: dict[str, str | None], counts: dict[str, list[tuple[str, int]]]
) -> list[dict[str, Any]]:
    """Each facet's values with their counts and a link that selects (or clears) the value."""
    sector_names = {sector.code: sector.display_name for sector in Sector.objects.all()}
    stage_names = {stage.code: stage.display_name for stage in Stage.objects.all()}
    titles = {
        "kind": _("Kind"),
        "status": _("Status"),
        "country": _("Country"),
        "sector": _("Sector"),
        "stage": _("Stage"),
    }
    labels: dict[str, Any] = {
        "kind": lambda value: ListingKind(value).label,
        "status": lambda value: ListingStatus(value).label,
        "country": country_name,
        "sector": lambda value: sector_names.get(value, value),
        "stage": lambda value: stage_names.get(value, value),
    }
    base = {name: value for name, value in chosen.items() if value}
    if query:
        base["q"] = query
    facets = []
    for facet in FACETS:
        values = []
        for value, count in counts[facet][:30]:
            selected = chosen.get(facet) == value
            params = {name: item for name, item in base.items() if name != facet}
            if not selected:
                params[facet] = value
            values.append(
                {
                    "value": value,
                    "label": labels[facet](value),
                    "count": count,
                    "selected": selected,
                    "url": "?" + urlencode(params),
                }
            )
        facets.append({"name": facet, "title": titles[facet], "values": values})
    return facets


def _cards(request: HttpRequest, listings: list[Listing]) -> list[dict[str, Any]]:
    viewer = request_viewer(request)
    return [
        {
            "listing": listing,
            "owner": listing.owner_name if viewer.sees_owner(listing) else None,
            "amount": _amount(listing),
            "countries": [country_name(code) for code in listing.country_codes],
        }
        for listing in listings
    ]


def _amount(listing: Listing) -> str:
    if not listing.currency or (listing.amount_min is None and listing.amount_max is None):
        return ""
    low = format_money(listing.amount_min, listing.currency)
    high = format_money(listing.amount_max, listing.currency)
    if low and high and low != high:
        return f"{low} – {high}"
    return low or high


@require_GET
def listing_list(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:100].strip()
    chosen = _chosen(request)
    visible = Listing.objects.visible_to(request.user).search(query)
    counts = visible.facet_counts(**chosen)
    page = Paginator(visible.faceted(**chosen).for_display(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "listings/listing_list.html",
        {
            "page": page,
            "cards": _cards(request, list(page.object_list)),
            "query": query,
            "chosen": {name: value for name, value in chosen.items() if value},
            "facets": _facet_links(query, chosen, counts),
        },
    )


@login_required
@require_GET
def my_listings(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    listings = Listing.objects.owned_by(user).for_display().order_by("status", "-updated_at", "-id")
    page = Paginator(listings, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "listings/my_listings.html",
        {"page": page, "cards": _cards(request, list(page.object_list)), "kinds": ListingKind.choices},
    )


@require_GET
def listing_detail(request: HttpRequest, listing_id: int) -> HttpResponse:
    try:
        listing = access_listing(request.user, listing_id, viewer=request_viewer(request))
    except NotAuthenticated:
        return redirect_to_login(request.get_full_path())
    viewer = request_viewer(request)
    return render(
        request,
        "listings/listing_detail.html",
        {
            "listing": listing,
            "card": _cards(request, [listing])[0],
            "can_edit": viewer.can_edit(listing),
            "attributes": attributes.describe(listing.kind, listing.attributes),
            "element": Element(KIND_ELEMENT[listing.kind]).label,
        },
    )


def _owners(user: User, kind: str) -> list[Organisation] | None:
    kinds = OWNER_KINDS[kind]
    if kinds is None:
        return None
    return list(
        Organisation.objects.filter(memberships__user=user, kind__in=kinds)
        .distinct()
        .order_by("name_en", "pk")
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_create(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    kind = request.GET.get("kind", "")
    if kind not in ListingKind.values:
        return render(
            request,
            "listings/choose_kind.html",
            {
                "kinds": [
                    (value, label, Element(KIND_ELEMENT[value]).label) for value, label in ListingKind.choices
                ]
            },
        )
    owners = _owners(user, kind)
    if owners == []:
        messages.error(request, _("None of your organisations may own a listing of this kind."))
        return redirect("listings:create")
    form = ListingForm(request.POST or None, kind=kind, owners=owners)
    if request.method == "POST" and form.is_valid():
        try:
            organisation, person = access_new_listing_owner(
                user, kind, form.cleaned_data.get("owner_organisation")
            )
            listing = do_create_listing(
                kind=kind,
                owner_organisation=organisation,
                owner_user=person,
                created_by=user,
                **form.action_fields(),
            )
        except ValidationError as error:
            form.add_action_errors(error)
        except HatchwayError as error:
            if isinstance(error, NotFound):
                raise
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("The listing is saved as a draft. Publish it when it is ready."))
            return redirect("listings:detail", listing.pk)
    return render(
        request,
        "listings/listing_form.html",
        {"form": form, "kind_label": ListingKind(kind).label, "listing": None},
        status=422 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def listing_edit(request: HttpRequest, listing_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    listing = access_listing(user, listing_id, write=True)
    form = ListingForm(
        request.POST or None, kind=listing.kind, owners=None, initial=ListingForm.initial_from(listing)
    )
    if request.method == "POST" and form.is_valid():
        fields = form.action_fields()
        if "expires_on" not in form.changed_data:
            # The form shows a date; keep the stored time of day unless the date was changed.
            fields.pop("expires_at", None)
        try:
            do_update_listing(listing, **fields)
        except ValidationError as error:
            form.add_action_errors(error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect("listings:detail", listing.pk)
    return render(
        request,
        "listings/listing_form.html",
        {"form": form, "kind_label": listing.get_kind_display(), "listing": listing},
        status=422 if form.errors else 200,
    )


TRANSITION_ACTIONS = {"publish": do_publish_listing, "close": do_close_listing, "renew": do_renew_listing}


@login_required
@require_POST
def listing_transition(request: HttpRequest, listing_id: int, action: str) -> HttpResponse:
    if action not in TRANSITION_ACTIONS:
        raise NotFound()
    listing = access_listing(request.user, listing_id, write=True)
    error: str | None = None
    try:
        listing = TRANSITION_ACTIONS[action](listing)
    except (Conflict, InvalidInput) as problem:
        error = str(problem.message)
    done = {
        "publish": _("The listing is published."),
        "close": _("The listing is closed."),
        "renew": _("The listing is renewed."),
    }[action]
    if _is_htmx(request):
        listing = access_listing(request.user, listing_id)
        return render(
            request,
            "listings/_status.html",
            {"listing": listing, "status_message": error or done, "status_error": bool(error)},
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("listings:detail", listing.pk)
