"""Enterprises with filed figures for the eligibility tests (proactive runs, pages, what-if).

Every enterprise is registered in 2019 in mainland China, works in integrated circuits (HNTE field
"electronic information") and files 2022–2024; runs are as of 2025-06-01, so the window is 2022–2024.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from hatchway.directory.actions import do_file_data_report, do_grant_role
from hatchway.directory.models import Organisation, Role, Sector
from hatchway.policy.actions import do_declare_facts, do_evaluate_run, do_start_run
from hatchway.policy.models import PolicyRun
from tests.conftest import make_organisation

AS_OF = datetime.date(2025, 6, 1)
FILED = datetime.datetime(2025, 3, 1, 9, 0, tzinfo=datetime.UTC)

# What data reports do not hold: expert sub-scores (total 75 ≥ 71), no incident, TSME's tax and industry flags.
DECLARED = {
    "innovation_subscores": {"ip": 25, "conversion": 25, "rd_management": 15, "growth": 10},
    "major_incident_dates": [],
    "accounting_sound": True,
    "audit_based_tax_collection": True,
    "rd_expenses_accurately_collected": True,
    "industry": {"restricted_or_eliminated": False, "rd_super_deduction_excluded": False},
    "integrity": {"major_incident_or_serious_dishonesty": False, "on_abnormal_or_dishonest_list": False},
}


def make_enterprise(
    *,
    rd_yuan: int = 600_000,
    declared: dict[str, Any] | None = DECLARED,
    members: Sequence[Any] = (),
    **fields: Any,
) -> Organisation:
    """An enterprise with 10M yuan sales a year; R&D of 600,000 (6%) passes HNTE's 5% tier, 400,000 (4%) fails."""
    fields.setdefault("registration_date", datetime.date(2019, 1, 1))
    enterprise = make_organisation(**fields)
    enterprise.sectors.set([Sector.objects.get(code="integrated_circuits")])
    for year in (2022, 2023, 2024):
        do_file_data_report(
            enterprise,
            fiscal_year=year,
            now=FILED,
            sales_revenue_fen=10_000_000_00,
            rd_expense_fen=rd_yuan * 100,
            rd_expense_domestic_fen=rd_yuan * 100,
            income_total_fen=10_000_000_00,
            high_tech_income_fen=8_000_000_00,
            net_assets_fen=5_000_000_00,
            total_assets_fen=9_000_000_00,
            total_cost_expense_fen=8_000_000_00,
            employees_avg=50,
            tech_staff_avg=10,
            ip_class_i_count=1,
        )
    for user in members:
        do_grant_role(user, Role.ENTERPRISE_MEMBER, enterprise)
    if declared is not None:
        do_declare_facts(None, enterprise, declared)  # type: ignore[arg-type]
    return enterprise


def run_now(user: Any, programme: str, as_of: datetime.date = AS_OF) -> PolicyRun:
    """Start a run and evaluate it here (the queued task is what a worker would run)."""
    return do_evaluate_run(do_start_run(user, programme, as_of, enqueue=False))
