"""Verbs that change brokerage meetings: set-up, agenda profiles, requests, schedules and answers.

Each owns its transaction. A schedule is computed by the framework-free engine in ``scheduler/``
from the rows loaded here, checked, and stored; a background task (``tasks.py``) runs it.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterable
from typing import Any, cast

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hatchway.accounts.models import User
from hatchway.brokerage.models import (
    KEPT_MEETING_STATUSES,
    AgendaProfile,
    BrokerageMeeting,
    BrokerageSetting,
    BrokerageSlot,
    MeetingAnswer,
    MeetingPreference,
    MeetingRequest,
    MeetingRequestStatus,
    MeetingStatus,
    Priority,
    ScheduleRun,
    ScheduleStage,
    ScheduleStatus,
)
from hatchway.brokerage.scheduler import (
    Instance,
    InvalidInstance,
    Meeting,
    MeetingMode,
    Mode,
    Participant,
    Request,
    Schedule,
    Slot,
    check_instance,
    check_schedule,
    meeting_value,
    optimise_schedule,
)
from hatchway.errors import Conflict, HatchwayError, InvalidInput, NotFound
from hatchway.events.actions import invalid_at
from hatchway.events.models import Attendance, Event, EventKind, Registration, RegistrationStatus
from hatchway.notices.actions import do_notify

logger = logging.getLogger(__name__)


def _later(message: Promise, **params: Any) -> Promise:
    """``message % params``, put in words in whichever language is active when it is read.

    For messages that may end up on a row and be read later by someone else (a schedule run's failure).
    """
    return cast(Promise, lazy(lambda: str(message) % params if params else str(message), str)())


def _in_both_languages(message: str | Promise) -> tuple[str, str]:
    """(Chinese, English) of a message; a text that is already words (an engine's, an exception's) stays."""
    with translation.override("zh-hans"):
        zh = str(message)
    with translation.override("en"):
        en = str(message)
    return zh, en


# Seconds: 3,000 participants reach 99.5 % of the bound within a minute (docs/benchmarks.md); small
# events are proved optimal in a fraction of it and finish at once.
SCHEDULE_TIME_LIMIT = 60.0


def _check_brokerage(event: Event) -> None:
    if event.kind != EventKind.BROKERAGE:
        raise Conflict(gettext_lazy("This is not a brokerage event: it has no one-to-one meetings."))


def _check_participant(registration: Registration, event: Event | None = None) -> None:
    if registration.status != RegistrationStatus.CONFIRMED or (
        event is not None and registration.event_id != event.pk
    ):
        raise Conflict(
            _("Only participants with a confirmed place at this brokerage event can take part in meetings.")
        )


@transaction.atomic
def do_set_brokerage(
    event: Event,
    *,
    tables: int | None = None,
    add_slots: Iterable[tuple[datetime.datetime, datetime.datetime]] = (),
    remove_slots: Iterable[int] = (),
) -> list[BrokerageSlot]:
    """Set the number of tables and add or remove meeting slots; returns the event's slots.

    Slots lie within the event and do not overlap (a person cannot be in two of them). A slot with a
    meeting that is confirmed or held cannot be removed.
    """
    _check_brokerage(event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if tables is not None:
        if not 0 <= tables <= 10_000:
            raise invalid_at("tables", _("Write a number of tables from 0 to 10000."))
        BrokerageSetting.objects.update_or_create(event=event, defaults={"tables": tables})
    removing = set(remove_slots)
    if removing:
        kept = BrokerageMeeting.objects.filter(
            event=event, slot_id__in=removing, status__in=KEPT_MEETING_STATUSES
        )
        if kept.exists():
            raise Conflict(
                _("A slot with confirmed or held meetings cannot be removed. Cancel those meetings first.")
            )
        BrokerageSlot.objects.filter(event=event, pk__in=removing).delete()
    existing = [(slot.starts_at, slot.ends_at) for slot in BrokerageSlot.objects.filter(event=event)]
    errors = []
    new = []
    for index, (starts_at, ends_at) in enumerate(add_slots):
        location = f"body.slots.{index}"
        if ends_at <= starts_at:
            errors.append({"location": location, "message": _("The slot must end after it starts.")})
        elif starts_at < event.starts_at or ends_at > event.ends_at:
            errors.append(
                {"location": location, "message": _("The slot must lie within the event's start and end.")}
            )
        elif any(starts_at < end and start < ends_at for start, end in existing):
            errors.append(
                {
                    "location": location,
                    "message": _("The slot overlaps another slot; nobody can be in two meetings at once."),
                }
            )
        else:
            existing.append((starts_at, ends_at))
            new.append(BrokerageSlot(event=event, starts_at=starts_at, ends_at=ends_at))
    if errors:
        raise InvalidInput("; ".join(str(error["message"]) for error in errors), errors=errors)
    BrokerageSlot.objects.bulk_create(new)
    return list(BrokerageSlot.objects.filter(event=event))


def brokerage_tables(event: Event) -> int:
    setting = BrokerageSetting.objects.filter(event=event).first()
    return setting.tables if setting else 0


@transaction.atomic
def do_save_agenda_profile(
    registration: Registration,
    *,
    pitch_zh: str = "",
    pitch_en: str = "",
    listing_ids: Iterable[int] = (),
    mode: str = MeetingPreference.EITHER,
    languages: str = "",
    slot_ids: Iterable[int] | None = None,
    max_meetings: int | None = None,
) -> AgendaProfile:
    """Write a participant's agenda profile; ``slot_ids`` None means every slot of the event."""
    from hatchway.listings.models import Listing

    event = registration.event
    _check_brokerage(event)
    _check_participant(registration)
    if mode not in MeetingPreference.values:
        raise invalid_at(
            "mode", _("Choose one of: %(choices)s.") % {"choices": ", ".join(MeetingPreference.values)}
        )
    if max_meetings is not None and not 0 <= max_meetings <= 100:
        raise invalid_at("max_meetings", _("Write a number of meetings from 0 to 100, or leave it empty."))
    slots = BrokerageSlot.objects.filter(event=event)
    if slot_ids is not None:
        wanted = set(slot_ids)
        chosen = list(slots.filter(pk__in=wanted))
        if len(chosen) != len(wanted):
            raise invalid_at("slot_ids", _("Choose slots of this event."))
    else:
        chosen = list(slots)
    wanted_listings = set(listing_ids)
    listings = list(Listing.objects.owned_by(registration.user).filter(pk__in=wanted_listings))
    if len(listings) != len(wanted_listings):
        raise invalid_at("listing_ids", _("Link listings of your own organisation only."))
    profile, _created = AgendaProfile.objects.update_or_create(
        registration=registration,
        defaults={
            "pitch_zh": pitch_zh.strip()[:1000],
            "pitch_en": pitch_en.strip()[:1000],
            "mode": mode,
            "languages": " ".join(languages.replace(",", " ").split())[:100],
            "max_meetings": max_meetings,
        },
    )
    profile.listings.set(listings)
    profile.available.set(chosen)
    return profile


@transaction.atomic
def do_request_meeting(
    sender: Registration,
    receiver: Registration,
    *,
    priority: int,
    message: str = "",
    now: datetime.datetime | None = None,
    notify: bool = True,
) -> MeetingRequest:
    """Ask another participant of the same brokerage event for a meeting, once per pair."""
    now = now or timezone.now()
    event = sender.event
    _check_brokerage(event)
    _check_participant(sender)
    _check_participant(receiver, event)
    if sender.pk == receiver.pk:
        raise invalid_at("to", _("You cannot request a meeting with yourself. Choose another participant."))
    if priority not in Priority.values:
        raise invalid_at("priority", _("Choose the priority 3 (must), 2 (should) or 1 (could)."))
    if MeetingRequest.objects.filter(sender=receiver, receiver=sender).exists():
        raise Conflict(
            _("%(person)s has already asked to meet you. Accept their request instead.")
            % {"person": receiver.user.get_full_name()}
        )
    try:
        with transaction.atomic():
            request = MeetingRequest.objects.create(
                event=event,
                sender=sender,
                receiver=receiver,
                priority=priority,
                message=message.strip()[:500],
                created_at=now,
            )
    except IntegrityError as error:
        raise Conflict(
            _("You have already asked %(person)s for a meeting.") % {"person": receiver.user.get_full_name()}
        ) from error
    if not notify:
        return request
    _notify_brokerage(
        [receiver.user],
        kind="events.meeting_request",
        subject=lambda: (
            _("%(person)s asks to meet you at “%(event)s”")
            % {"person": sender.user.get_full_name(), "event": event.title}
        ),
        template="brokerage/email/brokerage_request.txt",
        context={"request": request, "event": event, "sender": sender.user},
        path=f"/events/{event.pk}/brokerage/",
        key=f"meeting-request:{request.pk}",
    )
    return request


@transaction.atomic
def do_answer_meeting_request(
    request: MeetingRequest,
    *,
    accept: bool,
    priority: int | None = None,
    now: datetime.datetime | None = None,
) -> MeetingRequest:
    """The receiver accepts (with their own priority, 2 by default) or declines a request."""
    now = now or timezone.now()
    request = MeetingRequest.objects.select_for_update().select_related("event").get(pk=request.pk)
    if request.status != MeetingRequestStatus.REQUESTED:
        raise Conflict(_("This request has already been answered."))
    if accept:
        reply = Priority.SHOULD if priority is None else priority
        if reply not in Priority.values:
            raise invalid_at("priority", _("Choose the priority 3 (must), 2 (should) or 1 (could)."))
        request.reply_priority = reply
    request.status = MeetingRequestStatus.ACCEPTED if accept else MeetingRequestStatus.DECLINED
    request.decided_at = now
    request.save(update_fields=["status", "reply_priority", "decided_at"])
    return request


def brokerage_instance(event: Event, *, now: datetime.datetime | None = None) -> Instance:
    """The scheduler's instance for an event, from its records.

    Participants are the confirmed registrations (``r<id>``); slots ``s<id>``. Accepted requests
    count from both sides, each with its own priority. Meetings confirmed or held, and scheduled
    meetings whose slot has begun (presumed held unless marked a no-show), are fixed. With ``now``,
    slots that have begun take no new meetings, and a person recorded as a no-show takes none.
    """
    slots = list(BrokerageSlot.objects.filter(event=event))
    open_slots = [slot for slot in slots if now is None or slot.starts_at > now]
    registrations = list(
        Registration.objects.filter(event=event, status=RegistrationStatus.CONFIRMED)
        .select_related("user", "agenda_profile")
        .prefetch_related("agenda_profile__available")
    )
    participants = []
    for registration in registrations:
        profile: AgendaProfile | None = getattr(registration, "agenda_profile", None)
        chosen = {slot.pk for slot in profile.available.all()} if profile else {slot.pk for slot in slots}
        available = (
            ()
            if registration.attendance == Attendance.NO_SHOW
            else tuple(slot.key for slot in open_slots if slot.pk in chosen)
        )
        participants.append(
            Participant(
                id=f"r{registration.pk}",
                available=available,
                mode=cast(Mode, profile.mode) if profile else "either",
                max_meetings=profile.max_meetings if profile else None,
                time_zone=registration.user.time_zone,
            )
        )
    confirmed = {registration.pk for registration in registrations}
    requests = []
    for item in MeetingRequest.objects.filter(event=event, status=MeetingRequestStatus.ACCEPTED):
        if item.sender_id in confirmed and item.receiver_id in confirmed:
            requests.append(Request(f"r{item.sender_id}", f"r{item.receiver_id}", item.priority))
            requests.append(
                Request(f"r{item.receiver_id}", f"r{item.sender_id}", item.reply_priority or Priority.SHOULD)
            )
    fixed = tuple(
        Meeting(f"r{m.a_id}", f"r{m.b_id}", m.slot.key, cast(MeetingMode, m.mode), m.table)
        for m in _kept_meetings(event, now).select_related("slot")
        if m.a_id in confirmed and m.b_id in confirmed
    )
    return Instance(
        slots=tuple(Slot(slot.key, slot.starts_at, slot.ends_at) for slot in slots),
        tables=brokerage_tables(event),
        participants=tuple(participants),
        requests=tuple(requests),
        fixed=fixed,
    )


def _kept_meetings(event: Event, now: datetime.datetime | None) -> Any:
    kept = Q(status__in=KEPT_MEETING_STATUSES)
    if now is not None:
        kept |= Q(status=MeetingStatus.SCHEDULED, slot__starts_at__lte=now)
    return BrokerageMeeting.objects.filter(event=event).filter(kept)


@transaction.atomic
def do_request_schedule(
    event: Event,
    *,
    by: User | None = None,
    now: datetime.datetime | None = None,
    time_limit: float = SCHEDULE_TIME_LIMIT,
    notify: bool = True,
    enqueue: bool = True,
) -> ScheduleRun:
    """Queue the computation (or re-computation) of a brokerage event's schedule.

    A background worker computes it (``do_run_schedule``) after the commit; the run records its stage
    as it goes. Refused for an event without slots, and while another computation of the same event is
    queued or running, unless its worker has stopped reporting (then that run is marked failed).
    """
    now = now or timezone.now()
    _check_brokerage(event)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if not BrokerageSlot.objects.filter(event=event).exists():
        raise Conflict(_("Add meeting slots before computing the schedule."))
    for current in ScheduleRun.objects.filter(event=event).in_progress():
        if not current.is_stale(timezone.now()):
            raise Conflict(
                _("The schedule is being computed already. Wait until it is done, then run it again.")
            )
        _fail_run(current, gettext_lazy("The worker computing this schedule stopped without finishing."))
    run = ScheduleRun.objects.create(
        event=event,
        computed_at=now,
        computed_by=by,
        time_limit=time_limit,
        heartbeat_at=timezone.now(),
    )
    if enqueue:
        from hatchway.brokerage.tasks import compute_schedule

        transaction.on_commit(lambda: compute_schedule.enqueue(run.pk, notify))
    return run


def do_run_schedule(run: ScheduleRun, *, notify: bool = True) -> ScheduleRun:
    """Compute a queued run: read the records, optimise, check, store the meetings, send the agendas.

    Meetings already confirmed or held, and those whose slot had begun at the run's moment, are kept
    exactly; the other scheduled meetings are replaced by the new schedule, which fills the gaps
    around the kept ones. The stage is recorded as the work goes on; a failure is kept on the run in
    words, and nothing of a failed run is stored.
    """
    run = ScheduleRun.objects.select_related("event").get(pk=run.pk)
    if run.is_finished:
        return run
    event = run.event

    def stage(name: str) -> None:
        ScheduleRun.objects.filter(pk=run.pk).update(stage=name, heartbeat_at=timezone.now())

    ScheduleRun.objects.filter(pk=run.pk).update(
        status=ScheduleStatus.RUNNING,
        stage=ScheduleStage.LOADING,
        started_at=timezone.now(),
        heartbeat_at=timezone.now(),
        failure_zh="",
        failure_en="",
    )
    try:
        _check_brokerage(event)
        instance = _checked_instance(event, run.computed_at)
        ScheduleRun.objects.filter(pk=run.pk).update(participants=len(instance.participants))
        started = time.perf_counter()
        schedule = optimise_schedule(instance, time_limit=run.time_limit, progress=stage)
        seconds = time.perf_counter() - started
        stage(ScheduleStage.STORING)
        _store_schedule(run, schedule, seconds)
    except HatchwayError as error:
        _fail_run(run, error.message)
        run.refresh_from_db()
        return run
    except Exception as error:
        logger.exception("Schedule run %s failed", run.pk)
        _fail_run(run, f"{type(error).__name__}: {error}")
        run.refresh_from_db()
        return run
    failure: str | Promise = ""
    if notify:
        stage(ScheduleStage.NOTIFYING)
        try:
            _notify_agendas(event, run)
        except Exception as error:  # the schedule stands; say on the run that the agendas did not all go
            logger.exception("Agendas of schedule run %s were not all sent", run.pk)
            failure = _later(
                gettext_lazy("The schedule is stored, but the agendas were not all sent: %(error)s"),
                error=f"{type(error).__name__}: {error}",
            )
    failure_zh, failure_en = _in_both_languages(failure)
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=ScheduleStatus.DONE,
        stage=ScheduleStage.DONE,
        failure_zh=failure_zh,
        failure_en=failure_en,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )
    run.refresh_from_db()
    return run


def do_compute_schedule(
    event: Event,
    *,
    by: User | None = None,
    now: datetime.datetime | None = None,
    time_limit: float = SCHEDULE_TIME_LIMIT,
    notify: bool = True,
) -> ScheduleRun:
    """Compute the schedule here and now, through the same run as the background worker (demo, tests).

    Raises the failure instead of returning a failed run.
    """
    run = do_run_schedule(
        do_request_schedule(event, by=by, now=now, time_limit=time_limit, enqueue=False), notify=notify
    )
    if run.status == ScheduleStatus.FAILED:
        raise Conflict(run.failure)
    return run


def _checked_instance(event: Event, now: datetime.datetime) -> Instance:
    instance = brokerage_instance(event, now=now)
    if not instance.slots:
        raise Conflict(gettext_lazy("Add meeting slots before computing the schedule."))
    try:
        check_instance(instance)
    except InvalidInstance as error:
        located = [{"location": "instance", "message": problem} for problem in error.errors]
        raise InvalidInput("; ".join(error.errors), errors=located) from error
    return instance


# Problems of the stated totals, which the records as they are now decide (see _store_schedule).
_TOTALS = ("value:", "upper_bound:", "participants_without_meeting:")


@transaction.atomic
def _store_schedule(run: ScheduleRun, schedule: Schedule, seconds: float) -> None:
    """Store a computed schedule, checked against the records as they are at the moment of storing.

    The computation may take a minute, in which people register, answer requests or confirm meetings.
    The schedule is stored only if it still keeps every rule against the records read again under the
    event's lock; otherwise nothing changes and the organiser is asked to compute again.
    """
    event = Event.objects.select_for_update().get(pk=run.event_id)
    now = run.computed_at
    instance = _checked_instance(event, now)
    problems = [problem for problem in check_schedule(instance, schedule) if not problem.startswith(_TOTALS)]
    if problems:
        raise Conflict(
            _later(
                gettext_lazy(
                    "Meetings, requests or availability changed while the schedule was computed, so it no "
                    "longer fits them (%(problem)s). Compute the schedule again."
                ),
                problem=problems[0],
            )
        )
    kept_ids = set(_kept_meetings(event, now).values_list("pk", flat=True))
    BrokerageMeeting.objects.filter(event=event, status=MeetingStatus.SCHEDULED).exclude(
        pk__in=kept_ids
    ).delete()
    slot_ids = {f"s{pk}": pk for pk in BrokerageSlot.objects.filter(event=event).values_list("pk", flat=True)}
    fixed = set(instance.fixed)
    priorities = {(r.sender, r.receiver): r.priority for r in instance.requests}
    met = {person for m in schedule.meetings for person in (m.a, m.b)}
    BrokerageMeeting.objects.bulk_create(
        BrokerageMeeting(
            event=event,
            a_id=int(m.a[1:]),
            b_id=int(m.b[1:]),
            slot_id=slot_ids[m.slot],
            mode=m.mode,
            table=m.table,
            run=run,
            value=meeting_value(priorities.get((m.a, m.b)), priorities.get((m.b, m.a))),
        )
        for m in schedule.meetings
        if m not in fixed
    )
    ScheduleRun.objects.filter(pk=run.pk).update(
        value=schedule.value,
        upper_bound=max(schedule.upper_bound, schedule.value),
        meetings=len(schedule.meetings),
        kept=len(instance.fixed),
        participants=len(instance.participants),
        without_meeting=[int(p.id[1:]) for p in instance.participants if p.id not in met],
        method=schedule.method[:100],
        seconds=round(seconds, 3),
    )


def _fail_run(run: ScheduleRun, message: str | Promise) -> None:
    """Mark the run failed, keeping why in both languages, for whoever reads it later in either."""
    failure_zh, failure_en = _in_both_languages(message)
    ScheduleRun.objects.filter(pk=run.pk).update(
        status=ScheduleStatus.FAILED,
        failure_zh=failure_zh,
        failure_en=failure_en,
        finished_at=timezone.now(),
        heartbeat_at=timezone.now(),
    )


@transaction.atomic
def do_answer_meeting(
    meeting: BrokerageMeeting,
    registration: Registration,
    answer: str,
    *,
    now: datetime.datetime | None = None,
) -> BrokerageMeeting:
    """A participant answers a meeting on their agenda: they will come, or they cannot.

    When both sides will come the meeting is confirmed, and a re-run keeps it as it is. Who cannot
    come cancels it: the slot is taken off their free slots, so a re-run does not put them there
    again, and the other person is told. Answers are taken until the meeting's slot begins.
    """
    now = now or timezone.now()
    if answer not in (MeetingAnswer.CONFIRMED, MeetingAnswer.DECLINED):
        raise invalid_at("answer", _("Answer “confirmed” (you will come) or “declined” (you cannot come)."))
    meeting = (
        BrokerageMeeting.objects.select_for_update()
        .select_related("event", "slot", "a__user", "b__user")
        .get(pk=meeting.pk)
    )
    if registration.pk not in (meeting.a_id, meeting.b_id):
        raise NotFound()
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.CONFIRMED):
        raise Conflict(
            _("This meeting is %(status)s; it takes no more answers.")
            % {"status": meeting.get_status_display().lower()}
        )
    if meeting.slot.starts_at <= now:
        raise Conflict(_("This meeting has begun; tell the organiser at the desk instead."))
    side = "a_answer" if meeting.a_id == registration.pk else "b_answer"
    setattr(meeting, side, answer)
    meeting.answered_at = now
    if answer == MeetingAnswer.DECLINED:
        meeting.status = MeetingStatus.CANCELLED
        _take_slot_off(registration, meeting.slot)
    elif meeting.a_answer == meeting.b_answer == MeetingAnswer.CONFIRMED:
        meeting.status = MeetingStatus.CONFIRMED
    meeting.save(update_fields=[side, "answered_at", "status"])
    if answer == MeetingAnswer.DECLINED:
        me, other = (meeting.a, meeting.b) if meeting.a_id == registration.pk else (meeting.b, meeting.a)
        event = meeting.event
        _notify_brokerage(
            [other.user],
            kind="events.meeting_declined",
            subject=lambda: (
                _("%(person)s cannot come to your meeting at “%(event)s”")
                % {"person": me.user.get_full_name(), "event": event.title}
            ),
            template="brokerage/email/brokerage_declined.txt",
            context={"meeting": meeting, "event": event, "person": me.user},
            path=f"/events/{event.pk}/brokerage/agenda/",
            key=f"meeting-declined:{meeting.pk}",
        )
    return meeting


def _take_slot_off(registration: Registration, slot: BrokerageSlot) -> None:
    """The person is not free in this slot any more (a profile without one was free in every slot)."""
    profile, created = AgendaProfile.objects.get_or_create(registration=registration)
    if created:
        profile.available.set(BrokerageSlot.objects.filter(event_id=slot.event_id).exclude(pk=slot.pk))
    else:
        profile.available.remove(slot)


@transaction.atomic
def do_set_meeting_status(
    meeting: BrokerageMeeting, status: str, *, absent: Iterable[Registration] = ()
) -> BrokerageMeeting:
    """Mark a meeting confirmed, held, a no-show or cancelled.

    A no-show names who did not come; they are recorded as absent from the event, so a re-run
    gives them no new meetings and gives their partners other ones.
    """
    if status not in MeetingStatus.values:
        raise invalid_at(
            "status", _("Choose one of: %(choices)s.") % {"choices": ", ".join(MeetingStatus.values)}
        )
    meeting = BrokerageMeeting.objects.select_for_update().get(pk=meeting.pk)
    missing = list(absent)
    if any(person.pk not in (meeting.a_id, meeting.b_id) for person in missing):
        raise invalid_at("absent", _("Name one or both people of this meeting."))
    meeting.status = status
    meeting.save(update_fields=["status"])
    if status == MeetingStatus.NO_SHOW:
        Registration.objects.filter(
            pk__in=[person.pk for person in missing], status=RegistrationStatus.CONFIRMED
        ).update(attendance=Attendance.NO_SHOW)
    return meeting


def _notify_brokerage(
    users: Iterable[User],
    *,
    kind: str,
    subject: Any,
    template: str,
    context: dict[str, Any],
    path: str,
    key: str,
) -> None:
    """Tell people on the platform and by e-mail, in their language and time zone."""
    do_notify(users, kind=kind, subject=subject, template=template, context=context, url=path, key=key)


def _notify_agendas(event: Event, run: ScheduleRun) -> None:
    """Send each participant with a meeting their agenda, in their language and time zone."""
    meetings = list(
        BrokerageMeeting.objects.filter(event=event)
        .current()
        .select_related("slot", "a__user", "b__user")
        .order_by("slot__starts_at", "table")
    )
    agendas: dict[int, list[tuple[BrokerageMeeting, Registration]]] = {}
    people: dict[int, Registration] = {}
    for meeting in meetings:
        for me, other in ((meeting.a, meeting.b), (meeting.b, meeting.a)):
            agendas.setdefault(me.pk, []).append((meeting, other))
            people[me.pk] = me
    for registration_id, agenda in agendas.items():
        _notify_brokerage(
            [people[registration_id].user],
            kind="events.brokerage_agenda",
            subject=lambda: _("Your meetings at “%(event)s” are scheduled") % {"event": event.title},
            template="brokerage/email/brokerage_agenda.txt",
            context={"event": event, "agenda": agenda},
            path=f"/events/{event.pk}/brokerage/agenda/",
            key=f"brokerage-run:{run.pk}:{registration_id}",
        )
