"""The demo data set: one account per role, the same on every run."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from hatchway.accounts.models import User
from hatchway.directory.models import Membership, Organisation, Role
from hatchway.web.demo import DEMO_PASSWORD, load_demo_data

pytestmark = pytest.mark.django_db


def snapshot() -> tuple:
    return (
        sorted(User.objects.values_list("email", "full_name", "language", "time_zone")),
        sorted(Organisation.objects.values_list("kind", "name_zh", "name_en")),
        sorted(Membership.objects.values_list("user__email", "role", "organisation__name_en")),
    )


def test_there_is_a_demo_account_for_every_role_and_each_can_sign_in():
    accounts = load_demo_data()
    assert {account.role for account in accounts} == set(Role.values)
    for account in accounts:
        assert Client().login(username=account.email, password=DEMO_PASSWORD), account.email


def test_loading_twice_changes_nothing():
    load_demo_data()
    first = snapshot()
    load_demo_data()
    assert snapshot() == first


def test_the_command_prints_the_accounts_and_refuses_to_run_on_a_production_site(capsys):
    with pytest.raises(CommandError, match="DEBUG off"):
        call_command("demo_data")
    assert not User.objects.exists()
    call_command("demo_data", "--force", "--scale", "0")
    output = capsys.readouterr().out
    assert "operator@demo.hatchway.local" in output
    assert DEMO_PASSWORD in output


def test_the_full_demo_fills_every_app_and_a_second_run_adds_nothing(capsys):
    call_command("demo_data", "--force", "--scale", "40")
    from hatchway.events.models import Event
    from hatchway.listings.models import Listing

    assert Organisation.objects.filter(kind="enterprise").count() >= 40
    assert Listing.objects.exists()
    assert Event.objects.exists()
    counts = (
        Organisation.objects.count(),
        Listing.objects.count(),
        Event.objects.count(),
        User.objects.count(),
    )
    call_command("demo_data", "--force", "--scale", "40")
    assert (
        Organisation.objects.count(),
        Listing.objects.count(),
        Event.objects.count(),
        User.objects.count(),
    ) == counts
