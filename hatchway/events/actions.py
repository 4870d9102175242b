"""Verbs that change events, registrations and competitions. Each owns its transaction.

Places are taken with one conditional UPDATE (``_claim_place``): the database itself refuses the
increment once ``confirmed_count`` reaches ``capacity``, so two people registering for the last
place at the same moment cannot both get it, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime
import logging
import time
from collections.abc import Iterable, Mapping
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hatchway.accounts.models import User
from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role
from hatchway.errors import Conflict, HatchwayError, InvalidInput, NotFound
from hatchway.events.models import (
    KEPT_MEETING_STATUSES,
    AgendaProfile,
    Attendance,
    Award,
    BrokerageMeeting,
    BrokerageSetting,
    BrokerageSlot,
    Competition,
    ConflictOfInterest,
    Criterion,
    Entry,
    Event,
    EventKind,
    EventStatus,
    MeetingAnswer,
    MeetingPreference,
    MeetingRequest,
    MeetingRequestStatus,
    MeetingStatus,
    PanelSeat,
    Priority,
    Registration,
    RegistrationStatus,
    Round,
    ScheduleRun,
    ScheduleStage,
    ScheduleStatus,
    Score,
    Site,
    Track,
    normalise_code,
)
from hatchway.events.scheduler import (
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
from hatchway.notices.actions import do_notify

logger = logging.getLogger(__name__)

REMINDER_AHEAD = datetime.timedelta(hours=24)


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(f"{field}: {message}", errors=[{"location": f"body.{field}", "message": message}])


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


# --- events -------------------------------------------------------------------------------------


@transaction.atomic
def do_create_event(**fields: Any) -> Event:
    """Create an event (a draft unless a status is given), checked against its rules."""
    event = Event(**fields)
    event.full_clean(exclude=["confirmed_count"])
    event.save()
    return event


@transaction.atomic
def do_update_event(event: Event, **fields: Any) -> Event:
    """Change an event; a larger capacity promotes people from the waiting list."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    for name, value in fields.items():
        setattr(event, name, value)
    if event.capacity is not None and event.capacity < event.confirmed_count:
        raise _invalid(
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
        raise _invalid(
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
        raise _invalid(
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


# --- competitions -------------------------------------------------------------------------------


def _clean_save(instance: Any) -> Any:
    try:
        instance.full_clean()
    except ValidationError as error:
        raise error
    instance.save()
    return instance


@transaction.atomic
def do_create_competition(*, organiser: Organisation, **fields: Any) -> Competition:
    if organiser.kind not in (OrganisationKind.CARRIER, OrganisationKind.PLATFORM):
        raise _invalid("organiser", _("Choose an innovation carrier or the platform operator as organiser."))
    if not fields.get("name_zh") and not fields.get("name_en"):
        raise _invalid("name_en", _("Give the competition a name in Chinese, in English, or both."))
    _check_competition_event(organiser, fields.get("event"))
    return _clean_save(Competition(organiser=organiser, **fields))


@transaction.atomic
def do_add_track(competition: Competition, *, name_zh: str = "", name_en: str = "") -> Track:
    _check_named(name_zh, name_en, _("Give the track a name in Chinese, in English, or both."))
    return _clean_save(Track(competition=competition, name_zh=name_zh, name_en=name_en))


@transaction.atomic
def do_add_round(competition: Competition, *, number: int, name_zh: str = "", name_en: str = "") -> Round:
    _check_named(name_zh, name_en, _("Give the round a name in Chinese, in English, or both."))
    if Round.objects.filter(competition=competition, number=number).exists():
        raise _invalid(
            "number", _("Round %(number)s exists already. Choose another number.") % {"number": number}
        )
    return _clean_save(Round(competition=competition, number=number, name_zh=name_zh, name_en=name_en))


@transaction.atomic
def do_add_site(round_: Round, *, host: Organisation, name_zh: str = "", name_en: str = "") -> Site:
    if host.kind != OrganisationKind.CARRIER:
        raise _invalid("host", _("A site is hosted by an innovation carrier. Choose a carrier."))
    _check_named(name_zh, name_en, _("Give the site a name in Chinese, in English, or both."))
    return _clean_save(Site(round=round_, host=host, name_zh=name_zh, name_en=name_en))


@transaction.atomic
def do_seat_judge(site: Site, judge: User) -> PanelSeat:
    """Put a judge on a site's panel; only people holding the judge role may sit."""
    if not Membership.objects.filter(user=judge, role=Role.JUDGE).exists():
        raise _invalid(
            "judge", _("%(person)s does not hold the judge role. Grant it first.") % {"person": judge}
        )
    seat, _created = PanelSeat.objects.get_or_create(site=site, judge=judge)
    return seat


@transaction.atomic
def do_seat_new_judge(site: Site, person: User) -> PanelSeat:
    """Give a person the judge role if they lack it, and seat them on the panel, in one transaction."""
    if not Membership.objects.filter(user=person, role=Role.JUDGE).exists():
        do_grant_role(person, Role.JUDGE, None)
    return do_seat_judge(site, person)


@transaction.atomic
def do_add_criterion(
    competition: Competition,
    *,
    name_zh: str = "",
    name_en: str = "",
    weight: int = 1,
    low: int = 0,
    high: int = 10,
) -> Criterion:
    _check_named(name_zh, name_en, _("Name the criterion in Chinese, in English, or both."))
    if high <= low:
        raise _invalid("high", _("The highest score must be above the lowest (%(low)s).") % {"low": low})
    _check_rubric_open(competition.pk)
    return _clean_save(
        Criterion(
            competition=competition, name_zh=name_zh, name_en=name_en, weight=weight, low=low, high=high
        )
    )


@transaction.atomic
def do_enter_project(
    *, track: Track, site: Site, enterprise: Organisation, anchor: bool = False, **fields: Any
) -> Entry:
    """Enter an enterprise's project in a track, at a site of the competition's first round."""
    if enterprise.kind != OrganisationKind.ENTERPRISE:
        raise _invalid("enterprise", _("Entries are projects of enterprises. Choose an enterprise."))
    if site.round.competition_id != track.competition_id:
        raise _invalid("site", _("This site belongs to another competition."))
    if not fields.get("title_zh") and not fields.get("title_en"):
        raise _invalid("title_en", _("Give the project a title in Chinese, in English, or both."))
    return _clean_save(
        Entry(
            competition_id=track.competition_id,
            track=track,
            site=site,
            enterprise=enterprise,
            anchor=anchor,
            **fields,
        )
    )


def _check_named(name_zh: str, name_en: str, message: str, field: str = "name_en") -> None:
    if not (name_zh or "").strip() and not (name_en or "").strip():
        raise _invalid(field, message)


def _check_competition_event(
    organiser: Organisation, event: Event | None, competition: Competition | None = None
) -> None:
    """A competition belongs to at most one event of kind competition, organised by the same organiser."""
    if event is None:
        return
    if event.kind != EventKind.COMPETITION or event.organiser_id != organiser.pk:
        raise _invalid(
            "event",
            _("Choose an event of kind competition organised by %(organiser)s.") % {"organiser": organiser},
        )
    taken = Competition.objects.filter(event=event)
    if competition is not None:
        taken = taken.exclude(pk=competition.pk)
    if taken.exists():
        raise _invalid("event", _("Another competition already belongs to this event. Choose another event."))


COMPETITION_FIELDS = frozenset(
    {"event", "name_zh", "name_en", "edition", "description_zh", "description_en", "published"}
)


@transaction.atomic
def do_update_competition(competition: Competition, **fields: Any) -> Competition:
    """Change an edition's names, description, year, event or publication; the organiser never changes."""
    unknown = set(fields) - COMPETITION_FIELDS
    if unknown:
        raise _invalid(sorted(unknown)[0], _("This field cannot be changed here."))
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    for name, value in fields.items():
        setattr(competition, name, value)
    _check_named(
        competition.name_zh,
        competition.name_en,
        _("Give the competition a name in Chinese, in English, or both."),
    )
    _check_competition_event(competition.organiser, competition.event, competition)
    return _clean_save(competition)


def _check_part_of(competition_id: int, part: Any, field: str) -> None:
    if part is not None and part.competition_id != competition_id:
        raise _invalid(field, _("Choose one of this competition's own parts."))


def _update_named(instance: Any, message: str, fields: Mapping[str, Any], allowed: Iterable[str]) -> Any:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise _invalid(sorted(unknown)[0], _("This field cannot be changed here."))
    for name, value in fields.items():
        setattr(instance, name, value)
    _check_named(instance.name_zh, instance.name_en, message)
    return _clean_save(instance)


@transaction.atomic
def do_update_track(track: Track, **fields: Any) -> Track:
    return _update_named(
        track, _("Give the track a name in Chinese, in English, or both."), fields, ("name_zh", "name_en")
    )


@transaction.atomic
def do_update_round(round_: Round, **fields: Any) -> Round:
    number = fields.get("number")
    if (
        number is not None
        and Round.objects.filter(competition_id=round_.competition_id, number=number)
        .exclude(pk=round_.pk)
        .exists()
    ):
        raise _invalid(
            "number", _("Round %(number)s exists already. Choose another number.") % {"number": number}
        )
    if number is not None and number != round_.number and Score.objects.filter(site__round=round_).exists():
        raise _invalid(
            "number", _("Judges have marked entries in this round; its number can no longer change.")
        )
    return _update_named(
        round_,
        _("Give the round a name in Chinese, in English, or both."),
        fields,
        ("number", "name_zh", "name_en"),
    )


@transaction.atomic
def do_update_site(site: Site, **fields: Any) -> Site:
    host = fields.get("host")
    if host is not None and host.kind != OrganisationKind.CARRIER:
        raise _invalid("host", _("A site is hosted by an innovation carrier. Choose a carrier."))
    return _update_named(
        site,
        _("Give the site a name in Chinese, in English, or both."),
        fields,
        ("host", "name_zh", "name_en"),
    )


@transaction.atomic
def do_unseat_judge(seat: PanelSeat) -> None:
    """Take a judge off a panel; refused once they have marked entries there (their marks count)."""
    if Score.objects.filter(site_id=seat.site_id, judge_id=seat.judge_id).exists():
        raise Conflict(
            _("%(person)s has already marked entries on this panel; their marks count, so they stay seated.")
            % {"person": seat.judge}
        )
    seat.delete()


def _check_rubric_open(competition_id: int) -> None:
    if Score.objects.filter(criterion__competition_id=competition_id).exists():
        raise Conflict(_("Judges have started marking; the rubric can no longer change."))


@transaction.atomic
def do_update_criterion(criterion: Criterion, **fields: Any) -> Criterion:
    """Change a criterion's names, weight or range, until the first mark is given."""
    _check_rubric_open(criterion.competition_id)
    low = fields.get("low", criterion.low)
    high = fields.get("high", criterion.high)
    if high <= low:
        raise _invalid("high", _("The highest score must be above the lowest (%(low)s).") % {"low": low})
    return _update_named(
        criterion,
        _("Name the criterion in Chinese, in English, or both."),
        fields,
        ("name_zh", "name_en", "weight", "low", "high"),
    )


@transaction.atomic
def do_remove_criterion(criterion: Criterion) -> None:
    _check_rubric_open(criterion.competition_id)
    criterion.delete()


@transaction.atomic
def do_remove_track(track: Track) -> None:
    """Remove a track no entry is in."""
    entries = Entry.objects.filter(track=track).count()
    if entries:
        raise Conflict(
            _("%(count)s entries are in the track “%(name)s”; move them to another track first.")
            % {"count": entries, "name": track.name}
        )
    track.delete()


@transaction.atomic
def do_remove_site(site: Site) -> None:
    """Remove a site that has neither entries nor marks; its panel goes with it."""
    entries = Entry.objects.filter(site=site).count()
    if entries:
        raise Conflict(
            _("%(count)s entries are at the site “%(name)s”; move or withdraw them first.")
            % {"count": entries, "name": site.name}
        )
    if Score.objects.filter(site=site).exists():
        raise Conflict(
            _("Judges have marked entries at the site “%(name)s”; it stays on record.") % {"name": site.name}
        )
    site.delete()


@transaction.atomic
def do_remove_round(round_: Round) -> None:
    """Remove a round none of whose sites has entries or marks; its empty sites and panels go with it."""
    entries = Entry.objects.filter(site__round=round_).count()
    if entries:
        raise Conflict(
            _("%(count)s entries are at the sites of round %(number)s; move or withdraw them first.")
            % {"count": entries, "number": round_.number}
        )
    if Score.objects.filter(site__round=round_).exists():
        raise Conflict(
            _("Judges have marked entries in round %(number)s; it stays on record.")
            % {"number": round_.number}
        )
    round_.delete()


def first_round(competition: Competition) -> Round | None:
    return Round.objects.filter(competition=competition).order_by("number").first()


def entries_closed_reason(competition: Competition, now: datetime.datetime) -> str:
    """Why enterprises cannot enter a project themselves now; empty when the competition is open for entries.

    Open means: published, with a track and a site in its first round, before its event starts (when it
    has one), and before any judge has given a mark.
    """
    if not competition.published:
        return _("This competition is not published yet.")
    if not Track.objects.filter(competition=competition).exists():
        return _("This competition has no track yet.")
    round_ = first_round(competition)
    if round_ is None or not Site.objects.filter(round=round_).exists():
        return _("This competition has no site in its first round yet.")
    if (
        competition.event_id is not None
        and Event.objects.filter(pk=competition.event_id, starts_at__lte=now).exists()
    ):
        return _("The competition has started; entries are closed.")
    if Score.objects.filter(entry__competition=competition).exists():
        return _("Judging has started; entries are closed.")
    return ""


@transaction.atomic
def do_submit_entry(
    *,
    track: Track,
    site: Site,
    enterprise: Organisation,
    now: datetime.datetime | None = None,
    **fields: Any,
) -> Entry:
    """An enterprise enters its own project, at a site of the first round, while entries are open."""
    competition = Competition.objects.select_for_update().get(pk=track.competition_id)
    closed = entries_closed_reason(competition, now or timezone.now())
    if closed:
        raise Conflict(closed)
    round_ = first_round(competition)
    if round_ is None or site.round_id != round_.pk:
        raise _invalid("site", _("Choose a site of the first round."))
    titles = [title for title in (fields.get("title_zh"), fields.get("title_en")) if title]
    if (
        Entry.objects.filter(competition=competition, enterprise=enterprise)
        .filter(Q(title_zh__in=titles) | Q(title_en__in=titles))
        .exists()
    ):
        raise _invalid("title_en", _("Your enterprise has already entered a project with this title."))
    return do_enter_project(track=track, site=site, enterprise=enterprise, **fields)


ENTRY_FIELDS = frozenset({"track", "site", "title_zh", "title_en", "summary_zh", "summary_en", "anchor"})


@transaction.atomic
def do_update_entry(entry: Entry, **fields: Any) -> Entry:
    """Change an entry's project, track, site or anchor flag; it moves site only before it is marked."""
    unknown = set(fields) - ENTRY_FIELDS
    if unknown:
        raise _invalid(sorted(unknown)[0], _("This field cannot be changed here."))
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    _check_part_of(entry.competition_id, fields.get("track"), "track")
    site = fields.get("site")
    if site is not None and site.round.competition_id != entry.competition_id:
        raise _invalid("site", _("This site belongs to another competition."))
    if site is not None and site.pk != entry.site_id and Score.objects.filter(entry=entry).exists():
        raise _invalid("site", _("Judges have marked this entry; it moves on only by advancement."))
    for name, value in fields.items():
        setattr(entry, name, value)
    _check_named(
        entry.title_zh,
        entry.title_en,
        _("Give the project a title in Chinese, in English, or both."),
        "title_en",
    )
    return _clean_save(entry)


@transaction.atomic
def do_withdraw_entry(entry: Entry) -> None:
    """Remove an entry that has neither marks nor awards."""
    if Score.objects.filter(entry=entry).exists() or Award.objects.filter(entry=entry).exists():
        raise Conflict(_("This entry has marks or an award; it stays on record. Mark it eliminated instead."))
    entry.delete()


@transaction.atomic
def do_declare_conflict(
    judge: User, entry: Entry, *, reason: str = "", now: datetime.datetime | None = None
) -> ConflictOfInterest:
    """Record that a judge must not mark an entry; marks already given by the judge are withdrawn."""
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        judge=judge, entry=entry, defaults={"reason": reason[:300], "declared_at": now or timezone.now()}
    )
    Score.objects.filter(judge=judge, entry=entry).delete()
    return conflict


@transaction.atomic
def do_score_entry(
    judge: User, site: Site, entry: Entry, marks: Mapping[int, int], *, now: datetime.datetime | None = None
) -> list[Score]:
    """Record (or correct) a judge's marks on every criterion of the rubric for one entry."""
    now = now or timezone.now()
    if not Entry.objects.for_judge(judge, site).filter(pk=entry.pk).exists():
        raise NotFound()
    criteria = list(Criterion.objects.filter(competition_id=entry.competition_id))
    errors = []
    for criterion in criteria:
        value = marks.get(criterion.pk)
        location = f"body.marks.{criterion.pk}"
        if value is None:
            errors.append({"location": location, "message": _("Mark “%(name)s”.") % {"name": criterion.name}})
        elif not criterion.low <= value <= criterion.high:
            errors.append(
                {
                    "location": location,
                    "message": _(
                        "“%(name)s” takes a whole number from %(low)s to %(high)s; %(value)s is outside."
                    )
                    % {"name": criterion.name, "low": criterion.low, "high": criterion.high, "value": value},
                }
            )
    unknown = set(marks) - {criterion.pk for criterion in criteria}
    for key in sorted(unknown):
        errors.append(
            {"location": f"body.marks.{key}", "message": _("This is not a criterion of the rubric.")}
        )
    if errors:
        raise InvalidInput("; ".join(str(error["message"]) for error in errors), errors=errors)
    scores = []
    for criterion in criteria:
        score, _created = Score.objects.update_or_create(
            entry=entry,
            site=site,
            judge=judge,
            criterion=criterion,
            defaults={"value": marks[criterion.pk], "scored_at": now},
        )
        scores.append(score)
    return scores


@transaction.atomic
def do_advance_entries(entries: Iterable[Entry], to_site: Site) -> int:
    """Move entries to a site of the next round; the others of their round stay behind, eliminated."""
    chosen = list(entries)
    if not chosen:
        return 0
    rounds = {entry.site.round for entry in chosen}
    if len(rounds) != 1:
        raise _invalid("entries", _("Advance entries of one round at a time."))
    from_round = rounds.pop()
    if (
        to_site.round.competition_id != from_round.competition_id
        or to_site.round.number != from_round.number + 1
    ):
        raise _invalid("site", _("Choose a site of round %(number)s.") % {"number": from_round.number + 1})
    ids = [entry.pk for entry in chosen]
    Entry.objects.filter(pk__in=ids).update(site=to_site, eliminated=False, anchor=False)
    Entry.objects.filter(site__round=from_round).exclude(pk__in=ids).update(eliminated=True)
    return len(ids)


@transaction.atomic
def do_give_award(entry: Entry, *, name_zh: str = "", name_en: str = "", rank: int = 1) -> Award:
    if not name_zh and not name_en:
        raise _invalid("name_en", _("Name the award in Chinese, in English, or both."))
    return Award.objects.create(
        competition_id=entry.competition_id, entry=entry, name_zh=name_zh, name_en=name_en, rank=rank
    )


def record_settlement_flow(entry: Entry, carrier: Organisation, settled_on: datetime.date) -> Any:
    """Record in the flows ledger that a competition project settled in an incubator: a "project" flow.

    Calls ``hatchway.flows.actions.do_record_flow`` when the ledger is installed; returns the flow,
    or None when there is no ledger or the project did not cross a border (a mainland enterprise
    settling in a mainland carrier).
    """
    try:
        from hatchway.flows.actions import do_record_flow
    except ImportError:  # the ledger is not part of this installation
        return None
    enterprise = entry.enterprise
    if enterprise.country == carrier.country:
        return None
    return do_record_flow(
        element="project",
        direction="inbound" if carrier.country == "CN" else "outbound",
        stage="completed",
        origin_country=enterprise.country,
        destination_country=carrier.country,
        occurred_on=settled_on,
        evidence_kind="settlement_agreement",
        evidence_number=f"competition-{entry.competition_id}-entry-{entry.pk}",
        producer_kind="event",
        producer_ref=f"competition:{entry.competition_id}",
        producer_item=f"entry:{entry.pk}",
        carrier=carrier,
        counterparties=[enterprise.display_name],
        note=f"{entry.title_en or entry.title_zh}",
    )


@transaction.atomic
def do_record_settlement(award: Award, *, carrier: Organisation, settled_on: datetime.date) -> Award:
    """Record that an awarded project settled in a carrier, and write the project flow."""
    if carrier.kind != OrganisationKind.CARRIER:
        raise _invalid("carrier", _("A project settles in an innovation carrier. Choose a carrier."))
    award = Award.objects.select_for_update().select_related("entry__enterprise").get(pk=award.pk)
    if award.settled_on is not None:
        raise Conflict(_("This project's settlement is already recorded."))
    award.settled_in = carrier
    award.settled_on = settled_on
    flow = record_settlement_flow(award.entry, carrier, settled_on)
    award.flow_id = getattr(flow, "pk", None)
    award.save(update_fields=["settled_in", "settled_on", "flow_id"])
    return award


# --- brokerage meetings -------------------------------------------------------------------------

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
            raise _invalid("tables", _("Write a number of tables from 0 to 10000."))
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
        raise _invalid(
            "mode", _("Choose one of: %(choices)s.") % {"choices": ", ".join(MeetingPreference.values)}
        )
    if max_meetings is not None and not 0 <= max_meetings <= 100:
        raise _invalid("max_meetings", _("Write a number of meetings from 0 to 100, or leave it empty."))
    slots = BrokerageSlot.objects.filter(event=event)
    if slot_ids is not None:
        wanted = set(slot_ids)
        chosen = list(slots.filter(pk__in=wanted))
        if len(chosen) != len(wanted):
            raise _invalid("slot_ids", _("Choose slots of this event."))
    else:
        chosen = list(slots)
    wanted_listings = set(listing_ids)
    listings = list(Listing.objects.owned_by(registration.user).filter(pk__in=wanted_listings))
    if len(listings) != len(wanted_listings):
        raise _invalid("listing_ids", _("Link listings of your own organisation only."))
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
        raise _invalid("to", _("You cannot request a meeting with yourself. Choose another participant."))
    if priority not in Priority.values:
        raise _invalid("priority", _("Choose the priority 3 (must), 2 (should) or 1 (could)."))
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
        template="events/email/brokerage_request.txt",
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
            raise _invalid("priority", _("Choose the priority 3 (must), 2 (should) or 1 (could)."))
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
        from hatchway.events.tasks import compute_schedule

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
        raise _invalid("answer", _("Answer “confirmed” (you will come) or “declined” (you cannot come)."))
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
            template="events/email/brokerage_declined.txt",
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
        raise _invalid(
            "status", _("Choose one of: %(choices)s.") % {"choices": ", ".join(MeetingStatus.values)}
        )
    meeting = BrokerageMeeting.objects.select_for_update().get(pk=meeting.pk)
    missing = list(absent)
    if any(person.pk not in (meeting.a_id, meeting.b_id) for person in missing):
        raise _invalid("absent", _("Name one or both people of this meeting."))
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
            template="events/email/brokerage_agenda.txt",
            context={"event": event, "agenda": agenda},
            path=f"/events/{event.pk}/brokerage/agenda/",
            key=f"brokerage-run:{run.pk}:{registration_id}",
        )
