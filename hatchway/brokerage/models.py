"""Brokerage meetings: slots, tables, agenda profiles, meeting requests, schedule runs and meetings.

A brokerage is an event of kind ``brokerage``; its participants are the event's confirmed
registrations. The tables keep the names they had when brokerage was part of the events app
(``events_*``): the models moved in the migration state only, no row moved (see
migrations/0001_initial.py).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from hatchway.directory.models import in_language
from hatchway.events.models import Event, Registration


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
        db_table = "events_brokerageslot"
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
        db_table = "events_brokeragesetting"
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
        db_table = "events_agendaprofile"
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
        db_table = "events_meetingrequest"
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
        db_table = "events_schedulerun"
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
        db_table = "events_brokeragemeeting"
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
