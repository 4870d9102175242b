"""Events, registrations, and competitions with their sites, panels, rubric, scores and awards.

An event is organised by a carrier or the platform operator, possibly at an overseas station, and
is held in the venue's time zone. A registration holds a place (``confirmed``), waits for the
organiser's approval (``pending``) or for a place (``waitlisted``). ``Event.confirmed_count``
counts the confirmed places; it only changes through a conditional update, so two people can
never both take the last place (see ``actions._claim_place``).

A competition edition has tracks, rounds, and sites (赛点) per round, each site hosted by a
carrier with its judging panel. Entries are projects of enterprises; judges mark them on a rubric
of weighted criteria. A judge never sees an entry they are in conflict with: one they declared, or
one whose enterprise (or incubating carrier) they are a member of.
"""

from __future__ import annotations

import datetime
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hatchway.accounts.models import User, validate_time_zone
from hatchway.directory.models import Membership, Organisation, OrganisationKind, in_language
from hatchway.search import matches, search_document

# Easy to read aloud and to type at the door: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 8  # 25**8 ≈ 1.5e11 codes: unguessable within the throttled check-in form.


def new_check_in_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """Accept a code typed with spaces, dashes or in lower case."""
    return "".join(char for char in (text or "").upper() if char.isalnum())


class EventKind(models.TextChoices):
    FORUM = "forum", _("Forum")
    ROADSHOW = "roadshow", _("Roadshow")
    MATCHMAKING = "matchmaking", _("Matchmaking session")
    BROKERAGE = "brokerage", _("Brokerage event (1:1 meetings)")
    TRAINING_CAMP = "training_camp", _("Training camp")
    BOARD_MEETING = "board_meeting", _("Private board meeting")
    EXHIBITION_ZONE = "exhibition_zone", _("Exhibition zone")
    CAREER_FAIR = "career_fair", _("Career fair")
    COMPETITION = "competition", _("Competition")


class AttendanceMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("Hybrid")


class EventStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CANCELLED = "cancelled", _("Cancelled")


ORGANISER_KINDS = frozenset({OrganisationKind.CARRIER, OrganisationKind.PLATFORM})


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(status=EventStatus.PUBLISHED)

    def managed_by(self, user: User) -> EventQuerySet:
        return self.filter(organiser__memberships__user=user).distinct()

    def search(self, text: str) -> EventQuerySet:
        text = (text or "").strip()
        return self.filter(matches(text)) if text else self


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices, db_index=True)
    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="organised_events", verbose_name=_("organiser")
    )
    station = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("overseas station"),
        help_text=_("The overseas station where the event takes place, if any."),
    )
    mode = models.CharField(
        pgettext_lazy("event mode", "attendance"),
        max_length=16,
        choices=AttendanceMode.choices,
        default=AttendanceMode.ON_SITE,
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True, max_length=5000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=5000)
    venue_zh = models.CharField(_("venue (Chinese)"), max_length=300, blank=True)
    venue_en = models.CharField(_("venue (English)"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    time_zone = models.CharField(
        _("time zone of the venue"),
        max_length=64,
        default="Asia/Shanghai",
        validators=[validate_time_zone],
        help_text=_("An IANA name such as Asia/Shanghai or Europe/Berlin."),
    )
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    ends_at = models.DateTimeField(_("ends at"))
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    requires_approval = models.BooleanField(
        _("registrations need approval"),
        default=False,
        help_text=_("The organiser accepts each registration."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=EventStatus.choices, default=EventStatus.DRAFT
    )
    confirmed_count = models.PositiveIntegerField(_("confirmed places"), default=0, editable=False)
    ref = models.CharField(_("reference"), max_length=64, null=True, blank=True, unique=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_it_starts"
            ),
            models.CheckConstraint(condition=~Q(title_zh="") | ~Q(title_en=""), name="event_has_a_title"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(confirmed_count__lte=F("capacity")),
                name="event_never_over_capacity",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = search_document(
            self.title_zh,
            self.title_en,
            self.description_zh,
            self.description_en,
            self.venue_zh,
            self.venue_en,
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    @property
    def title(self) -> str:
        return in_language(self.title_zh, self.title_en)

    @property
    def description(self) -> str:
        return in_language(self.description_zh, self.description_en)

    @property
    def venue(self) -> str:
        return in_language(self.venue_zh, self.venue_en)

    @property
    def places_left(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.confirmed_count, 0)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if not self.title_zh and not self.title_en:
            errors["title_en"] = str(_("Give the event a title in Chinese, in English, or both."))
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = str(_("The event must end after it starts. Check the end time."))
        if self.organiser_id is not None:
            kind = Organisation.objects.filter(pk=self.organiser_id).values_list("kind", flat=True).first()
            if kind not in ORGANISER_KINDS:
                errors["organiser"] = str(
                    _("Choose an innovation carrier or the platform operator as organiser.")
                )
        if self.station_id is not None:
            kind = Organisation.objects.filter(pk=self.station_id).values_list("kind", flat=True).first()
            if kind != OrganisationKind.OVERSEAS_STATION:
                errors["station"] = str(_("Choose an overseas station, or leave it empty."))
        if self.mode in (AttendanceMode.ON_SITE, AttendanceMode.HYBRID) and not (
            self.venue_zh or self.venue_en
        ):
            errors["venue_en"] = str(_("An event on site needs a venue. Write the address."))
        if errors:
            raise ValidationError(errors)


class RegistrationStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting approval")
    CONFIRMED = "confirmed", _("Confirmed")
    WAITLISTED = "waitlisted", _("On the waiting list")
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


ACTIVE_STATUSES = (RegistrationStatus.PENDING, RegistrationStatus.CONFIRMED, RegistrationStatus.WAITLISTED)


class Attendance(models.TextChoices):
    UNKNOWN = "unknown", _("Not recorded")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self) -> RegistrationQuerySet:
        return self.filter(status__in=ACTIVE_STATUSES)

    def waiting(self, event: Event) -> RegistrationQuerySet:
        """The waiting list, first come first served."""
        return self.filter(event=event, status=RegistrationStatus.WAITLISTED).order_by(
            "status_changed_at", "id"
        )

    def due_for_reminder(self, now: object, until: object) -> RegistrationQuerySet:
        return self.filter(
            status=RegistrationStatus.CONFIRMED,
            reminded_at__isnull=True,
            event__status=EventStatus.PUBLISHED,
            event__starts_at__gt=now,
            event__starts_at__lte=until,
        )


class Registration(models.Model):
    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    code = models.CharField(_("check-in code"), max_length=16, unique=True, default=new_check_in_code)
    note = models.CharField(_("note to the organiser"), max_length=500, blank=True)
    registered_at = models.DateTimeField(_("registered at"))
    status_changed_at = models.DateTimeField(_("status changed at"))
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    attendance = models.CharField(
        pgettext_lazy("registration record", "attendance"),
        max_length=16,
        choices=Attendance.choices,
        default=Attendance.UNKNOWN,
    )
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["registered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="one_registration_per_person")]

    def __str__(self) -> str:
        return f"{self.user} · {self.event}"

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES


# --- competitions -----------------------------------------------------------------------------


class Competition(models.Model):
    """One edition of a competition, such as the 2026 cross-border innovation challenge."""

    organiser = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="competitions", verbose_name=_("organiser")
    )
    event = models.OneToOneField(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="competition",
        verbose_name=_("event"),
    )
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    edition = models.PositiveSmallIntegerField(_("edition (year)"), validators=[MinValueValidator(2000)])
    description_zh = models.TextField(_("description (Chinese)"), blank=True, max_length=5000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=5000)
    published = models.BooleanField(_("published"), default=False)
    ref = models.CharField(_("reference"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-edition", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.edition}"

    @property
    def name(self) -> str:
        return in_language(self.name_zh, self.name_en)


class BilingualPart(models.Model):
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_zh, self.name_en)


class Track(BilingualPart):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="tracks")

    class Meta:
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["competition", "id"]


class Round(BilingualPart):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["competition", "number"]
        constraints = [models.UniqueConstraint(fields=["competition", "number"], name="round_number_once")]


class Site(BilingualPart):
    """A site (赛点) of one round, hosted by a carrier, with its judging panel."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="sites", verbose_name=_("round"))
    host = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="competition_sites",
        verbose_name=_("host carrier"),
    )
    judges: models.ManyToManyField[User, PanelSeat] = models.ManyToManyField(
        User, through="PanelSeat", related_name="judging_sites", verbose_name=_("judges")
    )

    class Meta:
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["round", "id"]


class PanelSeat(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="seats")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_seats")

    class Meta:
        verbose_name = _("panel seat")
        verbose_name_plural = _("panel seats")
        constraints = [models.UniqueConstraint(fields=["site", "judge"], name="one_seat_per_judge_and_site")]

    def __str__(self) -> str:
        return f"{self.judge} · {self.site}"


class Criterion(BilingualPart):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="criteria")
    weight = models.PositiveSmallIntegerField(_("weight"), default=1, validators=[MinValueValidator(1)])
    low = models.SmallIntegerField(_("lowest score"), default=0)
    high = models.SmallIntegerField(_("highest score"), default=10)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["competition", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(high__gt=F("low")), name="criterion_range_not_empty")
        ]


class EntryQuerySet(models.QuerySet["Entry"]):
    def conflicted_for(self, judge: User) -> EntryQuerySet:
        """Entries the judge declared a conflict with, or whose enterprise or its carrier employs the judge."""
        declared = ConflictOfInterest.objects.filter(judge=judge, entry=OuterRef("pk"))
        own = Membership.objects.filter(user=judge).values("organisation_id")
        return self.filter(
            Exists(declared) | Q(enterprise_id__in=own) | Q(enterprise__incubating_carrier_id__in=own)
        )

    def for_judge(self, judge: User, site: Site) -> EntryQuerySet:
        """What a judge on this site's panel marks: its entries and the round's anchors, conflicts removed."""
        if not PanelSeat.objects.filter(site=site, judge=judge).exists():
            return self.none()
        mine = self.filter(Q(site=site) | Q(anchor=True, site__round_id=site.round_id))
        return mine.exclude(pk__in=self.conflicted_for(judge).values("pk"))


class Entry(models.Model):
    """A project of an enterprise, entered in a track, now at a site of its current round."""

    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="entries")
    track = models.ForeignKey(
        Track, on_delete=models.PROTECT, related_name="entries", verbose_name=_("track")
    )
    enterprise = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="competition_entries",
        verbose_name=_("enterprise"),
    )
    title_zh = models.CharField(_("project (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("project (English)"), max_length=200, blank=True)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True, max_length=3000)
    summary_en = models.TextField(_("summary (English)"), blank=True, max_length=3000)
    site = models.ForeignKey(Site, on_delete=models.PROTECT, related_name="entries", verbose_name=_("site"))
    anchor = models.BooleanField(
        _("anchor entry"),
        default=False,
        help_text=_(
            "Marked by every panel of its round, so that the sites can be calibrated against each other."
        ),
    )
    eliminated = models.BooleanField(_("eliminated"), default=False)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["competition", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_zh, self.title_en)


class ConflictOfInterest(models.Model):
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    declared_at = models.DateTimeField(_("declared at"))

    class Meta:
        verbose_name = _("conflict of interest")
        verbose_name_plural = _("conflicts of interest")
        constraints = [
            models.UniqueConstraint(fields=["judge", "entry"], name="one_conflict_per_judge_and_entry")
        ]

    def __str__(self) -> str:
        return f"{self.judge} ✕ {self.entry}"


class Score(models.Model):
    """One judge's mark on one criterion for one entry, given on one site's panel."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="scores")
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.SmallIntegerField(
        _("score"), validators=[MinValueValidator(-1000), MaxValueValidator(1000)]
    )
    scored_at = models.DateTimeField(_("scored at"))

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "site", "judge", "criterion"], name="one_score_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.judge} · {self.entry} · {self.criterion}: {self.value}"


class Award(BilingualPart):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="awards")
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="awards", verbose_name=_("entry"))
    rank = models.PositiveSmallIntegerField(_("rank"), default=1)
    settled_in = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="settled_awards",
        verbose_name=_("settled in carrier"),
    )
    settled_on = models.DateField(_("settled on"), null=True, blank=True)
    flow_id = models.PositiveBigIntegerField(_("flow"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["competition", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "entry", "name_en"], name="award_once")]


# --- brokerage meetings -------------------------------------------------------------------------


class MeetingPreference(models.TextChoices):
    ONSITE = "onsite", _("On site")
    ONLINE = "online", _("Online")
    EITHER = "either", _("On site or online")


class Priority(models.IntegerChoices):
    COULD = 1, _("Could meet")
    SHOULD = 2, _("Should meet")
    MUST = 3, _("Must meet")


class BrokerageSlot(models.Model):
    """A time slot of a brokerage event in which each participant holds at most one meeting."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="brokerage_slots", verbose_name=_("event")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("meeting slot")
        verbose_name_plural = _("meeting slots")
        ordering = ["event", "starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="brokerage_slot_ends_after_it_starts"
            )
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"

    @property
    def key(self) -> str:
        """The slot's id in the scheduler's instance."""
        return f"s{self.pk}"


class BrokerageSetting(models.Model):
    """How many tables a brokerage event has for meetings on site."""

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="brokerage", verbose_name=_("event")
    )
    tables = models.PositiveIntegerField(_("tables"), default=0, validators=[MaxValueValidator(10_000)])

    class Meta:
        verbose_name = _("brokerage setting")
        verbose_name_plural = _("brokerage settings")

    def __str__(self) -> str:
        return f"{self.event} · {self.tables}"


class AgendaProfile(models.Model):
    """What a participant of a brokerage event tells the others, and when and how they can meet."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="agenda_profile", verbose_name=_("registration")
    )
    pitch_zh = models.TextField(_("pitch (Chinese)"), blank=True, max_length=1000)
    pitch_en = models.TextField(_("pitch (English)"), blank=True, max_length=1000)
    listings = models.ManyToManyField(
        "listings.Listing", blank=True, related_name="agenda_profiles", verbose_name=_("listings")
    )
    mode = models.CharField(
        _("meeting mode"), max_length=8, choices=MeetingPreference.choices, default=MeetingPreference.EITHER
    )
    languages = models.CharField(
        _("languages"),
        max_length=100,
        blank=True,
        help_text=_("Languages you can meet in, such as zh, en, de."),
    )
    available = models.ManyToManyField(
        BrokerageSlot, blank=True, related_name="available_profiles", verbose_name=_("available slots")
    )
    max_meetings = models.PositiveSmallIntegerField(
        _("most meetings"), null=True, blank=True, help_text=_("Leave empty for as many as there are slots.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("agenda profile")
        verbose_name_plural = _("agenda profiles")

    def __str__(self) -> str:
        return str(self.registration)

    @property
    def pitch(self) -> str:
        return in_language(self.pitch_zh, self.pitch_en)

    @property
    def language_list(self) -> list[str]:
        return [item for item in self.languages.replace(",", " ").split() if item]


class MeetingRequestStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class MeetingRequest(models.Model):
    """One participant asks another for a meeting; accepted, it is scheduled with both priorities."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="meeting_requests", verbose_name=_("event")
    )
    sender = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="sent_requests", verbose_name=_("from")
    )
    receiver = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="received_requests", verbose_name=_("to")
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)
    reply_priority = models.PositiveSmallIntegerField(
        _("priority of the reply"), choices=Priority.choices, null=True, blank=True
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=MeetingRequestStatus.choices,
        default=MeetingRequestStatus.REQUESTED,
    )
    created_at = models.DateTimeField(_("requested at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["event", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sender", "receiver"], name="one_request_per_pair"),
            models.CheckConstraint(condition=~Q(sender=F("receiver")), name="no_request_to_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.receiver}"


class MeetingAnswer(models.TextChoices):
    """A participant's answer to a scheduled meeting on their agenda."""

    PENDING = "pending", _("Not answered yet")
    CONFIRMED = "confirmed", _("Will come")
    DECLINED = "declined", _("Cannot come")


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Scheduled")
    CONFIRMED = "confirmed", _("Confirmed")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")
    CANCELLED = "cancelled", _("Cancelled")


# A re-run keeps these meetings as they are and schedules the rest around them.
KEPT_MEETING_STATUSES = (MeetingStatus.CONFIRMED, MeetingStatus.HELD)


class ScheduleStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Computing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ScheduleStage(models.TextChoices):
    """Where a running computation is; each stage has a share of the progress bar."""

    QUEUED = "queued", _("Waiting for a worker")
    LOADING = "loading", _("Reading participants, requests and kept meetings")
    BOUND = "bound", _("Computing the upper bound")
    PAIRS = "pairs", _("Choosing who meets whom")
    SLOTS = "slots", _("Placing meetings in slots and at tables")
    EXACT = "exact", _("Proving the best schedule")
    STORING = "storing", _("Checking and storing the meetings")
    NOTIFYING = "notifying", _("Sending the agendas")
    DONE = "done", _("Done")


STAGE_PERCENT: dict[str, int] = {
    ScheduleStage.QUEUED: 0,
    ScheduleStage.LOADING: 5,
    ScheduleStage.BOUND: 15,
    ScheduleStage.PAIRS: 35,
    ScheduleStage.SLOTS: 55,
    ScheduleStage.EXACT: 70,
    ScheduleStage.STORING: 90,
    ScheduleStage.NOTIFYING: 95,
    ScheduleStage.DONE: 100,
}

# A run queued or computing with no word from its worker for this long has died (killed, restarted).
SCHEDULE_STALE_AFTER = datetime.timedelta(minutes=10)


class ScheduleRunQuerySet(models.QuerySet["ScheduleRun"]):
    def done(self) -> ScheduleRunQuerySet:
        return self.filter(status=ScheduleStatus.DONE)

    def in_progress(self) -> ScheduleRunQuerySet:
        return self.filter(status__in=(ScheduleStatus.QUEUED, ScheduleStatus.RUNNING))


class ScheduleRun(models.Model):
    """One computation of a brokerage event's schedule: its progress, how good it is, who asked for it.

    It is queued by the organiser and computed by a background worker (django-tasks), which records
    its stage as it goes and, should it fail, the failure in words; the row stays visible either way.
    """

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="schedule_runs", verbose_name=_("event")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ScheduleStatus.choices, default=ScheduleStatus.QUEUED
    )
    stage = models.CharField(
        _("stage"), max_length=16, choices=ScheduleStage.choices, default=ScheduleStage.QUEUED
    )
    # Why it failed, written in both languages when it failed, shown in the reader's (as notices are).
    failure_zh = models.TextField(_("failure (Chinese)"), blank=True)
    failure_en = models.TextField(_("failure (English)"), blank=True)
    time_limit = models.FloatField(_("time limit (seconds)"), default=60.0)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    value = models.PositiveIntegerField(_("value"), default=0)
    upper_bound = models.PositiveIntegerField(_("upper bound"), default=0)
    meetings = models.PositiveIntegerField(_("meetings"), default=0)
    kept = models.PositiveIntegerField(_("meetings kept"), default=0)
    without_meeting = models.JSONField(_("participants without a meeting"), default=list)
    method = models.CharField(_("method"), max_length=100, blank=True)
    seconds = models.FloatField(_("seconds"), default=0)
    computed_at = models.DateTimeField(
        _("computed as of"),
        help_text=_("The moment the schedule is computed for: slots begun by then take no new meetings."),
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last progress at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("computed by"),
    )

    objects = ScheduleRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("schedule run")
        verbose_name_plural = _("schedule runs")
        ordering = ["event", "-computed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event} · {self.value}/{self.upper_bound}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ScheduleStatus.DONE, ScheduleStatus.FAILED)

    @property
    def failure(self) -> str:
        """Why the run failed (or what went wrong after storing it), in the active language; empty if nothing."""
        return in_language(self.failure_zh, self.failure_en)

    def is_stale(self, now: datetime.datetime) -> bool:
        """Queued or computing, but no worker has reported for a while (it died half-way)."""
        last = self.heartbeat_at or self.computed_at
        return not self.is_finished and now - last > SCHEDULE_STALE_AFTER + datetime.timedelta(
            seconds=self.time_limit
        )

    @property
    def percent(self) -> int:
        return STAGE_PERCENT.get(self.stage, 0)

    @property
    def quality(self) -> float:
        """The share of the upper bound reached, 1.0 when nothing could be scheduled at all."""
        return self.value / self.upper_bound if self.upper_bound else 1.0

    @property
    def quality_percent(self) -> float:
        return round(100 * self.quality, 1)


class BrokerageMeetingQuerySet(models.QuerySet["BrokerageMeeting"]):
    def current(self) -> BrokerageMeetingQuerySet:
        return self.exclude(status=MeetingStatus.CANCELLED)

    def of_registration(self, registration: Registration) -> BrokerageMeetingQuerySet:
        return self.filter(Q(a=registration) | Q(b=registration))


class BrokerageMeeting(models.Model):
    """A meeting of two participants in a slot, on site at a table or online."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="brokerage_meetings", verbose_name=_("event")
    )
    a = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="meetings_as_a", verbose_name=_("participant")
    )
    b = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="meetings_as_b", verbose_name=_("participant")
    )
    slot = models.ForeignKey(
        BrokerageSlot, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("slot")
    )
    mode = models.CharField(_("mode"), max_length=8, choices=MeetingPreference.choices[:2])
    table = models.PositiveIntegerField(_("table"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    run = models.ForeignKey(
        ScheduleRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("run")
    )
    value = models.PositiveSmallIntegerField(_("value"), default=0)
    # Each side answers on their agenda; both confirming makes the meeting confirmed (kept by a re-run).
    a_answer = models.CharField(
        _("answer of the first participant"),
        max_length=16,
        choices=MeetingAnswer.choices,
        default=MeetingAnswer.PENDING,
    )
    b_answer = models.CharField(
        _("answer of the second participant"),
        max_length=16,
        choices=MeetingAnswer.choices,
        default=MeetingAnswer.PENDING,
    )
    answered_at = models.DateTimeField(_("last answered at"), null=True, blank=True)

    objects = BrokerageMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("brokerage meeting")
        verbose_name_plural = _("brokerage meetings")
        ordering = ["event", "slot__starts_at", "table", "id"]
        constraints = [models.CheckConstraint(condition=~Q(a=F("b")), name="meeting_of_two_people")]

    def __str__(self) -> str:
        return f"{self.a} × {self.b} · {self.slot}"

    def other(self, registration: Registration) -> Registration:
        return self.b if self.a_id == registration.pk else self.a

    def answer_of(self, registration: Registration) -> str:
        return self.a_answer if self.a_id == registration.pk else self.b_answer
