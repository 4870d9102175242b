"""API: events, registrations and check-in; competitions, judging and results."""

import datetime
import zoneinfo
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.api import ErrorOut, InputSchema, Pagination
from hatchway.directory.models import Organisation
from hatchway.errors import Forbidden, InvalidInput, NotFound
from hatchway.events.access import (
    access_award,
    access_brokerage,
    access_brokerage_meeting,
    access_brokerage_participant,
    access_competition,
    access_criterion,
    access_entry,
    access_entry_to_mark,
    access_event,
    access_meeting_request,
    access_meeting_to_answer,
    access_panel_seat,
    access_panel_site,
    access_participant,
    access_registration,
    access_results,
    access_round,
    access_schedule_run,
    access_site,
    access_track,
    brokerage_participants,
    can_manage_competition,
    can_manage_event,
    check_may_enter,
    check_may_grant_judge_role,
    check_may_organise,
    enterprises_to_enter,
    visible_competitions,
    visible_entries,
    visible_events,
)
from hatchway.events.actions import (
    brokerage_tables,
    do_add_criterion,
    do_add_round,
    do_add_site,
    do_add_track,
    do_advance_entries,
    do_answer_meeting,
    do_answer_meeting_request,
    do_approve_registration,
    do_cancel_registration,
    do_check_in,
    do_create_competition,
    do_create_event,
    do_declare_conflict,
    do_decline_registration,
    do_enter_project,
    do_give_award,
    do_record_attendance,
    do_record_settlement,
    do_register,
    do_remove_criterion,
    do_remove_round,
    do_remove_site,
    do_remove_track,
    do_request_meeting,
    do_request_schedule,
    do_save_agenda_profile,
    do_score_entry,
    do_seat_judge,
    do_seat_new_judge,
    do_set_brokerage,
    do_set_meeting_status,
    do_submit_entry,
    do_unseat_judge,
    do_update_competition,
    do_update_criterion,
    do_update_entry,
    do_update_event,
    do_update_round,
    do_update_site,
    do_update_track,
    do_withdraw_entry,
)
from hatchway.events.ics import invitation, meeting_invitation
from hatchway.events.models import (
    AttendanceMode,
    Award,
    BrokerageMeeting,
    BrokerageSlot,
    Competition,
    Criterion,
    Entry,
    Event,
    EventKind,
    EventStatus,
    MeetingPreference,
    MeetingRequest,
    MeetingStatus,
    Priority,
    Registration,
    Round,
    ScheduleRun,
    Site,
    Track,
)
from hatchway.events.panels import competition_conflicts
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


# Competitions: set-up by the organiser, entries by enterprises ----------------------------------------


class CompetitionSummaryOut(Schema):
    id: int
    name: str
    name_zh: str
    name_en: str
    edition: int
    organiser_id: int
    event_id: int | None
    published: bool


class CompetitionIn(InputSchema):
    organiser_id: int
    event_id: int | None = None
    name_zh: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)
    edition: int = Field(ge=2000, le=2100)
    description_zh: str = Field("", max_length=5000)
    description_en: str = Field("", max_length=5000)
    published: bool = False


class CompetitionUpdateIn(InputSchema):
    event_id: int | None = None
    name_zh: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)
    edition: int | None = Field(None, ge=2000, le=2100)
    description_zh: str | None = Field(None, max_length=5000)
    description_en: str | None = Field(None, max_length=5000)
    published: bool | None = None


class NamedIn(InputSchema):
    name_zh: str = Field("", max_length=200)
    name_en: str = Field("", max_length=200)


class NamedUpdateIn(InputSchema):
    name_zh: str | None = Field(None, max_length=200)
    name_en: str | None = Field(None, max_length=200)


class RoundIn(NamedIn):
    number: int = Field(ge=1, le=100)


class RoundUpdateIn(NamedUpdateIn):
    number: int | None = Field(None, ge=1, le=100)


class SiteIn(NamedIn):
    host_id: int = Field(description="The innovation carrier that hosts the site.")


class SiteUpdateIn(NamedUpdateIn):
    host_id: int | None = None


class CriterionIn(NamedIn):
    weight: int = Field(1, ge=1, le=100)
    low: int = Field(0, ge=-1000, le=1000)
    high: int = Field(10, ge=-1000, le=1000)


class CriterionUpdateIn(NamedUpdateIn):
    weight: int | None = Field(None, ge=1, le=100)
    low: int | None = Field(None, ge=-1000, le=1000)
    high: int | None = Field(None, ge=-1000, le=1000)


class SeatIn(InputSchema):
    judge_id: int | None = Field(None, description="The person to seat; or give their e-mail.")
    email: str | None = Field(None, max_length=254)
    grant_role: bool = Field(False, description="Give the judge role first (operators only).")


class JudgeOut(Schema):
    id: int
    name: str = Field(alias="full_name")
    email: str


class EntryIn(InputSchema):
    enterprise_id: int
    track_id: int
    site_id: int
    title_zh: str = Field("", max_length=200)
    title_en: str = Field("", max_length=200)
    summary_zh: str = Field("", max_length=3000)
    summary_en: str = Field("", max_length=3000)
    anchor: bool = Field(False, description="Marked by every panel of the round (the organiser only).")


class EntryUpdateIn(InputSchema):
    track_id: int | None = None
    site_id: int | None = None
    title_zh: str | None = Field(None, max_length=200)
    title_en: str | None = Field(None, max_length=200)
    summary_zh: str | None = Field(None, max_length=3000)
    summary_en: str | None = Field(None, max_length=3000)
    anchor: bool | None = None


class ConflictOut(Schema):
    judge_id: int
    judge: str
    entry_id: int
    entry: str
    declared: bool = Field(description="Declared by the judge; otherwise assumed from a membership.")
    reason: str
    declared_at: datetime.datetime | None
    through_id: int | None = Field(description="The organisation that makes an assumed conflict.")


def _missing(field: str, message: str) -> InvalidInput:
    return InvalidInput(f"{field}: {message}", errors=[{"location": f"body.{field}", "message": message}])


def _one_of(queryset: Any, pk: int | None, field: str) -> Any:
    """A row the payload names by id, among those allowed here; otherwise a located 422."""
    found = queryset.filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise _missing(
            field, _("Nothing with the id %(id)s can be chosen here. Check the identifier.") % {"id": pk}
        )
    return found


def _resolve_ids(fields: dict[str, Any], choices: dict[str, Any]) -> dict[str, Any]:
    """Turn ``track_id`` and the like into rows, checked against the allowed ones."""
    for key, queryset in choices.items():
        if key in fields:
            value = fields.pop(key)
            fields[key.removesuffix("_id")] = (
                None if value is None and key == "event_id" else _one_of(queryset, value, key)
            )
    return fields


def _competition_events(organiser_id: int) -> QuerySet[Event]:
    return Event.objects.filter(kind=EventKind.COMPETITION, organiser_id=organiser_id)


@router.get(
    "/competitions",
    response={200: list[CompetitionSummaryOut], 401: ErrorOut},
    summary="List competitions (published ones, plus the drafts of one's own organisations)",
)
@paginate(Pagination)
def list_competitions(request: HttpRequest) -> QuerySet[Competition]:
    return visible_competitions(request.user).order_by("-edition", "id")


@router.post(
    "/competitions",
    response={201: CompetitionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Create a competition edition (members of the organising carrier, operators)",
)
def create_competition(request: HttpRequest, payload: CompetitionIn) -> Status[dict[str, Any]]:
    fields = payload.model_dump()
    organiser = check_may_organise(request.user, fields.pop("organiser_id"))
    fields = _resolve_ids(fields, {"event_id": _competition_events(organiser.pk)})
    return Status(201, _competition_out(do_create_competition(organiser=organiser, **fields)))


@router.patch(
    "/competitions/{competition_id}",
    response={200: CompetitionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a competition edition (its organiser)",
)
def update_competition(
    request: HttpRequest, competition_id: int, payload: CompetitionUpdateIn
) -> dict[str, Any]:
    competition = access_competition(request.user, competition_id, write=True)
    fields = _resolve_ids(
        payload.model_dump(exclude_unset=True), {"event_id": _competition_events(competition.organiser_id)}
    )
    return _competition_out(do_update_competition(competition, **fields))


@router.post(
    "/competitions/{competition_id}/tracks",
    response={201: NamedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a track (the organiser)",
)
def add_track(request: HttpRequest, competition_id: int, payload: NamedIn) -> Status[Track]:
    competition = access_competition(request.user, competition_id, write=True)
    return Status(201, do_add_track(competition, **payload.model_dump()))


@router.patch(
    "/competitions/tracks/{track_id}",
    response={200: NamedOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Rename a track (the organiser)",
)
def update_track(request: HttpRequest, track_id: int, payload: NamedUpdateIn) -> Track:
    return do_update_track(access_track(request.user, track_id), **payload.model_dump(exclude_unset=True))


@router.post(
    "/competitions/{competition_id}/rounds",
    response={201: RoundOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a round (the organiser)",
)
def add_round(request: HttpRequest, competition_id: int, payload: RoundIn) -> Status[dict[str, Any]]:
    competition = access_competition(request.user, competition_id, write=True)
    round_ = do_add_round(competition, **payload.model_dump())
    return Status(201, {"id": round_.pk, "name": round_.name, "number": round_.number, "sites": []})


@router.patch(
    "/competitions/rounds/{round_id}",
    response={200: RoundOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Renumber or rename a round (the organiser)",
)
def update_round(request: HttpRequest, round_id: int, payload: RoundUpdateIn) -> dict[str, Any]:
    round_ = do_update_round(access_round(request.user, round_id), **payload.model_dump(exclude_unset=True))
    return {"id": round_.pk, "name": round_.name, "number": round_.number, "sites": list(round_.sites.all())}


@router.post(
    "/competitions/rounds/{round_id}/sites",
    response={201: SiteOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Add a site (赛点) to a round, hosted by a carrier (the organiser)",
)
def add_site(request: HttpRequest, round_id: int, payload: SiteIn) -> Status[Site]:
    round_ = access_round(request.user, round_id)
    fields = _resolve_ids(payload.model_dump(), {"host_id": Organisation.objects.all()})
    return Status(201, do_add_site(round_, **fields))


@router.patch(
    "/competitions/sites/{site_id}",
    response={200: SiteOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change a site's host or names (the organiser)",
)
def update_site(request: HttpRequest, site_id: int, payload: SiteUpdateIn) -> Site:
    site = access_site(request.user, site_id)
    fields = _resolve_ids(payload.model_dump(exclude_unset=True), {"host_id": Organisation.objects.all()})
    return do_update_site(site, **fields)


@router.get(
    "/competitions/sites/{site_id}/judges",
    response={200: list[JudgeOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Who sits on a site's panel (the organiser)",
)
@paginate(Pagination)
def list_panel(request: HttpRequest, site_id: int) -> QuerySet[User]:
    site = access_site(request.user, site_id)
    return User.objects.filter(panel_seats__site=site).order_by("full_name", "email")


@router.post(
    "/competitions/sites/{site_id}/judges",
    response={201: JudgeOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Seat a judge on a site's panel, by id or e-mail (the organiser)",
)
def seat_judge(request: HttpRequest, site_id: int, payload: SeatIn) -> Status[User]:
    site = access_site(request.user, site_id)
    people = User.objects.filter(is_active=True)
    if payload.judge_id is not None:
        person = _one_of(people, payload.judge_id, "judge_id")
    else:
        email = (payload.email or "").strip()
        person = people.filter(email__iexact=email).first() if email else None
        if person is None:
            raise _missing(
                "email", _("Nobody has this e-mail address. Check it, or ask the person to sign up first.")
            )
    if payload.grant_role:
        check_may_grant_judge_role(request.user)
        do_seat_new_judge(site, person)
    else:
        do_seat_judge(site, person)
    return Status(201, person)


@router.delete(
    "/competitions/sites/{site_id}/judges/{judge_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Take a judge off a panel, before they mark (the organiser)",
)
def unseat_judge(request: HttpRequest, site_id: int, judge_id: int) -> Status[None]:
    do_unseat_judge(access_panel_seat(request.user, site_id, judge_id))
    return Status(204, None)


@router.post(
    "/competitions/{competition_id}/criteria",
    response={201: CriterionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Add a criterion to the rubric, until marking starts (the organiser)",
)
def add_criterion(request: HttpRequest, competition_id: int, payload: CriterionIn) -> Status[Criterion]:
    competition = access_competition(request.user, competition_id, write=True)
    return Status(201, do_add_criterion(competition, **payload.model_dump()))


@router.patch(
    "/competitions/criteria/{criterion_id}",
    response={200: CriterionOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Change a criterion, until marking starts (the organiser)",
)
def update_criterion(request: HttpRequest, criterion_id: int, payload: CriterionUpdateIn) -> Criterion:
    criterion = access_criterion(request.user, criterion_id)
    return do_update_criterion(criterion, **payload.model_dump(exclude_unset=True))


@router.delete(
    "/competitions/tracks/{track_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Remove a track no entry is in (the organiser)",
)
def remove_track(request: HttpRequest, track_id: int) -> Status[None]:
    do_remove_track(access_track(request.user, track_id))
    return Status(204, None)


@router.delete(
    "/competitions/rounds/{round_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Remove a round whose sites have no entries or marks, with those sites (the organiser)",
)
def remove_round(request: HttpRequest, round_id: int) -> Status[None]:
    do_remove_round(access_round(request.user, round_id))
    return Status(204, None)


@router.delete(
    "/competitions/sites/{site_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Remove a site without entries or marks, with its panel (the organiser)",
)
def remove_site(request: HttpRequest, site_id: int) -> Status[None]:
    do_remove_site(access_site(request.user, site_id))
    return Status(204, None)


@router.delete(
    "/competitions/criteria/{criterion_id}",
    response={204: None, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Remove a criterion, until marking starts (the organiser)",
)
def remove_criterion(request: HttpRequest, criterion_id: int) -> Status[None]:
    do_remove_criterion(access_criterion(request.user, criterion_id))
    return Status(204, None)


@router.get(
    "/competitions/{competition_id}/entries",
    response={200: list[EntryOut], 401: ErrorOut, 404: ErrorOut},
    summary="Entries: all for the organiser, one's own enterprises' for their members",
)
@paginate(Pagination)
def list_entries(request: HttpRequest, competition_id: int) -> QuerySet[Entry]:
    check_signed_in(request.user)
    return visible_entries(request.user, access_competition(request.user, competition_id)).order_by("id")


@router.post(
    "/competitions/{competition_id}/entries",
    response={201: EntryOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Enter a project: the organiser for any enterprise, a member for their own while entries are open",
)
def add_entry(request: HttpRequest, competition_id: int, payload: EntryIn) -> Status[Entry]:
    competition = access_competition(request.user, competition_id)
    fields = payload.model_dump()
    choices = {
        "track_id": Track.objects.filter(competition=competition),
        "site_id": Site.objects.filter(round__competition=competition).select_related("round"),
    }
    if can_manage_competition(request.user, competition):
        fields = _resolve_ids(
            fields, {"enterprise_id": enterprises_to_enter(request.user, competition), **choices}
        )
        return Status(201, do_enter_project(**fields))
    enterprise = check_may_enter(request.user, fields.pop("enterprise_id"))
    if fields.pop("anchor"):
        raise Forbidden(_("Only the organiser marks an entry as an anchor. Leave “anchor” false."))
    return Status(201, do_submit_entry(enterprise=enterprise, **_resolve_ids(fields, choices)))


@router.patch(
    "/competitions/entries/{entry_id}",
    response={200: EntryOut, 401: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Change an entry's project, track, site or anchor flag (the organiser)",
)
def update_entry(request: HttpRequest, entry_id: int, payload: EntryUpdateIn) -> Entry:
    entry = access_entry(request.user, entry_id, write=True)
    fields = _resolve_ids(
        payload.model_dump(exclude_unset=True),
        {
            "track_id": Track.objects.filter(competition_id=entry.competition_id),
            "site_id": Site.objects.filter(round__competition_id=entry.competition_id).select_related(
                "round"
            ),
        },
    )
    do_update_entry(entry, **fields)
    return Entry.objects.select_related("enterprise", "track").get(pk=entry.pk)


@router.delete(
    "/competitions/entries/{entry_id}",
    response={204: None, 401: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Withdraw an entry without marks or awards (the organiser)",
)
def withdraw_entry(request: HttpRequest, entry_id: int) -> Status[None]:
    do_withdraw_entry(access_entry(request.user, entry_id, write=True))
    return Status(204, None)


@router.get(
    "/competitions/{competition_id}/conflicts",
    response={200: list[ConflictOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Declared and assumed conflicts of interest between judges and entries (the organiser)",
)
@paginate(Pagination)
def list_conflicts(request: HttpRequest, competition_id: int) -> list[dict[str, Any]]:
    competition = access_results(request.user, competition_id)
    return [
        {
            "judge_id": item.judge.pk,
            "judge": str(item.judge),
            "entry_id": item.entry.pk,
            "entry": item.entry.title,
            "declared": item.declared,
            "reason": item.reason,
            "declared_at": item.declared_at,
            "through_id": item.through.pk if item.through else None,
        }
        for item in competition_conflicts(competition)
    ]


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


# Brokerage meetings ---------------------------------------------------------------------------------


class SlotOut(Schema):
    id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime


class SlotIn(InputSchema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime


class RunOut(Schema):
    id: int
    status: str = Field(description="queued, running, done or failed.")
    stage: str = Field(
        description="Where the computation is: queued, loading, bound, pairs, slots, exact, storing, notifying, done."
    )
    percent: int
    failure: str = Field(
        description="Why the run failed (or, on a done run, what went wrong after storing it), in words in "
        "the caller's language; empty otherwise."
    )
    time_limit: float
    participants: int
    started_at: datetime.datetime | None
    finished_at: datetime.datetime | None
    value: int
    upper_bound: int
    meetings: int
    kept: int
    without_meeting: list[int] = Field(description="Registrations (participants) left without a meeting.")
    method: str
    seconds: float
    computed_at: datetime.datetime


class BrokerageOut(Schema):
    event_id: int
    tables: int
    slots: list[SlotOut]
    latest_run: RunOut | None


class BrokerageIn(InputSchema):
    tables: int | None = Field(None, ge=0, le=10_000)
    add_slots: list[SlotIn] = Field([], max_length=200)
    remove_slot_ids: list[int] = Field([], max_length=200)


class ListingRefOut(Schema):
    id: int
    title: str = Field(alias="display_title")
    kind: str


class ParticipantOut(Schema):
    registration_id: int
    name: str
    pitch_zh: str
    pitch_en: str
    mode: str
    languages: list[str]
    listings: list[ListingRefOut]


class ProfileOut(ParticipantOut):
    slot_ids: list[int]
    max_meetings: int | None
    time_zone: str


class ProfileIn(InputSchema):
    pitch_zh: str = Field("", max_length=1000)
    pitch_en: str = Field("", max_length=1000)
    listing_ids: list[int] = Field([], max_length=50)
    mode: MeetingPreference = MeetingPreference.EITHER
    languages: str = Field("", max_length=100, description="Language codes separated by spaces: zh en de")
    slot_ids: list[int] | None = Field(None, description="Slots you are free in; leave out for all.")
    max_meetings: int | None = Field(None, ge=0, le=100)


class MeetingRequestIn(InputSchema):
    to: int = Field(description="The registration id of the participant you want to meet.")
    priority: Priority = Field(description="3 must, 2 should, 1 could.")
    message: str = Field("", max_length=500)


class MeetingRequestOut(Schema):
    id: int
    event_id: int
    sender_id: int = Field(description="Registration id of the person asking.")
    sender: str = Field(alias="sender.user.full_name")
    receiver_id: int
    receiver: str = Field(alias="receiver.user.full_name")
    priority: int
    reply_priority: int | None
    message: str
    status: str
    created_at: datetime.datetime


class AnswerIn(InputSchema):
    priority: Priority = Field(Priority.SHOULD, description="Your own priority for this meeting.")


class MeetingOut(Schema):
    id: int
    a_id: int
    b_id: int
    slot_id: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    mode: str
    table: int | None
    status: str
    value: int


class AgendaItemOut(MeetingOut):
    with_registration_id: int
    with_name: str
    time_zone: str = Field(description="Your time zone; starts_at and ends_at are given in it.")
    my_answer: str = Field(description="Your answer: pending, confirmed (you will come) or declined.")
    their_answer: str = Field(description="The other person's answer: pending, confirmed or declined.")


class MeetingAnswerIn(InputSchema):
    answer: str = Field(
        max_length=20,
        description="confirmed (you will come) or declined (you cannot come; the meeting is cancelled).",
        examples=["confirmed"],
    )


class MeetingStatusIn(InputSchema):
    status: MeetingStatus
    absent: list[int] = Field([], max_length=2, description="For a no-show: who did not come.")


def _participant_out(registration: Registration) -> dict[str, Any]:
    profile = getattr(registration, "agenda_profile", None)
    return {
        "registration_id": registration.pk,
        "name": registration.user.get_full_name(),
        "pitch_zh": profile.pitch_zh if profile else "",
        "pitch_en": profile.pitch_en if profile else "",
        "mode": profile.mode if profile else MeetingPreference.EITHER,
        "languages": profile.language_list if profile else [],
        "listings": list(profile.listings.all()) if profile else [],
    }


def _meeting_out(meeting: BrokerageMeeting, zone: str | None = None) -> dict[str, Any]:
    tz = zoneinfo.ZoneInfo(zone) if zone else datetime.UTC
    return {
        "id": meeting.pk,
        "a_id": meeting.a_id,
        "b_id": meeting.b_id,
        "slot_id": meeting.slot_id,
        "starts_at": meeting.slot.starts_at.astimezone(tz),
        "ends_at": meeting.slot.ends_at.astimezone(tz),
        "mode": meeting.mode,
        "table": meeting.table,
        "status": meeting.status,
        "value": meeting.value,
    }


@router.get(
    "/events/{event_id}/brokerage",
    response={200: BrokerageOut, 401: ErrorOut, 404: ErrorOut},
    summary="A brokerage event's slots, tables and latest schedule run",
)
def get_brokerage(request: HttpRequest, event_id: int) -> dict[str, Any]:
    event = access_brokerage(request.user, event_id)
    manager = can_manage_event(request.user, event)
    return {
        "event_id": event.pk,
        "tables": brokerage_tables(event),
        "slots": list(BrokerageSlot.objects.filter(event=event)),
        "latest_run": ScheduleRun.objects.filter(event=event).first() if manager else None,
    }


@router.put(
    "/events/{event_id}/brokerage",
    response={200: BrokerageOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Set the tables and add or remove meeting slots (the organiser)",
)
def set_brokerage(request: HttpRequest, event_id: int, payload: BrokerageIn) -> dict[str, Any]:
    event = access_brokerage(request.user, event_id, write=True)
    slots = do_set_brokerage(
        event,
        tables=payload.tables,
        add_slots=[(slot.starts_at, slot.ends_at) for slot in payload.add_slots],
        remove_slots=payload.remove_slot_ids,
    )
    return {
        "event_id": event.pk,
        "tables": brokerage_tables(event),
        "slots": slots,
        "latest_run": ScheduleRun.objects.filter(event=event).first(),
    }


@router.get(
    "/events/{event_id}/brokerage/participants",
    response={200: list[ParticipantOut], 401: ErrorOut, 404: ErrorOut},
    summary="The participants' agenda profiles (participants and the organiser)",
)
@paginate(Pagination)
def list_participants(request: HttpRequest, event_id: int) -> list[dict[str, Any]]:
    event = access_brokerage(request.user, event_id)
    check_signed_in(request.user)
    people = brokerage_participants(request.user, event).prefetch_related("agenda_profile__listings")
    return [_participant_out(registration) for registration in people.order_by("id")]


def _profile_out(registration: Registration) -> dict[str, Any]:
    registration = (
        Registration.objects.select_related("user", "agenda_profile")
        .prefetch_related("agenda_profile__listings", "agenda_profile__available")
        .get(pk=registration.pk)
    )
    profile = getattr(registration, "agenda_profile", None)
    slots = BrokerageSlot.objects.filter(event_id=registration.event_id)
    return {
        **_participant_out(registration),
        "slot_ids": [slot.pk for slot in (profile.available.all() if profile else slots)],
        "max_meetings": profile.max_meetings if profile else None,
        "time_zone": registration.user.time_zone,
    }


@router.get(
    "/events/{event_id}/brokerage/profile",
    response={200: ProfileOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="My agenda profile",
)
def get_profile(request: HttpRequest, event_id: int) -> dict[str, Any]:
    _event, registration = access_brokerage_participant(request.user, event_id)
    return _profile_out(registration)


@router.put(
    "/events/{event_id}/brokerage/profile",
    response={200: ProfileOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Write my agenda profile: pitch, listings, mode, languages, availability",
)
def put_profile(request: HttpRequest, event_id: int, payload: ProfileIn) -> dict[str, Any]:
    _event, registration = access_brokerage_participant(request.user, event_id)
    do_save_agenda_profile(registration, **payload.model_dump())
    return _profile_out(registration)


def _requests() -> QuerySet[MeetingRequest]:
    return MeetingRequest.objects.select_related("sender__user", "receiver__user")


@router.post(
    "/events/{event_id}/brokerage/requests",
    response={
        201: MeetingRequestOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Ask another participant for a meeting",
)
def request_meeting(request: HttpRequest, event_id: int, payload: MeetingRequestIn) -> Status[MeetingRequest]:
    event, registration = access_brokerage_participant(request.user, event_id)
    receiver = access_participant(request.user, event.pk, payload.to)
    created = do_request_meeting(registration, receiver, priority=payload.priority, message=payload.message)
    return Status(201, _requests().get(pk=created.pk))


@router.get(
    "/events/{event_id}/brokerage/requests",
    response={200: list[MeetingRequestOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Meeting requests: mine, sent and received (all of them for the organiser)",
)
@paginate(Pagination)
def list_meeting_requests(request: HttpRequest, event_id: int) -> QuerySet[MeetingRequest]:
    event = access_brokerage(request.user, event_id)
    if can_manage_event(request.user, event):
        return _requests().filter(event=event)
    _event, registration = access_brokerage_participant(request.user, event_id)
    return _requests().filter(Q(sender=registration) | Q(receiver=registration))


@router.post(
    "/brokerage/requests/{request_id}/accept",
    response={
        200: MeetingRequestOut,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        409: ErrorOut,
        422: ErrorOut,
    },
    summary="Accept a meeting request, with my own priority",
)
def accept_meeting_request(request: HttpRequest, request_id: int, payload: AnswerIn) -> MeetingRequest:
    meeting_request = access_meeting_request(request.user, request_id, write=True)
    do_answer_meeting_request(meeting_request, accept=True, priority=payload.priority)
    return _requests().get(pk=meeting_request.pk)


@router.post(
    "/brokerage/requests/{request_id}/decline",
    response={200: MeetingRequestOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Decline a meeting request",
)
def decline_meeting_request(request: HttpRequest, request_id: int) -> MeetingRequest:
    meeting_request = access_meeting_request(request.user, request_id, write=True)
    do_answer_meeting_request(meeting_request, accept=False)
    return _requests().get(pk=meeting_request.pk)


def _agenda_item_out(meeting: BrokerageMeeting, registration: Registration) -> dict[str, Any]:
    """A meeting as one of its two people sees it: in their time zone, with whom, both answers."""
    zone = registration.user.time_zone
    other = meeting.other(registration)
    return {
        **_meeting_out(meeting, zone),
        "with_registration_id": other.pk,
        "with_name": other.user.get_full_name(),
        "time_zone": zone,
        "my_answer": meeting.answer_of(registration),
        "their_answer": meeting.answer_of(other),
    }


@router.get(
    "/events/{event_id}/brokerage/agenda",
    response={200: list[AgendaItemOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="My meetings, with times in my time zone",
)
@paginate(Pagination)
def get_agenda(request: HttpRequest, event_id: int) -> list[dict[str, Any]]:
    _event, registration = access_brokerage_participant(request.user, event_id)
    meetings = (
        BrokerageMeeting.objects.current()
        .of_registration(registration)
        .select_related("slot", "a__user", "b__user")
        .order_by("slot__starts_at")
    )
    return [_agenda_item_out(meeting, registration) for meeting in meetings]


@router.put(
    "/brokerage/meetings/{meeting_id}/answer",
    response={200: AgendaItemOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Answer a meeting on my agenda: I will come (confirmed) or I cannot come (declined)",
    description=(
        "For the two people of the meeting, until its slot begins. When both confirm, the meeting is "
        "confirmed and a re-run keeps it; declining cancels it, frees that slot and tells the other person. "
        "The organiser sets a meeting's status with PUT /brokerage/meetings/{meeting_id}/status instead."
    ),
)
def answer_meeting(request: HttpRequest, meeting_id: int, payload: MeetingAnswerIn) -> dict[str, Any]:
    meeting, registration = access_meeting_to_answer(request.user, meeting_id)
    do_answer_meeting(meeting, registration, payload.answer)
    answered = BrokerageMeeting.objects.select_related("slot", "a__user", "b__user").get(pk=meeting.pk)
    return _agenda_item_out(answered, registration)


@router.get(
    "/brokerage/meetings/{meeting_id}/invitation.ics",
    response={200: None, 401: ErrorOut, 404: ErrorOut},
    summary="An .ics file for one of my meetings, in my language and time zone",
)
def get_meeting_invitation(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_brokerage_meeting(request.user, meeting_id)
    user = check_signed_in(request.user)
    if user.pk not in (meeting.a.user_id, meeting.b.user_id):
        raise NotFound()
    response = HttpResponse(meeting_invitation(meeting, user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
    return response


@router.post(
    "/events/{event_id}/brokerage/schedule",
    response={202: RunOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="Queue the schedule's computation, or a re-run keeping confirmed and held meetings (the organiser)",
    description=(
        "A background worker computes the schedule; poll GET /events/{event_id}/brokerage/schedule/{run_id} "
        "until its status is done or failed (a failure says why, in words)."
    ),
)
def compute_schedule(request: HttpRequest, event_id: int) -> Status[ScheduleRun]:
    event = access_brokerage(request.user, event_id, write=True)
    run = do_request_schedule(event, by=check_signed_in(request.user))
    return Status(202, ScheduleRun.objects.get(pk=run.pk))


@router.get(
    "/events/{event_id}/brokerage/schedule/{run_id}",
    response={200: RunOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="One computation of the schedule: status, stage, value and bound, failure (the organiser)",
)
def get_schedule_run(request: HttpRequest, event_id: int, run_id: int) -> ScheduleRun:
    return access_schedule_run(request.user, event_id, run_id)


@router.get(
    "/events/{event_id}/brokerage/meetings",
    response={200: list[MeetingOut], 401: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="Every meeting of the event, by slot and table (the organiser)",
)
@paginate(Pagination)
def list_meetings(request: HttpRequest, event_id: int) -> list[dict[str, Any]]:
    event = access_brokerage(request.user, event_id, write=True)
    meetings = BrokerageMeeting.objects.filter(event=event).select_related("slot")
    return [_meeting_out(meeting) for meeting in meetings]


@router.put(
    "/brokerage/meetings/{meeting_id}/status",
    response={200: MeetingOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
    summary="Mark a meeting confirmed, held, a no-show (naming who did not come) or cancelled (the organiser)",
)
def set_meeting_status(request: HttpRequest, meeting_id: int, payload: MeetingStatusIn) -> dict[str, Any]:
    meeting = access_brokerage_meeting(request.user, meeting_id, write=True)
    absent = list(Registration.objects.filter(pk__in=payload.absent, event_id=meeting.event_id))
    if len(absent) != len(set(payload.absent)):
        raise NotFound()
    meeting = do_set_meeting_status(meeting, payload.status, absent=absent)
    return _meeting_out(BrokerageMeeting.objects.select_related("slot").get(pk=meeting.pk))
