"""Contact persons as spreadsheets: moved by those who keep the organisation's profile, and by nobody else."""

from __future__ import annotations

import pytest

from hatchway.directory.actions import do_add_contact
from hatchway.directory.models import ContactPerson, Membership, OrganisationKind
from tests.conftest import make_organisation
from tests.transfer.conftest import body, read_xlsx, xlsx

pytestmark = pytest.mark.django_db

HEADER = ["Organisation ID", "Name", "Title (English)", "E-mail address", "Phone", "Visible to"]


def own_organisation(user):
    return Membership.objects.filter(user=user).exclude(organisation=None).get().organisation


def test_a_member_imports_contacts_of_their_own_organisation_only(founder, api_import):
    mine = own_organisation(founder)
    other = make_organisation(name_en="Other GmbH")
    refused = api_import(
        founder,
        "contacts",
        xlsx(
            [
                HEADER,
                [mine.pk, "Lena Fischer", "CEO", "lena@helix.example.de", "", "public"],
                [other.pk, "Intruder", "", "x@example.org", "", ""],
            ]
        ),
    )
    assert refused["status"] == "rejected"
    assert [(e["row"], e["column"]) for e in refused["errors"]] == [(3, "Organisation ID")]
    assert not ContactPerson.objects.exists()
    job = api_import(
        founder,
        "contacts",
        xlsx([HEADER, [mine.pk, "Lena Fischer", "CEO", "lena@helix.example.de", "", "public"]]),
    )
    assert (job["status"], job["created_count"]) == ("done", 1)
    contact = ContactPerson.objects.get()
    assert (contact.organisation, contact.visibility, contact.title_en) == (mine, "public", "CEO")


def test_carrier_staff_keep_the_contacts_of_the_enterprises_they_incubate(incubator, api_import, api_export):
    carrier = own_organisation(incubator)
    incubated = make_organisation(incubating_carrier=carrier, name_en="Incubated Ltd")
    stranger_firm = make_organisation(name_en="Unrelated Ltd")
    do_add_contact(stranger_firm, name="Hidden Person", email="hidden@example.org")
    job = api_import(
        incubator, "contacts", xlsx([HEADER, [incubated.pk, "Wang Fang", "CTO", "", "+86 21 5080 0000", ""]])
    )
    assert job["status"] == "done"
    assert ContactPerson.objects.get(name="Wang Fang").visibility == "private"
    names = {row[2] for row in read_xlsx(body(api_export(incubator, "contacts")))[1:]}
    assert names == {"Wang Fang"}


def test_a_contact_without_email_or_phone_and_a_bad_phone_are_located(operator, api_import):
    firm = make_organisation()
    job = api_import(
        operator,
        "contacts",
        xlsx(
            [
                HEADER,
                [firm.pk, "No Way To Reach", "", "", "", ""],
                [firm.pk, "Bad Phone", "", "", "call me", ""],
                [999999, "Nobody's", "", "a@example.org", "", ""],
                [firm.pk, "Bad Visibility", "", "b@example.org", "", "secret"],
            ]
        ),
    )
    assert {(e["row"], e["column"]) for e in job["errors"]} == {
        (2, "E-mail address"),
        (3, "Phone"),
        (4, "Organisation ID"),
        (5, "Visible to"),
    }
    assert not ContactPerson.objects.exists()


@pytest.mark.parametrize("persona", ["investor", "talent", "stranger"])
def test_people_outside_the_organisation_neither_import_nor_export_its_contacts(
    persona, request, api_import, api_export
):
    firm = make_organisation(kind=OrganisationKind.ENTERPRISE)
    do_add_contact(firm, name="Public Person", email="public@example.org", visibility="public")
    user = request.getfixturevalue(persona)
    rows = read_xlsx(body(api_export(user, "contacts")))
    assert rows[1:] == []
    outcome = api_import(user, "contacts", xlsx([HEADER, [firm.pk, "Sneaky", "", "s@example.org", "", ""]]))
    if isinstance(outcome, dict):
        assert outcome["status"] == "rejected"
    else:
        assert outcome.status_code == 403
    assert not ContactPerson.objects.filter(name="Sneaky").exists()


def test_an_export_imports_back_unchanged(operator, api_import, api_export):
    firm = make_organisation()
    do_add_contact(
        firm,
        name="张伟",
        title_zh="总经理",
        title_en="General manager",
        email="zw@example.cn",
        phone="+86 21 5080 0000",
        visibility="platform",
    )
    do_add_contact(firm, name="Ana Silva", phone="+351 21 000 0000")
    fields = ("pk", "organisation_id", "name", "title_zh", "title_en", "email", "phone", "visibility")
    snapshot = list(ContactPerson.objects.order_by("pk").values_list(*fields))
    job = api_import(operator, "contacts", body(api_export(operator, "contacts", "csv")), name="contacts.csv")
    assert (job["status"], job["created_count"], job["updated_count"], job["unchanged_count"]) == (
        "done",
        0,
        0,
        2,
    )
    assert list(ContactPerson.objects.order_by("pk").values_list(*fields)) == snapshot
