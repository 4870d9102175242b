"""The policy API: catalogue, stateless evaluation and what-if, through HTTP."""

import pytest

from tests.policy.records import hnte_record, tsme_record

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_programmes_with_their_sources(api_as, founder):
    response = api_as(founder).get("/programmes")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 5
    ids = [item["id"] for item in body["items"]]
    assert ids[:2] == ["hnte", "tsme"]
    hnte = body["items"][0]
    assert hnte["title"] == {"zh": "高新技术企业认定", "en": "High and New Technology Enterprise recognition"}
    assert hnte["sources"][0]["id"] == "32号"
    assert hnte["verified"] is True
    little = next(item for item in body["items"] if item["id"] == "sh_little_giant")
    assert little["verified"] is False


def test_the_catalogue_needs_a_signed_in_caller(api_as):
    assert api_as().get("/programmes").status_code == 401


def test_one_programme_shows_criteria_articles_and_dated_parameters(api_as, founder):
    body = api_as(founder).get("/programmes/tsme").json()
    assert [c["id"] for c in body["criteria"]][-2:] == ["tsme.score_min_60", "tsme.tech_staff_score_nonzero"]
    score = body["criteria"][-2]
    assert score["article"]["zh"] == "115号 第六条（五）"
    assert score["hints"] == {"additional_points": "min_score - total_score"}
    [max_employees] = [p for p in body["parameters"] if p["name"] == "max_employees"]
    assert max_employees["values"] == [{"from": "2017-05-01", "value": 500}]


def test_an_unknown_programme_is_not_found(api_as, founder):
    response = api_as(founder).get("/programmes/nope")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_evaluate_returns_eligibility_hints_and_trace(api_as, founder):
    record = hnte_record(innovation_subscores={"ip": 22, "conversion": 24, "rd_management": 14, "growth": 10})
    response = api_as(founder).post("/programmes/hnte/evaluate", {"input": record})
    assert response.status_code == 200
    body = response.json()
    assert body["eligible"] is False
    assert body["failing"] == ["hnte.innovation_score"]
    assert body["hints"] == {"hnte.innovation_score": {"additional_points": 1}}
    assert body["trace"][0]["criterion"] == "hnte.resident_enterprise"


def test_evaluate_reports_bad_fields_with_their_location(api_as, founder):
    record = tsme_record()
    record["last_fiscal_year"]["sales_revenue_cny"] = "5千万"
    response = api_as(founder).post("/programmes/tsme/evaluate", {"input": record})
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"][0]["location"] == "body.input.last_fiscal_year.sales_revenue_cny"


def test_evaluate_refuses_unexpected_body_fields(api_as, founder):
    response = api_as(founder).post("/programmes/tsme/evaluate", {"input": tsme_record(), "extra": 1})
    assert response.status_code == 422


def test_a_template_programme_cannot_be_evaluated_until_set(api_as, founder):
    body = {"input": {"decision_date": "2026-01-01", "district": "putuo", "hnte_certificates": []}}
    response = api_as(founder).post(
        "/programmes/district_reward_first_hnte/evaluate", body, **{"Accept-Language": "en"}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert "template" in response.json()["message"]


def test_what_if_lists_the_criteria_that_change(api_as, founder):
    record = tsme_record(ip={"class_i_count": 0, "class_ii_count": 0})
    response = api_as(founder).post(
        "/programmes/tsme/what-if", {"input": record, "changes": {"ip": {"class_ii_count": 3}}}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["before"]["eligible"] is False
    assert body["after"]["eligible"] is True
    assert body["changed"] == [{"criterion": "tsme.score_min_60", "before": "fail", "after": "pass"}]
