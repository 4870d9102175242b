"""Organisations and the roles people hold in them.

The full directory (carriers, stations, enterprises, investors with all their attributes) grows
here in later work; this is the core every other part relies on.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from hatchway.accounts.models import User
from hatchway.directory.taxonomy import hnte_field_choices


class OrganisationKind(models.TextChoices):
    PLATFORM = "platform", _("Platform operator")
    CARRIER = "carrier", _("Innovation carrier")
    OVERSEAS_STATION = "overseas_station", _("Overseas station")
    ENTERPRISE = "enterprise", _("Enterprise")
    INVESTOR = "investor", _("Investor")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    GOVERNMENT = "government", _("Government office")


class Role(models.TextChoices):
    OPERATOR = "operator", _("Platform operator")
    CARRIER_STAFF = "carrier_staff", _("Carrier staff")
    ENTERPRISE_MEMBER = "enterprise_member", _("Enterprise member")
    INVESTOR_MEMBER = "investor_member", _("Investor member")
    TALENT = "talent", _("Talent")
    JUDGE = "judge", _("Judge")


# Which organisation kinds each role may be held in; None means "no organisation needed".
ROLE_ORGANISATION_KINDS: dict[str, frozenset[str] | None] = {
    Role.OPERATOR: frozenset({OrganisationKind.PLATFORM, OrganisationKind.GOVERNMENT}),
    Role.CARRIER_STAFF: frozenset({OrganisationKind.CARRIER, OrganisationKind.OVERSEAS_STATION}),
    Role.ENTERPRISE_MEMBER: frozenset({OrganisationKind.ENTERPRISE}),
    Role.INVESTOR_MEMBER: frozenset({OrganisationKind.INVESTOR}),
    Role.TALENT: None,
    Role.JUDGE: None,
}


class BilingualNamed(models.Model):
    """A row with a name in both languages, shown in the viewer's."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        """The name in the active language, falling back to the other one."""
        if (get_language() or "").startswith("zh"):
            return self.name_zh or self.name_en
        return self.name_en or self.name_zh


class Sector(BilingualNamed):
    """An industry sector, mapped to one of the 8 HNTE technology fields."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    hnte_field = models.CharField(_("HNTE technology field"), max_length=64, choices=hnte_field_choices)
    key_industry = models.BooleanField(
        _("Shanghai key industry"),
        default=False,
        help_text=_("Integrated circuits, biomedicine, artificial intelligence."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
        ordering = ["sort_order", "code"]


class Stage(BilingualNamed):
    """A development or funding stage of a company or project."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        ordering = ["sort_order", "code"]


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def search(self, text: str) -> OrganisationQuerySet:
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name_zh__icontains=text) | Q(name_en__icontains=text))


class Organisation(BilingualNamed):
    """Any organisation on the platform: a carrier, an enterprise, an investor, a university..."""

    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices, db_index=True)
    country = models.CharField(
        _("country"), max_length=2, default="CN", help_text=_("Two-letter ISO 3166 code, such as CN or DE.")
    )
    website = models.URLField(_("website"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en", "name_zh", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name_zh="") | ~Q(name_en=""), name="organisation_has_a_name"),
        ]


class MembershipQuerySet(models.QuerySet["Membership"]):
    def of_user(self, user: User) -> MembershipQuerySet:
        return self.filter(user=user).select_related("organisation")

    def in_organisation(self, organisation: Organisation) -> MembershipQuerySet:
        return self.filter(organisation=organisation).select_related("user")

    def operators(self) -> MembershipQuerySet:
        return self.filter(role=Role.OPERATOR)


class Membership(models.Model):
    """A role a person holds on the platform, in an organisation where the role needs one."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects: ClassVar[MembershipQuerySet] = MembershipQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role_in_organisation"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(organisation__isnull=True),
                name="membership_unique_role_without_organisation",
            ),
        ]

    def __str__(self) -> str:
        if self.organisation_id:
            return f"{self.user} · {self.get_role_display()} · {self.organisation}"
        return f"{self.user} · {self.get_role_display()}"
