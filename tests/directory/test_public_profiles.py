"""Public profiles: visitors who are not signed in see an organisation's public face and its published
public listings, never its people, contact persons, data reports or the details kept for members."""

from __future__ import annotations

import pytest

from hatchway.directory.actions import do_add_contact, do_file_data_report
from hatchway.directory.models import ContactVisibility, OrganisationKind, Sector
from hatchway.listings.actions import do_create_listing, do_publish_listing
from tests.conftest import ApiClient, make_organisation
from tests.directory.conftest import HUAWEI, own_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def enterprise(incubator):
    carrier = own_organisation(incubator)
    firm = make_organisation(
        kind=OrganisationKind.ENTERPRISE,
        name_en="Helix Bio Shanghai",
        name_zh="赫利克斯生物上海",
        description_en="Enzymes for green chemistry.",
        country="CN",
        website="https://helix.example.cn",
        credit_code=HUAWEI,
        incubating_carrier=carrier,
        sectors=[Sector.objects.get(code="biomedicine")],
    )
    do_add_contact(firm, name="Public Pat", email="pat@example.org", visibility=ContactVisibility.PUBLIC)
    do_add_contact(firm, name="Private Pau", phone="+86 21 5080 0000")
    do_file_data_report(firm, fiscal_year=2024, sales_revenue_fen=100)
    for title, visibility, publish in (
        ("Open enzyme licence", "public", True),
        ("Members-only pilot line", "members", True),
        ("Anonymous funding round", "anonymous", True),
        ("Draft idea", "public", False),
    ):
        listing = do_create_listing(
            kind="technology_offer", owner_organisation=firm, title_en=title, visibility=visibility
        )
        if publish:
            do_publish_listing(listing)
    return firm


def test_a_visitor_sees_the_public_profile_and_its_published_public_listings(client, enterprise):
    page = client.get(f"/organisations/{enterprise.pk}/", headers={"Accept-Language": "en"})
    assert page.status_code == 200
    html = page.content.decode()
    for shown in (
        "Helix Bio Shanghai",
        "赫利克斯生物上海",
        "Enzymes for green chemistry.",
        "Enterprise",
        "China",
        "https://helix.example.cn",
        "Biomedicine",
        "Open enzyme licence",
        "sign-in-for-more",
    ):
        assert shown in html, shown
    for hidden in (
        "Members-only pilot line",
        "Anonymous funding round",
        "Draft idea",
        "Public Pat",
        "Private Pau",
        HUAWEI,
        "Incubated by",
        "Data reports",
        "Members",
    ):
        assert hidden not in html, hidden


def test_a_signed_in_person_sees_the_details_and_members_only_listings_but_still_no_anonymous_owner(
    client_as, stranger, enterprise
):
    html = client_as(stranger).get(f"/organisations/{enterprise.pk}/").content.decode()
    for shown in (HUAWEI, "Public Pat", "Open enzyme licence", "Members-only pilot line"):
        assert shown in html, shown
    for hidden in ("Anonymous funding round", "Private Pau", "sign-in-for-more"):
        assert hidden not in html, hidden


def test_visitors_cannot_reach_private_pages_or_the_api(client, enterprise):
    assert client.get(f"/organisations/{enterprise.pk}/reports/").status_code == 302
    assert client.get(f"/organisations/{enterprise.pk}/edit/").status_code == 302
    assert client.post(f"/organisations/{enterprise.pk}/contacts/", {"name": "X"}).status_code == 302
    visitor = ApiClient()
    for path in ("", "/contacts", "/data-reports", "/members"):
        assert visitor.get(f"/organisations/{enterprise.pk}{path}").status_code == 401


def test_an_unknown_profile_is_not_found_for_visitors_too(client, db):
    assert client.get("/organisations/999999/").status_code == 404
