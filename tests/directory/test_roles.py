"""Roles people hold, and which organisation each role needs."""

from __future__ import annotations

import pytest
from django.utils import translation

from hatchway.directory.actions import do_grant_role, do_revoke_role
from hatchway.directory.models import Membership, OrganisationKind, Role
from hatchway.errors import Conflict, InvalidInput
from tests.conftest import make_organisation, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("role", "kind"),
    [
        (Role.OPERATOR, OrganisationKind.PLATFORM),
        (Role.CARRIER_STAFF, OrganisationKind.CARRIER),
        (Role.CARRIER_STAFF, OrganisationKind.OVERSEAS_STATION),
        (Role.ENTERPRISE_MEMBER, OrganisationKind.ENTERPRISE),
        (Role.INVESTOR_MEMBER, OrganisationKind.INVESTOR),
        (Role.TALENT, None),
        (Role.JUDGE, None),
    ],
)
def test_each_role_is_held_where_it_belongs(role, kind):
    organisation = make_organisation(kind) if kind else None
    membership = do_grant_role(make_user(), role, organisation)
    assert Membership.objects.get(pk=membership.pk).role == role


@pytest.mark.parametrize(
    ("role", "kind", "message"),
    [
        (Role.ENTERPRISE_MEMBER, OrganisationKind.INVESTOR, "cannot be held in"),
        (Role.CARRIER_STAFF, None, "needs an organisation"),
        (Role.TALENT, OrganisationKind.ENTERPRISE, "without an organisation"),
        ("astronaut", None, "is not a role"),
    ],
)
def test_a_role_in_the_wrong_place_is_refused_and_nothing_is_stored(role, kind, message):
    organisation = make_organisation(kind) if kind else None
    with translation.override("en"), pytest.raises(InvalidInput, match=message):
        do_grant_role(make_user(), role, organisation)
    assert not Membership.objects.exists()


def test_the_same_role_twice_is_a_conflict():
    user, carrier = make_user(), make_organisation(OrganisationKind.CARRIER)
    do_grant_role(user, Role.CARRIER_STAFF, carrier)
    with pytest.raises(Conflict):
        do_grant_role(user, Role.CARRIER_STAFF, carrier)
    assert Membership.objects.count() == 1


def test_an_operator_enters_the_administration_site_until_the_role_is_revoked(client):
    user = make_user()
    membership = do_grant_role(user, Role.OPERATOR, make_organisation(OrganisationKind.PLATFORM))
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    do_revoke_role(membership)
    user.refresh_from_db()
    assert not user.is_staff
    assert client.get("/admin/").status_code == 302
