"""API: listings — browse with facets, read, create, change, publish, close, renew, delete."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hatchway.accounts.access import check_signed_in
from hatchway.api import READERS, ErrorOut, InputSchema, Pagination
from hatchway.directory.models import Organisation, Sector, Stage
from hatchway.directory.taxonomy import country_name
from hatchway.errors import NotFound
from hatchway.listings import attributes
from hatchway.listings.access import access_listing, access_new_listing_owner, request_viewer
from hatchway.listings.actions import (
    do_close_listing,
    do_create_listing,
    do_delete_listing,
    do_publish_listing,
    do_renew_listing,
    do_update_listing,
)
from hatchway.listings.models import (
    KIND_ELEMENT,
    Element,
    Listing,
    ListingKind,
    ListingQuerySet,
    ListingStatus,
    Visibility,
)

router = Router(tags=["listings"])


class OwnerOut(Schema):
    type: str = Field(description="“organisation” or “person”.")
    id: int
    name: str
    name_zh: str
    name_en: str


class ListingOut(Schema):
    id: int
    kind: ListingKind
    element: Element
    status: ListingStatus
    visibility: Visibility
    anonymous: bool = Field(description="True when the owner is hidden from you.")
    owner: OwnerOut | None = Field(description="Who offers or seeks this; null while anonymous.")
    host_organisation_id: int | None
    reference: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    sectors: list[str] = Field(description="Sector codes.")
    stages: list[str] = Field(description="Stage codes.")
    countries: list[str] = Field(description="ISO 3166 two-letter codes.")
    amount_min: int | None = Field(description="In minor units of the currency (fen, cents).")
    amount_max: int | None
    currency: str
    languages: list[str]
    attributes: dict[str, Any]
    published_at: datetime | None
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_element(obj: Listing) -> str:
        return KIND_ELEMENT[obj.kind]

    @staticmethod
    def resolve_sectors(obj: Listing) -> list[str]:
        return [sector.code for sector in obj.sectors.all()]

    @staticmethod
    def resolve_stages(obj: Listing) -> list[str]:
        return [stage.code for stage in obj.stages.all()]

    @staticmethod
    def resolve_countries(obj: Listing) -> list[str]:
        return obj.country_codes

    @staticmethod
    def resolve_anonymous(obj: Listing, context: Any) -> bool:
        return not request_viewer(context["request"]).sees_owner(obj)

    @staticmethod
    def resolve_host_organisation_id(obj: Listing, context: Any) -> int | None:
        if not request_viewer(context["request"]).sees_owner(obj):
            return None
        return obj.host_organisation_id

    @staticmethod
    def resolve_owner(obj: Listing, context: Any) -> dict[str, Any] | None:
        if not request_viewer(context["request"]).sees_owner(obj):
            return None
        if obj.owner_organisation is not None:
            organisation = obj.owner_organisation
            return {
                "type": "organisation",
                "id": organisation.pk,
                "name": organisation.display_name,
                "name_zh": organisation.name_zh,
                "name_en": organisation.name_en,
            }
        person = obj.owner_user
        assert person is not None
        return {"type": "person", "id": person.pk, "name": str(person), "name_zh": "", "name_en": ""}


class ListingFilter(Schema):
    kind: ListingKind | None = Field(None, description="Only listings of this kind.")
    element: Element | None = Field(None, description="Only listings serving this element.")
    status: ListingStatus | None = Field(None, description="Only listings in this status.")
    country: str | None = Field(None, max_length=2, description="ISO 3166 code of a country concerned.")
    sector: str | None = Field(None, max_length=64, description="Sector code.")
    stage: str | None = Field(None, max_length=64, description="Stage code.")
    q: str | None = Field(None, max_length=100, description="Words in Chinese or English.")
    mine: bool = Field(False, description="Only listings you or your organisations own.")

    def chosen(self) -> dict[str, str | None]:
        return {
            "kind": self.kind,
            "element": self.element,
            "status": self.status,
            "country": (self.country or "").upper() or None,
            "sector": self.sector,
            "stage": self.stage,
        }


class ListingIn(InputSchema):
    kind: ListingKind
    owner_organisation_id: int | None = Field(
        None,
        description="The organisation that owns it; may be left out if you belong to just one that fits.",
    )
    host_organisation_id: int | None = Field(None, description="For a challenge: the hosting enterprise.")
    reference: str = Field("", max_length=64)
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    description_zh: str = Field("", max_length=20000)
    description_en: str = Field("", max_length=20000)
    sectors: list[str] = Field([], max_length=20, description="Sector codes.")
    stages: list[str] = Field([], max_length=20, description="Stage codes.")
    countries: list[str] = Field([], max_length=50, description="ISO 3166 two-letter codes.")
    amount_min: int | None = Field(None, ge=0, description="In minor units (fen, cents).")
    amount_max: int | None = Field(None, ge=0, description="In minor units (fen, cents).")
    currency: str = Field("", max_length=3, description="ISO 4217 code; required with an amount.")
    languages: list[str] = Field([], max_length=20, description="ISO 639-1 codes such as zh, en, de.")
    attributes: dict[str, Any] = Field({}, description="Kind-specific; see GET /listings/kinds.")
    visibility: Visibility = Visibility.PUBLIC
    expires_at: datetime | None = None


class ListingUpdateIn(InputSchema):
    host_organisation_id: int | None = None
    reference: str | None = Field(None, max_length=64)
    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    description_zh: str | None = Field(None, max_length=20000)
    description_en: str | None = Field(None, max_length=20000)
    sectors: list[str] | None = Field(None, max_length=20)
    stages: list[str] | None = Field(None, max_length=20)
    countries: list[str] | None = Field(None, max_length=50)
    amount_min: int | None = Field(None, ge=0)
    amount_max: int | None = Field(None, ge=0)
    currency: str | None = Field(None, max_length=3)
    languages: list[str] | None = Field(None, max_length=20)
    attributes: dict[str, Any] | None = None
    visibility: Visibility | None = None
    expires_at: datetime | None = None


class FacetValueOut(Schema):
    value: str
    label: str
    count: int


class FacetsOut(Schema):
    kind: list[FacetValueOut]
    status: list[FacetValueOut]
    country: list[FacetValueOut]
    sector: list[FacetValueOut]
    stage: list[FacetValueOut]


class KindOut(Schema):
    kind: ListingKind
    label: str
    element: Element
    attributes: dict[str, Any] = Field(description="JSON Schema of the kind-specific attributes.")


class KindsOut(Schema):
    kinds: list[KindOut]


def _fields(payload: InputSchema, exclude: set[str]) -> dict[str, Any]:
    fields = payload.model_dump(exclude_unset=True, exclude=exclude)
    if "host_organisation_id" in fields:
        host_id = fields.pop("host_organisation_id")
        host = Organisation.objects.filter(pk=host_id).first() if host_id is not None else None
        if host_id is not None and host is None:
            raise NotFound(_("There is no organisation with this identifier. Check host_organisation_id."))
        fields["host_organisation"] = host
    return fields


def _browse(request: HttpRequest, filters: ListingFilter) -> ListingQuerySet:
    listings = Listing.objects.visible_to(request.user).search(filters.q or "")
    if filters.mine:
        listings = listings.owned_by(check_signed_in(request.user))
    return listings


@router.get(
    "/listings",
    response={200: list[ListingOut], 401: ErrorOut},
    auth=READERS,
    summary="Browse listings",
    description="Published public listings for everyone; signed-in members also see members-only and "
    "anonymous ones, and their own drafts.",
)
@paginate(Pagination)
def list_listings(request: HttpRequest, filters: Query[ListingFilter]) -> QuerySet[Listing]:
    return _browse(request, filters).faceted(**filters.chosen()).for_display()


@router.get(
    "/listings/facets",
    response={200: FacetsOut, 401: ErrorOut},
    auth=READERS,
    summary="Counts per facet value",
    description="Each facet is counted with the other facets' choices applied.",
)
def listing_facets(request: HttpRequest, filters: Query[ListingFilter]) -> dict[str, Any]:
    counts = _browse(request, filters).facet_counts(**filters.chosen())
    sector_names = {sector.code: sector.display_name for sector in Sector.objects.all()}
    stage_names = {stage.code: stage.display_name for stage in Stage.objects.all()}
    labels = {
        "kind": lambda value: str(ListingKind(value).label),
        "status": lambda value: str(ListingStatus(value).label),
        "country": country_name,
        "sector": lambda value: sector_names.get(value, value),
        "stage": lambda value: stage_names.get(value, value),
    }
    return {
        facet: [{"value": value, "label": labels[facet](value), "count": count} for value, count in rows]
        for facet, rows in counts.items()
    }


@router.get("/listings/kinds", response={200: KindsOut}, auth=READERS, summary="Kinds of listing")
def listing_kinds(request: HttpRequest) -> dict[str, Any]:
    return {
        "kinds": [
            {
                "kind": kind,
                "label": str(label),
                "element": KIND_ELEMENT[kind],
                "attributes": attributes.json_schema(kind),
            }
            for kind, label in ListingKind.choices
        ]
    }


@router.get(
    "/listings/{listing_id}",
    response={200: ListingOut, 401: ErrorOut, 404: ErrorOut},
    auth=READERS,
    summary="One listing",
)
def get_listing(request: HttpRequest, listing_id: int) -> Listing:
    return access_listing(request.user, listing_id, viewer=request_viewer(request))


@router.post(
    "/listings",
    response={201: ListingOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Create a listing (as a draft)",
)
def create_listing(request: HttpRequest, payload: ListingIn) -> Status:
    organisation, person = access_new_listing_owner(request.user, payload.kind, payload.owner_organisation_id)
    listing = do_create_listing(
        kind=payload.kind,
        owner_organisation=organisation,
        owner_user=person,
        created_by=check_signed_in(request.user),
        **_fields(payload, exclude={"kind", "owner_organisation_id"}),
    )
    return Status(201, access_listing(request.user, listing.pk))


@router.patch(
    "/listings/{listing_id}",
    response={200: ListingOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a listing",
)
def update_listing(request: HttpRequest, listing_id: int, payload: ListingUpdateIn) -> Listing:
    listing = access_listing(request.user, listing_id, write=True)
    do_update_listing(listing, **_fields(payload, exclude=set()))
    return access_listing(request.user, listing_id)


@router.delete(
    "/listings/{listing_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Delete a draft",
)
def delete_listing(request: HttpRequest, listing_id: int) -> Status:
    do_delete_listing(access_listing(request.user, listing_id, write=True))
    return Status(204, None)


_TRANSITION_RESPONSES = {200: ListingOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


@router.post("/listings/{listing_id}/publish", response=_TRANSITION_RESPONSES, summary="Publish a draft")
def publish_listing(request: HttpRequest, listing_id: int) -> Listing:
    do_publish_listing(access_listing(request.user, listing_id, write=True))
    return access_listing(request.user, listing_id)


@router.post("/listings/{listing_id}/close", response=_TRANSITION_RESPONSES, summary="Close a listing")
def close_listing(request: HttpRequest, listing_id: int) -> Listing:
    do_close_listing(access_listing(request.user, listing_id, write=True))
    return access_listing(request.user, listing_id)


@router.post(
    "/listings/{listing_id}/renew", response=_TRANSITION_RESPONSES, summary="Keep a listing open longer"
)
def renew_listing(request: HttpRequest, listing_id: int) -> Listing:
    do_renew_listing(access_listing(request.user, listing_id, write=True))
    return access_listing(request.user, listing_id)
