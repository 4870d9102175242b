"""Organisation profiles through the pages and the API, with who may see and change what."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hatchway.directory.models import Membership, Organisation, OrganisationKind
from tests.conftest import ApiClient, make_organisation, make_user

pytestmark = pytest.mark.django_db


def own_organisation(user) -> Organisation:
    organisation = Membership.objects.get(user=user).organisation
    assert organisation is not None
    return organisation


def test_visitors_read_the_public_profile_and_signed_in_people_the_details(client, stranger, client_as):
    organisation = make_organisation(
        name_en="Helix Bio GmbH", name_zh="赫利克斯生物", credit_code=None, country="DE"
    )
    visitor_page = client.get(f"/organisations/{organisation.pk}/", headers={"Accept-Language": "en"})
    assert visitor_page.status_code == 200
    assert "Helix Bio GmbH" in visitor_page.content.decode()
    page = client_as(stranger).get(f"/organisations/{organisation.pk}/", headers={"Accept-Language": "en"})
    assert "Helix Bio GmbH" in page.content.decode()
    assert ApiClient(stranger).get(f"/organisations/{organisation.pk}").json()["name_zh"] == "赫利克斯生物"
    # The JSON API is for accounts (a token or a session); visitors read the pages.
    assert ApiClient().get(f"/organisations/{organisation.pk}").status_code == 401


def test_the_name_is_shown_in_the_viewers_language(client_as):
    organisation = make_organisation(name_en="Fudan University", name_zh="复旦大学")
    zh, en = make_user(language="zh-hans"), make_user(language="en")
    assert "<h1>复旦大学</h1>" in client_as(zh).get(f"/organisations/{organisation.pk}/").content.decode()
    assert (
        "<h1>Fudan University</h1>"
        in client_as(en).get(f"/organisations/{organisation.pk}/").content.decode()
    )


def test_members_are_listed_only_to_their_colleagues_and_operators(founder, stranger, operator, client_as):
    organisation = own_organisation(founder)
    assert ApiClient(founder).get(f"/organisations/{organisation.pk}/members").json()["count"] == 1
    assert ApiClient(operator).get(f"/organisations/{organisation.pk}/members").status_code == 200
    refused = ApiClient(stranger).get(f"/organisations/{organisation.pk}/members")
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert founder.email not in client_as(stranger).get(f"/organisations/{organisation.pk}/").content.decode()


def test_a_member_changes_their_organisation_and_a_stranger_cannot(founder, stranger):
    organisation = own_organisation(founder)
    response = ApiClient(founder).patch(f"/organisations/{organisation.pk}", {"name_en": "Helix Bio SE"})
    assert response.status_code == 200
    assert response.json()["name_en"] == "Helix Bio SE"
    refused = ApiClient(stranger).patch(f"/organisations/{organisation.pk}", {"name_en": "Hijacked"})
    assert refused.status_code == 403
    organisation.refresh_from_db()
    assert organisation.name_en == "Helix Bio SE"


def test_an_unknown_field_is_refused_by_name_and_nothing_changes(founder):
    organisation = own_organisation(founder)
    response = ApiClient(founder).patch(
        f"/organisations/{organisation.pk}",
        {"name_en": "New", "kind": "investor"},
        **{"Accept-Language": "en"},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == [
        {
            "location": "body.kind",
            "message": "This field is not accepted here. Remove it; the API documentation lists the fields.",
        }
    ]
    organisation.refresh_from_db()
    assert (organisation.name_en, organisation.kind) != ("New", "investor")


def test_a_bad_website_is_reported_with_its_location_and_nothing_changes(founder):
    organisation = own_organisation(founder)
    before = organisation.website
    response = ApiClient(founder).patch(
        f"/organisations/{organisation.pk}", {"name_en": "Changed", "website": "not a url"}
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.website"
    organisation.refresh_from_db()
    assert (organisation.name_en, organisation.website) != ("Changed", "not a url")
    assert organisation.website == before


def test_removing_both_names_is_refused(founder):
    organisation = own_organisation(founder)
    response = ApiClient(founder).patch(f"/organisations/{organisation.pk}", {"name_en": "", "name_zh": ""})
    assert response.status_code == 422
    organisation.refresh_from_db()
    assert organisation.name_en or organisation.name_zh


def test_the_list_searches_both_names_filters_by_kind_and_paginates(stranger):
    for number in range(25):
        make_organisation(
            OrganisationKind.CARRIER, name_en=f"Incubator {number:02}", name_zh=f"孵化器{number:02}"
        )
    make_organisation(OrganisationKind.INVESTOR, name_en="Pujiang Fund", name_zh="浦江基金")
    api = ApiClient(stranger)
    page = api.get("/organisations?kind=carrier&page=2&page_size=10").json()
    assert (page["count"], page["page"], len(page["items"])) == (25, 2, 10)
    assert api.get("/organisations?q=浦江").json()["items"][0]["name_en"] == "Pujiang Fund"
    assert api.get("/organisations?q=pujiang").json()["count"] == 1
    too_big = api.get("/organisations?page_size=1000")
    assert too_big.status_code == 422
    assert too_big.json()["errors"][0]["location"] == "query.page_size"


def test_the_directory_page_runs_a_fixed_number_of_queries_however_many_organisations(stranger, client_as):
    client = client_as(stranger)
    for number in range(3):
        make_organisation(name_en=f"Small {number}")
    with CaptureQueriesContext(connection) as few:
        client.get("/organisations/")
    for number in range(20):
        make_organisation(name_en=f"More {number}")
    with CaptureQueriesContext(connection) as many:
        client.get("/organisations/")
    assert len(many) == len(few)


def test_only_operators_see_every_role_on_the_platform(operator, founder, client_as):
    assert client_as(founder).get("/members/").status_code == 403
    page = client_as(operator).get("/members/").content.decode()
    assert founder.email in page
    assert operator.email in page


def test_an_unknown_organisation_is_a_json_404_in_the_api_and_a_page_404_on_the_site(stranger, client_as):
    response = ApiClient(stranger).get("/organisations/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert client_as(stranger).get("/organisations/999999/").status_code == 404
