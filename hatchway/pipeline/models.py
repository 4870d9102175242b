"""Interests, matches, their stages and feedback: the way from a recommendation to a recorded outcome.

The stages of each flow and the moves allowed between them are defined once, in ``PIPELINES``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation
from hatchway.listings.models import Element, Listing, ListingKind


class Pipeline(models.TextChoices):
    """The flows a match can follow; one per pair of listing kinds."""

    CAPITAL = "capital", _("Capital")
    TECHNOLOGY = "technology", _("Technology")
    TALENT = "talent", _("Talent")
    LANDING = "landing", _("Soft landing")


class MatchStage(models.TextChoices):
    INTERESTED = "interested", _("Interested")
    MEETING = "meeting", _("Meeting")
    DUE_DILIGENCE = "due_diligence", _("Due diligence")
    TERM_SHEET = "term_sheet", _("Term sheet")
    INVESTED = "invested", _("Invested")
    TRIAL = "trial", _("Trial or evaluation")
    AGREEMENT = "agreement", _("Agreement")
    LICENSED = "licensed", _("Licensed or transferred")
    INTERVIEW = "interview", _("Interview")
    OFFER = "offer", _("Offer")
    HIRED = "hired", _("Hired")
    VISIT = "visit", _("Visit")
    LANDED = "landed", _("Landed")
    LOST = "lost", _("Lost")


@dataclass(frozen=True)
class PipelineSpec:
    """The ordered stages of one flow: the first is where a match starts, the last is the win."""

    stages: tuple[str, ...]
    element: str  # the flows ledger's element a won match records
    evidence_kind: str  # the evidence a won match is recorded with
    meeting: str  # the stage that counts as "the two sides met" for the conversion KPIs

    @property
    def won(self) -> str:
        return self.stages[-1]

    def next_stages(self, stage: str) -> tuple[str, ...]:
        """One step forward, or lost; a won or lost match moves no more."""
        if stage == MatchStage.LOST or stage == self.won or stage not in self.stages:
            return ()
        following = self.stages[self.stages.index(stage) + 1]
        return (following, MatchStage.LOST)

    def reached(self, stage: str, target: str) -> bool:
        """True when ``stage`` is ``target`` or later in this pipeline (lost reaches nothing)."""
        if stage not in self.stages or target not in self.stages:
            return False
        return self.stages.index(stage) >= self.stages.index(target)


PIPELINES: dict[str, PipelineSpec] = {
    Pipeline.CAPITAL: PipelineSpec(
        stages=(
            MatchStage.INTERESTED,
            MatchStage.MEETING,
            MatchStage.DUE_DILIGENCE,
            MatchStage.TERM_SHEET,
            MatchStage.INVESTED,
        ),
        element=Element.CAPITAL,
        evidence_kind="investment_agreement",
        meeting=MatchStage.MEETING,
    ),
    Pipeline.TECHNOLOGY: PipelineSpec(
        stages=(
            MatchStage.INTERESTED,
            MatchStage.MEETING,
            MatchStage.TRIAL,
            MatchStage.AGREEMENT,
            MatchStage.LICENSED,
        ),
        element=Element.TECHNOLOGY,
        evidence_kind="technology_contract",
        meeting=MatchStage.MEETING,
    ),
    Pipeline.TALENT: PipelineSpec(
        stages=(MatchStage.INTERESTED, MatchStage.INTERVIEW, MatchStage.OFFER, MatchStage.HIRED),
        element=Element.TALENT,
        evidence_kind="employment_letter",
        meeting=MatchStage.INTERVIEW,
    ),
    Pipeline.LANDING: PipelineSpec(
        stages=(MatchStage.INTERESTED, MatchStage.VISIT, MatchStage.AGREEMENT, MatchStage.LANDED),
        element=Element.ENTERPRISE,
        evidence_kind="company_registration",
        meeting=MatchStage.VISIT,
    ),
}

WON_STAGES = frozenset(spec.won for spec in PIPELINES.values())
MEETING_STAGES = frozenset(spec.meeting for spec in PIPELINES.values())

# Each kind of listing and the kind on the other side of its flow.
COUNTERPART_KIND: dict[str, str] = {
    ListingKind.FUNDING_ASK: ListingKind.INVESTMENT_THESIS,
    ListingKind.INVESTMENT_THESIS: ListingKind.FUNDING_ASK,
    ListingKind.TECHNOLOGY_OFFER: ListingKind.TECHNOLOGY_NEED,
    ListingKind.TECHNOLOGY_NEED: ListingKind.TECHNOLOGY_OFFER,
    ListingKind.POSITION: ListingKind.TALENT_PROFILE,
    ListingKind.TALENT_PROFILE: ListingKind.POSITION,
    ListingKind.LANDING_ASK: ListingKind.LANDING_OFFER,
    ListingKind.LANDING_OFFER: ListingKind.LANDING_ASK,
}

KIND_PIPELINE: dict[str, str] = {
    ListingKind.FUNDING_ASK: Pipeline.CAPITAL,
    ListingKind.INVESTMENT_THESIS: Pipeline.CAPITAL,
    ListingKind.TECHNOLOGY_OFFER: Pipeline.TECHNOLOGY,
    ListingKind.TECHNOLOGY_NEED: Pipeline.TECHNOLOGY,
    ListingKind.POSITION: Pipeline.TALENT,
    ListingKind.TALENT_PROFILE: Pipeline.TALENT,
    ListingKind.LANDING_ASK: Pipeline.LANDING,
    ListingKind.LANDING_OFFER: Pipeline.LANDING,
}

# Which side of each flow the element leaves from (its origin); the other side is where it arrives.
ORIGIN_KINDS = frozenset(
    {
        ListingKind.INVESTMENT_THESIS,  # the money leaves the investor
        ListingKind.TECHNOLOGY_OFFER,  # the technology leaves its owner
        ListingKind.TALENT_PROFILE,  # the person leaves their country
        ListingKind.LANDING_ASK,  # the enterprise leaves for the landing place
    }
)


def _party_filter(user: User, prefix: str = "") -> Q:
    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return Q(**{f"{prefix}user": user}) | Q(**{f"{prefix}organisation__in": organisations})


class InterestQuerySet(models.QuerySet["Interest"]):
    def active(self) -> InterestQuerySet:
        return self.filter(withdrawn_at__isnull=True)

    def outgoing_for(self, user: User) -> InterestQuerySet:
        """Interests the person expressed, in person or for an organisation they belong to."""
        return self.filter(_party_filter(user))

    def incoming_for(self, user: User) -> InterestQuerySet:
        """Interests in listings the person owns, directly or through an organisation."""
        organisations = Membership.objects.filter(user=user).values("organisation_id")
        return self.filter(Q(target__owner_user=user) | Q(target__owner_organisation__in=organisations))

    def involving(self, user: User) -> InterestQuerySet:
        return self.outgoing_for(user) | self.incoming_for(user)

    def first_ones(self) -> InterestQuerySet:
        """Interests that opened a conversation (not answers to the other side's interest)."""
        return self.filter(in_reply_to__isnull=True)

    def for_display(self) -> InterestQuerySet:
        return self.select_related(
            "source__owner_organisation",
            "source__owner_user",
            "target__owner_organisation",
            "target__owner_user",
            "organisation",
            "user",
            "created_by",
        )


class Interest(models.Model):
    """One side says it would like to talk to the owner of a listing.

    The interested side is an organisation or a person (``organisation``/``user``, exactly one), acting
    with one of its listings (``source``) or without one.
    """

    source = models.ForeignKey(
        Listing,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interests_sent",
        verbose_name=_("from listing"),
    )
    target = models.ForeignKey(
        Listing, on_delete=models.CASCADE, related_name="interests_received", verbose_name=_("in listing")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interested organisation"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("interested person"),
    )
    message = models.TextField(_("message"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("expressed by"),
    )
    created_at = models.DateTimeField(_("expressed at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    match = models.ForeignKey(
        "Match",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interests",
        verbose_name=_("match"),
    )
    in_reply_to = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reply",
        verbose_name=_("in reply to"),
        help_text=_("The other side's interest this one answered, making the two a match."),
    )

    objects: ClassVar[InterestQuerySet] = InterestQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        db_table = "matching_interest"  # the table kept its name when the pipeline left matching
        verbose_name = _("interest")
        verbose_name_plural = _("interests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, user__isnull=True)
                | Q(organisation__isnull=True, user__isnull=False),
                name="interest_has_one_party",
            ),
            models.UniqueConstraint(
                fields=["source", "target"],
                condition=Q(withdrawn_at__isnull=True, source__isnull=False),
                name="interest_once_per_listing_pair",
            ),
            models.UniqueConstraint(
                fields=["organisation", "target"],
                condition=Q(withdrawn_at__isnull=True, source__isnull=True, organisation__isnull=False),
                name="interest_once_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "target"],
                condition=Q(withdrawn_at__isnull=True, source__isnull=True, user__isnull=False),
                name="interest_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id or self.organisation or self.user} → {self.target_id}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class MatchQuerySet(models.QuerySet["Match"]):
    def involving(self, user: User) -> MatchQuerySet:
        """Matches on either side of which the person stands, in person or through an organisation."""
        organisations = Membership.objects.filter(user=user).values("organisation_id")
        return self.filter(
            _party_filter(user) | Q(target__owner_user=user) | Q(target__owner_organisation__in=organisations)
        )

    def won(self) -> MatchQuerySet:
        return self.filter(stage__in=WON_STAGES)

    def for_display(self) -> MatchQuerySet:
        return self.select_related(
            "source__owner_organisation",
            "source__owner_user",
            "target__owner_organisation",
            "target__owner_user",
            "organisation",
            "user",
            "flow",
        )


class Match(models.Model):
    """Both sides are interested: the pair moves through the stages of its flow to an outcome.

    Side A is the party that expressed interest first (``organisation``/``user``, with ``source`` when it
    acted with a listing); side B is the owner of ``target``.
    """

    source = models.ForeignKey(
        Listing,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="matches_as_source",
        verbose_name=_("first side's listing"),
    )
    target = models.ForeignKey(
        Listing,
        on_delete=models.CASCADE,
        related_name="matches_as_target",
        verbose_name=_("second side's listing"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first side (organisation)"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("first side (person)"),
    )
    pipeline = models.CharField(_("flow"), max_length=16, choices=Pipeline.choices)
    stage = models.CharField(
        _("stage"), max_length=16, choices=MatchStage.choices, default=MatchStage.INTERESTED, db_index=True
    )
    value_minor = models.BigIntegerField(_("deal value (minor units)"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    flow = models.ForeignKey(
        "flows.Flow",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded flow"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("made mutual by"),
    )
    created_at = models.DateTimeField(_("matched at"), default=timezone.now)
    updated_at = models.DateTimeField(_("stage changed at"), default=timezone.now)

    objects: ClassVar[MatchQuerySet] = MatchQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        db_table = "matching_match"
        verbose_name = _("match")
        verbose_name_plural = _("matches")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, user__isnull=True)
                | Q(organisation__isnull=True, user__isnull=False),
                name="match_has_one_first_party",
            ),
            models.UniqueConstraint(
                fields=["source", "target"], condition=Q(source__isnull=False), name="match_once_per_pair"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.source_id or self.organisation or self.user} ↔ {self.target_id}"

    @property
    def spec(self) -> PipelineSpec:
        return PIPELINES[self.pipeline]

    @property
    def stages(self) -> tuple[str, ...]:
        return self.spec.stages

    @property
    def next_stages(self) -> tuple[str, ...]:
        return self.spec.next_stages(self.stage)

    @property
    def is_won(self) -> bool:
        return self.stage == self.spec.won

    @property
    def is_open(self) -> bool:
        return bool(self.next_stages)


class MatchStageChange(models.Model):
    """One move of a match from a stage to another: who, when and why."""

    match = models.ForeignKey(
        Match, on_delete=models.CASCADE, related_name="history", verbose_name=_("match")
    )
    from_stage = models.CharField(_("from stage"), max_length=16, choices=MatchStage.choices, blank=True)
    to_stage = models.CharField(_("to stage"), max_length=16, choices=MatchStage.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("by")
    )
    changed_at = models.DateTimeField(_("at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True, max_length=2000)

    class Meta:
        db_table = "matching_matchstagechange"
        verbose_name = _("stage change")
        verbose_name_plural = _("stage changes")
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.match_id}: {self.from_stage or '—'} → {self.to_stage}"


__all__ = [
    "COUNTERPART_KIND",
    "KIND_PIPELINE",
    "MEETING_STAGES",
    "ORIGIN_KINDS",
    "PIPELINES",
    "WON_STAGES",
    "Interest",
    "InterestQuerySet",
    "Match",
    "MatchQuerySet",
    "MatchStage",
    "MatchStageChange",
    "Pipeline",
    "PipelineSpec",
]
