"""API: events, registrations and check-in; competitions, judging and results."""

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from hatchway.accounts.access import check_signed_in
from hatchway.api import ErrorOut, InputSchema, Pagination
from hatchway.directory.models import Organisation
from hatchway.errors import NotFound
from hatchway.events.access import (
    access_award,
    access_competition,
    access_entry,
    access_entry_to_mark,
    access_event,
    access_panel_site,
    access_registration,
    access_results,
    check_may_organise,
    visible_events,
)
from hatchway.events.actions import (
    do_advance_entries,
    do_approve_registration,
    do_cancel_registration,
    do_check_in,
    do_create_event,
    do_declare_conflict,
    do_decline_registration,
    do_give_award,
    do_record_attendance,
    do_record_settlement,
    do_register,
    do_score_entry,
    do_update_event,
)
from hatchway.events.ics import invitation
from hatchway.events.models import (
    AttendanceMode,
    Award,
    Competition,
    Entry,
    Event,
    EventKind,
    EventStatus,
    Registration,
    Round,
    Site,
)
from hatchway.events.results import round_results

router = Router(tags=["events"])


class EventFilter(Schema):
    q: str | None = Field(None, max_length=100, description="Words of the title or description.")
    kind: EventKind | None = None
    starts_after: datetime.datetime | None = None


class EventOut(Schema):
    id: int
    kind: str
    status: str
    mode: str
    organiser_id: int
    station_id: int | None
    title: str
    title_zh: str
    title_en: str
    description_zh: str
    description_en: str
    venue_zh: str
    venue_en: str
    online_url: str
    time_zone: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int | None
    places_left: int | None
    requires_approval: bool


class EventIn(InputSchema):
    kind: EventKind
    organiser_id: int
    station_id: int | None = None
    mode: AttendanceMode = AttendanceMode.ON_SITE
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    description_zh: str = Field("", max_length=5000)
    description_en: str = Field("", max_length=5000)
    venue_zh: str = Field("", max_length=300)
    venue_en: str = Field("", max_length=300)
    online_url: str = Field("", max_length=200)
    time_zone: str = Field("Asia/Shanghai", max_length=64)
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    capacity: int | None = Field(None, ge=1)
    requires_approval: bool = False
    status: EventStatus = EventStatus.DRAFT


class EventUpdateIn(InputSchema):
    station_id: int | None = None
    mode: AttendanceMode | None = None
    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    description_zh: str | None = Field(None, max_length=5000)
    description_en: str | None = Field(None, max_length=5000)
    venue_zh: str | None = Field(None, max_length=300)
    venue_en: str | None = Field(None, max_length=300)
    online_url: str | None = Field(None, max_length=200)
    time_zone: str | None = Field(None, max_length=64)
    starts_at: datetime.datetime | None = None
    ends_at: datetime.datetime | None = None
    capacity: int | None = Field(None, ge=1)
    requires_approval: bool | None = None
    status: EventStatus | None = None


class RegistrationIn(InputSchema):
    note: str = Field("", max_length=500)


class RegistrationOut(Schema):
    id: int
    event_id: int
    user_id: int
    status: str
    code: str = Field(description="The check-in code to show at the door.")
    registered_at: datetime.datetime
    checked_in_at: datetime.datetime | None
    attendance: str


class AttendeeOut(RegistrationOut):
    name: str = Field(alias="user.full_name")
    email: str = Field(alias="user.email")
    note: str


class CheckInIn(InputSchema):
    code: str = Field(min_length=1, max_length=32, description="The code the person shows, spaces allowed.")


class AttendanceIn(InputSchema):
    attendance: str = Field(description="unknown, attended or no_show")


@router.get("/events", response={200: list[EventOut], 401: ErrorOut}, summary="List events")
@paginate(Pagination)
def list_events(request: HttpRequest, filters: Query[EventFilter]) -> QuerySet[Event]:
    events = visible_events(request.user).search(filters.q or "")
    if filters.kind:
        events = events.filter(kind=filters.kind)
    if filters.starts_after:
        events = events.filter(starts_at__gte=filters.starts_after)
    return events


@router.post(
    "/events",
    response={201: EventOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Create an event (members of the organising carrier, operators)",
)
def create_event(request: HttpRequest, payload: EventIn) -> Status[Event]:
    fields = payload.model_dump()
    organiser = check_may_organise(request.user, fields.pop("organiser_id"))
    return Status(201, do_create_event(organiser=organiser, **fields))


@router.get("/events/{event_id}", response={200: EventOut, 401: ErrorOut, 404: ErrorOut}, summary="One event")
def get_event(request: HttpRequest, event_id: int) -> Event:
    return access_event(request.user, event_id)


@router.patch(
    "/events/{event_id}",
    response={200: EventOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change an event (its organiser)",
)
def update_event(request: HttpRequest, event_id: int, payload: EventUpdateIn) -> Event:
    event = access_event(request.user, event_id, write=True)
    return do_update_event(event, **payload.model_dump(exclude_unset=True))


@router.post(
    "/events/{event_id}/registrations",
    response={201: RegistrationOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Register for an event (a place, the waiting list, or awaiting approval)",
)
def register(request: HttpRequest, event_id: int, payload: RegistrationIn) -> Status[Registration]:
    user = check_signed_in(request.user)
    event = access_event(user, event_id)
    return Status(201, do_register(event, user, note=payload.note))


@router.get(
    "/events/{event_id}/registrations",
    response={200: list[AttendeeOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Who registered (the organiser)",
)
@paginate(Pagination)
def list_registrations(request: HttpRequest, event_id: int) -> QuerySet[Registration]:
    event = access_event(request.user, event_id, write=True)
    return Registration.objects.filter(event=event).select_related("user")


@router.post(
    "/events/{event_id}/check-in",
    response={200: AttendeeOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Check a person in with their code (the organiser)",
)
def check_in(request: HttpRequest, event_id: int, payload: CheckInIn) -> Registration:
    event = access_event(request.user, event_id, write=True)
    return do_check_in(event, payload.code)


@router.get(
    "/events/{event_id}/invitation.ics",
    response={200: None, 401: ErrorOut, 404: ErrorOut},
    summary="An .ics invitation in my language and time zone",
)
def get_invitation(request: HttpRequest, event_id: int) -> HttpResponse:
    user = check_signed_in(request.user)
    event = access_event(user, event_id)
    registration = Registration.objects.filter(event=event, user=user).first()
    response = HttpResponse(
        invitation(event, user, registration), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="event-{event.pk}.ics"'
    return response


@router.get(
    "/me/registrations", response={200: list[RegistrationOut], 401: ErrorOut}, summary="My registrations"
)
@paginate(Pagination)
def list_my_registrations(request: HttpRequest) -> QuerySet[Registration]:
    return Registration.objects.filter(user=check_signed_in(request.user)).order_by("-registered_at")


@router.post(
    "/registrations/{registration_id}/cancel",
    response={200: RegistrationOut, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Cancel a registration (its person or the organiser)",
)
def cancel_registration(request: HttpRequest, registration_id: int) -> Registration:
    return do_cancel_registration(access_registration(request.user, registration_id, write=True))


def _managed_registration(request: HttpRequest, registration_id: int) -> Registration:
    registration = access_registration(request.user, registration_id)
    access_event(request.user, registration.event_id, write=True)
    return registration


@router.post(
    "/registrations/{registration_id}/approve",
    response={200: RegistrationOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Approve a registration (the organiser)",
)
def approve_registration(request: HttpRequest, registration_id: int) -> Registration:
    return do_approve_registration(_managed_registration(request, registration_id))


@router.post(
    "/registrations/{registration_id}/decline",
    response={200: RegistrationOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Decline a registration (the organiser)",
)
def decline_registration(request: HttpRequest, registration_id: int) -> Registration:
    return do_decline_registration(_managed_registration(request, registration_id))


@router.put(
    "/registrations/{registration_id}/attendance",
    response={
        200: RegistrationOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Record whether a person came (the organiser)",
)
def record_attendance(request: HttpRequest, registration_id: int, payload: AttendanceIn) -> Registration:
    return do_record_attendance(_managed_registration(request, registration_id), payload.attendance)


# Competitions ---------------------------------------------------------------------------------------


class NamedOut(Schema):
    id: int
    name: str


class CriterionOut(NamedOut):
    weight: int
    low: int
    high: int


class SiteOut(NamedOut):
    host_id: int


class RoundOut(NamedOut):
    number: int
    sites: list[SiteOut]


class CompetitionOut(Schema):
    id: int
    name: str
    edition: int
    organiser_id: int
    tracks: list[NamedOut]
    rounds: list[RoundOut]
    criteria: list[CriterionOut]


class EntryOut(Schema):
    id: int
    title: str
    title_zh: str
    title_en: str
    summary_zh: str
    summary_en: str
    enterprise_id: int
    enterprise: str = Field(alias="enterprise.display_name")
    track: str = Field(alias="track.name")
    site_id: int
    anchor: bool


class ResultOut(Schema):
    entry_id: int
    title: str
    judges: int
    mean: float | None
    median: float | None
    spread: float | None
    disagreement: float | None
    normalised: float | None
    calibrated: float | None
    raw_rank: int | None
    calibrated_rank: int | None


class SiteEffectOut(Schema):
    site_id: int
    site: str
    effect: float


class ResultsOut(Schema):
    round_id: int
    marks: int
    groups: int = Field(
        description="Groups of panels that shared judges or anchor entries; 1 means all comparable."
    )
    site_effects: list[SiteEffectOut]
    results: list[ResultOut]


class ScoresIn(InputSchema):
    marks: dict[int, int] = Field(
        description="Criterion id → whole-number score within the criterion's range."
    )


class ScoreOut(Schema):
    criterion_id: int
    value: int


class MarkedOut(Schema):
    entry_id: int
    scores: list[ScoreOut]


class ConflictIn(InputSchema):
    reason: str = Field("", max_length=300)


class AdvanceIn(InputSchema):
    entry_ids: list[int] = Field(min_length=1, max_length=500)
    site_id: int


class AwardIn(InputSchema):
    name_zh: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    rank: int = Field(1, ge=1, le=1000)


class AwardOut(Schema):
    id: int
    entry_id: int
    name: str
    rank: int
    settled_in_id: int | None
    settled_on: datetime.date | None
    flow_id: int | None


class SettlementIn(InputSchema):
    carrier_id: int
    settled_on: datetime.date


def _competition_out(competition: Competition) -> dict[str, Any]:
    rounds = Round.objects.filter(competition=competition).prefetch_related("sites")
    return {
        "id": competition.pk,
        "name": competition.name,
        "edition": competition.edition,
        "organiser_id": competition.organiser_id,
        "tracks": list(competition.tracks.all()),
        "rounds": [
            {"id": r.pk, "name": r.name, "number": r.number, "sites": list(r.sites.all())} for r in rounds
        ],
        "criteria": list(competition.criteria.all()),
    }


@router.get(
    "/competitions/{competition_id}",
    response={200: CompetitionOut, 401: ErrorOut, 404: ErrorOut},
    summary="A competition: tracks, rounds and sites, rubric",
)
def get_competition(request: HttpRequest, competition_id: int) -> dict[str, Any]:
    return _competition_out(access_competition(request.user, competition_id))


@router.get(
    "/competitions/{competition_id}/rounds/{round_id}/results",
    response={200: ResultsOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Raw and calibrated rankings of a round (the organiser)",
)
def get_results(request: HttpRequest, competition_id: int, round_id: int) -> dict[str, Any]:
    competition = access_results(request.user, competition_id)
    round_ = Round.objects.filter(competition=competition, pk=round_id).first()
    if round_ is None:
        raise NotFound()
    results = round_results(round_)
    return {
        "round_id": round_.pk,
        "marks": results.marks,
        "groups": results.groups,
        "site_effects": [
            {"site_id": item.site.pk, "site": item.site.name, "effect": item.effect}
            for item in results.site_effects
        ],
        "results": [
            {
                "entry_id": row.entry.pk,
                "title": row.entry.title,
                "judges": row.statistics.count if row.statistics else 0,
                "mean": row.statistics.mean if row.statistics else None,
                "median": row.statistics.median if row.statistics else None,
                "spread": row.statistics.spread if row.statistics else None,
                "disagreement": row.statistics.disagreement if row.statistics else None,
                "normalised": row.normalised,
                "calibrated": row.calibrated,
                "raw_rank": row.raw_rank,
                "calibrated_rank": row.calibrated_rank,
            }
            for row in results.rows
        ],
    }


@router.get(
    "/judging/sites/{site_id}/entries",
    response={200: list[EntryOut], 401: ErrorOut, 404: ErrorOut},
    summary="The entries I mark on this site's panel (never those I am in conflict with)",
)
@paginate(Pagination)
def list_entries_to_mark(request: HttpRequest, site_id: int) -> QuerySet[Entry]:
    site = access_panel_site(request.user, site_id)
    return Entry.objects.for_judge(check_signed_in(request.user), site).select_related("enterprise", "track")


@router.put(
    "/judging/sites/{site_id}/entries/{entry_id}/scores",
    response={200: MarkedOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Give or correct my marks for an entry",
)
def score_entry(request: HttpRequest, site_id: int, entry_id: int, payload: ScoresIn) -> dict[str, Any]:
    site, entry = access_entry_to_mark(request.user, site_id, entry_id)
    scores = do_score_entry(check_signed_in(request.user), site, entry, payload.marks)
    return {"entry_id": entry.pk, "scores": scores}


@router.post(
    "/judging/sites/{site_id}/entries/{entry_id}/conflict",
    response={204: None, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Declare a conflict of interest with an entry; it disappears from my list",
)
def declare_conflict(request: HttpRequest, site_id: int, entry_id: int, payload: ConflictIn) -> Status[None]:
    _site, entry = access_entry_to_mark(request.user, site_id, entry_id)
    do_declare_conflict(check_signed_in(request.user), entry, reason=payload.reason)
    return Status(204, None)


@router.post(
    "/competitions/{competition_id}/advancements",
    response={200: dict[str, int], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Advance entries to a site of the next round (the organiser)",
)
def advance_entries(request: HttpRequest, competition_id: int, payload: AdvanceIn) -> dict[str, int]:
    competition = access_competition(request.user, competition_id, write=True)
    site = (
        Site.objects.select_related("round")
        .filter(pk=payload.site_id, round__competition=competition)
        .first()
    )
    if site is None:
        raise NotFound()
    entries = [access_entry(request.user, entry_id) for entry_id in payload.entry_ids]
    if any(entry.competition_id != competition.pk for entry in entries):
        raise NotFound()
    return {"advanced": do_advance_entries(entries, site)}


@router.post(
    "/competitions/entries/{entry_id}/awards",
    response={201: AwardOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Give an entry an award (the organiser)",
)
def give_award(request: HttpRequest, entry_id: int, payload: AwardIn) -> Status[Award]:
    entry = access_entry(request.user, entry_id, write=True)
    return Status(201, do_give_award(entry, **payload.model_dump()))


@router.post(
    "/awards/{award_id}/settlement",
    response={200: AwardOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Record that an awarded project settled in a carrier (writes a project flow)",
)
def record_settlement(request: HttpRequest, award_id: int, payload: SettlementIn) -> Award:
    award = access_award(request.user, award_id, write=True)
    carrier = Organisation.objects.filter(pk=payload.carrier_id).first()
    if carrier is None:
        raise NotFound()
    return do_record_settlement(award, carrier=carrier, settled_on=payload.settled_on)
