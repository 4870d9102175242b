"""What-if on an enterprise's eligibility page and API: other figures re-evaluated, nothing stored."""

from __future__ import annotations

import pytest

from hatchway.policy.models import Determination
from tests.policy.eligibility import make_enterprise, run_now

pytestmark = pytest.mark.django_db


def test_more_rd_expense_turns_a_near_miss_eligible_on_the_page(client_as, operator, founder):
    # 400,000 a year for 2022–2024 is 1.2M of 30M sales (4%); 700,000 in 2024 makes 1.5M, exactly 5%.
    enterprise = make_enterprise(rd_yuan=400_000, members=[founder])
    run_now(operator, "hnte")
    stored = list(Determination.objects.values_list("eligible", "input"))
    response = client_as(founder).post(
        f"/policy/enterprises/{enterprise.pk}/", {"programme": "hnte", "rd_expense_cny": "700000"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-before="False" data-after="True"' in page
    assert "hnte.rd_expense_ratio" in page
    assert list(Determination.objects.values_list("eligible", "input")) == stored


def test_one_yuan_less_keeps_it_a_near_miss_with_the_remaining_gap(api_as, operator, founder):
    enterprise = make_enterprise(rd_yuan=400_000, members=[founder])
    run_now(operator, "hnte")
    body = (
        api_as(founder)
        .post(f"/organisations/{enterprise.pk}/what-if", {"programme": "hnte", "rd_expense_cny": 699_999})
        .json()
    )
    assert body["after"]["eligible"] is False
    assert body["after"]["hints"] == {"hnte.rd_expense_ratio": {"additional_rd_expense_cny": 1}}


def test_hiring_rd_staff_raises_the_tech_sme_staff_score(api_as, operator, founder):
    enterprise = make_enterprise(members=[founder])
    run_now(operator, "tsme")
    body = (
        api_as(founder)
        .post(f"/organisations/{enterprise.pk}/what-if", {"programme": "tsme", "additional_rd_staff": 10})
        .json()
    )
    # 10 of 50 is 20% (12 points); 20 of 60 is 33% (20 points).
    assert (body["before"]["scores"]["tech_staff"], body["after"]["scores"]["tech_staff"]) == (12, 20)
    assert body["changes"]["last_fiscal_year"] == {"tech_staff_avg": 20, "employees_avg": 60}


def test_the_form_asks_for_at_least_one_figure(client_as, operator, founder):
    enterprise = make_enterprise(members=[founder])
    response = client_as(founder).post(f"/policy/enterprises/{enterprise.pk}/", {"programme": "hnte"})
    assert response.status_code == 422


def test_what_if_is_refused_to_people_outside_the_enterprise(api_as, operator, investor):
    enterprise = make_enterprise()
    response = api_as(investor).post(
        f"/organisations/{enterprise.pk}/what-if", {"programme": "hnte", "rd_expense_cny": 1}
    )
    assert response.status_code == 403


def test_the_page_shows_now_and_what_if_side_by_side_with_the_criteria_that_flip(
    client_as, operator, founder
):
    # High-tech income of 8M in 10M total income is 80%; 5M would be 50%, under the 60% share.
    enterprise = make_enterprise(members=[founder])
    run_now(operator, "hnte")
    client = client_as(founder)
    form = client.get(f"/policy/enterprises/{enterprise.pk}/").content.decode()
    assert 'placeholder="8000000"' in form  # the filed figure, kept when the field stays empty
    page = client.post(
        f"/policy/enterprises/{enterprise.pk}/", {"programme": "hnte", "high_tech_income_cny": "5000000"}
    ).content.decode()
    assert 'data-before="True" data-after="False"' in page
    assert 'data-criterion="hnte.high_tech_income_share" data-changed="true"' in page
    assert 'data-criterion="hnte.rd_expense_ratio" data-changed="false"' in page
    assert "High-tech product and service income (yuan) = 5000000" in page


def test_more_sales_revenue_raises_the_tier_and_total_income_follows(api_as, operator, founder):
    enterprise = make_enterprise(members=[founder])
    run_now(operator, "hnte")
    body = (
        api_as(founder)
        .post(
            f"/organisations/{enterprise.pk}/what-if", {"programme": "hnte", "sales_revenue_cny": 60_000_000}
        )
        .json()
    )
    year = body["changes"]["fiscal_years"][0]
    assert (year["sales_revenue_cny"], year["income_total_cny"]) == (60_000_000, 60_000_000)
    # 1.8M R&D of 80M sales is 2.25%, under the 4% of the 50M–200M tier; 8M of 60M income is under 60%.
    assert sorted(body["after"]["failing"]) == ["hnte.high_tech_income_share", "hnte.rd_expense_ratio"]
    assert body["after"]["derived"]["rd_threshold"] == "0.04"


def test_ip_counts_by_class_change_core_ip_and_the_tech_sme_ip_score(api_as, operator, founder):
    enterprise = make_enterprise(members=[founder])
    run_now(operator, "tsme")
    api = api_as(founder)
    body = api.post(
        f"/organisations/{enterprise.pk}/what-if",
        {"programme": "tsme", "class_i_count": 0, "class_ii_count": 3},
    ).json()
    assert (body["before"]["scores"]["ip"], body["after"]["scores"]["ip"]) == (30, 18)
    hnte = api.post(
        f"/organisations/{enterprise.pk}/what-if", {"programme": "hnte", "class_i_count": 0}
    ).json()
    assert hnte["changed"] == [{"criterion": "hnte.owns_core_ip", "before": "pass", "after": "fail"}]


def test_tech_staff_and_staff_to_hire_cannot_both_be_written(client_as, operator, founder):
    enterprise = make_enterprise(members=[founder])
    response = client_as(founder).post(
        f"/policy/enterprises/{enterprise.pk}/",
        {"programme": "tsme", "tech_staff_avg": "12", "additional_rd_staff": "2"},
    )
    assert response.status_code == 422
    assert "not both" in response.content.decode()
