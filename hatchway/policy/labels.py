"""Every name a person meets on the eligibility pages, notices and exports, in words (zh-Hans and en).

One place for all of them: input field paths (docs/policy/criteria.md §5, e.g. ``innovation_subscores.ip`` or
``fiscal_years[year=2024].rd_expense_cny``), the engine's values shown in traces (facts such as
``window_rd``, derived values such as ``rd_ratio``), parameters (thresholds) and gap names
(``additional_rd_expense_cny``). A name without a label is shown as it is; a test keeps every name the
shipped rule files and readers use labelled.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise as Label  # a lazily translated text
else:
    Label = str

# Figures of one fiscal year (``fiscal_years[]`` and ``last_fiscal_year``), as data reports hold them.
YEAR_FIELDS: dict[str, Label] = {
    "year": _("Fiscal year"),
    "sales_revenue_cny": _("Sales revenue (yuan)"),
    "rd_expense_cny": _("R&D expense (yuan)"),
    "rd_expense_domestic_cny": _("R&D expense incurred in China (yuan)"),
    "net_assets_cny": _("Net assets at year end (yuan)"),
    "income_total_cny": _("Total income (yuan)"),
    "non_taxable_income_cny": _("Non-taxable income (yuan)"),
    "high_tech_income_cny": _("High-tech product and service income (yuan)"),
    "total_assets_cny": _("Total assets at year end (yuan)"),
    "total_cost_expense_cny": _("Total costs and expenses (yuan)"),
    "employees_avg": _("Employees (annual average)"),
    "tech_staff_avg": _("Tech staff (annual average)"),
    "overseas_staff_count": _("Overseas staff"),
    "main_business_revenue_cny": _("Main-business revenue (yuan)"),
    "net_profit_cny": _("Net profit (yuan)"),
    "rd_staff_year_end_count": _("R&D staff at year end"),
    "employees_year_end_count": _("Employees at year end"),
}

# Every other input field, by its path with list positions left out.
FIELDS: dict[str, Label] = {
    "application_date": _("Application date"),
    "evaluation_date": _("Evaluation date"),
    "decision_date": _("Decision date"),
    "registration_date": _("Registration date"),
    "resident_enterprise_mainland": _("Resident enterprise registered in mainland China"),
    "core_ip.class_i_count": _("Core IP: Class I items"),
    "core_ip.class_ii_count": _("Core IP: Class II items"),
    "ip.class_i_count": _("IP related to the main products: Class I items"),
    "ip.class_ii_count": _("IP related to the main products: Class II items"),
    "tech_field": _("Field of the core technology"),
    "fiscal_years": _("Annual data reports"),
    "last_fiscal_year": _("Figures of the last fiscal year"),
    "innovation_subscores": _("Innovation sub-scores (expert review)"),
    "innovation_subscores.ip": _("Innovation score: intellectual property (0–30)"),
    "innovation_subscores.conversion": _("Innovation score: conversion of achievements (0–30)"),
    "innovation_subscores.rd_management": _("Innovation score: R&D organisation and management (0–20)"),
    "innovation_subscores.growth": _("Innovation score: growth (0–20)"),
    "innovation_subscores.ip_components.technical_advancement": _("IP score: technical advancement (0–8)"),
    "innovation_subscores.ip_components.core_support": _("IP score: core support of the main products (0–8)"),
    "innovation_subscores.ip_components.ip_quantity": _("IP score: quantity (0–8)"),
    "innovation_subscores.ip_components.ip_acquisition": _("IP score: how the IP was acquired (0–6)"),
    "innovation_subscores.ip_components.standards_bonus": _("IP score: standards bonus (0–2)"),
    "major_incident_dates": _("Dates of major safety, quality or environmental incidents"),
    "accounting_sound": _("Sound accounting"),
    "audit_based_tax_collection": _("Income tax collected on an audit basis"),
    "rd_expenses_accurately_collected": _("R&D expenses accurately collected"),
    "industry": _("Industry"),
    "industry.restricted_or_eliminated": _("Industry restricted or to be eliminated"),
    "industry.rd_super_deduction_excluded": _("Industry excluded from the R&D super deduction"),
    "integrity": _("Integrity"),
    "integrity.major_incident_or_serious_dishonesty": _(
        "Major incident or serious dishonesty in the last or current year"
    ),
    "integrity.on_abnormal_or_dishonest_list": _("On the abnormal-operation or serious-dishonesty list"),
    "direct_track": _("Direct-track conditions"),
    "direct_track.hnte_certificate_valid_until": _("HNTE certificate valid until"),
    "direct_track.national_st_awards": _("National S&T awards"),
    "direct_track.national_st_awards.year": _("National S&T award: year"),
    "direct_track.national_st_awards.rank_among_units": _("National S&T award: rank among the units"),
    "direct_track.provincial_or_higher_rd_institution": _(
        "Recognised R&D institution at provincial level or above"
    ),
    "direct_track.led_standard_years": _("Years of standards led"),
    "listed": _("Listed company"),
    "hnte_certificate_valid_until": _("HNTE certificate valid until"),
    "credit_compliant": _("Compliant with S&T credit management"),
    "sector_kind": _("Sector (manufacturing, or software and services)"),
    "equity_financing_3y_cny": _("Equity financing in the last three years (yuan)"),
    "qualitative_conditions_met": _("Qualitative conditions met"),
    "district": _("District"),
    "hnte_certificates": _("HNTE certificates"),
    "hnte_certificates.issued": _("HNTE certificate issue date"),
}

# The engine's named values shown in traces: facts read from the record and derived values.
VALUES: dict[str, Label] = {
    "application_year": _("Application year"),
    "evaluation_year": _("Evaluation year"),
    "certificate_year": _("Certificate year"),
    "days_registered": _("Days since registration"),
    "registered_full_years": _("Full years since registration"),
    "fiscal_years_used": _("Fiscal years counted"),
    "resident_enterprise_mainland": FIELDS["resident_enterprise_mainland"],
    "class_i_count": _("Class I IP items"),
    "class_ii_count": _("Class II IP items"),
    "tech_field": FIELDS["tech_field"],
    "window_sales": _("Sales revenue over the last three fiscal years (yuan)"),
    "window_rd": _("R&D expense over the last three fiscal years (yuan)"),
    "window_rd_domestic": _("R&D expense in China over the last three fiscal years (yuan)"),
    "window_main_revenue": _("Main-business revenue over the last three fiscal years (yuan)"),
    "last_sales": _("Sales revenue of the last fiscal year (yuan)"),
    "sales": _("Sales revenue of the last fiscal year (yuan)"),
    "rd": _("R&D expense of the last fiscal year (yuan)"),
    "total_assets": _("Total assets at the last year end (yuan)"),
    "total_cost_expense": _("Total costs and expenses of the last fiscal year (yuan)"),
    "tech_staff": _("Tech staff"),
    "rd_staff": _("R&D staff"),
    "employees": _("Employees"),
    "high_tech_income": _("High-tech product and service income of the last fiscal year (yuan)"),
    "total_income": _("Total income less non-taxable income, last fiscal year (yuan)"),
    "first_main_revenue": _("Main-business revenue of the first year (yuan)"),
    "last_main_revenue": _("Main-business revenue of the last fiscal year (yuan)"),
    "first_net_profit": _("Net profit of the first year (yuan)"),
    "last_net_profit": _("Net profit of the last fiscal year (yuan)"),
    "equity_financing_3y": FIELDS["equity_financing_3y_cny"],
    "ip_score": _("IP score"),
    "conversion_score": _("Conversion score"),
    "rd_management_score": _("R&D organisation score"),
    "growth_score": _("Growth score"),
    "incident_within_year": _("Major incident in the year before applying"),
    "accounting_sound": FIELDS["accounting_sound"],
    "audit_based_tax_collection": FIELDS["audit_based_tax_collection"],
    "rd_expenses_accurately_collected": FIELDS["rd_expenses_accurately_collected"],
    "restricted_or_eliminated": FIELDS["industry.restricted_or_eliminated"],
    "rd_super_deduction_excluded": FIELDS["industry.rd_super_deduction_excluded"],
    "major_incident_or_serious_dishonesty": FIELDS["integrity.major_incident_or_serious_dishonesty"],
    "on_abnormal_or_dishonest_list": FIELDS["integrity.on_abnormal_or_dishonest_list"],
    "provincial_or_higher_rd_institution": FIELDS["direct_track.provincial_or_higher_rd_institution"],
    "hnte_certificate_valid": _("Holds a valid HNTE certificate"),
    "first_hnte_certificate_year": _("Year of the first HNTE certificate"),
    "latest_top3_award_year": _("Latest national S&T award in the top three (year)"),
    "latest_led_standard_year": _("Latest standard led (year)"),
    "listed": FIELDS["listed"],
    "credit_compliant": FIELDS["credit_compliant"],
    "software_or_services": _("Software or services enterprise"),
    "qualitative_conditions_met": FIELDS["qualitative_conditions_met"],
    "district": FIELDS["district"],
    # Derived values (rule files' ``derived:``).
    "rd_ratio": _("R&D expense / revenue"),
    "rd_threshold": _("Required R&D ratio"),
    "rd_domestic_share": _("Share of R&D incurred in China"),
    "tech_staff_ratio": _("Tech staff share"),
    "rd_staff_ratio": _("R&D staff share"),
    "high_tech_income_share": _("High-tech income share"),
    "innovation_total": _("Innovation score total"),
    "rd_sales_ratio": _("R&D expense / sales revenue"),
    "rd_cost_ratio": _("R&D expense / total costs and expenses"),
    "tech_staff_points": _("Tech-staff points"),
    "rd_by_sales_points": _("R&D points (by sales)"),
    "rd_by_cost_points": _("R&D points (by costs)"),
    "rd_points": _("R&D points"),
    "ip_points": _("IP points"),
    "total_score": _("Total score"),
    "direct": _("A direct-track condition holds"),
    "direct_hnte_certificate": _("Direct track: valid HNTE certificate"),
    "direct_national_award": _("Direct track: national S&T award in the top three"),
    "direct_rd_institution": _("Direct track: R&D institution at provincial level or above"),
    "direct_led_standard": _("Direct track: standard led in the last five years"),
    "revenue_growth_factor": _("Revenue growth factor"),
    "profit_growth_factor": _("Net profit growth factor"),
}

# Thresholds and tables of the rule files.
PARAMETERS: dict[str, Label] = {
    "amount_cny": _("Reward amount (yuan)"),
    "cap_cny": _("Reward cap (yuan)"),
    "growth_bands": _("Growth bands"),
    "ip_bands": _("IP point bands"),
    "max_employees": _("Maximum employees"),
    "max_main_revenue": _("Maximum main-business revenue (yuan)"),
    "max_sales": _("Maximum sales revenue (yuan)"),
    "max_total_assets": _("Maximum total assets (yuan)"),
    "min_cagr": _("Minimum compound growth rate"),
    "min_core_ip": _("Minimum core IP items"),
    "min_equity_financing": _("Minimum equity financing (yuan)"),
    "min_high_tech_income_share": _("Minimum high-tech income share"),
    "min_innovation_score": _("Minimum innovation score"),
    "min_main_revenue": _("Minimum main-business revenue (yuan)"),
    "min_rd_domestic_share": _("Minimum share of R&D in China"),
    "min_rd_ratio": _("Minimum R&D ratio"),
    "min_rd_staff_ratio_manufacturing": _("Minimum R&D staff share (manufacturing)"),
    "min_rd_staff_ratio_software_services": _("Minimum R&D staff share (software and services)"),
    "min_registered_years": _("Minimum full years since registration"),
    "min_registration_days": _("Minimum days since registration"),
    "min_score": _("Minimum total score"),
    "min_tech_staff_ratio": _("Minimum tech staff share"),
    "rd_by_cost_bands": _("R&D point bands (by costs)"),
    "rd_by_sales_bands": _("R&D point bands (by sales)"),
    "rd_tiers": _("Required R&D ratio by last year's sales"),
    "recent_years": _("Look-back period (years)"),
    "recognition_year": _("Recognition year"),
    "reward_district": _("District paying the reward"),
    "supported_fields": _("Supported high-tech fields"),
    "tech_staff_bands": _("Tech-staff point bands"),
}

# Gaps a near miss is told (docs/policy/criteria.md "What-if hints").
HINTS: dict[str, Label] = {
    "additional_rd_expense_cny": _("Additional R&D expense needed (yuan)"),
    "additional_points": _("Additional points needed"),
}

# Programme outputs: tech-SME scores.
SCORES: dict[str, Label] = {
    "tech_staff": VALUES["tech_staff_points"],
    "rd_by_sales": VALUES["rd_by_sales_points"],
    "rd_by_cost": VALUES["rd_by_cost_points"],
    "rd": VALUES["rd_points"],
    "ip": VALUES["ip_points"],
    "total": VALUES["total_score"],
}

_BY_YEAR = re.compile(r"^fiscal_years\[year=(?P<year>\d+)\](?:\.(?P<name>\w+))?$")
_BY_INDEX = re.compile(r"^fiscal_years\[(?P<index>\d+)\](?:\.(?P<name>\w+))?$")
_POSITION = re.compile(r"\[(\d+)\]")


def field_label(path: str) -> str:
    """An input field path in words: ``fiscal_years[year=2024].rd_expense_cny`` → "R&D expense (yuan), 2024".

    List positions are kept as item numbers, counted from 1; an unknown path is returned as it is.
    """
    if match := _BY_YEAR.match(path):
        year, name = match["year"], match["name"]
        if name is None:
            return gettext("Annual data report for %(year)s") % {"year": year}
        return gettext("%(field)s, fiscal year %(year)s") % {
            "field": YEAR_FIELDS.get(name, name),
            "year": year,
        }
    if match := _BY_INDEX.match(path):
        number, name = int(match["index"]) + 1, match["name"]
        field = YEAR_FIELDS.get(name, name) if name else FIELDS["fiscal_years"]
        return gettext("%(field)s (fiscal year no. %(number)s in the list)") % {
            "field": field,
            "number": number,
        }
    if (
        path.startswith("last_fiscal_year.")
        and (name := path.removeprefix("last_fiscal_year.")) in YEAR_FIELDS
    ):
        return gettext("%(field)s, last fiscal year") % {"field": YEAR_FIELDS[name]}
    positions = _POSITION.findall(path)
    bare = _POSITION.sub("", path)
    label = FIELDS.get(bare)
    if label is None:
        return path
    if positions:
        return gettext("%(field)s (item %(number)s)") % {"field": label, "number": int(positions[-1]) + 1}
    return str(label)


def value_label(name: str) -> str:
    """A fact or derived value of a trace in words (``window_rd`` → "R&D expense over the last three…")."""
    return str(VALUES.get(name, name))


def parameter_label(name: str) -> str:
    return str(PARAMETERS.get(name, name))


def hint_label(name: str) -> str:
    """A gap's name in words (``additional_rd_expense_cny`` → "Additional R&D expense needed (yuan)")."""
    return str(HINTS.get(name, name))


def score_label(name: str) -> str:
    return str(SCORES.get(name, name))


def is_labelled_field(path: str) -> bool:
    """True when ``field_label`` knows the path (used by the test that keeps every field labelled)."""
    return field_label(path) != path
