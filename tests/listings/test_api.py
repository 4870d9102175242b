"""/api/v1/listings: create, read, change, delete, publish, close, renew, kinds — response and database."""

from __future__ import annotations

import pytest
import time_machine

from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import OrganisationKind, Role, Sector
from hatchway.listings.actions import VALIDITY
from hatchway.listings.models import Listing, ListingStatus
from tests.conftest import ApiClient, make_organisation
from tests.listings.conftest import NOW, make_listing, organisation_of

pytestmark = pytest.mark.django_db


def test_a_founder_creates_a_draft_for_their_enterprise(founder):
    sector = Sector.objects.first()
    assert sector is not None
    response = ApiClient(founder).post(
        "/listings",
        {
            "kind": "funding_ask",
            "title_en": "Seed round for a lidar start-up",
            "description_zh": "激光雷达初创企业种子轮融资",
            "sectors": [sector.code],
            "countries": ["DE"],
            "amount_min": 50_000_000,
            "amount_max": 150_000_000,
            "currency": "EUR",
            "languages": ["de", "en"],
            "attributes": {"round": "seed"},
        },
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft"
    assert body["element"] == "capital"
    assert body["owner"]["id"] == organisation_of(founder).pk
    assert body["countries"] == ["DE"]
    listing = Listing.objects.get(pk=body["id"])
    assert (listing.owner_organisation, listing.created_by, listing.amount_max) == (
        organisation_of(founder),
        founder,
        150_000_000,
    )


def test_errors_in_a_new_listing_are_located_and_nothing_is_written(founder):
    response = ApiClient(founder).post(
        "/listings",
        {
            "kind": "funding_ask",
            "title_en": "x",
            "amount_min": 10,
            "countries": ["Germany"],
            "attributes": {"round": "huge"},
        },
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 422
    locations = {error["location"] for error in response.json()["errors"]}
    assert {"body.currency", "body.countries", "body.attributes.round"} <= locations
    assert "ISO 3166" in response.json()["message"]
    assert not Listing.objects.exists()


def test_an_unknown_field_is_refused(founder):
    response = ApiClient(founder).post(
        "/listings", {"kind": "funding_ask", "title_en": "x", "status": "published"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.status"
    assert not Listing.objects.exists()


def test_a_member_of_several_organisations_says_which_one_owns_the_listing(founder):
    second = make_organisation(OrganisationKind.ENTERPRISE)
    do_grant_role(founder, Role.ENTERPRISE_MEMBER, second)
    api = ApiClient(founder)
    refused = api.post("/listings", {"kind": "funding_ask", "title_en": "x"})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["location"] == "body.owner_organisation_id"
    created = api.post(
        "/listings", {"kind": "funding_ask", "title_en": "x", "owner_organisation_id": second.pk}
    )
    assert created.status_code == 201
    assert Listing.objects.get().owner_organisation == second


def test_nobody_creates_a_listing_for_an_organisation_they_do_not_belong_to(founder, investor):
    response = ApiClient(founder).post(
        "/listings",
        {"kind": "investment_thesis", "title_en": "x", "owner_organisation_id": organisation_of(investor).pk},
    )
    assert response.status_code == 403
    assert not Listing.objects.exists()


def test_an_enterprise_cannot_publish_an_investment_thesis(founder):
    response = ApiClient(founder).post("/listings", {"kind": "investment_thesis", "title_en": "x"})
    assert response.status_code == 422
    assert not Listing.objects.exists()


def test_only_talents_create_talent_profile_listings(talent, stranger):
    body = {"kind": "talent_profile", "title_en": "Battery chemist", "attributes": {"degree": "phd"}}
    assert ApiClient(stranger).post("/listings", body).status_code == 403
    created = ApiClient(talent).post("/listings", body)
    assert created.status_code == 201
    assert created.json()["owner"] == {
        "type": "person",
        "id": talent.pk,
        "name": str(talent),
        "name_zh": "",
        "name_en": "",
    }
    assert Listing.objects.get().owner_user == talent


def test_a_visitor_cannot_create_a_listing():
    assert ApiClient().post("/listings", {"kind": "funding_ask", "title_en": "x"}).status_code == 401


def test_the_owner_publishes_closes_and_cannot_publish_again(founder):
    listing = make_listing(founder, publish=False)
    api = ApiClient(founder)
    with time_machine.travel(NOW, tick=False):
        published = api.post(f"/listings/{listing.pk}/publish")
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert published.json()["expires_at"].startswith("2026-05-31")
    assert api.post(f"/listings/{listing.pk}/close").json()["status"] == "closed"
    again = api.post(f"/listings/{listing.pk}/publish")
    assert again.status_code == 409
    assert again.json()["code"] == "conflict"
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.CLOSED


def test_renewing_extends_the_expiry(founder):
    listing = make_listing(founder)
    assert listing.expires_at is not None
    with time_machine.travel(listing.expires_at, tick=False):
        response = ApiClient(founder).post(f"/listings/{listing.pk}/renew")
    assert response.status_code == 200
    assert response.json()["expires_at"] == (listing.expires_at + VALIDITY).isoformat().replace("+00:00", "Z")
    assert Listing.objects.get(pk=listing.pk).expires_at == listing.expires_at + VALIDITY


def test_a_patch_changes_only_the_fields_sent(founder):
    listing = make_listing(founder, countries=["DE"])
    response = ApiClient(founder).patch(
        f"/listings/{listing.pk}", {"countries": ["FR", "CN"], "title_zh": ""}
    )
    assert response.status_code == 200
    assert response.json()["countries"] == ["CN", "FR"]
    stored = Listing.objects.get(pk=listing.pk)
    assert (stored.title_en, stored.title_zh, stored.country_codes) == (listing.title_en, "", ["CN", "FR"])


def test_a_patch_that_removes_both_titles_is_refused(founder):
    listing = make_listing(founder)
    response = ApiClient(founder).patch(f"/listings/{listing.pk}", {"title_zh": "", "title_en": ""})
    assert response.status_code == 422
    assert Listing.objects.get(pk=listing.pk).title_en == listing.title_en


def test_a_draft_is_deleted_and_a_published_listing_is_not(founder):
    draft, published = make_listing(founder, publish=False), make_listing(founder)
    api = ApiClient(founder)
    assert api.delete(f"/listings/{draft.pk}").status_code == 204
    assert api.delete(f"/listings/{published.pk}").status_code == 409
    assert list(Listing.objects.all()) == [published]


def test_the_list_is_paginated(founder):
    for number in range(3):
        make_listing(founder, title_en=f"Listing {number}")
    body = ApiClient().get("/listings?page_size=2&page=2").json()
    assert (body["count"], body["page"], len(body["items"])) == (3, 2, 1)


def test_my_listings_through_the_api_include_drafts(founder, investor):
    make_listing(founder, publish=False)
    make_listing(investor, "investment_thesis")
    assert ApiClient(founder).get("/listings?mine=true").json()["count"] == 1
    assert ApiClient().get("/listings?mine=true").status_code == 401


def test_the_kinds_endpoint_describes_each_kinds_attributes():
    kinds = {item["kind"]: item for item in ApiClient().get("/listings/kinds").json()["kinds"]}
    assert len(kinds) == 8
    position = kinds["position"]["attributes"]
    assert position["required"] == ["seniority"]
    assert "remote" in position["properties"]["remote"]["enum"]
    assert kinds["landing_offer"]["attributes"]["properties"]["space_m2"]["type"] == "integer"
    assert kinds["technology_need"]["element"] == "technology"


def test_a_visitor_reads_public_listings_but_a_bad_token_is_refused(founder):
    make_listing(founder)
    assert ApiClient().get("/listings").json()["count"] == 1
    refused = ApiClient(key="hw_not-a-token").get("/listings")
    assert refused.status_code == 401
    assert refused.json()["code"] == "unauthenticated"
