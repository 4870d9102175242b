"""The ledger through HTTP: who sees which flows, who records and corrects them."""

from __future__ import annotations

import datetime as dt

import pytest

from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import Role
from hatchway.flows.models import Flow
from tests.conftest import make_user
from tests.flows.conftest import make_carrier, make_station, organisation_of, record

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(incubator):
    own = organisation_of(incubator)
    other = make_carrier()
    station = make_station("US")
    mine = record(carrier=own, station=station, evidence_number="MINE")
    theirs = record(carrier=other, station=station, evidence_number="THEIRS")
    return own, other, mine, theirs


def test_an_operator_lists_every_current_flow(operator, api_as, ledger):
    response = api_as(operator).get("/flows")
    assert response.status_code == 200
    assert {item["evidence_number"] for item in response.json()["items"]} == {"MINE", "THEIRS"}


def test_carrier_staff_see_only_their_own_carriers_flows(incubator, api_as, ledger):
    _own, _other, mine, theirs = ledger
    client = api_as(incubator)
    assert [item["id"] for item in client.get("/flows").json()["items"]] == [mine.pk]
    assert client.get(f"/flows/{mine.pk}").status_code == 200
    assert client.get(f"/flows/{theirs.pk}").status_code == 404


def test_staff_of_a_station_see_the_flows_that_came_through_it(api_as, ledger):
    _own, _other, mine, theirs = ledger
    person = make_user()
    do_grant_role(person, Role.CARRIER_STAFF, mine.station)
    assert {item["id"] for item in api_as(person).get("/flows").json()["items"]} == {mine.pk, theirs.pk}


@pytest.mark.parametrize("persona", ["founder", "investor", "talent", "stranger"])
def test_people_without_a_carrier_or_operator_role_see_no_ledger(request, api_as, ledger, persona):
    user = request.getfixturevalue(persona)
    assert api_as(user).get("/flows").status_code == 403
    assert api_as(user).get(f"/flows/{ledger[2].pk}").status_code == 403


def test_anonymous_callers_are_asked_to_sign_in(api_as, ledger):
    assert api_as().get("/flows").status_code == 401


def test_an_operator_records_a_flow_by_hand(operator, api_as, rates, ledger):
    own = ledger[0]
    body = {
        "element": "capital",
        "direction": "outbound",
        "stage": "completed",
        "origin_country": "CN",
        "destination_country": "SG",
        "carrier_id": own.pk,
        "counterparties": ["Pujiang Fund", "Lion Robotics Pte"],
        "value_minor": 2_000_000_00,
        "currency": "USD",
        "occurred_on": "2024-07-01",
        "evidence_kind": "investment_agreement",
        "evidence_number": "SG-INV-9",
    }
    response = api_as(operator).post("/flows", body)
    assert response.status_code == 201, response.json()
    flow = Flow.objects.get(pk=response.json()["id"])
    assert flow.producer_kind == "manual"
    assert flow.recorded_by == operator
    assert response.json()["rate_date"] == "2024-06-01"
    assert response.json()["value_cny_minor"] == 14_400_000_00


def test_a_bad_body_is_located(operator, api_as, ledger):
    response = api_as(operator).post(
        "/flows",
        {
            "element": "talent",
            "direction": "inbound",
            "stage": "completed",
            "origin_country": "ZZ",
            "destination_country": "CN",
            "occurred_on": "2024-07-01",
            "evidence_kind": "employment_letter",
            "evidence_number": "E-1",
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.origin_country"
    assert Flow.objects.count() == 2


def test_carrier_staff_cannot_record_or_correct_flows(incubator, api_as, ledger):
    mine = ledger[2]
    client = api_as(incubator)
    assert client.post(f"/flows/{mine.pk}/withdraw", {"reason": "no"}).status_code == 403
    assert (
        client.post(f"/flows/{mine.pk}/supersede", {"reason": "no", "stage": "intention"}).status_code == 403
    )
    assert Flow.objects.count() == 2


def test_an_operator_corrects_a_flow_and_the_history_shows_both_rows(operator, api_as, client_as, ledger):
    mine = ledger[2]
    response = api_as(operator).post(
        f"/flows/{mine.pk}/supersede", {"reason": "Registered a day later", "occurred_on": "2024-05-21"}
    )
    assert response.status_code == 201
    new_id = response.json()["id"]
    assert response.json()["supersedes_id"] == mine.pk
    assert api_as(operator).post(f"/flows/{mine.pk}/supersede", {"reason": "again"}).status_code == 409
    listed = api_as(operator).get("/flows?history=true").json()["items"]
    assert {item["id"] for item in listed} >= {mine.pk, new_id}
    page = client_as(operator).get(f"/flows/{new_id}/")
    assert page.status_code == 200
    assert f"/flows/{mine.pk}/" in page.content.decode()
    assert Flow.objects.get(pk=new_id).occurred_on == dt.date(2024, 5, 21)


def test_an_operator_withdraws_a_flow_on_its_page(operator, client_as, ledger):
    mine = ledger[2]
    response = client_as(operator).post(
        f"/flows/{mine.pk}/",
        {
            "action": "withdraw",
            "stage": "completed",
            "occurred_on": "2024-05-20",
            "evidence_number": "MINE",
            "reason": "Recorded twice",
        },
    )
    assert response.status_code == 302
    assert not Flow.objects.current().filter(evidence_number="MINE").exists()


def test_the_ledger_page_lists_flows_in_few_queries(
    operator, client_as, django_assert_max_num_queries, ledger
):
    for number in range(30):
        record(carrier=ledger[0], evidence_number=f"N{number}")
    client = client_as(operator)
    with django_assert_max_num_queries(12):
        response = client.get("/flows/")
    assert response.status_code == 200
    assert response.content.decode().count("data-flow=") == 32


def test_carrier_staff_cannot_post_a_correction_on_the_page(incubator, client_as, ledger):
    mine = ledger[2]
    response = client_as(incubator).post(
        f"/flows/{mine.pk}/",
        {"action": "withdraw", "stage": "completed", "occurred_on": "2024-05-20", "evidence_number": "MINE",
         "reason": "x"},
    )  # fmt: skip
    assert response.status_code == 403
    assert Flow.objects.current().filter(evidence_number="MINE").exists()


def test_a_correction_on_the_page_keeps_the_old_row_and_links_both(operator, client_as, ledger):
    mine = ledger[2]
    client = client_as(operator)
    response = client.post(
        f"/flows/{mine.pk}/",
        {"action": "supersede", "stage": "intention", "occurred_on": "2024-05-20", "evidence_number": "MINE-2",
         "reason": "Only a letter of intent so far"},
    )  # fmt: skip
    assert response.status_code == 302
    new = Flow.objects.get(supersedes=mine)
    assert new.stage == "intention"
    assert new.evidence_number == "MINE-2"
    assert 'id="flow-superseded"' in client.get(f"/flows/{mine.pk}/").content.decode()


def test_a_carriers_staff_see_the_flows_of_the_stations_their_carrier_runs(incubator, api_as, ledger):
    own, _other, mine, _theirs = ledger
    station = make_station("JP", parent_carrier=own)
    through_station = record(station=station, evidence_number="VIA-STATION", origin_country="JP")
    elsewhere = record(station=make_station("FR"), evidence_number="NOT-OURS", origin_country="FR")
    seen = {item["id"] for item in api_as(incubator).get("/flows").json()["items"]}
    assert through_station.pk in seen
    assert mine.pk in seen
    assert elsewhere.pk not in seen
