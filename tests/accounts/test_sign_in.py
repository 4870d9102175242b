"""Signing in with an e-mail address, and the throttle that stops password guessing."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from hatchway.accounts.models import LoginAttempt
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

SIGN_IN = "/accounts/sign-in/"


def sign_in(client: Client, email: str, password: str):
    return client.post(SIGN_IN, {"username": email, "password": password})


def test_a_person_signs_in_with_their_email_in_any_case_and_lands_in_their_workspace():
    make_user("Ada@Example.org")
    client = Client()
    response = sign_in(client, "ADA@example.ORG", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/workspace/"
    assert client.get("/workspace/").status_code == 200
    assert LoginAttempt.objects.filter(email="ada@example.org", succeeded=True).count() == 1


def test_a_wrong_password_says_what_to_check_and_signs_nobody_in():
    make_user("ada@example.org")
    client = Client(headers={"Accept-Language": "en"})
    response = sign_in(client, "ada@example.org", "wrong-password")
    assert response.status_code == 200
    assert "do not match" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert LoginAttempt.objects.filter(succeeded=False).count() == 1


def test_the_sixth_failure_in_fifteen_minutes_locks_the_address_even_with_the_right_password():
    make_user("ada@example.org")
    client = Client(headers={"Accept-Language": "en"})
    with time_machine.travel("2026-11-26 10:00 +0800", tick=False):
        for _ in range(5):
            sign_in(client, "ada@example.org", "guess")
        response = sign_in(client, "ada@example.org", PASSWORD)
    assert response.status_code == 200
    assert "Too many failed sign-in attempts. Try again in 15 minutes" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_when_the_oldest_failure_leaves_the_window():
    make_user("ada@example.org")
    client = Client()
    with time_machine.travel("2026-11-26 10:00 +0800", tick=False) as clock:
        for _ in range(5):
            sign_in(client, "ada@example.org", "guess")
        clock.shift(timedelta(minutes=15, seconds=1))
        response = sign_in(client, "ada@example.org", PASSWORD)
    assert response.status_code == 302


def test_a_successful_sign_in_forgives_earlier_failures_of_that_address():
    make_user("ada@example.org")
    with time_machine.travel("2026-11-26 10:00 +0800", tick=False):
        for _ in range(4):
            sign_in(Client(), "ada@example.org", "guess")
        assert sign_in(Client(), "ada@example.org", PASSWORD).status_code == 302
        for _ in range(4):
            sign_in(Client(), "ada@example.org", "guess")
        assert sign_in(Client(), "ada@example.org", PASSWORD).status_code == 302


def test_one_client_guessing_many_addresses_is_throttled_by_its_ip_address():
    make_user("victim@example.org")
    client = Client(REMOTE_ADDR="203.0.113.9")
    with time_machine.travel("2026-11-26 10:00 +0800", tick=False):
        for number in range(20):
            sign_in(client, f"someone{number}@example.org", "guess")
        response = sign_in(client, "victim@example.org", PASSWORD)
        other_client = sign_in(Client(REMOTE_ADDR="198.51.100.7"), "victim@example.org", PASSWORD)
    assert response.status_code == 200
    assert other_client.status_code == 302


def test_the_administration_site_is_throttled_by_the_same_rule(operator):
    client = Client()
    with time_machine.travel(timezone.now(), tick=False):
        for _ in range(5):
            client.post("/admin/login/", {"username": operator.email, "password": "guess"})
        response = client.post(
            "/admin/login/?next=/admin/", {"username": operator.email, "password": PASSWORD}
        )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_signing_out_needs_a_post_and_ends_the_session(stranger, client_as):
    client = client_as(stranger)
    assert client.get("/accounts/sign-out/").status_code == 405
    response = client.post("/accounts/sign-out/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
