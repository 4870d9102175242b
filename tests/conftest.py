"""Shared personas and clients.

Each persona is a person with one role, built by a plain ``make_*`` helper:

- operator      — runs the platform for the government-supported service centre; sees everything
- incubator     — a manager at a Shanghai incubator (carrier staff)
- founder       — the founder of an overseas startup (enterprise member), reads English, lives in Berlin
- investor      — a partner at an RMB fund (investor member)
- talent        — an overseas engineer, no organisation
- stranger      — signed up, holds no role at all
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import pytest
from django.test import Client

from hatchway.accounts.actions import do_create_api_token
from hatchway.accounts.models import User
from hatchway.directory.actions import do_create_organisation, do_grant_role
from hatchway.directory.models import Organisation, OrganisationKind, Role

PASSWORD = "correct-horse-battery-staple"
_sequence = itertools.count(1)


def make_user(email: str | None = None, **fields: Any) -> User:
    fields.setdefault("full_name", "Test Person")
    return User.objects.create_user(email or f"person{next(_sequence)}@example.org", PASSWORD, **fields)


def make_organisation(kind: str = OrganisationKind.ENTERPRISE, **fields: Any) -> Organisation:
    number = next(_sequence)
    fields.setdefault("name_en", f"Organisation {number}")
    fields.setdefault("name_zh", f"机构{number}")
    return do_create_organisation(kind=kind, **fields)


def make_member(role: str, kind: str | None, email: str | None = None, **fields: Any) -> User:
    user = make_user(email, **fields)
    organisation = make_organisation(kind) if kind else None
    do_grant_role(user, role, organisation)
    return user


def make_operator(**fields: Any) -> User:
    return make_member(Role.OPERATOR, OrganisationKind.PLATFORM, "operator@example.org", **fields)


_DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Any:
    """A test that reaches the database must say so (a ``django_db`` mark or a fixture that needs ``db``).

    pytest-django orders tests by what they declare: database tests first, then transactional ones (the
    browser tests among them), then the rest. A test that gets the database only through
    ``request.getfixturevalue`` is filed with the rest and runs after the browser has started; while
    Playwright's event loop runs, Django keeps this thread's connection in a separate store, and that
    connection is left open when the test database is dropped ("being accessed by other users").
    """
    result = yield
    from django.db import connections

    declared = item.get_closest_marker("django_db") is not None or bool(
        _DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )
    if not declared and connections["default"].in_atomic_block:
        pytest.fail(
            f"{item.nodeid} used the database without declaring it: add the db fixture to its arguments "
            "or mark it with @pytest.mark.django_db.",
            pytrace=False,
        )
    return result


@pytest.fixture(autouse=True)
def _taxonomies_present(request: pytest.FixtureRequest) -> None:
    """Sectors and stages come from a data migration; a transactional test's flush empties them for
    every test after it on the same worker, so put them back (one cheap query when they are there)."""
    uses_database = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if not uses_database:
        return
    request.getfixturevalue("_django_db_helper")
    from hatchway.directory.actions import do_load_taxonomies
    from hatchway.directory.models import Sector

    if not Sector.objects.exists():
        do_load_taxonomies()


@pytest.fixture(autouse=True)
def _media_in_a_temporary_folder(settings, tmp_path) -> None:
    """Uploaded files of a test go to its own temporary folder, never under var/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def operator(db: None) -> User:
    return make_operator()


@pytest.fixture
def incubator(db: None) -> User:
    return make_member(Role.CARRIER_STAFF, OrganisationKind.CARRIER, "incubator@example.org")


@pytest.fixture
def founder(db: None) -> User:
    return make_member(
        Role.ENTERPRISE_MEMBER,
        OrganisationKind.ENTERPRISE,
        "founder@example.de",
        language="en",
        time_zone="Europe/Berlin",
    )


@pytest.fixture
def investor(db: None) -> User:
    return make_member(Role.INVESTOR_MEMBER, OrganisationKind.INVESTOR, "investor@example.org")


@pytest.fixture
def talent(db: None) -> User:
    return make_member(Role.TALENT, None, "talent@example.org", language="en")


@pytest.fixture
def stranger(db: None) -> User:
    return make_user("stranger@example.org", language="en")


class ApiClient:
    """Calls /api/v1/ with a bearer token, as an outside program would."""

    def __init__(self, user: User | None = None, key: str | None = None) -> None:
        self.client = Client()
        self.key = key or (do_create_api_token(user, name="tests").key if user else None)

    def request(self, method: str, path: str, body: Any = None, **headers: str) -> Any:
        if self.key:
            headers.setdefault("Authorization", f"Bearer {self.key}")
        data = json.dumps(body) if body is not None else None
        return getattr(self.client, method)(
            "/api/v1" + path, data=data, content_type="application/json", headers=headers
        )

    def get(self, path: str, **headers: str) -> Any:
        return self.request("get", path, **headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.request("post", path, body, **headers)

    def patch(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.request("patch", path, body, **headers)

    def put(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.request("put", path, body, **headers)

    def delete(self, path: str, **headers: str) -> Any:
        return self.request("delete", path, **headers)


@pytest.fixture
def api_as():
    return ApiClient


@pytest.fixture
def client_as():
    def sign_in(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return sign_in
