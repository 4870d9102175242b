"""API: brokerage meetings: set-up, participants, agenda profiles, requests, schedules, meetings."""

import datetime
import zoneinfo
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from hatchway.accounts.access import check_signed_in
from hatchway.api import ErrorOut, InputSchema, Pagination
from hatchway.brokerage.access import (
    access_brokerage,
    access_brokerage_meeting,
    access_brokerage_participant,
    access_meeting_invitation,
    access_meeting_request,
    access_meeting_to_answer,
    access_participant,
    access_schedule_run,
    brokerage_participants,
)
from hatchway.brokerage.actions import (
    brokerage_tables,
    do_answer_meeting,
    do_answer_meeting_request,
    do_request_meeting,
    do_request_schedule,
    do_save_agenda_profile,
    do_set_brokerage,
    do_set_meeting_status,
)
from hatchway.brokerage.ics import meeting_invitation
from hatchway.brokerage.models import (
    BrokerageMeeting,
    BrokerageSlot,
    MeetingPreference,
    MeetingRequest,
    MeetingStatus,
    Priority,
    ScheduleRun,
)
from hatchway.errors import NotFound
from hatchway.events.access import can_manage_event
from hatchway.events.ics import calendar_response
from hatchway.events.models import Registration

router = Router(tags=["brokerage"])


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
    meeting, user = access_meeting_invitation(request.user, meeting_id)
    return calendar_response(meeting_invitation(meeting, user), f"meeting-{meeting.pk}.ics")


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
