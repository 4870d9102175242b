"""Periodic data reports of enterprises, and the reminders sent when one is missing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hatchway.directory.models.organisations import Organisation, OrganisationKind

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
