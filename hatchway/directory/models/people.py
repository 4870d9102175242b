"""People: the roles they hold in organisations, contact persons, talent profiles and consents."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hatchway.accounts.models import User
from hatchway.directory.models.bilingual import in_language
from hatchway.directory.models.organisations import Organisation, OrganisationKind
from hatchway.directory.models.taxonomies import Sector
from hatchway.directory.taxonomy import validate_country
from hatchway.search import matches


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


class MembershipQuerySet(models.QuerySet["Membership"]):
    def of_user(self, user: User) -> MembershipQuerySet:
        return self.filter(user=user).select_related("organisation")

    def in_organisation(self, organisation: Organisation) -> MembershipQuerySet:
        return self.filter(organisation=organisation).select_related("user")

    def operators(self) -> MembershipQuerySet:
        return self.filter(role=Role.OPERATOR)

    def carrier_ids_of(self, user: User) -> list[int]:
        """The carriers (and overseas stations) in which the user works."""
        return [
            pk
            for pk in self.filter(user=user, role=Role.CARRIER_STAFF).values_list(
                "organisation_id", flat=True
            )
            if pk is not None
        ]


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


class ContactVisibility(models.TextChoices):
    """Who may read a contact person's details."""

    PUBLIC = "public", _("Everyone signed in")
    PLATFORM = "platform", _("People with a role on the platform")
    PRIVATE = "private", _("Only the organisation, its carrier and operators")


class ContactPerson(models.Model):
    """Someone to contact at an organisation; who may see them is chosen per person."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("organisation")
    )
    name = models.CharField(_("name"), max_length=150)
    title_zh = models.CharField(pgettext_lazy("job title", "title (Chinese)"), max_length=150, blank=True)
    title_en = models.CharField(pgettext_lazy("job title", "title (English)"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = models.CharField(
        _("phone"), max_length=32, blank=True, help_text=_("With the country code, such as +86 21 5080 0000.")
    )
    visibility = models.CharField(
        _("visible to"), max_length=16, choices=ContactVisibility.choices, default=ContactVisibility.PRIVATE
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["organisation_id", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def title(self) -> str:
        return in_language(self.title_zh, self.title_en)

    def clean(self) -> None:
        super().clean()
        if not self.email and not self.phone:
            raise ValidationError(
                {
                    "email": _(
                        "Give an e-mail address or a phone number, so that people can reach this person."
                    )
                }
            )
        allowed = set("+0123456789 -()")
        if self.phone and (set(self.phone) - allowed or sum(c.isdigit() for c in self.phone) < 5):
            raise ValidationError(
                {
                    "phone": _(
                        "Write the phone number with digits, spaces and the country code, such as +86 21 5080 0000."
                    )
                }
            )


class Degree(models.TextChoices):
    NONE = "none", _("No degree")
    BACHELOR = "bachelor", _("Bachelor")
    MASTER = "master", _("Master")
    DOCTORATE = "doctorate", _("Doctorate")


class ConsentKind(models.TextChoices):
    MATCHING = "matching", _("To be matched with positions and projects")
    CONTACT = "contact", _("To be contacted by carriers, enterprises and investors")


def validate_language_codes(value: object) -> None:
    import pycountry

    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_('Give a list of language codes, such as ["zh", "en"].'), code="languages")
    for code in value:
        if len(code) != 2 or pycountry.languages.get(alpha_2=code) is None:
            raise ValidationError(
                _(
                    "“%(value)s” is not a language code. Write the two-letter ISO 639-1 code, such as zh, en or de."
                ),
                code="language",
                params={"value": code},
            )


def validate_skills(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(item, str) and 0 < len(item) <= 60 for item in value
    ):
        raise ValidationError(
            _('Give the skills as a list of short words, such as ["PCB design", "Python"].'), code="skills"
        )
    if len(value) > 30:
        raise ValidationError(_("Give at most 30 skills."), code="skills")


class TalentProfileQuerySet(models.QuerySet["TalentProfile"]):
    def open_to_matching(self) -> TalentProfileQuerySet:
        return self.filter(consent_matching=True)

    def search(self, text: str) -> TalentProfileQuerySet:
        text = (text or "").strip()
        return self.filter(matches(text)) if text else self


class TalentProfile(models.Model):
    """A person's profile as a talent. Personal data: shown only to those the person allowed."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="talent_profile",
        verbose_name=_("user"),
    )
    headline_zh = models.CharField(_("headline (Chinese)"), max_length=200, blank=True)
    headline_en = models.CharField(_("headline (English)"), max_length=200, blank=True)
    nationality = models.CharField(_("nationality"), max_length=2, validators=[validate_country])
    current_country = models.CharField(_("current country"), max_length=2, validators=[validate_country])
    field = models.CharField(
        _("field"), max_length=200, help_text=_("Such as power electronics or immunology.")
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+", verbose_name=_("sectors"))
    degree = models.CharField(_("highest degree"), max_length=16, choices=Degree.choices, default=Degree.NONE)
    skills = models.JSONField(_("skills"), default=list, blank=True, validators=[validate_skills])
    languages = models.JSONField(
        _("languages"), default=list, blank=True, validators=[validate_language_codes]
    )
    consent_matching = models.BooleanField(_("agrees to be matched"), default=False)
    consent_matching_at = models.DateTimeField(_("matching consent changed at"), null=True, blank=True)
    consent_contact = models.BooleanField(_("agrees to be contacted"), default=False)
    consent_contact_at = models.DateTimeField(_("contact consent changed at"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TalentProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        ordering = ["-updated_at", "id"]

    def __str__(self) -> str:
        return str(self.user)

    @property
    def headline(self) -> str:
        return in_language(self.headline_zh, self.headline_en)

    def search_parts(self) -> list[str]:
        return [self.headline_zh, self.headline_en, self.field, " ".join(self.skills or [])]


class ConsentRecord(models.Model):
    """Every time a person gives or withdraws a consent: the history behind the current flags."""

    profile = models.ForeignKey(
        TalentProfile,
        on_delete=models.CASCADE,
        related_name="consent_records",
        verbose_name=_("talent profile"),
    )
    consent = models.CharField(_("consent"), max_length=16, choices=ConsentKind.choices)
    given = models.BooleanField(_("given"), help_text=_("False when the consent was withdrawn."))
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.profile} · {self.consent} · {self.given}"
