"""Verbs that change events and registrations. Each owns its transaction.

Places are taken with one conditional UPDATE (``_claim_place``): the database itself refuses the
increment once ``confirmed_count`` reaches ``capacity``, so two people registering for the last
place at the same moment cannot both get it, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.models import Organisation
from hatchway.errors import Conflict, InvalidInput
from hatchway.events.models import (
    Attendance,
    AttendanceMode,
    Event,
    EventStatus,
    Registration,
    RegistrationStatus,
    normalise_code,
)
from hatchway.unchanged import UNCHANGED, Unchanged, given

logger = logging.getLogger(__name__)

REMINDER_AHEAD = datetime.timedelta(hours=24)


def invalid_at(field: str, message: str) -> InvalidInput:
    """A 422 located at one input field (``body.<field>``), so a page can put it beside the field."""
    return InvalidInput(f"{field}: {message}", errors=[{"location": f"body.{field}", "message": message}])


@transaction.atomic
def do_create_event(
    *,
    kind: str,
    organiser: Organisation,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    station: Organisation | None = None,
    mode: str = AttendanceMode.ON_SITE,
    title_zh: str = "",
    title_en: str = "",
    description_zh: str = "",
    description_en: str = "",
    venue_zh: str = "",
    venue_en: str = "",
    online_url: str = "",
    time_zone: str = "Asia/Shanghai",
    capacity: int | None = None,
    requires_approval: bool = False,
    status: str = EventStatus.DRAFT,
    ref: str | None = None,
) -> Event:
    """Create an event (a draft unless a status is given), checked against its rules."""
    event = Event(
        kind=kind,
        organiser=organiser,
        starts_at=starts_at,
        ends_at=ends_at,
        station=station,
        mode=mode,
        title_zh=title_zh,
        title_en=title_en,
        description_zh=description_zh,
        description_en=description_en,
        venue_zh=venue_zh,
        venue_en=venue_en,
        online_url=online_url,
        time_zone=time_zone,
        capacity=capacity,
        requires_approval=requires_approval,
        status=status,
        ref=ref,
    )
    event.full_clean(exclude=["confirmed_count"])
    event.save()
    return event


@transaction.atomic
def do_update_event(
    event: Event,
    *,
    station: Organisation | Unchanged | None = UNCHANGED,
    mode: str | Unchanged = UNCHANGED,
    title_zh: str | Unchanged = UNCHANGED,
    title_en: str | Unchanged = UNCHANGED,
    description_zh: str | Unchanged = UNCHANGED,
    description_en: str | Unchanged = UNCHANGED,
    venue_zh: str | Unchanged = UNCHANGED,
    venue_en: str | Unchanged = UNCHANGED,
    online_url: str | Unchanged = UNCHANGED,
    time_zone: str | Unchanged = UNCHANGED,
    starts_at: datetime.datetime | Unchanged = UNCHANGED,
    ends_at: datetime.datetime | Unchanged = UNCHANGED,
    capacity: int | Unchanged | None = UNCHANGED,
    requires_approval: bool | Unchanged = UNCHANGED,
    status: str | Unchanged = UNCHANGED,
) -> Event:
    """Change an event; a larger capacity promotes people from the waiting list."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    changes = given(
        station=station,
        mode=mode,
        title_zh=title_zh,
        title_en=title_en,
        description_zh=description_zh,
        description_en=description_en,
        venue_zh=venue_zh,
        venue_en=venue_en,
        online_url=online_url,
        time_zone=time_zone,
        starts_at=starts_at,
        ends_at=ends_at,
        capacity=capacity,
        requires_approval=requires_approval,
        status=status,
    )
    for name, value in changes.items():
        setattr(event, name, value)
    if event.capacity is not None and event.capacity < event.confirmed_count:
        raise invalid_at(
            "capacity",
            _("%(count)s people already hold a place. Write a capacity of at least %(count)s.")
            % {"count": event.confirmed_count},
        )
    event.full_clean(exclude=["confirmed_count"])
    event.save()
    _promote_waiting(event, timezone.now())
    event.refresh_from_db()
    return event


def do_publish_event(event: Event) -> Event:
    return do_update_event(event, status=EventStatus.PUBLISHED)


def do_cancel_event(event: Event) -> Event:
    return do_update_event(event, status=EventStatus.CANCELLED)


def _claim_place(event_id: int) -> bool:
    """Take one place if one is free, in a single conditional UPDATE."""
    return (
        Event.objects.filter(pk=event_id)
        .filter(Q(capacity__isnull=True) | Q(confirmed_count__lt=F("capacity")))
        .update(confirmed_count=F("confirmed_count") + 1)
        == 1
    )


def _release_place(event_id: int) -> None:
    Event.objects.filter(pk=event_id, confirmed_count__gt=0).update(confirmed_count=F("confirmed_count") - 1)


def _set_status(registration: Registration, status: str, now: datetime.datetime) -> None:
    registration.status = status
    registration.status_changed_at = now
    registration.save(update_fields=["status", "status_changed_at"])


def _place_or_wait(registration: Registration, now: datetime.datetime) -> None:
    confirmed = _claim_place(registration.event_id)
    _set_status(
        registration, RegistrationStatus.CONFIRMED if confirmed else RegistrationStatus.WAITLISTED, now
    )


def _promote_waiting(event: Event, now: datetime.datetime) -> list[Registration]:
    """Give freed places to the waiting list, first come first served."""
    promoted = []
    for registration in Registration.objects.waiting(event).select_for_update():
        if not _claim_place(event.pk):
            break
        _set_status(registration, RegistrationStatus.CONFIRMED, now)
        promoted.append(registration)
    return promoted


@transaction.atomic
def do_register(
    event: Event, user: User, *, note: str = "", now: datetime.datetime | None = None
) -> Registration:
    """Register a person: a place if one is free, else the waiting list; or await the organiser's approval."""
    now = now or timezone.now()
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != EventStatus.PUBLISHED:
        raise Conflict(_("This event is not open for registration."))
    if event.ends_at <= now:
        raise Conflict(_("This event is over; registration has closed."))
    registration = Registration.objects.select_for_update().filter(event=event, user=user).first()
    if registration is not None and registration.is_active:
        raise Conflict(_("You are already registered for this event. Your registrations show its status."))
    if registration is not None and registration.status == RegistrationStatus.DECLINED:
        raise Conflict(_("The organiser declined your registration. Contact the organiser."))
    if registration is None:
        try:
            with transaction.atomic():
                registration = Registration.objects.create(
                    event=event,
                    user=user,
                    status=RegistrationStatus.PENDING,
                    note=note,
                    registered_at=now,
                    status_changed_at=now,
                )
        except IntegrityError as error:
            raise Conflict(_("You are already registered for this event.")) from error
    else:
        registration.note = note
        registration.registered_at = now
        registration.save(update_fields=["note", "registered_at"])
    if event.requires_approval:
        _set_status(registration, RegistrationStatus.PENDING, now)
    else:
        _place_or_wait(registration, now)
    return registration


@transaction.atomic
def do_cancel_registration(
    registration: Registration, *, now: datetime.datetime | None = None
) -> Registration:
    """Give up a registration; a place it held goes to the first person waiting."""
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    if not registration.is_active:
        raise Conflict(_("This registration is no longer active."))
    held_place = registration.status == RegistrationStatus.CONFIRMED
    _set_status(registration, RegistrationStatus.CANCELLED, now)
    if held_place:
        _release_place(registration.event_id)
        _promote_waiting(registration.event, now)
    return registration


@transaction.atomic
def do_approve_registration(
    registration: Registration, *, now: datetime.datetime | None = None
) -> Registration:
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING:
        raise Conflict(_("Only a registration awaiting approval can be approved."))
    _place_or_wait(registration, now)
    return registration


@transaction.atomic
def do_decline_registration(
    registration: Registration, *, now: datetime.datetime | None = None
) -> Registration:
    now = now or timezone.now()
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.PENDING:
        raise Conflict(_("Only a registration awaiting approval can be declined."))
    _set_status(registration, RegistrationStatus.DECLINED, now)
    return registration


@transaction.atomic
def do_check_in(event: Event, code: str, *, now: datetime.datetime | None = None) -> Registration:
    """Check a person in at the door with the code of their registration."""
    now = now or timezone.now()
    clean = normalise_code(code)
    registration = (
        Registration.objects.select_for_update()
        .select_related("user")
        .filter(event=event, code=clean)
        .first()
    )
    if registration is None:
        raise invalid_at(
            "code",
            _("No registration for this event has the code “%(code)s”. Check the code and type it again.")
            % {"code": code},
        )
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Conflict(
            _("This registration is “%(status)s”, not confirmed: the person holds no place.")
            % {"status": registration.get_status_display()}
        )
    if registration.checked_in_at is not None:
        raise Conflict(
            _("%(person)s has already checked in.") % {"person": registration.user.get_full_name()}
        )
    registration.checked_in_at = now
    registration.attendance = Attendance.ATTENDED
    registration.save(update_fields=["checked_in_at", "attendance"])
    return registration


@transaction.atomic
def do_record_attendance(registration: Registration, attendance: str) -> Registration:
    if attendance not in Attendance.values:
        raise invalid_at(
            "attendance", _("Choose one of: %(choices)s.") % {"choices": ", ".join(Attendance.values)}
        )
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.CONFIRMED:
        raise Conflict(_("Attendance is recorded for confirmed registrations only."))
    registration.attendance = attendance
    registration.save(update_fields=["attendance"])
    return registration


@transaction.atomic
def do_record_no_shows(event: Event, *, now: datetime.datetime | None = None) -> int:
    """After the event, mark everyone confirmed who never checked in as a no-show."""
    now = now or timezone.now()
    if event.ends_at > now:
        raise Conflict(_("No-shows are recorded once the event is over."))
    return Registration.objects.filter(
        event=event, status=RegistrationStatus.CONFIRMED, attendance=Attendance.UNKNOWN
    ).update(attendance=Attendance.NO_SHOW)


def _remind(registration_id: int, now: datetime.datetime) -> bool:
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update()
            .select_related("event", "user")
            .filter(pk=registration_id, reminded_at__isnull=True, status=RegistrationStatus.CONFIRMED)
            .first()
        )
        if registration is None:
            return False
        user = registration.user
        with translation.override(user.language), timezone.override(user.time_zone):
            context = {"registration": registration, "event": registration.event, "user": user}
            subject = render_to_string("events/email/reminder_subject.txt", context).strip()
            body = render_to_string("events/email/reminder.txt", context)
        registration.reminded_at = now
        registration.save(update_fields=["reminded_at"])
        # Sent last: if sending fails, the transaction rolls back and the next run tries again.
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
    return True


def do_send_event_reminders(now: datetime.datetime, *, ahead: datetime.timedelta = REMINDER_AHEAD) -> int:
    """E-mail everyone with a confirmed place in an event starting within ``ahead``, once each.

    Each reminder is its own transaction; running again sends nothing twice. Returns the number sent.
    """
    due = Registration.objects.due_for_reminder(now, now + ahead).values_list("pk", flat=True)
    sent = 0
    for registration_id in list(due):
        try:
            sent += _remind(registration_id, now)
        except Exception:
            logger.exception("Could not send the reminder of registration %s", registration_id)
    return sent
