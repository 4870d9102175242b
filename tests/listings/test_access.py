"""Who reads, changes and sees the owner of a listing: per role, through the API and the pages."""

from __future__ import annotations

import pytest
from django.test import Client

from hatchway.listings.access import access_listing
from hatchway.listings.actions import do_agree_to_reveal, do_record_reveal
from hatchway.listings.models import Listing, Visibility
from tests.conftest import ApiClient
from tests.listings.conftest import make_listing, organisation_of

pytestmark = pytest.mark.django_db

ROLES = ["operator", "incubator", "founder", "investor", "talent", "stranger", "visitor"]


class People(dict):
    """Personas built on first use, so each test creates only the people it needs."""

    def __init__(self, request: pytest.FixtureRequest) -> None:
        super().__init__()
        self.request = request

    def __missing__(self, role: str):
        self[role] = None if role == "visitor" else self.request.getfixturevalue(role)
        return self[role]


@pytest.fixture
def people(request, db):
    return People(request)


def api_for(person) -> ApiClient:
    return ApiClient(person) if person else ApiClient()


def page_for(person) -> Client:
    client = Client()
    if person:
        client.force_login(person)
    return client


# Expected API status per role for a listing owned by the founder's enterprise.
READ = {
    "public published": {role: 200 for role in ROLES},
    "members-only published": {**{role: 200 for role in ROLES}, "visitor": 401},
    "draft": {**{role: 404 for role in ROLES}, "operator": 200, "founder": 200, "visitor": 404},
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", list(READ))
def test_who_reads_a_listing_through_the_api(people, role, case):
    visibility = Visibility.MEMBERS if case.startswith("members") else Visibility.PUBLIC
    listing = make_listing(people["founder"], publish=case != "draft", visibility=visibility)
    response = api_for(people[role]).get(f"/listings/{listing.pk}")
    assert response.status_code == READ[case][role]
    if response.status_code == 200:
        assert response.json()["title_en"] == listing.title_en


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", list(READ))
def test_who_reads_a_listing_page(people, role, case):
    visibility = Visibility.MEMBERS if case.startswith("members") else Visibility.PUBLIC
    listing = make_listing(people["founder"], publish=case != "draft", visibility=visibility)
    response = page_for(people[role]).get(f"/listings/{listing.pk}/")
    expected = {200: 200, 404: 404, 401: 302}[READ[case][role]]
    assert response.status_code == expected
    if expected == 302:
        assert response["Location"].startswith("/accounts/sign-in/")


WRITE = {
    "operator": 200,
    "founder": 200,
    "incubator": 403,
    "investor": 403,
    "talent": 403,
    "stranger": 403,
    "visitor": 401,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owners_members_and_operators_change_a_listing(people, role):
    listing = make_listing(people["founder"])
    response = api_for(people[role]).patch(f"/listings/{listing.pk}", {"title_en": "Changed"})
    assert response.status_code == WRITE[role]
    changed = Listing.objects.get(pk=listing.pk).title_en == "Changed"
    assert changed == (WRITE[role] == 200)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owners_members_and_operators_close_a_listing(people, role):
    listing = make_listing(people["founder"])
    response = api_for(people[role]).post(f"/listings/{listing.pk}/close")
    assert response.status_code == WRITE[role]
    assert (Listing.objects.get(pk=listing.pk).status == "closed") == (WRITE[role] == 200)


def test_someone_elses_draft_is_not_found_rather_than_forbidden(people):
    listing = make_listing(people["founder"], publish=False)
    response = api_for(people["investor"]).patch(f"/listings/{listing.pk}", {"title_en": "x"})
    assert response.status_code == 404


SEES_OWNER = {
    "operator": True,
    "founder": True,
    "incubator": False,
    "investor": False,
    "talent": False,
    "stranger": False,
}


@pytest.mark.parametrize("role", list(SEES_OWNER))
def test_an_anonymous_listing_hides_its_owner_from_everyone_but_owner_and_operators(people, role):
    listing = make_listing(people["founder"], visibility=Visibility.ANONYMOUS)
    organisation = organisation_of(people["founder"])
    body = api_for(people[role]).get(f"/listings/{listing.pk}").json()
    assert body["anonymous"] is not SEES_OWNER[role]
    assert (body["owner"] is not None) is SEES_OWNER[role]
    listed = api_for(people[role]).get("/listings").json()["items"][0]
    assert (listed["owner"] is not None) is SEES_OWNER[role]
    page = page_for(people[role]).get(f"/listings/{listing.pk}/", headers={"Accept-Language": "en"})
    for html in (page.content.decode(), page_for(people[role]).get("/listings/").content.decode()):
        shown = organisation.name_en in html or organisation.name_zh in html
        assert shown is SEES_OWNER[role]
    if not SEES_OWNER[role]:
        assert 'data-owner="anonymous"' in page.content.decode()


def test_an_anonymous_listing_is_not_shown_to_visitors(people):
    listing = make_listing(people["founder"], visibility=Visibility.ANONYMOUS)
    assert ApiClient().get(f"/listings/{listing.pk}").status_code == 401
    assert ApiClient().get("/listings").json()["count"] == 0


def test_the_owner_is_revealed_only_once_both_sides_agree(people):
    listing = make_listing(people["founder"], visibility=Visibility.ANONYMOUS)
    investor_organisation = organisation_of(people["investor"])
    do_agree_to_reveal(listing, side="party", organisation=investor_organisation)
    assert api_for(people["investor"]).get(f"/listings/{listing.pk}").json()["owner"] is None
    reveal = do_agree_to_reveal(listing, side="owner", organisation=investor_organisation)
    assert reveal.agreed_at is not None
    owner = api_for(people["investor"]).get(f"/listings/{listing.pk}").json()["owner"]
    assert owner["name_en"] == organisation_of(people["founder"]).name_en
    # A reveal to one party reveals nothing to anybody else.
    assert api_for(people["talent"]).get(f"/listings/{listing.pk}").json()["owner"] is None


def test_a_reveal_to_a_person_shows_the_owner_to_that_person(people):
    listing = make_listing(people["founder"], visibility=Visibility.ANONYMOUS)
    do_record_reveal(listing, user=people["talent"])
    assert api_for(people["talent"]).get(f"/listings/{listing.pk}").json()["anonymous"] is False


def test_the_anonymous_owners_name_does_not_find_the_listing(people):
    organisation = organisation_of(people["founder"])
    make_listing(people["founder"], visibility=Visibility.ANONYMOUS, title_en="Seed round")
    make_listing(people["founder"], title_en="Another seed round")
    response = api_for(people["investor"]).get(f"/listings?q={organisation.name_en.split()[0]}")
    assert [item["title_en"] for item in response.json()["items"]] == ["Another seed round"]


def test_drafts_stay_out_of_other_peoples_lists(people):
    make_listing(people["founder"], publish=False, title_en="Secret draft")
    make_listing(people["founder"], title_en="Open call")
    for role, expected in [("investor", ["Open call"]), ("founder", ["Open call", "Secret draft"])]:
        titles = sorted(item["title_en"] for item in api_for(people[role]).get("/listings").json()["items"])
        assert titles == expected
    assert sorted(
        item["title_en"] for item in api_for(people["operator"]).get("/listings").json()["items"]
    ) == [
        "Open call",
        "Secret draft",
    ]


def test_access_listing_raises_not_found_for_a_missing_listing(people):
    from hatchway.errors import NotFound

    with pytest.raises(NotFound):
        access_listing(people["operator"], 999_999)
