"""Pages: the bilingual create/edit form, the detail page, my listings, status buttons with and without htmx."""

from __future__ import annotations

import zoneinfo

import pytest
from django.utils import timezone

from hatchway.directory.actions import do_grant_role
from hatchway.directory.models import OrganisationKind, Role, Sector
from hatchway.listings.models import Listing, ListingKind, ListingStatus, Visibility
from tests.conftest import make_organisation, make_user
from tests.listings.conftest import make_listing, organisation_of

pytestmark = pytest.mark.django_db


def test_the_form_puts_chinese_and_english_side_by_side(founder, client_as):
    page = client_as(founder).get("/listings/new/?kind=funding_ask").content.decode()
    grid = page[page.index('<div class="grid">') :]
    assert grid.index('name="title_zh"') < grid.index('name="title_en"')
    assert 'lang="zh-Hans"' in grid
    assert 'name="attr_round"' in page


def test_the_new_listing_page_first_asks_what_kind(founder, client_as):
    page = client_as(founder).get("/listings/new/").content.decode()
    assert page.count("data-kind=") == 8


def test_a_founder_creates_a_listing_through_the_form(founder, client_as):
    sector = Sector.objects.first()
    assert sector is not None
    response = client_as(founder).post(
        "/listings/new/?kind=funding_ask",
        {
            "owner_organisation": organisation_of(founder).pk,
            "title_zh": "激光雷达种子轮",
            "title_en": "Lidar seed round",
            "description_en": "We build solid-state lidar.",
            "sectors": [sector.code],
            "countries": ["DE", "CN"],
            "languages": ["de"],
            "amount_min": "500000",
            "amount_max": "1500000.50",
            "currency": "EUR",
            "visibility": Visibility.MEMBERS,
            "attr_round": "seed",
            "attr_equity_percent": "10",
        },
    )
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/listings/{listing.pk}/"
    assert (listing.amount_min, listing.amount_max, listing.currency) == (50_000_000, 150_000_050, "EUR")
    assert listing.attributes == {"round": "seed", "equity_percent": 10}
    assert (listing.status, listing.visibility, listing.created_by) == (
        ListingStatus.DRAFT,
        "members",
        founder,
    )
    assert listing.country_codes == ["CN", "DE"]


def test_form_errors_are_shown_next_to_their_fields_and_nothing_is_saved(founder, client_as):
    response = client_as(founder).post(
        "/listings/new/?kind=position",
        {
            "owner_organisation": organisation_of(founder).pk,
            "title_zh": "",
            "title_en": "",
            "amount_min": "100",
            "visibility": "public",
        },
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "Write a title in Chinese, in English, or both." in page
    assert not Listing.objects.exists()
    # With titles given, the action's own checks (a currency, the required seniority) come back located.
    founder.language = "en"
    founder.save()
    response = client_as(founder).post(
        "/listings/new/?kind=position",
        {
            "owner_organisation": organisation_of(founder).pk,
            "title_en": "Engineer",
            "amount_min": "100",
            "visibility": "public",
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "An amount needs a currency" in page
    assert "“Seniority” is required" in page
    assert not Listing.objects.exists()


def test_someone_without_a_fitting_organisation_is_told_so(investor, client_as):
    response = client_as(investor).get("/listings/new/?kind=landing_offer")
    assert response.status_code == 302
    assert not Listing.objects.exists()


def test_the_owner_edits_a_listing_and_the_form_shows_the_stored_values(founder, client_as):
    listing = make_listing(founder, amount_min=12_345_00, currency="CNY", attributes={"round": "seed"})
    expires_at = listing.expires_at
    client = client_as(founder)
    form = client.get(f"/listings/{listing.pk}/edit/").content.decode()
    assert 'value="12345.00"' in form
    assert '<option value="seed" selected>' in form
    response = client.post(
        f"/listings/{listing.pk}/edit/",
        {"title_zh": "新标题", "title_en": "", "visibility": "public", "amount_min": "", "currency": ""},
    )
    assert response.status_code == 302
    listing.refresh_from_db()
    assert (listing.title_zh, listing.title_en, listing.amount_min, listing.attributes) == (
        "新标题",
        "",
        None,
        {},
    )
    assert listing.expires_at == expires_at  # an empty date keeps the expiry


def test_an_unchanged_date_keeps_the_expiry_time_and_a_new_date_sets_it(founder, client_as):
    listing = make_listing(founder)
    expires_at = listing.expires_at
    assert expires_at is not None
    client = client_as(founder)
    shown = timezone.localtime(expires_at).date()
    common = {"title_en": "x", "visibility": "public"}
    client.post(f"/listings/{listing.pk}/edit/", {**common, "expires_on": shown.isoformat()})
    assert Listing.objects.get(pk=listing.pk).expires_at == expires_at
    client.post(f"/listings/{listing.pk}/edit/", {**common, "expires_on": "2026-12-31"})
    stored = Listing.objects.get(pk=listing.pk).expires_at
    assert stored is not None
    # The date is read in the founder's own time zone (Berlin).
    assert (
        timezone.localtime(stored, zoneinfo.ZoneInfo(founder.time_zone)).isoformat()
        == "2026-12-31T23:59:00+01:00"
    )


def test_nobody_else_edits(founder, investor, client_as):
    listing = make_listing(founder)
    assert client_as(investor).get(f"/listings/{listing.pk}/edit/").status_code == 403
    assert client_as(investor).post(f"/listings/{listing.pk}/edit/", {"title_en": "x"}).status_code == 403


def test_the_detail_page_shows_both_languages_and_the_attributes(founder, client):
    listing = make_listing(
        founder,
        ListingKind.POSITION,
        description_zh="负责芯片设计",
        description_en="You will design chips",
        attributes={"seniority": "senior", "remote": "hybrid"},
        countries=["DE"],
    )
    page = client.get(f"/listings/{listing.pk}/", headers={"Accept-Language": "en"}).content.decode()
    assert "负责芯片设计" in page
    assert "You will design chips" in page
    assert "Senior" in page
    assert "Hybrid" in page
    assert "Germany" in page
    assert "data-action=" not in page  # a visitor gets no status buttons


def test_my_listings_shows_drafts_and_status_buttons(founder, client_as):
    make_listing(founder, publish=False, title_en="My draft")
    make_listing(make_organisation(OrganisationKind.ENTERPRISE), title_en="Someone else's")
    founder.language = "en"
    founder.save()
    page = client_as(founder).get("/listings/mine/").content.decode()
    assert "My draft" in page
    assert "Someone else" not in page
    assert 'data-action="publish"' in page


def test_a_status_button_publishes_without_javascript(founder, client_as):
    listing = make_listing(founder, publish=False)
    response = client_as(founder).post(f"/listings/{listing.pk}/publish/")
    assert response.status_code == 302
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.PUBLISHED


def test_a_status_button_with_htmx_returns_the_new_status_fragment(founder, client_as):
    listing = make_listing(founder)
    response = client_as(founder).post(f"/listings/{listing.pk}/close/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    fragment = response.content.decode()
    assert fragment.lstrip().startswith(f'<div id="listing-status-{listing.pk}"')
    assert 'data-status="closed"' in fragment
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.CLOSED


def test_a_refused_transition_is_explained_in_the_fragment(founder, client_as):
    listing = make_listing(founder)
    founder.language = "en"
    founder.save()
    response = client_as(founder).post(f"/listings/{listing.pk}/publish/", headers={"HX-Request": "true"})
    assert "cannot be published" in response.content.decode()
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.PUBLISHED


def test_another_member_of_the_owner_organisation_may_act(founder, client_as):
    colleague = make_user()
    do_grant_role(colleague, Role.ENTERPRISE_MEMBER, organisation_of(founder))
    listing = make_listing(founder, publish=False)
    client_as(colleague).post(f"/listings/{listing.pk}/publish/")
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.PUBLISHED


def test_a_stranger_cannot_press_status_buttons(founder, stranger, client_as):
    listing = make_listing(founder)
    assert client_as(stranger).post(f"/listings/{listing.pk}/close/").status_code == 403
    assert client_as(stranger).post(f"/listings/{listing.pk}/explode/").status_code == 404
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.PUBLISHED
