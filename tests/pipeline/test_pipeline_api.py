"""The pipeline through the API: interests, matches and their stages."""

from __future__ import annotations

import pytest
import time_machine

from hatchway.directory.models import Organisation
from hatchway.flows.models import Flow
from hatchway.listings.models import ListingKind, Visibility
from hatchway.pipeline.models import Interest, Match
from tests.matching.listings import NOW, make_listing, organisation_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def listings(founder, investor):
    Organisation.objects.filter(pk=organisation_of(founder).pk).update(country="DE")
    ask = make_listing(founder, ListingKind.FUNDING_ASK, visibility=Visibility.ANONYMOUS)
    return ask, make_listing(investor, ListingKind.INVESTMENT_THESIS)


def test_interest_to_won_match_through_the_api(api_as, founder, investor, listings):
    ask, thesis = listings
    as_founder, as_investor = api_as(founder), api_as(investor)

    created = as_founder.post(
        "/matching/interests", {"target_id": thesis.pk, "source_id": ask.pk, "message": "Hi"}
    )
    assert created.status_code == 201
    assert created.json()["mine"] is True
    incoming = as_investor.get("/matching/interests?direction=incoming").json()
    assert incoming["count"] == 1
    # The investor reads Chinese; the party of an anonymous listing is described, never named.
    assert incoming["items"][0]["party"] == "一条匿名信息的发布方"
    assert incoming["items"][0]["mine"] is False

    accepted = as_investor.post(f"/matching/interests/{created.json()['id']}/accept")
    assert accepted.status_code == 201
    match = accepted.json()
    assert match["stage"] == "interested"
    assert match["next_stages"] == ["meeting", "lost"]
    assert organisation_of(founder).name_zh in (match["first_side"], match["second_side"])

    illegal = as_founder.post(f"/matching/matches/{match['id']}/stage", {"stage": "invested"})
    assert illegal.status_code == 422
    assert illegal.json()["code"] == "invalid"
    assert illegal.json()["errors"][0]["location"] == "body.stage"

    for stage in ("meeting", "due_diligence", "term_sheet"):
        assert as_founder.post(f"/matching/matches/{match['id']}/stage", {"stage": stage}).status_code == 200
    won = as_investor.post(
        f"/matching/matches/{match['id']}/stage",
        {"stage": "invested", "value_minor": 500_000_000, "currency": "CNY", "evidence_number": "INV-9"},
    )
    assert won.status_code == 200
    assert won.json()["flow_id"] == Flow.objects.get().pk
    assert [row["to_stage"] for row in won.json()["history"]][-1] == "invested"
    assert as_founder.get("/matching/matches?stage=invested").json()["count"] == 1


def test_a_stranger_sees_no_interest_or_match(api_as, founder, investor, stranger, listings):
    ask, thesis = listings
    interest = (
        api_as(investor).post("/matching/interests", {"target_id": ask.pk, "source_id": thesis.pk}).json()
    )
    outsider = api_as(stranger)
    assert outsider.get("/matching/interests").json()["count"] == 0
    assert outsider.post(f"/matching/interests/{interest['id']}/withdraw").status_code == 404
    assert outsider.post(f"/matching/interests/{interest['id']}/accept").status_code == 404
    assert api_as(None).get("/matching/matches").status_code == 401


def test_an_operator_reads_but_does_not_act_on_an_interest(api_as, operator, investor, listings):
    ask, thesis = listings
    interest = (
        api_as(investor).post("/matching/interests", {"target_id": ask.pk, "source_id": thesis.pk}).json()
    )
    assert api_as(operator).post(f"/matching/interests/{interest['id']}/withdraw").status_code == 403
    assert Interest.objects.get().withdrawn_at is None


def test_withdrawing_an_interest_and_its_conflicts(api_as, investor, listings):
    ask, thesis = listings
    client = api_as(investor)
    interest = client.post("/matching/interests", {"target_id": ask.pk, "source_id": thesis.pk}).json()
    again = client.post("/matching/interests", {"target_id": ask.pk, "source_id": thesis.pk})
    assert again.status_code == 409

    withdrawn = client.post(f"/matching/interests/{interest['id']}/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["withdrawn_at"] is not None
    assert client.post(f"/matching/interests/{interest['id']}/withdraw").status_code == 409
    assert client.get("/matching/interests").json()["count"] == 0
    assert client.get("/matching/interests?withdrawn=true").json()["count"] == 1
    assert not Match.objects.exists()


def test_unknown_fields_are_refused(api_as, investor, listings):
    ask, _thesis = listings
    response = api_as(investor).post("/matching/interests", {"target_id": ask.pk, "urgent": True})
    assert response.status_code == 422
