"""Verbs that change events, registrations and competitions. Each owns its transaction.

Places are taken with one conditional UPDATE (``_claim_place``): the database itself refuses the
increment once ``confirmed_count`` reaches ``capacity``, so two people registering for the last
place at the same moment cannot both get it, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Role
from hatchway.errors import Conflict, InvalidInput, NotFound
from hatchway.events.models import (
    Attendance,
    Award,
    Competition,
    ConflictOfInterest,
    Criterion,
    Entry,
    Event,
    EventStatus,
    PanelSeat,
    Registration,
    RegistrationStatus,
    Round,
    Score,
    Site,
    Track,
    normalise_code,
)

logger = logging.getLogger(__name__)

REMINDER_AHEAD = datetime.timedelta(hours=24)


def _invalid(field: str, message: str) -> InvalidInput:
    return InvalidInput(f"{field}: {message}", errors=[{"location": f"body.{field}", "message": message}])


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
    return _clean_save(Competition(organiser=organiser, **fields))


@transaction.atomic
def do_add_track(competition: Competition, *, name_zh: str = "", name_en: str = "") -> Track:
    return _clean_save(Track(competition=competition, name_zh=name_zh, name_en=name_en))


@transaction.atomic
def do_add_round(competition: Competition, *, number: int, name_zh: str = "", name_en: str = "") -> Round:
    if Round.objects.filter(competition=competition, number=number).exists():
        raise _invalid(
            "number", _("Round %(number)s exists already. Choose another number.") % {"number": number}
        )
    return _clean_save(Round(competition=competition, number=number, name_zh=name_zh, name_en=name_en))


@transaction.atomic
def do_add_site(round_: Round, *, host: Organisation, name_zh: str = "", name_en: str = "") -> Site:
    if host.kind != OrganisationKind.CARRIER:
        raise _invalid("host", _("A site is hosted by an innovation carrier. Choose a carrier."))
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
def do_add_criterion(
    competition: Competition,
    *,
    name_zh: str = "",
    name_en: str = "",
    weight: int = 1,
    low: int = 0,
    high: int = 10,
) -> Criterion:
    if high <= low:
        raise _invalid("high", _("The highest score must be above the lowest (%(low)s).") % {"low": low})
    if Score.objects.filter(criterion__competition=competition).exists():
        raise Conflict(_("Judges have started marking; the rubric can no longer change."))
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
