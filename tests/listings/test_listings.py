"""One model family for every flow: kinds, owners, bilingual text, structured attributes, validation."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from hatchway.directory.models import OrganisationKind, Sector
from hatchway.listings.actions import do_create_listing, do_update_listing
from hatchway.listings.models import KIND_ELEMENT, Element, Listing, ListingKind, ListingStatus
from tests.conftest import make_organisation
from tests.listings.conftest import make_listing, organisation_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("kind", "element"),
    [
        (ListingKind.FUNDING_ASK, Element.CAPITAL),
        (ListingKind.INVESTMENT_THESIS, Element.CAPITAL),
        (ListingKind.TECHNOLOGY_OFFER, Element.TECHNOLOGY),
        (ListingKind.TECHNOLOGY_NEED, Element.TECHNOLOGY),
        (ListingKind.POSITION, Element.TALENT),
        (ListingKind.TALENT_PROFILE, Element.TALENT),
        (ListingKind.LANDING_ASK, Element.ENTERPRISE),
        (ListingKind.LANDING_OFFER, Element.ENTERPRISE),
    ],
)
def test_each_kind_serves_one_element(kind, element):
    assert KIND_ELEMENT[kind] == element


@pytest.mark.parametrize(
    ("kind", "organisation_kind"),
    [
        (ListingKind.FUNDING_ASK, OrganisationKind.ENTERPRISE),
        (ListingKind.INVESTMENT_THESIS, OrganisationKind.INVESTOR),
        (ListingKind.TECHNOLOGY_OFFER, OrganisationKind.UNIVERSITY),
        (ListingKind.TECHNOLOGY_NEED, OrganisationKind.CARRIER),
        (ListingKind.POSITION, OrganisationKind.ENTERPRISE),
        (ListingKind.LANDING_ASK, OrganisationKind.ENTERPRISE),
        (ListingKind.LANDING_OFFER, OrganisationKind.CARRIER),
    ],
)
def test_an_organisation_of_the_fitting_kind_owns_each_kind_of_listing(kind, organisation_kind):
    listing = make_listing(make_organisation(organisation_kind), kind, publish=False)
    assert Listing.objects.get(pk=listing.pk).kind == kind
    assert listing.status == ListingStatus.DRAFT


def test_a_talent_profile_listing_belongs_to_a_person(talent):
    listing = make_listing(talent, ListingKind.TALENT_PROFILE, attributes={"degree": "phd"})
    assert listing.owner_user == talent
    assert listing.owner_organisation is None


def test_it_refuses_an_investment_thesis_owned_by_an_enterprise():
    with pytest.raises(ValidationError) as raised:
        make_listing(make_organisation(OrganisationKind.ENTERPRISE), ListingKind.INVESTMENT_THESIS)
    assert "owner_organisation_id" in raised.value.message_dict
    assert not Listing.objects.exists()


def test_it_rejects_a_listing_without_a_title_in_either_language(founder):
    with pytest.raises(ValidationError) as raised:
        make_listing(founder, title_zh="", title_en=" ")
    assert {"title_zh", "title_en"} <= set(raised.value.message_dict)


def test_one_language_is_enough(founder):
    assert make_listing(founder, title_zh="", title_en="Seed round").display_title == "Seed round"


def test_it_rejects_an_amount_without_a_currency_and_a_reversed_range(founder):
    with pytest.raises(ValidationError) as raised:
        make_listing(founder, amount_min=500, amount_max=100)
    assert set(raised.value.message_dict) >= {"currency", "amount_max"}


def test_it_rejects_unknown_countries_currencies_languages_and_sectors(founder):
    with pytest.raises(ValidationError) as raised:
        make_listing(
            founder,
            countries=["XX"],
            currency="EURO",
            amount_min=1,
            languages=["english"],
            sectors=["no-such-sector"],
        )
    errors = raised.value.message_dict
    assert "ISO 3166" in errors["countries"][0]
    assert "currency" in errors
    assert "ISO 639-1" in errors["languages"][0]
    assert "no-such-sector" in errors["sectors"][0]
    assert not Listing.objects.exists()


def test_structured_attributes_are_stored(founder):
    sector = Sector.objects.first()
    assert sector is not None
    listing = make_listing(
        founder,
        sectors=[sector.code],
        countries=["de", "CN"],
        amount_min=1_000_000_00,
        amount_max=3_000_000_00,
        currency="eur",
        languages=["de", "en"],
        attributes={"round": "series_a", "equity_percent": 12},
    )
    listing = Listing.objects.get(pk=listing.pk)
    assert [s.code for s in listing.sectors.all()] == [sector.code]
    assert listing.country_codes == ["CN", "DE"]
    assert (listing.currency, listing.languages) == ("EUR", ["de", "en"])
    assert listing.attributes == {"round": "series_a", "equity_percent": 12}


@pytest.mark.parametrize(
    ("kind", "attributes", "location"),
    [
        (ListingKind.POSITION, {"remote": "hybrid"}, "attributes.seniority"),
        (ListingKind.POSITION, {"seniority": "guru"}, "attributes.seniority"),
        (ListingKind.TECHNOLOGY_OFFER, {"trl": 12}, "attributes.trl"),
        (ListingKind.TECHNOLOGY_OFFER, {"trl": "high"}, "attributes.trl"),
        (ListingKind.LANDING_OFFER, {"services": ["spa"]}, "attributes.services"),
        (ListingKind.LANDING_OFFER, {"swimming_pool": True}, "attributes.swimming_pool"),
        (ListingKind.TECHNOLOGY_NEED, {"deadline": "next spring"}, "attributes.deadline"),
    ],
)
def test_kind_specific_attributes_are_validated_by_the_kinds_schema(kind, attributes, location):
    owner = make_organisation(OrganisationKind.CARRIER)
    with pytest.raises(ValidationError) as raised:
        make_listing(owner, kind, attributes=attributes)
    assert location in raised.value.message_dict


def test_a_position_with_its_required_seniority_is_accepted(incubator):
    listing = make_listing(
        incubator, ListingKind.POSITION, attributes={"seniority": "senior", "remote": "remote"}
    )
    assert listing.attributes == {"seniority": "senior", "remote": "remote"}


def test_a_challenge_is_a_technology_need_with_a_host(incubator):
    host = make_organisation(OrganisationKind.ENTERPRISE, name_en="Big Motor Co.")
    listing = make_listing(incubator, ListingKind.TECHNOLOGY_NEED, host_organisation=host)
    assert listing.host_organisation == host
    with pytest.raises(ValidationError) as raised:
        make_listing(incubator, ListingKind.POSITION, host_organisation=host, attributes={"seniority": "mid"})
    assert "host_organisation_id" in raised.value.message_dict


def test_an_update_changes_what_is_given_and_keeps_the_rest(founder):
    listing = make_listing(founder, countries=["DE"])
    do_update_listing(listing, title_en="Series B")
    listing = Listing.objects.get(pk=listing.pk)
    assert (listing.title_en, listing.title_zh, listing.country_codes) == (
        "Series B",
        "固态电池A轮融资",
        ["DE"],
    )


def test_a_failed_update_writes_nothing(founder):
    listing = make_listing(founder, countries=["DE"])
    with pytest.raises(ValidationError):
        do_update_listing(listing, title_en="Changed", countries=["ZZ"])
    listing = Listing.objects.get(pk=listing.pk)
    assert (listing.title_en, listing.country_codes) == ("Series A for solid-state batteries", ["DE"])


def test_a_reference_is_unique(founder):
    make_listing(founder, reference="ext-1")
    with pytest.raises(ValidationError):
        do_create_listing(
            kind=ListingKind.FUNDING_ASK,
            owner_organisation=organisation_of(founder),
            title_en="x",
            reference="ext-1",
        )
