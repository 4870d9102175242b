"""Finding organisations: Chinese and English text search, facets in the API and on the list page."""

from __future__ import annotations

import pytest

from hatchway.directory.actions import do_create_organisation, do_update_organisation
from hatchway.directory.models import OrganisationKind, Sector, Stage
from tests.conftest import ApiClient, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    chips = do_create_organisation(
        kind=OrganisationKind.ENTERPRISE,
        name_zh="芯智半导体（上海）有限公司",
        name_en="Xinzhi Semiconductor (Shanghai) Co., Ltd.",
        description_zh="专注于车规级功率芯片的研发。",
        description_en="Designs automotive-grade power chips.",
        stage=Stage.objects.get(code="series_a"),
        sectors=[Sector.objects.get(code="integrated_circuits")],
    )
    bio = do_create_organisation(
        kind=OrganisationKind.ENTERPRISE,
        name_en="Helix Bio GmbH",
        name_zh="赫利克斯生物",
        country="DE",
        description_en="Antibody discovery platform for oncology.",
        description_zh="肿瘤抗体发现平台。",
        stage=Stage.objects.get(code="seed"),
        sectors=[Sector.objects.get(code="biomedicine")],
    )
    station = do_create_organisation(
        kind=OrganisationKind.OVERSEAS_STATION,
        subtype="cooperation_channel",
        name_zh="波士顿合作渠道",
        name_en="Boston Cooperation Channel",
        country="US",
        city_zh="波士顿",
        city_en="Boston",
    )
    return {"chips": chips, "bio": bio, "station": station}


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("半导体", {"chips"}),
        ("功率芯片", {"chips"}),
        ("semiconductor", {"chips"}),
        ("antibody discovery", {"bio"}),
        ("抗体", {"bio"}),
        ("波士顿", {"station"}),
        ("Boston channel", {"station"}),
        ("上海 helix", set()),
    ],
)
def test_a_chinese_or_english_query_finds_the_matching_organisations(directory, stranger, query, found):
    items = ApiClient(stranger).get(f"/organisations?q={query}").json()["items"]
    names = {
        key for key, organisation in directory.items() if organisation.pk in {item["id"] for item in items}
    }
    assert names == found


def test_an_edited_description_is_found_by_its_new_words(directory, stranger):
    do_update_organisation(directory["bio"], description_en="Now building mRNA vaccines.")
    api = ApiClient(stranger)
    assert api.get("/organisations?q=mrna").json()["count"] == 1
    assert api.get("/organisations?q=antibody").json()["count"] == 0


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ("kind=enterprise", {"chips", "bio"}),
        ("country=de", {"bio"}),
        ("sector=integrated_circuits", {"chips"}),
        ("stage=seed", {"bio"}),
        ("subtype=cooperation_channel", {"station"}),
        ("kind=enterprise&country=CN&q=芯片", {"chips"}),
    ],
)
def test_facets_narrow_the_list(directory, stranger, query, found):
    items = ApiClient(stranger).get(f"/organisations?{query}").json()["items"]
    ids = {item["id"] for item in items}
    assert {key for key, organisation in directory.items() if organisation.pk in ids} == found


def test_the_list_carries_sectors_and_stage_codes(directory, stranger):
    item = ApiClient(stranger).get("/organisations?q=helix").json()["items"][0]
    assert (item["sectors"], item["stage"], item["country"]) == (["biomedicine"], "seed", "DE")


def test_the_list_page_offers_facets_with_counts_and_keeps_them_across_pages(directory, stranger, client_as):
    for number in range(30):
        make_organisation(OrganisationKind.ENTERPRISE, name_en=f"Filler {number}", country="DE")
    page = client_as(stranger).get("/organisations/?country=DE", headers={"Accept-Language": "en"})
    html = page.content.decode()
    assert "Helix Bio GmbH" in html or "Filler" in html
    assert "Xinzhi" not in html
    assert "country=DE&amp;page=2" in html
    assert 'value="DE" selected' in html


def test_the_list_page_runs_a_bounded_number_of_queries(
    directory, stranger, client_as, django_assert_max_num_queries
):
    client = client_as(stranger)
    for number in range(40):
        make_organisation(OrganisationKind.ENTERPRISE, name_en=f"Many {number}", stage=Stage.objects.first())
    with django_assert_max_num_queries(14):
        response = client.get("/organisations/?kind=enterprise")
    assert response.status_code == 200


def test_the_api_list_runs_a_bounded_number_of_queries(directory, stranger, django_assert_max_num_queries):
    api = ApiClient(stranger)
    for number in range(30):
        organisation = make_organisation(OrganisationKind.ENTERPRISE, name_en=f"Listed {number}")
        organisation.sectors.set(Sector.objects.all()[:2])
    with django_assert_max_num_queries(10):
        body = api.get("/organisations?page_size=50").json()
    assert body["count"] == 33
