"""Personal API tokens: created and revoked on the profile page or through the API."""

from __future__ import annotations

import pytest

from hatchway.accounts.models import ApiToken, hash_token
from tests.conftest import ApiClient, make_user

pytestmark = pytest.mark.django_db


def test_a_token_created_on_the_profile_page_is_shown_once_and_stored_only_as_a_hash(client_as):
    user = make_user()
    response = client_as(user).post(
        "/accounts/profile/tokens/", {"name": "CRM sync"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    key = response.context["issued"].key
    assert key.startswith("hw_")
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == hash_token(key)
    assert key not in (token.prefix, token.key_hash)
    listing = client_as(user).get("/accounts/profile/").content.decode()
    assert "CRM sync" in listing
    assert key not in listing


def test_a_token_without_a_name_is_refused(client_as):
    user = make_user()
    response = client_as(user).post(
        "/accounts/profile/tokens/", {"name": "  "}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert not ApiToken.objects.exists()


def test_the_token_form_works_without_javascript_too(client_as):
    user = make_user()
    response = client_as(user).post("/accounts/profile/tokens/", {"name": "script"})
    assert response.status_code == 200
    assert "Profile" in response.content.decode() or "个人资料" in response.content.decode()
    assert ApiToken.objects.filter(user=user).count() == 1


def test_a_token_calls_the_api_as_its_owner_until_it_is_revoked(client_as):
    user = make_user("owner@example.org")
    api = ApiClient(user)
    assert api.get("/me").json()["email"] == "owner@example.org"
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is not None
    response = client_as(user).post(
        f"/accounts/profile/tokens/{token.pk}/revoke/", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    reply = api.get("/me")
    assert reply.status_code == 401
    assert reply.json()["code"] == "unauthenticated"


def test_nobody_can_revoke_someone_elses_token(client_as):
    owner, other = make_user(), make_user()
    ApiClient(owner)
    token = ApiToken.objects.get(user=owner)
    assert client_as(other).post(f"/accounts/profile/tokens/{token.pk}/revoke/").status_code == 404
    assert ApiClient(other).delete(f"/tokens/{token.pk}").status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_api_creates_lists_and_revokes_tokens():
    api = ApiClient(make_user())
    created = api.post("/tokens", {"name": "nightly export"})
    assert created.status_code == 201
    body = created.json()
    assert body["key"].startswith("hw_")
    assert body["name"] == "nightly export"
    listed = api.get("/tokens").json()
    assert listed["count"] == 2
    assert all("key" not in item for item in listed["items"])
    assert api.delete(f"/tokens/{body['id']}").status_code == 204
    assert ApiClient(key=body["key"]).get("/me").status_code == 401


@pytest.mark.parametrize(
    "header",
    ["Bearer hw_not-a-real-token", "Bearer something-else", "Token hw_abc", "Bearer "],
)
def test_a_wrong_token_gets_a_json_401_and_no_data(header):
    make_user()
    response = ApiClient().get("/me", Authorization=header)
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert "message" in response.json()


def test_a_disabled_accounts_tokens_stop_working():
    user = make_user()
    api = ApiClient(user)
    user.is_active = False
    user.save()
    assert api.get("/me").status_code == 401
