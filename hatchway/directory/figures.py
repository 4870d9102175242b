"""An enterprise's figures as the policy engine reads them (criteria.md §5, amounts in integer yuan)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.utils import timezone

from hatchway.directory.models import DataReport, Organisation, OrganisationKind


def fen_to_yuan(amount_fen: int) -> int:
    """Round fen to whole yuan, halves away from zero (12,345,650 fen → 123,457 yuan)."""
    sign = -1 if amount_fen < 0 else 1
    return sign * ((abs(amount_fen) + 50) // 100)


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _year(report: DataReport) -> dict[str, Any]:
    return {
        "year": report.fiscal_year,
        "sales_revenue_cny": fen_to_yuan(report.sales_revenue_fen),
        "rd_expense_cny": fen_to_yuan(report.rd_expense_fen),
        "rd_expense_domestic_cny": fen_to_yuan(report.rd_expense_domestic_fen),
        "net_assets_cny": fen_to_yuan(report.net_assets_fen),
        "income_total_cny": fen_to_yuan(report.income_total_fen),
        "non_taxable_income_cny": fen_to_yuan(report.non_taxable_income_fen),
        "high_tech_income_cny": fen_to_yuan(report.high_tech_income_fen),
        "total_assets_cny": fen_to_yuan(report.total_assets_fen),
        "total_cost_expense_cny": fen_to_yuan(report.total_cost_expense_fen),
        "employees_avg": _number(report.employees_avg),
        "tech_staff_avg": _number(report.tech_staff_avg),
        "overseas_staff_count": report.overseas_staff_count,
    }


def _annual_reports_as_of(enterprise_ids: Sequence[int], as_of: datetime.date) -> dict[int, list[DataReport]]:
    """Per enterprise, the annual report of each fiscal year before ``as_of`` in the revision current then,
    oldest year first; one query for the whole batch."""
    end = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
    reports = (
        DataReport.objects.annual()
        .filter(enterprise_id__in=list(enterprise_ids), fiscal_year__lt=as_of.year, filed_at__lte=end)
        .order_by("enterprise_id", "fiscal_year", "revision")
    )
    latest: dict[int, dict[int, DataReport]] = defaultdict(dict)
    for report in reports:
        assert report.enterprise_id is not None
        latest[report.enterprise_id][report.fiscal_year] = report  # the latest revision wins
    return {pk: [years[year] for year in sorted(years)] for pk, years in latest.items()}


def enterprise_policy_input(enterprise: Organisation, as_of: datetime.date) -> dict[str, Any]:
    """Return the enterprise part of the policy engine's input (§5.1 and §5.2) as of a date.

    Only what was filed on or before ``as_of`` counts, so a determination can be recomputed later
    from the same figures. ``fiscal_years`` runs oldest first; ``last_fiscal_year`` is the year before
    ``as_of`` (None when it was not filed); IP counts come from the latest filed year. Amounts are
    integer yuan, rounded from the stored fen.
    """
    return enterprise_policy_inputs([enterprise], as_of)[0]


def enterprise_policy_inputs(
    enterprises: Sequence[Organisation], as_of: datetime.date
) -> list[dict[str, Any]]:
    """``enterprise_policy_input`` for a batch, reading every data report in one query.

    Pass enterprises with ``sectors`` prefetched to avoid one query each for their HNTE field.
    """
    if any(enterprise.kind != OrganisationKind.ENTERPRISE for enterprise in enterprises):
        raise ValueError("Only enterprises have policy figures.")
    reports_of = _annual_reports_as_of([enterprise.pk for enterprise in enterprises], as_of)
    return [_policy_input(enterprise, reports_of.get(enterprise.pk, []), as_of) for enterprise in enterprises]


def _policy_input(
    enterprise: Organisation, reports: list[DataReport], as_of: datetime.date
) -> dict[str, Any]:
    years = [_year(report) for report in reports]
    last = next((year for year in years if year["year"] == as_of.year - 1), None)
    latest = reports[-1] if reports else None
    ip = {
        "class_i_count": latest.ip_class_i_count if latest else 0,
        "class_ii_count": latest.ip_class_ii_count if latest else 0,
    }
    fields = sorted({sector.hnte_field for sector in enterprise.sectors.all()})
    return {
        "enterprise_id": enterprise.pk,
        "as_of": as_of.isoformat(),
        "registration_date": enterprise.registration_date.isoformat()
        if enterprise.registration_date
        else None,
        "resident_enterprise_mainland": enterprise.country == "CN",
        # With sectors in several HNTE fields the first by code stands in; the programme may override it.
        "tech_field": fields[0] if fields else None,
        "core_ip": ip,
        "ip": dict(ip),
        "fiscal_years": years,
        "last_fiscal_year": last,
    }
