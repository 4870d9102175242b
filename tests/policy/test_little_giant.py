"""Shanghai Little Giant (unverified 2023 thresholds, kept as data)."""

import copy

import pytest

from hatchway.policy.engine import evaluate_record, get_programme


def record(revenues=(40000000, 50000000, 57600000), **changes):
    data = {
        "application_date": "2024-03-01",
        "registration_date": "2021-03-01",
        "listed": False,
        "hnte_certificate_valid_until": "2026-01-01",
        "credit_compliant": True,
        "sector_kind": "manufacturing",
        "fiscal_years": [
            {
                "year": year,
                "main_business_revenue_cny": revenue,
                "rd_expense_cny": revenue * 7 // 100,
                "net_profit_cny": 1000000,
                "rd_staff_year_end_count": 10,
                "employees_year_end_count": 100,
            }
            for year, revenue in zip((2021, 2022, 2023), revenues, strict=True)
        ],
        "equity_financing_3y_cny": 0,
        "qualitative_conditions_met": True,
    }
    data.update(copy.deepcopy(changes))
    return data


def test_a_cultivation_enterprise_at_every_edge_passes():
    result = evaluate_record(get_programme("sh_little_giant_cultivation"), record())
    assert result["failing"] == []
    assert result["eligible"] is True
    assert result["derived"]["revenue_growth_factor"] == "1.44"  # CAGR exactly 20%
    assert result["derived"]["registered_full_years"] == 3


def test_a_cagr_just_under_20_percent_needs_equity_financing():
    cultivation = get_programme("sh_little_giant_cultivation")
    slow = record(revenues=(40000000, 50000000, 57599999))
    assert evaluate_record(cultivation, slow)["failing"] == ["sh_little_giant.growth_or_financing"]
    funded = dict(slow, equity_financing_3y_cny=50000001)
    assert evaluate_record(cultivation, funded)["eligible"] is True
    assert evaluate_record(cultivation, dict(slow, equity_financing_3y_cny=50000000))["eligible"] is False


def test_software_firms_need_a_higher_rd_staff_share():
    result = evaluate_record(
        get_programme("sh_little_giant_cultivation"), record(sector_kind="software_or_services")
    )
    assert result["failing"] == ["sh_little_giant.rd_staff_ratio"]


@pytest.mark.parametrize(
    ("revenue", "ok"), [(29999999, False), (30000000, True), (100000000, True), (100000001, False)]
)
def test_the_revenue_range_includes_both_ends(revenue, ok):
    revenues = (revenue // 2, revenue // 2, revenue)
    result = evaluate_record(get_programme("sh_little_giant_cultivation"), record(revenues=revenues))
    assert ("sh_little_giant.main_revenue_range" not in result["failing"]) is ok


def test_the_little_giant_level_asks_for_more():
    result = evaluate_record(get_programme("sh_little_giant"), record())
    assert "sh_little_giant.rd_staff_ratio" in result["failing"]
    assert "sh_little_giant.main_revenue_range" in result["failing"]


def test_a_listed_or_young_enterprise_is_not_eligible():
    result = evaluate_record(
        get_programme("sh_little_giant_cultivation"), record(listed=True, registration_date="2021-03-02")
    )
    assert result["failing"] == ["sh_little_giant.registered_three_years", "sh_little_giant.unlisted"]
