"""Deterministic synthetic enterprises for the policy benchmark (numpy only; shared by both engines).

Each programme gets the flat per-enterprise facts that Hatchway's input readers produce (window sums,
last-year figures, head-counts in hundredths). A large share of the rows sits exactly on, or one unit
off, a threshold of docs/policy/criteria.md, so the sample comparison exercises the boundaries, not only the easy
middle. Complete records only: OpenFisca has no notion of an unknown input. The one categorical fact,
``tech_field``, is given as codes into ``FIELDS`` (``CATEGORIES``), as a columnar store keeps an enum and as
OpenFisca's ``Enum`` variables hold it.
"""

from __future__ import annotations

import numpy as np

FIELDS = np.array(
    [
        "electronic_information",
        "biology_and_new_medicine",
        "aerospace",
        "new_materials",
        "high_tech_services",
        "new_energy_and_energy_saving",
        "resources_and_environment",
        "advanced_manufacturing_and_automation",
        "retail",
        "other",
    ]
)


def _edge(rng: np.random.Generator, exact: np.ndarray, n: int) -> np.ndarray:
    """``exact`` nudged by −1, 0 or +1 (clipped at 0)."""
    return np.maximum(exact + rng.integers(-1, 2, n), 0)


def hnte(n: int, seed: int = 20260101) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    days = rng.integers(100, 4000, n)
    days[rng.random(n) < 0.1] = 365
    days[rng.random(n) < 0.05] = 364
    last_sales = rng.integers(0, 300_000_000, n)
    edges = np.array([0, 50_000_000, 50_000_001, 200_000_000, 200_000_001])
    pick = rng.random(n) < 0.4
    last_sales[pick] = edges[rng.integers(0, len(edges), int(pick.sum()))]
    window_sales = last_sales + rng.integers(0, 400_000_000, n) * (rng.random(n) < 0.9)
    rate_pct = np.where(last_sales <= 50_000_000, 5, np.where(last_sales <= 200_000_000, 4, 3))
    at_edge = -((-rate_pct * window_sales) // 100)  # ceil(rate × sales): the smallest passing R&D
    window_rd = np.where(rng.random(n) < 0.5, _edge(rng, at_edge, n), rng.integers(0, 1 + window_sales // 8))
    domestic_edge = -((-60 * window_rd) // 100)
    window_rd_domestic = np.where(
        rng.random(n) < 0.5,
        np.minimum(_edge(rng, domestic_edge, n), window_rd),
        rng.integers(0, 1 + window_rd),
    )
    employees_centi = rng.integers(0, 50_000, n)
    employees_centi[rng.random(n) < 0.01] = 0
    tech_edge = -((-10 * employees_centi) // 100)
    tech_staff_centi = np.where(
        rng.random(n) < 0.5, _edge(rng, tech_edge, n), rng.integers(0, 1 + employees_centi // 3)
    )
    total_income = rng.integers(0, 300_000_000, n)
    total_income[rng.random(n) < 0.01] = 0
    ht_edge = -((-60 * total_income) // 100)
    high_tech_income = np.where(
        rng.random(n) < 0.5, _edge(rng, ht_edge, n), rng.integers(0, 1 + total_income)
    )
    return {
        "days_registered": days,
        "resident_enterprise_mainland": rng.random(n) > 0.03,
        "class_i_count": rng.integers(0, 3, n) * (rng.random(n) < 0.4),
        "class_ii_count": rng.integers(0, 6, n) * (rng.random(n) < 0.9),
        "tech_field": rng.integers(0, len(FIELDS), n).astype(np.int16),  # codes into FIELDS
        "fiscal_years_used": np.full(n, 3),
        "application_year": np.full(n, 2025),
        "window_sales": window_sales,
        "window_rd": window_rd,
        "window_rd_domestic": window_rd_domestic,
        "last_sales": last_sales,
        "tech_staff_centi": tech_staff_centi,
        "employees_centi": employees_centi,
        "high_tech_income": high_tech_income,
        "total_income": total_income,
        "ip_score": rng.integers(10, 31, n),
        "conversion_score": rng.integers(10, 31, n),
        "rd_management_score": rng.integers(5, 21, n),
        "growth_score": rng.integers(0, 21, n),
        "incident_within_year": rng.random(n) < 0.02,
    }


def tsme(n: int, seed: int = 20260102) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    employees_centi = rng.integers(0, 60_000, n)
    employees_centi[rng.random(n) < 0.05] = 50_000
    employees_centi[rng.random(n) < 0.02] = 50_050
    employees_centi[rng.random(n) < 0.01] = 0
    share = np.array([10, 15, 20, 25, 30])[rng.integers(0, 5, n)]
    tech_staff_centi = np.where(
        rng.random(n) < 0.5,
        _edge(rng, -((-share * employees_centi) // 100), n),
        rng.integers(0, 1 + employees_centi // 2),
    )
    sales = rng.integers(0, 250_000_000, n)
    sales[rng.random(n) < 0.05] = 200_000_000
    sales[rng.random(n) < 0.02] = 0
    cost = rng.integers(0, 200_000_000, n)
    cost[rng.random(n) < 0.02] = 0
    pct = np.array([2, 3, 4, 5, 6])[rng.integers(0, 5, n)]
    rd = np.where(
        rng.random(n) < 0.5, _edge(rng, -((-pct * sales) // 100), n), rng.integers(0, 1 + sales // 5)
    )
    assets = rng.integers(0, 250_000_000, n)
    assets[rng.random(n) < 0.05] = 200_000_000

    def flag(p: float) -> np.ndarray:
        return rng.random(n) < p

    return {
        "evaluation_year": np.full(n, 2025),
        "resident_enterprise_mainland": ~flag(0.02),
        "accounting_sound": ~flag(0.02),
        "audit_based_tax_collection": ~flag(0.05),
        "rd_expenses_accurately_collected": ~flag(0.02),
        "restricted_or_eliminated": flag(0.02),
        "rd_super_deduction_excluded": flag(0.05),
        "major_incident_or_serious_dishonesty": flag(0.01),
        "on_abnormal_or_dishonest_list": flag(0.02),
        "employees_centi": employees_centi,
        "tech_staff_centi": tech_staff_centi,
        "sales": sales,
        "total_assets": assets,
        "rd": rd,
        "total_cost_expense": cost,
        "class_i_count": rng.integers(0, 2, n) * flag(0.3),
        "class_ii_count": rng.integers(0, 8, n),
        "hnte_certificate_valid": flag(0.1),
        "latest_top3_award_year": np.where(flag(0.03), rng.integers(2015, 2026, n), 0),
        "provincial_or_higher_rd_institution": flag(0.03),
        "latest_led_standard_year": np.where(flag(0.03), rng.integers(2015, 2026, n), 0),
    }


GENERATORS = {"hnte": hnte, "tsme": tsme}
CATEGORIES = {"tech_field": FIELDS}
