"""Events and their registrations.

An event is organised by a carrier or the platform operator, possibly at an overseas station, and
is held in the venue's time zone. A registration holds a place (``confirmed``), waits for the
organiser's approval (``pending``) or for a place (``waitlisted``). ``Event.confirmed_count``
counts the confirmed places; it only changes through a conditional update, so two people can
never both take the last place (see ``actions._claim_place``).

Competitions (``hatchway.competitions``) and brokerage meetings (``hatchway.brokerage``) build on
events; this app knows neither.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hatchway.accounts.models import User, validate_time_zone
from hatchway.directory.models import Organisation, OrganisationKind, in_language
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
