"""Permission-checked getters for brokerage meetings, and who sees what.

The organiser's side (members and operators) runs the console; participants (confirmed
registrations) see each other's agenda profiles, their own requests and meetings; nobody else
learns who takes part.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hatchway.accounts.access import check_signed_in
from hatchway.accounts.models import User
from hatchway.brokerage.models import BrokerageMeeting, MeetingRequest, ScheduleRun
from hatchway.errors import Forbidden, NotFound
from hatchway.events.access import access_event, can_manage_event
from hatchway.events.models import Event, EventKind, Registration, RegistrationStatus


def access_brokerage(user: User | AnonymousUser, event_id: int, *, write: bool = False) -> Event:
    """A brokerage event; ``write`` for its organiser's side (slots, tables, schedule, no-shows)."""
    event = access_event(user, event_id, write=write)
    if event.kind != EventKind.BROKERAGE:
        raise NotFound()
    return event


def access_brokerage_participant(user: User | AnonymousUser, event_id: int) -> tuple[Event, Registration]:
    """The event and the user's own confirmed registration at it."""
    viewer = check_signed_in(user)
    event = access_brokerage(viewer, event_id)
    registration = (
        Registration.objects.select_related("event", "user")
        .filter(event=event, user=viewer, status=RegistrationStatus.CONFIRMED)
        .first()
    )
    if registration is None:
        raise Forbidden(
            _("Only participants with a confirmed place take part in the meetings. Register first.")
        )
    return event, registration


def brokerage_participants(user: User | AnonymousUser, event: Event) -> QuerySet[Registration]:
    """The confirmed participants a person may see: all of them for participants and the organiser."""
    people = Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
    if can_manage_event(user, event) or (isinstance(user, User) and people.filter(user=user).exists()):
        return people.select_related("user", "agenda_profile")
    return people.none()


def access_participant(user: User | AnonymousUser, event_id: int, registration_id: int) -> Registration:
    """Another participant of the same brokerage event, as a participant or the organiser sees them."""
    event = access_brokerage(user, event_id)
    check_signed_in(user)
    registration = brokerage_participants(user, event).filter(pk=registration_id).first()
    if registration is None:
        raise NotFound()
    return registration


def access_meeting_request(
    user: User | AnonymousUser, request_id: int, *, write: bool = False
) -> MeetingRequest:
    """Its two sides and the organiser read a request; only the person asked answers it."""
    viewer = check_signed_in(user)
    request = (
        MeetingRequest.objects.select_related("event__organiser", "sender__user", "receiver__user")
        .filter(pk=request_id)
        .first()
    )
    if request is None:
        raise NotFound()
    sides = (request.sender.user_id, request.receiver.user_id)
    if viewer.pk not in sides and not can_manage_event(viewer, request.event):
        raise NotFound()
    if write and request.receiver.user_id != viewer.pk:
        raise Forbidden(_("Only the person asked answers a meeting request."))
    return request


def access_brokerage_meeting(
    user: User | AnonymousUser, meeting_id: int, *, write: bool = False
) -> BrokerageMeeting:
    """Its two people and the organiser read a meeting; the organiser marks it held or a no-show."""
    viewer = check_signed_in(user)
    meeting = (
        BrokerageMeeting.objects.select_related("event__organiser", "slot", "a__user", "b__user")
        .filter(pk=meeting_id)
        .first()
    )
    if meeting is None:
        raise NotFound()
    manager = can_manage_event(viewer, meeting.event)
    if not manager and viewer.pk not in (meeting.a.user_id, meeting.b.user_id):
        raise NotFound()
    if write and not manager:
        raise Forbidden()
    return meeting


def access_meeting_invitation(user: User | AnonymousUser, meeting_id: int) -> tuple[BrokerageMeeting, User]:
    """A meeting's .ics is for its two people only (the organiser reads the meeting, but is not in it)."""
    viewer = check_signed_in(user)
    meeting = access_brokerage_meeting(viewer, meeting_id)
    if viewer.pk not in (meeting.a.user_id, meeting.b.user_id):
        raise NotFound()
    return meeting, viewer


def access_meeting_to_answer(
    user: User | AnonymousUser, meeting_id: int
) -> tuple[BrokerageMeeting, Registration]:
    """A meeting on the user's own agenda, with their confirmed registration, to answer.

    Others who are not the organiser learn nothing of it; the organiser reads it but marks its status
    instead of answering for the two people.
    """
    meeting = access_brokerage_meeting(user, meeting_id)
    viewer = check_signed_in(user)
    if viewer.pk not in (meeting.a.user_id, meeting.b.user_id):
        raise Forbidden(
            _(
                "Only the two people of a meeting answer it. As the organiser, set its status instead "
                "(on the console, or PUT /api/v1/brokerage/meetings/%(id)s/status)."
            )
            % {"id": meeting.pk}
        )
    _event, registration = access_brokerage_participant(viewer, meeting.event_id)
    return meeting, registration


def access_schedule_run(user: User | AnonymousUser, event_id: int, run_id: int) -> ScheduleRun:
    """A computation of a brokerage event's schedule, for its organiser."""
    event = access_brokerage(user, event_id, write=True)
    run = ScheduleRun.objects.filter(event=event, pk=run_id).first()
    if run is None:
        raise NotFound()
    return run
