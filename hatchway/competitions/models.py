"""Competitions with their tracks, rounds, sites, panels, rubric, entries, scores and awards.

A competition edition has tracks, rounds, and sites (赛点) per round, each site hosted by a
carrier with its judging panel. Entries are projects of enterprises; judges mark them on a rubric
of weighted criteria. A judge never sees an entry they are in conflict with: one they declared, or
one whose enterprise (or incubating carrier) they are a member of.

The tables keep the names they had when competitions were part of the events app (``events_*``):
the models moved in the migration state only, no row moved (see migrations/0001_initial.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, in_language
from hatchway.events.models import Event


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
        db_table = "events_competition"
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
        db_table = "events_track"
        verbose_name = _("track")
        verbose_name_plural = _("tracks")
        ordering = ["competition", "id"]


class Round(BilingualPart):
    competition = models.ForeignKey(Competition, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])

    class Meta:
        db_table = "events_round"
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
        db_table = "events_site"
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        ordering = ["round", "id"]


class PanelSeat(models.Model):
    site = models.ForeignKey(Site, on_delete=models.CASCADE, related_name="seats")
    judge = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="panel_seats")

    class Meta:
        db_table = "events_panelseat"
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
        db_table = "events_criterion"
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
        db_table = "events_entry"
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
        db_table = "events_conflictofinterest"
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
        db_table = "events_score"
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
        db_table = "events_award"
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["competition", "rank", "id"]
        constraints = [models.UniqueConstraint(fields=["competition", "entry", "name_en"], name="award_once")]
