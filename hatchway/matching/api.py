"""API: matching — recommendations for a listing and for an organisation, and feedback on them."""

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from django.utils.translation import get_language
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hatchway.accounts.access import check_signed_in
from hatchway.api import ErrorOut, InputSchema, Pagination
from hatchway.listings.access import access_listing, request_viewer
from hatchway.listings.api import READERS, ListingOut
from hatchway.matching.actions import do_give_feedback
from hatchway.matching.models import FeedbackVerdict
from hatchway.matching.reasons import Names, render_reason
from hatchway.matching.recommend import (
    Page,
    Recommendation,
    access_recommendation_owner,
    recommend_for_listing,
    recommend_for_owner,
)

router = Router(tags=["matching"])

# How many recommendations an endpoint ranks; pages slice this list.
RANKED = 50

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ReasonOut(Schema):
    code: str = Field(description="Stable code, such as same_sector or ticket_covers.")
    verdict: Literal["fit", "gap"]
    params: dict[str, Any] = Field(description="The values the text is built from (codes, minor units).")
    text: str = Field(description="The reason in your language.")


class HighlightOut(Schema):
    source: str = Field(description="The sentence of your listing closest to the counterpart.")
    target: str = Field(description="The counterpart's sentence closest to yours.")
    source_language: str
    target_language: str
    similarity: float


class RecommendationOut(Schema):
    source_id: int = Field(description="The listing the counterpart is recommended for.")
    score: int = Field(description="0–100, from the weighted fit in weights.yaml.")
    similarity: float = Field(description="Cosine of the two listings' texts, across languages.")
    fits: list[ReasonOut]
    gaps: list[ReasonOut]
    highlight: HighlightOut | None = Field(description="Why the texts are close.")
    target: ListingOut = Field(description="The counterpart; its owner is null while anonymous.")

    @staticmethod
    def resolve_source_id(obj: Recommendation) -> int:
        return obj.source.pk

    @staticmethod
    def resolve_fits(obj: Recommendation, context: Any) -> list[dict[str, Any]]:
        return _reasons(obj, context, fit=True)

    @staticmethod
    def resolve_gaps(obj: Recommendation, context: Any) -> list[dict[str, Any]]:
        return _reasons(obj, context, fit=False)


def _names(request: HttpRequest) -> Names:
    cached = getattr(request, "_matching_names", None)
    if cached is None or getattr(request, "_matching_names_language", None) != get_language():
        cached = Names.load()
        setattr(request, "_matching_names", cached)  # noqa: B010 - a private cache on the request
        setattr(request, "_matching_names_language", get_language())  # noqa: B010
    return cached


def _reasons(obj: Recommendation, context: Any, *, fit: bool) -> list[dict[str, Any]]:
    names = _names(context["request"])
    return [
        {
            "code": reason.code,
            "verdict": reason.verdict,
            "params": dict(reason.params),
            "text": render_reason(reason, names),
        }
        for reason in obj.reasons
        if reason.is_fit == fit
    ]


class OwnerFilter(Schema):
    organisation: int | None = Field(
        None, description="An organisation you belong to; left out: your own listings as a person."
    )


class FeedbackIn(InputSchema):
    source_id: int = Field(description="Your listing the recommendation was for.")
    target_id: int = Field(description="The recommended listing that does not fit.")
    verdict: FeedbackVerdict


class FeedbackOut(Schema):
    id: int
    source_id: int
    target_id: int
    verdict: FeedbackVerdict
    created_at: dt.datetime


@router.get(
    "/matching/listings/{listing_id}/recommendations",
    response={200: list[RecommendationOut], 401: ErrorOut, 404: ErrorOut},
    auth=READERS,
    summary="Counterparts recommended for a listing",
    description="The best listings on the other side of the listing's flow that you may see, best first, "
    "with the fits and gaps behind each score and the closest sentences. Anonymous owners stay hidden.",
)
@paginate(Pagination)
def listing_recommendations(request: HttpRequest, listing_id: int) -> Page:
    viewer = request_viewer(request)
    listing = access_listing(request.user, listing_id, viewer=viewer)
    return Page(recommend_for_listing(viewer, listing, limit=RANKED))


@router.get(
    "/matching/recommendations",
    response={200: list[RecommendationOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Recommendations across an organisation's open listings",
    description="For members of the organisation (or operators); without `organisation`, for the "
    "listings you own in person (a talent profile).",
)
@paginate(Pagination)
def owner_recommendations(request: HttpRequest, filters: Query[OwnerFilter]) -> Page:
    viewer, organisation = access_recommendation_owner(request.user, filters.organisation)
    return Page(recommend_for_owner(viewer, organisation, limit=RANKED))


@router.post("/matching/feedback", response={201: FeedbackOut, **ERRORS}, summary="Give feedback")
def give_feedback(request: HttpRequest, payload: FeedbackIn) -> Status:
    """Dismiss a recommendation, or say it is not relevant; similar results are then shown lower."""
    actor = check_signed_in(request.user)
    source = access_listing(actor, payload.source_id, write=True)
    target = access_listing(actor, payload.target_id)
    return Status(201, do_give_feedback(actor, source, target, payload.verdict))
