"""The ledger of cross-border flows and the dated currency rates that value them in CNY.

A ``Flow`` is one innovation element crossing a border. Rows are never edited: a correction is a new row
that supersedes the old one (``Flow.supersedes``), and a flow recorded in error is superseded by a
withdrawal. "Current" flows are the ones nothing supersedes and that are not withdrawals.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hatchway.directory.models import Organisation
from hatchway.listings.models import Element  # one list of the five elements, shared with listings


class Direction(models.TextChoices):
    INBOUND = "inbound", _("Inbound to Shanghai")
    OUTBOUND = "outbound", _("Outbound from Shanghai")


class Stage(models.TextChoices):
    INTENTION = "intention", _("Intention")
    COMPLETED = "completed", _("Completed")


class EvidenceKind(models.TextChoices):
    COMPANY_REGISTRATION = "company_registration", _("Company registration")
    TECHNOLOGY_CONTRACT = "technology_contract", _("Technology-contract registration certificate")
    EMPLOYMENT_LETTER = "employment_letter", _("Employment letter")
    HIRING_INTENTION = "hiring_intention", _("Signed hiring intention")
    INVESTMENT_AGREEMENT = "investment_agreement", _("Investment agreement")
    SETTLEMENT_AGREEMENT = "settlement_agreement", _("Incubator settlement agreement")
    LETTER_OF_INTENT = "letter_of_intent", _("Letter of intent")
    OTHER = "other", _("Other document")


class ProducerKind(models.TextChoices):
    MATCH = "match", _("A match")
    EVENT = "event", _("An event")
    SERVICE_REQUEST = "service_request", _("A service request")
    IMPORT = "import", _("An operator import")
    MANUAL = "manual", _("Recorded by an operator")


class FlowQuerySet(models.QuerySet["Flow"]):
    def current(self) -> FlowQuerySet:
        """Flows that count: nothing supersedes them and they are not withdrawals."""
        return self.filter(superseded_by__isnull=True, withdrawn=False)

    def between(self, start: dt.date | None, end: dt.date | None) -> FlowQuerySet:
        """Flows that occurred from ``start`` to ``end``, both included; None leaves that side open."""
        flows = self
        if start is not None:
            flows = flows.filter(occurred_on__gte=start)
        if end is not None:
            flows = flows.filter(occurred_on__lte=end)
        return flows

    def in_year(self, year: int) -> FlowQuerySet:
        return self.between(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def involving(self, organisation_ids: list[int]) -> FlowQuerySet:
        """Flows whose carrier or overseas station is one of these organisations."""
        return self.filter(Q(carrier_id__in=organisation_ids) | Q(station_id__in=organisation_ids))

    def completed(self) -> FlowQuerySet:
        return self.filter(stage=Stage.COMPLETED)

    def with_organisations(self) -> FlowQuerySet:
        return self.select_related("carrier", "station")

    def produced_by(self, kind: str, reference: str) -> FlowQuerySet:
        return self.filter(producer_kind=kind, producer_ref=reference)


class Flow(models.Model):
    """One element crossing a border, with its evidence and what produced it."""

    element = models.CharField(_("element"), max_length=16, choices=Element.choices)
    direction = models.CharField(_("direction"), max_length=16, choices=Direction.choices)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices)
    origin_country = models.CharField(_("origin country"), max_length=2)
    destination_country = models.CharField(_("destination country"), max_length=2)
    city = models.CharField(_("city"), max_length=100, blank=True)
    station = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="station_flows",
        verbose_name=_("overseas station or channel"),
    )
    carrier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="carrier_flows",
        verbose_name=_("carrier"),
    )
    counterparties = models.JSONField(
        _("counterparties"), default=list, blank=True, help_text=_("Names of the people or organisations.")
    )
    value_minor = models.BigIntegerField(_("value (minor units)"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    value_cny_minor = models.BigIntegerField(_("value in CNY (fen)"), null=True, blank=True)
    rate_to_cny = models.DecimalField(
        _("rate to CNY"), max_digits=18, decimal_places=8, null=True, blank=True
    )
    rate_date = models.DateField(_("date of the rate used"), null=True, blank=True)
    occurred_on = models.DateField(_("occurred on"), db_index=True)
    evidence_kind = models.CharField(_("evidence"), max_length=32, choices=EvidenceKind.choices)
    evidence_number = models.CharField(_("evidence number"), max_length=100)
    producer_kind = models.CharField(_("produced by"), max_length=32, choices=ProducerKind.choices)
    producer_ref = models.CharField(
        _("producer reference"),
        max_length=100,
        blank=True,
        help_text=_("The id of the match, event, request or file."),
    )
    producer_item = models.CharField(
        _("item of the producer"),
        max_length=100,
        blank=True,
        help_text=_(
            "Which of the producer's outcomes this is (a meeting, a row of a file), when it has several."
        ),
    )
    supersedes = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
    )
    withdrawn = models.BooleanField(
        _("withdrawal"), default=False, help_text=_("This row withdraws the flow it supersedes.")
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects: ClassVar[FlowQuerySet] = FlowQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("flow")
        verbose_name_plural = _("flows")
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["element", "occurred_on"]),
            models.Index(fields=["producer_kind", "producer_ref"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(value_minor__isnull=True) | Q(value_minor__gte=0), name="flow_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(value_minor__isnull=True) | ~Q(currency=""), name="flow_value_has_a_currency"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_element_display()} · {self.origin_country}→{self.destination_country} · {self.occurred_on}"

    @property
    def is_current(self) -> bool:
        return not self.withdrawn and not hasattr(self, "superseded_by")


class CurrencyRateQuerySet(models.QuerySet["CurrencyRate"]):
    def on_or_before(self, currency: str, day: dt.date) -> CurrencyRate | None:
        """The latest rate for ``currency`` dated ``day`` or earlier."""
        return self.filter(currency=currency, rate_date__lte=day).order_by("-rate_date").first()


class CurrencyRate(models.Model):
    """How many yuan one unit of a currency was worth on a date (imported, never fetched)."""

    currency = models.CharField(_("currency"), max_length=3)
    rate_date = models.DateField(_("date"))
    rate_to_cny = models.DecimalField(_("yuan per unit"), max_digits=18, decimal_places=8)
    source = models.CharField(_("source"), max_length=200, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    objects: ClassVar[CurrencyRateQuerySet] = CurrencyRateQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        verbose_name = _("currency rate")
        verbose_name_plural = _("currency rates")
        ordering = ["currency", "-rate_date"]
        constraints = [
            models.UniqueConstraint(fields=["currency", "rate_date"], name="currency_rate_one_per_day"),
            models.CheckConstraint(condition=Q(rate_to_cny__gt=0), name="currency_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.rate_date}: {self.rate_to_cny}"
