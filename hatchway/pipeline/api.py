"""API: from interest to outcome — interests (express, list, withdraw, accept), matches (list, read, move)."""

import datetime as dt
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from hatchway.accounts.access import check_signed_in
from hatchway.api import ErrorOut, InputSchema, Pagination
from hatchway.directory.models import Organisation
from hatchway.errors import NotFound
from hatchway.listings.access import access_listing, request_viewer
from hatchway.pipeline.access import (
    access_interest,
    access_match,
    listing_owner_name,
    on_first_side,
    party_name,
)
from hatchway.pipeline.actions import (
    do_accept_interest,
    do_express_interest,
    do_move_match,
    do_withdraw_interest,
)
from hatchway.pipeline.models import Interest, Match, MatchStage, MatchStageChange, Pipeline

router = Router(tags=["matching"])

ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class InterestIn(InputSchema):
    target_id: int = Field(description="The listing you are interested in.")
    source_id: int | None = Field(
        None, description="Your own listing on the other side of the flow (a funding ask for a thesis...)."
    )
    organisation_id: int | None = Field(
        None, description="Without a listing: the organisation you speak for; neither means in person."
    )
    message: str = Field("", max_length=2000, description="A few words to the other side.")


class InterestOut(Schema):
    id: int
    source_id: int | None
    target_id: int
    party: str = Field(
        description="Who is interested; hidden while their listing is anonymous and unmatched."
    )
    mine: bool = Field(description="True when you (or your organisation) expressed this interest.")
    message: str
    created_at: dt.datetime
    withdrawn_at: dt.datetime | None
    match_id: int | None

    @staticmethod
    def resolve_party(obj: Interest, context: Any) -> str:
        return party_name(obj, request_viewer(context["request"]))

    @staticmethod
    def resolve_mine(obj: Interest, context: Any) -> bool:
        return on_first_side(request_viewer(context["request"]), obj)


class InterestFilter(Schema):
    direction: Literal["incoming", "outgoing", "all"] = Field(
        "all", description="Interests in your listings (incoming), yours (outgoing), or both."
    )
    withdrawn: bool = Field(False, description="Include withdrawn interests.")


class MatchOut(Schema):
    id: int
    pipeline: Pipeline
    stage: MatchStage
    stages: list[str] = Field(
        description="The stages of this match's flow, in order (lost is always possible)."
    )
    next_stages: list[str] = Field(description="Where the match can move now; empty once won or lost.")
    source_id: int | None
    target_id: int
    first_side: str = Field(description="The side that expressed interest first.")
    second_side: str = Field(description="The owner of the target listing.")
    value_minor: int | None = Field(description="The deal's value in minor units, once given.")
    currency: str
    flow_id: int | None = Field(description="The flow recorded in the ledger when the match was won.")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_stages(obj: Match) -> list[str]:
        return list(obj.stages)

    @staticmethod
    def resolve_next_stages(obj: Match) -> list[str]:
        return list(obj.next_stages)

    @staticmethod
    def resolve_first_side(obj: Match, context: Any) -> str:
        return party_name(obj, request_viewer(context["request"]))

    @staticmethod
    def resolve_second_side(obj: Match, context: Any) -> str:
        return listing_owner_name(obj.target, request_viewer(context["request"]))


class StageChangeOut(Schema):
    from_stage: str
    to_stage: str
    changed_by: str
    changed_at: dt.datetime
    note: str

    @staticmethod
    def resolve_changed_by(obj: MatchStageChange) -> str:
        return str(obj.changed_by) if obj.changed_by is not None else ""


class MatchDetailOut(MatchOut):
    history: list[StageChangeOut]

    @staticmethod
    def resolve_history(obj: Match) -> list[MatchStageChange]:
        return list(MatchStageChange.objects.filter(match=obj).select_related("changed_by"))


class MatchFilter(Schema):
    stage: MatchStage | None = Field(None, description="Only matches at this stage.")
    pipeline: Pipeline | None = Field(None, description="Only matches of this flow.")


class MoveIn(InputSchema):
    stage: str = Field(description="The stage to move to: the next one of the flow, or “lost”.")
    note: str = Field("", max_length=2000)
    value_minor: int | None = Field(
        None, ge=0, description="The deal's value in minor units (needed to win a cross-border investment)."
    )
    currency: str = Field("", max_length=3, description="ISO 4217 code of the value.")
    evidence_number: str = Field(
        "", max_length=100, description="Agreement, contract or registration number."
    )
    occurred_on: dt.date | None = Field(None, description="When the deal was done; today by default.")


@router.post("/matching/interests", response={201: InterestOut, **ERRORS}, summary="Express interest")
def create_interest(request: HttpRequest, payload: InterestIn) -> Status:
    """Tell the owner of a listing you are interested; mutual interest makes a match."""
    actor = check_signed_in(request.user)
    target = access_listing(actor, payload.target_id)
    source = access_listing(actor, payload.source_id) if payload.source_id is not None else None
    organisation = None
    if payload.organisation_id is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation_id).first()
        if organisation is None:
            raise NotFound()
    interest = do_express_interest(
        actor, target, source=source, organisation=organisation, message=payload.message
    )
    return Status(201, access_interest(actor, interest.pk))


@router.get("/matching/interests", response={200: list[InterestOut], 401: ErrorOut}, summary="My interests")
@paginate(Pagination)
def list_interests(request: HttpRequest, filters: Query[InterestFilter]) -> QuerySet[Interest]:
    actor = check_signed_in(request.user)
    interests = {
        "incoming": Interest.objects.incoming_for,
        "outgoing": Interest.objects.outgoing_for,
        "all": Interest.objects.involving,
    }[filters.direction](actor)
    if not filters.withdrawn:
        interests = interests.active()
    return interests.for_display().distinct()


@router.post(
    "/matching/interests/{interest_id}/withdraw", response={200: InterestOut, **ERRORS}, summary="Withdraw"
)
def withdraw_interest(request: HttpRequest, interest_id: int) -> Interest:
    interest = access_interest(request.user, interest_id, write=True)
    do_withdraw_interest(interest, check_signed_in(request.user))
    return access_interest(request.user, interest_id)


@router.post(
    "/matching/interests/{interest_id}/accept",
    response={201: MatchDetailOut, **ERRORS},
    summary="Accept an interest: make a match",
)
def accept_interest(request: HttpRequest, interest_id: int) -> Status:
    interest = access_interest(request.user, interest_id, write=True)
    match = do_accept_interest(interest, check_signed_in(request.user))
    return Status(201, access_match(request.user, match.pk))


@router.get("/matching/matches", response={200: list[MatchOut], 401: ErrorOut}, summary="My matches")
@paginate(Pagination)
def list_matches(request: HttpRequest, filters: Query[MatchFilter]) -> QuerySet[Match]:
    matches = Match.objects.involving(check_signed_in(request.user))
    if filters.stage:
        matches = matches.filter(stage=filters.stage)
    if filters.pipeline:
        matches = matches.filter(pipeline=filters.pipeline)
    return matches.for_display()


@router.get("/matching/matches/{match_id}", response={200: MatchDetailOut, **ERRORS}, summary="One match")
def get_match(request: HttpRequest, match_id: int) -> Match:
    return access_match(request.user, match_id)


@router.post(
    "/matching/matches/{match_id}/stage", response={200: MatchDetailOut, **ERRORS}, summary="Move a match"
)
def move_match(request: HttpRequest, match_id: int, payload: MoveIn) -> Match:
    """Move one stage forward or to lost; the winning stage records the flow in the ledger."""
    match = access_match(request.user, match_id, write=True)
    do_move_match(
        match,
        check_signed_in(request.user),
        payload.stage,
        note=payload.note,
        value_minor=payload.value_minor,
        currency=payload.currency,
        evidence_number=payload.evidence_number,
        occurred_on=payload.occurred_on,
    )
    return access_match(request.user, match_id)
