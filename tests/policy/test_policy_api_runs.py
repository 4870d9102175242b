"""The eligibility-run API: operators start, follow, approve and export runs; enterprises read their own."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from hatchway.policy.models import PolicyRun
from tests.policy.eligibility import make_enterprise, run_now

pytestmark = pytest.mark.django_db


def test_an_operator_starts_a_run_and_follows_its_progress(
    api_as, operator, django_capture_on_commit_callbacks
):
    make_enterprise()
    api = api_as(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/policy-runs", {"programme": "hnte", "as_of": "2025-06-01"})
    assert response.status_code == 201
    run_id = response.json()["id"]
    body = api.get(f"/policy-runs/{run_id}").json()
    assert (body["status"], body["progress_done"], body["progress_total"], body["percent"]) == (
        "done",
        1,
        1,
        100,
    )
    assert body["counts"]["eligible"] == 1
    listed = api.get("/policy-runs?programme=hnte").json()
    assert listed["count"] == 1
    assert listed["items"][0]["id"] == run_id


@pytest.mark.parametrize("persona", ["founder", "incubator", "stranger"])
def test_only_operators_may_start_or_read_runs(api_as, operator, persona, request):
    run = run_now(operator, "hnte")
    api = api_as(request.getfixturevalue(persona))
    assert api.post("/policy-runs", {"programme": "hnte", "as_of": "2025-06-01"}).status_code == 403
    assert api.get("/policy-runs").status_code == 403
    assert api.get(f"/policy-runs/{run.pk}").status_code == 403
    assert api.post(f"/policy-runs/{run.pk}/approve").status_code == 403
    assert api.get(f"/policy-runs/{run.pk}/determinations").status_code == 403


def test_a_run_of_an_unknown_programme_or_with_extra_fields_is_refused(api_as, operator):
    api = api_as(operator)
    assert api.post("/policy-runs", {"programme": "nope", "as_of": "2025-06-01"}).status_code == 404
    extra = api.post("/policy-runs", {"programme": "hnte", "as_of": "2025-06-01", "x": 1})
    assert extra.status_code == 422
    assert PolicyRun.objects.count() == 0


def test_results_are_paginated_and_filtered_by_outcome(api_as, operator):
    make_enterprise()
    make_enterprise(rd_yuan=400_000)
    make_enterprise(declared=None)
    run = run_now(operator, "hnte")
    api = api_as(operator)
    everything = api.get(f"/policy-runs/{run.pk}/determinations?page_size=2").json()
    assert (everything["count"], len(everything["items"])) == (3, 2)
    near = api.get(f"/policy-runs/{run.pk}/determinations?outcome=near_miss").json()
    assert [item["outcome"] for item in near["items"]] == ["near_miss"]
    assert near["items"][0]["hints"] == {"hnte.rd_expense_ratio": {"additional_rd_expense_cny": 300000}}
    unknown = api.get(f"/policy-runs/{run.pk}/determinations?outcome=unknown").json()
    assert unknown["count"] == 1
    assert unknown["items"][0]["eligible"] is None


def test_approving_through_the_api_records_who_approved(api_as, operator):
    make_enterprise()
    run = run_now(operator, "hnte")
    body = api_as(operator).post(f"/policy-runs/{run.pk}/approve").json()
    assert body["approved_by"] == operator.email
    run.refresh_from_db()
    assert run.approved_at is not None


def test_the_xlsx_export_has_headers_in_the_callers_language(api_as, operator):
    enterprise = make_enterprise(rd_yuan=400_000)
    run = run_now(operator, "hnte")
    english = api_as(operator).get(f"/policy-runs/{run.pk}/export.xlsx", **{"Accept-Language": "en"})
    assert english.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(english.streaming_content))).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("Enterprise ID", "Enterprise", "Unified social credit code", "Result")
    assert rows[1][0] == enterprise.pk
    assert rows[1][3] == "Near miss"
    assert "300000" in rows[1][7]
    chinese = api_as(operator).get(f"/policy-runs/{run.pk}/export.xlsx", **{"Accept-Language": "zh-hans"})
    zh_rows = list(load_workbook(io.BytesIO(b"".join(chinese.streaming_content))).active.values)
    assert zh_rows[0][1] == "企业"
    assert zh_rows[1][0] == enterprise.pk


def test_members_and_carrier_staff_read_their_enterprises_determinations(api_as, operator, founder, stranger):
    enterprise = make_enterprise(members=[founder])
    run_now(operator, "hnte")
    run_now(operator, "tsme")
    body = api_as(founder).get(f"/organisations/{enterprise.pk}/determinations").json()
    assert [item["programme"] for item in body["items"]] == ["hnte", "tsme"]
    hnte = body["items"][0]
    assert hnte["eligible"] is True
    assert hnte["trace"][0]["label"]["en"]
    assert hnte["input"]["application_date"] == "2025-06-01"
    assert api_as(stranger).get(f"/organisations/{enterprise.pk}/determinations").status_code == 403


def test_declared_facts_are_checked_and_stored(api_as, founder):
    enterprise = make_enterprise(members=[founder], declared=None)
    api = api_as(founder)
    bad = api.request(
        "put",
        f"/organisations/{enterprise.pk}/policy-facts",
        {"facts": {"major_incident_dates": ["2025-02-30"]}},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["location"] == "body.facts.major_incident_dates[0]"
    good = api.request(
        "put", f"/organisations/{enterprise.pk}/policy-facts", {"facts": {"major_incident_dates": []}}
    )
    assert good.status_code == 200
    assert api.get(f"/organisations/{enterprise.pk}/policy-facts").json()["facts"] == {
        "major_incident_dates": []
    }
