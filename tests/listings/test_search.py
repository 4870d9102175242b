"""Browse and search: facets with counts, Chinese and English text search, bounded query counts."""

from __future__ import annotations

import pytest

from hatchway.directory.models import OrganisationKind, Sector, Stage
from hatchway.listings.actions import do_close_listing, do_update_listing
from hatchway.listings.models import Listing, ListingKind, Visibility
from tests.conftest import ApiClient, make_organisation
from tests.listings.conftest import make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(db):
    enterprise = make_organisation(OrganisationKind.ENTERPRISE)
    carrier = make_organisation(OrganisationKind.CARRIER)
    investor = make_organisation(OrganisationKind.INVESTOR)
    chips, biomedicine = Sector.objects.order_by("sort_order")[:2]
    seed = Stage.objects.order_by("sort_order").first()
    assert seed is not None
    make_listing(
        enterprise,
        title_zh="车规级碳化硅功率芯片融资",
        title_en="",
        description_zh="我们的碳化硅芯片已通过车规认证。",
        countries=["CN"],
        sectors=[chips.code],
        stages=[seed.code],
    )
    make_listing(
        enterprise,
        ListingKind.TECHNOLOGY_OFFER,
        title_zh="",
        title_en="Biodegradable stent material",
        description_en="A magnesium alloy stent that dissolves after healing.",
        countries=["DE", "CN"],
        sectors=[biomedicine.code],
    )
    make_listing(
        carrier,
        ListingKind.LANDING_OFFER,
        title_zh="张江生物医药孵化空间",
        title_en="Biomedicine incubation space in Zhangjiang",
        countries=["CN"],
        sectors=[biomedicine.code],
    )
    make_listing(investor, ListingKind.INVESTMENT_THESIS, title_en="Chip design funds", countries=["US"])
    do_close_listing(
        make_listing(investor, ListingKind.INVESTMENT_THESIS, title_en="Closed thesis", countries=["US"])
    )
    return {"chips": chips, "biomedicine": biomedicine, "seed": seed}


def titles(response) -> list[str]:
    return sorted(item["title_en"] or item["title_zh"] for item in response.json()["items"])


def test_a_chinese_query_finds_chinese_content(catalogue):
    assert titles(ApiClient().get("/listings?q=碳化硅")) == ["车规级碳化硅功率芯片融资"]
    assert titles(ApiClient().get("/listings?q=芯片")) == ["车规级碳化硅功率芯片融资"]


def test_an_english_query_finds_english_content(catalogue):
    assert titles(ApiClient().get("/listings?q=stent")) == ["Biodegradable stent material"]
    assert titles(ApiClient().get("/listings?q=Stents+magnesium")) == ["Biodegradable stent material"]


def test_a_query_finds_listings_by_their_sectors_name_in_either_language(catalogue):
    name_zh = catalogue["biomedicine"].name_zh
    assert len(ApiClient().get(f"/listings?q={name_zh}").json()["items"]) >= 2


def test_search_words_follow_an_edit(catalogue):
    listing = Listing.objects.get(title_en="Chip design funds")
    do_update_listing(listing, title_en="Quantum computing funds")
    assert titles(ApiClient().get("/listings?q=quantum")) == ["Quantum computing funds"]
    assert titles(ApiClient().get("/listings?q=chip+design")) == []


def test_facets_filter_by_kind_country_sector_and_stage(catalogue):
    api = ApiClient()
    assert titles(api.get("/listings?kind=investment_thesis")) == ["Chip design funds"]
    assert titles(api.get("/listings?country=de")) == ["Biodegradable stent material"]
    assert len(api.get(f"/listings?sector={catalogue['biomedicine'].code}").json()["items"]) == 2
    assert titles(api.get(f"/listings?stage={catalogue['seed'].code}&country=CN")) == [
        "车规级碳化硅功率芯片融资"
    ]
    assert titles(api.get("/listings?element=enterprise")) == ["Biomedicine incubation space in Zhangjiang"]


def test_facet_counts_apply_the_other_facets_choices(catalogue):
    counts = ApiClient().get("/listings/facets?country=CN").json()
    kinds = {item["value"]: item["count"] for item in counts["kind"]}
    assert kinds == {"funding_ask": 1, "technology_offer": 1, "landing_offer": 1}
    countries = {item["value"]: item["count"] for item in counts["country"]}
    # The country facet itself is counted without the country choice, so the other countries stay reachable.
    assert countries == {"CN": 3, "DE": 1, "US": 1}
    assert {item["value"]: item["count"] for item in counts["sector"]} == {
        catalogue["biomedicine"].code: 2,
        catalogue["chips"].code: 1,
    }
    assert [(item["value"], item["count"]) for item in counts["status"]] == [("published", 3)]


def test_facet_labels_are_in_the_callers_language(catalogue):
    counts = ApiClient().get("/listings/facets", **{"Accept-Language": "zh-CN"}).json()
    countries = {item["value"]: item["label"] for item in counts["country"]}
    assert countries["DE"] == "德国"
    assert {item["value"]: item["label"] for item in counts["sector"]}[catalogue["chips"].code] == catalogue[
        "chips"
    ].name_zh


def test_the_browse_page_shows_facets_with_counts_and_results(catalogue, client):
    page = client.get("/listings/?country=CN", headers={"Accept-Language": "en"}).content.decode()
    assert "Biodegradable stent material" in page
    assert "Chip design funds" not in page
    assert 'data-value="DE"' in page
    assert 'aria-current="true">✓ ' in page
    assert "3 listings" in page


def test_the_browse_page_searches_in_chinese(catalogue, client):
    page = client.get("/listings/?q=孵化空间").content.decode()
    assert "张江生物医药孵化空间" in page
    assert "碳化硅" not in page


def _fill(count: int) -> None:
    carrier = make_organisation(OrganisationKind.CARRIER)
    sector = Sector.objects.first()
    assert sector is not None
    for number in range(count):
        make_listing(
            carrier,
            ListingKind.LANDING_OFFER,
            title_en=f"Space {number}",
            countries=["CN", "DE"],
            sectors=[sector.code],
            visibility=Visibility.ANONYMOUS if number % 2 else Visibility.PUBLIC,
        )


@pytest.mark.parametrize("count", [3, 25])
def test_the_browse_page_needs_the_same_few_queries_however_many_listings(
    count, stranger, client_as, django_assert_max_num_queries
):
    _fill(count)
    client = client_as(stranger)
    with django_assert_max_num_queries(22):
        response = client.get("/listings/")
    assert response.status_code == 200


@pytest.mark.parametrize("count", [3, 25])
def test_the_list_endpoint_needs_the_same_few_queries_however_many_listings(
    count, stranger, django_assert_max_num_queries
):
    _fill(count)
    api = ApiClient(stranger)
    with django_assert_max_num_queries(12):
        response = api.get("/listings?page_size=100")
    assert len(response.json()["items"]) == count
