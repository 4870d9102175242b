"""Who sees what: public profile fields for everyone signed in; data reports and private contacts for the
organisation, the carrier that incubates it, and operators; nothing for visitors who are not signed in."""

from __future__ import annotations

from typing import Any

import pytest

from hatchway.directory.actions import do_add_contact, do_file_data_report
from hatchway.directory.models import ContactVisibility, OrganisationKind
from tests.conftest import ApiClient, make_organisation
from tests.directory.conftest import own_organisation

pytestmark = pytest.mark.django_db

FIGURES: dict[str, Any] = {
    "sales_revenue_fen": 1_000_000_00,
    "rd_expense_fen": 80_000_00,
    "rd_expense_domestic_fen": 80_000_00,
    "income_total_fen": 1_010_000_00,
    "net_assets_fen": 500_000_00,
    "total_assets_fen": 900_000_00,
    "total_cost_expense_fen": 850_000_00,
    "employees_avg": 20,
    "tech_staff_avg": 8,
}


def with_private_data(enterprise):
    do_file_data_report(enterprise, fiscal_year=2025, **FIGURES)
    do_add_contact(
        enterprise, name="Public Pat", email="pat@example.org", visibility=ContactVisibility.PUBLIC
    )
    do_add_contact(
        enterprise, name="Platform Pia", email="pia@example.org", visibility=ContactVisibility.PLATFORM
    )
    do_add_contact(
        enterprise, name="Private Pau", phone="+86 21 5080 0000", visibility=ContactVisibility.PRIVATE
    )
    return enterprise


@pytest.mark.parametrize(
    ("persona", "sees_reports", "contacts"),
    [
        ("founder", True, {"Public Pat", "Platform Pia", "Private Pau"}),  # a member
        ("incubator", True, {"Public Pat", "Platform Pia", "Private Pau"}),  # the incubating carrier
        ("operator", True, {"Public Pat", "Platform Pia", "Private Pau"}),
        ("investor", False, {"Public Pat", "Platform Pia"}),  # has a role on the platform
        ("talent", False, {"Public Pat", "Platform Pia"}),
        ("stranger", False, {"Public Pat"}),  # signed in, no role
    ],
)
def test_private_data_of_an_enterprise_per_role(persona, sees_reports, contacts, incubated, request):
    with_private_data(incubated)
    api = ApiClient(request.getfixturevalue(persona))
    reports = api.get(f"/organisations/{incubated.pk}/data-reports")
    assert reports.status_code == (200 if sees_reports else 403)
    if sees_reports:
        assert reports.json()["items"][0]["sales_revenue_fen"] == 1_000_000_00
    listed = api.get(f"/organisations/{incubated.pk}/contacts").json()["items"]
    assert {contact["name"] for contact in listed} == contacts
    profile = api.get(f"/organisations/{incubated.pk}")
    assert profile.status_code == 200
    assert "sales_revenue_fen" not in profile.json()


def test_staff_of_another_carrier_see_no_private_data(incubated):
    with_private_data(incubated)
    from hatchway.directory.models import Role
    from tests.directory.conftest import member_of

    rival = member_of(make_organisation(OrganisationKind.CARRIER), Role.CARRIER_STAFF)
    api = ApiClient(rival)
    assert api.get(f"/organisations/{incubated.pk}/data-reports").status_code == 403
    assert {c["name"] for c in api.get(f"/organisations/{incubated.pk}/contacts").json()["items"]} == {
        "Public Pat",
        "Platform Pia",
    }
    report_id = incubated.data_reports.get().pk
    assert api.get(f"/data-reports/{report_id}").status_code == 404


def test_visitors_who_are_not_signed_in_see_nothing(client, incubated):
    with_private_data(incubated)
    visitor = ApiClient()
    for path in ("", "/contacts", "/data-reports", "/members"):
        assert visitor.get(f"/organisations/{incubated.pk}{path}").status_code == 401
    assert client.get(f"/organisations/{incubated.pk}/reports/").status_code == 302


@pytest.mark.parametrize(
    "kind",
    [
        OrganisationKind.CARRIER,
        OrganisationKind.OVERSEAS_STATION,
        OrganisationKind.INVESTOR,
        OrganisationKind.UNIVERSITY,
        OrganisationKind.RESEARCH_INSTITUTE,
    ],
)
def test_private_contacts_of_every_kind_stay_with_its_members_and_operators(kind, operator, stranger):
    organisation = make_organisation(kind)
    do_add_contact(organisation, name="Hidden Hu", email="hu@example.org")
    assert ApiClient(stranger).get(f"/organisations/{organisation.pk}/contacts").json()["count"] == 0
    assert ApiClient(operator).get(f"/organisations/{organisation.pk}/contacts").json()["count"] == 1


def test_the_staff_of_a_parent_carrier_see_their_stations_private_contacts(incubator, carrier):
    station = make_organisation(OrganisationKind.OVERSEAS_STATION, parent_carrier=carrier)
    do_add_contact(station, name="Station Sam", email="sam@example.org")
    assert ApiClient(incubator).get(f"/organisations/{station.pk}/contacts").json()["count"] == 1


def test_the_profile_page_shows_private_contacts_only_to_those_allowed(
    incubated, stranger, incubator, client_as
):
    with_private_data(incubated)
    assert "Private Pau" in client_as(incubator).get(f"/organisations/{incubated.pk}/").content.decode()
    page = client_as(stranger).get(f"/organisations/{incubated.pk}/").content.decode()
    assert "Public Pat" in page
    assert "Private Pau" not in page
    assert "Platform Pia" not in page
    assert client_as(stranger).get(f"/organisations/{incubated.pk}/reports/").status_code == 403


def test_a_contact_needs_a_way_to_reach_them_and_a_stranger_cannot_add_one(founder, stranger):
    organisation = own_organisation(founder)
    missing = ApiClient(founder).post(f"/organisations/{organisation.pk}/contacts", {"name": "Nobody"})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["location"] == "body.email"
    refused = ApiClient(stranger).post(
        f"/organisations/{organisation.pk}/contacts", {"name": "Intruder", "email": "i@example.org"}
    )
    assert refused.status_code == 403
    assert not organisation.contacts.exists()


def test_members_change_and_remove_their_contacts(founder, investor):
    organisation = own_organisation(founder)
    api = ApiClient(founder)
    contact = api.post(
        f"/organisations/{organisation.pk}/contacts",
        {"name": "Ana", "email": "ana@example.org", "visibility": "public"},
    ).json()
    assert ApiClient(investor).patch(f"/contacts/{contact['id']}", {"name": "Hacked"}).status_code == 403
    assert api.patch(f"/contacts/{contact['id']}", {"title_en": "CTO"}).json()["title_en"] == "CTO"
    assert api.delete(f"/contacts/{contact['id']}").status_code == 204
    assert not organisation.contacts.exists()
