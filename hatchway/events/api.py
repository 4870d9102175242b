"""API: events, registrations and check-in."""

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from hatchway.accounts.access import check_signed_in
from hatchway.api import ErrorOut, InputSchema, Pagination
from hatchway.directory.models import Organisation
from hatchway.events.access import (
    access_event,
    access_invitation,
    access_registration,
    check_may_organise,
    visible_events,
)
from hatchway.events.actions import (
    do_approve_registration,
    do_cancel_registration,
    do_check_in,
    do_create_event,
    do_decline_registration,
    do_record_attendance,
    do_register,
    do_update_event,
    invalid_at,
)
from hatchway.events.ics import calendar_response, invitation
from hatchway.events.models import AttendanceMode, Event, EventKind, EventStatus, Registration

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


def _station(station_id: int | None) -> Organisation | None:
    """The station a payload names by id (the event's rules then check it is an overseas station)."""
    if station_id is None:
        return None
    station = Organisation.objects.filter(pk=station_id).first()
    if station is None:
        raise invalid_at(
            "station_id",
            _("Nothing with the id %(id)s can be chosen here. Check the identifier.") % {"id": station_id},
        )
    return station


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
    station = _station(fields.pop("station_id"))
    return Status(201, do_create_event(organiser=organiser, station=station, **fields))


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
    fields = payload.model_dump(exclude_unset=True)
    if "station_id" in fields:
        fields["station"] = _station(fields.pop("station_id"))
    return do_update_event(event, **fields)


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
    event, user, registration = access_invitation(request.user, event_id)
    return calendar_response(invitation(event, user, registration), f"event-{event.pk}.ics")


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
