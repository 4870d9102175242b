"""The directory: organisations of every kind, the roles people hold, people, periodic data reports.

One ``Organisation`` table holds every kind. The few attributes that belong to one kind only
(a GOI centre's batch, a station's parent carrier, an enterprise's credit code, an investor's fund
type) are nullable columns checked per kind in ``Organisation.clean`` (see ``KIND_FIELDS``): facets
and text search then run on one table without joins, and a million enterprises are one bulk insert.
"""

from __future__ import annotations

import datetime
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hatchway.accounts.models import User
from hatchway.directory.creditcode import credit_code_problem
from hatchway.directory.taxonomy import hnte_field_choices, validate_country, validate_currency
from hatchway.search import matches, search_document


class OrganisationKind(models.TextChoices):
    PLATFORM = "platform", _("Platform operator")
    CARRIER = "carrier", _("Innovation carrier")
    OVERSEAS_STATION = "overseas_station", _("Overseas station")
    ENTERPRISE = "enterprise", _("Enterprise")
    INVESTOR = "investor", _("Investor")
    UNIVERSITY = "university", _("University")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    GOVERNMENT = "government", _("Government office")


class Subtype(models.TextChoices):
    """What sort of carrier or overseas station an organisation is."""

    INCUBATOR = "incubator", _("Incubator")
    ACCELERATOR = "accelerator", _("Accelerator")
    MAKER_SPACE = "maker_space", _("Maker space")
    UNIVERSITY_SCIENCE_PARK = "university_science_park", _("University science park")
    GOI = "goi", _("Large-enterprise open-innovation centre (GOI)")
    BRANCH = "branch", _("Overseas branch")
    INNOVATION_BASE = "innovation_base", _("Overseas innovation base")
    COOPERATION_CHANNEL = "cooperation_channel", _("Cooperation channel")


KIND_SUBTYPES: dict[str, frozenset[str]] = {
    OrganisationKind.CARRIER: frozenset(
        {
            Subtype.INCUBATOR,
            Subtype.ACCELERATOR,
            Subtype.MAKER_SPACE,
            Subtype.UNIVERSITY_SCIENCE_PARK,
            Subtype.GOI,
        }
    ),
    OrganisationKind.OVERSEAS_STATION: frozenset(
        {Subtype.BRANCH, Subtype.INNOVATION_BASE, Subtype.COOPERATION_CHANNEL}
    ),
}


class FundType(models.TextChoices):
    RMB_FUND = "rmb_fund", _("RMB fund")
    USD_FUND = "usd_fund", _("USD fund")
    QFLP = "qflp", _("QFLP fund")
    SOVEREIGN = "sovereign", _("Sovereign fund")
    PENSION = "pension", _("Pension fund")
    ENDOWMENT = "endowment", _("Endowment")
    CORPORATE_VC = "corporate_vc", _("Corporate venture capital")
    ANGEL = "angel", _("Angel investor")


# The attributes that only one kind of organisation has; every other kind leaves them empty.
KIND_FIELDS: dict[str, tuple[str, ...]] = {
    OrganisationKind.CARRIER: ("subtype", "goi_batch", "host_name_zh", "host_name_en"),
    OrganisationKind.OVERSEAS_STATION: ("subtype", "parent_carrier", "opened_on", "closed_on"),
    OrganisationKind.ENTERPRISE: ("registration_date", "credit_code", "incubating_carrier", "stage"),
    OrganisationKind.INVESTOR: ("fund_type", "currency"),
}
SPECIFIC_FIELDS: tuple[str, ...] = tuple(sorted({name for names in KIND_FIELDS.values() for name in names}))


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
        return in_language(self.name_zh, self.name_en)


def in_language(zh: str, en: str) -> str:
    """Pick the text in the active language, falling back to the other one."""
    if (get_language() or "").startswith("zh"):
        return zh or en
    return en or zh


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


def validate_credit_code(code: str) -> None:
    """Check a unified social credit code (GB 32100-2015) and say how to correct it."""
    problem = credit_code_problem(code)
    if problem is None:
        return
    messages = {
        "length": _("A unified social credit code has 18 characters; “%(value)s” has %(length)s."),
        "character": _(
            "“%(value)s” holds a character a credit code never uses. Use digits and capital letters "
            "other than I, O, S, V and Z."
        ),
        "authority": _("“%(value)s” does not start with a registering authority code (1–9, A, N or Y)."),
        "division": _(
            "Characters 3 to 8 of “%(value)s” must be the six digits of an administrative division."
        ),
        "organisation_code": _(
            "The organisation code inside “%(value)s” (characters 9 to 17) does not add up. "
            "Copy the code again from the business licence."
        ),
        "check_character": _(
            "The last character of “%(value)s” does not match the others. "
            "Copy the code again from the business licence."
        ),
    }
    raise ValidationError(
        messages[problem], code="invalid_credit_code", params={"value": code, "length": len(code)}
    )


LOGO_MAX_BYTES = 512 * 1024
_LOGO_SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"RIFF", "webp"))


def validate_logo(upload: models.fields.files.FieldFile) -> None:
    """Accept small PNG, JPEG and WebP images, recognised by their first bytes rather than their name."""
    if upload.size is not None and upload.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("The logo is %(size)s KB; the limit is %(limit)s KB. Save it smaller and upload it again."),
            code="logo_too_large",
            params={"size": upload.size // 1024, "limit": LOGO_MAX_BYTES // 1024},
        )
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(12)
    upload.seek(position)
    if not any(
        head.startswith(signature) and (kind != "webp" or head[8:12] == b"WEBP")
        for signature, kind in _LOGO_SIGNATURES
    ):
        raise ValidationError(
            _("The logo must be a PNG, JPEG or WebP image. Export it in one of these formats."),
            code="logo_type",
        )


class OrganisationQuerySet(models.QuerySet["Organisation"]):
    def search(self, text: str) -> OrganisationQuerySet:
        """Organisations whose names or descriptions hold every word of the text (Chinese or English)."""
        text = (text or "").strip()
        if not text:
            return self
        return self.filter(matches(text))

    def of_kind(self, kind: str) -> OrganisationQuerySet:
        return self.filter(kind=kind)

    def enterprises(self) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.ENTERPRISE)

    def incubated_by(self, carrier_ids: list[int]) -> OrganisationQuerySet:
        return self.filter(kind=OrganisationKind.ENTERPRISE, incubating_carrier_id__in=carrier_ids)

    def stale(self, today: datetime.date) -> OrganisationQuerySet:
        """Enterprises with no annual data report for the last fiscal year (those founded since excepted)."""
        last_year = today.year - 1
        filed = DataReport.objects.filter(
            enterprise=OuterRef("pk"), fiscal_year=last_year, quarter__isnull=True, is_current=True
        )
        return (
            self.enterprises()
            .exclude(registration_date__gt=datetime.date(last_year, 12, 31))
            .exclude(Exists(filed))
        )


class Organisation(BilingualNamed):
    """Any organisation on the platform: a carrier, a station, an enterprise, an investor, a university..."""

    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices, db_index=True)
    subtype = models.CharField(_("type"), max_length=32, choices=Subtype.choices, blank=True, db_index=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        default="CN",
        validators=[validate_country],
        help_text=_("Two-letter ISO 3166 code, such as CN or DE."),
        db_index=True,
    )
    city_zh = models.CharField(_("city (Chinese)"), max_length=100, blank=True)
    city_en = models.CharField(_("city (English)"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True, max_length=5000)
    description_en = models.TextField(_("description (English)"), blank=True, max_length=5000)
    logo = models.FileField(
        _("logo"),
        upload_to="logos/%Y/",
        blank=True,
        validators=[validate_logo],
        help_text=_("A PNG, JPEG or WebP image of at most 512 KB."),
    )
    # carriers
    goi_batch = models.PositiveSmallIntegerField(
        _("GOI batch"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("The batch in which the open-innovation centre was recognised, such as 3."),
    )
    host_name_zh = models.CharField(_("host enterprise (Chinese)"), max_length=200, blank=True)
    host_name_en = models.CharField(_("host enterprise (English)"), max_length=200, blank=True)
    # overseas stations
    parent_carrier = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        limit_choices_to={"kind": OrganisationKind.CARRIER},
        verbose_name=_("parent carrier"),
    )
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    # enterprises
    registration_date = models.DateField(_("registration date"), null=True, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        null=True,
        blank=True,
        unique=True,
        validators=[validate_credit_code],
        help_text=_("The 18 characters on the business licence of a mainland company."),
    )
    incubating_carrier = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incubated",
        limit_choices_to={"kind": OrganisationKind.CARRIER},
        verbose_name=_("incubating carrier"),
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("stage")
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+", verbose_name=_("sectors"))
    # investors
    fund_type = models.CharField(_("fund type"), max_length=32, choices=FundType.choices, blank=True)
    currency = models.CharField(
        _("currency"),
        max_length=3,
        blank=True,
        validators=[validate_currency],
        help_text=_("Such as CNY or USD."),
    )
    ref = models.CharField(
        _("reference"),
        max_length=64,
        null=True,
        blank=True,
        unique=True,
        help_text=_("An identifier from another system, kept so that imports find the same row again."),
    )
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_en", "name_zh", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(name_zh="") | ~Q(name_en=""), name="organisation_has_a_name"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=F("opened_on")),
                name="organisation_closes_after_opening",
            ),
        ]

    def save(self, *args: Any, **kwargs: Any) -> None:
        # The search words follow the texts however the row is saved (actions, imports, demo data).
        self.refresh_search_text()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    @property
    def description(self) -> str:
        return in_language(self.description_zh, self.description_en)

    @property
    def city(self) -> str:
        return in_language(self.city_zh, self.city_en)

    @property
    def host_name(self) -> str:
        return in_language(self.host_name_zh, self.host_name_en)

    @property
    def is_domestic(self) -> bool:
        """Registered in mainland China (the country CN)."""
        return self.country == "CN"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[Any]] = {}
        own = set(KIND_FIELDS.get(self.kind, ()))
        kind_label = OrganisationKind(self.kind).label if self.kind in OrganisationKind.values else self.kind
        for name in SPECIFIC_FIELDS:
            if name in own:
                continue
            field = self._meta.get_field(name)
            assert isinstance(field, models.Field)
            value = getattr(self, field.attname)
            if value not in (None, ""):
                errors.setdefault(name, []).append(
                    ValidationError(
                        _("A %(kind)s has no “%(field)s”. Leave it empty."),
                        code="not_for_kind",
                        params={"kind": kind_label, "field": field.verbose_name},
                    )
                )
        allowed = KIND_SUBTYPES.get(self.kind)
        # The type may stay unstated (older rows, quick sign-ups); when given, it must fit the kind.
        if self.subtype and allowed is not None and self.subtype not in allowed:
            choices = ", ".join(sorted(allowed))
            errors.setdefault("subtype", []).append(
                ValidationError(
                    _("This type does not fit a %(kind)s. Choose one of: %(choices)s."),
                    code="subtype",
                    params={"kind": kind_label, "choices": choices},
                )
            )
        if self.subtype == Subtype.GOI and self.goi_batch is None:
            errors.setdefault("goi_batch", []).append(
                _("An open-innovation centre needs the batch in which it was recognised, such as 3.")
            )
        if self.subtype and self.subtype != Subtype.GOI and self.goi_batch is not None:
            errors.setdefault("goi_batch", []).append(
                _("Only an open-innovation centre (GOI) has a batch. Leave it empty.")
            )
        if self.credit_code and self.country != "CN":
            errors.setdefault("credit_code", []).append(
                _("Only companies registered in mainland China (CN) have a unified social credit code.")
            )
        for name in ("parent_carrier", "incubating_carrier"):
            related_id = getattr(self, f"{name}_id")
            if related_id is None:
                continue
            related_kind = Organisation.objects.filter(pk=related_id).values_list("kind", flat=True).first()
            if related_kind is not None and related_kind != OrganisationKind.CARRIER:
                errors.setdefault(name, []).append(_("Choose an innovation carrier."))
            if related_id == self.pk:
                errors.setdefault(name, []).append(_("An organisation cannot be its own carrier."))
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors.setdefault("closed_on", []).append(_("A station closes after it opens. Check both dates."))
        if errors:
            raise ValidationError(errors)

    def refresh_search_text(self) -> None:
        """Recompute ``search_text``; call it before ``bulk_create``/``bulk_update``, which skip ``save``."""
        self.search_text = search_document(*self.search_parts())

    def search_parts(self) -> list[str]:
        return [
            self.name_zh,
            self.name_en,
            self.description_zh,
            self.description_en,
            self.city_zh,
            self.city_en,
            self.host_name_zh,
            self.host_name_en,
            self.credit_code or "",
        ]


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


# Data reports ---------------------------------------------------------------------------------------

# Amounts in a data report are integer CNY minor units (fen, 1/100 yuan), named *_fen.
MONEY_FIELDS: tuple[str, ...] = (
    "sales_revenue_fen",
    "rd_expense_fen",
    "rd_expense_domestic_fen",
    "income_total_fen",
    "non_taxable_income_fen",
    "high_tech_income_fen",
    "net_assets_fen",
    "total_assets_fen",
    "total_cost_expense_fen",
)
HEADCOUNT_FIELDS: tuple[str, ...] = ("employees_avg", "tech_staff_avg")
COUNT_FIELDS: tuple[str, ...] = ("ip_class_i_count", "ip_class_ii_count", "overseas_staff_count")
FIGURE_FIELDS: tuple[str, ...] = MONEY_FIELDS + HEADCOUNT_FIELDS + COUNT_FIELDS


def _fen(verbose: Any, *, negative: bool = False) -> models.BigIntegerField[int, int]:
    validators = [] if negative else [MinValueValidator(0)]
    return models.BigIntegerField(
        verbose, default=0, validators=validators, help_text=_("In fen (1/100 yuan).")
    )


class DataReportQuerySet(models.QuerySet["DataReport"]):
    def current(self) -> DataReportQuerySet:
        """The latest revision of each period."""
        return self.filter(is_current=True)

    def annual(self) -> DataReportQuerySet:
        return self.filter(quarter__isnull=True)

    def of(self, enterprise: Organisation) -> DataReportQuerySet:
        return self.filter(enterprise=enterprise)


class DataReport(models.Model):
    """An enterprise's figures for a fiscal year (or one quarter of it). Never changed once filed:
    filing again for the same period adds a revision, and the latest revision is the current one."""

    enterprise = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="data_reports",
        limit_choices_to={"kind": OrganisationKind.ENTERPRISE},
        verbose_name=_("enterprise"),
    )
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(1990), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        _("quarter"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("1 to 4; leave empty for the whole year."),
    )
    revision = models.PositiveIntegerField(_("revision"), default=1)
    is_current = models.BooleanField(_("current"), default=True)
    filed_at = models.DateTimeField(_("filed at"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed by"),
    )
    sales_revenue_fen = _fen(_("sales revenue"))
    rd_expense_fen = _fen(_("R&D expense"))
    rd_expense_domestic_fen = _fen(_("R&D expense incurred in China"))
    income_total_fen = _fen(_("total income"))
    non_taxable_income_fen = _fen(_("non-taxable income"))
    high_tech_income_fen = _fen(_("high-tech product and service income"))
    net_assets_fen = _fen(_("net assets at year end"), negative=True)
    total_assets_fen = _fen(_("total assets at year end"))
    total_cost_expense_fen = _fen(_("total cost and expense"))
    employees_avg = models.DecimalField(
        _("employees (monthly average)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    tech_staff_avg = models.DecimalField(
        _("technical staff (monthly average)"),
        max_digits=9,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    ip_class_i_count = models.PositiveIntegerField(_("class I intellectual property"), default=0)
    ip_class_ii_count = models.PositiveIntegerField(_("class II intellectual property"), default=0)
    overseas_staff_count = models.PositiveIntegerField(_("staff working overseas"), default=0)

    objects = DataReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("data report")
        verbose_name_plural = _("data reports")
        ordering = ["-fiscal_year", "quarter", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "fiscal_year", "quarter", "revision"],
                name="data_report_unique_revision",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "fiscal_year", "revision"],
                condition=Q(quarter__isnull=True),
                name="data_report_unique_annual_revision",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "fiscal_year", "quarter"],
                condition=Q(is_current=True),
                name="data_report_one_current_per_quarter",
            ),
            models.UniqueConstraint(
                fields=["enterprise", "fiscal_year"],
                condition=Q(is_current=True, quarter__isnull=True),
                name="data_report_one_current_per_year",
            ),
        ]
        indexes = [models.Index(fields=["fiscal_year", "is_current"], name="data_report_year_current")]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.period} · r{self.revision}"

    @property
    def period(self) -> str:
        return f"{self.fiscal_year} Q{self.quarter}" if self.quarter else str(self.fiscal_year)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.rd_expense_domestic_fen > self.rd_expense_fen:
            errors["rd_expense_domestic_fen"] = str(
                _("The R&D expense incurred in China cannot exceed the total R&D expense.")
            )
        if self.non_taxable_income_fen > self.income_total_fen:
            errors["non_taxable_income_fen"] = str(_("Non-taxable income cannot exceed total income."))
        if self.high_tech_income_fen > self.income_total_fen:
            errors["high_tech_income_fen"] = str(_("High-tech income cannot exceed total income."))
        if (
            self.tech_staff_avg is not None
            and self.employees_avg is not None
            and self.tech_staff_avg > self.employees_avg
        ):
            errors["tech_staff_avg"] = str(_("Technical staff cannot outnumber all employees."))
        if errors:
            raise ValidationError(errors)


class StaleDataReminder(models.Model):
    """That an enterprise was reminded to file a fiscal year's report (at most once per year)."""

    enterprise = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="stale_data_reminders",
        verbose_name=_("enterprise"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    sent_at = models.DateTimeField(_("sent at"))
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        verbose_name = _("stale data reminder")
        verbose_name_plural = _("stale data reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "fiscal_year"], name="stale_data_reminder_once_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.fiscal_year}"
