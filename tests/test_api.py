"""The API's contract: a valid OpenAPI 3 document, one error format, pagination everywhere."""

from __future__ import annotations

import pytest
from django.test import Client
from openapi_spec_validator import validate

from tests.conftest import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema() -> dict:
    return Client().get("/api/v1/openapi.json").json()


def test_the_openapi_document_is_valid_openapi_3(schema):
    assert schema["openapi"].startswith("3.")
    validate(schema)


def test_every_list_endpoint_paginates(schema):
    lists = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation["responses"].get("200", {}).get("content", {})
            body = content.get("application/json", {}).get("schema", {})
            assert body.get("type") != "array", f"{method.upper()} {path} returns a bare list"
            if "$ref" in body and body["$ref"].split("/")[-1].startswith("Paged"):
                names = {parameter["name"] for parameter in operation.get("parameters", [])}
                assert {"page", "page_size"} <= names, f"{method.upper()} {path}"
                lists.append(path)
    assert len(lists) >= 4


def test_every_operation_needs_authentication(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("security"), f"{method.upper()} {path} is open to anyone"


def test_the_interactive_docs_load_only_local_assets():
    page = Client().get("/api/v1/docs").content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


def test_an_unknown_path_is_a_json_404():
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_body_that_is_not_json_gets_a_json_error_and_changes_nothing(stranger):
    api = ApiClient(stranger)
    response = api.client.patch(
        "/api/v1/me",
        data="{not json",
        content_type="application/json",
        headers={"Authorization": f"Bearer {api.key}"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"
    assert "Content-Type: application/json" in response.json()["message"]
    stranger.refresh_from_db()
    assert stranger.full_name == "Test Person"


def test_an_unknown_field_in_my_preferences_is_refused_and_nothing_changes(stranger):
    response = ApiClient(stranger).patch("/me", {"language": "en", "is_staff": True})
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.is_staff"
    stranger.refresh_from_db()
    assert not stranger.is_staff


def test_a_bad_time_zone_in_my_preferences_is_located(stranger):
    response = ApiClient(stranger).patch("/me", {"time_zone": "Mars/Olympus"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["location"] == "body.time_zone"
    assert "IANA" in response.json()["message"]


def test_errors_are_written_in_the_callers_language(stranger):
    response = ApiClient().get("/me", **{"Accept-Language": "zh-CN"})
    assert response.json()["code"] == "unauthenticated"
    assert any("\u4e00" <= char <= "\u9fff" for char in response.json()["message"])


def test_a_session_cannot_change_anything_without_the_csrf_token(stranger):
    client = Client(enforce_csrf_checks=True)
    client.force_login(stranger)
    response = client.patch("/api/v1/me", data='{"full_name": "x"}', content_type="application/json")
    assert response.status_code in {401, 403}
    assert "code" in response.json()
    stranger.refresh_from_db()
    assert stranger.full_name != "x"


def test_health_check_reports_the_database():
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
