"""Each role sees its own navigation."""

from __future__ import annotations

import pytest
from django.test import Client

from hatchway.web.demo import DEMO_PASSWORD, load_demo_data

pytestmark = pytest.mark.django_db


def nav_keys(client: Client) -> set[str]:
    import re

    return set(re.findall(r'data-nav="([^"]+)"', client.get("/workspace/").content.decode()))


@pytest.mark.parametrize(
    ("email", "present", "absent"),
    [
        ("operator@demo.hatchway.local", {"role-operator", "admin"}, {"role-carrier_staff"}),
        ("carrier@demo.hatchway.local", {"role-carrier_staff"}, {"admin", "role-operator"}),
        ("founder@demo.hatchway.local", {"role-enterprise_member"}, {"admin", "role-investor_member"}),
        ("investor@demo.hatchway.local", {"role-investor_member"}, {"admin", "role-enterprise_member"}),
        ("talent@demo.hatchway.local", {"role-talent"}, {"admin", "role-judge"}),
        ("judge@demo.hatchway.local", {"role-judge"}, {"admin", "role-talent"}),
    ],
)
def test_each_demo_role_sees_its_own_navigation(email, present, absent):
    load_demo_data()
    client = Client()
    assert client.login(username=email, password=DEMO_PASSWORD)
    keys = nav_keys(client)
    assert present <= keys
    assert not absent & keys
    assert {"home", "workspace", "organisations", "profile", "sign-out"} <= keys


def test_a_visitor_sees_sign_in_and_sign_up_only():
    keys = {
        key
        for key in ("sign-in", "sign-up", "workspace")
        if f'data-nav="{key}"' in Client().get("/").content.decode()
    }
    assert keys == {"sign-in", "sign-up"}


def test_the_navigation_costs_one_query_for_the_roles_and_one_for_unread_notices(
    django_assert_max_num_queries,
):
    load_demo_data()
    client = Client()
    client.login(username="operator@demo.hatchway.local", password=DEMO_PASSWORD)
    # session + user + roles for the navigation + unread notices + roles for the workspace
    with django_assert_max_num_queries(5):
        client.get("/workspace/")
