"""Organisations of every kind, in one table.

One ``Organisation`` table holds every kind. The few attributes that belong to one kind only
(a GOI centre's batch, a station's parent carrier, an enterprise's credit code, an investor's fund
type) are nullable columns checked per kind in ``Organisation.clean`` (see ``KIND_FIELDS``): facets
and text search then run on one table without joins, and a million enterprises are one bulk insert.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from hatchway.directory.creditcode import credit_code_problem
from hatchway.directory.models.bilingual import BilingualNamed, in_language
from hatchway.directory.models.taxonomies import Sector, Stage
from hatchway.directory.taxonomy import validate_country, validate_currency
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
        from hatchway.directory.models.reports import DataReport  # reports point at organisations

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
