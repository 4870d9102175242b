"""Each person's language and time zone, stored and applied on every request."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client

from hatchway.accounts.models import User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def test_a_signed_in_person_gets_their_stored_language_whatever_the_browser_asks(client_as):
    founder = make_user(language="en")
    client = client_as(founder)
    response = client.get("/workspace/", headers={"Accept-Language": "zh-CN"})
    assert response["Content-Language"] == "en"
    assert "My workspace" in response.content.decode()


def test_a_visitor_gets_the_language_their_browser_asks_for():
    assert Client().get("/", headers={"Accept-Language": "en-US,en"})["Content-Language"] == "en"
    assert Client().get("/", headers={"Accept-Language": "zh-CN,zh"})["Content-Language"] == "zh-hans"


def test_the_default_language_is_simplified_chinese():
    response = Client().get("/")
    assert response["Content-Language"] == "zh-hans"
    assert 'lang="zh-Hans"' in response.content.decode()


def test_switching_language_stores_it_on_the_account_and_returns_to_the_same_page(client_as):
    user = make_user(language="zh-hans")
    response = client_as(user).post("/i18n/language/", {"language": "en", "next": "/organisations/"})
    assert response.status_code == 302
    assert response["Location"] == "/organisations/"
    user.refresh_from_db()
    assert user.language == "en"


def test_switching_to_an_unknown_language_changes_nothing(client_as):
    user = make_user(language="zh-hans")
    client_as(user).post("/i18n/language/", {"language": "xx", "next": "/"})
    user.refresh_from_db()
    assert user.language == "zh-hans"


def test_switching_language_never_redirects_to_another_site():
    response = Client().post("/i18n/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


@time_machine.travel(datetime(2026, 11, 26, 8, 30, tzinfo=UTC), tick=False)
def test_times_are_shown_in_the_viewers_time_zone(client_as):
    berlin = make_user(time_zone="Europe/Berlin", language="en")
    shanghai = make_user(time_zone="Asia/Shanghai", language="en")
    assert "(now 2026-11-26 09:30)" in client_as(berlin).get("/").content.decode()
    assert "(now 2026-11-26 16:30)" in client_as(shanghai).get("/").content.decode()


@time_machine.travel(datetime(2026, 11, 26, 8, 30, tzinfo=UTC), tick=False)
def test_a_visitors_browser_time_zone_cookie_is_used_and_a_bogus_one_ignored():
    client = Client(headers={"Accept-Language": "en"})
    client.cookies["hatchway_tz"] = "America/New_York"
    assert "(now 2026-11-26 03:30)" in client.get("/").content.decode()
    client.cookies["hatchway_tz"] = "Not/AZone"
    assert "(now 2026-11-26 16:30)" in client.get("/").content.decode()


def test_the_profile_page_saves_name_language_and_time_zone(client_as):
    user = make_user(language="zh-hans")
    response = client_as(user).post(
        "/accounts/profile/", {"full_name": "Jonas Weber", "language": "en", "time_zone": "Europe/Berlin"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language, user.time_zone) == ("Jonas Weber", "en", "Europe/Berlin")


def test_a_bad_time_zone_on_the_profile_page_is_refused_and_nothing_changes(client_as):
    user = make_user(language="en", time_zone="Asia/Shanghai", full_name="Before")
    response = client_as(user).post(
        "/accounts/profile/", {"full_name": "After", "language": "en", "time_zone": "Moon/Base"}
    )
    assert response.status_code == 422
    assert "time_zone" in response.context["form"].errors
    user = User.objects.get(pk=user.pk)
    assert (user.full_name, user.time_zone) == ("Before", "Asia/Shanghai")
