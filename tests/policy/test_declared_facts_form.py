"""The eligibility page's form for facts data reports do not hold: who may declare, what is stored, errors."""

from __future__ import annotations

import pytest

from hatchway.directory.models import Membership
from hatchway.policy.models import DeclaredFacts
from tests.policy.eligibility import make_enterprise, run_now

pytestmark = pytest.mark.django_db

FULL = {
    "subscore_ip": "25",
    "subscore_conversion": "25",
    "subscore_rd_management": "15",
    "subscore_growth": "10",
    "major_incidents": "none",
    "accounting_sound": "yes",
    "audit_based_tax_collection": "yes",
    "rd_expenses_accurately_collected": "yes",
    "restricted_or_eliminated": "no",
    "rd_super_deduction_excluded": "no",
    "major_incident_or_serious_dishonesty": "no",
    "on_abnormal_or_dishonest_list": "no",
    "hnte_certificate": "listed",
    "hnte_certificate_valid_until": "2027-12-31",
    "provincial_or_higher_rd_institution": "no",
    "national_st_award_status": "listed",
    "national_st_awards": "2022, 2",
    "led_standard_status": "none",
}


def test_a_member_declares_the_facts_on_the_page_and_the_next_run_uses_them(client_as, operator, founder):
    enterprise = make_enterprise(declared=None, members=[founder])
    client = client_as(founder)
    page = client.get(f"/policy/enterprises/{enterprise.pk}/").content.decode()
    assert f'action="/policy/enterprises/{enterprise.pk}/facts/"' in page
    assert "Innovation score: intellectual property (0–30)" in page  # labels in the founder's English

    response = client.post(f"/policy/enterprises/{enterprise.pk}/facts/", FULL)

    assert response.status_code == 302
    assert response["Location"] == f"/policy/enterprises/{enterprise.pk}/#declared-facts"
    facts = DeclaredFacts.objects.get(enterprise=enterprise)
    assert facts.updated_by == founder
    assert facts.facts == {
        "innovation_subscores": {"ip": 25, "conversion": 25, "rd_management": 15, "growth": 10},
        "major_incident_dates": [],
        "accounting_sound": True,
        "audit_based_tax_collection": True,
        "rd_expenses_accurately_collected": True,
        "industry": {"restricted_or_eliminated": False, "rd_super_deduction_excluded": False},
        "integrity": {"major_incident_or_serious_dishonesty": False, "on_abnormal_or_dishonest_list": False},
        "direct_track": {
            "hnte_certificate_valid_until": "2027-12-31",
            "provincial_or_higher_rd_institution": False,
            "national_st_awards": [{"year": 2022, "rank_among_units": 2}],
            "led_standard_years": [],
        },
    }
    assert run_now(operator, "hnte").determinations.get(enterprise=enterprise).eligible is True
    again = client.get(f"/policy/enterprises/{enterprise.pk}/").content.decode()
    assert 'value="2027-12-31"' in again  # the form shows what was declared


def test_an_empty_field_stays_undeclared_and_keeps_its_criteria_waiting(client_as, operator, founder):
    enterprise = make_enterprise(declared=None, members=[founder])
    client_as(founder).post(
        f"/policy/enterprises/{enterprise.pk}/facts/", {"subscore_ip": "25", "major_incidents": ""}
    )
    assert DeclaredFacts.objects.get(enterprise=enterprise).facts == {"innovation_subscores": {"ip": 25}}
    determination = run_now(operator, "hnte").determinations.get(enterprise=enterprise)
    assert determination.eligible is None
    assert "innovation_subscores.conversion" in determination.missing_inputs
    assert "major_incident_dates" in determination.missing_inputs
    assert "innovation_subscores.ip" not in determination.missing_inputs


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("subscore_ip", "31", "less than or equal to 30"),
        ("major_incident_dates", "2024-02-30", "Line 1: “2024-02-30” is not a date"),
        ("national_st_awards", "2022", "Line 1: “2022” is not an award"),
        ("led_standard_years", "2021, soon", "“soon” is not a year"),
        ("hnte_certificate_valid_until", "", "Write it here"),
    ],
)
def test_a_bad_value_is_refused_next_to_its_field_and_nothing_is_stored(
    client_as, founder, field, value, message
):
    enterprise = make_enterprise(declared=None, members=[founder])
    status = {
        "major_incident_dates": {"major_incidents": "listed"},
        "national_st_awards": {"national_st_award_status": "listed"},
        "led_standard_years": {"led_standard_status": "listed"},
        "hnte_certificate_valid_until": {"hnte_certificate": "listed"},
    }.get(field, {})
    response = client_as(founder).post(
        f"/policy/enterprises/{enterprise.pk}/facts/", {**status, field: value}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert f'id="id_{field}-error"' in page
    assert message in page
    assert not DeclaredFacts.objects.filter(enterprise=enterprise).exists()


def test_writing_dates_without_choosing_them_asks_to_choose(client_as, founder):
    enterprise = make_enterprise(declared=None, members=[founder])
    response = client_as(founder).post(
        f"/policy/enterprises/{enterprise.pk}/facts/",
        {"major_incidents": "none", "major_incident_dates": "2024-03-01"},
    )
    assert response.status_code == 422
    assert 'id="id_major_incidents-error"' in response.content.decode()


def test_facts_only_the_api_sets_are_kept_when_the_form_is_saved(client_as, api_as, founder):
    enterprise = make_enterprise(declared=None, members=[founder])
    components = {"technical_advancement": 6, "core_support": 6, "ip_quantity": 7, "ip_acquisition": 5}
    api_as(founder).request(
        "put",
        f"/organisations/{enterprise.pk}/policy-facts",
        {"facts": {"innovation_subscores": {"ip_components": components}}},
    )
    client_as(founder).post(f"/policy/enterprises/{enterprise.pk}/facts/", {"subscore_growth": "12"})
    assert DeclaredFacts.objects.get(enterprise=enterprise).facts == {
        "innovation_subscores": {"ip_components": components, "growth": 12}
    }


def test_carrier_staff_and_operators_may_declare_and_outsiders_may_not(
    client_as, operator, incubator, investor
):
    carrier_id = Membership.objects.carrier_ids_of(incubator)[0]
    enterprise = make_enterprise(declared=None, incubating_carrier_id=carrier_id)
    url = f"/policy/enterprises/{enterprise.pk}/facts/"
    assert client_as(investor).post(url, FULL).status_code == 403
    assert not DeclaredFacts.objects.exists()
    assert client_as(incubator).post(url, FULL).status_code == 302
    assert client_as(operator).post(url, {**FULL, "subscore_ip": "20"}).status_code == 302
    declared = DeclaredFacts.objects.get(enterprise=enterprise)
    assert (declared.facts["innovation_subscores"]["ip"], declared.updated_by) == (20, operator)


def test_what_if_starts_from_facts_declared_after_the_last_run(client_as, api_as, operator, founder):
    enterprise = make_enterprise(declared=None, members=[founder])
    assert run_now(operator, "hnte").determinations.get(enterprise=enterprise).eligible is None
    client_as(founder).post(f"/policy/enterprises/{enterprise.pk}/facts/", FULL)
    body = api_as(founder).post(
        f"/organisations/{enterprise.pk}/what-if", {"programme": "hnte", "rd_expense_cny": 600_000}
    )
    assert body.json()["before"]["eligible"] is True  # the declaration counts before the next run
