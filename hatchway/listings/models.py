"""Listings: what is offered and sought, one model family for every flow."""

from __future__ import annotations

import datetime
from functools import cache
from typing import Any, ClassVar

import pycountry
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, OrganisationKind, Sector, Stage
from hatchway.directory.taxonomy import validate_country, validate_currency
from hatchway.listings.attributes import clean_attributes
from hatchway.search import matches


class Element(models.TextChoices):
    """The five innovation elements that cross borders."""

    TALENT = "talent", _("Talent")
    TECHNOLOGY = "technology", _("Technology")
    PROJECT = "project", _("Project")
    CAPITAL = "capital", _("Capital")
    ENTERPRISE = "enterprise", _("Enterprise")


class ListingKind(models.TextChoices):
    FUNDING_ASK = "funding_ask", _("Funding ask")
    INVESTMENT_THESIS = "investment_thesis", _("Investment thesis")
    TECHNOLOGY_OFFER = "technology_offer", _("Technology offer")
    TECHNOLOGY_NEED = "technology_need", _("Technology need")
    POSITION = "position", _("Position")
    TALENT_PROFILE = "talent_profile", _("Talent profile")
    LANDING_ASK = "landing_ask", _("Soft-landing ask")
    LANDING_OFFER = "landing_offer", _("Soft-landing offer")


KIND_ELEMENT: dict[str, str] = {
    ListingKind.FUNDING_ASK: Element.CAPITAL,
    ListingKind.INVESTMENT_THESIS: Element.CAPITAL,
    ListingKind.TECHNOLOGY_OFFER: Element.TECHNOLOGY,
    ListingKind.TECHNOLOGY_NEED: Element.TECHNOLOGY,
    ListingKind.POSITION: Element.TALENT,
    ListingKind.TALENT_PROFILE: Element.TALENT,
    ListingKind.LANDING_ASK: Element.ENTERPRISE,
    ListingKind.LANDING_OFFER: Element.ENTERPRISE,
}

# Which organisation kinds may own a listing of each kind; None: a person owns it (a talent).
_ALL_BUT_PLATFORM = frozenset(OrganisationKind.values) - {
    OrganisationKind.PLATFORM,
    OrganisationKind.GOVERNMENT,
}
OWNER_KINDS: dict[str, frozenset[str] | None] = {
    ListingKind.FUNDING_ASK: frozenset(
        {
            OrganisationKind.ENTERPRISE,
            OrganisationKind.CARRIER,
            OrganisationKind.UNIVERSITY,
            OrganisationKind.RESEARCH_INSTITUTE,
        }
    ),
    ListingKind.INVESTMENT_THESIS: frozenset({OrganisationKind.INVESTOR}),
    ListingKind.TECHNOLOGY_OFFER: frozenset(
        {
            OrganisationKind.ENTERPRISE,
            OrganisationKind.UNIVERSITY,
            OrganisationKind.RESEARCH_INSTITUTE,
            OrganisationKind.CARRIER,
            OrganisationKind.OVERSEAS_STATION,
        }
    ),
    ListingKind.TECHNOLOGY_NEED: frozenset(
        {OrganisationKind.ENTERPRISE, OrganisationKind.CARRIER, OrganisationKind.OVERSEAS_STATION}
    ),
    ListingKind.POSITION: _ALL_BUT_PLATFORM,
    ListingKind.TALENT_PROFILE: None,
    ListingKind.LANDING_ASK: frozenset({OrganisationKind.ENTERPRISE}),
    ListingKind.LANDING_OFFER: frozenset({OrganisationKind.CARRIER, OrganisationKind.OVERSEAS_STATION}),
}


class ListingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
    EXPIRED = "expired", _("Expired")


# The statuses from which each owner's action is allowed (expiry is the system's, not an owner's).
TRANSITIONS: dict[str, frozenset[str]] = {
    "publish": frozenset({ListingStatus.DRAFT}),
    "close": frozenset({ListingStatus.DRAFT, ListingStatus.PUBLISHED, ListingStatus.EXPIRED}),
    "renew": frozenset({ListingStatus.PUBLISHED, ListingStatus.EXPIRED}),
}


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public")
    MEMBERS = "members", _("Signed-in members only")
    ANONYMOUS = "anonymous", _("Anonymous until both sides agree")


@cache
def _language_codes() -> frozenset[str]:
    return frozenset(language.alpha_2 for language in pycountry.languages if hasattr(language, "alpha_2"))


def validate_language(code: str) -> None:
    if code not in _language_codes():
        raise ValidationError(
            _(
                "“%(value)s” is not a language code. Write the two-letter ISO 639-1 code, such as zh, en or de."
            ),
            code="invalid_language",
            params={"value": code},
        )


def validate_languages(value: Any) -> None:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_('Write a list of two-letter language codes, such as ["zh", "en"].'))
    for code in value:
        validate_language(code)


class ListingQuerySet(models.QuerySet["Listing"]):
    def of_kind(self, *kinds: str) -> ListingQuerySet:
        return self.filter(kind__in=kinds)

    def open(self, now: datetime.datetime | None = None) -> ListingQuerySet:
        """Published and not past their expiry date."""
        now = now or timezone.now()
        return self.filter(status=ListingStatus.PUBLISHED).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )

    def owned_by(self, user: User) -> ListingQuerySet:
        """Listings the person owns, directly or through an organisation they belong to."""
        return self.filter(
            Q(owner_user=user)
            | Q(owner_organisation__in=Membership.objects.filter(user=user).values("organisation_id"))
        )

    def visible_to(self, user: User | AnonymousUser | None) -> ListingQuerySet:
        """Operators see all; owners their own; signed-in people what is published; visitors public ones."""
        if not isinstance(user, User) or not user.is_active:
            return self.filter(status=ListingStatus.PUBLISHED, visibility=Visibility.PUBLIC)
        if Membership.objects.operators().filter(user=user).exists():
            return self.all()
        organisations = Membership.objects.filter(user=user).values("organisation_id")
        return self.filter(
            Q(status=ListingStatus.PUBLISHED) | Q(owner_user=user) | Q(owner_organisation__in=organisations)
        )

    def for_display(self) -> ListingQuerySet:
        return self.select_related("owner_organisation", "owner_user", "host_organisation").prefetch_related(
            "sectors", "stages", "country_rows"
        )

    def search(self, query: str) -> ListingQuerySet:
        """Listings whose words contain every word of the query, in Chinese or English."""
        query = (query or "").strip()
        return self.filter(matches(query)) if query else self

    def faceted(self, **chosen: str | None) -> ListingQuerySet:
        """Narrow to one value per facet: kind, element, status, country, sector, stage."""
        lookups = {
            "kind": "kind",
            "element": "kind__in",
            "status": "status",
            "country": "country_rows__code",
            "sector": "sectors__code",
            "stage": "stages__code",
        }
        conditions: dict[str, Any] = {}
        for facet, value in chosen.items():
            if not value:
                continue
            if facet == "element":
                conditions["kind__in"] = [kind for kind, element in KIND_ELEMENT.items() if element == value]
            else:
                conditions[lookups[facet]] = value
        return self.filter(**conditions) if conditions else self

    def facet_counts(self, **chosen: str | None) -> dict[str, list[tuple[str, int]]]:
        """Counts per value of each facet, each counted with the other facets' choices applied (5 queries)."""

        def count(facet: str, field: str) -> list[tuple[str, int]]:
            others = {name: value for name, value in chosen.items() if name != facet}
            ids = self.faceted(**others).values("pk")
            rows: Any
            if facet == "country":
                rows = ListingCountry.objects.filter(listing__in=ids).values(value=F("code"))
            else:
                rows = Listing.objects.filter(pk__in=ids).values(value=F(field))
            grouped = rows.annotate(n=Count("pk", distinct=True)).order_by("-n", "value")
            return [(row["value"], row["n"]) for row in grouped if row["value"]]

        return {
            "kind": count("kind", "kind"),
            "status": count("status", "status"),
            "country": count("country", "code"),
            "sector": count("sector", "sectors__code"),
            "stage": count("stage", "stages__code"),
        }


class Listing(models.Model):
    """Something offered or sought by an organisation (or, for a talent profile, a person)."""

    kind = models.CharField(_("kind"), max_length=32, choices=ListingKind.choices, db_index=True)
    owner_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="listings",
        verbose_name=_("owner organisation"),
    )
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="listings",
        verbose_name=_("owner (person)"),
        help_text=_("Only for talent profile listings."),
    )
    host_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_listings",
        verbose_name=_("host organisation"),
        help_text=_("For a large enterprise's open-innovation challenge: the enterprise that hosts it."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    reference = models.CharField(
        _("reference"),
        max_length=64,
        blank=True,
        db_index=True,
        help_text=_("An identifier from another system or an import; unique when given."),
    )
    title_zh = models.CharField(_("title (Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="listings", verbose_name=_("sectors"))
    stages = models.ManyToManyField(Stage, blank=True, related_name="listings", verbose_name=_("stages"))
    amount_min = models.BigIntegerField(_("amount from (minor units)"), null=True, blank=True)
    amount_max = models.BigIntegerField(_("amount up to (minor units)"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True, validators=[validate_currency])
    languages = models.JSONField(_("languages"), default=list, blank=True, validators=[validate_languages])
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=ListingStatus.choices, default=ListingStatus.DRAFT, db_index=True
    )
    visibility = models.CharField(
        _("visibility"), max_length=16, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    reminded_for_expiry = models.DateTimeField(
        _("renewal reminder sent for expiry"),
        null=True,
        blank=True,
        help_text=_("The expiry date the last renewal reminder was about; one reminder per expiry date."),
    )
    search_text = models.TextField(_("search words"), blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects: ClassVar[ListingQuerySet] = ListingQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = [F("published_at").desc(nulls_last=True), "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title_zh="") | ~Q(title_en=""), name="listing_has_a_title"),
            models.CheckConstraint(
                condition=Q(owner_organisation__isnull=False, owner_user__isnull=True)
                | Q(owner_organisation__isnull=True, owner_user__isnull=False),
                name="listing_has_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(amount_min__isnull=True)
                | Q(amount_max__isnull=True)
                | Q(amount_min__lte=F("amount_max")),
                name="listing_amount_range_ordered",
            ),
            models.UniqueConstraint(
                fields=["reference"], condition=~Q(reference=""), name="listing_unique_reference"
            ),
        ]
        indexes = [models.Index(fields=["status", "visibility"])]

    def __str__(self) -> str:
        return self.display_title

    @property
    def element(self) -> str:
        return KIND_ELEMENT[self.kind]

    def get_element_display(self) -> str:
        return str(Element(self.element).label)

    def _in_language(self, zh: str, en: str) -> str:
        if (get_language() or "").startswith("zh"):
            return zh or en
        return en or zh

    @property
    def display_title(self) -> str:
        return self._in_language(self.title_zh, self.title_en)

    @property
    def display_description(self) -> str:
        return self._in_language(self.description_zh, self.description_en)

    def title_in(self, language: str) -> str:
        return (
            (self.title_zh or self.title_en)
            if language.startswith("zh")
            else (self.title_en or self.title_zh)
        )

    @property
    def allowed_transitions(self) -> list[str]:
        """The owner's actions open in the current status: publish, close, renew."""
        return [action for action, statuses in TRANSITIONS.items() if self.status in statuses]

    @property
    def country_codes(self) -> list[str]:
        return sorted(row.code for row in self.country_rows.all())

    @property
    def owner_name(self) -> str:
        if self.owner_organisation is not None:
            return self.owner_organisation.display_name
        return str(self.owner_user) if self.owner_user is not None else ""

    def clean(self) -> None:
        errors: dict[str, list[Any]] = {}
        if not (self.title_zh.strip() or self.title_en.strip()):
            message = _("Write a title in Chinese, in English, or both.")
            errors["title_zh"] = [message]
            errors["title_en"] = [message]
        if self.amount_min is not None and self.amount_min < 0:
            errors["amount_min"] = [_("Write an amount of zero or more.")]
        if self.amount_max is not None and self.amount_max < 0:
            errors["amount_max"] = [_("Write an amount of zero or more.")]
        if self.amount_min is not None and self.amount_max is not None and self.amount_min > self.amount_max:
            errors["amount_max"] = [_("The upper amount is below the lower one. Swap them or correct one.")]
        has_amount = self.amount_min is not None or self.amount_max is not None
        if has_amount and not self.currency:
            errors["currency"] = [
                _("An amount needs a currency. Write its ISO 4217 code, such as CNY or USD.")
            ]
        owner_kinds = OWNER_KINDS.get(self.kind)
        if owner_kinds is None:
            if self.owner_user_id is None or self.owner_organisation_id is not None:
                errors["owner"] = [_("A talent profile listing belongs to a person, not an organisation.")]
        elif self.owner_organisation is None:
            errors["owner_organisation_id"] = [_("Choose the organisation that owns this listing.")]
        elif self.owner_organisation.kind not in owner_kinds:
            errors["owner_organisation_id"] = [
                _("A %(organisation)s cannot own a listing of kind “%(kind)s”. It needs one of: %(kinds)s.")
                % {
                    "organisation": self.owner_organisation.get_kind_display(),
                    "kind": self.get_kind_display(),
                    "kinds": ", ".join(str(OrganisationKind(kind).label) for kind in sorted(owner_kinds)),
                }
            ]
        if self.host_organisation_id is not None and self.kind != ListingKind.TECHNOLOGY_NEED:
            errors["host_organisation_id"] = [
                _("Only a technology need (a challenge) has a host organisation.")
            ]
        try:
            self.attributes = clean_attributes(self.kind, self.attributes)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        if errors:
            raise ValidationError(errors)


class ListingCountry(models.Model):
    """One country a listing concerns; a row per country so facets count in the database."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="country_rows")
    code = models.CharField(_("country"), max_length=2, validators=[validate_country], db_index=True)

    class Meta:
        verbose_name = _("listing country")
        verbose_name_plural = _("listing countries")
        constraints = [models.UniqueConstraint(fields=["listing", "code"], name="listing_country_once")]

    def __str__(self) -> str:
        return self.code


class ListingRevealQuerySet(models.QuerySet["ListingReveal"]):
    def agreed(self) -> ListingRevealQuerySet:
        return self.filter(agreed_at__isnull=False)

    def for_user(self, user: User) -> ListingRevealQuerySet:
        """Reveals to the person or to an organisation they belong to."""
        return self.filter(
            Q(user=user) | Q(organisation__in=Membership.objects.filter(user=user).values("organisation_id"))
        )


class ListingReveal(models.Model):
    """Both sides agreed: the owner of an anonymous listing is shown to this organisation or person."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="reveals")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    owner_agreed_at = models.DateTimeField(_("owner agreed at"), null=True, blank=True)
    party_agreed_at = models.DateTimeField(_("other side agreed at"), null=True, blank=True)
    agreed_at = models.DateTimeField(_("both agreed at"), null=True, blank=True)

    objects: ClassVar[ListingRevealQuerySet] = ListingRevealQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("identity reveal")
        verbose_name_plural = _("identity reveals")
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False, user__isnull=True)
                | Q(organisation__isnull=True, user__isnull=False),
                name="listing_reveal_has_one_party",
            ),
            models.UniqueConstraint(
                fields=["listing", "organisation"],
                condition=Q(organisation__isnull=False),
                name="listing_reveal_once_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["listing", "user"],
                condition=Q(user__isnull=False),
                name="listing_reveal_once_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} → {self.organisation or self.user}"


__all__ = [
    "KIND_ELEMENT",
    "OWNER_KINDS",
    "TRANSITIONS",
    "Element",
    "Listing",
    "ListingCountry",
    "ListingKind",
    "ListingReveal",
    "ListingStatus",
    "Visibility",
]
