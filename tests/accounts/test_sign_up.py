"""Creating an account from the sign-up page."""

from __future__ import annotations

import pytest
from django.test import Client

from hatchway.accounts.models import User
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def form(**overrides: str) -> dict[str, str]:
    values = {
        "email": "Lin@Example.cn",
        "full_name": "林晓 Lin Xiao",
        "password": "a-long-and-unusual-passphrase",
        "language": "zh-hans",
        "time_zone": "Asia/Shanghai",
    }
    values.update(overrides)
    return values


def test_a_newcomer_signs_up_and_is_signed_in_with_their_preferences():
    client = Client()
    response = client.post("/accounts/sign-up/", form(language="en", time_zone="Europe/London"))
    assert response.status_code == 302
    user = User.objects.get(email="lin@example.cn")
    assert (user.language, user.time_zone, user.full_name) == ("en", "Europe/London", "林晓 Lin Xiao")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_an_address_that_exists_already_is_refused_and_nothing_is_created():
    make_user("lin@example.cn")
    response = Client(headers={"Accept-Language": "en"}).post("/accounts/sign-up/", form())
    assert response.status_code == 422
    assert "exists already" in response.content.decode()
    assert User.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("password", "48213957206", "entirely numeric"),
        ("password", "short", "too short"),
        ("email", "not-an-address", "valid email"),
        ("time_zone", "Mars/Olympus", "Select a valid choice"),
        ("language", "fr", "Select a valid choice"),
        ("full_name", "", "required"),
    ],
)
def test_a_bad_field_is_reported_next_to_it_and_nothing_is_created(field, value, message):
    response = Client(headers={"Accept-Language": "en"}).post("/accounts/sign-up/", form(**{field: value}))
    assert response.status_code == 422
    assert message in " ".join(response.context["form"].errors[field])
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.exists()
